'use client';
// In the publish dialog of a rule set or flow: what the draft would change, replayed on the server
// (engine/impact) over the last 30 days of decisions at the steps it affects, with a progress bar
// while it runs. It informs; publishing never waits for it. The history shows the same figures.
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { ImpactChange, ImpactFigures, ImpactOutcome, ImpactSide } from '../../engine/impact';
import { messageOf } from '../../lib/form-errors';
import { useTRPC } from '../../lib/trpc';
import { assigneeText } from '../ui';
import './publish-impact.css';

/** The changed decisions listed in the dialog (the figures count them all). */
const LISTED = 50;

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const minutes = (m: number | null) => (m === null ? '—' : `${m.toFixed(1)} min`);
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

function outcomeText(o: ImpactOutcome): string {
  if (o.outcome === 'absent') return 'no such step';
  const rule = o.rule ? `“${o.rule}”` : 'no rule';
  return o.outcome === 'auto' ? `${rule} → ${assigneeText(o.assignee)}` : `queue (${rule})`;
}

/**
 * The figures kept with each published version of a rule set or flow, by version id; read again
 * when a new version (`latestId`) may have brought its own.
 */
export function useVersionImpacts(kind: 'rule_set' | 'flow', id: string, latestId: string | undefined): Map<string, ImpactFigures> {
  const trpc = useTRPC();
  const options = { refetchOnWindowFocus: false };
  const rules = useQuery(trpc.rules.versionImpacts.queryOptions({ id }, { ...options, enabled: kind === 'rule_set' }));
  const flows = useQuery(trpc.flows.versionImpacts.queryOptions({ id }, { ...options, enabled: kind === 'flow' }));
  const query = kind === 'rule_set' ? rules : flows;
  const { refetch } = query;
  useEffect(() => {
    if (latestId) void refetch();
  }, [latestId, refetch]);
  return new Map((query.data ?? []).map((i) => [i.versionId, i.figures]));
}

/** One line of figures, for a version's history. */
export function ImpactFigureLine({ figures }: { figures: ImpactFigures }) {
  return (
    <span className="vi-line">
      Replayed {plural(figures.decisions, 'decision')}: {plural(figures.changed, 'change')} ({plural(figures.changedOrders, 'order')}); auto-dispatch{' '}
      {percent(figures.before.autoRate)} → {percent(figures.after.autoRate)}; mean travel {minutes(figures.before.meanTravelMinutes)} →{' '}
      {minutes(figures.after.meanTravelMinutes)}
    </span>
  );
}

function SideRows({ before, after }: { before: ImpactSide; after: ImpactSide }) {
  const rows: [string, string, string][] = [
    ['Auto-dispatch rate', percent(before.autoRate), percent(after.autoRate)],
    ['Auto-assigned', before.auto.toLocaleString(), after.auto.toLocaleString()],
    ['To a queue', before.manual.toLocaleString(), after.manual.toLocaleString()],
    ['Mean travel time (engineers)', minutes(before.meanTravelMinutes), minutes(after.meanTravelMinutes)],
  ];
  return (
    <table className="vi-table" aria-label="Before and after">
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">Now</th>
          <th scope="col">With the draft</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, b, a]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{b}</td>
            <td className={a !== b ? 'vi-moved' : undefined}>{a}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ChangeList({ changes, total }: { changes: ImpactChange[]; total: number }) {
  return (
    <>
      <ul className="vi-changes" aria-label="Changed decisions">
        {changes.slice(0, LISTED).map((c) => (
          <li key={`${c.orderId}:${c.nodeId}`}>
            <Link href={`/orders/${c.orderId}`}>{c.number}</Link> <span className="muted small">{c.title} · {c.node}</span>
            <div className="vi-fromto">
              <span className="vi-from">{outcomeText(c.before)}</span> <span aria-label="becomes">⟶</span> <span className="vi-to">{outcomeText(c.after)}</span>
            </div>
          </li>
        ))}
      </ul>
      {total > Math.min(LISTED, changes.length) && <p className="muted small">… and {plural(total - Math.min(LISTED, changes.length), 'more change')}.</p>}
    </>
  );
}

/**
 * Starts the replay of the subject's draft once `prepare` (saving what the editor holds) is done,
 * follows it, and hands the finished replay's id to `onDone` so the publish keeps it with the version.
 */
export function PublishImpact({
  kind,
  id,
  prepare,
  onDone,
}: {
  kind: 'rule_set' | 'flow';
  id: string;
  prepare: () => Promise<unknown>;
  onDone: (impactId: string | null) => void;
}) {
  const trpc = useTRPC();
  const start = useMutation(kind === 'rule_set' ? trpc.rules.impactStart.mutationOptions() : trpc.flows.impactStart.mutationOptions());
  const [impactId, setImpactId] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const started = useRef(false);
  const progressOptions = { enabled: impactId !== null, refetchInterval: (q: { state: { data?: { status: string } } }) => (q.state.data?.status === 'running' ? 250 : false) };
  const rulesProgress = useQuery(trpc.rules.impactProgress.queryOptions({ impactId: impactId ?? '' }, { ...progressOptions, enabled: kind === 'rule_set' && impactId !== null }));
  const flowsProgress = useQuery(trpc.flows.impactProgress.queryOptions({ impactId: impactId ?? '' }, { ...progressOptions, enabled: kind === 'flow' && impactId !== null }));
  const progress = kind === 'rule_set' ? rulesProgress : flowsProgress;
  const data = progress.data;

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      try {
        await prepare();
        const run = await start.mutateAsync({ id });
        setImpactId(run.id);
      } catch (e) {
        setStartError(messageOf(e));
      }
    })();
  }, [id, prepare, start]);

  const status = data?.status;
  useEffect(() => {
    if (status === 'done') onDone(data!.id);
    else if (status === 'failed') onDone(null);
  }, [status, data, onDone]);

  const error = startError ?? (status === 'failed' ? data?.error : null) ?? (progress.error ? messageOf(progress.error) : null);
  const total = data?.total ?? start.data?.total ?? 0;
  const done = data?.done ?? 0;
  const figures = data?.figures ?? null;
  return (
    <section className="vi-impact" aria-label="What this change would do">
      <h3 className="vi-title">What this change would do</h3>
      {error ? (
        <p role="alert" className="error">
          The replay could not finish: {error}. You can still publish.
        </p>
      ) : (
        <>
          <div className="vi-progress">
            <progress aria-label="Replaying decisions" max={Math.max(total, 1)} value={status === 'done' ? Math.max(total, 1) : done} />
            <span className="muted small" aria-live="polite">
              {impactId === null ? 'Starting the replay…' : `Replayed ${done.toLocaleString()} of ${plural(total, 'decision')} from the last 30 days`}
            </span>
          </div>
          {figures && (
            <div role="status" aria-label="Impact summary" className="vi-summary">
              <p>
                {figures.changed === 0 ? (
                  <strong>No decision would change.</strong>
                ) : (
                  <strong>
                    {plural(figures.changed, 'decision')} of {figures.decisions.toLocaleString()} would change ({plural(figures.changedOrders, 'order')}).
                  </strong>
                )}{' '}
                <span className="muted small">
                  {figures.baseVersion ? `Against the published version ${figures.baseVersion}` : 'Nothing published yet'}; the same orders, times and
                  directory on both sides, each auto-assignment applied before the next.
                </span>
              </p>
              <SideRows before={figures.before} after={figures.after} />
              {data?.changes && data.changes.length > 0 && <ChangeList changes={data.changes} total={figures.changed} />}
            </div>
          )}
        </>
      )}
    </section>
  );
}

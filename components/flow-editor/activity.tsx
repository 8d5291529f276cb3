'use client';
// The Activity overlay: a published version's traffic (flows.activity) painted on the canvas. The
// figures come from the server in one call; this module picks the period, turns them into what the
// node cards and edges show, and links a node to its orders.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { createContext, useContext, useId, useMemo, useState } from 'react';
import type { FlowActivity, NodeActivity } from '../../engine/flows';
import { useTRPC } from '../../lib/trpc';
import { formatDateTime } from '../ui';
import './activity.css';

export type PeriodPreset = '24h' | '7d' | '30d' | 'custom';
export const PERIOD_LABELS: Record<PeriodPreset, string> = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days', custom: 'Custom…' };
const PRESET_MS: Record<Exclude<PeriodPreset, 'custom'>, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

export interface Period {
  preset: PeriodPreset;
  /** datetime-local values of a custom period. */
  from: string;
  to: string;
}

/** The period's bounds; a preset ends at the minute after `now`, so a refetch within the minute is the same query. */
export function periodRange(p: Period, now: number): { from: Date; to: Date } | null {
  if (p.preset !== 'custom') {
    const to = Math.ceil(now / 60_000) * 60_000;
    return { from: new Date(to - PRESET_MS[p.preset]), to: new Date(to) };
  }
  const from = new Date(p.from);
  const to = new Date(p.to);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) return null;
  return { from, to };
}

/** A wait in words: "45 s", "12 min", "3.5 h", "2.1 d". */
export function formatWait(ms: number | null): string {
  if (ms === null) return '—';
  const s = ms / 1000;
  if (s < 90) return `${Math.round(s)} s`;
  const m = s / 60;
  if (m < 90) return `${Math.round(m)} min`;
  const h = m / 60;
  if (h < 36) return `${h < 10 ? h.toFixed(1) : Math.round(h)} h`;
  return `${(h / 24).toFixed(1)} d`;
}

export const formatShare = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** Stroke width by volume: 1.5 px for none, up to 9 px for the busiest edge (square root, so small flows stay visible). */
export const strokeFor = (count: number, max: number) => (max > 0 ? 1.5 + 7.5 * Math.sqrt(count / max) : 1.5);

export const LOOP_LABELS = { declined: 'declined', rejected: 'rejected', returned: 'sent back' } as const;

/** What a node card shows when Activity is on. */
export interface NodeFigures extends NodeActivity {
  /** The orders list of this node and period. */
  href: string;
  waitingHref: string;
  dispatch: boolean;
}

export interface ActivityView {
  figures: FlowActivity;
  nodeHref(nodeId: string, waiting?: boolean): string;
}

const ActivityContext = createContext<ActivityView | null>(null);
export const ActivityProvider = ActivityContext.Provider;
/** The overlay's figures, or null while Activity is off. */
export const useActivity = () => useContext(ActivityContext);

export function ordersHref(a: Pick<FlowActivity, 'flowId' | 'version' | 'from' | 'to'>, nodeId: string, waiting = false) {
  const q = new URLSearchParams({ flow: a.flowId, version: String(a.version), node: nodeId, from: new Date(a.from).toISOString(), to: new Date(a.to).toISOString() });
  if (waiting) q.set('waiting', '1');
  return `/orders?${q}`;
}

/** The figures of a version while `on`, for the chosen period. */
export function useFlowActivity(flowId: string, version: number | null, on: boolean, period: Period) {
  const trpc = useTRPC();
  // The preset's window moves with the clock only when asked again (the query refetches every minute).
  const [now, setNow] = useState(() => Date.now());
  const range = useMemo(() => periodRange(period, now), [period, now]);
  const q = useQuery({
    ...trpc.flows.activity.queryOptions(
      { flowId, version: version ?? undefined, from: range?.from ?? new Date(0), to: range?.to ?? new Date(1) },
      { enabled: on && version !== null && range !== null, staleTime: 30_000, refetchInterval: 60_000 },
    ),
  });
  const view = useMemo<ActivityView | null>(
    () => (on && q.data ? { figures: q.data, nodeHref: (id, waiting) => ordersHref(q.data, id, waiting) } : null),
    [on, q.data],
  );
  return { view, range, loading: on && q.isFetching, error: q.error, refresh: () => setNow(Date.now()) };
}

/** The toolbar's part: the Activity switch, the period and, for a custom period, its bounds. */
export function ActivityControls({
  on,
  onToggle,
  period,
  onPeriod,
  loading,
  error,
  orders,
}: {
  on: boolean;
  onToggle(next: boolean): void;
  period: Period;
  onPeriod(p: Period): void;
  loading: boolean;
  error: string | null;
  orders: number | null;
}) {
  const id = useId();
  return (
    <div className="fe-activity-controls" role="group" aria-label="Activity">
      <button type="button" role="switch" aria-checked={on} className={`button fe-activity-switch${on ? ' on' : ''}`} onClick={() => onToggle(!on)}>
        <span className="fe-switch-track" aria-hidden="true">
          <span className="fe-switch-thumb" />
        </span>
        Activity
      </button>
      {on && (
        <>
          <label className="sr-only" htmlFor={`${id}-period`}>
            Period
          </label>
          <select id={`${id}-period`} value={period.preset} onChange={(e) => onPeriod({ ...period, preset: e.target.value as PeriodPreset })}>
            {(Object.keys(PERIOD_LABELS) as PeriodPreset[]).map((p) => (
              <option key={p} value={p}>
                {PERIOD_LABELS[p]}
              </option>
            ))}
          </select>
          {period.preset === 'custom' && (
            <>
              <label className="fe-activity-date">
                <span>From</span>
                <input type="datetime-local" value={period.from} onChange={(e) => onPeriod({ ...period, from: e.target.value })} />
              </label>
              <label className="fe-activity-date">
                <span>To</span>
                <input type="datetime-local" value={period.to} onChange={(e) => onPeriod({ ...period, to: e.target.value })} />
              </label>
            </>
          )}
          <span className="muted small" role="status" aria-live="polite">
            {error ? `Could not load the activity: ${error}` : loading && orders === null ? 'Loading activity…' : orders !== null ? `${orders.toLocaleString()} orders moved in the period` : ''}
          </span>
        </>
      )}
    </div>
  );
}

/** The badge group on a node card: every figure as text, the counts linking to the orders behind them. */
export function NodeFiguresBadges({ label, f }: { label: string; f: NodeFigures }) {
  return (
    <div className="fe-act nodrag" role="group" aria-label={`Activity at ${label}`} data-testid="node-activity">
      <Link className="fe-act-b waiting" href={f.waitingHref} title="Orders at this step now">
        <b>{f.waiting.toLocaleString()}</b> waiting
      </Link>
      <Link className="fe-act-b passed" href={f.href} title="Orders that entered this step in the period">
        <b>{f.passed.toLocaleString()}</b> passed
      </Link>
      {f.dispatch && (
        <span className="fe-act-b auto" title={`${f.auto} by a rule, ${f.manual} by hand`}>
          <b>{formatShare(f.autoShare)}</b> auto
        </span>
      )}
      <span className="fe-act-b wait" title="Median time from entering this step to leaving it">
        <b>{formatWait(f.medianWaitMs)}</b> median wait
      </span>
      <span className={`fe-act-b breaches${f.breaches ? ' bad' : ''}`} title="Orders that missed an SLA target at this step in the period">
        <b>{f.breaches.toLocaleString()}</b> SLA {f.breaches === 1 ? 'breach' : 'breaches'}
      </span>
    </div>
  );
}

/** What the marks mean, in the canvas's corner. */
export function ActivityLegend({ figures }: { figures: FlowActivity }) {
  const max = Math.max(0, ...figures.edges.map((e) => e.count));
  return (
    <aside className="fe-activity-legend" aria-label="Activity legend">
      <strong>
        Activity · version {figures.version} · {formatDateTime(figures.from)} – {formatDateTime(figures.to)}
      </strong>
      <ul>
        <li>
          <span className="fe-act-b waiting">
            <b>n</b> waiting
          </span>{' '}
          at the step now · <span className="fe-act-b passed"><b>n</b> passed</span> entered it in the period
        </li>
        <li>
          <b>auto</b>: share decided by a rule · <b>median wait</b>: entering to leaving · <b>SLA breaches</b> at the step in the period
        </li>
        <li>
          <svg width="46" height="12" aria-hidden="true">
            <line x1="2" y1="6" x2="44" y2="6" stroke="#1f5fbf" strokeWidth={strokeFor(max, max)} />
          </svg>{' '}
          line thickness by orders ({max.toLocaleString()} on the busiest edge), count on each line
        </li>
        <li>
          <svg width="46" height="12" aria-hidden="true">
            <line x1="2" y1="6" x2="44" y2="6" stroke="#d92d20" strokeWidth={2} strokeDasharray="6 4" />
          </svg>{' '}
          declines and rejects: back along the order&apos;s path
        </li>
        <li>Click a step for its orders.</li>
      </ul>
    </aside>
  );
}

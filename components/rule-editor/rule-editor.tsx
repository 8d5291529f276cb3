'use client';
// The rule editor: Monaco with the rules language (checked in the browser as you type), an
// outline and a problems list that move the cursor, and panels to test, backtest, compare and
// publish. The server checks again on save and publish; the browser's check is for speed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { createDirectory, type CompletionOptions, type Diagnostic } from '../../dsl';
import { messageOf } from '../../lib/form-errors';
import { useTRPC } from '../../lib/trpc';
import { FormDialog, StatusLine, formatDateTime, useStatus } from '../ui';
import { PublishImpact } from '../versioned';
import { BacktestPanel } from './backtest-panel';
import type { CodeEditorApi } from './code-editor';
import { countBySeverity, outlineOf, ruleAt } from './outline';
import { TestPanel } from './test-panel';
import type { DirectoryNames, FlowNodes, RuleSetDetail } from './types';
import { DiffView, VersionsPanel } from './versions-panel';
import { ArrowLeft } from 'lucide-react';

// Monaco touches `window` as it loads: browser only, never rendered on the server.
const CodeEditor = dynamic(() => import('./code-editor'), {
  ssr: false,
  loading: () => <p className="muted re-loading">Loading the editor…</p>,
});

/** The names the checker and completion need, as a directory (no locations or loads: not needed to check). */
function editorOptions(names: DirectoryNames | undefined, flows: FlowNodes): CompletionOptions {
  // `at` names are checked against the node ids of the published flows, once there are any.
  const flowNodes = flows.length ? flows.flatMap((f) => f.nodes.map((n) => ({ id: n.id, kind: n.kind }))) : undefined;
  if (!names) return { flowNodes };
  return {
    flowNodes,
    customFields: names.customFields,
    directory: createDirectory({
      serviceGroups: names.serviceGroups.map((g) => ({ id: g.id, name: g.name, kind: g.kind, members: [], active: g.active })),
      providers: names.providers.map((p) => ({ id: p.id, name: p.name, tenantId: '', tenantName: '', regions: [], skills: [], openOrders: 0, capacity: 0, rating: 0, active: p.active })),
      engineers: names.engineers.map((e) => ({
        id: e.id,
        name: e.name,
        providerId: e.providerId,
        skills: [],
        status: 'available',
        location: null,
        region: '',
        openOrders: 0,
        capacity: 0,
        rating: 0,
        active: e.active,
      })),
    }),
  };
}

export function RuleEditor({ ruleSetId }: { ruleSetId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.rules.get.queryOptions({ id: ruleSetId }, { refetchOnWindowFocus: false }));
  const names = useQuery(trpc.rules.directoryNames.queryOptions(undefined, { staleTime: 5 * 60_000, refetchOnWindowFocus: false }));
  const flows = useQuery(trpc.rules.flowNodes.queryOptions(undefined, { refetchOnWindowFocus: false }));
  if (detail.error) return <p role="alert" className="error">Could not load the rule set: {detail.error.message}</p>;
  if (!detail.data) return <p className="muted">Loading the rule set…</p>;
  return <LoadedEditor detail={detail.data} names={names.data} flows={flows.data ?? []} />;
}

type Tab = 'test' | 'backtest' | 'versions';
const TABS: { id: Tab; label: string }[] = [
  { id: 'test', label: 'Test' },
  { id: 'backtest', label: 'Backtest' },
  { id: 'versions', label: 'Versions' },
];

function LoadedEditor({ detail, names, flows }: { detail: RuleSetDetail; names: DirectoryNames | undefined; flows: FlowNodes }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { ruleSet, versions } = detail;
  const api = useRef<CodeEditorApi | null>(null);
  const [savedText, setSavedText] = useState(ruleSet.draftSource);
  // The text as last checked (a moment after typing stops): what the outline, problems and diff show.
  const [text, setText] = useState(ruleSet.draftSource);
  const [dirtyNow, setDirtyNow] = useState(false);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [tab, setTab] = useState<Tab>('test');
  const [publishing, setPublishing] = useState(false);
  // The replay of the draft the publish dialog started, once finished: kept with the version.
  const [impactId, setImpactId] = useState<string | null>(null);
  const { status, announce } = useStatus();
  const options = useMemo(() => editorOptions(names, flows), [names, flows]);
  const outline = useMemo(() => outlineOf(text), [text]);
  const counts = countBySeverity(diagnostics);
  const published = versions[0] ?? null;
  const dirty = dirtyNow || text !== savedText;

  const save = useMutation(trpc.rules.saveDraft.mutationOptions());
  const publish = useMutation(trpc.rules.publish.mutationOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.rules.get.queryKey({ id: ruleSet.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.rules.list.queryKey() }),
    ]);

  const currentText = () => api.current?.getValue() ?? text;

  async function saveDraft(): Promise<boolean> {
    const source = currentText();
    try {
      const result = await save.mutateAsync({ id: ruleSet.id, source });
      setSavedText(source);
      setText(source);
      setDirtyNow(false);
      const c = countBySeverity(result.diagnostics);
      announce(`Draft saved${c.errors ? ` with ${c.errors} error${c.errors > 1 ? 's' : ''}` : ''}.`);
      void refresh();
      return true;
    } catch (e) {
      announce(`Could not save: ${messageOf(e)}`);
      return false;
    }
  }

  async function publishDraft() {
    if (currentText() !== savedText && !(await saveDraft())) return;
    publish.mutate(
      { id: ruleSet.id, impactId: impactId ?? undefined },
      {
        onSuccess: (v) => {
          setPublishing(false);
          announce(`Published version ${v.version}. Flows naming “${ruleSet.name}” run it from now on.${v.impactKept ? ' What it changes is kept in its history.' : ''}`);
          void refresh();
        },
      },
    );
  }

  // The replay is of the draft as stored: what the editor holds is saved first.
  async function saveForImpact() {
    if (currentText() !== savedText && !(await saveDraft())) throw new Error('the editor’s text could not be saved as the draft');
  }

  // Unsaved text is not lost by leaving the page unawares.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const jump = (line: number, column = 1) => api.current?.reveal(line, column);

  function onTabKey(e: KeyboardEvent<HTMLButtonElement>, i: number) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    setTab(next.id);
    document.getElementById(`re-tab-${next.id}`)?.focus();
  }

  const draftInfo = `Draft last saved by ${ruleSet.draftUpdatedByName ?? 'someone'} on ${formatDateTime(ruleSet.draftUpdatedAt)}.`;
  return (
    <div className="re-editor">
      <header className="re-header">
        <div className="re-title">
          <Link href="/rules" className="small">
            <ArrowLeft size={13} className="ds-icon" aria-hidden /> Rule sets
          </Link>
          <h1>{ruleSet.name}</h1>
          {published ? <span className="badge ok">Published v{published.version}</span> : <span className="badge">Draft, never published</span>}
          <span className={`re-save ${save.isPending ? 'saving' : dirty ? 'dirty' : 'saved'}`} aria-live="polite">
            {save.isPending ? 'Saving…' : dirty ? 'Unsaved changes' : 'Saved'}
          </span>
        </div>
        <div className="re-actions">
          <button
            type="button"
            className="button"
            onClick={() => {
              if (api.current && !api.current.format()) announce('The text does not parse yet: fix the syntax errors, then format.');
            }}
          >
            Format document
          </button>
          <button type="button" className="button" onClick={() => void saveDraft()} disabled={save.isPending}>
            Save draft
          </button>
          <button
            type="button"
            className="button primary"
            onClick={() => {
              publish.reset();
              setImpactId(null);
              setPublishing(true);
            }}
            disabled={counts.errors > 0}
            aria-describedby="re-publish-note"
          >
            Publish…
          </button>
        </div>
      </header>
      <p id="re-publish-note" className={`re-publish-note ${counts.errors ? 'refused' : ''}`}>
        {counts.errors
          ? `Publishing is refused while ${counts.errors} error${counts.errors > 1 ? 's' : ''} remain${counts.errors > 1 ? '' : 's'}.`
          : published && text === published.source
            ? `The editor matches the published v${published.version}.`
            : 'Ready to publish; the server checks the rules again.'}
      </p>
      <StatusLine text={status} />
      <div className="re-body">
        <nav className="re-outline" aria-label="Outline">
          <h2 className="re-section-title">Outline</h2>
          {outline.length === 0 ? (
            <p className="muted small">No rules yet.</p>
          ) : (
            <ul>
              {outline.map((r) => (
                <li key={`${r.line}:${r.name}`}>
                  <button type="button" className="re-outline-item" onClick={() => jump(r.line, r.column)} aria-label={`Go to rule ${r.name}, line ${r.line}`}>
                    <span className={`re-rule-name ${r.disabled ? 'disabled' : ''}`}>{r.name}</span>
                    <span className="muted small">
                      {r.target ? `${r.target}` : '…'}
                      {r.priority !== null ? ` · p${r.priority}` : ''}
                      {r.disabled ? ' · disabled' : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <div className="re-main">
          <div className="re-code">
            <CodeEditor
              modelPath={`rules/${ruleSet.id}.rules`}
              defaultValue={ruleSet.draftSource}
              options={options}
              onChange={() => setDirtyNow(true)}
              onDiagnostics={(list, checked) => {
                setDiagnostics(list);
                setText(checked);
                setDirtyNow(false);
              }}
              onSave={() => void saveDraft()}
              onReady={(a) => {
                api.current = a;
              }}
            />
          </div>
          <section className="re-problems" aria-label="Problems">
            <h2 className="re-section-title">
              Problems{' '}
              <span className={`badge ${counts.errors ? 'danger' : counts.warnings ? 'warn' : 'ok'}`}>
                {counts.errors} error{counts.errors === 1 ? '' : 's'}, {counts.warnings} warning{counts.warnings === 1 ? '' : 's'}
              </span>
            </h2>
            {diagnostics.length === 0 ? (
              <p className="muted small">No problems.</p>
            ) : (
              <ul>
                {diagnostics.map((d, i) => {
                  const rule = ruleAt(outline, d.range.start.line);
                  return (
                    <li key={i}>
                      <button
                        type="button"
                        className={`re-problem ${d.severity}`}
                        onClick={() => jump(d.range.start.line, d.range.start.column)}
                        aria-label={`${d.severity === 'error' ? 'Error' : 'Warning'} on line ${d.range.start.line}, column ${d.range.start.column}: ${d.message} (${d.code})`}
                      >
                        <span className="re-problem-where">
                          {d.severity === 'error' ? 'Error' : 'Warning'} · line {d.range.start.line}:{d.range.start.column}
                          {rule ? ` · ${rule.name}` : ''}
                        </span>
                        <span className="re-problem-message">{d.message}</span>
                        <code className="re-problem-code">{d.code}</code>
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </div>
      </div>
      <div className="tabs re-tabs" role="tablist" aria-label="Try and publish">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            id={`re-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`re-tabpanel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="re-tabpanel-test" role="tabpanel" aria-labelledby="re-tab-test" hidden={tab !== 'test'}>
        <TestPanel ruleSetName={ruleSet.name} flows={flows} getSource={currentText} onJumpToLine={(l) => jump(l)} />
      </div>
      <div id="re-tabpanel-backtest" role="tabpanel" aria-labelledby="re-tab-backtest" hidden={tab !== 'backtest'}>
        <BacktestPanel ruleSetName={ruleSet.name} flows={flows} getSource={currentText} />
      </div>
      <div id="re-tabpanel-versions" role="tabpanel" aria-labelledby="re-tab-versions" hidden={tab !== 'versions'}>
        <VersionsPanel
          ruleSetId={ruleSet.id}
          versions={versions}
          editorText={text}
          savedText={savedText}
          draftInfo={draftInfo}
          onLoad={(v) => {
            api.current?.setValue(v.source);
            announce(`Loaded v${v.version} into the editor. Save the draft to keep it.`);
          }}
        />
      </div>
      {publishing && (
        <FormDialog
          title={`Publish ${ruleSet.name} as v${(published?.version ?? 0) + 1}`}
          submitLabel={`Publish v${(published?.version ?? 0) + 1}`}
          pending={publish.isPending || save.isPending}
          formError={publish.error ? `The server refused to publish: ${messageOf(publish.error)}` : null}
          onClose={() => setPublishing(false)}
          onSubmit={() => void publishDraft()}
        >
          <p>
            {dirty ? 'The editor’s text is saved as the draft, then published. ' : ''}Flows whose nodes name “{ruleSet.name}” use the new version for the next
            decisions.
          </p>
          <PublishImpact kind="rule_set" id={ruleSet.id} prepare={saveForImpact} onDone={setImpactId} />
          {counts.warnings > 0 && (
            <p className="muted">
              {counts.warnings} warning{counts.warnings > 1 ? 's' : ''} remain{counts.warnings > 1 ? '' : 's'}; warnings do not stop publishing.
            </p>
          )}
          <DiffView oldText={published?.source ?? ''} newText={text} label={published ? `changes against v${published.version}` : 'all new'} />
        </FormDialog>
      )}
    </div>
  );
}

'use client';
// The flow designer: palette, canvas, properties, problems and versions around one editor store.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CustomFieldDef, FieldType, NodeKind } from '../../dsl';
import { validateFlow, type FlowGraph, type FlowProblem } from '../../engine/flow';
import { messageOf } from '../../lib/form-errors';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { ActivityControls, ActivityLegend, ActivityProvider, useFlowActivity, type Period } from './activity';
import { FlowCanvas } from './canvas';
import { diffFlows } from './diff';
import { kindLabel } from './kinds';
import { NODE_HEIGHT, NODE_WIDTH, layoutPositions } from './layout';
import { Palette } from './palette';
import { ProblemsList } from './problems-list';
import { PropertiesPanel } from './properties-panel';
import { PublishDialog } from './publish-dialog';
import { EditorStoreProvider, useEditor, useEditorStoreApi, type EditorState } from './store';
import { edgeIds, positionOf, type XY } from './to-graph';
import { VersionsPanel, type VersionRow } from './versions-panel';
import { download } from './download';
import { ArrowLeft } from 'lucide-react';

/** A custom period starts as the last 7 days, in the browser's zone (datetime-local values). */
function defaultPeriod(): Period {
  const local = (ms: number) => {
    const d = new Date(ms);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  };
  return { preset: '24h', from: local(Date.now() - 7 * 86_400_000), to: local(Date.now()) };
}

export function FlowEditor({ flowId, version, activity = false }: { flowId: string; version: number | null; activity?: boolean }) {
  const trpc = useTRPC();
  const flowQ = useQuery(trpc.flows.get.queryOptions({ id: flowId }, { staleTime: 0, refetchOnMount: 'always' }));
  const versionQ = useQuery(trpc.flows.version.queryOptions({ id: flowId, version: version ?? 1 }, { enabled: version !== null }));
  const rulesQ = useQuery(trpc.rules.list.queryOptions());
  const fieldsQ = useQuery(trpc.directory.customFields.list.queryOptions());
  // The draft is read once when the editor opens; from then on the editor's copy is the truth.
  const [draft, setDraft] = useState<FlowGraph | null>(null);
  if (version === null && !draft && flowQ.data && !flowQ.isFetching) setDraft(flowQ.data.flow.draft as FlowGraph);

  const ruleSetNames = useMemo(() => (rulesQ.data ?? []).filter((r) => r.latestVersion !== null).map((r) => r.name), [rulesQ.data]);
  const customFields = useMemo<CustomFieldDef[]>(
    () => (fieldsQ.data ?? []).filter((f) => f.active).map((f) => ({ name: f.name, type: (f.type === 'enum' ? { enum: f.options } : f.type) as FieldType })),
    [fieldsQ.data],
  );

  const error = flowQ.error ?? versionQ.error ?? rulesQ.error ?? fieldsQ.error;
  if (error) {
    return (
      <p role="alert" className="error">
        Could not open the flow: {error.message} <Link href="/flows">Back to flows</Link>
      </p>
    );
  }
  const graph = version !== null ? (versionQ.data?.graph as FlowGraph | undefined) : draft;
  if (!graph || !flowQ.data || !rulesQ.data || !fieldsQ.data) return <p className="muted">Loading the flow…</p>;
  return (
    <EditorStoreProvider graph={graph} readOnly={version !== null}>
      <ReactFlowProvider>
        <EditorBody
          flowId={flowId}
          name={flowQ.data.flow.name}
          versions={flowQ.data.versions as VersionRow[]}
          viewing={version}
          ruleSetNames={ruleSetNames}
          customFields={customFields}
          activityAtStart={activity}
        />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}

type SaveState = 'saved' | 'dirty' | 'saving' | 'error';
const SAVE_LABELS: Record<SaveState, string> = { saved: 'Saved', dirty: 'Unsaved changes', saving: 'Saving…', error: 'Save failed' };

const isTypingTarget = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** Moves a new node right until it overlaps none. */
function freeSpot(s: EditorState, p: XY): XY {
  const q = { ...p };
  for (let i = 0; i < 60; i++) {
    const hit = s.graph.nodes.some((n, j) => {
      const o = positionOf(n, j);
      const h = s.sizes[n.id]?.height ?? NODE_HEIGHT;
      return Math.abs(o.x - q.x) < NODE_WIDTH + 20 && q.y < o.y + h + 20 && o.y < q.y + NODE_HEIGHT + 20;
    });
    if (!hit) return q;
    q.x += NODE_WIDTH + 60;
  }
  return q;
}

function EditorBody({
  flowId,
  name,
  versions,
  viewing,
  ruleSetNames,
  customFields,
  activityAtStart,
}: {
  flowId: string;
  name: string;
  versions: VersionRow[];
  viewing: number | null;
  ruleSetNames: string[];
  customFields: CustomFieldDef[];
  activityAtStart: boolean;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();
  const api = useEditorStoreApi();
  const { screenToFlowPosition, setCenter, getZoom, getNode, fitView } = useReactFlow();
  const readOnly = useEditor((s) => s.readOnly);
  const problems = useEditor((s) => s.problems);
  const checking = useEditor((s) => s.checkedGraph !== s.graph);
  const notice = useEditor((s) => s.notice);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const canvasRef = useRef<HTMLDivElement>(null);
  const latest = versions[0]?.version ?? null;

  // Activity: a published version's traffic on the canvas (only a version has orders running on it).
  const [activityOn, setActivityOn] = useState(activityAtStart && viewing !== null);
  const [period, setPeriod] = useState<Period>(defaultPeriod);
  const activity = useFlowActivity(flowId, viewing, activityOn, period);


  // Autosave: the draft goes to the server 800 ms after the last change, saves one after another.
  const [save, setSave] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const g = api.getState().graph;
    setSave('saving');
    const run = chain.current.then(async () => {
      try {
        await client.flows.saveDraft.mutate({ id: flowId, graph: g });
        setSaveError(null);
        setSave(api.getState().graph === g ? 'saved' : 'dirty');
      } catch (e) {
        setSave('error');
        setSaveError(messageOf(e));
        throw e;
      }
    });
    chain.current = run.catch(() => undefined);
    return run;
  }, [api, client, flowId]);
  useEffect(() => {
    if (readOnly) return;
    const unsubscribe = api.subscribe((s, prev) => {
      if (s.graph === prev.graph) return;
      setSave('dirty');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush().catch(() => undefined), 800);
    });
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (timer.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      unsubscribe();
      window.removeEventListener('beforeunload', beforeUnload);
      // Leaving the page inside the debounce window still saves.
      if (timer.current) void flush().catch(() => undefined);
    };
  }, [api, flush, readOnly]);

  // Keyboard: undo, redo, copy, paste, select all; never while typing in a field.
  const pasteCount = useRef(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      if (document.querySelector('dialog[open]')) return;
      const s = api.getState();
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        s.undo();
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        s.redo();
      } else if (key === 'c' && s.selectedNodes.length) {
        e.preventDefault();
        const n = s.copy();
        pasteCount.current = 0;
        s.setNotice(`Copied ${n} node${n === 1 ? '' : 's'}`);
      } else if (key === 'v' && s.clipboard && !s.readOnly) {
        e.preventDefault();
        pasteCount.current += 1;
        s.paste({ x: 40 * pasteCount.current, y: 40 * pasteCount.current });
        s.setNotice(`Pasted ${s.clipboard.nodes.length} node${s.clipboard.nodes.length === 1 ? '' : 's'}`);
      } else if (key === 'a') {
        e.preventDefault();
        s.select(
          s.graph.nodes.map((n) => n.id),
          edgeIds(s.graph.edges),
        );
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api]);

  const addNode = useCallback((kind: NodeKind) => {
    const s = api.getState();
    const anchor = s.selectedNodes.length === 1 ? s.graph.nodes.find((n) => n.id === s.selectedNodes[0]) : undefined;
    let p: XY;
    if (anchor) {
      const a = positionOf(anchor, 0);
      p = { x: a.x, y: a.y + (s.sizes[anchor.id]?.height ?? NODE_HEIGHT) + 60 };
    } else {
      const rect = canvasRef.current?.getBoundingClientRect();
      const c = rect ? screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
      p = { x: c.x - NODE_WIDTH / 2, y: c.y - NODE_HEIGHT / 2 };
    }
    p = freeSpot(s, p);
    const id = s.addNode(kind, p);
    s.setNotice(`Added ${kindLabel(kind)} node "${id}"`);
    void setCenter(p.x + NODE_WIDTH / 2, p.y + NODE_HEIGHT / 2, { zoom: getZoom(), duration: 150 });
  }, [api, screenToFlowPosition, setCenter, getZoom]);

  const runLayout = async () => {
    const s = api.getState();
    const positions = await layoutPositions(s.graph, (id) => s.sizes[id]);
    api.getState().applyLayout(positions);
    api.getState().setNotice('Laid out the flow');
    requestAnimationFrame(() => void fitView({ padding: 0.2, maxZoom: 1, duration: 200 }));
  };

  const pick = useCallback((p: FlowProblem) => {
    const s = api.getState();
    const centerOn = (ids: string[]) => {
      const boxes = ids.map((id) => getNode(id)).filter((n) => n !== undefined);
      if (!boxes.length) return;
      const x = boxes.reduce((sum, n) => sum + n.position.x + (n.measured?.width ?? NODE_WIDTH) / 2, 0) / boxes.length;
      const y = boxes.reduce((sum, n) => sum + n.position.y + (n.measured?.height ?? NODE_HEIGHT) / 2, 0) / boxes.length;
      void setCenter(x, y, { zoom: Math.max(getZoom(), 0.8), duration: 200 });
    };
    if (p.nodeId) {
      s.select([p.nodeId], []);
      centerOn([p.nodeId]);
    } else if (p.edge) {
      const id = edgeIds(s.graph.edges)[p.edge.index];
      if (id) s.select([], [id]);
      centerOn([p.edge.from, p.edge.to]);
    }
  }, [api, getNode, setCenter, getZoom]);

  // Publishing: the diff against the published version first, then the server checks again.
  const [publishOpen, setPublishOpen] = useState(false);
  const [publishError, setPublishError] = useState<string | null>(null);
  // The replay of the draft the dialog started, once finished: kept with the version.
  const [impactId, setImpactId] = useState<string | null>(null);
  const baseQ = useQuery(trpc.flows.version.queryOptions({ id: flowId, version: latest ?? 1 }, { enabled: publishOpen && latest !== null }));
  const publish = useMutation(trpc.flows.publish.mutationOptions());
  const refreshFlow = useCallback(
    () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.flows.get.queryKey({ id: flowId }) }), queryClient.invalidateQueries({ queryKey: trpc.flows.list.queryKey() })]),
    [queryClient, trpc, flowId],
  );
  const confirmPublish = async () => {
    setPublishError(null);
    try {
      await flush();
      const v = await publish.mutateAsync({ id: flowId, impactId: impactId ?? undefined });
      setPublishOpen(false);
      api.getState().setNotice(`Published version ${v.version}`);
      await refreshFlow();
    } catch (e) {
      setPublishError(messageOf(e));
    }
  };

  const restore = useMutation(trpc.flows.restore.mutationOptions());
  const onRestore = useCallback(async (v: number) => {
    try {
      if (!readOnly) await flush();
      const result = await restore.mutateAsync({ id: flowId, version: v });
      await refreshFlow();
      if (readOnly) router.push(`/flows/${flowId}`);
      else {
        api.getState().replaceGraph(result.flow.draft as FlowGraph);
        api.getState().setNotice(`Restored version ${v} as the draft (Ctrl+Z undoes it)`);
      }
    } catch (e) {
      api.getState().setNotice(`Could not restore version ${v}: ${messageOf(e)}`);
    }
  }, [api, flowId, flush, readOnly, restore, router, refreshFlow]);
  const restoreVersion = useCallback((v: number) => void onRestore(v), [onRestore]);

  const errors = problems.filter((p) => p.severity === 'error').length;
  const publishBlocked = readOnly || checking || errors > 0 || save === 'error';
  return (
    <ActivityProvider value={activity.view}>
      <div className="fe-editor">
        <Validator customFields={customFields} ruleSetNames={ruleSetNames} />
        <header className="fe-header">
          <div className="fe-title">
            <Link href="/flows" className="small">
              <ArrowLeft size={13} className="ds-icon" aria-hidden /> Flows
            </Link>
            <h1>{name}</h1>
            {viewing !== null ? (
              <span className="badge warn">Version {viewing} · read-only</span>
            ) : (
              <span className="badge">Draft{latest ? ` · version ${latest} published` : ' · never published'}</span>
            )}
            {!readOnly && (
              <span className={`fe-save ${save}`} role="status" aria-live="polite" title={saveError ?? undefined}>
                {SAVE_LABELS[save]}
              </span>
            )}
          </div>
          <div className="fe-actions">
            {!readOnly && (
              <>
                <button type="button" className="button" onClick={() => api.getState().undo()} disabled={!canUndo} aria-keyshortcuts="Control+Z">
                  Undo
                </button>
                <button type="button" className="button" onClick={() => api.getState().redo()} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z">
                  Redo
                </button>
              </>
            )}
            {!readOnly && (
              <button type="button" className="button" onClick={() => void runLayout()}>
                Auto layout
              </button>
            )}
            {viewing !== null ? (
              <ActivityControls
                on={activityOn}
                onToggle={(next) => {
                activity.refresh();
                setActivityOn(next);
              }}
                period={period}
                onPeriod={(p) => {
                activity.refresh();
                setPeriod(p);
              }}
                loading={activity.loading}
                error={activity.error ? messageOf(activity.error) : period.preset === 'custom' && !activity.range ? 'the period ends before it starts' : null}
                orders={activity.view?.figures.orders ?? null}
              />
            ) : (
              latest !== null && (
                <Link className="button" href={`/flows/${flowId}?version=${latest}&activity=1`} title={`The traffic of version ${latest}, the published one`}>
                  Activity
                </Link>
              )
            )}
            <button type="button" className="button" onClick={() => void download(client, flowId, name, viewing)}>
              Export
            </button>
            {viewing !== null ? (
              <Link className="button primary" href={`/flows/${flowId}`}>
                Open the draft
              </Link>
            ) : (
              <button
                type="button"
                className="button primary"
                disabled={publishBlocked}
                title={errors ? `Fix the ${errors} problem${errors === 1 ? '' : 's'} first` : undefined}
                onClick={() => {
                  setPublishError(null);
                  setImpactId(null);
                  setPublishOpen(true);
                }}
              >
                Publish
              </button>
            )}
          </div>
        </header>
        <p className={`fe-notice${notice.startsWith("Can't") || notice.startsWith('Could not') ? ' refused' : ''}`} role="status" aria-live="polite">
          {saveError && save === 'error' ? `Could not save the draft: ${saveError}` : notice}
        </p>
        <div className="fe-body">
          {!readOnly ? <Palette onAdd={addNode} disabled={readOnly} /> : <div className="fe-palette fe-readonly-note muted small">Read-only: an old version cannot change. Restore it to edit it as the draft.</div>}
          <div className="fe-canvas-wrap" ref={canvasRef}>
            <FlowCanvas />
          </div>
          <aside className="fe-side" aria-label="Flow details">
            {activity.view && <ActivityLegend figures={activity.view.figures} />}
            <PropertiesPanel ruleSetNames={ruleSetNames} customFields={customFields} />
            <ProblemsList problems={problems} onPick={pick} pending={checking} />
            <VersionsPanel flowId={flowId} versions={versions} viewing={viewing} onRestore={restoreVersion} restoring={restore.isPending ? (restore.variables?.version ?? null) : null} />
          </aside>
        </div>
        {publishOpen && (
          <PublishWithDiff
            flowId={flowId}
            prepare={flush}
            onImpact={setImpactId}
            nextVersion={(latest ?? 0) + 1}
            base={latest}
            baseGraph={latest === null ? null : ((baseQ.data?.graph as FlowGraph | undefined) ?? undefined)}
            pending={publish.isPending}
            error={publishError}
            onConfirm={() => void confirmPublish()}
            onClose={() => setPublishOpen(false)}
          />
        )}
      </div>
    </ActivityProvider>
  );
}

/** Validation as you draw: the engine's own validateFlow, a moment after the last change. */
function Validator({ customFields, ruleSetNames }: { customFields: CustomFieldDef[]; ruleSetNames: string[] }) {
  const api = useEditorStoreApi();
  const graph = useEditor((s) => s.graph);
  useEffect(() => {
    const timer = setTimeout(() => api.getState().setProblems(validateFlow(graph, { customFields, ruleSetNames }), graph), 200);
    return () => clearTimeout(timer);
  }, [api, graph, customFields, ruleSetNames]);
  return null;
}

/** The publish dialog with the diff of the current graph against the published one (undefined: still loading). */
function PublishWithDiff({ baseGraph, ...props }: Omit<Parameters<typeof PublishDialog>[0], 'diff'> & { baseGraph: FlowGraph | null | undefined }) {
  const graph = useEditor((s) => s.graph);
  const diff = useMemo(() => (baseGraph === undefined ? null : diffFlows(baseGraph, graph)), [baseGraph, graph]);
  return <PublishDialog {...props} diff={diff} />;
}

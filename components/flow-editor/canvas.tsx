'use client';
// The canvas: xyflow drawing the store's FlowGraph. Node and edge objects are cached per graph
// object, so a drag re-renders the moved nodes only (200-node flows stay responsive).
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useRouter } from 'next/navigation';
import { memo, useCallback, useEffect, useMemo, useRef, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { canConnect, autoDispatchOn, type FlowEdge, type FlowNode } from '../../engine/flow';
import { isDispatchNodeKind, type NodeKind } from '../../dsl';
import { LOOP_LABELS, strokeFor, useActivity, type NodeFigures } from './activity';
import { KIND_COLORS, handlerOf, kindLabel } from './kinds';
import { NODE_WIDTH } from './layout';
import { canvasType, nodeTypes, type CanvasNode } from './nodes';
import { DRAG_MIME } from './palette';
import { useEditor, useEditorStoreApi } from './store';
import { edgeIds, positionOf, type XY } from './to-graph';

const ARIA_LABELS = {
  'controls.ariaLabel': 'Zoom controls',
  'controls.zoomIn.ariaLabel': 'Zoom in',
  'controls.zoomOut.ariaLabel': 'Zoom out',
  'controls.fitView.ariaLabel': 'Fit view',
  'minimap.ariaLabel': 'Minimap',
};
// Props xyflow keeps in its own store are module constants, so a re-render does not touch them.
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1 };
const DELETE_KEYS = ['Backspace', 'Delete'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const minimapColor = (n: CanvasNode) => KIND_COLORS[n.data.kind as NodeKind] ?? '#1f5fbf';

/** How much taller a card is with its Activity badges (two rows of them). */
const ACTIVITY_ROW_EXTRA = 64;

const sameItems = <T,>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function nodeProblemMap(problems: { nodeId?: string; message: string }[]) {
  const map = new Map<string, string>();
  for (const p of problems) if (p.nodeId && !map.has(p.nodeId)) map.set(p.nodeId, p.message);
  return map;
}

export const FlowCanvas = memo(function FlowCanvas() {
  const api = useEditorStoreApi();
  const graph = useEditor((s) => s.graph);
  const readOnly = useEditor((s) => s.readOnly);
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const problems = useEditor((s) => s.problems);
  const sizes = useEditor((s) => s.sizes);
  const { screenToFlowPosition, fitView } = useReactFlow();
  const activity = useActivity();
  const router = useRouter();

  const nodeCache = useRef(new WeakMap<FlowNode, { key: string; node: CanvasNode }>());
  const lastNodes = useRef<CanvasNode[]>([]);
  const lastEdges = useRef<Edge[]>([]);
  const edgeCache = useRef(new WeakMap<FlowEdge, { key: string; edge: Edge }>());

  const nodes = useMemo(() => {
    const selected = new Set(selectedNodes);
    const issues = nodeProblemMap(problems);
    // With Activity on, each row of cards moves down by the badges' height times the rows above it,
    // so the taller cards do not cover each other or the edges between them.
    const rows = activity ? [...new Set(graph.nodes.map((n, i) => Math.round(positionOf(n, i).y)))].sort((a, b) => a - b) : [];
    const place = (p: XY): XY => (activity ? { x: p.x, y: p.y + rows.indexOf(Math.round(p.y)) * ACTIVITY_ROW_EXTRA } : p);
    const next = graph.nodes.map((n, i) => {
      const problem = issues.get(n.id) ?? '';
      const size = sizes[n.id];
      const a = activity?.figures.nodes[n.id];
      const figures: NodeFigures | null =
        activity && a ? { ...a, href: activity.nodeHref(n.id), waitingHref: activity.nodeHref(n.id, true), dispatch: isDispatchNodeKind(n.kind) } : null;
      const key = `${selected.has(n.id)}|${problem}|${readOnly}|${size?.width}x${size?.height}|${figures ? `${JSON.stringify(figures)}|${rows.join(',')}` : ''}`;
      const hit = nodeCache.current.get(n);
      if (hit && hit.key === key) return hit.node;
      const label = n.label || kindLabel(n.kind);
      const auto = n.kind !== 'start' && n.kind !== 'end' && n.kind !== 'gateway' && handlerOf(n.kind) && n.config !== undefined ? autoDispatchOn(n) : null;
      const node = {
        id: n.id,
        type: canvasType(n.kind),
        position: place(positionOf(n, i)),
        selected: selected.has(n.id),
        draggable: !readOnly,
        ariaLabel: `${kindLabel(n.kind)} node: ${label}${problem ? ' (has a problem)' : ''}${
          figures ? `; ${figures.waiting} waiting, ${figures.passed} passed, median wait ${figures.medianWaitMs === null ? 'none' : `${Math.round(figures.medianWaitMs / 60_000)} min`}, ${figures.breaches} SLA breaches` : ''
        }`,
        ...(size ? { measured: size } : {}),
        data: {
          kind: n.kind,
          kindLabel: kindLabel(n.kind),
          label,
          handler: handlerOf(n.kind),
          autoDispatch: auto,
          ruleSet: (n.config?.ruleSet as string | null | undefined) ?? null,
          problem,
          activity: figures,
        },
      } as CanvasNode;
      nodeCache.current.set(n, { key, node });
      return node;
    });
    // The same cards in the same order: hand xyflow the same array, so it has nothing to adopt.
    return (lastNodes.current = sameItems(lastNodes.current, next) ? lastNodes.current : next);
  }, [graph.nodes, selectedNodes, problems, sizes, readOnly, activity]);

  const edges = useMemo(() => {
    const ids = edgeIds(graph.edges);
    const selected = new Set(selectedEdges);
    const issues = new Map<number, string>();
    for (const p of problems) if (p.edge && !issues.has(p.edge.index)) issues.set(p.edge.index, p.message);
    const traffic = activity ? new Map(activity.figures.edges.map((x) => [`${x.from}\n${x.to}`, x.count])) : null;
    const busiest = activity ? Math.max(0, ...activity.figures.edges.map((x) => x.count), ...activity.figures.loops.map((x) => x.count)) : 0;
    const next: Edge[] = graph.edges.map((e, i) => {
      const id = ids[i];
      const problem = issues.get(i) ?? '';
      const count = traffic?.get(`${e.from}\n${e.to}`);
      const key = `${id}|${selected.has(id)}|${problem}|${count ?? ''}|${busiest}`;
      const hit = edgeCache.current.get(e);
      if (hit && hit.key === key) return hit.edge;
      const condition = e.default ? 'default' : e.when !== undefined ? e.when || 'condition?' : undefined;
      const short = condition && condition.length > 40 ? `${condition.slice(0, 38)}…` : condition;
      const label = count === undefined ? short : `${short ? `${short} · ` : ''}${count.toLocaleString()}`;
      const edge: Edge = {
        id,
        source: e.from,
        target: e.to,
        type: 'smoothstep',
        selected: selected.has(id),
        label,
        labelBgPadding: [6, 3],
        labelBgBorderRadius: 4,
        className: problem ? 'fe-edge-problem' : count === undefined ? undefined : count ? 'fe-edge-traffic' : 'fe-edge-idle',
        ...(count === undefined ? {} : { style: { strokeWidth: strokeFor(count, busiest) } }),
        // Arrowheads keep their size on thick (busy) edges.
        markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18, color: problem ? '#d92d20' : count ? '#1f5fbf' : '#667085', ...(count === undefined ? {} : { markerUnits: 'userSpaceOnUse' }) },
        ariaLabel: `Edge from ${e.from} to ${e.to}${problem ? ` (problem: ${problem})` : ''}${count === undefined ? '' : `: ${count} orders`}`,
      };
      edgeCache.current.set(e, { key, edge });
      return edge;
    });
    // Declines and rejects: no edge of the flow, drawn back along the order's path.
    for (const loop of activity?.figures.loops ?? []) {
      next.push({
        id: `loop:${loop.from}->${loop.to}:${loop.kind}`,
        source: loop.from,
        target: loop.to,
        type: 'default',
        selectable: false,
        focusable: true,
        label: `${loop.count.toLocaleString()} ${LOOP_LABELS[loop.kind]}`,
        labelBgPadding: [6, 3],
        labelBgBorderRadius: 4,
        className: 'fe-edge-loop',
        style: { strokeWidth: Math.max(1.5, strokeFor(loop.count, busiest)) },
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: '#d92d20', markerUnits: 'userSpaceOnUse' },
        ariaLabel: `${loop.count} ${LOOP_LABELS[loop.kind]}: from ${loop.from} back to ${loop.to}`,
      });
    }
    return (lastEdges.current = sameItems(lastEdges.current, next) ? lastEdges.current : next);
  }, [graph.edges, selectedEdges, problems, activity]);

  // With Activity on, a click on a step opens its orders (a link inside the card goes where it says).
  const onNodeClick = useCallback(
    (event: ReactMouseEvent, node: CanvasNode) => {
      if (!activity || (event.target instanceof Element && event.target.closest('a'))) return;
      router.push(activity.nodeHref(node.id));
    },
    [activity, router],
  );

  // The cards change height with Activity: fit the view again once they are drawn.
  const activityShown = activity !== null;
  useEffect(() => {
    const frame = requestAnimationFrame(() => void fitView(FIT_VIEW_OPTIONS));
    return () => cancelAnimationFrame(frame);
  }, [activityShown, fitView]);

  const drag = useRef<{ seq: number; active: boolean }>({ seq: 0, active: false });
  const onDragStart = useCallback(() => {
    drag.current = { seq: drag.current.seq + 1, active: true };
  }, []);
  const onDragStop = useCallback(() => {
    drag.current.active = false;
  }, []);
  const onConnectStart = useCallback(() => api.getState().setNotice(''), [api]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const s = api.getState();
      const positions = new Map<string, XY>();
      const newSizes: Record<string, { width: number; height: number }> = {};
      let selection: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'position' && c.position) positions.set(c.id, c.position);
        else if (c.type === 'dimensions' && c.dimensions) newSizes[c.id] = c.dimensions;
        else if (c.type === 'select') {
          selection ??= new Set(s.selectedNodes);
          if (c.selected) selection.add(c.id);
          else selection.delete(c.id);
        }
      }
      if (Object.keys(newSizes).length) s.setSizes(newSizes);
      if (selection) s.select([...selection], s.selectedEdges);
      if (positions.size && !s.readOnly) {
        const moved = [...positions].some(([id, p]) => {
          const n = s.graph.nodes.find((x) => x.id === id);
          const old = n ? positionOf(n, 0) : null;
          return !old || Math.round(old.x) !== Math.round(p.x) || Math.round(old.y) !== Math.round(p.y);
        });
        if (moved) s.moveNodes(positions, drag.current.active ? `drag:${drag.current.seq}` : 'keymove');
      }
    },
    [api],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const s = api.getState();
      let selection: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'select') {
          selection ??= new Set(s.selectedEdges);
          if (c.selected) selection.add(c.id);
          else selection.delete(c.id);
        }
      }
      if (selection) s.select(s.selectedNodes, [...selection]);
    },
    [api],
  );

  const onDelete: OnDelete<CanvasNode, Edge> = useCallback(
    ({ nodes: gone, edges: goneEdges }) => {
      api.getState().remove(
        gone.map((n) => n.id),
        goneEdges.map((e) => e.id),
      );
    },
    [api],
  );

  const isValidConnection: IsValidConnection = useCallback(
    (c) => {
      const s = api.getState();
      const verdict = canConnect(s.graph, c.source, c.target);
      if (!verdict.ok) s.setNotice(`Can't connect: ${verdict.reason}`);
      else if (s.notice.startsWith("Can't connect")) s.setNotice('');
      return verdict.ok;
    },
    [api],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const s = api.getState();
      if (!canConnect(s.graph, c.source, c.target).ok) return;
      s.connect(c.source, c.target);
      s.setNotice(`Connected ${c.source} to ${c.target}`);
    },
    [api],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(DRAG_MIME) as NodeKind;
      if (!kind || api.getState().readOnly) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const id = api.getState().addNode(kind, { x: p.x - NODE_WIDTH / 2, y: p.y - 30 });
      api.getState().setNotice(`Added ${kindLabel(kind)} node "${id}"`);
    },
    [api, screenToFlowPosition],
  );

  return (
    <div className="fe-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<CanvasNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onNodeClick={onNodeClick}
        onConnect={onConnect}
        onConnectStart={onConnectStart}
        isValidConnection={isValidConnection}
        onNodeDragStart={onDragStart}
        onNodeDragStop={onDragStop}
        onSelectionDragStart={onDragStart}
        onSelectionDragStop={onDragStop}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        onlyRenderVisibleElements={graph.nodes.length > 120}
        minZoom={0.1}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        ariaLabelConfig={ARIA_LABELS}
      >
        <Background gap={20} color="#d0d5dd" />
        <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={2} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
});

// The store keeps the FlowGraph itself (unknown keys and positions ride along untouched); these
// helpers name edges for the canvas and make, copy and move nodes without losing anything.
import { isDispatchNodeKind, type NodeKind } from '../../dsl';
import type { FlowEdge, FlowGraph, FlowNode } from '../../engine/flow';

export interface XY {
  x: number;
  y: number;
}

/** Edges have no id in the file format; the canvas names them by their ends (and a count for repeats). */
export function edgeIds(edges: FlowEdge[]): string[] {
  const seen = new Map<string, number>();
  return edges.map((e) => {
    const base = `${e.from}->${e.to}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}#${n}`;
  });
}

export function positionOf(node: FlowNode, index: number): XY {
  const p = node.position as Partial<XY> | undefined;
  if (p && typeof p.x === 'number' && typeof p.y === 'number') return { x: p.x, y: p.y };
  // Files without positions: a column, until someone runs the layout.
  return { x: 0, y: index * 120 };
}

export function defaultConfig(kind: NodeKind): FlowNode['config'] | undefined {
  if (!isDispatchNodeKind(kind)) return undefined;
  return { autoDispatch: true, ruleSet: null, allowReject: false, allowReassign: false, overdueMinutes: 30 };
}

const slug = (kind: string) => kind.replace(/_/g, '-');

/** An id not yet in the graph, readable: `assign-engineer`, `assign-engineer-2`, … */
export function freshId(taken: Set<string>, base: string): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export function makeNode(graph: FlowGraph, kind: NodeKind, position: XY, label?: string): FlowNode {
  const id = freshId(new Set(graph.nodes.map((n) => n.id)), slug(kind));
  const config = defaultConfig(kind);
  return {
    id,
    kind,
    ...(label ? { label } : {}),
    ...(config ? { config } : {}),
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  };
}

export function setPositions(graph: FlowGraph, positions: Map<string, XY>): FlowGraph {
  if (positions.size === 0) return graph;
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}

export function removeElements(graph: FlowGraph, nodeIds: Set<string>, edgeIdSet: Set<string>): FlowGraph {
  const ids = edgeIds(graph.edges);
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !nodeIds.has(n.id)),
    edges: graph.edges.filter((e, i) => !edgeIdSet.has(ids[i]) && !nodeIds.has(e.from) && !nodeIds.has(e.to)),
  };
}

export interface Clip {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** The selected nodes and the edges between them. */
export function copyElements(graph: FlowGraph, nodeIds: Set<string>): Clip {
  return {
    nodes: graph.nodes.filter((n) => nodeIds.has(n.id)).map((n) => structuredClone(n)),
    edges: graph.edges.filter((e) => nodeIds.has(e.from) && nodeIds.has(e.to)).map((e) => structuredClone(e)),
  };
}

/** Pastes a copy with fresh ids, shifted by `offset`; returns the new graph and the pasted ids. */
export function pasteElements(graph: FlowGraph, clip: Clip, offset: XY): { graph: FlowGraph; nodeIds: string[] } {
  const taken = new Set(graph.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  const nodes = clip.nodes.map((n, i) => {
    const id = freshId(taken, n.id.replace(/-\d+$/, ''));
    taken.add(id);
    rename.set(n.id, id);
    const p = positionOf(n, i);
    return { ...structuredClone(n), id, position: { x: p.x + offset.x, y: p.y + offset.y } };
  });
  const edges = clip.edges.map((e) => ({ ...structuredClone(e), from: rename.get(e.from)!, to: rename.get(e.to)! }));
  return { graph: { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] }, nodeIds: nodes.map((n) => n.id) };
}

export function updateNode(graph: FlowGraph, id: string, patch: (node: FlowNode) => FlowNode): FlowGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? patch(n) : n)) };
}

export function updateEdge(graph: FlowGraph, edgeId: string, patch: (edge: FlowEdge) => FlowEdge): FlowGraph {
  const ids = edgeIds(graph.edges);
  return { ...graph, edges: graph.edges.map((e, i) => (ids[i] === edgeId ? patch(e) : e)) };
}

/** Removes a key when the value is undefined, so the file stays as tidy as it came. */
export function withKey<T extends object>(obj: T, key: string, value: unknown): T {
  const next = { ...obj } as Record<string, unknown>;
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as T;
}

// What publishing would change: nodes by id, edges by their ends. Canvas positions are not changes.
import type { FlowEdge, FlowGraph, FlowNode } from '../../engine/flow';

export interface NodeChange {
  id: string;
  label: string;
  fields: string[];
}
export interface EdgeRef {
  from: string;
  to: string;
}
export interface FlowDiff {
  addedNodes: { id: string; kind: string; label: string }[];
  removedNodes: { id: string; kind: string; label: string }[];
  changedNodes: NodeChange[];
  addedEdges: EdgeRef[];
  removedEdges: EdgeRef[];
  changedEdges: (EdgeRef & { fields: string[] })[];
}

const IGNORED_NODE_KEYS = new Set(['id', 'position']);
const IGNORED_EDGE_KEYS = new Set(['from', 'to']);

const same = (a: unknown, b: unknown) => JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, normalize((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>, ignored: Set<string>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    if (ignored.has(k)) continue;
    if (k === 'config') {
      const ca = (a.config ?? {}) as Record<string, unknown>;
      const cb = (b.config ?? {}) as Record<string, unknown>;
      for (const ck of new Set([...Object.keys(ca), ...Object.keys(cb)])) if (!same(ca[ck], cb[ck])) out.push(`config.${ck}`);
      continue;
    }
    if (!same(a[k], b[k])) out.push(k);
  }
  return out.sort();
}

const nodeSummary = (n: FlowNode) => ({ id: n.id, kind: n.kind, label: n.label ?? n.id });
const edgeKey = (e: FlowEdge) => `${e.from}\u0000${e.to}`;

export function diffFlows(base: FlowGraph | null, next: FlowGraph): FlowDiff {
  const before = new Map((base?.nodes ?? []).map((n) => [n.id, n]));
  const after = new Map(next.nodes.map((n) => [n.id, n]));
  const beforeEdges = new Map((base?.edges ?? []).map((e) => [edgeKey(e), e]));
  const afterEdges = new Map(next.edges.map((e) => [edgeKey(e), e]));
  const diff: FlowDiff = { addedNodes: [], removedNodes: [], changedNodes: [], addedEdges: [], removedEdges: [], changedEdges: [] };
  for (const [id, n] of after) {
    const old = before.get(id);
    if (!old) diff.addedNodes.push(nodeSummary(n));
    else {
      const fields = changedKeys(old, n, IGNORED_NODE_KEYS);
      if (fields.length) diff.changedNodes.push({ id, label: n.label ?? id, fields });
    }
  }
  for (const [id, n] of before) if (!after.has(id)) diff.removedNodes.push(nodeSummary(n));
  for (const [key, e] of afterEdges) {
    const old = beforeEdges.get(key);
    if (!old) diff.addedEdges.push({ from: e.from, to: e.to });
    else {
      const fields = changedKeys(old, e, IGNORED_EDGE_KEYS);
      if (fields.length) diff.changedEdges.push({ from: e.from, to: e.to, fields });
    }
  }
  for (const [key, e] of beforeEdges) if (!afterEdges.has(key)) diff.removedEdges.push({ from: e.from, to: e.to });
  return diff;
}

export const isEmptyDiff = (d: FlowDiff) =>
  !d.addedNodes.length && !d.removedNodes.length && !d.changedNodes.length && !d.addedEdges.length && !d.removedEdges.length && !d.changedEdges.length;

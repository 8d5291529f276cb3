// The flow's review setting: new orders from the chosen sources wait for a dispatcher's approval
// before dispatch. Kept in the start node's `config` (FORMATS.md lets a node carry `config`, and
// keeps it on import and export), so it is versioned and published with the flow. Pure.
import { isDispatchNodeKind, type OrderData } from '../../dsl';
import { ORDER_SOURCES, ORDER_SOURCE_LABELS, type OrderSource } from '../enums';
import type { CompiledFlow, FlowGraph, FlowNode } from '../flow';

export type { OrderSource };

/** The start node's config key. */
export const REVIEW_KEY = 'review';

/** The sources a flow graph holds for review, as its start node's config names them (unknown ones ignored). */
export function reviewSourcesOf(graph: Pick<FlowGraph, 'nodes'>): OrderSource[] {
  const start = graph.nodes.find((n) => n.kind === 'start');
  const setting = start?.config?.[REVIEW_KEY] as { sources?: unknown } | undefined;
  const sources = Array.isArray(setting?.sources) ? setting.sources : [];
  return ORDER_SOURCES.filter((s) => sources.includes(s));
}

/** How each source reads in the designer and the Review queue. */
export const SOURCE_LABELS = ORDER_SOURCE_LABELS;

/** The start node with its review sources set (none: the setting removed); other nodes as they are. */
export function withNodeReviewSources(node: FlowNode, sources: readonly OrderSource[]): FlowNode {
  if (node.kind !== 'start') return node;
  const chosen = ORDER_SOURCES.filter((s) => sources.includes(s));
  const { [REVIEW_KEY]: _old, ...config } = node.config ?? {};
  const next = chosen.length ? { ...config, [REVIEW_KEY]: { sources: chosen } } : config;
  const { config: _c, ...rest } = node;
  return Object.keys(next).length ? { ...rest, config: next } : rest;
}

/** The graph with its review sources set (none: the setting removed). */
export function withReviewSources<G extends Pick<FlowGraph, 'nodes'>>(graph: G, sources: readonly OrderSource[]): G {
  return { ...graph, nodes: graph.nodes.map((n) => withNodeReviewSources(n, sources)) };
}

// A published flow version never changes: its review sources are read once per compiled flow.
const held = new WeakMap<CompiledFlow, ReadonlySet<string>>();

/** Whether the flow holds a new order from this source for review: one lookup in the compiled flow. */
export function holdsForReview(flow: CompiledFlow, source: string): boolean {
  let sources = held.get(flow);
  if (!sources) held.set(flow, (sources = new Set(reviewSourcesOf(flow.graph))));
  return sources.size > 0 && sources.has(source);
}

/**
 * The dispatch node a new order reaches first (through the gateways, by its fields now): whose
 * dispatchers review it. Null when the flow reaches no dispatch node.
 */
export function firstDispatchNode(flow: CompiledFlow, order: OrderData, now: Date): FlowNode | null {
  let node = flow.start;
  for (let guard = 0; guard < 1000; guard++) {
    if (isDispatchNodeKind(node.kind)) return node;
    if (node.kind !== 'start' && node.kind !== 'gateway') return null;
    node = flow.next(node.id, order, now).to;
  }
  return null;
}

// Validation before publish (DESIGN.md): every problem names the node or edge it concerns.
import { compileCondition, type CustomFieldDef, type Diagnostic, type NodeKind } from '../../dsl';
import { cyclicComponents } from './cycles';
import { isKnownKind, type FlowEdge, type FlowGraph } from './model';

export const FLOW_PROBLEM_CODES = [
  'empty-node-id',
  'duplicate-node-id',
  'unknown-node-kind',
  'no-start',
  'multiple-starts',
  'no-end',
  'edge-unknown-node',
  'duplicate-edge',
  'self-loop',
  'edge-into-start',
  'edge-out-of-end',
  'cycle',
  'dead-end',
  'end-unreachable',
  'unreachable-node',
  'multiple-outgoing',
  'condition-outside-gateway',
  'gateway-default-count',
  'gateway-edge-without-condition',
  'default-edge-with-condition',
  'gateway-condition-invalid',
  'group-internal-without-group',
  'provider-engineer-without-provider',
  'accept-without-assignee',
  'unknown-rule-set',
] as const;
export type FlowProblemCode = (typeof FLOW_PROBLEM_CODES)[number];

export interface FlowProblem {
  code: FlowProblemCode;
  severity: 'error' | 'warning';
  message: string;
  nodeId?: string;
  /** The node's index in `nodes`, for problems where the id alone cannot point at it (blank or repeated ids). */
  nodeIndex?: number;
  /** The edge by its index in `edges`, with its ends. */
  edge?: { index: number; from: string; to: string };
  /** For gateway conditions: the rules-language diagnostics, positions inside the condition text. */
  diagnostics?: Diagnostic[];
}

export interface ValidateOptions {
  customFields?: CustomFieldDef[];
  /** Names of rule sets that exist; when given, a node naming another one is an error. */
  ruleSetNames?: string[];
}

const edgeRef = (edges: FlowEdge[], index: number) => ({ index, from: edges[index].from, to: edges[index].to });
const edgeName = (e: FlowEdge) => `${e.from} → ${e.to}`;

const ENGINEER_ASSIGNING: NodeKind[] = ['assign_engineer', 'assign_provider_engineer', 'provider_assign_engineer', 'group_internal_assign'];
const GROUP: NodeKind[] = ['assign_service_group'];
const PROVIDER: NodeKind[] = ['assign_provider', 'group_internal_assign'];

export function validateFlow(graph: FlowGraph, options: ValidateOptions = {}): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const error = (p: Omit<FlowProblem, 'severity'>) => problems.push({ ...p, severity: 'error' });
  const { nodes, edges } = graph;

  // Nodes
  const byId = new Map<string, (typeof nodes)[number]>();
  nodes.forEach((node, nodeIndex) => {
    if (!node.id || !node.id.trim()) {
      error({ code: 'empty-node-id', message: `Node ${nodeIndex + 1} has an empty id`, nodeIndex });
      return;
    }
    // The first node with an id keeps it; checking the graph against a later one would report
    // knock-on problems for edges drawn to the first.
    if (byId.has(node.id)) {
      error({ code: 'duplicate-node-id', message: `Two nodes have the id "${node.id}"`, nodeId: node.id, nodeIndex });
      return;
    }
    byId.set(node.id, node);
    if (!isKnownKind(node.kind)) {
      error({ code: 'unknown-node-kind', message: `Node "${node.id}" has an unknown kind "${String(node.kind)}"`, nodeId: node.id });
    }
    const ruleSet = node.config?.ruleSet;
    if (ruleSet && options.ruleSetNames && !options.ruleSetNames.includes(ruleSet)) {
      error({ code: 'unknown-rule-set', message: `Node "${node.id}" uses the rule set "${ruleSet}", which does not exist`, nodeId: node.id });
    }
  });
  const starts = nodes.filter((n) => n.kind === 'start');
  if (starts.length === 0) error({ code: 'no-start', message: 'The flow has no start node' });
  for (const extra of starts.slice(1)) {
    error({ code: 'multiple-starts', message: `The flow has more than one start; "${extra.id}" is another`, nodeId: extra.id });
  }
  if (!nodes.some((n) => n.kind === 'end')) error({ code: 'no-end', message: 'The flow has no end node' });

  // Edges
  const out = new Map<string, number[]>();
  const into = new Map<string, number[]>();
  const seen = new Set<string>();
  edges.forEach((e, index) => {
    const ref = edgeRef(edges, index);
    let dangling = false;
    for (const end of [e.from, e.to]) {
      if (!byId.has(end)) {
        error({ code: 'edge-unknown-node', message: `Edge ${edgeName(e)} refers to a node "${end}" that does not exist`, edge: ref });
        dangling = true;
      }
    }
    const key = `${e.from}\u0000${e.to}`;
    if (seen.has(key)) error({ code: 'duplicate-edge', message: `Edge ${edgeName(e)} is there twice`, edge: ref });
    seen.add(key);
    if (e.from === e.to) error({ code: 'self-loop', message: `Edge ${edgeName(e)} leads back into its own node`, edge: ref });
    if (byId.get(e.to)?.kind === 'start') error({ code: 'edge-into-start', message: `Edge ${edgeName(e)} leads into the start node`, edge: ref });
    if (byId.get(e.from)?.kind === 'end') error({ code: 'edge-out-of-end', message: `Edge ${edgeName(e)} leaves an end node`, edge: ref });
    if (dangling) return;
    (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(index);
    (into.get(e.to) ?? into.set(e.to, []).get(e.to)!).push(index);
  });

  // Outgoing edges per kind, and gateway conditions
  const probe = { customFields: options.customFields };
  for (const node of byId.values()) {
    const outs = out.get(node.id) ?? [];
    if (node.kind === 'end') continue;
    if (outs.length === 0) {
      error({ code: 'dead-end', message: `Node "${node.id}" has no way out; connect it towards an end`, nodeId: node.id });
      continue;
    }
    if (node.kind !== 'gateway') {
      if (new Set(outs.map((i) => edges[i].to)).size > 1) {
        error({ code: 'multiple-outgoing', message: `Node "${node.id}" has more than one way out; only a gateway may branch`, nodeId: node.id });
      }
      for (const i of outs) {
        // A blank condition is no condition, as on gateway edges.
        if ((edges[i].when !== undefined && edges[i].when!.trim() !== '') || edges[i].default) {
          error({ code: 'condition-outside-gateway', message: `Edge ${edgeName(edges[i])} has a condition, but only gateway edges may`, edge: edgeRef(edges, i) });
        }
      }
      continue;
    }
    const defaults = outs.filter((i) => edges[i].default === true);
    if (defaults.length !== 1) {
      error({
        code: 'gateway-default-count',
        message: `Gateway "${node.id}" needs exactly one default edge (it has ${defaults.length})`,
        nodeId: node.id,
      });
    }
    for (const i of outs) {
      const e = edges[i];
      if (e.default) {
        if (e.when !== undefined && e.when.trim() !== '') {
          error({ code: 'default-edge-with-condition', message: `Default edge ${edgeName(e)} cannot also have a condition`, edge: edgeRef(edges, i) });
        }
        continue;
      }
      if (e.when === undefined || e.when.trim() === '') {
        error({ code: 'gateway-edge-without-condition', message: `Edge ${edgeName(e)} leaves a gateway without a condition`, edge: edgeRef(edges, i) });
        continue;
      }
      const { diagnostics } = compileCondition(e.when, probe);
      const errors = diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) {
        error({
          code: 'gateway-condition-invalid',
          message: `Condition on ${edgeName(e)}: ${errors[0].message}`,
          edge: edgeRef(edges, i),
          diagnostics,
        });
      }
    }
  }

  // Cycles (rejects and declines move orders back without edges, so a drawn cycle is always wrong)
  const order = topologicalOrder([...byId.keys()], out, edges);
  if (!order) {
    for (const nodeId of nodesOnCycles([...byId.keys()], out, edges)) {
      error({ code: 'cycle', message: `Node "${nodeId}" is on a cycle; flows run one way`, nodeId });
    }
    return problems;
  }

  // Reachability: from the start, and to an end
  const start = starts[0];
  const reachable = new Set<string>();
  if (start) {
    const stack = [start.id];
    while (stack.length) {
      const id = stack.pop()!;
      if (reachable.has(id)) continue;
      reachable.add(id);
      for (const i of out.get(id) ?? []) stack.push(edges[i].to);
    }
  }
  const reachesEnd = new Set<string>();
  for (const id of [...order].reverse()) {
    if (byId.get(id)?.kind === 'end' || (out.get(id) ?? []).some((i) => reachesEnd.has(edges[i].to))) reachesEnd.add(id);
  }
  for (const node of byId.values()) {
    if (start && !reachable.has(node.id)) {
      error({ code: 'unreachable-node', message: `Node "${node.id}" cannot be reached from the start`, nodeId: node.id });
    }
    if (!reachesEnd.has(node.id) && node.kind !== 'end' && (out.get(node.id) ?? []).length > 0) {
      error({ code: 'end-unreachable', message: `No end can be reached from node "${node.id}"`, nodeId: node.id });
    }
  }

  // Whether every path from the start into a node passes a node of one of `kinds`.
  const onEveryPath = (kinds: NodeKind[]) => {
    const result = new Map<string, boolean>();
    for (const id of order) {
      const preds = (into.get(id) ?? []).map((i) => edges[i].from).filter((p) => reachable.has(p));
      result.set(id, preds.length > 0 && preds.every((p) => kinds.includes(byId.get(p)!.kind) || result.get(p) === true));
    }
    return result;
  };
  const afterGroup = onEveryPath(GROUP);
  const afterProvider = onEveryPath(PROVIDER);
  const afterEngineer = onEveryPath(ENGINEER_ASSIGNING);
  for (const node of byId.values()) {
    if (!reachable.has(node.id)) continue;
    if (node.kind === 'group_internal_assign' && !afterGroup.get(node.id)) {
      error({
        code: 'group-internal-without-group',
        message: `Node "${node.id}" (service group internal assignment) must come after "assign service group" on every path`,
        nodeId: node.id,
      });
    }
    if (node.kind === 'provider_assign_engineer' && !afterProvider.get(node.id)) {
      error({
        code: 'provider-engineer-without-provider',
        message: `Node "${node.id}" (provider assigns engineer) must come after a node that chooses a provider on every path`,
        nodeId: node.id,
      });
    }
    if ((node.kind === 'engineer_accept' || node.kind === 'field_service') && !afterEngineer.get(node.id)) {
      error({
        code: 'accept-without-assignee',
        message: `Node "${node.id}" needs an engineer, but some path reaches it without assigning one`,
        nodeId: node.id,
      });
    }
  }
  return problems;
}

function topologicalOrder(ids: string[], out: Map<string, number[]>, edges: FlowEdge[]): string[] | null {
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const list of out.values()) for (const i of list) indegree.set(edges[i].to, (indegree.get(edges[i].to) ?? 0) + 1);
  const queue = ids.filter((id) => indegree.get(id) === 0);
  const result: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    result.push(id);
    for (const i of out.get(id) ?? []) {
      const to = edges[i].to;
      indegree.set(to, indegree.get(to)! - 1);
      if (indegree.get(to) === 0) queue.push(to);
    }
  }
  return result.length === ids.length ? result : null;
}

/** Nodes that lie on some cycle (strongly connected components with more than one node, or a self-loop). */
function nodesOnCycles(ids: string[], out: Map<string, number[]>, edges: FlowEdge[]): string[] {
  const successors = (v: string) => (out.get(v) ?? []).map((i) => edges[i].to);
  return cyclicComponents(ids, successors).flatMap((component) => [...component].reverse());
}

/** Whether the edge would be refused while drawing (the canvas asks before it adds one). */
export function canConnect(graph: FlowGraph, from: string, to: string): { ok: true } | { ok: false; reason: string } {
  const fromNode = graph.nodes.find((n) => n.id === from);
  const toNode = graph.nodes.find((n) => n.id === to);
  if (!fromNode || !toNode) return { ok: false, reason: 'Both ends must be nodes' };
  if (from === to) return { ok: false, reason: 'A node cannot connect to itself' };
  if (toNode.kind === 'start') return { ok: false, reason: 'Nothing may lead into the start' };
  if (fromNode.kind === 'end') return { ok: false, reason: 'Nothing may leave an end' };
  if (graph.edges.some((e) => e.from === from && e.to === to)) return { ok: false, reason: 'These nodes are already connected' };
  // A new edge from → to closes a cycle when `from` is reachable from `to`.
  const stack = [to];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.pop()!;
    if (id === from) return { ok: false, reason: 'This edge would make a cycle' };
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of graph.edges) if (e.from === id) stack.push(e.to);
  }
  return { ok: true };
}


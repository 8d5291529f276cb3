// A validated flow, ready to run: nodes by id, and each node's way out with gateway conditions compiled.
import { compileCondition, type CustomFieldDef, type OrderData } from '../../dsl';
import type { FlowEdge, FlowGraph, FlowNode } from './model';
import { validateFlow, type FlowProblem, type ValidateOptions } from './validate';

export interface Route {
  edge: FlowEdge;
  to: FlowNode;
}

export interface CompiledFlow {
  graph: FlowGraph;
  start: FlowNode;
  node(id: string): FlowNode | undefined;
  /** The node after `nodeId`: a gateway takes its first edge whose condition holds, else its default. */
  next(nodeId: string, order: OrderData, now: Date): Route;
  /** The dispatch node an order came through last before `nodeId` (where declines and rejects return). */
  previousDispatchNode(nodeId: string, visited: string[]): FlowNode | null;
}

export function compileFlow(
  graph: FlowGraph,
  options: ValidateOptions = {},
): { flow: CompiledFlow | null; problems: FlowProblem[] } {
  const problems = validateFlow(graph, options);
  if (problems.some((p) => p.severity === 'error')) return { flow: null, problems };
  return { flow: buildFlow(graph, options.customFields), problems };
}

function buildFlow(graph: FlowGraph, customFields: CustomFieldDef[] | undefined): CompiledFlow {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const routes = new Map<string, { edge: FlowEdge; to: FlowNode; test: ((o: OrderData, now: Date) => boolean) | null }[]>();
  for (const edge of graph.edges) {
    const test = edge.when && !edge.default ? compileCondition(edge.when, { customFields }).condition : null;
    const list = routes.get(edge.from) ?? [];
    list.push({ edge, to: nodes.get(edge.to)!, test });
    routes.set(edge.from, list);
  }
  const start = graph.nodes.find((n) => n.kind === 'start')!;
  return {
    graph,
    start,
    node: (id) => nodes.get(id),
    next(nodeId, order, now) {
      const list = routes.get(nodeId) ?? [];
      const from = nodes.get(nodeId);
      if (from?.kind === 'gateway') {
        const hit = list.find((r) => !r.edge.default && r.test?.(order, now));
        const chosen = hit ?? list.find((r) => r.edge.default)!;
        return { edge: chosen.edge, to: chosen.to };
      }
      if (!list.length) throw new Error(`Node "${nodeId}" has no way out`);
      return { edge: list[0].edge, to: list[0].to };
    },
    previousDispatchNode(nodeId, visited) {
      const at = visited.lastIndexOf(nodeId);
      for (let i = (at === -1 ? visited.length : at) - 1; i >= 0; i--) {
        const n = nodes.get(visited[i]);
        if (n && n.kind !== 'gateway' && n.kind !== 'start' && n.kind !== 'engineer_accept' && n.kind !== 'field_service' && n.kind !== 'end') return n;
      }
      return null;
    },
  };
}

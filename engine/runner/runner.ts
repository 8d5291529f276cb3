// Runs an order through its flow: start → gateways → at each dispatch node the rules that fit it;
// a match assigns and moves on, otherwise the order waits in that node's queue. Pure: the live
// engine persists what this returns, and `simulate` prints it, so there is one implementation.
import {
  evaluate,
  type Assignee,
  type CompiledRuleSet,
  type Decision,
  type Directory,
  type NodeContext,
  type NodeKind,
  type OrderData,
} from '../../dsl';
import { autoDispatchOn, type CompiledFlow, type FlowNode } from '../flow';

export type RunStatus = 'pending_assignment' | 'assigned' | 'accepted' | 'in_progress' | 'completed';

/** Where an order stands in its flow, and who holds it. */
export interface DispatchState {
  nodeId: string | null;
  status: RunStatus;
  serviceGroupId: string | null;
  providerId: string | null;
  engineerId: string | null;
  collaboratorIds: string[];
  /** Node ids passed, in order; declines and rejects go back along it. */
  path: string[];
}

export const initialState = (): DispatchState => ({
  nodeId: null,
  status: 'pending_assignment',
  serviceGroupId: null,
  providerId: null,
  engineerId: null,
  collaboratorIds: [],
  path: [],
});

export interface Assignment {
  nodeId: string;
  nodeKind: NodeKind;
  way: 'auto' | 'manual';
  rule: string | null;
  /** The dispatcher, for manual assignments. */
  userId: string | null;
  assignee: Assignee;
  collaborators: Assignee[];
  /** The booking an auto-assignment of an order with a duration makes (epoch ms); absent: unscheduled. */
  slot?: { start: number; end: number };
}

export type RunStep =
  | { type: 'routed'; nodeId: string; kind: NodeKind; to: string; condition: string | null }
  | {
      type: 'decision';
      nodeId: string;
      kind: NodeKind;
      decision: Decision;
      assignment: Assignment | null;
      /** What the rules saw (null: no rule set ran here), to explain the decision later. */
      input: RulesInput | null;
    }
  | { type: 'passed'; nodeId: string; kind: NodeKind; reason: string }
  | { type: 'waiting'; nodeId: string; kind: NodeKind; reason: string }
  | { type: 'ended'; nodeId: string; kind: NodeKind };

/** The rule set that decided and the order and node as it saw them. */
export interface RulesInput {
  ruleSet: CompiledRuleSet;
  order: OrderData;
  node: NodeContext;
}

export interface RunContext {
  flow: CompiledFlow;
  /** The rule set that runs at a dispatch node, or null for none. */
  ruleSetFor(node: FlowNode): CompiledRuleSet | null;
  directory: Directory;
  now: Date;
  /** Engineers, providers and groups that declined or rejected this order at a node. */
  excludedAt(nodeId: string): NodeContext['excluded'];
  /** `simulate`: engineer_accept and field_service pass as if accepted and done. */
  passHumanSteps?: boolean;
}

export interface RunResult {
  state: DispatchState;
  steps: RunStep[];
}

/** The order as the rules see it, with the group and provider already chosen. */
export function orderForRules(order: OrderData, state: DispatchState, directory: Directory): OrderData {
  return {
    ...order,
    serviceGroup: state.serviceGroupId ? (directory.serviceGroup(state.serviceGroupId)?.name ?? null) : null,
    provider: state.providerId ? (directory.provider(state.providerId)?.name ?? null) : null,
  };
}

export function nodeContext(node: FlowNode, state: DispatchState, excluded: NodeContext['excluded']): NodeContext {
  return { id: node.id, kind: node.kind, serviceGroupId: state.serviceGroupId, providerId: state.providerId, excluded };
}

/** What an assignment sets on the order's state. */
export function applyAssignment(state: DispatchState, a: Assignment, directory: Directory): DispatchState {
  const next = { ...state };
  switch (a.assignee.type) {
    case 'service_group':
      next.serviceGroupId = a.assignee.id;
      break;
    case 'service_provider':
      next.providerId = a.assignee.id;
      break;
    case 'engineer':
      next.engineerId = a.assignee.id;
      next.collaboratorIds = a.collaborators.map((c) => c.id);
      break;
    case 'provider_engineer':
      next.engineerId = a.assignee.id;
      next.providerId = directory.engineer(a.assignee.id)?.providerId ?? next.providerId;
      next.collaboratorIds = a.collaborators.map((c) => c.id);
      break;
  }
  return next;
}

const WAITING_STATUS: Partial<Record<NodeKind, RunStatus>> = {
  engineer_accept: 'assigned',
  field_service: 'accepted',
};

/**
 * Moves the order on until it waits (a manual queue, an engineer's acceptance or work) or ends.
 * `from: 'here'` runs the current node (or the start, for a new order); `'next'` leaves it first.
 */
export function advance(order: OrderData, state: DispatchState, ctx: RunContext, from: 'here' | 'next'): RunResult {
  const steps: RunStep[] = [];
  let s: DispatchState = { ...state, path: [...state.path] };
  let node: FlowNode;
  if (s.nodeId === null) {
    node = ctx.flow.start;
  } else if (from === 'next') {
    const route = ctx.flow.next(s.nodeId, orderForRules(order, s, ctx.directory), ctx.now);
    node = route.to;
  } else {
    node = ctx.flow.node(s.nodeId)!;
  }

  for (let guard = 0; guard < 10_000; guard++) {
    s.nodeId = node.id;
    if (s.path[s.path.length - 1] !== node.id) s.path.push(node.id);
    switch (node.kind) {
      case 'start':
      case 'gateway': {
        const route = ctx.flow.next(node.id, orderForRules(order, s, ctx.directory), ctx.now);
        steps.push({ type: 'routed', nodeId: node.id, kind: node.kind, to: route.to.id, condition: route.edge.when && !route.edge.default ? route.edge.when : null });
        node = route.to;
        continue;
      }
      case 'end':
        s.status = 'completed';
        steps.push({ type: 'ended', nodeId: node.id, kind: node.kind });
        return { state: s, steps };
      case 'engineer_accept':
      case 'field_service':
        if (ctx.passHumanSteps) {
          steps.push({ type: 'passed', nodeId: node.id, kind: node.kind, reason: node.kind === 'engineer_accept' ? 'accepted' : 'done' });
          node = ctx.flow.next(node.id, orderForRules(order, s, ctx.directory), ctx.now).to;
          continue;
        }
        s.status = WAITING_STATUS[node.kind]!;
        steps.push({ type: 'waiting', nodeId: node.id, kind: node.kind, reason: node.kind === 'engineer_accept' ? 'Waiting for the engineer to accept' : 'Waiting for the work to be done' });
        return { state: s, steps };
      default: {
        // A dispatch node.
        if (node.kind === 'provider_assign_engineer' && holdsEngineerForProvider(s, ctx.directory)) {
          steps.push({ type: 'passed', nodeId: node.id, kind: node.kind, reason: 'The order already holds an engineer (its group was an engineer group)' });
          node = ctx.flow.next(node.id, orderForRules(order, s, ctx.directory), ctx.now).to;
          continue;
        }
        const { decision, input } = decide(order, s, node, ctx);
        if (decision.outcome === 'auto' && decision.assignee) {
          const assignment: Assignment = {
            nodeId: node.id,
            nodeKind: node.kind,
            way: 'auto',
            rule: decision.rule,
            userId: null,
            assignee: decision.assignee,
            collaborators: decision.collaborators,
            ...(decision.slot ? { slot: decision.slot } : {}),
          };
          steps.push({ type: 'decision', nodeId: node.id, kind: node.kind, decision, assignment, input });
          s = applyAssignment(s, assignment, ctx.directory);
          node = ctx.flow.next(node.id, orderForRules(order, s, ctx.directory), ctx.now).to;
          continue;
        }
        s.status = 'pending_assignment';
        steps.push({ type: 'decision', nodeId: node.id, kind: node.kind, decision, assignment: null, input });
        return { state: s, steps };
      }
    }
  }
  throw new Error('The flow did not come to rest; is it validated?');
}

/**
 * Whether the order reaches provider_assign_engineer already holding its engineer: one chosen by
 * an engineer group (no provider chosen) or one of the chosen provider's own engineers. An
 * engineer assigned earlier in the flow does not count once a provider has been chosen after it.
 */
function holdsEngineerForProvider(s: DispatchState, directory: Directory): boolean {
  if (!s.engineerId) return false;
  if (s.providerId === null) return true;
  return directory.engineer(s.engineerId)?.providerId === s.providerId;
}

function decide(order: OrderData, s: DispatchState, node: FlowNode, ctx: RunContext): { decision: Decision; input: RulesInput | null } {
  const ruleSet = autoDispatchOn(node) ? ctx.ruleSetFor(node) : null;
  const nodeCtx = nodeContext(node, s, ctx.excludedAt(node.id));
  const forRules = orderForRules(order, s, ctx.directory);
  if (ruleSet) {
    const decision = evaluate(ruleSet, { order: forRules, node: nodeCtx, directory: ctx.directory, now: ctx.now });
    return { decision, input: { ruleSet, order: forRules, node: nodeCtx } };
  }
  return { input: null, decision: {
    outcome: 'manual',
    rule: null,
    assignee: null,
    collaborators: [],
    trace: {
      order: order.id,
      node: { id: node.id, kind: node.kind },
      now: ctx.now.toISOString(),
      considered: [],
      skipped: [],
      decidedBy: null,
      manualReason: autoDispatchOn(node) ? 'No rule set applies at this node' : 'Auto-dispatch is off at this node',
    },
  } };
}

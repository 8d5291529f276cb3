// Who handles an order at each node kind, what they may do there, and who hears about it: ONE table
// (DESIGN.md's node table and "Actions on an order"). Actions (engine/dispatch/actions.ts), the
// dispatcher's pick list, queues and their SQL scope (engine/queues), SLA breach recipients
// (engine/sla), the notification statement (engine/dispatch/commit.ts builds its recipient SQL from
// AUDIENCES) and the actions each order offers its caller (engine/orders/allowed-actions.ts, shown
// by the UI) all read it. Pure: no database, React or Next.js code.
import { TARGETS_BY_NODE_KIND, type NodeKind, type TargetKind } from '../../dsl/types';
import type { OrderStatus, Role } from '../enums';
import type { Principal } from '../principal';

/** Everything a user may do to an order. */
export const ORDER_ACTIONS = ['assign', 'reassignGroup', 'reject', 'reallocate', 'accept', 'decline', 'start', 'pause', 'complete'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** The order columns that say who holds it. */
export interface Holdings {
  serviceGroupId: string | null;
  providerId: string | null;
  engineerId: string | null;
}

/** The four handlers of DESIGN.md's handler column. */
export type HandlerKind = 'company' | 'group' | 'provider' | 'assignee';

export interface Handler {
  /** The handler column's words (shown in the flow editor). */
  label: string;
  /** The roles that act as this handler; null: whoever the scope names, whatever their role. */
  roles: readonly Role[] | null;
  /**
   * The order column that must name the principal (their groups, provider or engineer record);
   * null: every order at the node.
   */
  scope: keyof Holdings | null;
}

export const HANDLERS: Record<HandlerKind, Handler> = {
  company: { label: 'dispatcher', roles: ['admin', 'dispatcher'], scope: null },
  group: { label: "the group's dispatcher", roles: ['group_dispatcher'], scope: 'serviceGroupId' },
  provider: { label: "the provider's dispatcher", roles: ['provider_dispatcher'], scope: 'providerId' },
  assignee: { label: 'the assignee', roles: null, scope: 'engineerId' },
};

/** A node action: allowed in this order status, unless the node's config switches it off. */
export interface NodeAction {
  action: Exclude<OrderAction, 'reallocate'>;
  status: OrderStatus;
  /** A node config flag that turns the action off when it is `false`. */
  unless?: 'allowReject' | 'allowReassign';
}

/** The node config flags that switch actions off (a flow node's config, or a queue node). */
export type NodeSwitches = { allowReject?: unknown; allowReassign?: unknown };

export interface NodeRole {
  handler: HandlerKind | null;
  actions: readonly NodeAction[];
}

const assign: NodeAction = { action: 'assign', status: 'pending_assignment' };
const reject: NodeAction = { action: 'reject', status: 'pending_assignment', unless: 'allowReject' };
const company: NodeRole = { handler: 'company', actions: [assign] };
const none: NodeRole = { handler: null, actions: [] };

/** The table: each node kind's handler and the actions taken there. */
export const NODE_ROLES: Record<NodeKind, NodeRole> = {
  start: none,
  gateway: none,
  assign_service_group: company,
  group_internal_assign: {
    handler: 'group',
    actions: [assign, reject, { action: 'reassignGroup', status: 'pending_assignment', unless: 'allowReassign' }],
  },
  assign_provider: company,
  provider_assign_engineer: { handler: 'provider', actions: [assign, reject] },
  assign_provider_engineer: company,
  assign_engineer: company,
  engineer_accept: {
    handler: 'assignee',
    actions: [
      { action: 'accept', status: 'assigned' },
      { action: 'decline', status: 'assigned' },
    ],
  },
  field_service: {
    handler: 'assignee',
    actions: [
      { action: 'start', status: 'accepted' },
      { action: 'pause', status: 'in_progress' },
      { action: 'complete', status: 'in_progress' },
    ],
  },
  end: none,
};

/** Reallocating is not tied to a node: these roles, holding the `reallocate` permission, may. */
export const REALLOCATING_ROLES: readonly Role[] = ['admin', 'dispatcher', 'group_dispatcher'];

/** The roles with an engineer record: whoever an assignee handler's scope names is one of them. */
export const ENGINEER_ROLES: readonly Role[] = ['engineer', 'provider_engineer'];

/**
 * The roles that take part in an action at all (the server's policy for its procedure): the roles
 * of every handler offering it; for reallocate, REALLOCATING_ROLES. Each call is then decided per
 * order by the engine, from this same table.
 */
export function rolesFor(action: OrderAction): Role[] {
  if (action === 'reallocate') return [...REALLOCATING_ROLES];
  const roles = new Set<Role>();
  for (const [kind, handler] of Object.entries(HANDLERS) as [HandlerKind, Handler][]) {
    if (Object.values(NODE_ROLES).some((r) => r.handler === kind && r.actions.some((a) => a.action === action))) {
      for (const role of handler.roles ?? ENGINEER_ROLES) roles.add(role);
    }
  }
  return [...roles];
}

/** The roles that work queues: the handlers of dispatch nodes. */
export const DISPATCHING_ROLES: readonly Role[] = rolesFor('assign');

/** The handler column's words per node kind (the flow editor shows them). */
export const HANDLER_LABELS: Partial<Record<NodeKind, string>> = Object.fromEntries(
  Object.entries(NODE_ROLES).flatMap(([kind, r]) => (r.handler ? [[kind, HANDLERS[r.handler].label]] : [])),
);

/** The ids of a principal that a handler scope column is matched against. */
function principalIds(p: Principal, scope: keyof Holdings): readonly string[] {
  if (scope === 'serviceGroupId') return p.groupIds;
  if (scope === 'providerId') return p.providerId ? [p.providerId] : [];
  return p.engineerId ? [p.engineerId] : [];
}

/** Whether the principal's role acts as this handler (scope aside). */
export const actsAs = (p: Principal, handler: HandlerKind) => HANDLERS[handler].roles?.includes(p.role) ?? true;

/** The ids the principal must match in the handler's scope column: null for every order, [] for none. */
export function handlerScopeIds(p: Principal, handler: HandlerKind): readonly string[] | null {
  const h = HANDLERS[handler];
  if (!actsAs(p, handler)) return [];
  return h.scope ? principalIds(p, h.scope) : null;
}

/** Whether this principal is the handler `handler` of an order holding these. */
export function isHandler(p: Principal, handler: HandlerKind, row: Holdings): boolean {
  const ids = handlerScopeIds(p, handler);
  if (ids === null) return true;
  const scope = HANDLERS[handler].scope!;
  const held = row[scope];
  return !!held && ids.includes(held);
}

/** Whether this principal handles the node the order waits at (DESIGN.md's handler column). */
export function handles(p: Principal, kind: NodeKind, row: Holdings): boolean {
  const handler = NODE_ROLES[kind]?.handler;
  return !!handler && isHandler(p, handler, row);
}

/** The dispatch node kinds whose queues a principal's role works (each order then scoped by `isHandler`). */
export function queueKindsOf(p: Principal): NodeKind[] {
  return (Object.keys(NODE_ROLES) as NodeKind[]).filter((k) => {
    const handler = NODE_ROLES[k].handler;
    return !!handler && k in TARGETS_BY_NODE_KIND && HANDLERS[handler].roles !== null && actsAs(p, handler);
  });
}

/** The node action `action` at a node of this kind in this status, if there is one. */
export const nodeAction = (kind: NodeKind, action: OrderAction, status: OrderStatus): NodeAction | undefined =>
  NODE_ROLES[kind]?.actions.find((a) => a.action === action && a.status === status);

/** Whether the node's config switches the action off. */
export const switchedOff = (a: NodeAction, config: NodeSwitches | undefined) => !!a.unless && config?.[a.unless] === false;

/** The rule target kinds a dispatcher picks at a node: inside a group, the group's kind decides. */
export function targetsOf(kind: NodeKind, groupKind: 'engineers' | 'providers' | null | undefined): TargetKind[] {
  if (kind === 'group_internal_assign') return groupKind === 'providers' ? ['service_provider'] : ['engineer'];
  return TARGETS_BY_NODE_KIND[kind] ?? [];
}

// ---------------------------------------------------------------------------------------------
// Who hears about it
// ---------------------------------------------------------------------------------------------

/** Who receives a notification, resolved by the database in the statement that writes it. */
export type RecipientSet =
  | { users: string[] }
  | { engineers: string[] }
  | { groupDispatchersOf: string }
  | { providerDispatchersOf: string }
  | { companyDispatchers: true };

/**
 * How the database finds each audience (engine/dispatch/commit.ts builds its SQL from this): the
 * sign-ins of engineer records; a group's dispatchers (active users listed for the group); the
 * active users of a provider in the provider handler's roles; the active users in the company
 * roles that hear about company queues (admins handle them but are not notified).
 */
export const AUDIENCES = {
  providerRoles: HANDLERS.provider.roles as readonly Role[],
  companyRoles: ['dispatcher'] as readonly Role[],
};

/** Who hears about an order waiting with a handler; null when the order holds nobody the handler is scoped to. */
export function handlerRecipients(handler: HandlerKind, row: Holdings): RecipientSet | null {
  switch (handler) {
    case 'company':
      return { companyDispatchers: true };
    case 'group':
      return row.serviceGroupId ? { groupDispatchersOf: row.serviceGroupId } : null;
    case 'provider':
      return row.providerId ? { providerDispatchersOf: row.providerId } : null;
    case 'assignee':
      return row.engineerId ? { engineers: [row.engineerId] } : null;
  }
}

/** Who hears about an order waiting at a node of this kind (null: nobody the table names). */
export function nodeRecipients(kind: NodeKind, row: Holdings): RecipientSet | null {
  const handler = NODE_ROLES[kind]?.handler;
  return handler ? handlerRecipients(handler, row) : null;
}

/** The people an assignment notifies: the group's or provider's dispatchers, or the engineers' own sign-ins. */
export function assigneeRecipients(assignee: { type: TargetKind; id: string }, collaborators: { id: string }[]): RecipientSet {
  switch (assignee.type) {
    case 'service_group':
      return { groupDispatchersOf: assignee.id };
    case 'service_provider':
      return { providerDispatchersOf: assignee.id };
    default:
      return { engineers: [assignee.id, ...collaborators.map((c) => c.id)] };
  }
}

/**
 * Who hears of an SLA breach: the engineer holding the order; else the handlers of the node it
 * waits at; else (node unknown) the provider, else the group holding it. The caller falls back on
 * the company's dispatchers when these resolve to nobody, so a breach never goes unseen.
 */
export function breachAudience(kind: NodeKind | undefined, row: Holdings): RecipientSet | null {
  if (row.engineerId) return { engineers: [row.engineerId] };
  if (kind) return nodeRecipients(kind, row);
  return handlerRecipients('provider', row) ?? handlerRecipients('group', row);
}

// ---------------------------------------------------------------------------------------------
// The actions an order offers its caller
// ---------------------------------------------------------------------------------------------

export interface ActionOrder extends Holdings {
  status: OrderStatus;
  currentNodeId: string | null;
  nodePath: readonly string[];
}

export interface ActionNode {
  kind: NodeKind;
  config?: NodeSwitches;
}

export const isClosed = (status: OrderStatus) => status === 'completed' || status === 'cancelled';

/** Whether the principal may reallocate at all (permission and role). */
export const mayReallocate = (p: Principal) => p.permissions.includes('reallocate') && REALLOCATING_ROLES.includes(p.role);

/** What the order holds per target kind (engineers and provider engineers alike hold `engineerId`). */
export const heldAs = (row: Holdings, type: TargetKind): string | null =>
  ({ service_group: row.serviceGroupId, service_provider: row.providerId, engineer: row.engineerId, provider_engineer: row.engineerId })[type];

/**
 * The node on the order's path (latest first, not the current one) that assigned what it holds as
 * `type`: the assignment a reallocation changes.
 */
export function assigningNode<N extends ActionNode & { id: string }>(
  order: Pick<ActionOrder, 'nodePath' | 'currentNodeId'>,
  type: TargetKind,
  node: (id: string) => N | undefined,
  groupKind: 'engineers' | 'providers' | null | undefined,
): N | undefined {
  return [...order.nodePath]
    .reverse()
    .map(node)
    .find((n) => !!n && n.id !== order.currentNodeId && targetsOf(n.kind, groupKind).includes(type));
}

/**
 * The actions this principal may take on this order now: the node's actions whose status fits, if
 * they handle it and the node allows it; and reallocate, with the permission, on an open order that
 * holds an assignment made at an earlier node.
 */
export function allowedActions(
  p: Principal,
  order: ActionOrder,
  node: (id: string) => (ActionNode & { id: string }) | undefined,
  groupKind: 'engineers' | 'providers' | null | undefined,
): OrderAction[] {
  const out: OrderAction[] = [];
  const current = order.currentNodeId ? node(order.currentNodeId) : undefined;
  if (current && handles(p, current.kind, order)) {
    for (const a of NODE_ROLES[current.kind].actions) {
      if (a.status === order.status && !switchedOff(a, current.config)) out.push(a.action);
    }
  }
  if (mayReallocate(p) && !isClosed(order.status)) {
    const types: TargetKind[] = ['service_group', 'service_provider', 'engineer', 'provider_engineer'];
    if (types.some((t) => heldAs(order, t) && assigningNode(order, t, node, groupKind))) out.push('reallocate');
  }
  return ORDER_ACTIONS.filter((a) => out.includes(a));
}

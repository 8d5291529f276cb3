// The order page: the order in the caller's scope, with the names behind its ids, its history
// (each decision's trace kept in data.trace), the notifications it sent, and whether work on it is
// paused (engine/orders/work-state.ts).
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import type { FlowGraph } from '../flow';
import { getOrder } from '../orders';
import { actionsFor } from '../orders/allowed-actions';
import { pausedAfter } from '../orders/work-state';
import type { Principal } from '../principal';

export async function getOrderDetail(db: Db, principal: Principal, id: string) {
  const { order, events } = await getOrder(db, principal, id);
  const engineerIds = [order.engineerId, order.field_outDealUser, ...order.collaboratorIds].filter((x): x is string => !!x);
  const userIds = [order.assign_user, order.createdBy, ...events.map((e) => (e.actorType === 'user' ? e.actorId : null))].filter((x): x is string => !!x);
  const [notifications, engineers, users, groups, providers, version] = await Promise.all([
    db
      .select({
        id: s.notifications.id,
        kind: s.notifications.kind,
        title: s.notifications.title,
        body: s.notifications.body,
        createdAt: s.notifications.createdAt,
        readAt: s.notifications.readAt,
        eventId: s.notifications.eventId,
        recipientId: s.notifications.recipientId,
        recipientName: s.users.name,
        recipientRole: s.users.role,
        recipientProviderId: s.users.providerId,
      })
      .from(s.notifications)
      .innerJoin(s.users, eq(s.users.id, s.notifications.recipientId))
      .where(eq(s.notifications.orderId, id))
      .orderBy(asc(s.notifications.id))
      .limit(500),
    engineerIds.length
      ? db.select({ id: s.engineers.id, name: s.engineers.name }).from(s.engineers).where(inArray(s.engineers.id, engineerIds))
      : Promise.resolve([]),
    userIds.length ? db.select({ id: s.users.id, name: s.users.name }).from(s.users).where(inArray(s.users.id, [...new Set(userIds)])) : Promise.resolve([]),
    db.select({ id: s.serviceGroups.id, name: s.serviceGroups.name }).from(s.serviceGroups),
    db.select({ id: s.serviceProviders.id, name: s.serviceProviders.name }).from(s.serviceProviders),
    order.flowVersionId
      ? db.select({ graph: s.flowVersions.graph, version: s.flowVersions.version, flowName: s.flows.name }).from(s.flowVersions).innerJoin(s.flows, eq(s.flows.id, s.flowVersions.flowId)).where(eq(s.flowVersions.id, order.flowVersionId))
      : Promise.resolve([]),
  ]);
  // Names only of what this order and its history refer to (not the whole directory); for provider
  // roles the history is already redacted (engine/orders/redact.ts), so other providers and groups are not named.
  const referenced = new Set<string>();
  collectStrings([order.serviceGroupId, order.providerId, order.field_partner, events.map((e) => e.data)], referenced);
  const names: Record<string, string> = {};
  for (const x of [...engineers, ...users, ...groups.filter((g) => referenced.has(g.id)), ...providers.filter((p) => referenced.has(p.id))]) names[x.id] = x.name;
  const graph = version[0]?.graph as FlowGraph | undefined;
  const nodes: Record<string, { label: string; kind: string }> = {};
  for (const n of graph?.nodes ?? []) nodes[n.id] = { label: n.label ?? n.id, kind: n.kind };
  // Engineers see only their own notifications, provider dispatchers those sent to their own provider's
  // people; dispatchers and admins see every one the order sent.
  const visible = notifications
    .filter((n) =>
      principal.role === 'engineer' || principal.role === 'provider_engineer'
        ? n.recipientId === principal.id
        : principal.role === 'provider_dispatcher'
          ? n.recipientId === principal.id || (!!principal.providerId && n.recipientProviderId === principal.providerId)
          : true,
    )
    .map(({ recipientProviderId: _, ...n }) => n);
  // What the caller may do to the order now (the page shows these buttons and no others).
  const [actions] = await actionsFor(db, principal, [order]);
  return {
    order,
    events,
    notifications: visible,
    names,
    nodes,
    flow: version[0] ? { name: version[0].flowName, version: version[0].version } : null,
    actions,
    /** Work was started and paused, and has not started again (the status says accepted). */
    paused: pausedAfter(order.status, events),
  };
}

function collectStrings(v: unknown, into: Set<string>) {
  if (typeof v === 'string') into.add(v);
  else if (Array.isArray(v)) for (const x of v) collectStrings(x, into);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) collectStrings(x, into);
}

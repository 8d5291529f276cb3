// Queues made by the flows: the dispatch nodes of published flow versions that a principal handles
// (the node-roles table, engine/flow/node-roles.ts, which engine/dispatch `handles` reads too), the
// orders waiting at them, scoped on the server, and the to-do list over them with paging, sorting
// and filters in SQL.
import { and, asc, count, desc, eq, ilike, inArray, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { isDispatchNodeKind, type NodeKind } from '../../dsl';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import type { FlowGraph } from '../flow';
import { HANDLERS, NODE_ROLES, handlerScopeIds, queueKindsOf } from '../flow/node-roles';
import { actionsFor } from '../orders/allowed-actions';
import { ownerBookings, scheduleFieldsOf } from '../orders/schedule';
import type { Principal } from '../principal';

export interface QueueNode {
  /** `${flowId}/${nodeId}`: one queue per dispatch node of a flow, over all its published versions. */
  key: string;
  flowId: string;
  flowName: string;
  nodeId: string;
  kind: NodeKind;
  label: string;
  overdueMinutes: number | null;
  allowReject: boolean;
  allowReassign: boolean;
}

export interface Queue extends QueueNode {
  count: number;
  overdue: number;
}

export const DEFAULT_OVERDUE_MINUTES = 60;

/** The node kinds this role handles in a queue (handled by whom is scoped per order below). */
export const kindsHandledBy = (p: Principal): NodeKind[] => queueKindsOf(p);

// Published versions never change and new ones are rare: a short per-database cache spares each
// queue call a read and parse of every graph.
const NODE_CACHE_MS = 2_000;
const nodeCache = new WeakMap<object, { at: number; nodes: Promise<QueueNode[]> }>();

/** Every dispatch node of the published flow versions (cached for a moment per database). */
export function loadQueueNodes(db: DbOrTx): Promise<QueueNode[]> {
  const hit = nodeCache.get(db);
  if (hit && Date.now() - hit.at < NODE_CACHE_MS) return hit.nodes;
  const nodes = readQueueNodes(db);
  nodeCache.set(db, { at: Date.now(), nodes });
  nodes.catch(() => nodeCache.delete(db));
  return nodes;
}

/** Every dispatch node of the published flow versions, the latest version's label and settings winning. */
async function readQueueNodes(db: DbOrTx): Promise<QueueNode[]> {
  const rows = await db
    .select({ flowId: s.flowVersions.flowId, version: s.flowVersions.version, graph: s.flowVersions.graph, name: s.flows.name })
    .from(s.flowVersions)
    .innerJoin(s.flows, eq(s.flows.id, s.flowVersions.flowId))
    .orderBy(asc(s.flowVersions.flowId), asc(s.flowVersions.version));
  const byKey = new Map<string, QueueNode>();
  for (const r of rows) {
    const graph = r.graph as FlowGraph;
    for (const n of graph.nodes ?? []) {
      if (!isDispatchNodeKind(n.kind)) continue;
      const key = `${r.flowId}/${n.id}`;
      byKey.set(key, {
        key,
        flowId: r.flowId,
        flowName: r.name,
        nodeId: n.id,
        kind: n.kind,
        label: n.label ?? n.id,
        overdueMinutes: typeof n.config?.overdueMinutes === 'number' ? n.config.overdueMinutes : null,
        allowReject: n.config?.allowReject !== false,
        allowReassign: n.config?.allowReassign !== false,
      });
    }
  }
  return [...byKey.values()];
}

/** The queue nodes a principal handles. */
export async function handledQueueNodes(db: DbOrTx, p: Principal): Promise<QueueNode[]> {
  const kinds = kindsHandledBy(p);
  if (!kinds.length) return [];
  return (await loadQueueNodes(db)).filter((n) => kinds.includes(n.kind));
}

/** The per-order part of `handles()` in SQL: which of the handled nodes' orders are this principal's. */
export function orderHandlerScope(p: Principal): SQL {
  const handlers = [...new Set(kindsHandledBy(p).map((k) => NODE_ROLES[k].handler!))];
  const parts = handlers.map((h) => {
    const ids = handlerScopeIds(p, h);
    if (ids === null) return sql`true`;
    if (!ids.length) return sql`false`;
    const column = { serviceGroupId: s.workOrders.serviceGroupId, providerId: s.workOrders.providerId, engineerId: s.workOrders.engineerId }[HANDLERS[h].scope!];
    return inArray(column, [...ids]);
  });
  return parts.length ? (parts.length === 1 ? parts[0] : or(...parts)!) : sql`false`;
}

function atNodes(nodes: QueueNode[]): SQL {
  if (!nodes.length) return sql`false`;
  const o = s.workOrders;
  return sql`(${o.flowId}, ${o.currentNodeId}) in (${sql.join(
    nodes.map((n) => sql`(${n.flowId}, ${n.nodeId})`),
    sql`, `,
  )})`;
}

/** Pending orders at the given nodes that this principal handles: exactly the orders `handles()` lets them assign. */
export function pendingScope(p: Principal, nodes: QueueNode[]): SQL {
  return and(eq(s.workOrders.status, 'pending_assignment'), atNodes(nodes), orderHandlerScope(p))!;
}

const overdueMinutesOf = (n: QueueNode) => n.overdueMinutes ?? DEFAULT_OVERDUE_MINUTES;

/** The principal's queues with their pending and overdue counts. */
export async function listQueues(db: DbOrTx, p: Principal, now: Date = new Date()): Promise<{ queues: Queue[]; total: number; overdue: number }> {
  const nodes = await handledQueueNodes(db, p);
  if (!nodes.length) return { queues: [], total: 0, overdue: 0 };
  const o = s.workOrders;
  // Overdue: waiting at the node longer than the node's overdueMinutes.
  const minutes = sql.join(
    nodes.map((n) => sql`when ${o.flowId} = ${n.flowId} and ${o.currentNodeId} = ${n.nodeId} then ${overdueMinutesOf(n)}::int`),
    sql` `,
  );
  const rows = await db
    .select({
      flowId: o.flowId,
      nodeId: o.currentNodeId,
      count: count(),
      overdue: sql<number>`count(*) filter (where ${o.nodeEnteredAt} < ${now.toISOString()}::timestamptz - make_interval(mins => case ${minutes} end))`.mapWith(Number),
    })
    .from(o)
    .where(pendingScope(p, nodes))
    .groupBy(o.flowId, o.currentNodeId);
  const counts = new Map(rows.map((r) => [`${r.flowId}/${r.nodeId}`, r]));
  const queues = nodes.map((n) => ({ ...n, count: counts.get(n.key)?.count ?? 0, overdue: counts.get(n.key)?.overdue ?? 0 }));
  return { queues, total: queues.reduce((a, q) => a + q.count, 0), overdue: queues.reduce((a, q) => a + q.overdue, 0) };
}

// ---------------------------------------------------------------------------------------------
// The to-do list
// ---------------------------------------------------------------------------------------------
export const QUEUE_SORTS = ['slaDue', 'respondBy', 'priority', 'createdAt', 'waiting', 'number', 'customer', 'category', 'region'] as const;

export const queueOrdersInput = z.object({
  queue: z.string().min(1).max(300).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(25),
  sort: z.enum(QUEUE_SORTS).default('slaDue'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  filters: z
    .object({
      priority: z.array(z.enum(s.PRIORITIES)).max(4).default([]),
      category: z.array(z.string().max(60)).max(50).default([]),
      region: z.array(z.string().max(60)).max(50).default([]),
      /** 'overdue', or due within N hours (e.g. 'within:4'). */
      slaDue: z
        .string()
        .max(20)
        .regex(/^(overdue|within:\d{1,4})$/, 'overdue or within:<hours>')
        .optional(),
      text: z.string().trim().max(100).optional(),
    })
    .default({ priority: [], category: [], region: [] }),
});
export type QueueOrdersInput = z.input<typeof queueOrdersInput>;


function sortExpr(sort: (typeof QUEUE_SORTS)[number]): SQL | AnyColumn {
  const o = s.workOrders;
  switch (sort) {
    case 'slaDue':
      return o.resolveBy;
    case 'respondBy':
      return o.respondBy;
    case 'priority':
      // The enum sorts in its declared order: Low < Medium < High < Urgent.
      return o.priority;
    case 'createdAt':
      return o.createdAt;
    case 'waiting':
      return o.nodeEnteredAt;
    case 'number':
      return o.number;
    case 'customer':
      return o.customerName;
    case 'category':
      return o.category;
    case 'region':
      return o.region;
  }
}

/** One page of the to-do list: the orders waiting in the principal's queues (or one of them). */
export async function listQueueOrders(db: DbOrTx, p: Principal, raw: QueueOrdersInput, now: Date = new Date()) {
  const input = queueOrdersInput.parse(raw);
  const all = await handledQueueNodes(db, p);
  const nodes = input.queue ? all.filter((n) => n.key === input.queue) : all;
  const o = s.workOrders;
  const f = input.filters;
  const text = f.text?.replace(/[%_\\]/g, (c) => `\\${c}`);
  const conditions: (SQL | undefined)[] = [
    pendingScope(p, nodes),
    f.priority.length ? inArray(o.priority, f.priority) : undefined,
    f.category.length ? inArray(o.category, f.category) : undefined,
    f.region.length ? inArray(o.region, f.region) : undefined,
    f.slaDue === 'overdue'
      ? lt(o.resolveBy, now)
      : f.slaDue
        ? and(sql`${o.resolveBy} >= ${now.toISOString()}::timestamptz`, lt(o.resolveBy, new Date(now.getTime() + Number(f.slaDue.split(':')[1]) * 3600_000)))
        : undefined,
    text ? or(ilike(o.number, `%${text}%`), ilike(o.title, `%${text}%`), ilike(o.customerName, `%${text}%`), ilike(o.city, `%${text}%`)) : undefined,
  ];
  const where = and(...conditions);
  const column = sortExpr(input.sort);
  const order = input.direction === 'asc' ? asc(column as SQL) : desc(column as SQL);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: o.id,
        number: o.number,
        version: o.version,
        title: o.title,
        category: o.category,
        priority: o.priority,
        customerName: o.customerName,
        customerTier: o.customerTier,
        city: o.city,
        region: o.region,
        street: o.street,
        postcode: o.postcode,
        lat: o.lat,
        lng: o.lng,
        status: o.status,
        source: o.source,
        tags: o.tags,
        requiredSkills: o.requiredSkills,
        respondBy: o.respondBy,
        resolveBy: o.resolveBy,
        createdAt: o.createdAt,
        nodeEnteredAt: o.nodeEnteredAt,
        flowId: o.flowId,
        flowVersionId: o.flowVersionId,
        currentNodeId: o.currentNodeId,
        nodePath: o.nodePath,
        engineerId: o.engineerId,
        serviceGroupId: o.serviceGroupId,
        serviceGroupName: s.serviceGroups.name,
        providerId: o.providerId,
        providerName: s.serviceProviders.name,
        durationMinutes: o.durationMinutes,
        windowStart: o.windowStart,
        windowEnd: o.windowEnd,
      })
      .from(o)
      .leftJoin(s.serviceGroups, eq(s.serviceGroups.id, o.serviceGroupId))
      .leftJoin(s.serviceProviders, eq(s.serviceProviders.id, o.providerId))
      .where(where)
      .orderBy(order, asc(o.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ n: count() }).from(o).where(where),
  ]);
  const byKey = new Map(all.map((n) => [n.key, n]));
  // Provider dispatchers are not shown the service group an order came through.
  const hideGroup = p.role === 'provider_dispatcher';
  // What the caller may do to each row (before any redaction: the table reads what the order holds).
  const [actions, bookings] = await Promise.all([actionsFor(db, p, rows), ownerBookings(db, rows)]);
  return {
    rows: rows.map(({ flowVersionId: _v, nodePath: _p, engineerId: _e, windowStart: _ws, windowEnd: _we, ...r }, i) => {
      const node = byKey.get(`${r.flowId}/${r.currentNodeId}`);
      const overdueAt = r.nodeEnteredAt && node ? new Date(r.nodeEnteredAt.getTime() + overdueMinutesOf(node) * 60_000) : null;
      return {
        ...r,
        ...(hideGroup ? { serviceGroupId: null, serviceGroupName: null } : {}),
        hasLocation: r.lat !== null && r.lng !== null,
        queue: node ? { key: node.key, label: node.label, kind: node.kind } : null,
        waitingOverdue: !!overdueAt && overdueAt < now,
        // durationMinutes, window, booking, lateForSla (a booking after the resolve-by is a warning).
        ...scheduleFieldsOf(rows[i], bookings.get(r.id)),
        actions: actions[i],
      };
    }),
    total: total.n,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** Distinct values for the filter pickers, within the principal's queues. */
export async function queueFilterOptions(db: DbOrTx, p: Principal) {
  const nodes = await handledQueueNodes(db, p);
  const o = s.workOrders;
  const where = pendingScope(p, nodes);
  // One pass over the pending orders for both pickers.
  const [row] = await db
    .select({
      categories: sql<string[]>`coalesce(array_agg(distinct ${o.category} order by ${o.category}), '{}')`,
      regions: sql<string[]>`coalesce(array_agg(distinct ${o.region} order by ${o.region}), '{}')`,
    })
    .from(o)
    .where(where);
  return { categories: row?.categories ?? [], regions: (row?.regions ?? []).filter(Boolean), priorities: [...s.PRIORITIES] };
}

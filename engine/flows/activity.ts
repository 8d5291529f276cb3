// A flow version's traffic, for the canvas's Activity overlay: per node the orders waiting there
// now, the orders that entered it in a period, the share auto-dispatched, the median wait and the
// SLA breaches; per edge the orders that took it; rejects and declines as the loops they are.
//
// The order's visits are rebuilt from its history in SQL (one statement, aggregates only): every
// event that means "the order is at this node" carries the node's id (commit.ts, actions.ts), so
// the events of one order, in id order, split into runs of one node id: one visit each. Nodes the
// runner passes without an event (start, engineer_accept and field_service on arrival, end) are
// the start (before the first event) and the order's current node (after the last). A visit is
// entered when the one before it ended (its last event), and left at its own last event.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { NotFoundError, ValidationError } from '../errors';
import type { FlowGraph } from '../flow';

/** Events that place the order at their node. Bookings, SLA breaches and reallocations are written
 * with the node the order was at before or after the change, so they say nothing of where it went. */
const AT_NODE_EVENTS = ['entered_node', 'auto_assigned', 'assigned', 'queued', 'reassigned', 'rejected', 'accepted', 'declined', 'started', 'completed', 'cancelled'] as const;

const MAX_SPAN_DAYS = 366;

export const activityInput = z.object({
  flowId: z.string().trim().min(1).max(200),
  /** The published version; the latest when left out. */
  version: z.number().int().min(1).optional(),
  from: z.coerce.date(),
  to: z.coerce.date(),
});
export type ActivityInput = z.infer<typeof activityInput>;

export interface NodeActivity {
  /** Orders at the node now, not completed or cancelled. */
  waiting: number;
  /** Orders that entered the node in the period (each once, however often it came back). */
  passed: number;
  /** Decisions made at the node in the period: by a rule, and by a person. */
  auto: number;
  manual: number;
  /** auto / (auto + manual); null at a node where nothing was decided. */
  autoShare: number | null;
  /** Median time from entering the node to leaving it, of the visits that left it in the period. */
  medianWaitMs: number | null;
  /** Orders whose respond-by or resolve-by passed while they were at the node, in the period. */
  breaches: number;
}

export interface EdgeActivity {
  from: string;
  to: string;
  count: number;
}

/** An order sent back along its path: a decline (to the last dispatch step), a reject (upstream), or a reallocation back to acceptance. */
export interface LoopActivity extends EdgeActivity {
  kind: 'declined' | 'rejected' | 'returned';
}

export interface FlowActivity {
  flowId: string;
  version: number;
  versionId: string;
  from: Date;
  to: Date;
  /** Orders with any movement in the period. */
  orders: number;
  nodes: Record<string, NodeActivity>;
  edges: EdgeActivity[];
  loops: LoopActivity[];
}

/** The period checked: `to` after `from`, at most a year. */
export function checkPeriod(from: Date, to: Date) {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new ValidationError('The period needs a valid start and end', { from: ['Give a date and time'] });
  if (to <= from) throw new ValidationError('The period ends before it starts', { to: ['Choose an end after the start'] });
  if (to.getTime() - from.getTime() > MAX_SPAN_DAYS * 86_400_000) {
    throw new ValidationError(`The period is longer than ${MAX_SPAN_DAYS} days`, { from: [`Choose at most ${MAX_SPAN_DAYS} days`] });
  }
}

async function versionRow(db: Db, flowId: string, version: number | undefined) {
  const [row] = await db
    .select({ id: s.flowVersions.id, version: s.flowVersions.version, graph: s.flowVersions.graph })
    .from(s.flowVersions)
    .where(version === undefined ? eq(s.flowVersions.flowId, flowId) : and(eq(s.flowVersions.flowId, flowId), eq(s.flowVersions.version, version)))
    .orderBy(desc(s.flowVersions.version))
    .limit(1);
  if (!row) throw new NotFoundError(version === undefined ? 'Published version of flow' : 'Flow version', version === undefined ? flowId : `${flowId} v${version}`);
  return { ...row, graph: row.graph as FlowGraph };
}

const inPeriod = (column: SQL, from: Date, to: Date) => sql`${column} >= ${from.toISOString()}::timestamptz AND ${column} < ${to.toISOString()}::timestamptz`;

/**
 * The visits of the version's orders that moved in the period: one row per order and visit, with
 * the node, when it was entered and left (ms), the event it left by, and whether a rule or a person
 * decided there. Orders are picked by `updated_at`: every event is written with an update of its
 * order, so an order that moved in the period was updated in it or later.
 */
function visitsSql(versionId: string, startId: string, from: Date, to: Date): SQL {
  const types = sql.join(
    AT_NODE_EVENTS.map((t) => sql`${t}`),
    sql`, `,
  );
  return sql`
    o AS (
      SELECT w.id, w.created_at, w.current_node_id, w.node_entered_at
      FROM work_orders w
      WHERE w.flow_version_id = ${versionId} AND w.created_at < ${to.toISOString()}::timestamptz AND w.updated_at >= ${from.toISOString()}::timestamptz
    ),
    ev AS (
      SELECT e.order_id, e.id AS seq, e.node_id, e.type::text AS type, e.created_at AS at
      FROM o CROSS JOIN LATERAL (
        -- OFFSET 0 keeps this a lookup per order (order_events_order_idx), not a scan of the whole history.
        SELECT * FROM order_events x WHERE x.order_id = o.id AND x.node_id IS NOT NULL AND x.type = ANY (ARRAY[${types}]::order_event_type[]) OFFSET 0
      ) e
      UNION ALL
      SELECT o.id, 9223372036854775807, o.current_node_id, 'here', o.node_entered_at FROM o WHERE o.current_node_id IS NOT NULL
    ),
    m AS (
      SELECT ev.*, lag(node_id) OVER w AS prev_node, lag(type) OVER w AS via, lag(at) OVER w AS prev_at
      FROM ev WINDOW w AS (PARTITION BY order_id COLLATE "C" ORDER BY seq)
    ),
    -- A visit's first row: entered when the row before it (the last of the visit before) happened;
    -- left when the next visit was entered. The first visit comes from the start, at creation.
    seq AS (
      SELECT order_id, node_id, coalesce(prev_node, ${startId}::text) AS prev_node, CASE WHEN prev_node IS NULL THEN 'created' ELSE via END AS via,
             coalesce(prev_at, at) AS entered_at, lead(prev_at) OVER w AS left_at
      FROM m WHERE prev_node IS DISTINCT FROM node_id
      WINDOW w AS (PARTITION BY order_id COLLATE "C" ORDER BY seq)
    )`;
}

/** The ids of the orders that entered `nodeId` of the version in the period, for the orders list (same visits as the figures). */
export function ordersThroughNodeSql(versionId: string, startId: string, nodeId: string, from: Date, to: Date): SQL {
  if (nodeId === startId) {
    return sql`(SELECT w.id FROM work_orders w WHERE w.flow_version_id = ${versionId} AND ${inPeriod(sql`w.created_at`, from, to)})`;
  }
  return sql`(WITH ${visitsSql(versionId, startId, from, to)} SELECT DISTINCT order_id FROM seq WHERE node_id = ${nodeId} AND ${inPeriod(sql`entered_at`, from, to)})`;
}

interface Row {
  nodes: { node: string; passed: number; auto: number; manual: number; median_ms: number | null }[] | null;
  edges: { from: string; to: string; via: string | null; n: number }[] | null;
  waiting: { node: string; n: number }[] | null;
  breaches: { node: string; n: number }[] | null;
  orders: number;
  started: number;
}

export async function flowActivity(db: Db, raw: ActivityInput): Promise<FlowActivity> {
  const parsed = activityInput.safeParse(raw);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  const input = parsed.data;
  checkPeriod(input.from, input.to);
  const v = await versionRow(db, input.flowId, input.version);
  const start = v.graph.nodes.find((n) => n.kind === 'start');
  if (!start) throw new ValidationError(`Version ${v.version} of flow "${input.flowId}" has no start node`);
  const { from, to } = input;
  // One statement; its sorts (10,000 orders: some 80,000 history rows) fit in memory with a little more than the default work_mem.
  const [row] = await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL work_mem = '32MB'`);
    return queryRows<Row>(tx, activitySql(v.id, start.id, from, to));
  });
  return figuresOf(input, v, start.id, row);
}

/** The one statement of the figures (exported for EXPLAIN in bench:activity). */
export function activitySql(versionId: string, startId: string, from: Date, to: Date): SQL {
  return sql`WITH ${visitsSql(versionId, startId, from, to)},
      visit_figures AS (
        SELECT node_id AS node,
               count(DISTINCT order_id COLLATE "C") FILTER (WHERE ${inPeriod(sql`entered_at`, from, to)})::int AS passed,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered_at) * 1000) FILTER (WHERE ${inPeriod(sql`left_at`, from, to)}) AS median_ms
        FROM seq GROUP BY node_id
      ),
      -- Decisions straight from the history by type and time (order_events_type_idx), so the visits above are read once.
      decisions AS (
        SELECT e.node_id AS node, count(*) FILTER (WHERE e.type = 'auto_assigned')::int AS auto, count(*) FILTER (WHERE e.type = 'assigned')::int AS manual
        FROM order_events e JOIN o ON o.id = e.order_id
        WHERE e.type IN ('auto_assigned', 'assigned') AND e.node_id IS NOT NULL AND ${inPeriod(sql`e.created_at`, from, to)} GROUP BY e.node_id
      ),
      per_node AS (
        SELECT v.node, v.passed, coalesce(d.auto, 0) AS auto, coalesce(d.manual, 0) AS manual, v.median_ms
        FROM visit_figures v LEFT JOIN decisions d ON d.node = v.node
      ),
      per_edge AS (
        SELECT prev_node AS "from", node_id AS "to", via, count(*)::int AS n
        FROM seq WHERE prev_node IS NOT NULL AND ${inPeriod(sql`entered_at`, from, to)}
        GROUP BY prev_node, node_id, via
      )
      SELECT
        (SELECT json_agg(per_node) FROM per_node) AS nodes,
        (SELECT json_agg(per_edge) FROM per_edge) AS edges,
        (SELECT json_agg(x) FROM (
          SELECT current_node_id AS node, count(*)::int AS n FROM work_orders
          WHERE flow_version_id = ${versionId} AND status NOT IN ('completed', 'cancelled') AND current_node_id IS NOT NULL
          GROUP BY current_node_id) x) AS waiting,
        (SELECT json_agg(x) FROM (
          SELECT e.node_id AS node, count(DISTINCT e.order_id)::int AS n FROM o JOIN order_events e ON e.order_id = o.id
          WHERE e.type = 'sla_breached' AND e.node_id IS NOT NULL AND ${inPeriod(sql`e.created_at`, from, to)}
          GROUP BY e.node_id) x) AS breaches,
        (SELECT count(DISTINCT order_id COLLATE "C")::int FROM seq WHERE ${inPeriod(sql`entered_at`, from, to)} OR ${inPeriod(sql`left_at`, from, to)}) AS orders,
        (SELECT count(*)::int FROM o WHERE ${inPeriod(sql`created_at`, from, to)}) AS started`;
}

function figuresOf(input: ActivityInput, v: { id: string; version: number; graph: FlowGraph }, startId: string, row: Row): FlowActivity {
  const { from, to } = input;

  const nodes: Record<string, NodeActivity> = {};
  for (const n of v.graph.nodes) nodes[n.id] = { waiting: 0, passed: 0, auto: 0, manual: 0, autoShare: null, medianWaitMs: null, breaches: 0 };
  const known = (id: string) => nodes[id] !== undefined;
  for (const r of row.nodes ?? []) {
    if (!known(r.node)) continue;
    const decided = r.auto + r.manual;
    Object.assign(nodes[r.node], {
      passed: r.passed,
      auto: r.auto,
      manual: r.manual,
      autoShare: decided ? r.auto / decided : null,
      medianWaitMs: r.median_ms === null ? null : Math.round(r.median_ms),
    });
  }
  // The start has no visits of its own: every order passes it when it is created.
  nodes[startId].passed = row.started;
  for (const r of row.waiting ?? []) if (known(r.node)) nodes[r.node].waiting = r.n;
  for (const r of row.breaches ?? []) if (known(r.node)) nodes[r.node].breaches = r.n;

  const graphEdges = new Set(v.graph.edges.map((e) => `${e.from}\n${e.to}`));
  const edges = new Map<string, EdgeActivity>(v.graph.edges.map((e) => [`${e.from}\n${e.to}`, { from: e.from, to: e.to, count: 0 }]));
  const loops = new Map<string, LoopActivity>();
  for (const r of row.edges ?? []) {
    if (!known(r.from) || !known(r.to)) continue;
    const key = `${r.from}\n${r.to}`;
    if (graphEdges.has(key)) {
      edges.get(key)!.count += r.n;
      continue;
    }
    const kind = r.via === 'declined' ? 'declined' : r.via === 'rejected' ? 'rejected' : 'returned';
    const loopKey = `${key}\n${kind}`;
    const loop = loops.get(loopKey) ?? { from: r.from, to: r.to, kind, count: 0 };
    loop.count += r.n;
    loops.set(loopKey, loop);
  }
  return {
    flowId: input.flowId,
    version: v.version,
    versionId: v.id,
    from,
    to,
    orders: row.orders ?? 0,
    nodes,
    edges: [...edges.values()],
    loops: [...loops.values()].sort((a, b) => b.count - a.count),
  };
}

/** The version and start node the orders list needs to filter by a node's traffic. */
export async function activityVersion(db: Db, flowId: string, version: number | undefined) {
  const v = await versionRow(db, flowId, version);
  const start = v.graph.nodes.find((n) => n.kind === 'start');
  return { versionId: v.id, version: v.version, startId: start?.id ?? 'start', nodeIds: v.graph.nodes.map((n) => n.id) };
}

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
      SELECT o.id AS order_id, 0::bigint AS seq, ${startId}::text AS node_id, 'created'::text AS type, o.created_at AS at FROM o
      UNION ALL
      SELECT e.order_id, e.id, e.node_id, e.type::text, e.created_at
      FROM o JOIN order_events e ON e.order_id = o.id
      WHERE e.node_id IS NOT NULL AND e.type::text IN (${types})
      UNION ALL
      SELECT o.id, 9223372036854775807, o.current_node_id, 'here', o.node_entered_at FROM o WHERE o.current_node_id IS NOT NULL
    ),
    marked AS (
      SELECT ev.*, CASE WHEN node_id IS DISTINCT FROM lag(node_id) OVER (PARTITION BY order_id ORDER BY seq) THEN 1 ELSE 0 END AS fresh FROM ev
    ),
    numbered AS (
      SELECT m.*, sum(fresh) OVER (PARTITION BY order_id ORDER BY seq) AS visit FROM marked m
    ),
    visits AS (
      SELECT order_id, visit, min(node_id) AS node_id,
             max(at) FILTER (WHERE type <> 'here') AS last_at,
             (array_agg(type ORDER BY seq DESC) FILTER (WHERE type <> 'here'))[1] AS last_type,
             bool_or(type = 'auto_assigned') AS auto, bool_or(type = 'assigned') AS manual
      FROM numbered GROUP BY order_id, visit
    ),
    seq AS (
      SELECT v.order_id, v.node_id, v.auto, v.manual,
             lag(v.node_id) OVER w AS prev_node, lag(v.last_type) OVER w AS via,
             coalesce(lag(v.last_at) OVER w, v.last_at) AS entered_at,
             CASE WHEN lead(v.visit) OVER w IS NOT NULL THEN v.last_at END AS left_at
      FROM visits v WINDOW w AS (PARTITION BY v.order_id ORDER BY v.visit)
    )`;
}

/** The ids of the orders that entered `nodeId` of the version in the period, for the orders list (same visits as the figures). */
export function ordersThroughNodeSql(versionId: string, startId: string, nodeId: string, from: Date, to: Date): SQL {
  return sql`(WITH ${visitsSql(versionId, startId, from, to)} SELECT DISTINCT order_id FROM seq WHERE node_id = ${nodeId} AND ${inPeriod(sql`entered_at`, from, to)})`;
}

interface Row {
  nodes: { node: string; passed: number; auto: number; manual: number; median_ms: number | null }[] | null;
  edges: { from: string; to: string; via: string | null; n: number }[] | null;
  waiting: { node: string; n: number }[] | null;
  breaches: { node: string; n: number }[] | null;
  orders: number;
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
  const [row] = await queryRows<Row>(
    db,
    sql`WITH ${visitsSql(v.id, start.id, from, to)},
      per_node AS (
        SELECT node_id AS node,
               count(DISTINCT order_id) FILTER (WHERE ${inPeriod(sql`entered_at`, from, to)})::int AS passed,
               count(*) FILTER (WHERE auto AND ${inPeriod(sql`left_at`, from, to)})::int AS auto,
               count(*) FILTER (WHERE manual AND ${inPeriod(sql`left_at`, from, to)})::int AS manual,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered_at) * 1000) FILTER (WHERE ${inPeriod(sql`left_at`, from, to)}) AS median_ms
        FROM seq GROUP BY node_id
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
          WHERE flow_version_id = ${v.id} AND status NOT IN ('completed', 'cancelled') AND current_node_id IS NOT NULL
          GROUP BY current_node_id) x) AS waiting,
        (SELECT json_agg(x) FROM (
          SELECT e.node_id AS node, count(DISTINCT e.order_id)::int AS n FROM o JOIN order_events e ON e.order_id = o.id
          WHERE e.type = 'sla_breached' AND e.node_id IS NOT NULL AND ${inPeriod(sql`e.created_at`, from, to)}
          GROUP BY e.node_id) x) AS breaches,
        (SELECT count(DISTINCT order_id)::int FROM seq WHERE ${inPeriod(sql`entered_at`, from, to)} OR ${inPeriod(sql`left_at`, from, to)}) AS orders`,
  );

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

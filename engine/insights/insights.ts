// Insights: dispatch figures over time, per bucket (a day or a week in the company's time zone) and
// split value, computed by the database in one grouped statement over the caller's order scope.
//
// Every figure counts the orders CREATED in a bucket (a cohort): of those, how many were assigned,
// how many first by a rule, how many met their SLA targets, how long they took to be assigned, how
// many still wait, how often a rule's decision was overridden. So every point is a set of orders the
// orders list can show (`insightOrdersCondition`), with the same definitions (`measureCondition`, over
// the facts of each order's history the engine keeps on its row, engine/insights/facts.ts).
import { inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { ForbiddenError, ValidationError } from '../errors';
import type { Principal } from '../principal';
import { isProviderRole } from '../orders/redact';
import { withScope } from '../orders/scope';

export const INSIGHT_PERIODS = ['7d', '30d', '90d', 'custom'] as const;
export const INSIGHT_BUCKETS = ['day', 'week'] as const;
export const INSIGHT_SPLITS = ['none', 'group', 'provider', 'category', 'rule', 'node'] as const;
/** The order sets behind a point, for the orders list. */
export const INSIGHT_MEASURES = ['created', 'assigned', 'auto', 'respond_due', 'respond_missed', 'resolve_due', 'resolve_missed', 'waiting', 'overridden'] as const;
export type InsightSplit = (typeof INSIGHT_SPLITS)[number];
export type InsightMeasure = (typeof INSIGHT_MEASURES)[number];

export const DEFAULT_TIME_ZONE = 'America/New_York';
const MAX_CUSTOM_DAYS = 366;
const PRESET_DAYS = { '7d': 7, '30d': 30, '90d': 90 } as const;

const localDate = z.iso.date();

export const insightsInput = z.object({
  period: z.enum(INSIGHT_PERIODS).default('30d'),
  /** Custom period: first and last local day (inclusive) in the company's time zone. */
  from: localDate.optional(),
  to: localDate.optional(),
  bucket: z.enum(INSIGHT_BUCKETS).default('day'),
  split: z.enum(INSIGHT_SPLITS).default('none'),
});
export type InsightsInput = z.input<typeof insightsInput>;

/** The orders behind one point: created in [from, to), with the split value, in the measure's set. */
export const insightOrdersFilter = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  split: z.enum(INSIGHT_SPLITS).default('none'),
  /** The split value; null: orders without one (no group, no provider, no rule). */
  value: z.string().max(200).nullable().optional(),
  measure: z.enum(INSIGHT_MEASURES).default('created'),
});
export type InsightOrdersFilter = z.input<typeof insightOrdersFilter>;

/** The split value of an order `o` with facts `f` (null: none). */
function splitValue(split: InsightSplit): SQL {
  switch (split) {
    case 'none':
      return sql`NULL::text`;
    case 'group':
      return sql`o.service_group_id`;
    case 'provider':
      return sql`o.provider_id`;
    case 'category':
      return sql`o.category`;
    case 'node':
      return sql`o.current_node_id`;
    case 'rule':
      return sql`f.first_rule`;
  }
}

/** Whether order `o` with facts `f` is in the measure's set, at `now` (parenthesized: callers negate it). */
function measureCondition(measure: InsightMeasure, now: Date): SQL {
  return sql`(${measureTerm(measure, now)})`;
}

function measureTerm(measure: InsightMeasure, now: Date): SQL {
  const respondDue = sql`(o.responded_at IS NOT NULL OR o.respond_by < ${now})`;
  const resolveDue = sql`(o.resolved_at IS NOT NULL OR o.resolve_by < ${now})`;
  switch (measure) {
    case 'created':
      return sql`true`;
    case 'assigned':
      return sql`f.first_way IS NOT NULL`;
    case 'auto':
      return sql`f.first_way = 'auto_assigned'`;
    case 'respond_due':
      return respondDue;
    case 'respond_missed':
      return sql`${respondDue} AND NOT coalesce(o.responded_at <= o.respond_by, false)`;
    case 'resolve_due':
      return resolveDue;
    case 'resolve_missed':
      return sql`${resolveDue} AND NOT coalesce(o.resolved_at <= o.resolve_by, false)`;
    case 'waiting':
      return sql`o.status = 'pending_assignment'`;
    case 'overridden':
      return sql`coalesce(f.overrides, 0) > 0`;
  }
}

/**
 * Orders created in [from, to) in the principal's scope (`o`), each with its history's facts
 * (`f`: first assignment and its way, the first automatic assignment's rule, overrides; kept on
 * the order's row by the engine, engine/insights/facts.ts).
 */
function scopedOrders(principal: Principal, from: Date, to: Date): SQL {
  const w = s.workOrders;
  const where = withScope(principal, sql`${w.createdAt} >= ${from}`, sql`${w.createdAt} < ${to}`);
  return sql`(SELECT * FROM ${w} WHERE ${where}) o CROSS JOIN LATERAL (SELECT o.first_assigned_at, o.first_way, o.first_rule, o.last_decision, o.overrides) f`;
}

function checkSplit(principal: Principal, split: InsightSplit) {
  // Provider roles are never shown the service group an order came through (engine/orders/redact.ts).
  if (split === 'group' && isProviderRole(principal)) throw new ForbiddenError('Provider dispatchers cannot split insights by service group');
}

/**
 * The orders list's condition for the orders behind one point (on `work_orders`, inside the
 * caller's scope, which the list applies itself).
 */
export function insightOrdersCondition(principal: Principal, filter: z.output<typeof insightOrdersFilter>, now: Date): SQL {
  checkSplit(principal, filter.split);
  const from = new Date(filter.from);
  const to = new Date(filter.to);
  if (!(from < to)) throw new ValidationError('The insight filter needs "from" before "to"', { from: ['must be before "to"'] });
  const value = filter.split === 'none' || filter.value === undefined ? sql`true` : filter.value === null ? sql`${splitValue(filter.split)} IS NULL` : sql`${splitValue(filter.split)} = ${filter.value}`;
  return sql`${s.workOrders.id} IN (SELECT o.id FROM ${scopedOrders(principal, from, to)} WHERE ${value} AND ${measureCondition(filter.measure, now)})`;
}

export interface InsightBucket {
  /** The bucket's first local day, YYYY-MM-DD. */
  key: string;
  /** Its instants, clipped to the period: [from, to). */
  from: string;
  to: string;
}

/** The counts of one bucket and split value; rates are derived from them (hit / due). */
export interface InsightPoint {
  bucket: string;
  value: string | null;
  orders: number;
  assigned: number;
  auto: number;
  respondDue: number;
  respondHit: number;
  resolveDue: number;
  resolveHit: number;
  /** Median minutes from creation to first assignment, of the assigned orders; null: none assigned. */
  assignMinutesMedian: number | null;
  waiting: number;
  overrides: number;
  overridden: number;
}

export interface InsightSeries {
  value: string | null;
  label: string;
  orders: number;
}

export interface Insights {
  timeZone: string;
  period: string;
  bucket: 'day' | 'week';
  split: InsightSplit;
  from: string;
  to: string;
  buckets: InsightBucket[];
  /** The split values present, most orders first. */
  series: InsightSeries[];
  points: InsightPoint[];
}

const NONE_LABEL: Record<InsightSplit, string> = {
  none: 'All orders',
  group: 'No service group',
  provider: 'No provider',
  category: 'No category',
  rule: 'No rule (assigned by hand or not yet)',
  node: 'No node',
};

/** The period in the company's zone: its instants and buckets. */
export async function periodOf(db: Db, input: z.output<typeof insightsInput>, now: Date) {
  let fromLocal: SQL;
  let toLocal: SQL;
  const today = sql`date_trunc('day', ${now}::timestamptz AT TIME ZONE z.tz)`;
  if (input.period === 'custom') {
    if (!input.from || !input.to) {
      throw new ValidationError('A custom period needs a first and a last day', {
        ...(input.from ? {} : { from: ['required for a custom period'] }),
        ...(input.to ? {} : { to: ['required for a custom period'] }),
      });
    }
    const days = (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000 + 1;
    if (days < 1) throw new ValidationError('The last day of the period is before its first day', { to: ['must not be before the first day'] });
    if (days > MAX_CUSTOM_DAYS) throw new ValidationError(`A custom period is at most ${MAX_CUSTOM_DAYS} days`, { to: [`at most ${MAX_CUSTOM_DAYS} days after the first day`] });
    fromLocal = sql`${input.from}::date::timestamp`;
    toLocal = sql`(${input.to}::date + 1)::timestamp`;
  } else {
    const days = PRESET_DAYS[input.period];
    fromLocal = sql`(${today} + interval '1 day' - ${`${days} days`}::interval)`;
    toLocal = sql`(${today} + interval '1 day')`;
  }
  const step = input.bucket === 'day' ? '1 day' : '1 week';
  const [row] = await queryRows<{ tz: string; from_ts: Date | string; to_ts: Date | string; buckets: { key: string; from: string; to: string }[] }>(
    db,
    sql`
      WITH z AS (SELECT coalesce((SELECT time_zone FROM schedule_settings WHERE id = 'default'), ${DEFAULT_TIME_ZONE}) AS tz),
           b AS (SELECT z.tz, ${fromLocal} AS f, ${toLocal} AS t FROM z)
      SELECT b.tz, b.f AT TIME ZONE b.tz AS from_ts, b.t AT TIME ZONE b.tz AS to_ts,
             (SELECT json_agg(json_build_object('key', to_char(g, 'YYYY-MM-DD'),
                                                'from', greatest(g, b.f) AT TIME ZONE b.tz,
                                                'to', least(g + ${step}::interval, b.t) AT TIME ZONE b.tz) ORDER BY g)
              FROM generate_series(date_trunc(${input.bucket}, b.f), b.t - interval '1 microsecond', ${step}::interval) g) AS buckets
      FROM b`,
  );
  const iso = (d: Date | string) => new Date(d).toISOString();
  return {
    tz: row.tz,
    from: new Date(row.from_ts),
    to: new Date(row.to_ts),
    buckets: row.buckets.map((b) => ({ key: b.key, from: iso(b.from), to: iso(b.to) })),
  };
}

/** The insights of the caller's scope over the chosen period, by bucket and split value. */
export async function getInsights(db: Db, principal: Principal, rawInput: InsightsInput, now: Date): Promise<Insights> {
  const input = insightsInput.parse(rawInput);
  checkSplit(principal, input.split);
  const period = await periodOf(db, input, now);
  const rows = await queryRows<Omit<InsightPoint, 'assignMinutesMedian'> & { assignMinutesMedian: number | string | null }>(
    db,
    sql`
      SELECT to_char(date_trunc(${input.bucket}, o.created_at AT TIME ZONE ${period.tz}), 'YYYY-MM-DD') AS bucket,
             ${splitValue(input.split)} AS value,
             count(*)::int AS orders,
             count(*) FILTER (WHERE ${measureCondition('assigned', now)})::int AS assigned,
             count(*) FILTER (WHERE ${measureCondition('auto', now)})::int AS auto,
             count(*) FILTER (WHERE ${measureCondition('respond_due', now)})::int AS "respondDue",
             count(*) FILTER (WHERE ${measureCondition('respond_due', now)} AND NOT ${measureCondition('respond_missed', now)})::int AS "respondHit",
             count(*) FILTER (WHERE ${measureCondition('resolve_due', now)})::int AS "resolveDue",
             count(*) FILTER (WHERE ${measureCondition('resolve_due', now)} AND NOT ${measureCondition('resolve_missed', now)})::int AS "resolveHit",
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_assigned_at - o.created_at) / 60) AS "assignMinutesMedian",
             count(*) FILTER (WHERE ${measureCondition('waiting', now)})::int AS waiting,
             coalesce(sum(f.overrides), 0)::int AS overrides,
             count(*) FILTER (WHERE ${measureCondition('overridden', now)})::int AS overridden
      FROM ${scopedOrders(principal, period.from, period.to)}
      GROUP BY 1, 2
      ORDER BY 1, 2`,
  );
  const points: InsightPoint[] = rows.map((r) => ({ ...r, assignMinutesMedian: r.assignMinutesMedian === null ? null : Number(r.assignMinutesMedian) }));
  const totals = new Map<string | null, number>();
  for (const p of points) totals.set(p.value, (totals.get(p.value) ?? 0) + p.orders);
  const labels = await labelsOf(db, input.split, [...totals.keys()].filter((v): v is string => v !== null));
  const series = [...totals]
    .map(([value, orders]) => ({ value, orders, label: value === null ? NONE_LABEL[input.split] : (labels.get(value) ?? value) }))
    .sort((a, b) => b.orders - a.orders || a.label.localeCompare(b.label));
  return {
    timeZone: period.tz,
    period: input.period,
    bucket: input.bucket,
    split: input.split,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    buckets: period.buckets,
    series: series.length ? series : input.split === 'none' ? [{ value: null, label: NONE_LABEL.none, orders: 0 }] : [],
    points,
  };
}

/** Names of groups and providers (the ids the scope already let through); other splits show the value. */
async function labelsOf(db: Db, split: InsightSplit, values: string[]): Promise<Map<string, string>> {
  if (!values.length || (split !== 'group' && split !== 'provider')) return new Map();
  const table = split === 'group' ? s.serviceGroups : s.serviceProviders;
  const rows = await db.select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, values));
  return new Map(rows.map((r) => [r.id, r.name]));
}

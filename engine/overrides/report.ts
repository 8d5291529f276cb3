// The overrides report: per rule, of its automatic decisions made in the period (within the caller's
// order scope), how many a dispatcher overrode, by reason, with the orders. An override is an event
// the engine marked (override.ts); a rule's decision is overridden at most once, since the override
// itself becomes the order's decision.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { insightsInput, periodOf } from '../insights';
import { withScope } from '../orders/scope';
import type { Principal } from '../principal';
import { OVERRIDE_EVENT_TYPES, type OverrideEventType } from './override';

/** The orders listed per rule: the latest overrides. */
export const OVERRIDES_LISTED_PER_RULE = 50;

export const overridesReportInput = insightsInput.pick({ period: true, from: true, to: true });
export type OverridesReportInput = z.input<typeof overridesReportInput>;

export interface OverriddenOrder {
  orderId: string;
  number: string;
  title: string;
  /** When the override happened (ISO). */
  at: string;
  action: OverrideEventType;
  reasonCode: string;
  reasonLabel: string;
  text: string | null;
  decided: string | null;
  became: string;
  by: string | null;
}

export interface RuleOverrides {
  rule: string;
  /** Its automatic decisions in the period. */
  decisions: number;
  /** Of those, the ones overridden (so far). */
  overridden: number;
  /** overridden / decisions. */
  share: number;
  reasons: { code: string; label: string; count: number }[];
  orders: OverriddenOrder[];
}

export interface OverridesReport {
  period: string;
  from: string;
  to: string;
  timeZone: string;
  decisions: number;
  overridden: number;
  rules: RuleOverrides[];
}

export async function getOverridesReport(db: Db, principal: Principal, raw: OverridesReportInput, now: Date): Promise<OverridesReport> {
  const input = overridesReportInput.parse(raw);
  const period = await periodOf(db, { ...input, bucket: 'week', split: 'none' }, now);
  const w = s.workOrders;
  // One statement: the rule's decisions in the period on orders in scope, each with its override if
  // any (read once), counted per rule and per reason, and the latest overrides listed per rule.
  const [report] = await queryRows<{
    per_rule: { rule: string; decisions: number; overridden: number }[];
    per_reason: { rule: string; code: string; label: string | null; count: number }[];
    listed: { rule: string; order_id: string; number: string; title: string; at: string; action: OverrideEventType; ov: Record<string, unknown>; by: string | null }[];
  }>(
    db,
    sql`
    WITH t AS MATERIALIZED (
      SELECT d.id, d.order_id, d.actor_id AS rule, x.id AS override_id, x.type::text AS action, x.created_at AS at, x.data->'override' AS ov, x.actor_id AS by_id
      FROM ${s.orderEvents} d
      LEFT JOIN ${s.orderEvents} x ON x.order_id = d.order_id AND x.id > d.id AND x.type IN (${sql.join(
        OVERRIDE_EVENT_TYPES.map((t) => sql`${t}`),
        sql`, `,
      )}) AND (x.data->'override'->>'decision')::bigint = d.id
      WHERE d.type = 'auto_assigned' AND d.created_at >= ${period.from} AND d.created_at < ${period.to}
        AND d.order_id IN (SELECT ${w.id} FROM ${w} WHERE ${withScope(principal, sql`true`)})
    ),
    per_rule AS (SELECT rule, count(*)::int AS decisions, count(override_id)::int AS overridden FROM t GROUP BY rule),
    per_reason AS (
      SELECT t.rule, t.ov->>'reason' AS code, coalesce(r.label, max(t.ov->>'reasonLabel')) AS label, count(*)::int AS count, r.position
      FROM t LEFT JOIN ${s.overrideReasons} r ON r.code = t.ov->>'reason'
      WHERE t.override_id IS NOT NULL
      GROUP BY t.rule, t.ov->>'reason', r.label, r.position
    ),
    listed AS (
      SELECT t.rule, t.order_id, o.number, o.title, t.at, t.action, t.ov, u.name AS by, t.override_id
      FROM (SELECT t.*, row_number() OVER (PARTITION BY t.rule ORDER BY t.override_id DESC) AS n FROM t WHERE t.override_id IS NOT NULL) t
      JOIN ${w} o ON o.id = t.order_id LEFT JOIN ${s.users} u ON u.id = t.by_id
      WHERE t.n <= ${OVERRIDES_LISTED_PER_RULE}
    )
    SELECT
      (SELECT coalesce(json_agg(json_build_object('rule', rule, 'decisions', decisions, 'overridden', overridden) ORDER BY overridden DESC, decisions DESC, rule), '[]'::json) FROM per_rule) AS per_rule,
      (SELECT coalesce(json_agg(json_build_object('rule', rule, 'code', code, 'label', label, 'count', count) ORDER BY rule, count DESC, position), '[]'::json) FROM per_reason) AS per_reason,
      (SELECT coalesce(json_agg(json_build_object('rule', rule, 'order_id', order_id, 'number', number, 'title', title, 'at', at, 'action', action, 'ov', ov, 'by', by) ORDER BY rule, override_id DESC), '[]'::json) FROM listed) AS listed`,
  );
  const { per_rule: perRule, per_reason: perReason, listed } = report;
  const name = (v: unknown) => (v && typeof v === 'object' && 'name' in v ? String((v as { name: unknown }).name) : null);
  const rules = perRule.map((r) => ({
    rule: r.rule,
    decisions: r.decisions,
    overridden: r.overridden,
    share: r.decisions ? r.overridden / r.decisions : 0,
    reasons: perReason.filter((x) => x.rule === r.rule).map((x) => ({ code: x.code, label: x.label ?? x.code, count: x.count })),
    orders: listed
      .filter((x) => x.rule === r.rule)
      .map((x) => ({
        orderId: x.order_id,
        number: x.number,
        title: x.title,
        at: new Date(x.at).toISOString(),
        action: x.action,
        reasonCode: String(x.ov.reason),
        reasonLabel: String(x.ov.reasonLabel),
        text: (x.ov.text as string | null) ?? null,
        decided: name(x.ov.decided),
        became: name(x.ov.became) ?? '',
        by: x.by,
      })),
  }));
  return {
    period: input.period,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    timeZone: period.tz,
    decisions: rules.reduce((n, r) => n + r.decisions, 0),
    overridden: rules.reduce((n, r) => n + r.overridden, 0),
    rules,
  };
}

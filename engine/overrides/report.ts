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
  // The rule's decisions in the period on orders in scope, each with its override if any.
  const decisions = sql`
    SELECT d.id, d.order_id, d.actor_id AS rule, x.id AS override_id, x.type::text AS action, x.created_at AS at, x.data->'override' AS ov, x.actor_id AS by_id
    FROM ${s.orderEvents} d
    LEFT JOIN ${s.orderEvents} x ON x.order_id = d.order_id AND x.id > d.id AND x.type IN (${sql.join(
      OVERRIDE_EVENT_TYPES.map((t) => sql`${t}`),
      sql`, `,
    )}) AND (x.data->'override'->>'decision')::bigint = d.id
    WHERE d.type = 'auto_assigned' AND d.created_at >= ${period.from} AND d.created_at < ${period.to}
      AND d.order_id IN (SELECT ${w.id} FROM ${w} WHERE ${withScope(principal, sql`true`)})`;
  const perRule = await queryRows<{ rule: string; decisions: number; overridden: number }>(
    db,
    sql`SELECT rule, count(*)::int AS decisions, count(override_id)::int AS overridden FROM (${decisions}) t GROUP BY rule ORDER BY count(override_id) DESC, count(*) DESC, rule`,
  );
  const perReason = await queryRows<{ rule: string; code: string; label: string; count: number }>(
    db,
    sql`SELECT t.rule, t.ov->>'reason' AS code, coalesce(r.label, max(t.ov->>'reasonLabel')) AS label, count(*)::int AS count
        FROM (${decisions}) t LEFT JOIN ${s.overrideReasons} r ON r.code = t.ov->>'reason'
        WHERE t.override_id IS NOT NULL
        GROUP BY t.rule, t.ov->>'reason', r.label, r.position
        ORDER BY t.rule, count(*) DESC, r.position`,
  );
  const listed = await queryRows<{ rule: string; order_id: string; number: string; title: string; at: Date | string; action: OverrideEventType; ov: Record<string, unknown>; by: string | null }>(
    db,
    sql`SELECT t.rule, t.order_id, o.number, o.title, t.at, t.action, t.ov, u.name AS by
        FROM (SELECT t.*, row_number() OVER (PARTITION BY t.rule ORDER BY t.override_id DESC) AS n FROM (${decisions}) t WHERE t.override_id IS NOT NULL) t
        JOIN ${w} o ON o.id = t.order_id LEFT JOIN ${s.users} u ON u.id = t.by_id
        WHERE t.n <= ${OVERRIDES_LISTED_PER_RULE}
        ORDER BY t.rule, t.override_id DESC`,
  );
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

// What an override is, in one place: an action that changes what a rule decided. The order's last
// decision (the last of the events that change who holds it) was a rule's automatic assignment, and
// a dispatcher now reassigns, reallocates or rejects it. Such an action needs a reason from the
// admin's list (and free text when the reason asks for it); its history event carries the override
// (`data.override`), which the report and Insights' roll-up (migration 0022) both count.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { ValidationError, parseInput } from '../errors';
import { idString } from '../limits';
import { isProviderRole, providerRedaction } from '../orders/redact';
import { orderNotFound, withScope } from '../orders/scope';
import type { Principal } from '../principal';

/** The events that change who holds an order, or where it waits: the last one is its current decision. */
export const DECISION_EVENT_TYPES = ['assigned', 'auto_assigned', 'reassigned', 'reallocated', 'rejected'] as const;
/** The actions that override their order's decision when a rule made it. */
export const OVERRIDE_EVENT_TYPES = ['reassigned', 'reallocated', 'rejected'] as const;
export type OverrideEventType = (typeof OVERRIDE_EVENT_TYPES)[number];

/** The field of an action's input naming the override reason (a code of the admin's list). */
export const OVERRIDE_REASON_FIELD = 'reasonCode';

/** The reason fields of an action that may override a rule: required by the engine when it does. */
export const overrideReasonFields = {
  [OVERRIDE_REASON_FIELD]: z.string().trim().min(1, 'Pick a reason from the list').max(64).optional(),
};

/** Who or what a decision named (an assignee, or the step an order went back to). */
export interface DecisionTarget {
  type: string;
  id: string;
  name: string;
}

/** What the history event of an override records. */
export interface OverrideRecord {
  /** The id of the rule's `auto_assigned` event that was overridden. */
  decision: number;
  rule: string;
  decided: DecisionTarget | null;
  became: DecisionTarget;
  reason: string;
  reasonLabel: string;
  text: string | null;
}

/** A rule's decision that an action on its order would override. */
export interface RuleDecision {
  eventId: number;
  rule: string;
  decided: DecisionTarget | null;
}

/** For each order, the rule's decision the next action on it would override; orders whose last decision was not a rule's are absent. */
export async function ruleDecisionsOf(db: DbOrTx, orderIds: string[]): Promise<Map<string, RuleDecision>> {
  if (!orderIds.length) return new Map();
  const e = s.orderEvents;
  const last = await db
    .selectDistinctOn([e.orderId], { orderId: e.orderId, id: e.id, type: e.type, actorId: e.actorId, data: e.data })
    .from(e)
    .where(and(inArray(e.orderId, orderIds), inArray(e.type, [...DECISION_EVENT_TYPES])))
    .orderBy(e.orderId, desc(e.id));
  const decisions = new Map<string, RuleDecision>();
  for (const row of last) {
    if (row.type !== 'auto_assigned') continue;
    const assignee = row.data.assignee as DecisionTarget | undefined;
    decisions.set(row.orderId, {
      eventId: row.id,
      rule: row.actorId ?? String(row.data.rule ?? ''),
      decided: assignee ? { type: assignee.type, id: assignee.id, name: assignee.name } : null,
    });
  }
  return decisions;
}

export const ruleDecisionsInput = z.object({ orderIds: z.array(idString).min(1).max(100) });

/** The rule decisions of the orders the principal may see (the dialogs ask for a reason when one is there). */
export async function ruleDecisionsInScope(db: DbOrTx, principal: Principal, raw: z.input<typeof ruleDecisionsInput>): Promise<Record<string, { rule: string; decided: string | null }>> {
  const input = parseInput(ruleDecisionsInput, raw);
  // An order outside the scope answers exactly like a missing id.
  const visible = new Set((await db.select({ id: s.workOrders.id }).from(s.workOrders).where(withScope(principal, inArray(s.workOrders.id, input.orderIds)))).map((r) => r.id));
  const missing = input.orderIds.find((id) => !visible.has(id));
  if (missing) throw orderNotFound(missing);
  const found = await ruleDecisionsOf(db, input.orderIds);
  const decisions = Object.fromEntries([...found].map(([id, d]) => [id, { rule: d.rule, decided: d.decided?.name ?? null }]));
  // Provider roles see no other party's ids or names (engine/orders/redact.ts).
  return isProviderRole(principal) ? (await providerRedaction(db, principal)).value(decisions) : decisions;
}

/**
 * The override an action on the order makes, checked, or null when the order's decision was not a
 * rule's (no reason needed then). Refused, naming the field, without a reason, with one that is not
 * on the list, or without text when the reason needs it. The order's row tells whether its last
 * decision was a rule's (`lastDecision`, kept by engine/insights/facts.ts); only then is the
 * decision itself read from the history.
 */
export async function overrideOf(
  tx: Tx,
  order: { id: string; number: string; lastDecision: string | null },
  input: { reasonCode?: string; reason?: string },
  became: DecisionTarget,
): Promise<OverrideRecord | null> {
  if (order.lastDecision !== 'auto_assigned') return null;
  const decision = (await ruleDecisionsOf(tx, [order.id])).get(order.id);
  if (!decision) return null;
  const changes = `this changes what rule "${decision.rule}" decided for ${order.number}`;
  if (!input.reasonCode) {
    throw new ValidationError(`${OVERRIDE_REASON_FIELD}: pick an override reason; ${changes}`, { [OVERRIDE_REASON_FIELD]: [`Pick a reason: ${changes}`] });
  }
  const [reason] = await tx.select().from(s.overrideReasons).where(eq(s.overrideReasons.code, input.reasonCode));
  if (!reason || !reason.active) {
    throw new ValidationError(`${OVERRIDE_REASON_FIELD}: "${input.reasonCode}" is not an override reason`, { [OVERRIDE_REASON_FIELD]: ['Pick a reason from the list'] });
  }
  const text = input.reason?.trim() || null;
  if (reason.needsText && !text) {
    throw new ValidationError(`reason: "${reason.label}" needs a few words on why`, { reason: [`"${reason.label}" needs a few words on why`] });
  }
  return { decision: decision.eventId, rule: decision.rule, decided: decision.decided, became, reason: reason.code, reasonLabel: reason.label, text };
}

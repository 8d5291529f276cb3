// What an override is, in one place: an action that changes what a rule decided. The order's last
// decision (the last of the events that change who holds it) was a rule's automatic assignment, and
// a dispatcher now reassigns, reallocates or rejects it. Such an action needs a reason from the
// admin's list (and free text when the reason asks for it); its history event carries the override
// (`data.override`), which the report and Insights' roll-up (migration 0022) both count.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { ValidationError } from '../errors';

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

/** The rule's decision the next action on the order would override, or null: the order's last decision was not a rule's. */
export async function ruleDecisionOf(tx: Tx, orderId: string): Promise<{ eventId: number; rule: string; decided: DecisionTarget | null } | null> {
  const [last] = await tx
    .select({ id: s.orderEvents.id, type: s.orderEvents.type, actorId: s.orderEvents.actorId, data: s.orderEvents.data })
    .from(s.orderEvents)
    .where(and(eq(s.orderEvents.orderId, orderId), inArray(s.orderEvents.type, [...DECISION_EVENT_TYPES])))
    .orderBy(desc(s.orderEvents.id))
    .limit(1);
  if (!last || last.type !== 'auto_assigned') return null;
  const assignee = last.data.assignee as DecisionTarget | undefined;
  return { eventId: last.id, rule: last.actorId ?? String(last.data.rule ?? ''), decided: assignee ? { type: assignee.type, id: assignee.id, name: assignee.name } : null };
}

/**
 * The override an action on the order makes, checked, or null when the order's decision was not a
 * rule's (no reason needed then). Refused, naming the field, without a reason, with one that is not
 * on the list, or without text when the reason needs it.
 */
export async function overrideOf(
  tx: Tx,
  order: { id: string; number: string },
  input: { reasonCode?: string; reason?: string },
  became: DecisionTarget,
): Promise<OverrideRecord | null> {
  const decision = await ruleDecisionOf(tx, order.id);
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

// "Why not …?" beside an automatic decision in an order's history: the stored decision explained
// for any engineer, provider or group, by the one engine function (dsl whyNot), with the order's
// rule set, the decision's time as `now`, the exclusions made before it and today's directory.
import { and, eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import { whyNot, type Assignee, type Verdict } from '../../dsl';
import * as s from '../../drizzle/schema';
import { orderDataOf, runContextFor, stateOf, type EngineCaches } from '../dispatch/context';
import { ENGINE_DECISION_EVENT_TYPES } from '../enums';
import { ConflictError, NotFoundError, parseInput } from '../errors';
import { isProviderRole, providerRedaction } from '../orders/redact';
import { orderNotFound, withScope } from '../orders/scope';
import type { Principal } from '../principal';
import { nodeContext, orderForRules } from '../runner';
import { entryIdOf, entryName } from './entry';
import { whyNotSummary, type WhyNotSummary } from './words';

export const explainEventInput = z.object({
  orderId: z.string().min(1).max(100),
  eventId: z.number().int().positive(),
  candidateId: z.string().trim().min(1, 'Pick an engineer, provider or group').max(200),
});

export interface EventExplanation extends WhyNotSummary {
  candidate: boolean;
  id: string;
  name: string;
  /** The decision explained. */
  decision: { rule: string | null; assignee: string | null; at: string };
  /** Whether the rule that decided is still in the order's rule set (else the reasons are today's rules'). */
  sameRules: boolean;
}

export async function explainEventDecision(engine: EngineCaches, principal: Principal, raw: z.input<typeof explainEventInput>): Promise<EventExplanation> {
  const input = parseInput(explainEventInput, raw);
  const [row] = await engine.db.select().from(s.workOrders).where(withScope(principal, eq(s.workOrders.id, input.orderId)));
  if (!row) throw orderNotFound(input.orderId);
  const [event] = await engine.db
    .select()
    .from(s.orderEvents)
    .where(and(eq(s.orderEvents.id, input.eventId), eq(s.orderEvents.orderId, row.id)));
  if (!event) throw new NotFoundError('History event', String(input.eventId));
  if (!(ENGINE_DECISION_EVENT_TYPES as readonly string[]).includes(event.type) || !event.nodeId) throw new ConflictError(`Event ${event.id} of ${row.number} is not an automatic decision`);
  const at = event.createdAt;
  const rc = await runContextFor(engine, row, at);
  const node = rc.flow.node(event.nodeId);
  if (!node) throw new ConflictError(`The flow of ${row.number} no longer has the step "${event.nodeId}"`);
  const ruleSet = rc.ruleSetFor(node);
  const exclusions = await engine.db
    .select()
    .from(s.orderExclusions)
    .where(and(eq(s.orderExclusions.orderId, row.id), eq(s.orderExclusions.nodeId, node.id), lte(s.orderExclusions.createdAt, at)));
  const of = (type: string) => exclusions.filter((x) => x.targetType === type).map((x) => x.targetId);
  const excluded = exclusions.length ? { engineers: of('engineer'), providers: of('service_provider'), serviceGroups: of('service_group') } : undefined;
  const state = stateOf(row);
  const directory = rc.directory;
  const data = (event.data ?? {}) as { rule?: string | null; assignee?: Assignee; collaborators?: Assignee[] };
  const verdict: Verdict = {
    outcome: event.type === 'auto_assigned' ? 'auto' : 'manual',
    rule: data.rule ?? null,
    assignee: data.assignee ?? null,
    collaborators: data.collaborators ?? [],
  };
  const candidateId = entryIdOf(directory, input.candidateId);
  if (candidateId === null) throw new NotFoundError('Engineer, provider or group', input.candidateId);
  // A provider's dispatcher asks about their own provider and its engineers only.
  if (principal.role === 'provider_dispatcher') {
    const own = candidateId === principal.providerId || directory.engineer(candidateId)?.providerId === principal.providerId;
    if (!own || !principal.providerId) throw new NotFoundError('Engineer, provider or group', input.candidateId);
  }
  const name = (id: string) => entryName(directory, id);
  const ctx = { order: orderForRules(orderDataOf(row), state, directory), node: nodeContext(node, state, excluded), directory, now: at };
  const why = (ruleSet ? whyNot(ruleSet, ctx, candidateId, verdict) : null) ?? { id: candidateId, rules: [] };
  const explanation: EventExplanation = {
    ...whyNotSummary(why, name),
    id: candidateId,
    name: name(candidateId),
    decision: { rule: verdict.rule, assignee: verdict.assignee?.id ?? null, at: at.toISOString() },
    sameRules: verdict.rule === null || (ruleSet?.rules.some((r) => r.name === verdict.rule) ?? false),
  };
  // Provider roles see no other party's ids or names, here as in the history (engine/orders/redact.ts).
  return isProviderRole(principal) ? (await providerRedaction(engine.db, principal)).value(explanation) : explanation;
}

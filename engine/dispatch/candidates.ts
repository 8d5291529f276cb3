// Ranked candidates for the dispatcher of a manual node, found by the same selection code the rules
// use (dsl rankCandidates), with what a dispatcher weighs: availability, location and its age,
// open orders, distance (only when the order has a location) and skills match.
import { eq } from 'drizzle-orm';
import { earliestSlot, evaluate, isDispatchNodeKind, rankCandidates, travelMinutes, whyNot, type NodeKind, type TargetKind } from '../../dsl';
import { entryName } from '../explain/entry';
import { whyNotSummary } from '../explain/words';
import { autoDispatchOn } from '../flow';
import * as s from '../../drizzle/schema';
import { ConflictError, ForbiddenError } from '../errors';
import { orderNotFound, withScope } from '../orders/scope';
import type { Principal } from '../principal';
import { nodeContext, orderForRules, type RunContext } from '../runner';
import { handles, targetsAt } from './actions';
import type { Engine } from './engine';
import { orderDataOf, runContextFor, stateOf } from './context';

/** How dispatchers' pick lists are ordered: available first, nearest, least loaded. */
export const DEFAULT_RANKING: Record<Exclude<TargetKind, 'service_group'>, string> = {
  engineer: 'engineer.status != "available" asc, distance(engineer.location, order.location) asc, engineer.openOrders asc',
  provider_engineer: 'engineer.status != "available" asc, distance(engineer.location, order.location) asc, engineer.openOrders asc',
  service_provider: 'provider.rating desc, provider.openOrders asc',
};

export interface Candidate {
  type: TargetKind;
  id: string;
  name: string;
  /** Engineers: available, busy, off_shift, on_leave. */
  status: string | null;
  location: { lat: number; lng: number } | null;
  locationAt: string | null;
  openOrders: number | null;
  capacity: number | null;
  rating: number | null;
  /** Kilometres to the order; null when either has no location. */
  distanceKm: number | null;
  skills: string[];
  skillsMatched: number;
  skillsRequired: number;
  region: string | null;
  providerName: string | null;
  memberCount: number | null;
  rankKeys: unknown[];
  /** Engineers, for an order with a duration: the earliest slot (RULES.md), null when none. */
  earliestStart: string | null;
  earliestEnd: string | null;
  /** Engineers: their vehicle and its status (null: none). */
  vehicle: { id: string; status: string } | null;
  /** Engineers: minutes from their location to the order's (null when either is unknown). */
  travelMinutes: number | null;
  /** Whether the step's rules would have it now (chosen, a collaborator or ranked among their candidates). */
  ruleCandidate: boolean;
  /** Why the rules would not pick it, in words ("skills: needs plumbing, has hvac"); null when they would. */
  whyNot: string | null;
}

/**
 * The pick list of the order's current step. With `explain`, each entry also says whether the
 * step's rules would have it and why not (the assignment dialog); the bulk preview and the seed
 * only pick, and skip that work.
 */
export async function listCandidates(engine: Engine, principal: Principal, orderId: string, options: { limit?: number; explain?: boolean } = {}) {
  // Scope first, then state: an order the caller may not see is "not found", like a missing id.
  const [row] = await engine.db.select().from(s.workOrders).where(withScope(principal, eq(s.workOrders.id, orderId)));
  if (!row) throw orderNotFound(orderId);
  const now = engine.now();
  const rc = await runContextFor(engine, row, now);
  const node = row.currentNodeId ? rc.flow.node(row.currentNodeId) : undefined;
  if (!node || !isDispatchNodeKind(node.kind)) throw new ConflictError(`Order ${row.number} is not at a dispatch step`);
  if (!handles(principal, node.kind as NodeKind, row)) throw new ForbiddenError(`You do not handle "${node.label ?? node.id}" for order ${row.number}`);
  const state = stateOf(row);
  const order = orderForRules(orderDataOf(row), state, rc.directory);
  const required = order.requiredSkills;
  const excluded = rc.excludedAt(node.id);
  const dir = rc.directory;
  const candidates: Candidate[] = [];
  // What the step's rules say of each entry now, by the one explanation the engine has (dsl whyNot).
  const ruleSet = options.explain && autoDispatchOn(node) ? rc.ruleSetFor(node) : null;
  const rulesCtx = { order, node: nodeContext(node, state, excluded), directory: dir, now };
  const verdict = ruleSet ? evaluate(ruleSet, rulesCtx, { trace: false }) : null;
  const explain = (id: string): Pick<Candidate, 'ruleCandidate' | 'whyNot'> => {
    if (!options.explain) return { ruleCandidate: false, whyNot: null };
    const why = ruleSet && verdict ? whyNot(ruleSet, rulesCtx, id, verdict) : null;
    if (!why) return { ruleCandidate: false, whyNot: ruleSet ? null : 'no rules run at this step' };
    const summary = whyNotSummary(why, (x) => entryName(dir, x));
    return { ruleCandidate: summary.candidate, whyNot: summary.candidate ? null : summary.first };
  };

  for (const target of targetsAt(node.kind, row, dir)) {
    if (target === 'service_group') {
      const out = new Set(excluded?.serviceGroups ?? []);
      for (const g of dir.serviceGroups) {
        if (g.active === false || out.has(g.id)) continue;
        candidates.push({
          ...blank(target, g.id, g.name),
          memberCount: g.members.length,
          region: null,
          rankKeys: [g.name],
          ...explain(g.id),
        });
      }
      continue;
    }
    const ranked = rankCandidates({
      directory: dir,
      order,
      node: nodeContext(node, state, excluded),
      now,
      target,
      rankBy: DEFAULT_RANKING[target],
      limit: options.limit ?? 200,
    });
    for (const c of ranked.candidates) {
      if (target === 'service_provider') {
        const p = dir.provider(c.id)!;
        candidates.push({
          ...blank(target, p.id, p.name),
          openOrders: p.openOrders,
          capacity: p.capacity,
          rating: p.rating,
          skills: p.skills,
          skillsMatched: required.filter((k) => p.skills.includes(k)).length,
          skillsRequired: required.length,
          region: p.regions.join(', '),
          rankKeys: c.keys,
          ...explain(p.id),
        });
      } else {
        const e = dir.engineer(c.id)!;
        // A provider dispatcher picks among their own provider's engineers only.
        if (principal.role === 'provider_dispatcher' && e.providerId !== principal.providerId) continue;
        const slot = order.durationMinutes ? earliestSlot(e, order, now.getTime(), dir.travel) : null;
        candidates.push({
          ...blank(target, e.id, e.name),
          status: e.status,
          location: e.location,
          locationAt: e.locationAt ?? null,
          openOrders: e.openOrders,
          capacity: e.capacity,
          rating: e.rating,
          distanceKm: order.location && e.location ? c.distanceKm : null,
          skills: e.skills,
          skillsMatched: required.filter((k) => e.skills.includes(k)).length,
          skillsRequired: required.length,
          region: e.region,
          providerName: e.providerId ? (dir.provider(e.providerId)?.name ?? null) : null,
          rankKeys: c.keys,
          earliestStart: slot ? new Date(slot.start).toISOString() : null,
          earliestEnd: slot ? new Date(slot.end).toISOString() : null,
          travelMinutes: travelMinutes(e.location, order.location, dir.travel),
          vehicle: e.vehicle ? { id: e.vehicle.id, status: e.vehicle.status } : null,
          ...explain(e.id),
        });
      }
    }
  }
  return {
    order: { id: row.id, number: row.number, version: row.version, hasLocation: !!order.location, durationMinutes: row.durationMinutes, resolveBy: row.resolveBy.toISOString() },
    node: { id: node.id, kind: node.kind, label: node.label ?? null },
    targets: targetsAt(node.kind, row, dir),
    candidates,
    excluded: principal.role === 'provider_dispatcher' ? ownExclusions(excluded, (id) => dir.engineer(id)?.providerId === principal.providerId) : (excluded ?? null),
  };
}

function blank(type: TargetKind, id: string, name: string): Candidate {
  return {
    type,
    id,
    name,
    status: null,
    location: null,
    locationAt: null,
    openOrders: null,
    capacity: null,
    rating: null,
    distanceKm: null,
    skills: [],
    skillsMatched: 0,
    skillsRequired: 0,
    region: null,
    providerName: null,
    memberCount: null,
    rankKeys: [],
    earliestStart: null,
    earliestEnd: null,
    travelMinutes: null,
    vehicle: null,
    ruleCandidate: false,
    whyNot: null,
  };
}

/** For a provider dispatcher: only their own engineers among those who declined here (no other providers or groups). */
function ownExclusions(excluded: ReturnType<RunContext['excludedAt']>, own: (engineerId: string) => boolean) {
  if (!excluded) return null;
  return { engineers: (excluded.engineers ?? []).filter(own), providers: [], serviceGroups: [] };
}

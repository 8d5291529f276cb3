// Insights' facts of each order's dispatch history, kept on the order's own row by the engine as
// it writes the history (engine/dispatch/commit.ts: the new-order insert and every change), so they
// cost no row, index or trigger of their own: the first assignment (when, and `assigned` or
// `auto_assigned`), the rule of the first automatic assignment, the last of the events that change
// who holds the order, and how many of its events overrode a rule (engine/overrides marks them,
// `data.override`). Pure.
import { DECISION_EVENT_TYPES } from '../overrides/override';

export interface InsightFacts {
  firstAssignedAt: Date | null;
  firstWay: string | null;
  firstRule: string | null;
  lastDecision: string | null;
  overrides: number;
}

interface HistoryEventLike {
  type: string;
  actorId: string | null;
  data?: unknown;
}

const DECISIONS: ReadonlySet<string> = new Set(DECISION_EVENT_TYPES);

/** The facts after `events` (in order, all at `at`) are added to an order whose facts were `before` (null: a new order). */
export function insightFactsAfter(before: InsightFacts | null, events: readonly HistoryEventLike[], at: Date): InsightFacts {
  const f: InsightFacts = before
    ? { firstAssignedAt: before.firstAssignedAt, firstWay: before.firstWay, firstRule: before.firstRule, lastDecision: before.lastDecision, overrides: before.overrides }
    : { firstAssignedAt: null, firstWay: null, firstRule: null, lastDecision: null, overrides: 0 };
  for (const e of events) {
    if (!DECISIONS.has(e.type)) continue;
    if (e.type === 'assigned' || e.type === 'auto_assigned') {
      if (f.firstAssignedAt === null) {
        f.firstAssignedAt = at;
        f.firstWay = e.type;
      }
      if (e.type === 'auto_assigned' && f.firstRule === null) f.firstRule = e.actorId;
    }
    f.lastDecision = e.type;
    if (e.data !== null && typeof e.data === 'object' && 'override' in e.data) f.overrides++;
  }
  return f;
}

// SLA breaches. A scan finds open orders whose respond-by or resolve-by has passed and records each
// breach once: the order row is locked (SKIP LOCKED, so concurrent scanners on other machines pass
// over it instead of waiting), re-checked, and changed through commitOrderChange, whose version
// check makes the write conditional as well. One `sla_breached` history event per breach, outbox
// notifications to whoever holds the order, and the order's version is bumped.
import { and, asc, eq, inArray, isNull, lte, notInArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import type { NodeKind } from '../../dsl';
import { commitOrderChange, emptyChange, resolveRecipients } from '../dispatch/commit';
import { compiledFlowVersion, type EngineCaches, type OrderRow } from '../dispatch/context';
import type { Engine } from '../dispatch/engine';
import { isDomainError } from '../errors';
import { breachAudience } from '../flow/node-roles';

export type SlaTarget = 'respond' | 'resolve';

export interface SlaScanOptions {
  now: Date;
  /** At most this many orders per call (default 100). */
  limit?: number;
}

export interface RecordedBreach {
  orderId: string;
  number: string;
  which: SlaTarget[];
  recipientIds: string[];
}

export interface SlaScanResult {
  /** Orders that looked overdue when the scan started. */
  due: number;
  /** Breaches this call recorded. */
  recorded: RecordedBreach[];
  /** Orders passed over: locked by another worker or changed meanwhile (the next scan sees them again if still due). */
  skipped: number;
}

/** Statuses in which an order still waits for its first response (an engineer's acceptance). */
export const AWAITING_RESPONSE: s.OrderStatus[] = ['new', 'pending_assignment', 'assigned'];
/** Statuses that end an order: nothing is due any more. */
export const CLOSED: s.OrderStatus[] = ['completed', 'cancelled'];

/** Which SLA targets of this order have passed, unrecorded, at `now`. */
export function dueBreaches(
  row: Pick<OrderRow, 'status' | 'respondBy' | 'resolveBy' | 'respondedAt' | 'respondBreachedAt' | 'resolveBreachedAt'>,
  now: Date,
): SlaTarget[] {
  const which: SlaTarget[] = [];
  if (!row.respondBreachedAt && !row.respondedAt && AWAITING_RESPONSE.includes(row.status) && row.respondBy.getTime() <= now.getTime()) {
    which.push('respond');
  }
  if (!row.resolveBreachedAt && !CLOSED.includes(row.status) && row.resolveBy.getTime() <= now.getTime()) {
    which.push('resolve');
  }
  return which;
}

function dueCondition(now: Date) {
  const w = s.workOrders;
  return or(
    and(isNull(w.respondBreachedAt), isNull(w.respondedAt), inArray(w.status, AWAITING_RESPONSE), lte(w.respondBy, now)),
    and(isNull(w.resolveBreachedAt), notInArray(w.status, CLOSED), lte(w.resolveBy, now)),
  );
}

/**
 * Who hears of a breach (the node-roles table's breachAudience): the engineer holding the order
 * (their sign-in), otherwise the handlers of the node it waits at. When nobody fits (say, an
 * engineer without a sign-in), the company's dispatchers, so a breach never goes unseen.
 */
export async function breachRecipients(tx: Tx, engine: EngineCaches, row: OrderRow): Promise<string[]> {
  let kind: NodeKind | undefined;
  if (!row.engineerId && row.flowVersionId && row.currentNodeId) {
    try {
      kind = (await compiledFlowVersion(engine, row.flowVersionId, tx)).node(row.currentNodeId)?.kind;
    } catch {
      kind = undefined; // a flow that no longer compiles: fall back on what the order holds
    }
  }
  const audience = breachAudience(kind, row);
  const handlers = audience ? await resolveRecipients(tx, audience) : [];
  return handlers.length ? handlers : resolveRecipients(tx, { companyDispatchers: true });
}

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const TEXT: Record<SlaTarget, { title: string; body: (row: OrderRow, due: Date) => string }> = {
  respond: {
    title: 'missed its respond-by time',
    body: (row, due) => `${row.title} — no response by ${when(due)} (${row.priority} priority)`,
  },
  resolve: {
    title: 'missed its resolve-by time',
    body: (row, due) => `${row.title} — not resolved by ${when(due)} (${row.priority} priority)`,
  },
};

/** Records the breaches of one order, in its own transaction; null when another worker has it or nothing is due. */
export async function recordOrderBreaches(engine: Engine, orderId: string, now: Date): Promise<RecordedBreach | null> {
  try {
    return await engine.db.transaction(async (tx) => {
      const [row] = await tx.select().from(s.workOrders).where(eq(s.workOrders.id, orderId)).for('update', { skipLocked: true });
      if (!row) return null; // locked by another worker (or a dispatcher acting on it right now)
      const which = dueBreaches(row, now);
      if (!which.length) return null; // recorded meanwhile, or answered / closed
      const recipientIds = await breachRecipients(tx, engine, row);
      const change = emptyChange();
      for (const target of which) {
        const due = target === 'respond' ? row.respondBy : row.resolveBy;
        const event =
          change.events.push({
            type: 'sla_breached',
            actorType: 'system',
            actorId: null,
            nodeId: row.currentNodeId,
            data: { which: target, due: due.toISOString() },
          }) - 1;
        change.notifications.push({
          recipientIds,
          kind: 'sla_breached',
          title: `${row.number} ${TEXT[target].title}`,
          body: TEXT[target].body(row, due),
          event,
        });
        if (target === 'respond') change.set.respondBreachedAt = now;
        else change.set.resolveBreachedAt = now;
      }
      await commitOrderChange(tx, row, change, now);
      return { orderId: row.id, number: row.number, which, recipientIds };
    });
  } catch (error) {
    // The version check lost to a concurrent write: whoever won has it, or the next scan will.
    if (isDomainError(error) && error.kind === 'conflict') return null;
    throw error;
  }
}

/** Finds overdue orders and records each breach once. Safe to run from any number of workers at once. */
export async function recordSlaBreaches(engine: Engine, options: SlaScanOptions): Promise<SlaScanResult> {
  const { now } = options;
  const limit = Math.max(1, options.limit ?? 100);
  const due = await engine.db
    .select({ id: s.workOrders.id })
    .from(s.workOrders)
    .where(dueCondition(now))
    .orderBy(asc(sql`least(${s.workOrders.respondBy}, ${s.workOrders.resolveBy})`), asc(s.workOrders.id))
    .limit(limit);
  const recorded: RecordedBreach[] = [];
  let skipped = 0;
  for (const { id } of due) {
    const result = await recordOrderBreaches(engine, id, now);
    if (result) recorded.push(result);
    else skipped++;
  }
  return { due: due.length, recorded, skipped };
}

/** One scan job: batches until nothing more is due (or `maxBatches` is reached). */
export async function runSlaScan(
  engine: Engine,
  options: { now?: () => Date; batchSize?: number; maxBatches?: number } = {},
): Promise<{ recorded: number; skipped: number; batches: number }> {
  const batchSize = options.batchSize ?? 100;
  const maxBatches = options.maxBatches ?? 20;
  let recorded = 0;
  let skipped = 0;
  let batches = 0;
  while (batches < maxBatches) {
    batches++;
    const result = await recordSlaBreaches(engine, { now: (options.now ?? engine.now)(), limit: batchSize });
    recorded += result.recorded.length;
    skipped += result.skipped;
    // A short batch means everything due was looked at; a batch that recorded nothing means the
    // rest is held by other workers, and going round again would only find the same rows.
    if (result.due < batchSize || result.recorded.length === 0) break;
  }
  return { recorded, skipped, batches };
}

// The review queue and its actions: a held order is approved (then it runs from the start as intake
// would have run it, on its fields as they are now) or rejected (cancelled, with the reason). Each
// through the engine's change machinery: one transaction, version-checked, with its history.
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { commit, loadForChange, orderVersionInput, reasonInput, transact } from '../dispatch/actions';
import { changeFromRun, emptyChange, type OrderChange } from '../dispatch/commit';
import { compiledFlowVersion, orderDataOf, runContextFor, type OrderRow } from '../dispatch/context';
import type { Engine } from '../dispatch/engine';
import { ConflictError, ForbiddenError, parseInput } from '../errors';
import { orderScope } from '../orders/scope';
import type { Principal } from '../principal';
import { advance, initialState, type RunContext } from '../runner';
import { mayReviewOrder } from './reviewers';

const heldOf = (row: OrderRow) => ({ ...row, order: orderDataOf(row) });

/** A reviewer's change to a held order: one transaction, the order version-checked, scope first (outside it: not found). */
function changeHeld(
  engine: Engine,
  principal: Principal,
  input: { orderId: string; version: number },
  decide: (row: OrderRow, rc: RunContext, now: Date) => OrderChange,
) {
  return transact(engine, async (tx, now, attempt) => {
    const row = await loadForChange(tx, principal, input.orderId, input.version);
    const rc = await runContextFor(engine, row, now, { tx });
    if (row.status !== 'in_review') throw new ConflictError(`Order ${row.number} is not waiting for review`);
    if (!mayReviewOrder(principal, rc.flow, heldOf(row), rc.now)) throw new ForbiddenError(`You do not review order ${row.number}`);
    return commit(engine, tx, attempt, rc, row, decide(row, rc, now), now);
  });
}

/** Approves a held order: it dispatches from the start as intake would have, and history says who approved it. */
export async function approveOrder(engine: Engine, principal: Principal, raw: z.input<typeof orderVersionInput>) {
  return changeHeld(engine, principal, parseInput(orderVersionInput, raw), (row, rc, now) => {
    const change = emptyChange();
    change.events.push({ type: 'approved', actorType: 'user', actorId: principal.id, nodeId: row.currentNodeId, data: { by: principal.name } });
    const run = advance(orderDataOf(row), initialState(), rc, 'here');
    return changeFromRun(row, run.steps, run.state, rc.directory, now, change);
  });
}

/** Rejects a held order: cancelled with the reason; whoever created it by hand hears of it. */
export async function rejectHeldOrder(engine: Engine, principal: Principal, raw: z.input<typeof reasonInput>) {
  const input = parseInput(reasonInput, raw);
  return changeHeld(engine, principal, input, (row) => {
    const change = emptyChange();
    const event = change.events.push({
      type: 'cancelled',
      actorType: 'user',
      actorId: principal.id,
      nodeId: row.currentNodeId,
      data: { reason: input.reason, review: 'rejected', by: principal.name },
    }) - 1;
    if (row.createdBy && row.createdBy !== principal.id) {
      change.notifications.push({ recipientIds: [row.createdBy], kind: 'review', title: `${row.number} rejected in review`, body: `${row.title} — ${input.reason}`, event });
    }
    change.set = { status: 'cancelled' };
    return change;
  });
}

export const reviewQueueInput = z.object({ limit: z.number().int().min(1).max(500).default(200) }).default({ limit: 200 });

/** The orders waiting for the caller's review, oldest first. */
export async function listReviewQueue(engine: Engine, principal: Principal, raw: z.input<typeof reviewQueueInput> = {}) {
  const { limit } = parseInput(reviewQueueInput, raw);
  const o = s.workOrders;
  const rows = await (engine.db as Db)
    .select()
    .from(o)
    .where(and(eq(o.status, 'in_review'), orderScope(principal)))
    .orderBy(asc(o.createdAt))
    .limit(limit);
  const now = engine.now();
  const out = [];
  for (const row of rows) {
    if (!row.flowVersionId) continue;
    const flow = await compiledFlowVersion(engine, row.flowVersionId);
    if (!mayReviewOrder(principal, flow, heldOf(row), now)) continue;
    out.push({
      id: row.id,
      number: row.number,
      version: row.version,
      title: row.title,
      priority: row.priority,
      category: row.category,
      source: row.source,
      customerName: row.customerName,
      city: row.city,
      createdAt: row.createdAt,
      resolveBy: row.resolveBy,
    });
  }
  return out;
}

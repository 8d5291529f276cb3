// The schedule board's two changes, over the order actions (so each is the same one transaction,
// history event and notification as anywhere else): book an order onto an engineer's row (assign
// it when it waits for an engineer, else schedule it for the engineer who has it) and move a
// booking (reschedule with the same engineer, reallocate to another with the permission).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { isDispatchNodeKind } from '../../dsl';
import * as s from '../../drizzle/schema';
import { ConflictError, ValidationError, parseInput } from '../errors';
import { nodeAction } from '../flow/node-roles';
import { idString } from '../limits';
import { withSchedule } from '../orders/schedule';
import { orderNotFound, withScope } from '../orders/scope';
import type { Principal } from '../principal';
import { assignOrder, reallocateInput, reallocateOrder, rescheduleOrder, targetsAt } from './actions';
import { runContextFor } from './context';
import type { Engine } from './engine';

const isoTime = z.iso.datetime({ offset: true, message: 'An ISO date and time, e.g. 2026-11-23T09:00:00Z' });
const version = z.number().int().min(1);

export const bookInput = z.object({ orderId: idString, engineerId: idString, start: isoTime.nullable(), version });
/** To another engineer it is a reallocation: with its override reason when a rule had decided the engineer. */
export const moveInput = z.object({ orderId: idString, engineerId: idString, start: isoTime, version, ...reallocateInput.pick({ reasonCode: true, reason: true }).shape });

async function load(engine: Engine, principal: Principal, orderId: string) {
  const [row] = await engine.db.select().from(s.workOrders).where(withScope(principal, eq(s.workOrders.id, orderId)));
  if (!row) throw orderNotFound(orderId);
  return row;
}

const answer = async (engine: Engine, row: s.OrderRow) => ({ order: (await withSchedule(engine.db, [row]))[0] });

/** Books the order on the engineer at `start` (null: the earliest slot). */
export async function bookOnBoard(engine: Engine, principal: Principal, raw: z.input<typeof bookInput>) {
  const input = parseInput(bookInput, raw);
  const row = await load(engine, principal, input.orderId);
  if (row.durationMinutes === null) {
    throw new ValidationError(`Order ${row.number} has no estimated duration to book`, { orderId: ['Give the order a duration first'] });
  }
  if (row.engineerId === input.engineerId) {
    return answer(engine, await rescheduleOrder(engine, principal, { orderId: row.id, version: input.version, start: input.start }));
  }
  const rc = await runContextFor(engine, row, engine.now());
  const node = row.currentNodeId ? rc.flow.node(row.currentNodeId) : undefined;
  if (!node || !isDispatchNodeKind(node.kind) || !nodeAction(node.kind, 'assign', row.status)) {
    throw new ConflictError(`Order ${row.number} is not waiting for an engineer; move its booking instead`);
  }
  const engineer = rc.directory.engineer(input.engineerId);
  const targets = targetsAt(node.kind, row, rc.directory);
  const type = engineer?.providerId && targets.includes('provider_engineer') ? 'provider_engineer' : 'engineer';
  if (!targets.includes(type)) {
    throw new ConflictError(`Order ${row.number} waits for ${targets.join(' or ').replace(/_/g, ' ')} here, not an engineer`);
  }
  const order = await assignOrder(engine, principal, {
    orderId: row.id,
    version: input.version,
    assignee: { type, id: input.engineerId },
    collaboratorIds: [],
    slot: input.start ? { start: input.start } : undefined,
  });
  return answer(engine, order);
}

/** Moves the order's booking to `start`: with the same engineer, or to another (reallocation). */
export async function moveOnBoard(engine: Engine, principal: Principal, raw: z.input<typeof moveInput>) {
  const input = parseInput(moveInput, raw);
  const row = await load(engine, principal, input.orderId);
  if (row.engineerId === input.engineerId) {
    return answer(engine, await rescheduleOrder(engine, principal, { orderId: row.id, version: input.version, start: input.start }));
  }
  if (!row.engineerId) throw new ConflictError(`Order ${row.number} has no engineer yet; book it instead`);
  const directory = await engine.directory.get();
  const type = directory.engineer(input.engineerId)?.providerId ? 'provider_engineer' : 'engineer';
  const order = await reallocateOrder(engine, principal, {
    orderId: row.id,
    version: input.version,
    assignee: { type, id: input.engineerId },
    collaboratorIds: row.collaboratorIds.filter((id) => id !== input.engineerId),
    slot: { start: input.start },
    reasonCode: input.reasonCode,
    reason: input.reason,
  });
  return answer(engine, order);
}

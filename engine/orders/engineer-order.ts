// The engineer's order page (on site): the order page's reading of the order (engine/queues
// getOrderDetail: scoped by orderScope, which for engineers is the orders they own or collaborate
// on), with what an engineer needs besides: whether they own it or help on it, and whether their
// work on it is paused (accepted again after a pause, rather than never started).
import type { Db } from '../../drizzle/client';
import type { Principal } from '../principal';
import { getOrderDetail } from '../queues/detail';
import { WORK_EVENTS, isPaused } from './work-state';

export async function getEngineerOrder(db: Db, principal: Principal, id: string) {
  const detail = await getOrderDetail(db, principal, id);
  const { order, events } = detail;
  const lastWork = events.findLast((e) => (WORK_EVENTS as readonly string[]).includes(e.type));
  return {
    ...detail,
    /** The caller owns the order (else they collaborate on it). */
    owner: !!principal.engineerId && order.engineerId === principal.engineerId,
    /** Work was started and paused, and has not started again. */
    paused: isPaused(order.status, lastWork?.type),
  };
}

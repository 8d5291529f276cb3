// The engineer's order page (on site): the order page's reading of the order (engine/queues
// getOrderDetail: scoped by orderScope, which for engineers is the orders they own or collaborate
// on, and saying whether work on it is paused), with what an engineer needs besides: whether they
// own it or help on it.
import type { Db } from '../../drizzle/client';
import type { Principal } from '../principal';
import { getOrderDetail } from '../queues/detail';

export async function getEngineerOrder(db: Db, principal: Principal, id: string) {
  const detail = await getOrderDetail(db, principal, id);
  const { order } = detail;
  return {
    ...detail,
    /** The caller owns the order (else they collaborate on it). */
    owner: !!principal.engineerId && order.engineerId === principal.engineerId,
  };
}

// The rows of one order's document, read exactly as the order page reads them: getOrderDetail
// checks the caller's scope first (an order they may not see is "not found", like a missing id)
// and redacts other providers from a provider role's view; the company's time zone from settings.
import type { Db } from '../../drizzle/client';
import { loadPhotos } from '../../engine/compliance';
import { getScheduleSettings } from '../../engine/directory';
import type { Principal } from '../../engine/principal';
import { getOrderDetail } from '../../engine/queues';
import { photoIdsOf } from './compliance';
import type { DocumentRows } from './model';

export async function loadDocumentRows(db: Db, principal: Principal, orderId: string, now: Date): Promise<DocumentRows> {
  const [detail, settings] = await Promise.all([getOrderDetail(db, principal, orderId), getScheduleSettings(db)]);
  // Photos of this order only: an event could not name another order's, but the document never shows one.
  const photos = new Map([...(await loadPhotos(db, photoIdsOf(detail.events)))].filter(([, p]) => p.orderId === detail.order.id));
  return {
    order: detail.order,
    events: detail.events,
    names: detail.names,
    nodes: detail.nodes,
    flow: detail.flow,
    timeZone: settings.timeZone,
    generatedAt: now,
    generatedFor: principal.name,
    photos,
  };
}

import { eq } from 'drizzle-orm';
import * as s from '../../../drizzle/schema';
import { QueueWorkspace } from '../../../components/queues/workspace';
import { OrdersHead } from '../../../components/orders/orders-head';
import { getRequestContext, requirePage } from '../../../server/rsc';
import { REVIEWING_ROLES } from '../../../engine/review/reviewers';

export const metadata = { title: 'Queues' };

export default async function QueuesPage() {
  const principal = await requirePage('/queues');
  let portalName: string | null = null;
  if (principal.role === 'provider_dispatcher' && principal.providerId) {
    const { db } = await getRequestContext();
    const [p] = await db.select({ name: s.serviceProviders.name }).from(s.serviceProviders).where(eq(s.serviceProviders.id, principal.providerId));
    portalName = p?.name ?? null;
  }
  return (
    <>
      <OrdersHead title="Queues" role={principal.role} />
      <QueueWorkspace portalName={portalName} reviews={REVIEWING_ROLES.includes(principal.role)} />
    </>
  );
}

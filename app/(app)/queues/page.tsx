import { eq } from 'drizzle-orm';
import Link from 'next/link';
import * as s from '../../../drizzle/schema';
import { QueueWorkspace } from '../../../components/queues/workspace';
import { getRequestContext, requirePage } from '../../../server/rsc';

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
      <div className="page-head">
        <h1>Queues</h1>
        {(principal.role === 'admin' || principal.role === 'dispatcher') && (
          <Link href="/orders/new" className="button primary ds-touch">
            New work order
          </Link>
        )}
      </div>
      <QueueWorkspace role={principal.role} portalName={portalName} />
    </>
  );
}

import { OrderTable } from '../../../components/orders/order-table';
import { requirePage } from '../../../server/rsc';

export const metadata = { title: 'Queues' };

export default async function QueuesPage() {
  await requirePage('/queues');
  return (
    <>
      <h1>Queues</h1>
      <h2>Pending assignment</h2>
      <OrderTable status="pending_assignment" caption="Orders waiting for assignment in your scope" />
    </>
  );
}

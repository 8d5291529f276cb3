import { OrderTable } from '../../../components/orders/order-table';
import { requirePage } from '../../../server/rsc';

export const metadata = { title: 'Orders' };

export default async function OrdersPage() {
  await requirePage('/orders');
  return (
    <>
      <h1>Orders</h1>
      <OrderTable caption="All work orders you may see" />
    </>
  );
}

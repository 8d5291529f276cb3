import { OrderTable } from '../../../components/orders/order-table';
import { OrdersHead } from '../../../components/orders/orders-head';
import { requirePage } from '../../../server/rsc';

export const metadata = { title: 'Orders' };

export default async function OrdersPage() {
  const principal = await requirePage('/orders');
  return (
    <>
      <OrdersHead title="Orders" role={principal.role} />
      <OrderTable caption="All work orders you may see" />
    </>
  );
}

import Link from 'next/link';
import { OrderTable } from '../../../components/orders/order-table';
import { requirePage } from '../../../server/rsc';

export const metadata = { title: 'Orders' };

export default async function OrdersPage() {
  const principal = await requirePage('/orders');
  return (
    <>
      <div className="page-head">
        <h1>Orders</h1>
        {(principal.role === 'admin' || principal.role === 'dispatcher') && (
          <Link href="/orders/new" className="button primary ds-touch">
            New work order
          </Link>
        )}
      </div>
      <OrderTable caption="All work orders you may see" />
    </>
  );
}

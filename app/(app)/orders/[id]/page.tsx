import { OrderDetail } from '../../../../components/orders/order-detail';
import { requirePage } from '../../../../server/rsc';

export const metadata = { title: 'Work order' };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePage('/orders');
  // The actions the caller may take come with the order (engine/orders/allowed-actions.ts).
  return <OrderDetail id={decodeURIComponent(id)} />;
}

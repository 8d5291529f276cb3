import { OrderDetail } from '../../../../components/orders/order-detail';
import { requirePage } from '../../../../server/rsc';

export const metadata = { title: 'Work order' };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePage('/orders');
  // The button shows only with the permission; the server refuses without it either way.
  const canReallocate = principal.permissions.includes('reallocate') && ['admin', 'dispatcher', 'group_dispatcher'].includes(principal.role);
  return <OrderDetail id={decodeURIComponent(id)} canReallocate={canReallocate} role={principal.role} />;
}

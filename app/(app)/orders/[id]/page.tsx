import { ENGINEER_ROLES } from '../../../../engine/flow/node-roles';
import { OrderDetail } from '../../../../components/orders/order-detail';
import { EngineerOrder } from '../../../../components/orders/engineer-order';
import { requireOrderPage } from '../../../../server/rsc';

export const metadata = { title: 'Work order' };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requireOrderPage();
  // Engineers get the on-site page (components/orders/engineer-order), every other role the
  // dispatcher's; both show the actions the server allows (engine/orders/allowed-actions.ts).
  if (ENGINEER_ROLES.includes(principal.role)) return <EngineerOrder id={decodeURIComponent(id)} />;
  return <OrderDetail id={decodeURIComponent(id)} />;
}

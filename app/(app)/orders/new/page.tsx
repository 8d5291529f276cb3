import { redirect } from 'next/navigation';
import { NewOrderForm } from '../../../../components/orders/new-order-form';
import { requirePage } from '../../../../server/rsc';

export const metadata = { title: 'New work order' };

export default async function NewOrderPage() {
  const principal = await requirePage('/orders');
  if (principal.role !== 'admin' && principal.role !== 'dispatcher') redirect('/orders');
  return (
    <>
      <h1>New work order</h1>
      <NewOrderForm />
    </>
  );
}

import { OrderTable } from '../../../components/orders/order-table';
import { requirePage } from '../../../server/rsc';

export const metadata = { title: 'My work' };

export default async function MyWorkPage() {
  await requirePage('/my-work');
  return (
    <>
      <h1>My work</h1>
      <OrderTable caption="Orders assigned to you, as owner or collaborator" />
    </>
  );
}

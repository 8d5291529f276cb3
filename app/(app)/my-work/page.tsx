import { MyWork } from '../../../components/orders/my-work';
import { requirePage } from '../../../server/rsc';

export const metadata = { title: 'My work' };

export default async function MyWorkPage() {
  const principal = await requirePage('/my-work');
  return (
    <>
      <h1>My work</h1>
      <MyWork engineerId={principal.engineerId} />
    </>
  );
}

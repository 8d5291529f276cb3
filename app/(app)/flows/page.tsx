import { requirePage } from '../../../server/rsc';
import { FlowsList } from './flows-list';

export const metadata = { title: 'Flows' };

export default async function FlowsPage() {
  await requirePage('/flows');
  return (
    <>
      <h1>Flows</h1>
      <p className="muted page-intro">
        Dispatch flows, drawn on a canvas. New orders start on a flow&apos;s latest published version; orders in flight keep theirs.
      </p>
      <FlowsList />
    </>
  );
}

import { FlowEditor } from '../../../../components/flow-editor/flow-editor';
import { requirePage } from '../../../../server/rsc';

export const metadata = { title: 'Flow designer' };

export default async function FlowEditorPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ version?: string; activity?: string }> }) {
  await requirePage('/flows');
  const { id } = await params;
  const { version: raw, activity } = await searchParams;
  const version = raw && /^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
  return <FlowEditor key={`${id}:${version ?? 'draft'}`} flowId={id} version={version} activity={activity === '1'} />;
}

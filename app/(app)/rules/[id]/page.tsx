import { RuleEditor } from '../../../../components/rule-editor/rule-editor';
import { requirePage } from '../../../../server/rsc';

export const metadata = { title: 'Rule editor' };

export default async function RuleEditorPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage('/rules');
  const { id } = await params;
  return <RuleEditor key={id} ruleSetId={id} />;
}

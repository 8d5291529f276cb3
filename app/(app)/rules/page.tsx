import Link from 'next/link';
import { requirePage } from '../../../server/rsc';
import { RulesList } from './rules-list';

export const metadata = { title: 'Rules' };

export default async function RulesPage() {
  await requirePage('/rules');
  return (
    <>
      <h1>Rule sets</h1>
      <p className="muted page-intro">
        Auto-dispatch rules in the rules language. A flow&apos;s dispatch node names a rule set and runs its latest published version.
      </p>
      <p>
        <Link href="/rules/overrides">Overrides</Link>: how often dispatchers changed what each rule decided, and why.
      </p>
      <RulesList />
    </>
  );
}

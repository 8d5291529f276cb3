import Link from 'next/link';
import { OverrideReasonsEditor, OverridesReportView } from '../../../../components/overrides';
import { zonedDate } from '../../../../components/schedule/zone';
import { getServerCaller, requirePage } from '../../../../server/rsc';

export const metadata = { title: 'Overrides' };

/**
 * The overrides report, in the Rules area: admins see every order and edit the reasons; dispatchers
 * and group dispatchers see the orders of their scope (overrides.report checks both).
 */
export default async function OverridesRoute() {
  const principal = await requirePage('/rules/overrides');
  const { timeZone } = await (await getServerCaller()).settings.schedule();
  const admin = principal.role === 'admin';
  return (
    <>
      {admin && (
        <p className="muted small">
          <Link href="/rules">Rule sets</Link> / Overrides
        </p>
      )}
      <h1>Overrides</h1>
      <p className="muted page-intro">When a dispatcher changes what a rule decided, they give a reason. Rules overridden often may need a change.</p>
      <OverridesReportView today={zonedDate(Date.now(), timeZone)} />
      {admin && <OverrideReasonsEditor />}
    </>
  );
}

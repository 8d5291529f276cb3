import { INSIGHT_SPLITS } from '../../../engine/insights';
import { InsightsPage } from '../../../components/insights/insights-page';
import { zonedDate } from '../../../components/schedule/zone';
import { getServerCaller, requirePage } from '../../../server/rsc';

export const metadata = { title: 'Insights' };

/** Insights for admins and dispatchers, over the orders each may see (insights.get checks both). */
export default async function InsightsRoute() {
  const principal = await requirePage('/insights');
  const { timeZone } = await (await getServerCaller()).settings.schedule();
  // Provider roles are never shown the service group an order came through.
  const splits = INSIGHT_SPLITS.filter((s) => !(s === 'group' && principal.role === 'provider_dispatcher'));
  return (
    <>
      <h1>Insights</h1>
      <InsightsPage splits={splits} today={zonedDate(Date.now(), timeZone)} />
    </>
  );
}

import Link from 'next/link';
import { InsightsOrdersCaption, insightOf } from '../../../components/insights/orders-filter';
import { OrderTable, type ThroughFilter } from '../../../components/orders/order-table';
import { OrdersHead } from '../../../components/orders/orders-head';
import { formatDateTime } from '../../../components/ui';
import { requirePage } from '../../../server/rsc';

export const metadata = { title: 'Orders' };

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** `?flow=…&version=…&node=…&from=…&to=…[&waiting=1]`: the orders of a node, as the flow's Activity overlay links them. */
function throughOf(params: Params): ThroughFilter | undefined {
  const [flowId, nodeId, from, to, version] = ['flow', 'node', 'from', 'to', 'version'].map((k) => one(params[k]));
  if (!flowId || !nodeId || !from || !to) return undefined;
  return { flowId, nodeId, from, to, ...(version && /^\d+$/.test(version) ? { version: Number(version) } : {}), waiting: one(params.waiting) === '1' };
}

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Params> }) {
  const principal = await requirePage('/orders');
  const params = await searchParams;
  const insight = insightOf(params);
  if (insight) {
    return (
      <>
        <OrdersHead title="Orders" role={principal.role} />
        <InsightsOrdersCaption filter={insight} />
        <OrderTable key={JSON.stringify(insight)} caption="The orders behind an Insights point" insight={insight} />
      </>
    );
  }
  const through = throughOf(params);
  if (!through) {
    return (
      <>
        <OrdersHead title="Orders" role={principal.role} />
        <OrderTable caption="All work orders you may see" />
      </>
    );
  }
  const q = (waiting: boolean) =>
    `/orders?${new URLSearchParams({ flow: through.flowId, ...(through.version ? { version: String(through.version) } : {}), node: through.nodeId, from: through.from, to: through.to, ...(waiting ? { waiting: '1' } : {}) })}`;
  const period = `${formatDateTime(new Date(through.from))} – ${formatDateTime(new Date(through.to))}`;
  const caption = through.waiting
    ? `Orders waiting at “${through.nodeId}” now`
    : `Orders that entered “${through.nodeId}” between ${period}`;
  return (
    <>
      <OrdersHead title="Orders" role={principal.role} />
      <p className="muted">
        Flow <Link href={`/flows/${encodeURIComponent(through.flowId)}${through.version ? `?version=${through.version}` : ''}`}>{through.flowId}</Link>
        {through.version ? `, version ${through.version}` : ''}, node “{through.nodeId}” ·{' '}
        {through.waiting ? <Link href={q(false)}>entered in the period</Link> : <Link href={q(true)}>waiting there now</Link>} · <Link href="/orders">all orders</Link>
      </p>
      <OrderTable key={q(!!through.waiting)} caption={caption} through={through} />
    </>
  );
}

// The orders list's link target from an Insights point: `?insight=<measure>&from=…&to=…[&split=…&value=…|&none=1]`.
import Link from 'next/link';
import { formatDateTime } from '../ui';
import { INSIGHT_MEASURES, INSIGHT_SPLITS, type InsightMeasure } from '../../engine/insights';
import type { InsightFilter } from '../orders/order-table';
import { SPLIT_LABELS } from './model';

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const MEASURE_LABELS: Record<InsightMeasure, string> = {
  created: 'all created',
  assigned: 'assigned',
  auto: 'first assigned by a rule',
  respond_due: 'respond-by due',
  respond_missed: 'respond-by missed',
  resolve_due: 'resolve-by due',
  resolve_missed: 'resolve-by missed',
  waiting: 'still waiting',
  overridden: 'a rule’s decision overridden',
};

const isOneOf = <T extends string>(list: readonly T[], v: string | undefined): v is T => v !== undefined && (list as readonly string[]).includes(v);

/** The filter in the URL, or undefined when the page was not opened from Insights. The server checks it again. */
export function insightOf(params: Params): InsightFilter | undefined {
  const [measure, from, to, split, value] = ['insight', 'from', 'to', 'split', 'value'].map((k) => one(params[k]));
  if (!isOneOf(INSIGHT_MEASURES, measure) || !from || !to) return undefined;
  const s = isOneOf(INSIGHT_SPLITS, split) ? split : 'none';
  return { measure, from, to, split: s, ...(s === 'none' ? {} : { value: one(params.none) === '1' ? null : (value ?? null) }) };
}

export function InsightsOrdersCaption({ filter }: { filter: InsightFilter }) {
  const period = `${formatDateTime(new Date(filter.from))} – ${formatDateTime(new Date(filter.to))}`;
  const split = filter.split && filter.split !== 'none' ? `, ${SPLIT_LABELS[filter.split].toLowerCase()} ${filter.value ?? '(none)'}` : '';
  return (
    <p className="muted" data-testid="insight-filter">
      From <Link href="/insights">Insights</Link>: orders created {period}
      {split}, {MEASURE_LABELS[filter.measure ?? 'created']} · <Link href="/orders">all orders</Link>
    </p>
  );
}

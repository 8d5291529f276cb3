// The Insights charts, derived from the counts the server sends (engine/insights): one table of
// metrics says how each figure is read from a point and which orders stand behind it.
import type { InsightMeasure, InsightPoint, Insights, InsightSplit } from '../../engine/insights';

export type { Insights, InsightSplit };

export interface Metric {
  id: string;
  title: string;
  /** What the figure is, in words (shown under the heading and read with the chart). */
  description: string;
  unit: 'percent' | 'minutes' | 'orders';
  /** The figure of one point; null: nothing to show (no orders to count it on). */
  value: (p: InsightPoint) => number | null;
  /** The orders behind a point: the ones the figure counts over. */
  measure: InsightMeasure;
  /** The count the figure is taken over, shown beside it in the table. */
  base: (p: InsightPoint) => number;
  baseLabel: string;
}

const rate = (hit: number, of: number) => (of === 0 ? null : Math.round((hit / of) * 1000) / 10);

type Count = { [K in keyof InsightPoint]: InsightPoint[K] extends number ? K : never }[keyof InsightPoint];

/** A percentage: of the orders `of` counts, the share `hit` counts; the table shows `of` beside it. */
const shareOf = (hit: Count, of: Count, measure: InsightMeasure, baseLabel: string) =>
  ({ unit: 'percent', value: (p) => rate(p[hit], p[of]), measure, base: (p) => p[of], baseLabel }) satisfies Partial<Metric>;

/** A number of orders; the table shows the orders created beside it. */
const countOf = (count: Count, measure: InsightMeasure) =>
  ({ unit: 'orders', value: (p) => p[count], measure, base: (p) => p.orders, baseLabel: 'created' }) satisfies Partial<Metric>;

export const METRICS: readonly Metric[] = [
  {
    id: 'auto-dispatch',
    title: 'Auto-dispatch rate',
    description: 'Of the orders assigned, the share whose first assignment a rule made.',
    ...shareOf('auto', 'assigned', 'assigned', 'assigned'),
  },
  {
    id: 'sla-respond',
    title: 'SLA hit rate: respond',
    description: 'Of the orders whose respond-by has passed or that were responded to, the share responded to in time.',
    ...shareOf('respondHit', 'respondDue', 'respond_due', 'due'),
  },
  {
    id: 'sla-resolve',
    title: 'SLA hit rate: resolve',
    description: 'Of the orders whose resolve-by has passed or that were resolved, the share resolved in time.',
    ...shareOf('resolveHit', 'resolveDue', 'resolve_due', 'due'),
  },
  {
    id: 'time-to-assign',
    title: 'Time to assign',
    description: 'Median minutes from an order’s creation to its first assignment, of the orders assigned.',
    unit: 'minutes',
    value: (p) => (p.assignMinutesMedian === null ? null : Math.round(p.assignMinutesMedian * 10) / 10),
    measure: 'assigned',
    base: (p) => p.assigned,
    baseLabel: 'assigned',
  },
  {
    id: 'backlog',
    title: 'Backlog',
    description: 'Orders still waiting for assignment now, by the day or week they came in (split by node: where they wait).',
    ...countOf('waiting', 'waiting'),
  },
  {
    id: 'overrides',
    title: 'Overrides',
    description: 'Times a dispatcher changed what a rule decided: a reassign, reallocate or reject right after an automatic assignment.',
    ...countOf('overrides', 'overridden'),
  },
];

export const SPLIT_LABELS: Record<InsightSplit, string> = {
  none: 'No split',
  group: 'Service group',
  provider: 'Provider',
  category: 'Category',
  rule: 'Rule',
  node: 'Node',
};

/** A series' key in chart rows: the split value, with one key for "none". */
export const seriesKey = (value: string | null) => (value === null ? '__none__' : `v:${value}`);

export function formatFigure(metric: Metric, v: number | null): string {
  if (v === null) return '—';
  if (metric.unit === 'percent') return `${v}%`;
  if (metric.unit === 'minutes') return v < 120 ? `${v} min` : `${Math.round((v / 60) * 10) / 10} h`;
  return String(v);
}

/** A bucket's label: its day, or "week of" its Monday. */
export function bucketLabel(data: Pick<Insights, 'bucket'>, key: string): string {
  const d = new Date(`${key}T12:00:00Z`);
  const day = d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return data.bucket === 'week' ? `week of ${day}` : day;
}

/** The orders list of one point: its bucket, split value and measure. */
export function ordersHref(data: Insights, bucketKey: string, value: string | null, measure: InsightMeasure): string {
  const b = data.buckets.find((x) => x.key === bucketKey);
  if (!b) throw new Error(`No bucket ${bucketKey}`);
  const q = new URLSearchParams({ insight: measure, from: b.from, to: b.to });
  if (data.split !== 'none') {
    q.set('split', data.split);
    if (value === null) q.set('none', '1');
    else q.set('value', value);
  }
  return `/orders?${q}`;
}

export interface ChartRow {
  key: string;
  label: string;
  [series: string]: number | string | null;
}

/** One row per bucket (every bucket of the period, empty ones too), a column per series. */
export function chartRows(data: Insights, metric: Metric): ChartRow[] {
  const byKey = new Map(data.points.map((p) => [`${p.bucket}|${seriesKey(p.value)}`, p]));
  return data.buckets.map((b) => {
    const row: ChartRow = { key: b.key, label: bucketLabel(data, b.key) };
    for (const s of data.series) {
      const p = byKey.get(`${b.key}|${seriesKey(s.value)}`);
      row[seriesKey(s.value)] = p ? metric.value(p) : metric.unit === 'orders' ? 0 : null;
    }
    return row;
  });
}

/** The point of a bucket and series, if any orders were created there. */
export function pointAt(data: Insights, bucketKey: string, value: string | null): InsightPoint | undefined {
  return data.points.find((p) => p.bucket === bucketKey && p.value === value);
}

/** The chart in words, for screen readers: each series' figures over the period. */
export function describeChart(data: Insights, metric: Metric): string {
  const parts = data.series.map((s) => {
    const figures = data.buckets
      .map((b) => {
        const p = pointAt(data, b.key, s.value);
        return p ? `${bucketLabel(data, b.key)} ${formatFigure(metric, metric.value(p))}` : null;
      })
      .filter(Boolean);
    return `${s.label}: ${figures.length ? figures.join(', ') : 'no orders'}`;
  });
  return `${metric.title}. ${metric.description} ${parts.join('. ')}.`;
}

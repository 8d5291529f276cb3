'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTRPC } from '../../lib/trpc';
import { LoadError, PeriodFields, type Period } from '../ui';
import {
  METRICS,
  SPLIT_LABELS,
  bucketLabel,
  chartRows,
  describeChart,
  formatFigure,
  ordersHref,
  pointAt,
  seriesKey,
  type Insights,
  type InsightSplit,
  type Metric,
} from './model';
import './insights.css';

type Bucket = 'day' | 'week';

// Distinct for the usual colour-vision deficiencies (Okabe–Ito), then a few more.
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#7f7f7f', '#8c564b', '#17becf', '#bcbd22'];

/** The Insights page: the period, bucket and split chosen here, each metric a chart with its figures as a table. */
export function InsightsPage({ splits, today }: { splits: readonly InsightSplit[]; today: string }) {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<Period>('30d');
  const [bucket, setBucket] = useState<Bucket>('day');
  const [split, setSplit] = useState<InsightSplit>('none');
  const [from, setFrom] = useState(() => shiftDay(today, -13));
  const [to, setTo] = useState(today);
  const input = period === 'custom' ? { period, bucket, split, from, to } : { period, bucket, split };
  const { data, error, isFetching } = useQuery({ ...trpc.insights.get.queryOptions(input), placeholderData: keepPreviousData });
  const ids = { bucket: useId(), split: useId() };

  return (
    <>
      <form className="toolbar insights-controls" aria-label="Insights period and split" onSubmit={(e) => e.preventDefault()}>
        <PeriodFields period={period} from={from} to={to} onPeriod={setPeriod} onFrom={setFrom} onTo={setTo} />
        <label className="field" htmlFor={ids.bucket}>
          <span>Buckets</span>
          <select id={ids.bucket} value={bucket} onChange={(e) => setBucket(e.target.value as Bucket)}>
            <option value="day">By day</option>
            <option value="week">By week</option>
          </select>
        </label>
        <label className="field" htmlFor={ids.split}>
          <span>Split by</span>
          <select id={ids.split} value={split} onChange={(e) => setSplit(e.target.value as InsightSplit)}>
            {splits.map((s) => (
              <option key={s} value={s}>
                {SPLIT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <span className="muted" aria-live="polite">
          {isFetching ? 'Updating…' : data ? summary(data) : ''}
        </span>
      </form>
      <LoadError error={error} />
      {data && (
        <div className="insights-grid">
          {METRICS.map((m) => (
            <MetricChart key={m.id} data={data} metric={m} />
          ))}
        </div>
      )}
    </>
  );
}

function summary(data: Insights) {
  const orders = data.points.reduce((n, p) => n + p.orders, 0);
  const first = data.buckets[0];
  const last = data.buckets.at(-1);
  return `${orders} orders created ${first ? bucketLabel({ bucket: 'day' }, first.key) : ''} – ${last ? bucketLabel({ bucket: 'day' }, shiftDay(last.to.slice(0, 10), 0)) : ''} (${data.timeZone}); figures by the ${data.bucket} each order was created`;
}

function shiftDay(day: string, by: number) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

function MetricChart({ data, metric }: { data: Insights; metric: Metric }) {
  const router = useRouter();
  const headingId = useId();
  const descriptionId = useId();
  const rows = chartRows(data, metric);
  const percent = metric.unit === 'percent';
  const label = (s: Insights['series'][number]) => (data.split === 'none' ? metric.title : s.label);

  return (
    <section className="panel insights-chart" aria-labelledby={headingId} data-metric={metric.id}>
      <h2 id={headingId} className="panel-title">
        {metric.title}
      </h2>
      <p className="muted">{metric.description}</p>
      <p id={descriptionId} className="sr-only">
        {describeChart(data, metric)}
      </p>
      <figure role="group" aria-labelledby={headingId} aria-describedby={descriptionId} className="insights-figure">
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} width={44} domain={percent ? [0, 100] : [0, 'auto']} unit={percent ? '%' : undefined} allowDecimals={!['orders'].includes(metric.unit)} />
            <Tooltip formatter={(v) => formatFigure(metric, typeof v === 'number' ? v : null)} />
            {data.series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
            {data.series.map((s, i) => {
              const key = seriesKey(s.value);
              const colour = COLOURS[i % COLOURS.length];
              return (
                <Line
                  key={key}
                  type="monotone"
                  dataKey={key}
                  name={label(s)}
                  stroke={colour}
                  strokeWidth={2}
                  connectNulls
                  isAnimationActive={false}
                  dot={(props) => {
                    const { cx, cy, payload, index } = props as { cx?: number; cy?: number; payload: { key: string }; index: number };
                    const p = pointAt(data, payload.key, s.value);
                    if (cx == null || cy == null || !p) return <g key={`${key}-${index}`} />;
                    const href = ordersHref(data, payload.key, s.value, metric.measure);
                    const figure = formatFigure(metric, metric.value(p));
                    return (
                      <a
                        key={`${key}-${index}`}
                        href={href}
                        className="insights-point"
                        aria-label={`${metric.title}, ${label(s)}, ${bucketLabel(data, payload.key)}: ${figure}; open the ${metric.base(p)} ${metric.baseLabel} orders`}
                        onClick={(e) => {
                          e.preventDefault();
                          router.push(href);
                        }}
                      >
                        <circle cx={cx} cy={cy} r={4} fill={colour} stroke="#fff" strokeWidth={1} />
                      </a>
                    );
                  }}
                />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <details className="insights-table">
        <summary>Figures as a table</summary>
        <FiguresTable data={data} metric={metric} label={label} />
      </details>
    </section>
  );
}

function FiguresTable({ data, metric, label }: { data: Insights; metric: Metric; label: (s: Insights['series'][number]) => string }) {
  const withOrders = data.buckets.filter((b) => data.points.some((p) => p.bucket === b.key));
  return (
    <div className="table-wrap">
      <table className="data">
        <caption className="muted" style={{ textAlign: 'left' }}>
          {metric.title} by {data.bucket} {data.split === 'none' ? '' : `and ${SPLIT_LABELS[data.split].toLowerCase()}`}; each figure opens the orders behind it
        </caption>
        <thead>
          <tr>
            <th scope="col">{data.bucket === 'day' ? 'Day' : 'Week'}</th>
            {data.series.map((s) => (
              <th key={seriesKey(s.value)} scope="col">
                {label(s)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {withOrders.length === 0 && (
            <tr>
              <td colSpan={data.series.length + 1} className="muted">
                No orders in this period.
              </td>
            </tr>
          )}
          {withOrders.map((b) => (
            <tr key={b.key}>
              <th scope="row">{bucketLabel(data, b.key)}</th>
              {data.series.map((s) => {
                const p = pointAt(data, b.key, s.value);
                return (
                  <td key={seriesKey(s.value)}>
                    {p ? (
                      <Link href={ordersHref(data, b.key, s.value, metric.measure)}>
                        {formatFigure(metric, metric.value(p))}{' '}
                        <span className="muted">
                          ({metric.base(p)} {metric.baseLabel})
                        </span>
                      </Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

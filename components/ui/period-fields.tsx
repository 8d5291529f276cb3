'use client';
// The period of a report (Insights, the overrides report): the last 7, 30 or 90 days, or a first
// and a last day, as the engine's period input takes them (engine/insights INSIGHT_PERIODS).
import { useId } from 'react';

export type Period = '7d' | '30d' | '90d' | 'custom';

const PERIODS: { value: Period; label: string }[] = [
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'custom', label: 'Custom…' },
];

/** The period select, and the first and last day when it is custom. */
export function PeriodFields({
  period,
  from,
  to,
  onPeriod,
  onFrom,
  onTo,
}: {
  period: Period;
  from: string;
  to: string;
  onPeriod: (p: Period) => void;
  onFrom: (day: string) => void;
  onTo: (day: string) => void;
}) {
  const ids = { period: useId(), from: useId(), to: useId() };
  return (
    <>
      <label className="field" htmlFor={ids.period}>
        <span>Period</span>
        <select id={ids.period} value={period} onChange={(e) => onPeriod(e.target.value as Period)}>
          {PERIODS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {period === 'custom' && (
        <>
          <label className="field" htmlFor={ids.from}>
            <span>First day</span>
            <input id={ids.from} type="date" value={from} max={to} onChange={(e) => e.target.value && onFrom(e.target.value)} />
          </label>
          <label className="field" htmlFor={ids.to}>
            <span>Last day</span>
            <input id={ids.to} type="date" value={to} min={from} onChange={(e) => e.target.value && onTo(e.target.value)} />
          </label>
        </>
      )}
    </>
  );
}

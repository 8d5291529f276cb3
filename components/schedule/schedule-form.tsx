'use client';
// Scheduling without a pointer: pick the order, the engineer and the slot (the engine's earliest,
// or a time in the company's zone); the same preview as a drag says whether and why it fits, and
// Book confirms.
import { useId, useMemo, useState } from 'react';
import { previewSlot, type Preview } from './preview';
import type { BoardData, BoardEngineer, BoardRow, UnscheduledOrder } from './types';
import { formatDayTime, formatTime, fromLocalInput, toLocalInput } from './zone';

export function PreviewText({ preview, timeZone }: { preview: Preview | null; timeZone: string }) {
  if (!preview) return null;
  if (!preview.ok) return <p className="sb-form-preview refused">Refused: {preview.reason}.</p>;
  return (
    <div className="sb-form-preview ok">
      <p>
        Fits: {formatDayTime(preview.start, timeZone)}–{formatTime(preview.end, timeZone)}
        {preview.mode === 'earliest' ? ' (earliest slot)' : ''}.
      </p>
      <ul>
        {preview.checks.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </div>
  );
}

export function ScheduleForm({
  data,
  engineers: rows,
  timeZone,
  numberOf,
  pending,
  onBook,
}: {
  data: BoardData;
  /** The rows shown (filters applied); each engineer once. */
  engineers: BoardRow[];
  timeZone: string;
  numberOf: (id: string | null) => string;
  pending: boolean;
  onBook: (item: { kind: 'order'; order: UnscheduledOrder }, engineer: BoardEngineer, start: number | null) => void;
}) {
  const id = useId();
  const now = Date.parse(data.now);
  const [orderId, setOrderId] = useState('');
  const [engineerId, setEngineerId] = useState('');
  const [mode, setMode] = useState<'earliest' | 'at'>('earliest');
  const [at, setAt] = useState(() => toLocalInput(Math.ceil(now / 3_600_000) * 3_600_000 + 3_600_000, timeZone));
  const engineers = useMemo(() => {
    const seen = new Map<string, BoardEngineer>();
    for (const r of rows) if (r.kind === 'engineer' && !seen.has(r.engineer.id)) seen.set(r.engineer.id, r.engineer);
    return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [rows]);
  const order = data.unscheduled.find((o) => o.orderId === orderId) ?? null;
  const engineer = engineers.find((e) => e.id === engineerId) ?? data.engineers.find((e) => e.id === engineerId) ?? null;
  const start = mode === 'at' ? fromLocalInput(at, timeZone) : null;
  const preview = order && engineer && (mode === 'earliest' || start !== null) ? previewSlot(engineer, { kind: 'order', order }, start, now, data.travel, timeZone, numberOf) : null;

  return (
    <form
      className="sb-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (order && engineer && preview?.ok) onBook({ kind: 'order', order }, engineer, mode === 'earliest' ? null : preview.start);
      }}
    >
      <h2 id={`${id}-title`} className="sb-side-title">
        Schedule an order
      </h2>
      <div className="field">
        <label htmlFor={`${id}-order`}>Order to schedule</label>
        <select id={`${id}-order`} value={orderId} onChange={(e) => setOrderId(e.target.value)}>
          <option value="">Choose an order</option>
          {data.unscheduled.map((o) => (
            <option key={o.orderId} value={o.orderId}>
              {o.number} · {o.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-engineer`}>Engineer</label>
        <select id={`${id}-engineer`} value={engineerId} onChange={(e) => setEngineerId(e.target.value)}>
          <option value="">Choose an engineer</option>
          {engineers.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
              {e.providerName ? ` (${e.providerName})` : ''}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="sb-slot">
        <legend>Slot</legend>
        <label className="check">
          <input type="radio" name={`${id}-mode`} checked={mode === 'earliest'} onChange={() => setMode('earliest')} /> Earliest slot
        </label>
        <label className="check">
          <input type="radio" name={`${id}-mode`} checked={mode === 'at'} onChange={() => setMode('at')} /> At a time
        </label>
        {mode === 'at' && (
          <div className="field">
            <label htmlFor={`${id}-at`}>Start ({timeZone})</label>
            <input id={`${id}-at`} type="datetime-local" step={900} value={at} onChange={(e) => setAt(e.target.value)} />
          </div>
        )}
      </fieldset>
      <div aria-live="polite">
        <PreviewText preview={preview} timeZone={timeZone} />
      </div>
      <button type="submit" className="button primary" disabled={!preview?.ok || pending}>
        {pending ? 'Booking…' : 'Book'}
      </button>
    </form>
  );
}

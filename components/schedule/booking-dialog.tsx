'use client';
// A booking opened from its bar: what it is, and a move without a pointer (another time, or with
// the reallocate permission another engineer), previewed by the same slot check as a drag.
import Link from 'next/link';
import { useId, useMemo, useState } from 'react';
import { DialogActions, Modal } from '../ui';
import { bookingStatusText } from './board-grid';
import { previewSlot } from './preview';
import { PreviewText } from './schedule-form';
import type { BoardBooking, BoardData, BoardEngineer } from './types';
import { formatDayTime, formatTime, fromLocalInput, toLocalInput } from './zone';

export function BookingDialog({
  booking,
  engineer,
  data,
  timeZone,
  canReallocate,
  numberOf,
  pending,
  onClose,
  onMove,
}: {
  booking: BoardBooking;
  engineer: BoardEngineer;
  data: BoardData;
  timeZone: string;
  canReallocate: boolean;
  numberOf: (id: string | null) => string;
  pending: boolean;
  onClose: () => void;
  onMove: (engineer: BoardEngineer, start: number) => void;
}) {
  const id = useId();
  const [engineerId, setEngineerId] = useState(engineer.id);
  const [at, setAt] = useState(() => toLocalInput(Date.parse(booking.start), timeZone));
  const start = fromLocalInput(at, timeZone);
  const target = data.engineers.find((e) => e.id === engineerId) ?? engineer;
  const choices = useMemo(() => (canReallocate ? [...data.engineers].sort((a, b) => a.name.localeCompare(b.name)) : [engineer]), [canReallocate, data.engineers, engineer]);
  const unchanged = target.id === engineer.id && start === Date.parse(booking.start);
  const preview = start !== null && !unchanged ? previewSlot(target, { kind: 'booking', booking, engineerId: engineer.id }, start, Date.parse(data.now), data.travel, timeZone, numberOf) : null;
  const owner = booking.role === 'owner';
  return (
    <Modal title={`Booking ${booking.number}`} onClose={onClose}>
      <dl className="fields">
        <dt>Order</dt>
        <dd>
          <Link href={`/orders/${booking.orderId}`}>
            {booking.number} · {booking.title}
          </Link>
        </dd>
        <dt>Engineer</dt>
        <dd>
          {engineer.name}
          {booking.role === 'collaborator' ? ' (collaborator)' : ''}
        </dd>
        <dt>When</dt>
        <dd>
          {formatDayTime(Date.parse(booking.start), timeZone)}–{formatTime(Date.parse(booking.end), timeZone)}
        </dd>
        <dt>Priority, status</dt>
        <dd>
          {booking.priority}, {bookingStatusText(booking)}
          {booking.lateForSla && (
            <>
              {' '}
              <span className="badge warn">starts after its resolve-by</span>
            </>
          )}
        </dd>
      </dl>
      {owner ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (preview?.ok) onMove(target, preview.start);
          }}
        >
          <h3 className="sb-side-title">Move</h3>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-engineer`}>Move to engineer</label>
              <select id={`${id}-engineer`} value={engineerId} onChange={(e) => setEngineerId(e.target.value)} disabled={!canReallocate}>
                {choices.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </select>
              {!canReallocate && <p className="hint muted">Another engineer needs the Reallocate permission.</p>}
            </div>
            <div className="field">
              <label htmlFor={`${id}-at`}>New start ({timeZone})</label>
              <input id={`${id}-at`} type="datetime-local" step={900} value={at} onChange={(e) => setAt(e.target.value)} />
            </div>
          </div>
          <div aria-live="polite">
            <PreviewText preview={preview} timeZone={timeZone} />
          </div>
          <DialogActions onClose={onClose} cancelLabel="Close">
            <button type="submit" className="button primary" disabled={!preview?.ok || pending}>
              {pending ? 'Moving…' : 'Move booking'}
            </button>
          </DialogActions>
        </form>
      ) : (
        <>
          <p className="muted">A collaborator’s booking moves with the owner’s.</p>
          <DialogActions onClose={onClose} cancelLabel="Close">
            {null}
          </DialogActions>
        </>
      )}
    </Modal>
  );
}

'use client';
// The engineer's own tasks (owner or collaborator): their day in time order (each booked order with
// its start, end and the travel before it, in the company's time zone; unbooked work after), accept
// or decline what was assigned, start and complete accepted work, as the server's list of allowed
// actions on each order says; and their notifications. Touch-sized, stacked cards.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { formatDay, formatTime, zonedDate } from '../schedule/zone';
import { FormAlert, Modal, errorText, formatDateTime } from '../ui';
import { STATUS_LABELS } from './format';
import { SlaBadge } from './sla-badge';


export function MyWork({ engineerId }: { engineerId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The server's order: booked work in the time order of the bookings (each with the travel from
  // the place before it), then the rest by resolve-by.
  const work = useQuery(trpc.orders.myWork.queryOptions());
  const notifications = useQuery(trpc.notifications.list.queryOptions({ limit: 20 }));
  const [declining, setDeclining] = useState<{ id: string; number: string; version: number } | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const done = (verb: string) => async (o: { number: string }) => {
    setMessage(`${o.number} ${verb}`);
    await queryClient.invalidateQueries(trpc.orders.pathFilter());
    await queryClient.invalidateQueries(trpc.notifications.pathFilter());
  };
  const accept = useMutation(trpc.orders.accept.mutationOptions({ onSuccess: done('accepted') }));
  const decline = useMutation(trpc.orders.decline.mutationOptions({ onSuccess: async (o) => (setDeclining(null), setReason(''), done('declined')(o)) }));
  const start = useMutation(trpc.orders.start.mutationOptions({ onSuccess: done('started') }));
  const complete = useMutation(trpc.orders.complete.mutationOptions({ onSuccess: done('completed') }));
  const failure = accept.error ?? start.error ?? complete.error;
  const settings = useQuery(trpc.settings.schedule.queryOptions());
  const timeZone = settings.data?.timeZone ?? 'UTC';
  const orders = work.data?.rows ?? [];
  const now = new Date();
  const today = zonedDate(now.getTime(), timeZone);

  return (
    <div className="my-work">
      {message && <p role="status" className="ok-text">{message}</p>}
      <FormAlert>{failure ? errorText(failure) : null}</FormAlert>
      <h2>My tasks</h2>
      {work.isLoading && <p className="muted">Loading…</p>}
      {work.error && <FormAlert>{errorText(work.error)}</FormAlert>}
      {work.data && orders.length === 0 && <p className="muted">Nothing assigned to you right now.</p>}
      <ul className="work-list" aria-label="My tasks">
        {orders.map((o, i) => {
          const mine = o.engineerId === engineerId;
          const startsAt = o.booking ? Date.parse(o.booking.start) : null;
          const day = startsAt !== null ? zonedDate(startsAt, timeZone) : null;
          const previous = orders[i - 1];
          const newDay = day !== (previous?.booking ? zonedDate(Date.parse(previous.booking.start), timeZone) : null) || i === 0;
          const travel = o.booking ? o.travelMinutes : null;
          const ref = { orderId: o.id, version: o.version };
          // The server says what this engineer may do to the order now (owner, not collaborator).
          const can = (...actions: (typeof o.actions)[number][]) => actions.some((a) => o.actions.includes(a));
          return (
            <li key={o.id} className="work-card" data-order={o.number}>
              {newDay && (
                <h3 className="work-day muted small" style={{ margin: 0, textTransform: "uppercase", letterSpacing: 0.3 }}>{day === null ? 'Not scheduled' : day === today ? `Today · ${formatDay(startsAt!, timeZone)}` : formatDay(startsAt!, timeZone)}</h3>
              )}
              {o.booking && (
                <p className="work-when" style={{ margin: 0, fontSize: 15 }}>
                  <strong>
                    {formatTime(Date.parse(o.booking.start), timeZone)}–{formatTime(Date.parse(o.booking.end), timeZone)}
                  </strong>
                  {travel !== null && <span className="muted"> · {travel} min travel before</span>}
                  {o.lateForSla && <span className="badge warn"> starts after its resolve-by</span>}
                </p>
              )}
              <div className="todo-card-head">
                <strong>
                  {o.number} · {o.title}
                </strong>
                <span className="badge">{STATUS_LABELS[o.status]}</span>
              </div>
              <div className="muted">
                {o.customerName} · {o.street}, {o.city} · {o.priority}
              </div>
              <div>
                <SlaBadge resolveBy={o.resolveBy} now={now} prefix="resolve " />{' '}
                {!mine && <span className="badge info">collaborator</span>}
              </div>
              {can('accept', 'decline', 'start', 'complete') && (
                <div className="work-actions">
                  {can('accept') && (
                    <button type="button" className="button primary" onClick={() => accept.mutate(ref)} disabled={accept.isPending}>
                      Accept
                    </button>
                  )}
                  {can('decline') && (
                    <button type="button" className="button danger" onClick={() => setDeclining({ id: o.id, number: o.number, version: o.version })}>
                      Decline
                    </button>
                  )}
                  {can('start') && (
                    <button type="button" className="button primary" onClick={() => start.mutate(ref)} disabled={start.isPending}>
                      Start
                    </button>
                  )}
                  {can('complete') && (
                    <button type="button" className="button primary" onClick={() => complete.mutate(ref)} disabled={complete.isPending}>
                      Complete
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <h2>Notifications</h2>
      <ul className="work-list" aria-label="My notifications">
        {notifications.data?.items.length === 0 && <li className="muted">No notifications.</li>}
        {notifications.data?.items.map((n) => (
          <li key={n.id} className="work-card">
            <strong>{n.title}</strong>
            <span className="muted small">
              {n.body} · {formatDateTime(n.createdAt)} {n.readAt ? '' : '· unread'}
            </span>
          </li>
        ))}
      </ul>
      {declining && (
        <Modal title={`Decline ${declining.number}`} onClose={() => setDeclining(null)}>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              decline.mutate({ orderId: declining.id, version: declining.version, reason });
            }}
          >
            <label className="field">
              <span>Reason</span>
              <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <FormAlert>{decline.error ? errorText(decline.error) : null}</FormAlert>
            <div className="dialog-actions work-actions">
              <button type="button" className="button" onClick={() => setDeclining(null)}>
                Cancel
              </button>
              <button type="submit" className="button danger" disabled={decline.isPending}>
                Decline order
              </button>
            </div>
          </form>
        </Modal>
      )}
    </div>
  );
}

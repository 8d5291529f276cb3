'use client';
// The engineer's own tasks (owner or collaborator): their day in time order (each booked order with
// its start, end and the travel before it, in the company's time zone; unbooked work after), accept
// or decline what was assigned, start, pause and complete accepted work, as the server's list of
// allowed actions on each order says; and their notifications. Touch-sized, stacked cards; each
// order and each notification about one opens the order's page (components/orders/engineer-order).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { orderPath } from '../../engine/delivery/model';
import { useTRPC } from '../../lib/trpc';
import { formatDay, formatTime, zonedDate } from '../schedule/zone';
import { FormAlert, errorText, formatDateTime } from '../ui';
import { EngineerActions, useEngineerActions } from './engineer-order';
import { workStatusLabel } from './format';
import { SlaBadge } from './sla-badge';

export function MyWork({ engineerId }: { engineerId: string | null }) {
  const trpc = useTRPC();
  // The server's order: booked work in the time order of the bookings (each with the travel from
  // the place before it), then the rest by resolve-by.
  const work = useQuery(trpc.orders.myWork.queryOptions());
  const notifications = useQuery(trpc.notifications.list.queryOptions({ limit: 20 }));
  const queryClient = useQueryClient();
  // A notification opened is read (here as in the bell).
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.notifications.pathFilter()) }));
  const engineer = useEngineerActions();
  const settings = useQuery(trpc.settings.schedule.queryOptions());
  const timeZone = settings.data?.timeZone ?? 'UTC';
  const orders = work.data?.rows ?? [];
  const now = new Date();
  const today = zonedDate(now.getTime(), timeZone);

  return (
    <div className="my-work">
      {engineer.message && <p role="status" className="ok-text">{engineer.message}</p>}
      <FormAlert>{engineer.failure ? errorText(engineer.failure) : null}</FormAlert>
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
                  {o.lateForSla && (
                    <>
                      {' '}
                      <span className="badge warn">starts after its resolve-by</span>
                    </>
                  )}
                </p>
              )}
              <div className="todo-card-head">
                <strong>
                  <Link href={orderPath(o.id)}>
                    {o.number} · {o.title}
                  </Link>
                </strong>
                <span className="badge">{workStatusLabel(o)}</span>
              </div>
              <div className="muted">
                {o.customerName} · {o.street}, {o.city} · {o.priority}
              </div>
              <div>
                {o.status === 'assigned' && !o.respondedAt && (
                  <>
                    <SlaBadge resolveBy={o.respondBy} now={now} prefix="respond " />{' '}
                  </>
                )}
                <SlaBadge resolveBy={o.resolveBy} now={now} prefix="resolve " />{' '}
                {!mine && <span className="badge info">collaborator</span>}
              </div>
              {/* The server says what this engineer may do to the order now (owner, not collaborator). */}
              <EngineerActions order={o} actions={o.actions} engineer={engineer} />
            </li>
          );
        })}
      </ul>
      <h2>Notifications</h2>
      <ul className="work-list" aria-label="My notifications">
        {notifications.data?.items.length === 0 && <li className="muted">No notifications.</li>}
        {notifications.data?.items.map((n) => (
          <li key={n.id} className="work-card">
            <strong>
              {n.orderId ? (
                <Link href={orderPath(n.orderId)} onClick={() => (n.readAt ? undefined : markRead.mutate({ ids: [n.id] }))}>
                  {n.title}
                </Link>
              ) : (
                n.title
              )}
            </strong>
            <span className="muted small">
              {n.body} · {formatDateTime(n.createdAt)} {n.readAt ? '' : '· unread'}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

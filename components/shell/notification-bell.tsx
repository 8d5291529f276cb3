'use client';
// The top bar's notifications: a button naming the unread count, and a popover with the latest
// notifications (title, text, time), each marked read on demand, and "Mark all read". The list
// is refetched live (lib/use-live.ts) when a notification arrives, and whenever the live stream
// may have missed some (the server's `resync` after its database connection came back, or a reconnect).
// The bell is on every signed-in page, so it also registers the service worker (push messages, the
// installable app) and links to the user's notification settings.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bell, Settings } from 'lucide-react';
import Link from 'next/link';
import { orderPath } from '../../engine/delivery/model';
import { useEffect, useId, useRef, useState, type CSSProperties } from 'react';
import { useTRPC } from '../../lib/trpc';
import { registerServiceWorker } from '../settings/push-client';
import { timeAgo } from '../ui/time';

const styles = {
  wrap: { position: 'relative' },
  count: {
    display: 'inline-block',
    minWidth: 18,
    padding: '0 5px',
    borderRadius: 999,
    background: '#d92d20',
    color: '#fff',
    fontSize: 11,
    fontWeight: 700,
    lineHeight: '18px',
    textAlign: 'center',
  },
  // Fixed, placed under the bell when it opens (toggle): on a phone the bell is not at the screen's
  // right edge, and a panel hung from it would run off the left side.
  panel: {
    position: 'fixed',
    width: 'min(380px, calc(100vw - 16px))',
    maxHeight: '70vh',
    overflow: 'auto',
    background: '#fff',
    color: 'var(--ink, #101828)',
    border: '1px solid var(--line, #d0d5dd)',
    borderRadius: 10,
    boxShadow: '0 12px 32px rgba(16, 24, 40, 0.18)',
    zIndex: 50,
  },
  head: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: 8,
    padding: '10px 12px',
    borderBottom: '1px solid var(--line, #eaecf0)',
    position: 'sticky',
    top: 0,
    background: '#fff',
  },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: { padding: '10px 12px', borderBottom: '1px solid var(--line, #eaecf0)', display: 'grid', gap: 2 },
  unread: { background: '#f5f8ff' },
  row: { display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 8 },
  darkButton: { background: '#fff', color: 'var(--ink, #101828)', borderColor: 'var(--line, #d0d5dd)' },
} satisfies Record<string, CSSProperties>;

export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data, isLoading, error } = useQuery(trpc.notifications.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.notifications.pathFilter());
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSettled: refresh }));
  const markAllRead = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSettled: refresh }));
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<{ top: number; right: number }>({ top: 56, right: 8 });
  const [now, setNow] = useState(() => Date.now());
  const panelId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void registerServiceWorker();
  }, []);

  const unread = data?.unread ?? 0;
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';

  // Close on Escape (focus back on the button) and on a click outside.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onPointer = (e: MouseEvent) => {
      if (wrapRef.current && !wrapRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onPointer);
    };
  }, [open]);

  function toggle() {
    setNow(Date.now());
    const rect = buttonRef.current?.getBoundingClientRect();
    if (rect) {
      const width = Math.min(380, window.innerWidth - 16);
      // Right-aligned with the bell where it fits, else as far right as the screen allows.
      const right = Math.max(8, Math.min(window.innerWidth - rect.right, window.innerWidth - width - 8));
      setPlace({ top: rect.bottom + 8, right });
    }
    setOpen((o) => !o);
  }

  return (
    <div ref={wrapRef} style={styles.wrap}>
      <button
        ref={buttonRef}
        type="button"
        className="button"
        aria-label={label}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={toggle}
      >
        <Bell aria-hidden="true" size={18} strokeWidth={2} />
        {unread > 0 && (
          <span aria-hidden="true" style={styles.count}>
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div id={panelId} role="dialog" aria-label="Notifications" style={{ ...styles.panel, ...place }}>
          <div style={styles.head}>
            <strong>Notifications</strong>
            <Link href="/settings/notifications" className="button small" style={styles.darkButton} aria-label="Notification settings" onClick={() => setOpen(false)}>
              <Settings aria-hidden="true" size={14} /> Settings
            </Link>
            <button
              type="button"
              className="button"
              style={styles.darkButton}
              disabled={unread === 0 || markAllRead.isPending}
              onClick={() => markAllRead.mutate()}
            >
              Mark all read
            </button>
          </div>
          {isLoading && <p className="muted" style={{ padding: 12, margin: 0 }}>Loading…</p>}
          {error && (
            <p className="error" role="alert" style={{ padding: 12, margin: 0 }}>
              Notifications could not be loaded: {error.message}
            </p>
          )}
          {data && data.items.length === 0 && (
            <p className="muted" style={{ padding: 12, margin: 0 }}>
              No notifications yet.
            </p>
          )}
          {data && data.items.length > 0 && (
            <ul style={styles.list} aria-label="Latest notifications">
              {data.items.map((n) => (
                <li key={n.id} style={{ ...styles.item, ...(n.readAt ? {} : styles.unread) }}>
                  <div style={styles.row}>
                    <strong>
                      {!n.readAt && <span className="sr-only">Unread: </span>}
                      {/* The order's page: for an engineer their on-site page (the push message opens the same). */}
                      {n.orderId ? (
                        <Link
                          href={orderPath(n.orderId)}
                          style={{ color: 'inherit' }}
                          onClick={() => {
                            // Opened is read.
                            if (!n.readAt) markRead.mutate({ ids: [n.id] });
                            setOpen(false);
                          }}
                        >
                          {n.title}
                        </Link>
                      ) : (
                        n.title
                      )}
                    </strong>
                    <time className="muted small" dateTime={n.createdAt.toISOString()} title={n.createdAt.toLocaleString()}>
                      {timeAgo(n.createdAt, now)}
                    </time>
                  </div>
                  {n.body && <span className="small">{n.body}</span>}
                  {!n.readAt && (
                    <div>
                      <button
                        type="button"
                        className="button small"
                        style={{ ...styles.darkButton, minHeight: 26, padding: '2px 8px' }}
                        disabled={markRead.isPending}
                        onClick={() => markRead.mutate({ ids: [n.id] })}
                        aria-label={`Mark "${n.title}" read`}
                      >
                        Mark read
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

// The notifications the order's events sent: to whom, what, and whether they were read.
import { DataTable, formatDateTime } from '../../ui';
import type { Detail } from './types';

export function NotificationsSent({ notifications }: { notifications: Detail['notifications'] }) {
  return (
    <section className="order-section" aria-labelledby="h-notes" style={{ marginTop: 16 }}>
      <h2 id="h-notes">Notifications sent</h2>
      {notifications.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <DataTable
          label="Notifications sent"
          columns={[
            { header: 'Sent', cell: (n) => formatDateTime(n.createdAt) },
            {
              header: 'To',
              cell: (n) => (
                <>
                  {n.recipientName} <span className="muted">({n.recipientRole.replace('_', ' ')})</span>
                </>
              ),
            },
            { header: 'Kind', cell: (n) => n.kind },
            {
              header: 'Message',
              cell: (n) => (
                <>
                  <strong>{n.title}</strong>
                  <div className="muted small">{n.body}</div>
                </>
              ),
            },
            { header: 'Read', cell: (n) => (n.readAt ? formatDateTime(n.readAt) : 'unread') },
          ]}
          rows={notifications}
          rowKey={(n) => n.id}
        />
      )}
    </section>
  );
}

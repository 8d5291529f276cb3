'use client';
// For admins: push and e-mail deliveries that gave up (dead) or are still being retried, with the
// last error, and a retry for dead ones once the channel works again. The in-app notification of
// each is never affected: only the copy by push or e-mail failed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { messageOf } from '../../lib/form-errors';
import { useTRPC } from '../../lib/trpc';
import { DataTable, LoadError, Panel, StatusLine, TimeAgo, useStatus } from '../ui';

type Status = 'dead' | 'retrying';

export function DeliveryFailures() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [view, setView] = useState<Status>('dead');
  const failures = useQuery(trpc.delivery.failures.queryOptions({ status: view }, { refetchInterval: 30_000 }));
  const retry = useMutation(trpc.delivery.retry.mutationOptions());
  const { status, announce } = useStatus();
  const [error, setError] = useState<string | null>(null);
  const counts = failures.data?.counts;

  function retryIds(ids: number[], what: string) {
    setError(null);
    retry.mutate(
      { ids },
      {
        onSuccess: ({ retried }) => {
          announce(retried.length ? `${what}: sent again within a few seconds` : 'Nothing to retry: already sent or retried');
          return queryClient.invalidateQueries(trpc.delivery.failures.pathFilter());
        },
        onError: (e) => setError(messageOf(e) ?? 'Could not retry'),
      },
    );
  }

  const items = failures.data?.items;
  return (
    <Panel
      title="Failed deliveries"
      intro="Push messages and e-mails that could not be sent. Each is tried again with growing waits, and is dead after the last attempt; the notification in the app is there all the same."
    >
      <div role="group" aria-label="Show" style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', marginBottom: 8 }}>
        {(['dead', 'retrying'] as const).map((s) => (
          <button key={s} type="button" className={view === s ? 'button primary' : 'button'} aria-pressed={view === s} onClick={() => setView(s)}>
            {s === 'dead' ? 'Dead' : 'Retrying'}
            {counts ? ` (${counts[s]})` : ''}
          </button>
        ))}
        {view === 'dead' && items && items.length > 1 && (
          <button type="button" className="button" disabled={retry.isPending} onClick={() => retryIds(items.map((i) => i.id), `${items.length} deliveries`)}>
            Retry all shown
          </button>
        )}
      </div>
      <LoadError error={failures.error} what="Could not load the failed deliveries" />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <DataTable
        label={view === 'dead' ? 'Dead deliveries' : 'Deliveries being retried'}
        rows={items}
        loading={failures.isLoading}
        rowKey={(f) => f.id}
        empty={view === 'dead' ? 'No dead deliveries.' : 'Nothing is being retried.'}
        columns={[
          { header: 'Notification', rowHeader: true, cell: (f) => f.title ?? <span className="muted">(gone)</span> },
          { header: 'To', cell: (f) => <>{f.userName ?? f.userId}<div className="muted small">{f.channel === 'email' ? `e-mail ${f.target}` : `push to ${f.target}`}</div></> },
          { header: 'Attempts', cell: (f) => f.attempts },
          { header: 'Last error', cell: (f) => <code className="small" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{f.lastError ?? ''}</code> },
          { header: view === 'dead' ? 'Gave up' : 'Next attempt', cell: (f) => <TimeAgo date={view === 'dead' ? f.updatedAt : f.nextAttemptAt} /> },
        ]}
        actions={
          view === 'dead'
            ? (f) => (
                <button type="button" className="button small" disabled={retry.isPending} onClick={() => retryIds([f.id], `“${f.title ?? 'The notification'}”`)} aria-label={`Retry “${f.title ?? 'notification'}” to ${f.userName ?? 'the user'}`}>
                  Retry
                </button>
              )
            : undefined
        }
      />
      <StatusLine text={status} />
    </Panel>
  );
}

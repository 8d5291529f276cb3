'use client';
// The queues made by the flows, with their pending and overdue counts: the workspace's side navigation.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import type { Outputs } from '../assign/types';

type Queues = Outputs['queues']['list'];

/** `current`: the queue shown (undefined: all of them; null: none, the Review queue is). `review`: offered to reviewers. */
export function QueueNav({
  queues,
  current,
  onSelect,
  review,
}: {
  queues: Queues | undefined;
  current: string | undefined | null;
  onSelect: (key: string | undefined) => void;
  review?: { current: boolean; onSelect: () => void };
}) {
  return (
    <nav aria-label="Queues" className="queue-nav">
      {review && <ReviewLink {...review} />}
      <h2 className="queue-nav-title">Pending assignment</h2>
      <ul>
        <li>
          <button type="button" className="queue-link ds-touch" aria-current={current === undefined ? 'page' : undefined} onClick={() => onSelect(undefined)}>
            <span>All my queues</span>
            <span className="count" aria-label={`${queues?.total ?? 0} orders`}>
              {queues?.total ?? '…'}
            </span>
          </button>
        </li>
        {queues?.queues.map((q) => (
          <li key={q.key}>
            <button type="button" className="queue-link ds-touch" aria-current={current === q.key ? 'page' : undefined} onClick={() => onSelect(q.key)}>
              <span>
                {q.label}
                <span className="muted small queue-flow">{q.flowName}</span>
              </span>
              <span className="queue-counts">
                <span className="count" data-queue-count={q.key} aria-label={`${q.count} orders`}>
                  {q.count}
                </span>
                {q.overdue > 0 && (
                  <span className="count overdue" aria-label={`${q.overdue} overdue`}>
                    {q.overdue} late
                  </span>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {queues && queues.queues.length === 0 && <p className="muted small">You handle no dispatch steps.</p>}
    </nav>
  );
}

/** The Review queue's entry, with how many held orders wait. */
function ReviewLink({ current, onSelect }: { current: boolean; onSelect: () => void }) {
  const trpc = useTRPC();
  const held = useQuery(trpc.orders.reviewQueue.queryOptions());
  const count = held.data?.length;
  return (
    <>
      <h2 className="queue-nav-title">Before dispatch</h2>
      <ul>
        <li>
          <button type="button" className="queue-link ds-touch" aria-current={current ? 'page' : undefined} onClick={onSelect}>
            <span>Review</span>
            <span className="count" aria-label={`${count ?? 0} orders`}>
              {count ?? '…'}
            </span>
          </button>
        </li>
      </ul>
    </>
  );
}

'use client';
// The buttons of the engineer's actions the server allows on this order, and the decline dialog.
import { useState } from 'react';
import { DeclineDialog } from './decline-dialog';
import { ENGINEER_ACTIONS, actionLabel, type OrderRef, type useEngineerActions } from './use-engineer-actions';

export function EngineerActions({
  order,
  actions,
  engineer,
  onDeclined,
}: {
  /** `paused`: work on it was started and paused (its start is a resume). */
  order: OrderRef & { paused?: boolean };
  /** What the caller may do to the order now, as the server says. */
  actions: readonly string[];
  engineer: ReturnType<typeof useEngineerActions>;
  /** After a decline (the order is no longer the engineer's). */
  onDeclined?: () => void;
}) {
  const [declining, setDeclining] = useState(false);
  const shown = ENGINEER_ACTIONS.filter((a) => actions.includes(a));
  if (!shown.length) return null;
  return (
    <div className="work-actions">
      {shown.map((a) => (
        <button
          key={a}
          type="button"
          className={a === 'decline' ? 'button danger' : a === 'pause' ? 'button' : 'button primary'}
          disabled={engineer.pending}
          onClick={() => (a === 'decline' ? setDeclining(true) : engineer.run(a, order))}
        >
          {actionLabel(a, !!order.paused)}
        </button>
      ))}
      {declining && (
        <DeclineDialog
          order={order}
          decline={engineer.decline}
          onClose={() => setDeclining(false)}
          onDeclined={() => {
            setDeclining(false);
            onDeclined?.();
          }}
        />
      )}
    </div>
  );
}

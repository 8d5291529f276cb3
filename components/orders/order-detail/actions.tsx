'use client';
// The buttons of the actions the caller may take on the order (the server's list), and their dialogs.
import { useState } from 'react';
import { AssignDialog } from '../../assign/assign-dialog';
import { ReassignDialog, RejectDialog } from '../../queues/reason-dialogs';
import { ReallocateDialog } from './reallocate-dialog';
import type { Detail, Order } from './types';

type Action = 'assign' | 'reject' | 'reassign' | 'reallocate';

export function OrderActions({
  order: o,
  actions,
  onDone,
}: {
  order: Order;
  /** What the caller may do to the order now, as the server says. */
  actions: Detail['actions'];
  onDone: (message: string) => void;
}) {
  const [dialog, setDialog] = useState<Action | null>(null);
  const can = (action: Detail['actions'][number]) => actions.includes(action);
  const ref = { id: o.id, number: o.number, version: o.version, serviceGroupId: o.serviceGroupId, lat: o.lat, lng: o.lng };
  const close = () => setDialog(null);
  const button = (action: Action, label: string, primary = false) => (
    <button type="button" className={primary ? 'button primary ds-touch' : 'button ds-touch'} onClick={() => setDialog(action)}>
      {label}
    </button>
  );

  return (
    <>
      <div className="row-actions">
        {can('assign') && button('assign', 'Assign', true)}
        {can('reject') && button('reject', 'Reject')}
        {can('reassignGroup') && button('reassign', 'Reassign')}
        {can('reallocate') && button('reallocate', 'Reallocate')}
      </div>
      {dialog === 'assign' && <AssignDialog orders={[ref]} onClose={close} onDone={onDone} />}
      {dialog === 'reject' && <RejectDialog orders={[ref]} onClose={close} onDone={onDone} />}
      {dialog === 'reassign' && <ReassignDialog orders={[ref]} onClose={close} onDone={onDone} />}
      {dialog === 'reallocate' && <ReallocateDialog order={o} onClose={close} onDone={onDone} />}
    </>
  );
}

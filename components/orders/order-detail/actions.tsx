'use client';
// The buttons of the actions the caller may take on the order, and their dialogs.
import { useState } from 'react';
import { AssignDialog } from '../../assign/assign-dialog';
import { ReassignDialog, RejectDialog } from '../../queues/reason-dialogs';
import { ReallocateDialog } from './reallocate-dialog';
import type { Order } from './types';

type Action = 'assign' | 'reject' | 'reassign' | 'reallocate';

export function OrderActions({
  order: o,
  kind,
  role,
  canReallocate,
  onDone,
}: {
  order: Order;
  /** The kind of the node the order is at. */
  kind: string | undefined;
  role: string;
  canReallocate: boolean;
  onDone: (message: string) => void;
}) {
  const [dialog, setDialog] = useState<Action | null>(null);
  const pending = o.status === 'pending_assignment';
  const dispatcher = ['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher'].includes(role);
  const assigned = !!(o.serviceGroupId || o.providerId || o.engineerId) && o.status !== 'completed' && o.status !== 'cancelled';
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
        {dispatcher && pending && button('assign', 'Assign', true)}
        {pending && (kind === 'group_internal_assign' || kind === 'provider_assign_engineer') && (role === 'group_dispatcher' || role === 'provider_dispatcher') && button('reject', 'Reject')}
        {pending && kind === 'group_internal_assign' && role === 'group_dispatcher' && button('reassign', 'Reassign')}
        {canReallocate && assigned && button('reallocate', 'Reallocate')}
      </div>
      {dialog === 'assign' && <AssignDialog orders={[ref]} onClose={close} onDone={onDone} />}
      {dialog === 'reject' && <RejectDialog orders={[ref]} onClose={close} onDone={onDone} />}
      {dialog === 'reassign' && <ReassignDialog orders={[ref]} onClose={close} onDone={onDone} />}
      {dialog === 'reallocate' && <ReallocateDialog order={o} onClose={close} onDone={onDone} />}
    </>
  );
}

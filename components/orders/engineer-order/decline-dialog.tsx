'use client';
// Declining an order assigned to the engineer: a reason is required (the engine says how long).
import { useState } from 'react';
import { FormAlert, Modal, errorText } from '../../ui';
import type { OrderRef, useEngineerActions } from './use-engineer-actions';

export function DeclineDialog({
  order,
  decline,
  onClose,
  onDeclined,
}: {
  order: OrderRef;
  decline: ReturnType<typeof useEngineerActions>['decline'];
  onClose: () => void;
  onDeclined: () => void;
}) {
  const [reason, setReason] = useState('');
  return (
    <Modal title={`Decline ${order.number}`} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          decline.mutate({ orderId: order.id, version: order.version, reason }, { onSuccess: onDeclined });
        }}
      >
        <label className="field">
          <span>Reason</span>
          <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <FormAlert>{decline.error ? errorText(decline.error) : null}</FormAlert>
        <div className="dialog-actions work-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button danger" disabled={decline.isPending}>
            Decline order
          </button>
        </div>
      </form>
    </Modal>
  );
}

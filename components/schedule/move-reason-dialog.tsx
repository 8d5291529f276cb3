'use client';
// A booking dragged to another engineer reallocates its order: when a rule had decided who holds
// it, the override needs a reason (engine/overrides), asked here; otherwise the move goes ahead.
import { useEffect, useState } from 'react';
import { useOverrideReason } from '../overrides';
import { Modal, ModalActions } from '../ui';

export interface MoveReason {
  reasonCode?: string;
  reason?: string;
}

export function MoveReasonDialog({
  orderId,
  title,
  error,
  pending,
  onConfirm,
  onClose,
}: {
  orderId: string;
  title: string;
  error: unknown;
  pending: boolean;
  onConfirm: (reason: MoveReason) => void;
  onClose: () => void;
}) {
  const override = useOverrideReason([orderId]);
  const [details, setDetails] = useState('');
  const noReasonNeeded = override.known && !override.field;
  useEffect(() => {
    if (noReasonNeeded) onConfirm({});
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the server has answered
  }, [noReasonNeeded]);
  if (!override.field) return null;
  return (
    <Modal title={title} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm({ reasonCode: override.reasonCode, reason: details.trim() || undefined });
        }}
      >
        {override.field}
        <label className="field">
          <span>{override.needsText ? 'Details' : 'Details (optional)'}</span>
          <textarea value={details} onChange={(e) => setDetails(e.target.value)} rows={2} maxLength={500} required={override.needsText} />
        </label>
        <ModalActions error={error} onClose={onClose}>
          <button type="submit" className="button primary ds-touch" disabled={!override.reasonCode || pending}>
            Move
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}

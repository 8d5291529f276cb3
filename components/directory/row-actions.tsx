'use client';

/** Edit and Deactivate/Reactivate for one row; the accessible names carry the row's name. */
export function RowActions({
  name,
  active,
  pending,
  onEdit,
  onToggle,
  lockedReason,
  editLockedReason,
}: {
  name: string;
  active: boolean;
  pending: boolean;
  onEdit: () => void;
  onToggle: () => void;
  /** When set, the row may not be deactivated (e.g. your own sign-in); shown as the button's title. */
  lockedReason?: string;
  /** When set, the row may not be edited at all (e.g. the caller lacks the permission). */
  editLockedReason?: string;
}) {
  return (
    <div className="row-actions">
      <button type="button" className="button small" onClick={onEdit} disabled={!!editLockedReason} title={editLockedReason} aria-label={`Edit ${name}`}>
        Edit
      </button>
      <button
        type="button"
        className={active ? 'button small danger' : 'button small'}
        onClick={onToggle}
        disabled={pending || !!editLockedReason || (active && !!lockedReason)}
        title={editLockedReason ?? (active ? lockedReason : undefined)}
        aria-label={`${active ? 'Deactivate' : 'Reactivate'} ${name}`}
      >
        {active ? 'Deactivate' : 'Reactivate'}
      </button>
    </div>
  );
}

'use client';
import { messageOf } from '../../lib/form-errors';

export function ActiveBadge({ active }: { active: boolean }) {
  return <span className={active ? 'badge ok' : 'badge'}>{active ? 'Active' : 'Inactive'}</span>;
}

type SetActive = {
  mutate: (input: { id: string; active: boolean }, options: { onSuccess: () => unknown; onError: (error: unknown) => void }) => void;
};

/** Deactivates an active row or reactivates an inactive one, announcing the outcome and refreshing the lists. */
export function toggleActive(
  setActive: SetActive,
  row: { id: string; active: boolean },
  what: string,
  announce: (text: string) => void,
  refresh: () => unknown,
  deactivated = `${what} deactivated.`,
) {
  setActive.mutate(
    { id: row.id, active: !row.active },
    {
      onSuccess: () => {
        announce(row.active ? deactivated : `${what} reactivated.`);
        return refresh();
      },
      onError: (error) => announce(`Could not change ${what.charAt(0).toLowerCase()}${what.slice(1)}: ${messageOf(error)}`),
    },
  );
}

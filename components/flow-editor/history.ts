// Undo history of graph snapshots. Changes with the same group key close together in time fold into
// one step (typing in a field); a drag's key is unique to that drag, so the whole drag is one step.
export interface History<T> {
  past: T[];
  future: T[];
  lastGroup: string | null;
  lastAt: number;
}

export const LIMIT = 200;
export const GROUP_WINDOW_MS = 1000;

export const emptyHistory = <T>(): History<T> => ({ past: [], future: [], lastGroup: null, lastAt: 0 });

/** Records `previous` (the state before a change) unless the change folds into the last step. */
export function record<T>(h: History<T>, previous: T, group: string | null, now: number): History<T> {
  const sticky = group?.startsWith('drag:') ?? false;
  const folds = group !== null && group === h.lastGroup && (sticky || now - h.lastAt < GROUP_WINDOW_MS);
  if (folds) return { ...h, future: [], lastAt: now };
  const past = [...h.past, previous];
  if (past.length > LIMIT) past.shift();
  return { past, future: [], lastGroup: group, lastAt: now };
}

export function undo<T>(h: History<T>, current: T): { history: History<T>; state: T } | null {
  if (h.past.length === 0) return null;
  const state = h.past[h.past.length - 1];
  return { history: { past: h.past.slice(0, -1), future: [current, ...h.future], lastGroup: null, lastAt: 0 }, state };
}

export function redo<T>(h: History<T>, current: T): { history: History<T>; state: T } | null {
  if (h.future.length === 0) return null;
  const [state, ...future] = h.future;
  return { history: { past: [...h.past, current], future, lastGroup: null, lastAt: 0 }, state };
}

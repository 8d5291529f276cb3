'use client';
import { useState } from 'react';

/** Previous and next page buttons around where the reader is ("Page 2 of 7"). */
export function Pager({
  position,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
  previousLabel = 'Previous page',
  nextLabel = 'Next page',
}: {
  position: string;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  previousLabel?: string;
  nextLabel?: string;
}) {
  return (
    <div className="pager">
      <button type="button" className="button" disabled={!hasPrevious} onClick={onPrevious}>
        {previousLabel}
      </button>
      <span>{position}</span>
      <button type="button" className="button" disabled={!hasNext} onClick={onNext}>
        {nextLabel}
      </button>
    </div>
  );
}

/**
 * Pages by cursor: the cursor of this page and those before it, so "back" returns to them.
 * `reset` goes back to the first page (after the filters change).
 */
export function useCursorPages<C>() {
  const [before, setBefore] = useState<(C | undefined)[]>([]);
  const [cursor, setCursor] = useState<C | undefined>(undefined);
  return {
    cursor,
    page: before.length + 1,
    hasPrevious: before.length > 0,
    previous() {
      setCursor(before[before.length - 1]);
      setBefore((c) => c.slice(0, -1));
    },
    next(nextCursor: C) {
      setBefore((c) => [...c, cursor]);
      setCursor(nextCursor);
    },
    reset() {
      setCursor(undefined);
      setBefore([]);
    },
  };
}

'use client';
// The board's rows: a time axis, then one row per engineer (under their group's heading), only the
// rows in sight rendered (@tanstack/react-virtual), each with its shifts shaded, its bookings as
// bars (coloured by priority, styled by status) with the travel before each drawn as a hatched
// segment, and the drag's ghost bar on the row under the pointer.
import { useDraggable } from '@dnd-kit/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, type RefObject } from 'react';
import type { TravelData } from '../../dsl';
import { VehicleBadge } from '../ui';
import type { Preview } from './preview';
import { layoutRow, place, ticks, xOf, type PlacedBooking, type View } from './timeline';
import type { BoardBooking, BoardEngineer, BoardRow } from './types';
import { formatTime } from './zone';

export const NAME_WIDTH = 220;
export const AXIS_HEIGHT = 30;
const ROW_HEIGHT = 44;
const GROUP_HEIGHT = 28;

export interface Ghost {
  rowKey: string;
  engineerId: string;
  label: string;
  preview: Preview;
}

export const STATUS_TEXT: Record<string, string> = {
  assigned: 'assigned',
  accepted: 'accepted',
  in_progress: 'in progress',
  on_hold: 'on hold',
  completed: 'completed',
};

/** A booking's status as the board says it: "paused" for work started and paused (the order is accepted again). */
export const bookingStatusText = (b: Pick<BoardBooking, 'status' | 'paused'>) => (b.paused ? 'paused' : (STATUS_TEXT[b.status] ?? b.status));

function bookingText(b: BoardBooking, timeZone: string) {
  const when = `${formatTime(Date.parse(b.start), timeZone)}–${formatTime(Date.parse(b.end), timeZone)}`;
  return `${b.number} ${b.title}, ${when}, ${b.priority}, ${bookingStatusText(b)}${b.role === 'collaborator' ? ', collaborator' : ''}${b.lateForSla ? ', starts after its resolve-by' : ''}`;
}

const BookingBar = memo(function BookingBar({
  placed,
  engineerId,
  timeZone,
  draggable,
  onOpen,
}: {
  placed: PlacedBooking;
  engineerId: string;
  timeZone: string;
  draggable: boolean;
  onOpen: (booking: BoardBooking, engineerId: string) => void;
}) {
  const b = placed.booking;
  const { setNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: `booking:${engineerId}:${b.orderId}`,
    data: { kind: 'booking', booking: b, engineerId },
    disabled: !draggable,
  });
  const text = bookingText(b, timeZone);
  return (
    <>
      {placed.travel && (
        <span
          className="sb-travel"
          style={{ left: placed.travel.left, width: placed.travel.width }}
          title={`${placed.travelMinutes} min travel before ${b.number}`}
          aria-hidden="true"
        />
      )}
      <button
        type="button"
        ref={setNodeRef}
        {...attributes}
        {...listeners}
        aria-roledescription={draggable ? 'booking, draggable' : 'booking'}
        className={`sb-bar p-${b.priority.toLowerCase()} s-${b.status}${b.role === 'collaborator' ? ' collab' : ''}${b.lateForSla ? ' late' : ''}${isDragging ? ' dragging' : ''}`}
        style={{ left: placed.left, width: placed.width }}
        aria-label={text}
        title={text}
        data-order={b.number}
        onClick={() => onOpen(b, engineerId)}
      >
        <span className="sb-bar-text">
          {b.number} {b.title}
        </span>
      </button>
    </>
  );
});

const EngineerRow = memo(function EngineerRow({
  rowKey,
  engineer,
  view,
  travel,
  ghost,
  top,
  canDragBookings,
  onOpenBooking,
}: {
  rowKey: string;
  engineer: BoardEngineer;
  view: View;
  travel: TravelData;
  ghost: Ghost | null;
  top: number;
  canDragBookings: boolean;
  onOpenBooking: (booking: BoardBooking, engineerId: string) => void;
}) {
  const layout = useMemo(() => layoutRow(engineer, view, travel), [engineer, view, travel]);
  const ghostPlace = ghost && ghost.preview.start !== null && ghost.preview.end !== null ? place(view, ghost.preview.start, ghost.preview.end) : null;
  const details = [engineer.providerName, engineer.region].filter(Boolean).join(' · ');
  return (
    <div className="sb-row" role="listitem" aria-label={engineer.name} data-row-key={rowKey} data-engineer={engineer.id} style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <div className="sb-name" style={{ width: NAME_WIDTH }}>
        <strong>{engineer.name}</strong>
        <span className="small">
          {details && <span className="muted">{details} · </span>}
          <VehicleBadge vehicle={engineer.vehicle} />
        </span>
      </div>
      <div className={`sb-lane ${view.kind}`} style={{ width: view.width }} data-lane>
        {layout.shifts.map((s, i) => (
          <span key={i} className="sb-shift" style={{ left: s.left, width: s.width }} aria-hidden="true" />
        ))}
        {layout.bookings.map((p) => (
          <BookingBar key={p.booking.orderId} placed={p} engineerId={engineer.id} timeZone={view.timeZone} draggable={canDragBookings && p.booking.role === 'owner'} onOpen={onOpenBooking} />
        ))}
        {ghost && (
          <span
            className={`sb-ghost${ghost.preview.ok ? ' ok' : ' refused'}`}
            style={ghostPlace ? { left: ghostPlace.left, width: ghostPlace.width } : { left: 0, width: '100%' }}
            data-ghost={ghost.preview.ok ? 'ok' : 'refused'}
            data-start={ghost.preview.start ?? ''}
          >
            <span className="sb-ghost-text">{ghost.preview.ok ? `${ghost.label} ${formatTime(ghost.preview.start, view.timeZone)}` : ghost.preview.reason}</span>
          </span>
        )}
      </div>
    </div>
  );
});

export function BoardGrid({
  rows,
  view,
  travel,
  now,
  ghost,
  scrollRef,
  canDragBookings,
  onOpenBooking,
}: {
  rows: BoardRow[];
  view: View;
  travel: TravelData;
  now: number;
  ghost: Ghost | null;
  scrollRef: RefObject<HTMLDivElement | null>;
  canDragBookings: boolean;
  onOpenBooking: (booking: BoardBooking, engineerId: string) => void;
}) {
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i].kind === 'group' ? GROUP_HEIGHT : ROW_HEIGHT),
    getItemKey: (i) => rows[i].key,
    overscan: 8,
    initialRect: { width: 1200, height: 800 },
  });
  const axis = useMemo(() => ticks(view), [view]);
  const nowX = now >= view.from && now < view.to ? xOf(view, now) : null;
  return (
    <div className="sb-scroll" ref={scrollRef} tabIndex={-1}>
      <div className="sb-canvas" style={{ width: NAME_WIDTH + view.width }}>
        <div className="sb-axis" style={{ height: AXIS_HEIGHT }} aria-hidden="true">
          <div className="sb-axis-corner" style={{ width: NAME_WIDTH }}>
            Engineer
          </div>
          <div className="sb-axis-lane" style={{ width: view.width }}>
            {axis.map((t) => (
              <span key={t.x} className={t.major ? 'sb-tick major' : 'sb-tick'} style={{ left: t.x }}>
                {t.label}
              </span>
            ))}
          </div>
        </div>
        <div className="sb-body" role="list" aria-label="Engineers" style={{ height: virtualizer.getTotalSize() }}>
          {nowX !== null && <span className="sb-now" style={{ left: NAME_WIDTH + nowX }} aria-hidden="true" title="Now" />}
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (row.kind === 'group') {
              return (
                <div key={row.key} className="sb-group" role="listitem" style={{ transform: `translateY(${item.start}px)`, height: GROUP_HEIGHT }}>
                  <h3 className="sb-group-title" style={{ width: NAME_WIDTH }}>
                    {row.label} <span className="muted">({row.count})</span>
                  </h3>
                </div>
              );
            }
            return (
              <EngineerRow
                key={row.key}
                rowKey={row.key}
                engineer={row.engineer}
                view={view}
                travel={travel}
                top={item.start}
                ghost={ghost?.rowKey === row.key ? ghost : null}
                canDragBookings={canDragBookings}
                onOpenBooking={onOpenBooking}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

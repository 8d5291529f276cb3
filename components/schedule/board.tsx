'use client';
// The schedule board (/schedule): the engineers of the caller's scope as rows and their bookings on
// a time line (day or week, in the company's zone), the unscheduled orders of the caller's queues
// beside it. Dragging an order onto a row shows a ghost bar where the engine would book it (the
// slot search of dsl/schedule.ts, run here) and drop books it (schedule.book); dragging a booking
// moves it (schedule.move). Every drag has a keyboard way too: the scheduling form and the booking
// dialog. Drag and drop is @dnd-kit/core; the target row is the one under the pointer.
import { DndContext, DragOverlay, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragMoveEvent, type DragStartEvent } from '@dnd-kit/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { FormAlert, LoadError, SearchField, SelectField, StatusLine, errorText, useStatus } from '../ui';
import { BoardGrid, NAME_WIDTH, type Ghost } from './board-grid';
import { BookingDialog } from './booking-dialog';
import { MoveReasonDialog, type MoveReason } from './move-reason-dialog';
import { previewSlot } from './preview';
import { ScheduleForm } from './schedule-form';
import { boardInput, buildRows, filterOptions, makeView, openingScroll, snap, stepDate, timeAt } from './timeline';
import type { BoardBooking, BoardData, BoardEngineer, DragItem, GroupBy, ViewKind } from './types';
import { UnscheduledList } from './unscheduled-list';
import { useScheduleLive } from './use-schedule-live';
import { formatDay, formatDayTime, formatTime, zonedDate } from './zone';
import './schedule.css';

export interface ScheduleBoardProps {
  timeZone: string;
  /** Today in the company's zone ("YYYY-MM-DD"). */
  today: string;
  /** The view and date shown first (default: today's day). */
  initialView?: ViewKind;
  initialDate?: string;
  /** May move a booking to another engineer (the reallocate permission). */
  canReallocate: boolean;
  /** How rows are grouped first (a provider's dispatcher: by provider; their engineers are in no group of theirs). */
  initialGroupBy?: GroupBy;
  /** The first view's data, read on the server with the page. */
  initial?: { input: { from: string; to: string }; data: BoardData };
}

export function ScheduleBoard({ timeZone, today, initialView = 'day', initialDate, canReallocate, initialGroupBy = 'group', initial }: ScheduleBoardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [viewKind, setViewKind] = useState<ViewKind>(initialView);
  const [date, setDate] = useState(initialDate ?? today);
  const [groupBy, setGroupBy] = useState<GroupBy>(initialGroupBy);
  const [skill, setSkill] = useState('');
  const [region, setRegion] = useState('');
  const [text, setText] = useState('');
  const view = useMemo(() => makeView(viewKind, date, timeZone), [viewKind, date, timeZone]);
  const input = boardInput(view);
  const initialData = initial && initial.input.from === input.from && initial.input.to === input.to ? initial.data : undefined;
  const board = useQuery({ ...trpc.schedule.board.queryOptions(input), initialData, placeholderData: keepPreviousData });
  useScheduleLive();
  const data = board.data;
  const now = data ? Date.parse(data.now) : Date.now();
  const zone = data?.timeZone ?? timeZone;

  const rows = useMemo(() => buildRows(data?.engineers ?? [], groupBy, { skill, region, text }), [data, groupBy, skill, region, text]);
  const options = useMemo(() => filterOptions(data?.engineers ?? []), [data]);
  const engineers = useMemo(() => new Map((data?.engineers ?? []).map((e) => [e.id, e])), [data]);
  const numbers = useMemo(() => {
    const m = new Map<string, string>();
    for (const e of data?.engineers ?? []) for (const b of e.bookings) m.set(b.orderId, b.number);
    for (const o of data?.unscheduled ?? []) m.set(o.orderId, o.number);
    return m;
  }, [data]);
  const numberOf = useCallback((id: string | null) => (id ? (numbers.get(id) ?? 'another booking') : 'another booking'), [numbers]);

  const { status, announce } = useStatus();
  const [refusal, setRefusal] = useState<string | null>(null);
  const done = async (message: string) => {
    setRefusal(null);
    announce(message);
    await queryClient.invalidateQueries(trpc.schedule.pathFilter());
    void queryClient.invalidateQueries(trpc.orders.pathFilter());
    void queryClient.invalidateQueries(trpc.queues.pathFilter());
  };
  const failed = (what: string, verb = 'booked') => (error: unknown) => setRefusal(`${what} not ${verb}: ${errorText(error)}`);
  const book = useMutation(trpc.schedule.book.mutationOptions());
  const move = useMutation(trpc.schedule.move.mutationOptions());
  const [pendingMove, setPendingMove] = useState<{ orderId: string; title: string; send: (reason: MoveReason) => void } | null>(null);

  /** Books or moves `item` to `engineer` at `start` (null: the engine's earliest slot). */
  const confirm = useCallback(
    (item: DragItem, engineer: BoardEngineer, start: number | null) => {
      const number = item.kind === 'order' ? item.order.number : item.booking.number;
      const when = (order: { booking?: { start: string } | null } | undefined) => {
        const at = order?.booking?.start ?? (start !== null ? new Date(start).toISOString() : null);
        return at ? ` at ${formatDayTime(Date.parse(at), zone)}` : '';
      };
      if (item.kind === 'order') {
        book.mutate(
          { orderId: item.order.orderId, engineerId: engineer.id, start: start === null ? null : new Date(start).toISOString(), version: item.order.version },
          { onSuccess: (r) => done(`${number} booked on ${engineer.name}${when(r.order as { booking?: { start: string } | null })}`), onError: failed(number) },
        );
      } else {
        if (start === null) return;
        const b = item.booking;
        // The order's version: the booking carries it when the server sends it, else the order says.
        const known = (b as { version?: number }).version;
        const version = known !== undefined ? Promise.resolve(known) : queryClient.fetchQuery(trpc.orders.get.queryOptions({ id: b.orderId })).then((o) => o.order.version);
        const send = (v: number, reason: MoveReason = {}) =>
          move.mutate(
            { orderId: b.orderId, engineerId: engineer.id, start: new Date(start).toISOString(), version: v, ...reason },
            {
              onSuccess: () => {
                setPendingMove(null);
                void done(`${number} moved to ${engineer.name} at ${formatDayTime(start, zone)}`);
              },
              onError: (error) => {
                // A refusal of a move given a reason shows in the reason's dialog; otherwise on the board.
                if (reason.reasonCode) return;
                setPendingMove(null);
                failed(number, 'moved')(error);
              },
            },
          );
        version.then(
          // To another engineer it is a reallocation: its override reason is asked when a rule decided.
          (v) => (item.engineerId !== engineer.id ? setPendingMove({ orderId: b.orderId, title: `Move ${number} to ${engineer.name}`, send: (r) => send(v, r) }) : send(v)),
          failed(number, 'moved'),
        );
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- mutate functions are stable
    [zone],
  );

  // Dragging: the item, where the pointer started, and the ghost on the row under the pointer.
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const [dragging, setDragging] = useState<DragItem | null>(null);
  const [ghost, setGhost] = useState<Ghost | null>(null);
  const ghostRef = useRef<Ghost | null>(null);
  const lastKey = useRef('');
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));

  const setGhostTo = (g: Ghost | null) => {
    ghostRef.current = g;
    setGhost(g);
  };

  // The pointer, read from the page's own pointermove (captured before dnd-kit hears it): dnd-kit's
  // delta follows the dragged node's scroll containers, the row under the pointer does not.
  const pointer = useRef({ x: 0, y: 0 });
  const grabLaneX = useRef(0);
  const follow = useCallback((e: PointerEvent) => {
    pointer.current = { x: e.clientX, y: e.clientY };
  }, []);
  const stopFollowing = () => window.removeEventListener('pointermove', follow, true);
  useEffect(() => stopFollowing, []); // eslint-disable-line react-hooks/exhaustive-deps -- on unmount

  /** The pointer's x on the rows' time line (px from the view's start), scrolled as it is. */
  const laneX = (clientX: number) => {
    const scroller = scrollRef.current;
    return scroller ? clientX - scroller.getBoundingClientRect().left - NAME_WIDTH + scroller.scrollLeft : -1;
  };

  const onDragStart = (event: DragStartEvent) => {
    const e = event.activatorEvent as PointerEvent;
    pointer.current = { x: e.clientX, y: e.clientY };
    grabLaneX.current = laneX(e.clientX);
    window.addEventListener('pointermove', follow, true);
    lastKey.current = '';
    setRefusal(null);
    setDragging(event.active.data.current as DragItem);
  };

  const onDragMove = (event: DragMoveEvent) => {
    const item = event.active.data.current as DragItem;
    const { x, y } = pointer.current;
    const rowEl = (document.elementFromPoint(x, y) as HTMLElement | null)?.closest<HTMLElement>('[data-row-key]');
    const engineer = rowEl ? engineers.get(rowEl.dataset.engineer ?? '') : undefined;
    if (!rowEl || !engineer) {
      if (lastKey.current !== '') {
        lastKey.current = '';
        setGhostTo(null);
      }
      return;
    }
    // Over the name column: the engine's earliest slot; over the time line: that time (a booking
    // moves by as much as the pointer did, so it keeps where it was grabbed).
    const lx = laneX(x);
    let at: number | null = null;
    if (lx >= 0) at = item.kind === 'booking' ? snap(Date.parse(item.booking.start) + (lx - grabLaneX.current) / view.pxPerMs) : timeAt(view, lx);
    const key = `${rowEl.dataset.rowKey}|${at ?? 'earliest'}`;
    if (key === lastKey.current) return;
    lastKey.current = key;
    const label = item.kind === 'order' ? item.order.number : item.booking.number;
    const preview =
      item.kind === 'booking' && item.engineerId !== engineer.id && !canReallocate
        ? ({ ok: false, mode: 'at', start: at, end: null, reason: 'moving a booking to another engineer needs the Reallocate permission' } as const)
        : previewSlot(engineer, item, at, now, data!.travel, zone, numberOf);
    setGhostTo({ rowKey: rowEl.dataset.rowKey!, engineerId: engineer.id, label, preview });
  };

  const onDragEnd = (event: DragEndEvent) => {
    stopFollowing();
    const item = event.active.data.current as DragItem;
    const g = ghostRef.current;
    setDragging(null);
    setGhostTo(null);
    if (!g) return;
    const engineer = engineers.get(g.engineerId);
    if (!engineer) return;
    const label = item.kind === 'order' ? item.order.number : item.booking.number;
    if (!g.preview.ok) {
      setRefusal(`${label} not ${item.kind === 'order' ? 'booked on' : 'moved to'} ${engineer.name}: ${g.preview.reason}`);
      return;
    }
    if (item.kind === 'booking' && item.engineerId === engineer.id && g.preview.start === Date.parse(item.booking.start)) return;
    confirm(item, engineer, g.preview.mode === 'earliest' && item.kind === 'order' ? null : g.preview.start);
  };

  const onDragCancel = () => {
    stopFollowing();
    setDragging(null);
    setGhostTo(null);
  };

  const [openBooking, setOpenBooking] = useState<{ booking: BoardBooking; engineerId: string } | null>(null);
  const onOpenBooking = useCallback((booking: BoardBooking, engineerId: string) => setOpenBooking({ booking, engineerId }), []);

  // The first paint of the board with its rows (bench:schedule reads this mark).
  const painted = useRef(false);
  useEffect(() => {
    if (data && !painted.current) {
      painted.current = true;
      performance.mark('schedule-board-painted');
    }
  }, [data]);

  // A day opens at its working hours (an hour before the first shift or booking), once per view and
  // only from the start of the day: live updates, filters and a scroll of the dispatcher's stay.
  const opened = useRef<string | null>(null);
  const isPlaceholder = board.isPlaceholderData;
  useEffect(() => {
    const key = `${view.kind}|${view.from}`;
    const scroller = scrollRef.current;
    if (!data || isPlaceholder || !scroller || opened.current === key) return;
    opened.current = key;
    // Only where nobody has scrolled yet (the first view; a scroll made before hydration stays).
    if (scroller.scrollLeft === 0) scroller.scrollLeft = openingScroll(view, data.engineers);
  }, [data, view, isPlaceholder]);

  const ghostText = ghost
    ? ghost.preview.ok
      ? `${ghost.label} on ${engineers.get(ghost.engineerId)?.name}: ${ghost.preview.mode === 'earliest' ? 'earliest slot ' : ''}${formatDayTime(ghost.preview.start, zone)}–${formatTime(ghost.preview.end, zone)} fits. Checks: ${ghost.preview.checks.join('; ')}.`
      : `${ghost.label} on ${engineers.get(ghost.engineerId)?.name}: refused, ${ghost.preview.reason}.`
    : '';

  return (
    <DndContext
      id="schedule-board"
      accessibility={{ screenReaderInstructions: INSTRUCTIONS, announcements: ANNOUNCEMENTS }}
      sensors={sensors}
      onDragStart={onDragStart} onDragMove={onDragMove} onDragEnd={onDragEnd} onDragCancel={onDragCancel} autoScroll={{ threshold: { x: 0.1, y: 0.15 } }}>
      <div className="sb" data-board-ready={data ? 'true' : undefined}>
        <div className="toolbar sb-toolbar">
          <h1 className="sb-title">Schedule</h1>
          <div className="sb-views" role="group" aria-label="View">
            {(['day', 'week'] as const).map((k) => (
              <button key={k} type="button" className="button" aria-pressed={viewKind === k} onClick={() => setViewKind(k)}>
                {k === 'day' ? 'Day' : 'Week'}
              </button>
            ))}
          </div>
          <div className="sb-views" role="group" aria-label="Dates">
            <button type="button" className="button" aria-label={viewKind === 'day' ? 'Previous day' : 'Previous week'} onClick={() => setDate(stepDate(view, -1))}>
              ‹
            </button>
            <button type="button" className="button" onClick={() => setDate(zonedDate(Date.now(), zone))}>
              Today
            </button>
            <button type="button" className="button" aria-label={viewKind === 'day' ? 'Next day' : 'Next week'} onClick={() => setDate(stepDate(view, 1))}>
              ›
            </button>
          </div>
          <h2 className="sb-range" aria-live="polite">
            {viewKind === 'day' ? formatDay(view.from, zone) : `${formatDay(view.from, zone)} – ${formatDay(view.to - 1, zone)}`}
            <span className="muted small"> · {zone}</span>
          </h2>
          <span className="spacer" />
          <SelectField
            label="Group by"
            value={groupBy}
            onChange={(v) => setGroupBy(v as GroupBy)}
            options={[
              { value: 'group', label: 'Service group' },
              { value: 'provider', label: 'Provider' },
            ]}
          />
          <SelectField label="Skill" value={skill} onChange={setSkill} options={[{ value: '', label: 'Any skill' }, ...options.skills.map((s) => ({ value: s, label: s }))]} />
          <SelectField label="Region" value={region} onChange={setRegion} options={[{ value: '', label: 'Any region' }, ...options.regions.map((r) => ({ value: r, label: r }))]} />
          <SearchField label="Find engineer" value={text} onChange={setText} placeholder="Name" />
        </div>
        <LoadError error={board.error} what="Could not load the schedule" />
        <StatusLine text={status} />
        <FormAlert>{refusal}</FormAlert>
        <p className="sb-preview muted small" role="status" aria-label="Preview">
          {dragging ? ghostText || 'Drop on an engineer’s row: on the time line to book at that time, on the name for the earliest slot.' : ''}
        </p>
        <div className="sb-layout">
          <aside className="sb-side" aria-label="Unscheduled orders">
            <UnscheduledList orders={data?.unscheduled ?? []} timeZone={zone} loading={board.isLoading} />
            {data && <ScheduleForm data={data} engineers={rows} timeZone={zone} numberOf={numberOf} pending={book.isPending} onBook={(item, engineer, start) => confirm(item, engineer, start)} />}
          </aside>
          <section className="sb-main" aria-label="Schedule">
            {data ? (
              <>
                <p className="muted small sb-count">
                  {rows.filter((r) => r.kind === 'engineer').length} of {data.engineers.length} engineers · {data.engineers.reduce((n, e) => n + e.bookings.length, 0)} bookings
                  {board.isFetching ? ' · updating…' : ''}
                </p>
                <BoardGrid rows={rows} view={view} travel={data.travel} now={now} ghost={ghost} scrollRef={scrollRef} canDragBookings onOpenBooking={onOpenBooking} />
              </>
            ) : (
              board.isLoading && <p className="muted">Loading the schedule…</p>
            )}
            <Legend />
          </section>
        </div>
      </div>
      <DragOverlay dropAnimation={null} className="sb-overlay">
        {dragging && <div className="sb-drag-card">{dragging.kind === 'order' ? `${dragging.order.number} · ${dragging.order.title}` : `${dragging.booking.number} · ${dragging.booking.title}`}</div>}
      </DragOverlay>
      {pendingMove && (
        <MoveReasonDialog
          orderId={pendingMove.orderId}
          title={pendingMove.title}
          error={move.error}
          pending={move.isPending}
          onConfirm={pendingMove.send}
          onClose={() => setPendingMove(null)}
        />
      )}
      {openBooking && data && engineers.get(openBooking.engineerId) && (
        <BookingDialog
          booking={openBooking.booking}
          engineer={engineers.get(openBooking.engineerId)!}
          data={data}
          timeZone={zone}
          canReallocate={canReallocate}
          numberOf={numberOf}
          pending={move.isPending}
          onClose={() => setOpenBooking(null)}
          onMove={(engineer, start) => {
            confirm({ kind: 'booking', booking: openBooking.booking, engineerId: openBooking.engineerId }, engineer, start);
            setOpenBooking(null);
          }}
        />
      )}
    </DndContext>
  );
}

const INSTRUCTIONS = { draggable: 'Drag with a pointer onto an engineer’s row; without one, use the Schedule an order form, or open a booking to move it.' };
const itemLabel = (data: unknown) => {
  const item = data as DragItem | undefined;
  return item ? (item.kind === 'order' ? item.order.number : item.booking.number) : 'the item';
};
const ANNOUNCEMENTS = {
  onDragStart: ({ active }: { active: { data: { current?: unknown } } }) => `Picked up ${itemLabel(active.data.current)}.`,
  onDragOver: () => undefined,
  onDragEnd: ({ active }: { active: { data: { current?: unknown } } }) => `Dropped ${itemLabel(active.data.current)}.`,
  onDragCancel: ({ active }: { active: { data: { current?: unknown } } }) => `Put ${itemLabel(active.data.current)} back.`,
};

function Legend() {
  return (
    <ul className="sb-legend" aria-label="Legend">
      {['Low', 'Medium', 'High', 'Urgent'].map((p) => (
        <li key={p}>
          <span className={`sb-swatch p-${p.toLowerCase()}`} /> {p}
        </li>
      ))}
      <li>
        <span className="sb-swatch s-assigned" /> assigned (not yet accepted)
      </li>
      <li>
        <span className="sb-swatch s-in_progress" /> in progress
      </li>
      <li>
        <span className="sb-swatch travel" /> travel
      </li>
      <li>
        <span className="sb-swatch shift" /> working hours
      </li>
    </ul>
  );
}

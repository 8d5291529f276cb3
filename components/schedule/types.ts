// What the board reads: the answer of `schedule.board` (server/routers/schedule.ts).
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/root';

export type BoardData = inferRouterOutputs<AppRouter>['schedule']['board'];
export type BoardInput = inferRouterInputs<AppRouter>['schedule']['board'];
export type BoardEngineer = BoardData['engineers'][number];
export type BoardBooking = BoardEngineer['bookings'][number];
export type UnscheduledOrder = BoardData['unscheduled'][number];

export type ViewKind = 'day' | 'week';
export type GroupBy = 'group' | 'provider';

/** What is being dragged: an unscheduled order from the side list, or a booking on a row. */
export type DragItem =
  | { kind: 'order'; order: UnscheduledOrder }
  | { kind: 'booking'; booking: BoardBooking; engineerId: string };

/** A row of the board: a group's heading or one engineer under it. */
export type BoardRow =
  | { kind: 'group'; key: string; label: string; count: number }
  | { kind: 'engineer'; key: string; engineer: BoardEngineer };

// What an auto-assignment does to the directory, for replaying orders one after another
// (`simulate --sequential`, the rule editor's backtest): pure, it returns new data and leaves the
// given data as it was. FORMATS.md: the assignee's and collaborators' openOrders and
// assignedToday + 1, lastAssignedAt = now, the booking added (with the order's location), a
// provider's openOrders + 1.
import type { Assignee, BookingData, Directory, DirectoryData, EngineerData, OrderData } from '../../dsl';

export interface AppliedDecision {
  assignee: Assignee | null;
  collaborators: readonly Assignee[];
  /** The booking of an engineer assignment of an order with a duration (epoch ms). */
  slot?: { start: number; end: number } | null;
}

/** An ISO time in UTC without milliseconds, as data files and simulate's output carry them. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The data a directory was made from (its engineers, providers and groups are the same objects). */
export function directoryData(dir: Directory): DirectoryData {
  return {
    now: dir.now ?? undefined,
    serviceGroups: [...dir.serviceGroups],
    providers: [...dir.providers],
    engineers: [...dir.engineers],
    travel: dir.travel,
  };
}

/**
 * The directory after an auto-assignment of `order` at `now`. Only the engineers and providers it
 * changes are new objects (the others keep their parsed schedules); a group assignment changes nothing.
 */
export function applyDecision(data: DirectoryData, decision: AppliedDecision, order: OrderData, now: Date | string): DirectoryData {
  const a = decision.assignee;
  if (!a) return data;
  const nowIso = isoSeconds(typeof now === 'string' ? Date.parse(now) : now.getTime());
  if (a.type === 'service_provider') {
    return {
      ...data,
      providers: data.providers.map((p) => (p.id === a.id ? { ...p, openOrders: (p.openOrders ?? 0) + 1 } : p)),
    };
  }
  if (a.type !== 'engineer' && a.type !== 'provider_engineer') return data;
  const ids = new Set([a.id, ...decision.collaborators.map((c) => c.id)]);
  const slot = decision.slot ?? null;
  const booking: BookingData | null =
    slot === null ? null : { order: order.id, start: isoSeconds(slot.start), end: isoSeconds(slot.end), location: order.location ?? null };
  return {
    ...data,
    engineers: data.engineers.map((e): EngineerData => {
      if (!ids.has(e.id)) return e;
      return {
        ...e,
        openOrders: (e.openOrders ?? 0) + 1,
        assignedToday: (e.assignedToday ?? 0) + 1,
        lastAssignedAt: nowIso,
        ...(booking ? { bookings: [...(e.bookings ?? []), booking] } : {}),
      };
    }),
  };
}

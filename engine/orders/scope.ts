import { and, arrayContains, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import * as s from '../../drizzle/schema';
import { NotFoundError } from '../errors';
import type { Principal } from '../principal';

/** The orders a principal may see: the server-side scope every order query is filtered by. */
export function orderScope(principal: Principal): SQL | undefined {
  const o = s.workOrders;
  switch (principal.role) {
    case 'admin':
    case 'dispatcher':
      return undefined;
    case 'group_dispatcher':
      return principal.groupIds.length ? inArray(o.serviceGroupId, principal.groupIds) : sql`false`;
    case 'provider_dispatcher':
      return principal.providerId ? eq(o.providerId, principal.providerId) : sql`false`;
    case 'engineer':
    case 'provider_engineer':
      return principal.engineerId
        ? or(eq(o.engineerId, principal.engineerId), arrayContains(o.collaboratorIds, [principal.engineerId]))
        : sql`false`;
  }
}

/** Who holds an order, as far as scope goes (any of them: several when it just changed hands). */
export interface OrderHolders {
  groups: readonly string[];
  providers: readonly string[];
  /** Owners and collaborating engineers. */
  engineers: readonly string[];
}

/** orderScope in memory: whether the principal may see an order held by these. */
export function inOrderScope(principal: Principal, holders: OrderHolders): boolean {
  switch (principal.role) {
    case 'admin':
    case 'dispatcher':
      return true;
    case 'group_dispatcher':
      return holders.groups.some((g) => principal.groupIds.includes(g));
    case 'provider_dispatcher':
      return principal.providerId !== null && holders.providers.includes(principal.providerId);
    case 'engineer':
    case 'provider_engineer':
      return principal.engineerId !== null && holders.engineers.includes(principal.engineerId);
  }
}

export const withScope = (principal: Principal, ...conditions: (SQL | undefined)[]) => and(orderScope(principal), ...conditions);

/** Who holds an order row, for inOrderScope. */
export function holdersOf(row: { serviceGroupId: string | null; providerId: string | null; engineerId: string | null; collaboratorIds: readonly string[] }): OrderHolders {
  return {
    groups: row.serviceGroupId ? [row.serviceGroupId] : [],
    providers: row.providerId ? [row.providerId] : [],
    engineers: [...(row.engineerId ? [row.engineerId] : []), ...row.collaboratorIds],
  };
}

/**
 * The one answer for an order the caller may not see, the same as for an id that does not exist:
 * no number, version, step, group or status of it reaches the caller (scope first, then state).
 */
export const orderNotFound = (id: string) => new NotFoundError('Work order', id);

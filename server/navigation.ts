import type { Role } from '../drizzle/schema';
import { DISPATCHING_ROLES, ENGINEER_ROLES } from '../engine/flow/node-roles';

export interface NavItem {
  href: string;
  label: string;
}

const ITEMS: (NavItem & { roles: readonly Role[] })[] = [
  { href: '/flows', label: 'Flows', roles: ['admin'] },
  { href: '/rules', label: 'Rules', roles: ['admin'] },
  { href: '/queues', label: 'Queues', roles: DISPATCHING_ROLES },
  { href: '/schedule', label: 'Schedule', roles: ['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher'] },
  { href: '/orders', label: 'Orders', roles: ['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher'] },
  { href: '/insights', label: 'Insights', roles: ['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher'] },
  // Admins reach the overrides report from Rules; dispatchers see their own scope's (overrides.report).
  { href: '/rules/overrides', label: 'Overrides', roles: ['dispatcher', 'group_dispatcher'] },
  { href: '/my-work', label: 'My work', roles: ENGINEER_ROLES },
  { href: '/directory', label: 'Directory', roles: ['admin'] },
  { href: '/settings', label: 'Settings', roles: ['admin'] },
];

/** The pages a role may use, in menu order; the server enforces the same on every call. */
export function navigationFor(role: Role): NavItem[] {
  return ITEMS.filter((i) => i.roles.includes(role)).map(({ href, label }) => ({ href, label }));
}

export function homeFor(role: Role): string {
  return navigationFor(role)[0].href;
}

export function mayVisit(role: Role, pathname: string): boolean {
  return ITEMS.some((i) => i.roles.includes(role) && (pathname === i.href || pathname.startsWith(`${i.href}/`)));
}

// For server components: the signed-in principal and a tRPC caller bound to this request, so pages
// go through the same authorization as the browser's calls.
import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getServerApp } from './app';
import { createRequestContext } from './context';
import { ENGINEER_ROLES } from '../engine/flow/node-roles';
import { homeFor, mayVisit } from './navigation';
import { createCaller } from './root';

export const getRequestContext = cache(async () => {
  const app = await getServerApp();
  return createRequestContext({ database: app.database, auth: app.auth, headers: await headers(), engine: app.engine });
});

export const getServerCaller = cache(async () => createCaller(await getRequestContext()));

/** For a page: the principal, sent to their home page when their role may not use this one. */
export async function requirePage(href: string) {
  const { principal } = await getRequestContext();
  if (!principal) redirect('/sign-in');
  if (!mayVisit(principal.role, href)) redirect(homeFor(principal.role));
  return principal;
}

/**
 * For the order page: engineers have their own view of it (their own orders only, scoped by the
 * server), though the Orders list is not theirs; every other role needs the Orders pages.
 */
export async function requireOrderPage() {
  const { principal } = await getRequestContext();
  if (principal && ENGINEER_ROLES.includes(principal.role)) return principal;
  return requirePage('/orders');
}

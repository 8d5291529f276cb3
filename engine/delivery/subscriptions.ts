// A user's push devices: a browser's push subscription (its endpoint and keys), stored per user.
// One browser's endpoint belongs to one user at a time: whoever turns push on there last has it.
// Every call is bound to the caller's own id; another user's device answers as a missing one.
import { and, asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { NotFoundError, ValidationError } from '../errors';
import { cancelPendingFor } from './send';

/** More than this many devices per user is refused (turn one off first). */
export const MAX_DEVICES = 20;

const base64urlBytes = (name: string, bytes: number, check?: (b: Buffer) => boolean) =>
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${name} is not base64url`)
    .refine((v) => {
      const b = Buffer.from(v, 'base64url');
      return b.length === bytes && (!check || check(b));
    }, `${name} is not the ${bytes}-byte key a browser gives`);

export const pushSubscriptionInput = z.object({
  endpoint: z.string().trim().min(1, 'The subscription has no endpoint').max(2048, 'The endpoint is longer than 2048 characters'),
  keys: z.object({
    p256dh: base64urlBytes('keys.p256dh', 65, (b) => b[0] === 4),
    auth: base64urlBytes('keys.auth', 16),
  }),
  label: z.string().trim().max(100, 'The device name is at most 100 characters').default(''),
});
export type PushSubscriptionInput = z.input<typeof pushSubscriptionInput>;

export const endpointInput = z.object({ endpoint: z.string().trim().min(1).max(2048) });
export const deviceIdInput = z.object({ id: z.string().trim().min(1).max(100) });

export interface SubscribeOptions {
  /** Accept http:// endpoints on the loopback address (development and tests); https only otherwise. */
  allowLoopbackHttp?: boolean;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

function checkEndpoint(endpoint: string, options: SubscribeOptions): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ValidationError('The push endpoint is not a URL', { endpoint: ['Not a URL'] });
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.test(url.hostname) && options.allowLoopbackHttp;
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new ValidationError('A push endpoint must be an https:// URL', { endpoint: ['Must be https://'] });
  }
  if (url.username || url.password) throw new ValidationError('A push endpoint carries no user name or password', { endpoint: ['No credentials in the URL'] });
  return url.toString();
}

export interface Device {
  id: string;
  label: string;
  /** The push service's host (fcm.googleapis.com, …), not the whole endpoint. */
  service: string;
  createdAt: Date;
  lastSuccessAt: Date | null;
  /** The endpoint the caller asked about (the browser they are using). */
  current: boolean;
}

/** Turns push on for the caller's browser (or refreshes its keys); answers the device. */
export async function subscribePush(db: Db, userId: string, raw: PushSubscriptionInput, now: Date, options: SubscribeOptions = {}): Promise<Device> {
  const input = pushSubscriptionInput.parse(raw);
  const endpoint = checkEndpoint(input.endpoint, options);
  const [existing] = await db.select().from(s.pushSubscriptions).where(eq(s.pushSubscriptions.endpoint, endpoint));
  if (!existing || existing.userId !== userId) {
    const [{ n }] = await db.select({ n: count() }).from(s.pushSubscriptions).where(eq(s.pushSubscriptions.userId, userId));
    if (n >= MAX_DEVICES) throw new ValidationError(`Push is on for ${MAX_DEVICES} devices already: turn it off on one first`);
  }
  if (existing && existing.userId !== userId) {
    // Another user signed in on this browser before: what waited for them there is not sent here.
    await cancelPendingFor(db, existing.id, 'another user turned push on for this device', now, existing.userId);
  }
  const [row] = await db
    .insert(s.pushSubscriptions)
    .values({ userId, endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, label: input.label })
    .onConflictDoUpdate({
      target: s.pushSubscriptions.endpoint,
      set: { userId, p256dh: input.keys.p256dh, auth: input.keys.auth, label: input.label },
    })
    .returning();
  return deviceOf(row, endpoint);
}

function deviceOf(row: typeof s.pushSubscriptions.$inferSelect, currentEndpoint?: string): Device {
  let service = '';
  try {
    service = new URL(row.endpoint).host;
  } catch {
    service = '';
  }
  return { id: row.id, label: row.label, service, createdAt: row.createdAt, lastSuccessAt: row.lastSuccessAt, current: row.endpoint === currentEndpoint };
}

/** The caller's devices; `currentEndpoint` marks the browser asking. */
export async function listDevices(db: Db, userId: string, currentEndpoint?: string): Promise<Device[]> {
  const rows = await db
    .select()
    .from(s.pushSubscriptions)
    .where(eq(s.pushSubscriptions.userId, userId))
    .orderBy(asc(s.pushSubscriptions.createdAt), asc(s.pushSubscriptions.id));
  let current: string | undefined;
  try {
    current = currentEndpoint ? new URL(currentEndpoint).toString() : undefined;
  } catch {
    current = undefined;
  }
  return rows.map((r) => deviceOf(r, current));
}

/** Turns push off for one of the caller's devices (by id or by endpoint); pending pushes to it are cancelled. */
export async function unsubscribePush(db: Db, userId: string, which: { id: string } | { endpoint: string }, now: Date): Promise<{ removed: string }> {
  let endpoint: string | null = null;
  if ('endpoint' in which) {
    try {
      endpoint = new URL(which.endpoint).toString();
    } catch {
      endpoint = which.endpoint;
    }
  }
  const match = 'id' in which ? eq(s.pushSubscriptions.id, which.id) : eq(s.pushSubscriptions.endpoint, endpoint!);
  const [row] = await db
    .delete(s.pushSubscriptions)
    .where(and(match, eq(s.pushSubscriptions.userId, userId)))
    .returning({ id: s.pushSubscriptions.id });
  if (!row) throw new NotFoundError('Push device', 'id' in which ? which.id : 'this browser');
  await cancelPendingFor(db, row.id, 'push was turned off on this device', now, userId);
  return { removed: row.id };
}

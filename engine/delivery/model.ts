// What delivery knows without a database: the channels, the states of a delivery, the kinds of
// notification the engine writes with their default channels, the back-off, and the payload a
// notification becomes. Pure, so the settings components and the service worker's tests read it too.

/** The channels besides the in-app list (which is the outbox itself and needs no delivery). */
export const DELIVERY_CHANNELS = ['push', 'email'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * pending: waiting for its first attempt; retrying: an attempt failed, the next is due at
 * next_attempt_at; sending: held by a worker (until its lease runs out); sent; dead: gave up after
 * the last attempt (an admin may retry it); cancelled: nothing to send to any more (the device
 * was turned off or its push subscription expired).
 */
export const DELIVERY_STATUSES = ['pending', 'retrying', 'sending', 'sent', 'dead', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface NotificationKindInfo {
  kind: string;
  label: string;
  description: string;
  /** Work that arrives for the user: push is on by default once they have a device subscribed. */
  assignment: boolean;
}

/**
 * The `kind` values the engine's outbox writes (engine/dispatch/actions.ts, commit.ts, engine/sla),
 * in the order the preferences page lists them. A kind written that is not here still works: it
 * takes the defaults of a non-assignment kind.
 */
export const NOTIFICATION_KINDS: readonly NotificationKindInfo[] = [
  { kind: 'assigned', label: 'Assigned', description: 'An order is assigned to you, your group or your provider', assignment: true },
  { kind: 'reassigned', label: 'Reassigned', description: 'An order is sent on to your group', assignment: true },
  { kind: 'reallocated', label: 'Reallocated', description: 'An order is moved to you, or away from you', assignment: true },
  { kind: 'rejected', label: 'Rejected', description: 'An order comes back to you with a reason', assignment: false },
  { kind: 'declined', label: 'Declined', description: 'An engineer declines an order you dispatched', assignment: false },
  { kind: 'booked', label: 'Booked', description: 'A visit is booked in your day', assignment: false },
  { kind: 'rescheduled', label: 'Rescheduled', description: 'A booked visit moves to another time', assignment: false },
  { kind: 'unbooked', label: 'Unbooked', description: 'A booked visit is taken out of your day', assignment: false },
  { kind: 'sla_breached', label: 'SLA breached', description: 'An order you hold misses its respond-by or resolve-by time', assignment: false },
];

const KIND_INFO = new Map(NOTIFICATION_KINDS.map((k) => [k.kind, k]));

export interface ChannelChoice {
  inApp: boolean;
  push: boolean;
  email: boolean;
}

/** The choice of a user who has not chosen: in-app always, push for assignments, e-mail never. */
export function defaultChoice(kind: string): ChannelChoice {
  return { inApp: true, push: KIND_INFO.get(kind)?.assignment ?? false, email: false };
}

export const ASSIGNMENT_KINDS: readonly string[] = NOTIFICATION_KINDS.filter((k) => k.assignment).map((k) => k.kind);

export interface RetryPolicy {
  /** Attempts before a delivery is dead (default 10). */
  maxAttempts: number;
  /** The wait after the first failed attempt (default 60 s); doubled after each further one. */
  baseDelayMs: number;
  /** The longest wait between two attempts (default 1 h). */
  maxDelayMs: number;
}

/** About four hours of a channel being down before a delivery is dead: 1, 2, 4 … 32 min, then hourly. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 3_600_000 };

/** The wait before the next attempt, after `attempts` failed ones (1 or more). */
export function retryDelayMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
}

/** What a failed attempt means for the delivery. */
export type FailureKind =
  /** Worth another attempt later (a refused connection, a 5xx, a 429, a timeout). */
  | 'transient'
  /** The other side refuses this message for good (an SMTP 5xx, a push 400/403): dead at once. */
  | 'permanent'
  /** The push service says the subscription is gone (404/410): the device is dropped, nothing is retried. */
  | 'gone';

/** A channel's failure, with what it means; any other error thrown by a channel counts as transient. */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly failure: FailureKind = 'transient',
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** What a notification becomes on a channel: the JSON of a push message, the lines of an e-mail. */
export interface DeliveryMessage {
  notificationId: number;
  kind: string;
  title: string;
  body: string;
  /** The order's page, relative to the app ("/orders/…"); the app's home when there is no order. */
  path: string;
  /** The same as an absolute URL, for e-mail. */
  url: string;
}

export function orderPath(orderId: string | null): string {
  return orderId ? `/orders/${encodeURIComponent(orderId)}` : '/';
}

export function deliveryMessage(
  n: { id: number; kind: string; title: string; body: string; orderId: string | null },
  baseUrl: string,
): DeliveryMessage {
  const path = orderPath(n.orderId);
  return { notificationId: n.id, kind: n.kind, title: n.title, body: n.body, path, url: new URL(path, baseUrl).toString() };
}

/** The JSON a push message carries; public/sw.js shows it and opens `url` on a click. */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  tag: string;
  kind: string;
  notificationId: number;
}

export function pushPayload(m: DeliveryMessage): PushPayload {
  return { title: m.title, body: m.body, url: m.path, tag: `notification-${m.notificationId}`, kind: m.kind, notificationId: m.notificationId };
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function emailContent(m: DeliveryMessage, settingsUrl: string): EmailContent {
  const open = m.path === '/' ? 'Open Dispatch Studio' : 'Open the order';
  const text = [m.body, '', `${open}: ${m.url}`, '', '--', `Dispatch Studio. Choose which notifications reach you by e-mail: ${settingsUrl}`]
    .filter((line, i) => i > 0 || line !== '')
    .join('\n');
  const html = [
    `<p style="font-size:16px"><strong>${escapeHtml(m.title)}</strong></p>`,
    m.body ? `<p>${escapeHtml(m.body)}</p>` : '',
    `<p><a href="${escapeHtml(m.url)}">${open}</a></p>`,
    `<p style="color:#667085;font-size:12px">Dispatch Studio. <a href="${escapeHtml(settingsUrl)}">Choose which notifications reach you by e-mail</a>.</p>`,
  ].join('\n');
  return { subject: m.title, text, html };
}

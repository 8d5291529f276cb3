// The two outside channels: web push (VAPID, payload encrypted for the browser's keys, RFC 8291
// aes128gcm, by the web-push package) and e-mail over SMTP (nodemailer). Each send either resolves
// or throws a ChannelError that says whether trying again may help.
import nodemailer from 'nodemailer';
import webpush from 'web-push';
import { ChannelError, type EmailContent, type PushPayload } from './model';

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushSender {
  send(target: PushTarget, payload: PushPayload): Promise<void>;
}

export interface MailSender {
  send(to: string, content: EmailContent): Promise<void>;
  close?(): void;
}

/** What the delivery worker sends with; a channel that is null is not configured, and gets no deliveries. */
export interface DeliveryChannels {
  /** The app's public origin, for the links in e-mails. */
  baseUrl: string;
  push: PushSender | null;
  email: MailSender | null;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** A `mailto:` or `https:` contact the push services may use. */
  subject: string;
}

export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}

const short = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);

/**
 * Web push. web-push builds the request (encryption, VAPID JWT, headers) and we send it with
 * fetch, so a push service is reached the same way whatever its scheme (tests run one on http).
 */
export function webPushChannel(keys: VapidKeys, options: { ttlSeconds?: number; timeoutMs?: number } = {}): PushSender {
  const ttl = options.ttlSeconds ?? 24 * 3600;
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    async send(target, payload) {
      const details = webpush.generateRequestDetails(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(payload),
        { vapidDetails: keys, TTL: ttl, contentEncoding: 'aes128gcm', urgency: 'high' },
      );
      let response: Response;
      try {
        response = await fetch(details.endpoint, {
          method: details.method,
          headers: details.headers as Record<string, string>,
          body: details.body ? new Uint8Array(details.body) : undefined,
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new ChannelError(`push service not reached: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
      }
      if (response.ok) return;
      const text = short(await response.text().catch(() => ''));
      const what = `push service answered ${response.status}${text ? `: ${text}` : ''}`;
      if (response.status === 404 || response.status === 410) throw new ChannelError(`${what} (the subscription has expired)`, 'gone');
      if ([400, 401, 403, 413].includes(response.status)) throw new ChannelError(what, 'permanent');
      throw new ChannelError(what); // 429, 5xx: later
    },
  };
}

/** E-mail over SMTP; `url` is an `smtp://` or `smtps://` connection URL (user and password in it). */
export function smtpChannel(options: { url: string; from: string; timeoutMs?: number }): MailSender {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(to, content) {
      try {
        await transport.sendMail({ from: options.from, to, subject: content.subject, text: content.text, html: content.html });
      } catch (error) {
        const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
        const what = `SMTP: ${short(e.response ?? e.message ?? String(error))}${e.code ? ` (${e.code})` : ''}`;
        // 5xx: the server refuses this message for good (no such mailbox, say); 4xx and no answer: later.
        throw new ChannelError(what, e.responseCode && e.responseCode >= 500 && e.responseCode < 600 ? 'permanent' : 'transient');
      }
    },
    close() {
      transport.close();
    },
  };
}

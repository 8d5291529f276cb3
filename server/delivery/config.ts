// Delivery's settings from the environment: the VAPID keys for web push, the SMTP server and the
// sender for e-mail, and the public origin for links. Read and checked once; a bad value is a
// ConfigError naming the variable. With no DATABASE_URL (the embedded database, one process and
// its data folder) VAPID keys are made on first start and kept in data/, like the development auth
// secret; servers that share a Postgres database must share their keys, so they are given them.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateVapidKeys, smtpChannel, webPushChannel, type DeliveryChannels, type VapidKeys } from '../../engine/delivery';
import { ConfigError } from '../config';

export interface DeliveryConfig {
  /** The app's public origin (AUTH_URL), for the links in e-mails. */
  baseUrl: string;
  push: (VapidKeys & { source: 'environment' | 'generated' }) | null;
  /** Why push is off, for the settings page. */
  pushOff: string | null;
  email: { url: string; from: string } | null;
  emailOff: string | null;
  /** http:// push endpoints on the loopback address are accepted outside production (tests, local push services). */
  allowLoopbackPush: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

const DEV_VAPID_FILE = path.join(/* turbopackIgnore: true */ process.cwd(), 'data', 'vapid-keys.json');

const bytes = (v: string) => Buffer.from(v, 'base64url').length;

function checkKeys(publicKey: string, privateKey: string, from: string) {
  if (!/^[A-Za-z0-9_-]+$/.test(publicKey) || bytes(publicKey) !== 65) {
    throw new ConfigError(`VAPID_PUBLIC_KEY${from} is not a VAPID public key (65 bytes, base64url; \`npx web-push generate-vapid-keys\` makes a pair)`);
  }
  if (!/^[A-Za-z0-9_-]+$/.test(privateKey) || bytes(privateKey) !== 32) {
    throw new ConfigError(`VAPID_PRIVATE_KEY${from} is not a VAPID private key (32 bytes, base64url)`);
  }
}

function checkSubject(subject: string): string {
  if (/^mailto:[^@\s]+@[^@\s]+$/.test(subject)) return subject;
  try {
    if (new URL(subject).protocol === 'https:') return subject;
  } catch {
    // falls through
  }
  throw new ConfigError(`VAPID_SUBJECT must be a mailto: address or an https:// URL the push services may contact, not "${subject}"`);
}

/** The keys made for this checkout on its first start (kept in data/, not in git). */
function generatedKeys(file: string): { publicKey: string; privateKey: string } {
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { publicKey?: string; privateKey?: string };
    if (kept.publicKey && kept.privateKey) {
      checkKeys(kept.publicKey, kept.privateKey, ` in ${file}`);
      return { publicKey: kept.publicKey, privateKey: kept.privateKey };
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // not made yet
  }
  const keys = generateVapidKeys();
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  } catch {
    // A read-only folder: these keys work until the process stops (browsers then subscribe again).
  }
  return keys;
}

/** The sender's address in MAIL_FROM: `Name <a@b>` or `a@b`. */
function mailAddress(from: string): string | null {
  const m = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from) ?? /^([^<>\s]+@[^<>\s]+)$/.exec(from.trim());
  return m ? m[1] : null;
}

export function deliveryConfigFromEnv(env: Env = process.env, options: { vapidFile?: string } = {}): DeliveryConfig {
  const production = env.NODE_ENV === 'production';
  const baseUrl = (env.AUTH_URL || env.BETTER_AUTH_URL || '').trim() || `http://localhost:${(env.PORT || '3000').trim()}`;
  try {
    new URL(baseUrl);
  } catch {
    throw new ConfigError(`AUTH_URL is not a URL: "${baseUrl}"`);
  }

  const mailFrom = (env.MAIL_FROM ?? '').trim();
  if (mailFrom && !mailAddress(mailFrom)) {
    throw new ConfigError(`MAIL_FROM must be an address such as "Dispatch Studio <dispatch@example.com>", not "${mailFrom}"`);
  }
  const smtpUrl = (env.SMTP_URL ?? '').trim();
  let email: DeliveryConfig['email'] = null;
  let emailOff: string | null = 'E-mail is not set up on this server (SMTP_URL)';
  if (smtpUrl) {
    let url: URL;
    try {
      url = new URL(smtpUrl);
    } catch {
      throw new ConfigError('SMTP_URL is not a URL: use smtp://user:password@host:587 or smtps://user:password@host:465');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
    }
    if (!mailFrom) throw new ConfigError('MAIL_FROM is not set: with SMTP_URL, e-mails need a sender such as "Dispatch Studio <dispatch@example.com>"');
    email = { url: smtpUrl, from: mailFrom };
    emailOff = null;
  }

  const publicKey = (env.VAPID_PUBLIC_KEY ?? '').trim();
  const privateKey = (env.VAPID_PRIVATE_KEY ?? '').trim();
  const subjectGiven = (env.VAPID_SUBJECT ?? '').trim();
  const fromAddress = mailFrom ? mailAddress(mailFrom) : null;
  let pushConfig: DeliveryConfig['push'] = null;
  let pushOff: string | null = null;
  if (publicKey || privateKey) {
    if (!publicKey) throw new ConfigError('VAPID_PUBLIC_KEY is not set, though VAPID_PRIVATE_KEY is: web push needs both');
    if (!privateKey) throw new ConfigError('VAPID_PRIVATE_KEY is not set, though VAPID_PUBLIC_KEY is: web push needs both');
    checkKeys(publicKey, privateKey, '');
    const subject = subjectGiven || (fromAddress ? `mailto:${fromAddress}` : '');
    if (!subject) throw new ConfigError('VAPID_SUBJECT is not set: give a mailto: address or an https:// URL where the push services can reach you (or set MAIL_FROM)');
    pushConfig = { publicKey, privateKey, subject: checkSubject(subject), source: 'environment' };
  } else if (!(env.DATABASE_URL ?? '').trim()) {
    const keys = generatedKeys(options.vapidFile ?? DEV_VAPID_FILE);
    const subject = checkSubject(subjectGiven || (fromAddress ? `mailto:${fromAddress}` : 'mailto:dispatch-studio@localhost.localdomain'));
    pushConfig = { ...keys, subject, source: 'generated' };
  } else {
    pushOff = 'Push is not set up on this server (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY)';
  }
  return { baseUrl, push: pushConfig, pushOff, email, emailOff, allowLoopbackPush: !production };
}

let cached: DeliveryConfig | null = null;

/** The process's delivery configuration, read once. */
export function deliveryConfig(): DeliveryConfig {
  cached ??= deliveryConfigFromEnv();
  return cached;
}

/** The channels the delivery job sends with, from the configuration. */
export function deliveryChannels(config: DeliveryConfig = deliveryConfig()): DeliveryChannels {
  return {
    baseUrl: config.baseUrl,
    push: config.push ? webPushChannel(config.push) : null,
    email: config.email ? smtpChannel(config.email) : null,
  };
}

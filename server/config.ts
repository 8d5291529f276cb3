// The server's settings from its environment, read and checked in one place. In production the
// app refuses to start without its own secret; nothing here has a secret built in.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ServerConfig {
  production: boolean;
  /** Signs session cookies. From AUTH_SECRET or BETTER_AUTH_SECRET; in development, a random one kept in the data folder. */
  authSecret: string;
  /** The public origin (AUTH_URL or BETTER_AUTH_URL); undefined: the origin of each request. */
  authUrl: string | undefined;
  /** Reverse proxies in front of the app whose X-Forwarded-For entries are trusted (TRUSTED_PROXY_HOPS, default 0). */
  trustedProxyHops: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const MIN_SECRET_LENGTH = 32;

const DEV_SECRET_FILE = path.join(/* turbopackIgnore: true */ process.cwd(), 'data', 'auth-secret');

/** A development secret made once per checkout and kept in data/ (not in git), so sessions survive restarts. */
function developmentSecret(file = DEV_SECRET_FILE): string {
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= MIN_SECRET_LENGTH) return existing;
  } catch {
    // not made yet
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  } catch {
    // A read-only folder: this process's random secret still works until it stops.
  }
  return secret;
}

export function serverConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const given = (env.AUTH_SECRET || env.BETTER_AUTH_SECRET || '').trim();
  if (given && given.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`AUTH_SECRET is too short: use at least ${MIN_SECRET_LENGTH} random characters (for example \`openssl rand -base64 32\`)`);
  }
  if (!given && production) {
    throw new ConfigError(
      'AUTH_SECRET is not set: in production the app needs its own secret to sign sessions (BETTER_AUTH_SECRET is accepted too); ' +
        'set it to at least 32 random characters, for example `openssl rand -base64 32`',
    );
  }
  const hopsText = (env.TRUSTED_PROXY_HOPS ?? '').trim();
  const hops = hopsText === '' ? 0 : Number(hopsText);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
    throw new ConfigError(`TRUSTED_PROXY_HOPS must be a whole number from 0 to 10, not "${hopsText}"`);
  }
  const authUrl = (env.AUTH_URL || env.BETTER_AUTH_URL || '').trim() || undefined;
  if (authUrl) {
    try {
      new URL(authUrl);
    } catch {
      throw new ConfigError(`AUTH_URL is not a URL: "${authUrl}" (set it to the public origin, such as https://dispatch.example.com)`);
    }
  }
  return { production, authSecret: given || developmentSecret(), authUrl, trustedProxyHops: hops };
}

let cached: ServerConfig | null = null;

/** The process's configuration, read once. */
export function serverConfig(): ServerConfig {
  cached ??= serverConfigFromEnv();
  return cached;
}

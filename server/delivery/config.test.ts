import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateVapidKeys } from '../../engine/delivery';
import { ConfigError } from '../config';
import { deliveryConfigFromEnv } from './config';

const keys = generateVapidKeys();
const tmpFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'vapid-')), 'vapid-keys.json');

describe('delivery configuration', () => {
  it('makes VAPID keys on first start of the embedded default, keeps them in the data folder and reuses them', () => {
    const file = tmpFile();
    const first = deliveryConfigFromEnv({}, { vapidFile: file });
    expect(first.push).toMatchObject({ source: 'generated' });
    expect(Buffer.from(first.push!.publicKey, 'base64url')).toHaveLength(65);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).publicKey).toBe(first.push!.publicKey);
    expect(deliveryConfigFromEnv({}, { vapidFile: file }).push!.publicKey).toBe(first.push!.publicKey);
    expect(first.email).toBeNull();
    expect(first.emailOff).toMatch(/SMTP_URL/);
  });

  it('takes the keys from the environment, and on a Postgres server without them turns push off', () => {
    const env = { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey, VAPID_SUBJECT: 'mailto:ops@example.com', DATABASE_URL: 'postgres://x' };
    expect(deliveryConfigFromEnv(env).push).toEqual({ ...keys, subject: 'mailto:ops@example.com', source: 'environment' });
    const off = deliveryConfigFromEnv({ DATABASE_URL: 'postgres://x' });
    expect(off.push).toBeNull();
    expect(off.pushOff).toMatch(/VAPID_PUBLIC_KEY/);
  });

  it('refuses half a key pair, a bad key or subject, naming the variable', () => {
    const bad = (env: Record<string, string>) => () => deliveryConfigFromEnv(env, { vapidFile: tmpFile() });
    expect(bad({ VAPID_PUBLIC_KEY: keys.publicKey })).toThrow(/VAPID_PRIVATE_KEY is not set/);
    expect(bad({ VAPID_PRIVATE_KEY: keys.privateKey })).toThrow(/VAPID_PUBLIC_KEY is not set/);
    expect(bad({ VAPID_PUBLIC_KEY: 'abc', VAPID_PRIVATE_KEY: keys.privateKey, VAPID_SUBJECT: 'mailto:a@b.c' })).toThrow(/VAPID_PUBLIC_KEY is not/);
    expect(bad({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey })).toThrow(/VAPID_SUBJECT is not set/);
    expect(bad({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey, VAPID_SUBJECT: 'ops@example.com' })).toThrow(/VAPID_SUBJECT must be/);
    expect(bad({ VAPID_PUBLIC_KEY: 'abc' })).toThrow(ConfigError);
  });

  it('reads SMTP_URL with MAIL_FROM, and refuses one without the other or a URL of another scheme', () => {
    const env = { SMTP_URL: 'smtp://user:pass@mail.example.com:587', MAIL_FROM: 'Dispatch Studio <dispatch@example.com>' };
    const config = deliveryConfigFromEnv({ ...env, DATABASE_URL: 'postgres://x' });
    expect(config.email).toEqual({ url: env.SMTP_URL, from: env.MAIL_FROM });
    expect(() => deliveryConfigFromEnv({ SMTP_URL: env.SMTP_URL, DATABASE_URL: 'postgres://x' })).toThrow(/MAIL_FROM is not set/);
    expect(() => deliveryConfigFromEnv({ ...env, SMTP_URL: 'https://mail.example.com', DATABASE_URL: 'postgres://x' })).toThrow(/SMTP_URL must start with smtp/);
    expect(() => deliveryConfigFromEnv({ ...env, MAIL_FROM: 'nobody', DATABASE_URL: 'postgres://x' })).toThrow(/MAIL_FROM must be an address/);
    // The sender is the push contact too when VAPID_SUBJECT is not given.
    expect(deliveryConfigFromEnv({ ...env, VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey }).push!.subject).toBe('mailto:dispatch@example.com');
  });

  it('links to AUTH_URL, and accepts http push endpoints on the loopback address only outside production', () => {
    expect(deliveryConfigFromEnv({ AUTH_URL: 'https://dispatch.example.com', DATABASE_URL: 'postgres://x' }).baseUrl).toBe('https://dispatch.example.com');
    expect(deliveryConfigFromEnv({ DATABASE_URL: 'postgres://x', PORT: '3318' }).baseUrl).toBe('http://localhost:3318');
    expect(deliveryConfigFromEnv({ DATABASE_URL: 'postgres://x' }).allowLoopbackPush).toBe(true);
    expect(deliveryConfigFromEnv({ DATABASE_URL: 'postgres://x', NODE_ENV: 'production' }).allowLoopbackPush).toBe(false);
  });
});

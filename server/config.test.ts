import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDataWanted, isDatabaseEmpty, prepareDatabase } from '../drizzle';
import { createTestDatabase, type TestDatabase } from '../drizzle/testing';
import { ConfigError, serverConfigFromEnv } from './config';

const SECRET = 'a-real-secret-of-at-least-thirty-two-chars';

describe('server configuration', () => {
  it('refuses to run in production without a secret, naming the variable', () => {
    expect(() => serverConfigFromEnv({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => serverConfigFromEnv({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET is not set/);
  });

  it("takes AUTH_SECRET, or better-auth's BETTER_AUTH_SECRET", () => {
    expect(serverConfigFromEnv({ NODE_ENV: 'production', AUTH_SECRET: SECRET }).authSecret).toBe(SECRET);
    expect(serverConfigFromEnv({ NODE_ENV: 'production', BETTER_AUTH_SECRET: SECRET }).authSecret).toBe(SECRET);
  });

  it('refuses a short secret', () => {
    expect(() => serverConfigFromEnv({ NODE_ENV: 'production', AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET is too short/);
  });

  it('in development makes a random secret of its own, never a built-in one', () => {
    const a = serverConfigFromEnv({ NODE_ENV: 'development' }).authSecret;
    expect(a.length).toBeGreaterThanOrEqual(32);
    // Kept in the data folder, so the next start signs sessions the same way.
    expect(serverConfigFromEnv({ NODE_ENV: 'development' }).authSecret).toBe(a);
  });

  it('takes the public origin from AUTH_URL or BETTER_AUTH_URL, and none by default', () => {
    expect(serverConfigFromEnv({ AUTH_SECRET: SECRET, AUTH_URL: 'https://dispatch.example.com' }).authUrl).toBe('https://dispatch.example.com');
    expect(serverConfigFromEnv({ AUTH_SECRET: SECRET, BETTER_AUTH_URL: 'https://d.example.com' }).authUrl).toBe('https://d.example.com');
    expect(serverConfigFromEnv({ AUTH_SECRET: SECRET }).authUrl).toBeUndefined();
    expect(() => serverConfigFromEnv({ AUTH_SECRET: SECRET, AUTH_URL: 'not a url' })).toThrow(/AUTH_URL is not a URL/);
  });

  it('reads TRUSTED_PROXY_HOPS (default 0) and refuses nonsense', () => {
    expect(serverConfigFromEnv({ AUTH_SECRET: SECRET }).trustedProxyHops).toBe(0);
    expect(serverConfigFromEnv({ AUTH_SECRET: SECRET, TRUSTED_PROXY_HOPS: '2' }).trustedProxyHops).toBe(2);
    expect(() => serverConfigFromEnv({ AUTH_SECRET: SECRET, TRUSTED_PROXY_HOPS: 'two' })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => serverConfigFromEnv({ AUTH_SECRET: SECRET, TRUSTED_PROXY_HOPS: '-1' })).toThrow(/TRUSTED_PROXY_HOPS/);
  });

  it('the server process stops at start-up without a secret in production', () => {
    const result = spawnSync(
      path.join('node_modules', '.bin', 'tsx'),
      ['-e', "import('./instrumentation.ts').then((m) => m.register()).then(() => console.log('started'))"],
      { env: { PATH: process.env.PATH, NODE_ENV: 'production', NEXT_RUNTIME: 'nodejs' }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot start: AUTH_SECRET is not set/);
    expect(result.stdout).not.toMatch(/started/);
  });
});

describe('demo data', () => {
  it('goes into the embedded database, and into a server only when asked', () => {
    expect(demoDataWanted('pglite', {})).toBe(true);
    expect(demoDataWanted('pglite', { SEED_DEMO_DATA: 'false' })).toBe(false);
    expect(demoDataWanted('postgres', {})).toBe(false);
    expect(demoDataWanted('postgres', { SEED_DEMO_DATA: 'true' })).toBe(true);
  });

  describe('on an empty database that did not ask for it', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ migrate: false });
    });
    afterAll(async () => db?.dispose());

    it('leaves it empty: no demo users, no published password or API key', async () => {
      await prepareDatabase(db, { seedIfEmpty: demoDataWanted('postgres', {}) });
      expect(await isDatabaseEmpty(db.db)).toBe(true);
    });
  });
});

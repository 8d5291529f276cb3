// Sign-in with better-auth: email and password, hashed with scrypt, sessions stored in the
// database (the `sessions` table), sign-out, and expiry.
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { eq } from 'drizzle-orm';
import type { Db } from '../drizzle/client';
import * as s from '../drizzle/schema';

export const SESSION_TTL_SECONDS = 60 * 60 * 12;

export interface AuthOptions {
  /** Signs session cookies (server/config.ts reads it from the environment). */
  secret: string;
  /** The public origin; undefined: the origin of each request. */
  baseURL?: string;
  sessionTtlSeconds?: number;
}

export function createAuth(db: Db, options: AuthOptions) {
  return betterAuth({
    appName: 'Dispatch Studio',
    secret: options.secret,
    // Without a configured origin, each request's own (better-auth's dynamic base URL): the dev
    // server works at localhost and 127.0.0.1 alike, and nothing warns on every start.
    baseURL: options.baseURL ?? { allowedHosts: ['*'] },
    database: drizzleAdapter(db, {
      provider: 'pg',
      usePlural: true,
      schema: { users: s.users, sessions: s.sessions, accounts: s.accounts, verifications: s.verifications },
    }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, autoSignIn: false },
    session: { expiresIn: options.sessionTtlSeconds ?? SESSION_TTL_SECONDS, updateAge: 60 * 60 },
    user: {
      additionalFields: {
        role: { type: 'string', input: false },
        active: { type: 'boolean', input: false },
      },
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated user keeps their history but cannot sign in.
          async before(session) {
            const [user] = await db.select({ active: s.users.active }).from(s.users).where(eq(s.users.id, session.userId));
            if (!user?.active) return false;
            return { data: session };
          },
        },
      },
    },
    telemetry: { enabled: false },
    advanced: { database: { generateId: () => crypto.randomUUID() } },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

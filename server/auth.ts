// Sign-in with better-auth: email and password, hashed with scrypt, sessions stored in the
// database (the `sessions` table), sign-out, and expiry. Every sign-in by e-mail (the JSON
// endpoint and the sign-in page's form alike) goes through the throttle in sign-in-throttle.ts.
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { eq } from 'drizzle-orm';
import type { Db } from '../drizzle/client';
import * as s from '../drizzle/schema';
import { CLIENT_ADDRESS_HEADER, UNKNOWN_ADDRESS, clientAddress } from './client-address';
import { accountKey, createSignInThrottle, throttledMessage, type SignInAttempt, type ThrottlePolicy, type ThrottleScope } from './sign-in-throttle';

export const SESSION_TTL_SECONDS = 60 * 60 * 12;

export interface AuthOptions {
  /** Signs session cookies (server/config.ts reads it from the environment). */
  secret: string;
  /** The public origin; undefined: the origin of each request. */
  baseURL?: string;
  sessionTtlSeconds?: number;
  /** Reverse proxies whose X-Forwarded-For entries are trusted (server/config.ts: TRUSTED_PROXY_HOPS). Default 0. */
  trustedProxyHops?: number;
  /** The throttle's clock (tests move it). */
  now?: () => Date;
  throttlePolicies?: Partial<Record<ThrottleScope, ThrottlePolicy>>;
}

export const SIGN_IN_PATH = '/sign-in/email';
/** better-auth's code for a wrong e-mail or password: the only outcome that counts as a failure. */
const WRONG_CREDENTIALS = 'INVALID_EMAIL_OR_PASSWORD';
export const THROTTLED_CODE = 'TOO_MANY_FAILED_SIGN_INS';

export function createAuth(db: Db, options: AuthOptions) {
  const hops = options.trustedProxyHops ?? 0;
  const throttle = createSignInThrottle(db, { now: options.now, policies: options.throttlePolicies });
  const attemptOf = (ctx: { body?: unknown; headers?: Headers }): SignInAttempt | null => {
    const email = (ctx.body as { email?: unknown } | undefined)?.email;
    if (typeof email !== 'string' || !email.trim()) return null; // the endpoint refuses it as invalid
    return { account: accountKey(email), address: clientAddress(ctx.headers, hops) };
  };
  return betterAuth({
    appName: 'Dispatch Studio',
    secret: options.secret,
    // Without a configured origin, each request's own (better-auth's dynamic base URL): the dev
    // server works at localhost and 127.0.0.1 alike, and nothing warns on every start.
    baseURL: options.baseURL ?? { allowedHosts: ['*'] },
    // That trusts https origins only; a page served over plain http (the dev server) posts with
    // its own origin, the request's Host, which is trusted too. Another site's origin is not.
    trustedOrigins: options.baseURL ? undefined : (request) => {
      const host = request?.headers.get('host');
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
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
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const attempt = attemptOf(ctx);
        if (!attempt) return;
        const decision = await throttle.begin(attempt);
        if (!decision.allowed) {
          throw new APIError(
            'TOO_MANY_REQUESTS',
            { message: throttledMessage(decision.retryAfterSeconds), code: THROTTLED_CODE },
            { 'Retry-After': String(decision.retryAfterSeconds) },
          );
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const attempt = attemptOf(ctx);
        if (!attempt) return;
        const returned = ctx.context.returned;
        if (!isAPIError(returned)) await throttle.succeeded(attempt);
        else if ((returned.body as { code?: string } | undefined)?.code !== WRONG_CREDENTIALS) await throttle.abandoned(attempt);
        // A wrong password keeps the count the before hook made.
      }),
    },
    // The throttle above replaces better-auth's per-process limiter for sign-in; its limits on other
    // paths key on the address our auth route computes (never on a client's X-Forwarded-For).
    rateLimit: { customRules: { [SIGN_IN_PATH]: false } },
    databaseHooks: {
      session: {
        create: {
          // A deactivated user keeps their history but cannot sign in.
          async before(session, ctx) {
            const [user] = await db.select({ active: s.users.active }).from(s.users).where(eq(s.users.id, session.userId));
            if (!user?.active) return false;
            const address = clientAddress(ctx?.headers, hops);
            return { data: { ...session, ipAddress: address === UNKNOWN_ADDRESS ? null : address } };
          },
        },
      },
    },
    telemetry: { enabled: false },
    advanced: {
      database: { generateId: () => crypto.randomUUID() },
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

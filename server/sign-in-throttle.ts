// Sign-in throttling counted in the database, so that every app server sharing it sees the same
// counts: per account (the lower-cased e-mail) and per client address, with exponential back-off.
//
// Each attempt is counted before the password is checked, in one atomic statement per scope
// (INSERT … ON CONFLICT DO UPDATE … WHERE not blocked … RETURNING): a burst of parallel
// attempts cannot slip through a back-off, because the one that sets the block wins the row lock
// and the others find it blocked. A wrong password keeps its count; a successful sign-in clears
// the account's counter and takes back its own count at the address; any other outcome (a
// deactivated user, a server error) takes back both.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../drizzle/client';
import * as s from '../drizzle/schema';

export type ThrottleScope = (typeof s.SIGN_IN_THROTTLE_SCOPES)[number];

export interface ThrottlePolicy {
  /** Failures allowed before the back-off starts. */
  freeFailures: number;
  /** The first back-off; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this long without a failure the count starts again. */
  quietPeriodMs: number;
}

export const DEFAULT_THROTTLE_POLICIES: Record<ThrottleScope, ThrottlePolicy> = {
  // One person's account: five tries, then 1 s, 2 s, 4 s … up to 15 minutes.
  account: { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, quietPeriodMs: 60 * 60_000 },
  // An address may be an office behind one NAT: more room before it backs off.
  address: { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, quietPeriodMs: 60 * 60_000 },
};

export interface SignInAttempt {
  account: string;
  address: string;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SignInThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(throttledMessage(retryAfterSeconds));
    this.name = 'SignInThrottledError';
  }
}

export function throttledMessage(retryAfterSeconds: number): string {
  return `Too many failed sign-ins; try again in ${retryAfterSeconds} s.`;
}

export const accountKey = (email: string) => email.trim().toLowerCase();

/** The back-off after `failures` failures, in milliseconds (0: none). */
export function backOffMs(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(policy.baseDelayMs * 2 ** Math.min(failures - policy.freeFailures - 1, 40), policy.maxDelayMs);
}

const t = s.signInThrottle;
const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/** SQL for "the block after `failures` failures, counted from `from`" (NULL: none). */
function blockedUntilSql(failures: SQL, from: SQL, policy: ThrottlePolicy): SQL {
  return sql`CASE WHEN ${failures} > ${policy.freeFailures}
    THEN ${from} + LEAST(${policy.baseDelayMs}::double precision * power(2::double precision, LEAST(${failures} - ${policy.freeFailures} - 1, 40)), ${policy.maxDelayMs}::double precision) * interval '1 millisecond'
    ELSE NULL END`;
}

export interface SignInThrottle {
  /** Counts an attempt before its password is checked; refused while the account or the address is backing off. */
  begin(attempt: SignInAttempt): Promise<ThrottleDecision>;
  /** The attempt signed in: the account starts afresh; the address takes back this attempt's count. */
  succeeded(attempt: SignInAttempt): Promise<void>;
  /** The attempt ended for another reason than a wrong password: both counts are taken back. */
  abandoned(attempt: SignInAttempt): Promise<void>;
}

export function createSignInThrottle(
  db: DbOrTx,
  options: { now?: () => Date; policies?: Partial<Record<ThrottleScope, ThrottlePolicy>> } = {},
): SignInThrottle {
  const now = options.now ?? (() => new Date());
  const policies = { ...DEFAULT_THROTTLE_POLICIES, ...options.policies };

  /** Seconds until the block on (scope, key) ends; 0 when there is none. */
  async function blockedFor(scope: ThrottleScope, key: string, at: Date): Promise<number> {
    const [row] = await db.select({ blockedUntil: t.blockedUntil }).from(t).where(and(eq(t.scope, scope), eq(t.key, key)));
    const until = row?.blockedUntil?.getTime() ?? 0;
    return until > at.getTime() ? Math.max(1, Math.ceil((until - at.getTime()) / 1000)) : 0;
  }

  /** Counts one attempt unless (scope, key) is blocked now; false when it is. */
  async function count(scope: ThrottleScope, key: string, at: Date): Promise<boolean> {
    const policy = policies[scope];
    const quietSince = new Date(at.getTime() - policy.quietPeriodMs);
    const failures = sql`(CASE WHEN ${t.lastFailureAt} < ${ts(quietSince)} THEN 1 ELSE ${t.failures} + 1 END)`;
    const rows = await db
      .insert(t)
      .values({ scope, key, failures: 1, lastFailureAt: at, blockedUntil: backOffMs(1, policy) ? new Date(at.getTime() + backOffMs(1, policy)) : null })
      .onConflictDoUpdate({
        target: [t.scope, t.key],
        set: { failures, lastFailureAt: ts(at), blockedUntil: blockedUntilSql(failures, ts(at), policy) },
        setWhere: sql`${t.blockedUntil} IS NULL OR ${t.blockedUntil} <= ${ts(at)}`,
      })
      .returning({ failures: t.failures });
    return rows.length > 0;
  }

  /** Takes back one counted attempt, and the block it may have set. */
  async function uncount(scope: ThrottleScope, key: string) {
    const policy = policies[scope];
    const failures = sql`(${t.failures} - 1)`;
    await db
      .update(t)
      .set({ failures: sql`GREATEST(${failures}, 0)`, blockedUntil: blockedUntilSql(failures, sql`${t.lastFailureAt}`, policy) })
      .where(and(eq(t.scope, scope), eq(t.key, key), sql`${t.failures} > 0`));
  }

  // Rows quiet for longer than any policy remembers are dropped now and then (at most every 10
  // minutes per process), so that guesses at many accounts or from many addresses do not pile up.
  let prunedAt = -Infinity;
  async function maybePrune(at: Date) {
    if (at.getTime() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = at.getTime();
    await pruneSignInThrottle(db, at, policies);
  }

  return {
    async begin(attempt) {
      const at = now();
      await maybePrune(at);
      const waits = await Promise.all([blockedFor('account', attempt.account, at), blockedFor('address', attempt.address, at)]);
      const wait = Math.max(...waits);
      if (wait > 0) return { allowed: false, retryAfterSeconds: wait };
      if (!(await count('account', attempt.account, at))) {
        return { allowed: false, retryAfterSeconds: Math.max(1, await blockedFor('account', attempt.account, at)) };
      }
      if (!(await count('address', attempt.address, at))) {
        await uncount('account', attempt.account);
        return { allowed: false, retryAfterSeconds: Math.max(1, await blockedFor('address', attempt.address, at)) };
      }
      return { allowed: true };
    },
    async succeeded(attempt) {
      await db.delete(t).where(and(eq(t.scope, 'account'), eq(t.key, attempt.account)));
      await uncount('address', attempt.address);
    },
    async abandoned(attempt) {
      await uncount('account', attempt.account);
      await uncount('address', attempt.address);
    },
  };
}

const PRUNE_EVERY_MS = 10 * 60_000;

/** Drops rows that have been quiet for longer than any policy remembers. */
export async function pruneSignInThrottle(db: DbOrTx, at = new Date(), policies: Record<ThrottleScope, ThrottlePolicy> = DEFAULT_THROTTLE_POLICIES) {
  const longest = Math.max(...Object.values(policies).map((p) => Math.max(p.quietPeriodMs, p.maxDelayMs)));
  await db.delete(t).where(sql`${t.lastFailureAt} < ${ts(new Date(at.getTime() - longest))} AND (${t.blockedUntil} IS NULL OR ${t.blockedUntil} < ${ts(at)})`);
}

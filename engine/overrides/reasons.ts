// The override reasons an admin keeps: a short ordered list. Saving replaces the list as a whole;
// a reason left out becomes inactive, never deleted, so history and the report keep its label.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { recordAudit } from '../audit';
import { ValidationError, parseInput } from '../errors';
import type { Principal } from '../principal';

export const MAX_OVERRIDE_REASONS = 30;

export interface OverrideReason {
  code: string;
  label: string;
  needsText: boolean;
  active: boolean;
}

export const saveOverrideReasonsInput = z.object({
  reasons: z
    .array(
      z.object({
        /** Absent: a new reason. */
        code: z.string().trim().min(1).max(64).optional(),
        label: z.string().trim().min(2, 'A reason needs a label of at least 2 characters').max(80, 'At most 80 characters'),
        needsText: z.boolean().default(false),
      }),
    )
    .min(1, 'Keep at least one reason')
    .max(MAX_OVERRIDE_REASONS, `At most ${MAX_OVERRIDE_REASONS} reasons`),
});
export type SaveOverrideReasonsInput = z.input<typeof saveOverrideReasonsInput>;

/** The reasons in the admin's order; the inactive ones (left out of the list) only when asked. */
export async function listOverrideReasons(db: DbOrTx, options: { includeInactive?: boolean } = {}): Promise<OverrideReason[]> {
  const rows = await db
    .select({ code: s.overrideReasons.code, label: s.overrideReasons.label, needsText: s.overrideReasons.needsText, active: s.overrideReasons.active })
    .from(s.overrideReasons)
    .where(options.includeInactive ? undefined : eq(s.overrideReasons.active, true))
    .orderBy(asc(s.overrideReasons.position), asc(s.overrideReasons.label));
  return rows;
}

const slug = (label: string) =>
  label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48) || 'reason';

/** Replaces the active list with `reasons`, in their order; returns it. */
export async function saveOverrideReasons(db: Db, principal: Principal, raw: SaveOverrideReasonsInput): Promise<OverrideReason[]> {
  const input = parseInput(saveOverrideReasonsInput, raw);
  const seen = new Map<string, number>();
  input.reasons.forEach((r, i) => {
    const key = r.label.toLowerCase();
    if (seen.has(key)) throw new ValidationError(`Two reasons are called "${r.label}"`, { [`reasons.${i}.label`]: ['Already in the list'] });
    seen.set(key, i);
  });
  return db.transaction(async (tx) => {
    const before = await listOverrideReasons(tx, { includeInactive: true });
    const known = new Set(before.map((r) => r.code));
    const kept = new Set<string>();
    for (const [position, r] of input.reasons.entries()) {
      let code = r.code;
      if (code && !known.has(code)) throw new ValidationError(`No reason "${code}" to change`, { [`reasons.${position}.code`]: ['Unknown reason'] });
      if (!code) {
        const base = slug(r.label);
        code = base;
        for (let n = 2; known.has(code) || kept.has(code); n++) code = `${base}-${n}`;
      }
      kept.add(code);
      const values = { label: r.label, needsText: r.needsText, active: true, position: position + 1 };
      await tx.insert(s.overrideReasons).values({ code, ...values }).onConflictDoUpdate({ target: s.overrideReasons.code, set: values });
    }
    for (const r of before) {
      if (!kept.has(r.code) && r.active) await tx.update(s.overrideReasons).set({ active: false }).where(eq(s.overrideReasons.code, r.code));
    }
    const after = await listOverrideReasons(tx);
    await recordAudit(tx, principal, { action: 'override_reasons.update', entityType: 'override_reasons', entityId: null, before: before.filter((r) => r.active), after });
    return after;
  });
}

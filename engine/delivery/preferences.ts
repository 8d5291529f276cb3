// Each user's channels per kind of notification. A kind without a row takes the defaults
// (model.ts); saving a choice writes the whole row, so a later change of the defaults does not
// alter what a user chose.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { defaultChoice, NOTIFICATION_KINDS, type ChannelChoice } from './model';

export interface KindPreference extends ChannelChoice {
  kind: string;
  label: string;
  description: string;
  /** No row: the defaults apply. */
  isDefault: boolean;
}

const kindString = z
  .string()
  .trim()
  .min(1, 'Name the kind of notification')
  .max(60, 'A kind is at most 60 characters')
  .regex(/^[a-z][a-z0-9_]*$/, 'A kind is lower case letters, digits and underscores (such as "assigned")');

export const setPreferenceInput = z.object({
  kind: kindString,
  inApp: z.boolean(),
  push: z.boolean(),
  email: z.boolean(),
});
export type SetPreferenceInput = z.infer<typeof setPreferenceInput>;

/** The user's choice for every known kind (and for any other kind they once chose for). */
export async function listPreferences(db: DbOrTx, userId: string): Promise<KindPreference[]> {
  const rows = await db.select().from(s.notificationPreferences).where(eq(s.notificationPreferences.userId, userId));
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  const known = NOTIFICATION_KINDS.map((k) => {
    const row = byKind.get(k.kind);
    const choice = row ?? defaultChoice(k.kind);
    return { kind: k.kind, label: k.label, description: k.description, inApp: choice.inApp, push: choice.push, email: choice.email, isDefault: !row };
  });
  const others = rows
    .filter((r) => !NOTIFICATION_KINDS.some((k) => k.kind === r.kind))
    .map((r) => ({ kind: r.kind, label: r.kind, description: '', inApp: r.inApp, push: r.push, email: r.email, isDefault: false }));
  return [...known, ...others];
}

export async function setPreference(db: DbOrTx, userId: string, input: SetPreferenceInput): Promise<KindPreference[]> {
  const { kind, inApp, push, email } = setPreferenceInput.parse(input);
  await db
    .insert(s.notificationPreferences)
    .values({ userId, kind, inApp, push, email })
    .onConflictDoUpdate({
      target: [s.notificationPreferences.userId, s.notificationPreferences.kind],
      set: { inApp, push, email, updatedAt: sql`now()` },
    });
  return listPreferences(db, userId);
}

/** Back to the defaults for one kind. */
export async function resetPreference(db: DbOrTx, userId: string, kind: string): Promise<KindPreference[]> {
  await db
    .delete(s.notificationPreferences)
    .where(and(eq(s.notificationPreferences.userId, userId), eq(s.notificationPreferences.kind, kindString.parse(kind))));
  return listPreferences(db, userId);
}

/** SQL true for a notification row the recipient turned the in-app list off for (its kind). */
export function hiddenInApp(recipientId: typeof s.notifications.recipientId, kind: typeof s.notifications.kind) {
  return sql`EXISTS (SELECT 1 FROM ${s.notificationPreferences} p WHERE p.user_id = ${recipientId} AND p.kind = ${kind} AND NOT p.in_app)`;
}

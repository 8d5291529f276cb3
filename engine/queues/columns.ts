// The to-do list's displayed fields, chosen and ordered per user (user_settings, key 'todo.columns').
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';

export const TODO_COLUMNS_KEY = 'todo.columns';

import { TODO_COLUMNS, type TodoColumn } from './column-catalog';

export { TODO_COLUMNS, type TodoColumn };
const IDS = TODO_COLUMNS.map((c) => c.id) as [TodoColumn, ...TodoColumn[]];

export const DEFAULT_TODO_COLUMNS: TodoColumn[] = ['number', 'title', 'customer', 'priority', 'category', 'region', 'queue', 'waiting', 'slaDue'];

export const columnsInput = z.object({
  columns: z
    .array(z.enum(IDS))
    .min(1, 'Choose at least one field')
    .max(IDS.length)
    .refine((c) => new Set(c).size === c.length, 'Each field once'),
});

export async function getTodoColumns(db: DbOrTx, userId: string): Promise<{ columns: TodoColumn[]; saved: boolean }> {
  const [row] = await db
    .select({ value: s.userSettings.value })
    .from(s.userSettings)
    .where(and(eq(s.userSettings.userId, userId), eq(s.userSettings.key, TODO_COLUMNS_KEY)));
  const parsed = columnsInput.safeParse({ columns: row?.value });
  return parsed.success ? { columns: parsed.data.columns, saved: true } : { columns: DEFAULT_TODO_COLUMNS, saved: false };
}

export async function setTodoColumns(db: DbOrTx, userId: string, raw: z.input<typeof columnsInput>) {
  const { columns } = columnsInput.parse(raw);
  await db
    .insert(s.userSettings)
    .values({ userId, key: TODO_COLUMNS_KEY, value: columns })
    .onConflictDoUpdate({ target: [s.userSettings.userId, s.userSettings.key], set: { value: columns, updatedAt: new Date() } });
  return { columns, saved: true };
}

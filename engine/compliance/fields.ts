// The admin's declarations: each category's compliance fields, saved as a whole list (fields kept
// by id keep their values; a field left out is removed, its entries staying in the history).
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { recordAudit, type AuditActor } from '../audit';
import { ValidationError, parseInput } from '../errors';
import { categoryFieldsInput, type CategoryFieldsInput, type ComplianceFieldDef } from './model';

const toDef = (r: typeof s.complianceFields.$inferSelect): ComplianceFieldDef & { category: string; position: number } => ({
  id: r.id,
  category: r.category,
  label: r.label,
  kind: r.kind,
  required: r.required,
  unit: r.unit,
  min: r.min,
  max: r.max,
  position: r.position,
});

/** A category's fields in their order. */
export async function fieldsOfCategory(db: DbOrTx, category: string): Promise<ComplianceFieldDef[]> {
  const rows = await db.select().from(s.complianceFields).where(eq(s.complianceFields.category, category)).orderBy(asc(s.complianceFields.position));
  return rows.map(toDef);
}

/** Every category's fields, by category (alphabetical) and position. */
export async function listComplianceFields(db: DbOrTx): Promise<{ category: string; fields: ComplianceFieldDef[] }[]> {
  const rows = await db.select().from(s.complianceFields).orderBy(asc(s.complianceFields.category), asc(s.complianceFields.position));
  const by = new Map<string, ComplianceFieldDef[]>();
  for (const r of rows) {
    const list = by.get(r.category) ?? [];
    list.push(toDef(r));
    by.set(r.category, list);
  }
  return [...by].map(([category, fields]) => ({ category, fields }));
}

/** Replaces one category's fields with the list given (an empty list: no compliance fields). */
export async function saveCategoryFields(db: Db, raw: CategoryFieldsInput, actor: AuditActor | null): Promise<ComplianceFieldDef[]> {
  const input = parseInput(categoryFieldsInput, raw);
  return db.transaction(async (tx) => {
    const f = s.complianceFields;
    const before = await fieldsOfCategory(tx, input.category);
    const known = new Set(before.map((x) => x.id));
    input.fields.forEach((field, i) => {
      if (field.id && !known.has(field.id)) {
        throw new ValidationError(`fields.${i}: this field is no longer in ${input.category}; reload and try again`, { [`fields.${i}.label`]: ['Removed meanwhile'] });
      }
    });
    const keep = input.fields.flatMap((x) => (x.id ? [x.id] : []));
    await tx.delete(f).where(and(eq(f.category, input.category), keep.length ? notInArray(f.id, keep) : undefined));
    // Labels are unique per category: move the kept ones out of the way before renaming any.
    if (keep.length) await tx.update(f).set({ label: sql`'(renaming) ' || ${f.id}` }).where(inArray(f.id, keep));
    const now = new Date();
    for (const [position, field] of input.fields.entries()) {
      const values = { label: field.label, kind: field.kind, required: field.required, unit: field.unit, min: field.min, max: field.max, position, updatedAt: now };
      if (field.id) await tx.update(f).set(values).where(eq(f.id, field.id));
      else await tx.insert(f).values({ category: input.category, ...values });
    }
    const after = await fieldsOfCategory(tx, input.category);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await recordAudit(tx, actor, { action: 'compliance_field.update', entityType: 'compliance_field', entityId: input.category, before, after });
    }
    return after;
  });
}

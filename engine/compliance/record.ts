// Entering compliance values, reading them, and the check completion makes. An entry is recorded
// in one transaction with its history event (`compliance_recorded`, data.compliance in the shape
// server/document/compliance.ts reads); the order row is locked meanwhile, so an entry and a
// completion of the same order never pass each other.
import { desc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { ConflictError, ForbiddenError, ValidationError, parseInput } from '../errors';
import { holdersOf, orderNotFound, withScope } from '../orders/scope';
import type { Principal } from '../principal';
import { fieldsOfCategory } from './fields';
import { decodeImage } from './images';
import {
  TEXT_VALUE_MAX,
  completionProblems,
  completionRefusal,
  rangeProblem,
  recordComplianceInput,
  type ComplianceEntryInput,
  type ComplianceFieldDef,
  type LatestValue,
} from './model';
import { storePhoto } from './photos';

export interface ComplianceDeps {
  db: Db;
  now(): Date;
}

/** Orders in these states take entries: accepted or being worked on, until completed. */
const OPEN_FOR_ENTRIES: readonly s.OrderStatus[] = ['accepted', 'in_progress'];

/** Whether this principal is one of the order's engineers (owner or collaborator). */
const isOrderEngineer = (p: Principal, row: s.OrderRow) =>
  (p.role === 'engineer' || p.role === 'provider_engineer') && p.engineerId !== null && holdersOf(row).engineers.includes(p.engineerId);

/** Each field's latest entry on the order (highest id wins). */
async function latestValues(db: DbOrTx, orderId: string) {
  const v = s.complianceValues;
  const rows = await db
    .selectDistinctOn([v.fieldId], { fieldId: v.fieldId, value: v.value, photoId: v.photoId, enteredBy: v.enteredBy, enteredAt: v.enteredAt, byName: s.users.name })
    .from(v)
    .leftJoin(s.users, eq(s.users.id, v.enteredBy))
    .where(eq(v.orderId, orderId))
    .orderBy(v.fieldId, desc(v.id));
  return new Map(rows.map((r) => [r.fieldId, r]));
}

/** The value to store for an entry, checked against its field's kind. */
function storedValue(field: ComplianceFieldDef, entry: ComplianceEntryInput): { value: boolean | number | string | null; image: ReturnType<typeof decodeImage> | null } {
  const { value, signedAs } = entry;
  const wrong = (what: string) => new ValidationError(`${field.label}: ${what}`);
  if (signedAs !== undefined && (field.kind !== 'signature' || value === null)) throw wrong("a typed signer's name goes with a signature's image");
  if (value === null) return { value: null, image: null };
  switch (field.kind) {
    case 'checkbox':
      if (typeof value !== 'boolean') throw wrong('a checklist item is ticked or not (true or false)');
      return { value, image: null };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong('a reading is a number');
      return { value, image: null };
    case 'text': {
      if (typeof value !== 'string') throw wrong('a text');
      const text = value.trim();
      if (text.length > TEXT_VALUE_MAX) throw wrong(`at most ${TEXT_VALUE_MAX} characters`);
      return { value: text || null, image: null };
    }
    case 'photo':
    case 'signature':
      if (typeof value !== 'string') throw wrong('an image');
      // A typed signature keeps the name typed beside its image (the image is what counts).
      return { value: signedAs ?? null, image: decodeImage(field.label, value) };
  }
}

export interface RecordResult {
  /** Entries recorded by this call. */
  recorded: string[];
  /** Entries already recorded by an earlier send (nothing written again). */
  alreadyRecorded: string[];
}

/**
 * Records an engineer's entries on their order. Only the order's engineer and its collaborators
 * enter values, while it is accepted or in progress. An entry whose clientEntryId was recorded
 * before is skipped (a resend from the phone's outbox), so nothing is ever recorded twice.
 */
export async function recordCompliance(deps: ComplianceDeps, principal: Principal, raw: unknown): Promise<RecordResult> {
  const input = parseInput(recordComplianceInput, raw);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(s.workOrders).where(withScope(principal, eq(s.workOrders.id, input.orderId))).for('update');
    if (!row) throw orderNotFound(input.orderId);
    if (!isOrderEngineer(principal, row)) throw new ForbiddenError(`Only the engineers of order ${row.number} enter its compliance fields`);

    const ids = input.entries.map((e) => e.clientEntryId);
    const known = await tx
      .select({ clientEntryId: s.complianceValues.clientEntryId, orderId: s.complianceValues.orderId, fieldId: s.complianceValues.fieldId })
      .from(s.complianceValues)
      .where(inArray(s.complianceValues.clientEntryId, ids));
    const knownById = new Map(known.map((k) => [k.clientEntryId, k]));
    const seen = new Set<string>();
    const fresh: ComplianceEntryInput[] = [];
    const alreadyRecorded: string[] = [];
    for (const e of input.entries) {
      const k = knownById.get(e.clientEntryId);
      if (k && (k.orderId !== row.id || k.fieldId !== e.fieldId)) throw new ConflictError(`Entry id ${e.clientEntryId} was used for another field`);
      if (k || seen.has(e.clientEntryId)) alreadyRecorded.push(e.clientEntryId);
      else fresh.push(e);
      seen.add(e.clientEntryId);
    }
    if (!fresh.length) return { recorded: [], alreadyRecorded };
    if (!OPEN_FOR_ENTRIES.includes(row.status)) {
      throw new ConflictError(`Order ${row.number} is ${row.status.replace('_', ' ')}: compliance fields are entered once it is accepted, until it is completed`);
    }

    const fields = new Map((await fieldsOfCategory(tx, row.category)).map((f) => [f.id, f]));
    const now = deps.now();
    const history: Record<string, unknown>[] = [];
    const values: (typeof s.complianceValues.$inferInsert)[] = [];
    for (const e of fresh) {
      const field = fields.get(e.fieldId);
      if (!field) throw new ValidationError(`"${e.fieldId}" is not a compliance field of ${row.category} orders`, { [e.clientEntryId]: ['Not a field of this order'] });
      let stored;
      try {
        stored = storedValue(field, e);
      } catch (error) {
        if (error instanceof ValidationError) throw new ValidationError(error.message, { [e.clientEntryId]: [error.message] });
        throw error;
      }
      const photoId = stored.image
        ? await storePhoto(tx, { orderId: row.id, contentType: stored.image.contentType, bytes: stored.image.bytes, createdBy: principal.id, createdAt: now })
        : null;
      values.push({
        orderId: row.id,
        fieldId: field.id,
        value: stored.value,
        photoId,
        clientEntryId: e.clientEntryId,
        enteredBy: principal.id,
        enteredAt: now,
      });
      history.push({
        fieldId: field.id,
        label: field.label,
        kind: field.kind,
        // An image's value is its photo; a typed signature's name is `signedAs`.
        value: stored.image ? null : stored.value,
        ...(field.unit ? { unit: field.unit } : {}),
        ...(photoId ? { photoId } : {}),
        ...(stored.image && typeof stored.value === 'string' ? { signedAs: stored.value } : {}),
      });
    }
    // Every value of the call in one statement, in the order entered.
    await tx.insert(s.complianceValues).values(values);
    await tx.insert(s.orderEvents).values({
      orderId: row.id,
      type: 'compliance_recorded',
      actorType: 'user',
      actorId: principal.id,
      nodeId: row.currentNodeId,
      data: { compliance: history },
      createdAt: now,
    });
    return { recorded: fresh.map((e) => e.clientEntryId), alreadyRecorded };
  });
}

export interface OrderComplianceField extends ComplianceFieldDef {
  latest: (LatestValue & { enteredAt: Date; enteredBy: string; enteredByName: string | null }) | null;
  /** A reading outside the field's range, in words. */
  problem: string | null;
}

/** An order's compliance fields with their latest values, for whoever may see the order. */
export async function getOrderCompliance(db: DbOrTx, principal: Principal, orderId: string) {
  const [row] = await db.select().from(s.workOrders).where(withScope(principal, eq(s.workOrders.id, orderId)));
  if (!row) throw orderNotFound(orderId);
  const [fields, latest] = await Promise.all([fieldsOfCategory(db, row.category), latestValues(db, row.id)]);
  const withValues: OrderComplianceField[] = fields.map((f) => {
    const l = latest.get(f.id);
    const value = l ? { value: l.value ?? null, photoId: l.photoId } : undefined;
    return {
      ...f,
      latest: l ? { value: l.value ?? null, photoId: l.photoId, enteredAt: l.enteredAt, enteredBy: l.enteredBy, enteredByName: l.byName } : null,
      problem: rangeProblem(f, value),
    };
  });
  const problems = completionProblems(fields, new Map([...latest].map(([id, l]) => [id, { value: l.value ?? null, photoId: l.photoId }])));
  return {
    orderId: row.id,
    number: row.number,
    category: row.category,
    status: row.status,
    /** Whether this caller may enter values now. */
    canEnter: isOrderEngineer(principal, row) && OPEN_FOR_ENTRIES.includes(row.status),
    fields: withValues,
    refusal: completionRefusal(row.number, problems),
  };
}

/**
 * Completion's check, inside its transaction: the order row locked (so no entry lands between the
 * check and the completion), then every required field filled and every reading in range, or a
 * ValidationError naming the fields ("Cannot complete WO-1: missing Pressure reading, …").
 */
export async function assertCompletable(tx: Tx, row: Pick<s.OrderRow, 'id' | 'number' | 'category'>): Promise<void> {
  await tx.select({ id: s.workOrders.id }).from(s.workOrders).where(eq(s.workOrders.id, row.id)).for('update');
  const fields = await fieldsOfCategory(tx, row.category);
  if (!fields.length) return;
  const latest = await latestValues(tx, row.id);
  const problems = completionProblems(fields, new Map([...latest].map(([id, l]) => [id, { value: l.value ?? null, photoId: l.photoId }])));
  const refusal = completionRefusal(row.number, problems);
  // The message alone (no field errors): it is what the engineer's page shows, naming every field.
  if (refusal) throw new ValidationError(refusal);
}

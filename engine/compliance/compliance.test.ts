// Compliance fields on the database, by the engine's own functions and the demo company's people:
// the admin's declarations (validated), entries by the order's engineer only, photos checked by
// their content and size, a resend from the phone recorded once, and completion refused with the
// missing fields and out-of-range readings named, until they are filled. PGlite, or Postgres with
// TEST_DATABASE_URL.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { acceptOrder, assignOrder, completeWork, createEngine, createOrder, startWork, type Engine, type NewOrderInput, type OrderRow } from '../dispatch';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { Principal } from '../principal';
import { principalByEmail, testOrder } from '../testing';
import { BOILER_FIELDS } from './testing';
import { PHOTO_MAX_BYTES, type CategoryFieldsInput, getOrderCompliance, loadPhotos, recordCompliance, saveCategoryFields, sniffImage, type ComplianceFieldDef } from '.';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
/** The error a call is refused with (the test fails if it is not refused). */
async function failure(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to be refused');
}
const dataUrl = (bytes: Uint8Array, type = 'image/png') => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;

const order = (over: Partial<NewOrderInput> = {}) => testOrder({ title: 'Boiler service', category: 'Boiler', ...over });

describe('compliance fields', () => {
  let db: TestDatabase;
  let engine: Engine;
  let p: Record<'admin' | 'dispatcher' | 'gina' | 'ana' | 'kai', Principal>;
  let fields: ComplianceFieldDef[];
  let n = 0;
  const entryId = () => `entry-${Date.now()}-${++n}`;
  const field = (label: string) => fields.find((f) => f.label === label)!;
  const entry = (label: string, value: boolean | number | string | null, clientEntryId = entryId()) => ({ clientEntryId, fieldId: field(label).id, value });
  const ref = (o: OrderRow) => ({ orderId: o.id, version: o.version });
  const reload = async (o: OrderRow) => (await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, o.id)))[0];
  const eventsOf = async (o: OrderRow) =>
    db.db.select().from(s.orderEvents).where(and(eq(s.orderEvents.orderId, o.id), eq(s.orderEvents.type, 'compliance_recorded'))).orderBy(asc(s.orderEvents.id));

  /** A Boiler order assigned to Ana, accepted (and started unless told not to). */
  async function anasOrder(opts: { start?: boolean; accept?: boolean } = {}) {
    let o = (await createOrder(engine, { type: 'user', principal: p.dispatcher }, order())).order;
    o = await assignOrder(engine, p.dispatcher, { ...ref(o), assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
    o = await assignOrder(engine, p.gina, { ...ref(o), assignee: { type: 'engineer', id: p.ana.engineerId! }, collaboratorIds: [] });
    if (opts.accept === false) return o;
    o = await acceptOrder(engine, p.ana, ref(o));
    return opts.start === false ? o : startWork(engine, p.ana, ref(o));
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    const byEmail = (email: string) => principalByEmail(db.db, email);
    p = {
      admin: await byEmail('admin@hudson.example'),
      dispatcher: await byEmail('dispatcher@hudson.example'),
      gina: await byEmail('group.dispatcher@hudson.example'),
      ana: await byEmail('engineer@hudson.example'),
      kai: await byEmail('provider.engineer@coolfix.example'),
    };
    fields = await saveCategoryFields(db.db, BOILER_FIELDS, p.admin);
  });
  afterAll(() => db?.dispose());

  describe('declaring', () => {
    it('keeps the fields in the order given, and refuses bad declarations with the field named', async () => {
      expect(fields.map((f) => [f.label, f.kind, f.required, f.unit, f.min, f.max])).toEqual([
        ['Safety check done', 'checkbox', true, null, null, null],
        ['Pressure reading', 'number', true, 'bar', 1, 3],
        ['Notes', 'text', false, null, null, null],
        ['Photo of the boiler', 'photo', true, null, null, null],
        ['Customer signature', 'signature', true, null, null, null],
      ]);
      const refused = async (list: CategoryFieldsInput['fields']) => {
        const error = await failure(saveCategoryFields(db.db, { category: 'Boiler', fields: list }, p.admin));
        expect(error).toBeInstanceOf(ValidationError);
        return error as ValidationError;
      };
      expect((await refused([{ label: 'Pressure', kind: 'number', min: 5, max: 2 }])).fieldErrors).toEqual({ 'fields.0.max': ['The maximum (2) is below the minimum (5)'] });
      expect((await refused([{ label: 'Done', kind: 'checkbox', unit: 'bar' }])).fieldErrors).toEqual({ 'fields.0.unit': ['Only a reading (number) has a unit and a range'] });
      expect((await refused([{ label: 'A', kind: 'text' }, { label: 'a', kind: 'text' }])).fieldErrors).toEqual({ 'fields.1.label': ['"a" is listed twice'] });
      expect((await refused([{ label: '  ', kind: 'text' }])).fieldErrors).toEqual({ 'fields.0.label': ['The label is required'] });
      // Nothing changed by the refusals.
      expect((await getOrderCompliance(db.db, p.admin, (await anasOrder({ accept: false })).id)).fields.map((f) => f.id)).toEqual(fields.map((f) => f.id));
    });

    it('keeps a field by id through a rename and a reorder, and writes the change to the audit log', async () => {
      await saveCategoryFields(db.db, { category: 'Kiosk', fields: [{ label: 'One', kind: 'checkbox' }, { label: 'Two', kind: 'text' }] }, p.admin);
      const [two, one] = await saveCategoryFields(db.db, { category: 'Kiosk', fields: [{ label: 'Two', kind: 'text' }, { label: 'One', kind: 'checkbox' }] }, p.admin);
      const renamed = await saveCategoryFields(db.db, { category: 'Kiosk', fields: [{ id: two.id, label: 'One', kind: 'checkbox' }, { id: one.id, label: 'Two', kind: 'text' }] }, p.admin);
      expect(renamed.map((f) => [f.id, f.label])).toEqual([[two.id, 'One'], [one.id, 'Two']]);
      const audit = await db.db.select().from(s.auditLog).where(eq(s.auditLog.entityId, 'Kiosk'));
      expect(audit.map((a) => [a.action, a.entityType])).toContainEqual(['compliance_field.update', 'compliance_field']);
    });
  });

  describe('completing', () => {
    it('is refused with the missing fields named, then with the reading out of range, and succeeds once all are filled', async () => {
      let o = await anasOrder();
      const missing = await failure(completeWork(engine, p.ana, ref(o)));
      expect([missing.constructor, missing.message]).toEqual([ValidationError, `Cannot complete ${o.number}: missing Safety check done, Pressure reading, Photo of the boiler, Customer signature`]);
      expect((await reload(o)).status).toBe('in_progress');

      await recordCompliance(engine, p.ana, {
        orderId: o.id,
        entries: [entry('Safety check done', true), entry('Pressure reading', 4.5), entry('Photo of the boiler', dataUrl(JPEG, 'text/plain'))],
      });
      const refused = await failure(completeWork(engine, p.ana, ref(o)));
      expect(refused).toBeInstanceOf(ValidationError);
      expect(refused.message).toBe(`Cannot complete ${o.number}: missing Customer signature; Pressure reading 4.5 bar is above the maximum 3 bar`);
      const view = await getOrderCompliance(db.db, p.dispatcher, o.id);
      expect(view.fields.find((f) => f.label === 'Pressure reading')!.problem).toBe('4.5 bar is above the maximum 3 bar');
      expect(view.canEnter).toBe(false); // a dispatcher reads, never enters

      // A ticked box unticked is missing again; the latest value counts.
      await recordCompliance(engine, p.ana, { orderId: o.id, entries: [entry('Pressure reading', 0.5), entry('Safety check done', false)] });
      await expect(completeWork(engine, p.ana, ref(o))).rejects.toThrow(
        `Cannot complete ${o.number}: missing Safety check done, Customer signature; Pressure reading 0.5 bar is below the minimum 1 bar`,
      );
      await recordCompliance(engine, p.ana, {
        orderId: o.id,
        entries: [entry('Pressure reading', 2.2), entry('Safety check done', true), entry('Customer signature', dataUrl(PNG)), entry('Notes', '  Flue cleaned.  ')],
      });
      const ready = await getOrderCompliance(db.db, p.ana, o.id);
      expect([ready.refusal, ready.canEnter]).toEqual([null, true]);
      expect(ready.fields.map((f) => [f.label, f.latest?.value ?? null, f.latest?.photoId ? 'photo' : null, f.latest?.enteredByName])).toEqual([
        ['Safety check done', true, null, 'Ana Ruiz'],
        ['Pressure reading', 2.2, null, 'Ana Ruiz'],
        ['Notes', 'Flue cleaned.', null, 'Ana Ruiz'],
        ['Photo of the boiler', null, 'photo', 'Ana Ruiz'],
        ['Customer signature', null, 'photo', 'Ana Ruiz'],
      ]);
      o = await completeWork(engine, p.ana, ref(await reload(o)));
      expect(o.status).toBe('completed');

      // Every entry is in the history, in the shape the work-order document reads.
      const history = await eventsOf(o);
      expect(history).toHaveLength(3);
      expect(history.every((e) => e.actorId === p.ana.id && e.actorType === 'user')).toBe(true);
      expect((history[2].data.compliance as { label: string; value: unknown; unit?: string }[]).map((e) => [e.label, e.value, e.unit])).toEqual([
        ['Pressure reading', 2.2, 'bar'],
        ['Safety check done', true, undefined],
        ['Customer signature', null, undefined],
        ['Notes', 'Flue cleaned.', undefined],
      ]);
      const photoId = (history[2].data.compliance as { photoId?: string }[])[2].photoId!;
      const photos = await loadPhotos(db.db, [photoId]);
      expect([photos.get(photoId)?.contentType, Buffer.from(photos.get(photoId)!.bytes).equals(PNG)]).toEqual(['image/png', true]);

      // Completed: nothing more is entered.
      const late = await failure(recordCompliance(engine, p.ana, { orderId: o.id, entries: [entry('Notes', 'late')] }));
      expect([late.constructor, late.message]).toEqual([ConflictError, `Order ${o.number} is completed: compliance fields are entered once it is accepted, until it is completed`]);
    });

    it('completes an order of a category without compliance fields as before', async () => {
      let o = (await createOrder(engine, { type: 'user', principal: p.dispatcher }, order({ category: 'Plumbing' }))).order;
      o = await assignOrder(engine, p.dispatcher, { ...ref(o), assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
      o = await assignOrder(engine, p.gina, { ...ref(o), assignee: { type: 'engineer', id: p.ana.engineerId! }, collaboratorIds: [] });
      o = await startWork(engine, p.ana, ref(await acceptOrder(engine, p.ana, ref(o))));
      expect((await completeWork(engine, p.ana, ref(o))).status).toBe('completed');
    });
  });

  describe('entering', () => {
    it('is for the order’s engineers only, once accepted', async () => {
      const assigned = await anasOrder({ accept: false });
      await expect(recordCompliance(engine, p.ana, { orderId: assigned.id, entries: [entry('Notes', 'x')] })).rejects.toBeInstanceOf(ConflictError);
      const o = await anasOrder({ start: false });
      // Another engineer does not see the order at all; a dispatcher sees it but does not enter.
      await expect(recordCompliance(engine, p.kai, { orderId: o.id, entries: [entry('Notes', 'x')] })).rejects.toBeInstanceOf(NotFoundError);
      await expect(getOrderCompliance(db.db, p.kai, o.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(recordCompliance(engine, p.dispatcher, { orderId: o.id, entries: [entry('Notes', 'x')] })).rejects.toBeInstanceOf(ForbiddenError);
      // Accepted is enough (an engineer may tick the checklist before starting).
      expect((await recordCompliance(engine, p.ana, { orderId: o.id, entries: [entry('Notes', 'x')] })).recorded).toHaveLength(1);
    });

    it('checks each value against its field’s kind, naming the field', async () => {
      const o = await anasOrder();
      const refusal = (value: boolean | number | string | null, label: string) =>
        failure(recordCompliance(engine, p.ana, { orderId: o.id, entries: [entry(label, value)] })).then((e) => e.message);
      expect(await refusal('yes', 'Safety check done')).toBe('Safety check done: a checklist item is ticked or not (true or false)');
      expect(await refusal('2.2', 'Pressure reading')).toBe('Pressure reading: a reading is a number');
      expect(await refusal(true, 'Customer signature')).toBe('Customer signature: an image');
      expect(await refusal('x'.repeat(2001), 'Notes')).toBe('Notes: at most 2000 characters');
      const other = await failure(recordCompliance(engine, p.ana, { orderId: o.id, entries: [{ clientEntryId: entryId(), fieldId: 'not-a-field', value: true }] }));
      expect(other.message).toBe('"not-a-field" is not a compliance field of Boiler orders');
      expect(await eventsOf(o)).toHaveLength(0);
    });

    it('takes photos by their content (PNG, JPEG, WebP) up to 5 MB, whatever the declared type', async () => {
      const o = await anasOrder();
      const record = (url: string) => recordCompliance(engine, p.ana, { orderId: o.id, entries: [entry('Photo of the boiler', url)] });
      const photo = (url: string) => failure(record(url));
      const html = Buffer.from('<html><script>alert(1)</script></html>');
      expect((await photo(dataUrl(html, 'image/png'))).message).toBe('Photo of the boiler: this file is not a PNG, JPEG or WebP image (checked by its content)');
      expect((await photo(dataUrl(Buffer.from('GIF89a\x01\x00\x01\x00'), 'image/gif'))).message).toContain('not a PNG, JPEG or WebP image');
      expect((await photo('https://example.com/photo.png')).message).toBe('Photo of the boiler: send the image as a base64 data URL (data:image/png;base64,…)');
      const big = new Uint8Array(PHOTO_MAX_BYTES + 1);
      big.set(PNG.subarray(0, 8));
      expect((await photo(dataUrl(big))).message).toBe('Photo of the boiler: the image is larger than 5 MB (5,242,881 bytes)');
      // Far larger is refused by the input's bound before it is decoded.
      expect((await photo(dataUrl(new Uint8Array(6 * 1024 * 1024)))).message).toBe('entries.0.value: The image is larger than 5 MB');
      const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
      expect(sniffImage(webp)).toBe('image/webp');
      expect(await record(dataUrl(webp, 'application/octet-stream'))).toMatchObject({ recorded: [expect.any(String)] });
      const stored = await db.db.select().from(s.compliancePhotos).where(eq(s.compliancePhotos.orderId, o.id));
      expect(stored.map((r) => [r.contentType, r.byteSize, r.file])).toEqual([['image/webp', webp.length, null]]);
    });

    it('takes a signature typed instead of drawn: its image is what counts, the name typed is recorded with it', async () => {
      const o = await anasOrder();
      const typed = { ...entry('Customer signature', dataUrl(PNG)), signedAs: '  Marta Nowak ' };
      expect((await recordCompliance(engine, p.ana, { orderId: o.id, entries: [typed] })).recorded).toEqual([typed.clientEntryId]);
      const signature = (await getOrderCompliance(db.db, p.ana, o.id)).fields.find((f) => f.label === 'Customer signature')!;
      expect(signature.latest).toMatchObject({ value: 'Marta Nowak', photoId: expect.any(String) });
      const [event] = await eventsOf(o);
      expect(event.data.compliance).toEqual([
        { fieldId: field('Customer signature').id, label: 'Customer signature', kind: 'signature', value: null, photoId: signature.latest!.photoId, signedAs: 'Marta Nowak' },
      ]);
      // The image is still checked by its content; a name alone, or on another kind of field, is refused.
      const refused = (e: object) => failure(recordCompliance(engine, p.ana, { orderId: o.id, entries: [e as typeof typed] })).then((x) => x.message);
      expect(await refused({ ...entry('Customer signature', dataUrl(Buffer.from('<svg/>'))), signedAs: 'Marta Nowak' })).toContain('not a PNG, JPEG or WebP image');
      expect(await refused({ ...entry('Customer signature', null), signedAs: 'Marta Nowak' })).toBe("Customer signature: a typed signer's name goes with a signature's image");
      expect(await refused({ ...entry('Photo of the boiler', dataUrl(PNG)), signedAs: 'Marta Nowak' })).toBe("Photo of the boiler: a typed signer's name goes with a signature's image");
      expect(await refused({ ...entry('Customer signature', dataUrl(PNG)), signedAs: '   ' })).toContain("The signer's name is required");
      // A drawn signature records no name.
      await recordCompliance(engine, p.ana, { orderId: o.id, entries: [entry('Customer signature', dataUrl(PNG))] });
      expect((await getOrderCompliance(db.db, p.ana, o.id)).fields.find((f) => f.label === 'Customer signature')!.latest!.value).toBeNull();
      expect((await eventsOf(o)).at(-1)!.data.compliance).toEqual([expect.not.objectContaining({ signedAs: expect.anything() })]);
    });

    it('records a resent entry once: the same entry id twice, or in one batch, is one value and one history event', async () => {
      const o = await anasOrder();
      const sent = entry('Pressure reading', 2);
      const first = await recordCompliance(engine, p.ana, { orderId: o.id, entries: [sent, entry('Notes', 'offline note')] });
      expect([first.recorded.length, first.alreadyRecorded]).toEqual([2, []]);
      const again = await recordCompliance(engine, p.ana, { orderId: o.id, entries: [sent] });
      expect(again).toEqual({ recorded: [], alreadyRecorded: [sent.clientEntryId] });
      const twice = entry('Pressure reading', 2.5);
      expect(await recordCompliance(engine, p.ana, { orderId: o.id, entries: [twice, twice] })).toEqual({ recorded: [twice.clientEntryId], alreadyRecorded: [twice.clientEntryId] });
      // Concurrent resends (the phone retrying while the first send is still in flight).
      const raced = entry('Notes', 'raced');
      const results = await Promise.allSettled([1, 2, 3].map(() => recordCompliance(engine, p.ana, { orderId: o.id, entries: [raced] })));
      expect(results.filter((r) => r.status === 'fulfilled').flatMap((r) => (r as PromiseFulfilledResult<{ recorded: string[] }>).value.recorded)).toEqual([raced.clientEntryId]);
      const values = await db.db.select().from(s.complianceValues).where(eq(s.complianceValues.orderId, o.id));
      expect(values.map((v) => v.clientEntryId).sort()).toEqual([sent.clientEntryId, first.recorded[1], twice.clientEntryId, raced.clientEntryId].sort());
      expect(await eventsOf(o)).toHaveLength(3);
      // An entry id is one entry: reusing it for another field is refused.
      await expect(recordCompliance(engine, p.ana, { orderId: o.id, entries: [{ ...sent, fieldId: field('Notes').id }] })).rejects.toThrow('was used for another field');
    });

    it('keeps photos in COMPLIANCE_PHOTO_DIR when it is set', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'compliance-photos-'));
      process.env.COMPLIANCE_PHOTO_DIR = dir;
      try {
        const o = await anasOrder();
        await recordCompliance(engine, p.ana, { orderId: o.id, entries: [entry('Customer signature', dataUrl(PNG))] });
        const [row] = await db.db.select().from(s.compliancePhotos).where(eq(s.compliancePhotos.orderId, o.id));
        expect([row.data, readdirSync(dir)]).toEqual([null, [row.file]]);
        expect(existsSync(join(dir, row.file!))).toBe(true);
        expect(Buffer.from((await loadPhotos(db.db, [row.id])).get(row.id)!.bytes).equals(PNG)).toBe(true);
      } finally {
        delete process.env.COMPLIANCE_PHOTO_DIR;
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

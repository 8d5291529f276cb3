// The compliance values engineers entered (engine/compliance) as the work-order PDF shows them,
// read back from the PDF: each field's latest value with its unit, the photo and the signature
// drawn as images, a WebP photo named (a PDF embeds only PNG and JPEG), and the entries in the
// history. Photos of another order are never drawn, whatever an event says.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { recordCompliance, saveCategoryFields } from '../../engine/compliance';
import { acceptOrder, assignOrder, completeWork, createEngine, createOrder, startWork, type Engine, type OrderRow } from '../../engine/dispatch';
import type { Principal } from '../../engine/principal';
import { testOrder } from '../../engine/testing';
import { BOILER_FIELDS } from '../../engine/compliance/testing';
import { demoPrincipal } from '../testing/principals';
import { buildWorkOrderDocument, loadDocumentRows, renderWorkOrderPdf } from '.';
import { readPdf } from './pdf-text';
import { complianceValues } from './compliance';
import { describeEvent } from '../../components/orders/order-detail/history-text';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const WEBP = `data:image/webp;base64,${Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 ')]).toString('base64')}`;

const newOrder = testOrder({ title: 'Boiler service', category: 'Boiler' });

describe('compliance values in the work-order PDF', () => {
  let db: TestDatabase;
  let engine: Engine;
  let p: Record<'admin' | 'dispatcher' | 'gina' | 'ana', Principal>;
  let o: OrderRow;
  const ref = (x: OrderRow) => ({ orderId: x.id, version: x.version });

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    p = {
      admin: await demoPrincipal(db.db, 'admin'),
      dispatcher: await demoPrincipal(db.db, 'dispatcher'),
      gina: await demoPrincipal(db.db, 'group_dispatcher'),
      ana: await demoPrincipal(db.db, 'engineer'),
    };
    // The Boiler fields, and an optional second photo.
    const fields = await saveCategoryFields(db.db, { ...BOILER_FIELDS, fields: [...BOILER_FIELDS.fields, { label: 'Flue photo', kind: 'photo', required: false }] }, p.admin);
    const id = (label: string) => fields.find((f) => f.label === label)!.id;
    o = (await createOrder(engine, { type: 'user', principal: p.dispatcher }, newOrder)).order;
    o = await assignOrder(engine, p.dispatcher, { ...ref(o), assignee: { type: 'service_group', id: 'sg-north' }, collaboratorIds: [] });
    o = await assignOrder(engine, p.gina, { ...ref(o), assignee: { type: 'engineer', id: p.ana.engineerId! }, collaboratorIds: [] });
    o = await startWork(engine, p.ana, ref(await acceptOrder(engine, p.ana, ref(o))));
    let n = 0;
    const e = (label: string, value: boolean | number | string) => ({ clientEntryId: `doc-test-${++n}`, fieldId: id(label), value });
    await recordCompliance(engine, p.ana, { orderId: o.id, entries: [e('Safety check done', true), e('Pressure reading', 4.1), e('Notes', 'Flue cleaned')] });
    await recordCompliance(engine, p.ana, { orderId: o.id, entries: [e('Photo of the boiler', PNG)] });
    await recordCompliance(engine, p.ana, { orderId: o.id, entries: [e('Flue photo', WEBP)] });
    await recordCompliance(engine, p.ana, { orderId: o.id, entries: [e('Pressure reading', 2.2), e('Customer signature', PNG)] });
    o = await completeWork(engine, p.ana, ref((await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, o.id)))[0]));
  });
  afterAll(() => db?.dispose());

  const pdfOf = async (principal: Principal) => readPdf(await renderWorkOrderPdf(buildWorkOrderDocument(await loadDocumentRows(db.db, principal, o.id, new Date()))));

  it('shows each field’s latest value, the photo and the signature, and the entries in the history', async () => {
    const pdf = await pdfOf(p.ana);
    expect(pdf.text).toContain('Safety check done Yes');
    expect(pdf.text).toContain('Pressure reading 2.2 bar');
    expect(pdf.text).not.toContain('Pressure reading 4.1 bar ·');
    expect(pdf.text).toContain('Notes Flue cleaned');
    expect(pdf.text).toContain('Photo of the boiler Photo');
    expect(pdf.text).toContain('Customer signature Signature');
    expect(pdf.text).toContain('Flue photo Photo (image/webp, not shown in the PDF)');
    expect(pdf.pages.reduce((sum, page) => sum + page.images, 0)).toBe(2);
    // The history keeps every entry, the earlier reading too.
    expect(pdf.text).toContain('Compliance fields: Safety check done: done; Pressure reading 4.1 bar; Notes: “Flue cleaned”');
    expect(pdf.text).toContain('Compliance fields: Pressure reading 2.2 bar; Customer signature: signed');
    // A dispatcher in scope gets the same values.
    expect((await pdfOf(p.dispatcher)).text).toContain('Pressure reading 2.2 bar');
  });

  it('names the signer of a signature typed instead of drawn, in the values and the history', async () => {
    const values = complianceValues([
      { createdAt: '2026-12-01T10:00:00Z', data: { compliance: [{ label: 'Customer signature', kind: 'signature', value: PNG }] } },
      { createdAt: '2026-12-01T11:00:00Z', data: { compliance: [{ label: 'Customer signature', kind: 'signature', value: null, photoId: 'ph-1', signedAs: 'Marta Nowak' }] } },
    ], new Map([['ph-1', { contentType: 'image/png', bytes: new Uint8Array(Buffer.from(PNG.split(',')[1], 'base64')) }]]));
    expect(values.map((v) => [v.label, v.text, v.image?.format])).toEqual([['Customer signature', 'Signature (typed: Marta Nowak)', 'png']]);
    const words = describeEvent(
      { type: 'compliance_recorded', nodeId: null, actorType: 'user', actorId: null, data: { compliance: [{ label: 'Customer signature', kind: 'signature', value: null, photoId: 'ph-1', signedAs: 'Marta Nowak' }] } },
      { names: {}, nodes: {} },
    );
    expect(words).toBe('Compliance fields: Customer signature: signed (typed: Marta Nowak)');
  });

  it('never draws a photo of another order that an event names', async () => {
    const [photo] = await db.db.select().from(s.compliancePhotos).where(eq(s.compliancePhotos.orderId, o.id));
    const [source] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.id, o.id));
    const target = (await createOrder(engine, { type: 'user', principal: p.dispatcher }, { ...newOrder, title: 'Another order' })).order;
    expect(source.id).not.toBe(target.id);
    await db.db.insert(s.orderEvents).values({
      orderId: target.id,
      type: 'compliance_recorded',
      actorType: 'user',
      actorId: p.ana.id,
      data: { compliance: [{ label: 'Borrowed photo', kind: 'photo', value: null, photoId: photo.id }] },
    });
    const rows = await loadDocumentRows(db.db, p.admin, target.id, new Date());
    expect([...(rows.photos?.keys() ?? [])]).toEqual([]);
    const pdf = await readPdf(await renderWorkOrderPdf(buildWorkOrderDocument(rows)));
    expect(pdf.text).toContain('Borrowed photo Image missing');
  });
});

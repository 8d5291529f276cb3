// The work-order document from rows to PDF, read back as text: every part a technician or a
// customer relies on is there (number, diagnostics, customer and site, SLA times in the company's zone,
// schedule, assignees by name, the dispatch fields under readable labels with their API names,
// compliance values with their photo and signature, every history event in words), names in other
// scripts as written, long histories run onto further pages with the table heading repeated and a
// "page N of M" footer.
import { describe, expect, it } from 'vitest';
import type { OrderRow } from '../../drizzle/schema';
import type { ScheduleFields } from '../../engine/orders';
import { buildWorkOrderDocument, complianceValues, renderWorkOrderPdf, type DocumentRows } from '.';
import { readPdf } from './pdf-text';

// Small PNGs (2×2 red, 3×2 blue), as a phone's camera and signature pad would send them.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGM4ISd3Qk6OAUIBAB8mBBG4glMAAAAAAElFTkSuQmCC';
const PHOTO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGOQszkBQQxwFgBAEAbNIQytyAAAAABJRU5ErkJggg==';

function orderRow(over: Partial<OrderRow & ScheduleFields> = {}): OrderRow & ScheduleFields {
  return {
    id: 'o-1',
    number: 'WO-104217',
    title: 'Chiller trips on high pressure',
    description: 'Rooftop chiller 2 trips twice a day; the customer suspects the condenser fan.',
    category: 'HVAC',
    priority: 'High',
    customerName: 'Brookfield Towers',
    customerTier: 'Gold',
    street: '200 Liberty St',
    city: 'New York',
    region: 'North',
    postcode: '10281',
    contactName: 'Marta Nowak (facilities)',
    contactPhone: '+1 212 555 0147',
    lat: 40.71234,
    lng: -74.01456,
    requiredSkills: ['hvac', 'refrigeration'],
    tags: ['rooftop'],
    custom: { assetTag: 'CH-02' },
    source: 'api',
    status: 'completed',
    respondBy: new Date('2026-12-01T13:00:00Z'),
    resolveBy: new Date('2026-12-02T09:00:00Z'),
    respondedAt: new Date('2026-12-01T10:10:00Z'),
    resolvedAt: null,
    respondBreachedAt: null,
    resolveBreachedAt: new Date('2026-12-02T09:01:00Z'),
    windowStart: new Date('2026-12-01T14:00:00Z'),
    windowEnd: new Date('2026-12-01T18:00:00Z'),
    durationMinutes: 90,
    firstAssignedAt: null,
    firstWay: null,
    firstRule: null,
    lastDecision: null,
    overrides: 0,
    flowId: 'f-1',
    flowVersionId: 'fv-1',
    currentNodeId: 'accept',
    nodePath: [],
    nodeEnteredAt: null,
    serviceGroupId: 'sg-partners',
    providerId: 'sp-coolfix',
    engineerId: 'e-kai',
    collaboratorIds: ['e-lee'],
    assign_user: 'u-dina',
    assign_way: 'manual',
    assign_time: new Date('2026-12-01T10:05:00Z'),
    field_partner: 'sp-coolfix',
    field_outDealUser: 'e-kai',
    field_downstreamOuterTenantName: 'CoolFix Ltd',
    field_downstreamOuterTenantId: 't-901',
    apiKeyId: null,
    idempotencyKey: null,
    requestHash: null,
    createdBy: null,
    createdAt: new Date('2026-12-01T09:00:00Z'),
    updatedAt: new Date('2026-12-01T09:00:00Z'),
    version: 7,
    window: { start: '2026-12-01T14:00:00.000Z', end: '2026-12-01T18:00:00.000Z' },
    booking: { engineerId: 'e-kai', start: '2026-12-01T15:00:00.000Z', end: '2026-12-01T16:30:00.000Z' },
    lateForSla: false,
    diagnostics: [
      { name: 'Discharge pressure at trip', value: 26.1, unit: 'bar', time: '2026-12-01T08:40:00.000Z' },
      { name: 'Controller alarm', value: 'HP-2', unit: null, time: '2026-12-01T08:41:00.000Z' },
    ],
    ...over,
  };
}

type Event = DocumentRows['events'][number];
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));
let nextId = 1;
const event = (type: string, minute: number, over: Partial<Event> = {}): Event => ({
  id: nextId++,
  type,
  actorType: 'system',
  actorId: null,
  nodeId: null,
  data: {},
  createdAt: at(minute),
  ...over,
});

const COMPLIANCE = [
  { label: 'Refrigerant leak check done', kind: 'checkbox', value: true },
  { label: 'Discharge pressure', kind: 'number', value: 17.4, unit: 'bar' },
  { label: 'Work notes', kind: 'text', value: 'Replaced condenser fan motor; Ž-brand capacitor.' },
  { label: 'Condenser photo', kind: 'photo', value: PHOTO },
  { label: 'Customer signature', kind: 'signature', value: PNG },
];

function rows(over: Partial<DocumentRows> = {}): DocumentRows {
  return {
    order: orderRow(),
    events: [
      event('created', 0, { actorType: 'api', actorId: 'key-1' }),
      event('entered_node', 1, { nodeId: 'pick-group' }),
      event('auto_assigned', 2, { actorType: 'rule', actorId: 'partners-first', nodeId: 'pick-group', data: { rule: 'partners-first', assignee: { type: 'service_group', id: 'sg-partners', name: 'Partner Network' } } }),
      event('assigned', 5, { actorType: 'user', actorId: 'u-dina', nodeId: 'sp-engineer', data: { assignee: { id: 'e-kai', name: 'Kai Tanaka' }, collaborators: [{ id: 'e-lee', name: 'Lee Park' }] } }),
      event('declined', 6, { actorType: 'user', actorId: 'u-kai', data: { reason: 'Van in the workshop' } }),
      event('accepted', 7, { actorType: 'user', actorId: 'u-kai' }),
      event('booked', 8, { actorType: 'user', actorId: 'u-dina', data: { engineerId: 'e-kai', start: '2026-12-01T15:00:00.000Z', end: '2026-12-01T16:30:00.000Z', collaborators: ['e-lee'], lateForSla: false } }),
      event('sla_breached', 9, { data: { which: 'respond', due: '2026-12-01T13:00:00.000Z' } }),
      event('started', 10, { actorType: 'user', actorId: 'u-kai' }),
      event('completed', 50, { actorType: 'user', actorId: 'u-kai', data: { compliance: COMPLIANCE } }),
    ],
    names: { 'sg-partners': 'Partner Network', 'sp-coolfix': 'CoolFix Ltd', 'e-kai': 'Kai Tanaka', 'e-lee': 'Lee Park', 'u-dina': 'Dina Dispatcher', 'u-kai': 'Kai Tanaka' },
    nodes: { 'pick-group': { label: 'Dispatcher picks a group' }, 'sp-engineer': { label: 'Provider assigns engineer' }, accept: { label: 'Engineer accepts' } },
    flow: { name: 'Outsourced repairs', version: 3 },
    timeZone: 'America/New_York',
    generatedAt: new Date('2026-12-02T15:30:00Z'),
    generatedFor: 'Alex Admin',
    ...over,
  };
}

describe('the work-order document', () => {
  it('holds the scope, customer and site, SLA, schedule, assignees, dispatch fields, compliance values and history', async () => {
    const model = buildWorkOrderDocument(rows());
    expect(model.fileName).toBe('WO-104217.pdf');
    const pdf = await renderWorkOrderPdf(model);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, info, pages } = await readPdf(pdf);
    expect(info.Title).toBe('Work order WO-104217: Chiller trips on high pressure');

    // Scope.
    for (const s of ['Work order WO-104217', 'Chiller trips on high pressure', 'the customer suspects the condenser fan', 'HVAC', 'High', 'hvac, refrigeration', 'custom.assetTag CH-02', 'Outsourced repairs v3', 'Source API'])
      expect(text).toContain(s);
    // Diagnostics sent at intake: each reading with its value, unit and time in the company's zone.
    expect(text).toContain('Diagnostics');
    expect(text).toContain('Discharge pressure at trip 26.1 bar (read Dec 1, 2026, 3:40 AM)');
    expect(text).toContain('Controller alarm HP-2 (read Dec 1, 2026, 3:41 AM)');
    // Customer and site.
    expect(text).toContain('Brookfield Towers (Gold)');
    expect(text).toContain('Site contact Marta Nowak (facilities), +1 212 555 0147');
    expect(text).toContain('200 Liberty St, New York, North, 10281');
    expect(text).toContain('40.71234, -74.01456');
    // SLA targets in the company's zone (New York is UTC-5 in December), and the breach.
    expect(text).toContain('Respond by Dec 1, 2026, 8:00 AM');
    expect(text).toContain('Resolve by Dec 2, 2026, 4:00 AM');
    expect(text).toContain('Resolve-by breached at Dec 2, 2026, 4:01 AM');
    expect(text).toContain('Times in America/New_York');
    // Schedule: the window, the duration, the booking with its engineer.
    expect(text).toContain('Service window Dec 1, 2026, 9:00 AM – Dec 1, 2026, 1:00 PM');
    expect(text).toContain('Estimated duration 1 h 30 min');
    expect(text).toContain('Booking Dec 1, 2026, 10:00 AM – Dec 1, 2026, 11:30 AM, Kai Tanaka');
    // Assignees by name.
    for (const s of ['Service group Partner Network', 'Service provider CoolFix Ltd', 'Engineer Kai Tanaka', 'Collaborators Lee Park']) expect(text).toContain(s);
    // Dispatch fields: a readable label with the API name beside it.
    for (const s of [
      'Dispatcher (assign_user) Dina Dispatcher (u-dina)',
      'Dispatch method (assign_way) manual',
      'Dispatch time (assign_time) Dec 1, 2026, 5:05 AM (2026-12-01T10:05:00.000Z)',
      'Service implementation partner (field_partner) CoolFix Ltd (sp-coolfix)',
      'Provider engineer (field_outDealUser) Kai Tanaka (e-kai)',
      'Connected enterprise name (field_downstreamOuterTenantName) CoolFix Ltd',
      'Connected enterprise id (field_downstreamOuterTenantId) t-901',
    ])
      expect(text).toContain(s);
    // Compliance values, with a photo and the signature drawn as images.
    expect(text).toContain('Compliance fields');
    expect(text).toContain('Refrigerant leak check done Yes');
    expect(text).toContain('Discharge pressure 17.4 bar');
    expect(text).toContain('Replaced condenser fan motor; Ž-brand capacitor.');
    expect(text).toContain('Condenser photo Photo');
    expect(text).toContain('Customer signature Signature');
    expect(pages.reduce((n, p) => n + p.images, 0)).toBe(2);
    // History in the order page's words, each with its time and actor.
    for (const s of [
      'Dec 1, 2026, 4:00 AM api Created',
      'auto-dispatch Auto-assigned to Partner Network by rule “partners-first”',
      'Dina Dispatcher Assigned to Kai Tanaka with Lee Park at “Provider assigns engineer”',
      'Kai Tanaka Declined: Van in the workshop',
      'Kai Tanaka Accepted',
      'Dina Dispatcher Booked: Kai Tanaka, Dec 1, 2026, 10:00 AM – Dec 1, 2026, 11:30 AM with Lee Park',
      'system Respond-by time missed (due Dec 1, 2026, 8:00 AM)',
      'Kai Tanaka Work started',
      'Dec 1, 2026, 4:50 AM Kai Tanaka Completed',
    ])
      expect(text).toContain(s);
    expect(text).toContain('WO-104217 · Brookfield Towers — page 1 of');
  });

  it('says when there is nothing to show: no schedule, no assignees, no compliance values yet', async () => {
    const bare = orderRow({
      status: 'pending_assignment',
      serviceGroupId: null,
      providerId: null,
      engineerId: null,
      collaboratorIds: [],
      assign_user: null,
      assign_way: null,
      assign_time: null,
      field_partner: null,
      field_outDealUser: null,
      field_downstreamOuterTenantName: null,
      field_downstreamOuterTenantId: null,
      durationMinutes: null,
      window: null,
      booking: null,
      lat: null,
      lng: null,
      resolveBreachedAt: null,
      respondedAt: null,
    });
    const { text } = await readPdf(await renderWorkOrderPdf(buildWorkOrderDocument(rows({ order: bare, events: [event('created', 0)] }))));
    for (const s of [
      'Service window None',
      'Estimated duration Not scheduled',
      'Booking No booking',
      'Engineer —',
      'Collaborators None',
      'Dispatch method (assign_way) —',
      'No compliance fields recorded yet.',
      'Breaches None',
      'Responded Not yet',
      'No location',
    ])
      expect(text).toContain(s);
  });

  it('says Paused for work started and paused (the order accepted again), and Accepted when the last work event is no pause', () => {
    const status = (events: DocumentRows['events']) => {
      const scope = buildWorkOrderDocument(rows({ order: orderRow({ status: 'accepted' }), events })).sections.find((s) => s.kind === 'fields' && s.heading === 'Scope');
      return scope?.kind === 'fields' ? scope.fields.find((f) => f.label === 'Status')?.value : undefined;
    };
    const before = [event('created', 0), event('accepted', 7, { actorType: 'user', actorId: 'u-kai' })];
    expect(status(before)).toBe('Accepted at “Engineer accepts”');
    expect(status([...before, event('started', 10), event('paused', 20)])).toBe('Paused at “Engineer accepts”');
    expect(status([...before, event('started', 10), event('paused', 20), event('started', 30)])).toBe('Accepted at “Engineer accepts”');
  });

  it('runs a 200-event history onto further pages: every event once, the heading on each page, page N of M', async () => {
    const events = Array.from({ length: 200 }, (_, i) =>
      event('queued', i, { nodeId: 'pick-group', data: { reason: `no rule matched, round ${String(i + 1).padStart(3, '0')}` } }),
    );
    const { pages, text } = await readPdf(await renderWorkOrderPdf(buildWorkOrderDocument(rows({ events }))));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i <= 200; i++) {
      const line = `Waiting for a dispatcher at “Dispatcher picks a group”: no rule matched, round ${String(i).padStart(3, '0')}`;
      expect(text.split(line).length - 1, line).toBe(1);
    }
    pages.forEach((p, i) => expect(p.text).toContain(`page ${i + 1} of ${pages.length}`));
    // Every page after the first that the history runs onto starts its table afresh.
    const historyPages = pages.filter((p) => p.text.includes('no rule matched'));
    for (const p of historyPages.slice(1)) expect(p.text).toContain('Time By What happened (history continued)');
    // The rows stay in order across pages.
    const order = [...text.matchAll(/round (\d{3})/g)].map((m) => Number(m[1]));
    expect(order).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('lays a description longer than a page out in full', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Step ${i + 1} of the procedure.`).join(' ');
    const { text, pages } = await readPdf(await renderWorkOrderPdf(buildWorkOrderDocument(rows({ order: orderRow({ description: long }) }))));
    expect(pages.length).toBeGreaterThan(1);
    expect(text).toContain('Step 1 of the procedure.');
    expect(text).toContain('Step 400 of the procedure.');
  });

  it('writes names in any Latin, Greek or Cyrillic script as they are, and "?" for what the font lacks', async () => {
    const order = orderRow({ customerName: 'Łukasz Dvořák', street: 'Άγιος Νικόλαος 5', city: 'Москва', title: 'Boiler 東京' });
    const { text, info } = await readPdf(await renderWorkOrderPdf(buildWorkOrderDocument(rows({ order }))));
    expect(text).toContain('Łukasz Dvořák (Gold)');
    expect(text).toContain('Άγιος Νικόλαος 5, Москва');
    expect(text).toContain('Boiler ??');
    expect(info.Title).toBe('Work order WO-104217: Boiler 東京');
  });
});

describe('compliance values from the history', () => {
  it('takes each label’s latest value, keeps the first order, reads images and marks what does not fit', () => {
    const values = complianceValues([
      { createdAt: at(1), data: { compliance: [{ label: 'Pressure', kind: 'number', value: 3, unit: 'bar' }, { label: 'Photo', kind: 'photo', value: 'data:text/html;base64,PGI+' }] } },
      { createdAt: at(2), data: {} },
      { createdAt: at(3), data: { compliance: [{ label: 'Pressure', kind: 'number', value: 4.5, unit: 'bar' }, { label: 'Sig', kind: 'signature', value: PNG }, { kind: 'number' }] } },
    ]);
    expect(values.map((v) => [v.label, v.text])).toEqual([
      ['Pressure', '4.5 bar'],
      ['Photo', 'Image unreadable'],
      ['Sig', 'Signature'],
      ['Field 3', 'Value unreadable'],
    ]);
    expect(values[0].recordedAt).toEqual(at(3));
    expect(values[2].image?.format).toBe('png');
    expect(values[1].image).toBeNull();
  });

  it('renders a photo whose bytes are not an image as a note, and the rest of the document', async () => {
    const broken = 'data:image/png;base64,bm90IGEgcG5n';
    const r = rows();
    const events = [...r.events, event('completed', 55, { data: { compliance: [{ label: 'Broken photo', kind: 'photo', value: broken }] } })];
    const { text } = await readPdf(await renderWorkOrderPdf(buildWorkOrderDocument({ ...r, events })));
    expect(text).toContain('(photo could not be read)');
    expect(text).toContain('History');
  });
});

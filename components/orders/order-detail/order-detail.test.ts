// The order page's parts as they render: the dispatch fields under their API names, the diagnostic
// readings, the history with each decision's trace, the notifications table.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../dsl';
import { OrderFields } from './fields';
import { History } from './history';
import { NotificationsSent } from './notifications';
import type { Detail } from './types';

const trace: Trace = {
  order: 'o-1',
  node: { id: 'n-group', kind: 'assign_service_group' },
  now: '2026-12-01T09:00:00.000Z',
  considered: [
    {
      rule: 'north',
      line: 2,
      priority: 1,
      target: 'service_group',
      when: { text: 'order.region == "North"', value: true, conditions: [{ text: 'order.region == "North"', value: true, operands: [{ text: 'order.region', value: 'North' }] }] },
      matched: true,
      result: 'assigned North Metro',
    },
  ],
  skipped: [],
  decidedBy: 'north',
  manualReason: null,
};

const detail = {
  order: {
    id: 'o-1',
    number: 'WO-1001',
    title: 'Boiler',
    description: '',
    category: 'HVAC',
    priority: 'High',
    source: 'portal',
    status: 'assigned',
    requiredSkills: ['hvac'],
    tags: [],
    custom: { floor: 3 },
    customerName: 'Ada',
    customerTier: 'Gold',
    street: '',
    city: 'New York',
    region: 'North',
    postcode: '',
    lat: null,
    lng: null,
    respondBy: '2026-12-01T10:00:00.000Z',
    resolveBy: '2026-12-01T14:00:00.000Z',
    respondedAt: null,
    resolvedAt: null,
    createdAt: '2026-12-01T09:00:00.000Z',
    serviceGroupId: 'sg-north',
    providerId: 'sp-cool',
    engineerId: null,
    collaboratorIds: [],
    assign_user: null,
    assign_way: 'auto',
    assign_time: '2026-12-01T09:00:00.000Z',
    field_partner: 'sp-cool',
    field_outDealUser: null,
    field_downstreamOuterTenantName: 'CoolFix',
    field_downstreamOuterTenantId: 't-901',
    diagnostics: [
      { name: 'Supply pressure', value: 0.4, unit: 'bar', time: '2026-12-01T08:40:00.000Z' },
      { name: 'Error code', value: 'E4', unit: null, time: '2026-12-01T08:41:00.000Z' },
    ],
  },
  events: [
    { id: 1, type: 'created', nodeId: null, actorType: 'api', actorId: null, data: {}, createdAt: '2026-12-01T09:00:00.000Z' },
    { id: 2, type: 'auto_assigned', nodeId: 'n-group', actorType: 'rule', actorId: 'north', data: { rule: 'north', assignee: { name: 'North Metro' }, trace }, createdAt: '2026-12-01T09:00:01.000Z' },
  ],
  notifications: [{ id: 7, kind: 'assigned', title: 'New order', body: 'WO-1001', createdAt: '2026-12-01T09:00:02.000Z', readAt: null, recipientName: 'Gina', recipientRole: 'group_dispatcher' }],
  names: { 'sg-north': 'North Metro', 'sp-cool': 'CoolFix Ltd' },
  nodes: { 'n-group': { label: 'Dispatcher assigns service group', kind: 'assign_service_group' } },
  flow: { name: 'Default', version: 1 },
} as unknown as Detail;

describe('order page', () => {
  it('shows the dispatch fields under their API names, naming who an id is', () => {
    const html = renderToStaticMarkup(createElement(OrderFields, { detail }));
    expect(html).toContain('<dl class="fields api" aria-labelledby="f-dispatch">');
    expect(html).toContain('<dd data-field="field_partner">CoolFix Ltd (sp-cool)</dd>');
    expect(html).toContain('<dd data-field="assign_way">auto</dd>');
    expect(html).toContain('<dd data-field="field_downstreamOuterTenantId">t-901</dd>');
    expect(html).toContain('<dt>custom.floor</dt><dd>3</dd>');
    expect(html).toContain('<dd>North Metro</dd>');
  });

  it('says where the order came from and whether work on it is paused, in words', () => {
    const paused = { ...detail, order: { ...detail.order, status: 'accepted', source: 'manual' }, paused: true } as Detail;
    const html = renderToStaticMarkup(createElement(OrderFields, { detail: paused }));
    expect(html).toContain('<dt>Source</dt><dd>By hand</dd>');
    expect(html).toContain('<dt>Status</dt><dd>Paused</dd>');
    const held = { ...detail, events: [{ id: 3, type: 'held_for_review', nodeId: null, actorType: 'system', actorId: null, data: { source: 'api' }, createdAt: '2026-12-01T09:00:03.000Z' }] } as unknown as Detail;
    expect(renderToStaticMarkup(createElement(History, { detail: held }))).toContain('Held for review (from API)');
  });

  it('shows the diagnostic readings sent at intake, each value with its unit', () => {
    const html = renderToStaticMarkup(createElement(OrderFields, { detail }));
    expect(html).toContain('<h2 id="f-diagnostics">Diagnostics</h2><table class="diagnostics" aria-labelledby="f-diagnostics">');
    expect(html).toContain('<th scope="row">Supply pressure</th><td>0.4 bar</td>');
    expect(html).toContain('<th scope="row">Error code</th><td>E4</td>');
    const none = { ...detail, order: { ...detail.order, diagnostics: [] } } as Detail;
    expect(renderToStaticMarkup(createElement(OrderFields, { detail: none }))).toContain('No diagnostic readings were sent with this order.');
  });

  it('shows the schedule in the company’s time zone, and warns when the booking starts after the resolve-by', () => {
    const booked = {
      ...detail,
      order: {
        ...detail.order,
        engineerId: 'e-001',
        durationMinutes: 90,
        window: { start: '2026-12-02T14:00:00.000Z', end: '2026-12-02T22:00:00.000Z' },
        booking: { engineerId: 'e-001', start: '2026-12-02T15:00:00.000Z', end: '2026-12-02T16:30:00.000Z' },
        lateForSla: true,
      },
      names: { ...detail.names, 'e-001': 'Ana Ruiz' },
    } as unknown as Detail;
    const html = renderToStaticMarkup(createElement(OrderFields, { detail: booked, timeZone: 'America/New_York' }));
    expect(html).toContain('<dt>Estimated duration</dt><dd>1 h 30 min</dd>');
    expect(html).toContain('<dt>Service window</dt><dd>Wed, Dec 2, 9:00 AM–5:00 PM</dd>');
    expect(html).toMatch(/<dt>Booked<\/dt><dd>Wed, Dec 2, 10:00 AM–11:30 AM, Ana Ruiz <span class="badge warn"[^>]*>starts after its resolve-by<\/span><\/dd>/);
    const onTime = { ...booked, order: { ...booked.order, lateForSla: false } } as Detail;
    expect(renderToStaticMarkup(createElement(OrderFields, { detail: onTime, timeZone: 'America/New_York' }))).not.toContain('resolve-by');
    const unscheduled = { ...booked, order: { ...booked.order, booking: null, lateForSla: false } } as Detail;
    expect(renderToStaticMarkup(createElement(OrderFields, { detail: unscheduled }))).toContain('<dt>Booked</dt><dd>Not booked (assigned unscheduled)</dd>');
    expect(renderToStaticMarkup(createElement(OrderFields, { detail }))).toContain('<dt>Estimated duration</dt><dd>None (not scheduled)</dd>');
  });

  it('tells the history in words, with the trace under each decision', () => {
    const html = renderToStaticMarkup(createElement(History, { detail }));
    expect(html).toContain('data-event="created"');
    expect(html).toContain('Auto-assigned to North Metro by rule “north”');
    expect(html).toContain('auto-dispatch');
    expect(html.match(/aria-label="Decision trace"/g)?.length).toBe(1);
    expect(html).toContain('aria-label="Rule north"');
    expect(html).toContain('<code>order.region</code> = <code>&quot;North&quot;</code>');
  });

  it('lists the notifications sent in a named table', () => {
    const html = renderToStaticMarkup(createElement(NotificationsSent, { notifications: detail.notifications }));
    expect(html).toContain('aria-label="Notifications sent"');
    expect(html).toContain('Gina <span class="muted">(group dispatcher)</span>');
    expect(html).toContain('<td>unread</td>');
  });
});

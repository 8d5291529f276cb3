// The to-do list warns of a booking that starts after the order's resolve-by (RULES.md: a
// warning, not a refusal), in the SLA cell of the table and on the card.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { QueueRow } from '../assign/types';
import { TodoCards, TodoTable } from './todo-table';

const row = (over: Partial<QueueRow>): QueueRow =>
  ({
    id: 'o-1', number: 'WO-1001', title: 'AC not cooling', customerName: 'Acme', customerTier: 'Gold', priority: 'Urgent', category: 'HVAC',
    region: 'North', city: 'New York', queue: { key: 'k', label: 'Dispatcher assigns engineer', kind: 'assign_engineer' }, currentNodeId: 'n',
    nodeEnteredAt: '2026-12-01T09:00:00.000Z', waitingOverdue: false, resolveBy: '2026-12-01T13:00:00.000Z', respondBy: '2026-12-01T10:00:00.000Z',
    createdAt: '2026-12-01T09:00:00.000Z', source: 'api', requiredSkills: [], tags: [], serviceGroupName: null, providerName: null,
    durationMinutes: 60, window: null, booking: null, lateForSla: false, actions: [], ...over,
  }) as unknown as QueueRow;
const late = row({ booking: { engineerId: 'e-1', start: '2026-12-02T14:00:00.000Z', end: '2026-12-02T15:00:00.000Z' }, lateForSla: true } as Partial<QueueRow>);
const props = { now: Date.parse('2026-12-01T09:30:00Z'), selected: new Set<string>(), onToggle: () => {}, onAction: () => {} };

describe('to-do list', () => {
  it('marks a row booked to start after its resolve-by, and only that row', () => {
    const html = renderToStaticMarkup(createElement(TodoTable, { ...props, rows: [late, row({ id: 'o-2', number: 'WO-1002' })], columns: ['number', 'slaDue'], loading: false, empty: false }));
    expect(html.match(/booked after resolve-by/g)).toHaveLength(1);
    const [first, second] = html.split('data-order="WO-1002"');
    expect(first).toContain('booked after resolve-by');
    expect(second).not.toContain('booked after resolve-by');
  });

  it('the card says it too', () => {
    expect(renderToStaticMarkup(createElement(TodoCards, { ...props, rows: [late] }))).toContain('booked after resolve-by');
    expect(renderToStaticMarkup(createElement(TodoCards, { ...props, rows: [row({})] }))).not.toContain('booked after resolve-by');
  });
});

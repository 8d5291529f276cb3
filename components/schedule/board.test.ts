// The board rendered as the server renders it (react-dom/server), on synthetic data: rows are
// virtualized (only those in sight are in the page), each with its shifts, bars and travel, the
// side list with the unscheduled orders, and the controls named for people and tests.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient } from '@trpc/client';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TRPCProvider } from '../../lib/trpc';
import type { AppRouter } from '../../server/root';
import { ScheduleBoard } from './board';
import { boardInput, makeView } from './timeline';
import type { BoardData } from './types';

const NY = 'America/New_York';
const DAY = '2026-12-02';

/** `engineers` engineers in two groups, 07:00–19:00 each day of the week, `perEngineer` bookings over it. */
function synthetic(engineers: number, perEngineer: number): BoardData {
  const view = makeView('week', DAY, NY);
  const hour = 3_600_000;
  return {
    now: new Date(view.from).toISOString(),
    timeZone: NY,
    travel: { speedKmh: 40, minimumMinutes: 0 },
    engineers: Array.from({ length: engineers }, (_, i) => ({
      id: `e${i}`,
      name: `Engineer ${String(i).padStart(3, '0')}`,
      providerId: null,
      providerName: null,
      groups: [{ id: i % 2 ? 'g-north' : 'g-south', name: i % 2 ? 'North Metro' : 'South Side' }],
      skills: [i % 3 ? 'hvac' : 'electrical'],
      region: i % 2 ? 'North' : 'South',
      location: { lat: 40.7 + (i % 10) / 100, lng: -74 },
      vehicle: i % 7 ? { id: `V-${i}`, status: i % 11 ? 'ready' : 'maintenance' } : null,
      shifts: view.days.map((d) => ({ start: new Date(d.start + 7 * hour).toISOString(), end: new Date(d.start + 19 * hour).toISOString() })),
      bookings: Array.from({ length: perEngineer }, (_, k) => {
        const day = view.days[Math.floor((k * 7) / perEngineer)];
        const start = day.start + (8 + (k % 2) * 3) * hour;
        return {
          orderId: `o${i}-${k}`,
          number: `WO-${i}-${k}`,
          title: 'AC not cooling',
          priority: ['Low', 'Medium', 'High', 'Urgent'][k % 4],
          status: k % 3 ? 'accepted' : 'assigned',
          role: 'owner',
          start: new Date(start).toISOString(),
          end: new Date(start + hour).toISOString(),
          location: { lat: 40.75 + k / 50, lng: -73.99 },
          lateForSla: false,
        };
      }),
    })),
    unscheduled: Array.from({ length: 3 }, (_, i) => ({
      orderId: `u${i}`,
      number: `WO-U${i}`,
      title: `Unscheduled ${i}`,
      priority: 'High',
      status: 'pending_assignment',
      category: 'HVAC',
      version: 1,
      nodeId: 'group-internal',
      durationMinutes: 90,
      window: null,
      resolveBy: new Date(view.to).toISOString(),
      location: null,
      requiredSkills: ['hvac'],
      city: 'New York',
    })),
  } as unknown as BoardData;
}

function render(data: BoardData, view: 'day' | 'week') {
  const input = boardInput(makeView(view, DAY, NY));
  const queryClient = new QueryClient();
  const trpcClient = createTRPCClient<AppRouter>({ links: [] });
  const board = createElement(ScheduleBoard, { timeZone: NY, today: DAY, initialView: view, initialDate: DAY, canReallocate: true, initial: { input, data } });
  const withTrpc = createElement(TRPCProvider, { trpcClient, queryClient, children: board });
  return renderToString(createElement(QueryClientProvider, { client: queryClient, children: withTrpc }));
}

const count = (html: string, needle: string) => html.split(needle).length - 1;

describe('the schedule board', () => {
  it('renders only the rows in sight of 500 engineers with 5,000 bookings', () => {
    const data = synthetic(500, 10);
    const t = performance.now();
    const html = render(data, 'week');
    const ms = performance.now() - t;
    const rows = count(html, 'data-row-key=');
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(60);
    // Each row shown has its 7 shifts and 10 bars.
    expect(count(html, 'class="sb-shift"')).toBe(rows * 7);
    expect(count(html, 'data-order="WO-')).toBeGreaterThanOrEqual(rows * 10);
    expect(html.replace(/<!-- -->/g, '')).toContain('500 of 500 engineers · 5000 bookings');
    expect(ms).toBeLessThan(2000);
  });

  it('shows a day with its bars named for what they are, the travel before them, and the side list', () => {
    const html = render(synthetic(4, 10), 'day');
    // 2 December is day 2 of the week from Monday 30 November: bookings 3 and 4 (k * 7 / 10 = 2), at 11:00 and 8:00.
    expect(html).toContain('aria-label="WO-0-3 AC not cooling, 11:00 AM–12:00 PM, Urgent, assigned"');
    expect(html).toContain('aria-label="WO-0-4 AC not cooling, 8:00 AM–9:00 AM, Low, accepted"');
    expect(html).toContain('class="sb-travel"');
    expect(html).toContain('aria-label="Unscheduled orders list"');
    expect(count(html, 'class="sb-order-item"')).toBe(3);
    expect(html).toMatch(/<h3 class="sb-group-title"[^>]*>North Metro/);
    for (const label of ['Group by', 'Skill', 'Region', 'Find engineer', 'Order to schedule', 'Engineer']) expect(html).toContain(`>${label}</label>`);
    expect(html).toContain('aria-label="Next day"');
  });
});

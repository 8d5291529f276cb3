import { describe, expect, it } from 'vitest';
import { createDirectory, type DirectoryData } from '../../dsl';
import { applyDecision, directoryData } from './apply';

const data: DirectoryData = {
  now: '2026-11-23T07:00:00Z',
  serviceGroups: [{ id: 'sg', name: 'G', kind: 'engineers', members: ['e-1'] }],
  providers: [{ id: 'p-1', name: 'P', tenantId: 't', tenantName: 'T', regions: [], skills: [], openOrders: 3, capacity: 9, rating: 4 }],
  engineers: [
    { id: 'e-1', name: 'A', providerId: null, skills: [], status: 'available', location: null, region: 'N', openOrders: 1, capacity: 5, rating: 4 },
    { id: 'e-2', name: 'B', providerId: null, skills: [], status: 'available', location: null, region: 'N', openOrders: 0, capacity: 5, rating: 4, assignedToday: 2,
      bookings: [{ order: 'wo-0', start: '2026-11-23T08:00:00Z', end: '2026-11-23T09:00:00Z', location: null }] },
    { id: 'e-3', name: 'C', providerId: null, skills: [], status: 'available', location: null, region: 'N', openOrders: 0, capacity: 5, rating: 4 },
  ],
};
const order = { id: 'wo-9', location: { lat: 40.7, lng: -74 } } as never;
const eng = (type: 'engineer', id: string) => ({ type, id, name: id });

describe('applyDecision', () => {
  it("books the owner and collaborators, adds to their load, and leaves the input and everyone else as they were", () => {
    const before = JSON.stringify(data);
    const slot = { start: Date.parse('2026-11-23T09:00:00Z'), end: Date.parse('2026-11-23T10:30:00Z') };
    const next = applyDecision(data, { assignee: eng('engineer', 'e-1'), collaborators: [eng('engineer', 'e-2')], slot }, order, '2026-11-23T07:00:00Z');
    expect(JSON.stringify(data)).toBe(before);
    const [e1, e2, e3] = next.engineers;
    const booking = { order: 'wo-9', start: '2026-11-23T09:00:00Z', end: '2026-11-23T10:30:00Z', location: { lat: 40.7, lng: -74 } };
    expect(e1).toMatchObject({ openOrders: 2, assignedToday: 1, lastAssignedAt: '2026-11-23T07:00:00Z', bookings: [booking] });
    expect(e2).toMatchObject({ openOrders: 1, assignedToday: 3, lastAssignedAt: '2026-11-23T07:00:00Z' });
    expect(e2.bookings).toEqual([data.engineers[1].bookings![0], booking]);
    expect(e3).toBe(data.engineers[2]);
    expect(next.providers).toBe(data.providers);
  });

  it('without a slot no booking; a provider gets an open order; a group nothing', () => {
    const unscheduled = applyDecision(data, { assignee: eng('engineer', 'e-3'), collaborators: [] }, order, new Date('2026-11-23T07:00:00Z'));
    expect(unscheduled.engineers[2].bookings).toBeUndefined();
    expect(unscheduled.engineers[2].openOrders).toBe(1);
    const p = applyDecision(data, { assignee: { type: 'service_provider', id: 'p-1', name: 'P' }, collaborators: [] }, order, '2026-11-23T07:00:00Z');
    expect(p.providers[0].openOrders).toBe(4);
    expect(p.engineers).toBe(data.engineers);
    expect(applyDecision(data, { assignee: { type: 'service_group', id: 'sg', name: 'G' }, collaborators: [] }, order, '2026-11-23T07:00:00Z')).toBe(data);
  });

  it('directoryData gives back what a directory was made from', () => {
    const d = directoryData(createDirectory({ ...data, travel: { speedKmh: 30, minimumMinutes: 2 } }));
    expect(d.engineers.map((e) => e.id)).toEqual(['e-1', 'e-2', 'e-3']);
    expect(d.travel).toEqual({ speedKmh: 30, minimumMinutes: 2 });
  });
});

// The scheduling part of the language (RULES.md "Time and schedules"): its fields and
// travel_time, type-checked, completed, documented, traced, and the booking semantics of a
// selection: no slot, no candidate; the owner booked at its earliest slot; collaborators for
// whom that slot holds.
import { describe, expect, it } from 'vitest';
import { compileRuleSet, completionsAt, createDirectory, evaluate, hoverAt, type DirectoryData, type EngineerData, type OrderData } from './index';

const T = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00Z`);
const here = { lat: 40.75, lng: -73.99 };
const shift = [{ start: '2026-11-23T08:00:00Z', end: '2026-11-23T16:00:00Z' }];

function eng(id: string, extra: Partial<EngineerData> = {}): EngineerData {
  return { id, name: id.toUpperCase(), providerId: null, skills: ['hvac'], status: 'available', location: here, region: 'N', openOrders: 0, capacity: 5, rating: 4, shifts: shift, ...extra };
}

function order(extra: Partial<OrderData> = {}): OrderData {
  return {
    id: 'wo-1', number: 'WO-1', title: 'AC', category: 'HVAC', priority: 'High', source: 'api',
    customer: { name: 'Acme', tier: 'Gold' }, address: { city: 'NY', region: 'N', postcode: '1' },
    location: here, requiredSkills: ['hvac'], tags: [], custom: {}, createdAt: '2026-11-23T06:00:00Z',
    sla: { respondBy: '2026-11-23T10:00:00Z', resolveBy: '2026-11-24T10:00:00Z' },
    durationMinutes: 60, window: { start: '2026-11-23T09:00:00Z', end: '2026-11-23T17:00:00Z' }, ...extra,
  };
}

const node = { id: 'own', kind: 'assign_engineer' as const };
const NOW = '2026-11-23T07:00:00Z';

function decide(src: string, engineers: EngineerData[], o: OrderData, travel?: DirectoryData['travel']) {
  const directory = createDirectory({ now: NOW, serviceGroups: [], providers: [], engineers, travel });
  const { ruleSet, diagnostics } = compileRuleSet(src, { directory });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return evaluate(ruleSet!, { order: o, node, directory, now: NOW });
}

const EARLIEST = `rule "earliest"
  when true
  assign engineer
    rank by engineer.earliestStart asc
    with 2 collaborators
`;

describe('scheduling fields and travel_time', () => {
  it('type-checks them: durations against durations, times against times, enum values of the vehicle status', () => {
    const ok = compileRuleSet(`rule "a" when order.duration > 2 h and order.window.end < order.sla.resolveBy
  assign engineer where engineer.earliestEnd <= order.window.end and travel_time(engineer.location, order.location) < 45 min
    and engineer.vehicle.status == "ready"`);
    expect(ok.diagnostics).toEqual([]);
    const bad = compileRuleSet(`rule "a" when order.duration > 2 assign engineer where engineer.vehicle.status == "redy" and travel_time(order.location) < 1 h`);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['unit-mismatch', 'bad-enum-value', 'wrong-arity']);
    expect(compileRuleSet(`rule "a" when engineer.earliestStart is null assign manual`).diagnostics.map((d) => d.code)).toEqual(['scope-engineer']);
  });

  it('are offered by completion and explained by hover', () => {
    const src = 'rule "a" when true assign engineer where engineer.';
    const fields = completionsAt(src, { line: 1, column: src.length + 1 }).map((c) => c.label);
    expect(fields).toEqual(expect.arrayContaining(['earliestStart', 'earliestEnd', 'vehicle']));
    const v = 'rule "a" when true assign engineer where engineer.vehicle.';
    expect(completionsAt(v, { line: 1, column: v.length + 1 }).map((c) => c.label)).toEqual(['status']);
    const o = 'rule "a" when order.window.';
    expect(completionsAt(o, { line: 1, column: o.length + 1 }).map((c) => c.label)).toEqual(['start', 'end']);
    const h = 'rule "a" when travel_time(order.location, point(1, 2)) < 1 h assign manual';
    expect(hoverAt(h, { line: 1, column: 17 })?.contents).toMatch(/travel_time\(a: point, b: point\): duration[\s\S]*40 km\/h/);
  });

  it('travel_time is the drive at the directory speed, in the trace as minutes; null without a point', () => {
    const src = `rule "near" when travel_time(order.location, point(40.85, -73.99)) <= 9 min assign manual`;
    // ≈ 11.1 km: 17 min at 40 km/h, 9 min at 80 km/h.
    const slow = decide(src, [], order());
    expect(slow.rule).toBeNull();
    expect(slow.trace.considered[0].when.conditions[0].operands[0]).toEqual({ text: 'travel_time(order.location, point(40.85, -73.99))', value: '17 min' });
    expect(decide(src, [], order(), { speedKmh: 80, minimumMinutes: 0 }).rule).toBe('near');
    const none = decide(src, [], order({ location: null }));
    expect(none.trace.considered[0].when.conditions[0].operands[0].value).toBeNull();
  });

  it('engineer.vehicle.status is none without a vehicle', () => {
    const src = `rule "v" when true assign engineer where engineer.vehicle.status == "none"`;
    const d = decide(src, [eng('e-1', { vehicle: { id: 'van', status: 'maintenance' } }), eng('e-2')], order());
    expect(d.assignee?.id).toBe('e-2');
  });
});

describe('booking semantics of a selection', () => {
  it('the owner is booked at its earliest slot; an engineer with no slot is not a candidate', () => {
    const busy = eng('e-1', { bookings: [{ order: 'wo-0', start: '2026-11-23T09:00:00Z', end: '2026-11-23T16:00:00Z', location: here }] });
    const late = eng('e-2', { shifts: [{ start: '2026-11-23T13:00:00Z', end: '2026-11-23T16:00:00Z' }] });
    const free = eng('e-3');
    const d = decide(EARLIEST, [busy, late, free], order());
    expect(d.assignee?.id).toBe('e-3');
    expect(d.slot).toEqual({ start: T('09:00'), end: T('10:00') });
    expect(d.trace.considered[0].selection?.after).toBe(2);
    expect(d.trace.considered[0].selection?.top.map((c) => [c.id, c.keys[0]])).toEqual([
      ['e-3', '2026-11-23T09:00:00.000Z'],
      ['e-2', '2026-11-23T13:00:00.000Z'],
    ]);
    // Nobody has a slot: the rule does not match.
    const none = decide(EARLIEST, [busy], order());
    expect(none.outcome).toBe('manual');
    expect(none.trace.considered[0].result).toBe('no candidate left after where');
  });

  it("collaborators are the next candidates for whom the owner's slot holds; the others are skipped", () => {
    const src = `rule "r" when true assign engineer rank by engineer.rating desc with 2 collaborators`;
    const owner = eng('e-1', { rating: 5 });
    const later = eng('e-2', { rating: 4.5, shifts: [{ start: '2026-11-23T12:00:00Z', end: '2026-11-23T16:00:00Z' }] });
    const c1 = eng('e-3', { rating: 4 });
    const c2 = eng('e-4', { rating: 3 });
    const c3 = eng('e-5', { rating: 2 });
    const d = decide(src, [owner, later, c1, c2, c3], order());
    expect(d.slot).toEqual({ start: T('09:00'), end: T('10:00') });
    expect([d.assignee?.id, ...d.collaborators.map((c) => c.id)]).toEqual(['e-1', 'e-3', 'e-4']);
    expect(d.trace.considered[0].result).toBe('assigns engineer e-1 with 2 collaborator(s)');
    expect(JSON.parse(JSON.stringify(d)).slot).toEqual({ start: T('09:00'), end: T('10:00') });
  });

  it('past the first candidates kept: skipped collaborators are made up from further down the ranking', () => {
    const src = `rule "r" when true assign engineer rank by engineer.rating desc with 1 collaborator`;
    const blocked = (i: number) => eng(`e-${10 + i}`, { rating: 4.9 - i * 0.01, shifts: [{ start: '2026-11-23T12:00:00Z', end: '2026-11-23T16:00:00Z' }] });
    const engineers = [eng('e-1', { rating: 5 }), ...Array.from({ length: 12 }, (_, i) => blocked(i)), eng('e-99', { rating: 1 })];
    const d = decide(src, engineers, order());
    expect(d.assignee?.id).toBe('e-1');
    expect(d.collaborators.map((c) => c.id)).toEqual(['e-99']);
  });

  it('an order without a duration is not scheduled: no slot, every engineer a candidate', () => {
    const busy = eng('e-1', { bookings: [{ order: 'wo-0', start: '2026-11-23T00:00:00Z', end: '2026-12-23T00:00:00Z', location: here }] });
    const d = decide(EARLIEST, [busy], order({ durationMinutes: null }));
    expect(d.assignee?.id).toBe('e-1');
    expect(d.slot).toBeUndefined();
    expect(d.trace.considered[0].selection?.top[0].keys).toEqual([null]);
  });
});

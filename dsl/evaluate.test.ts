import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compileCondition,
  compileRuleSet,
  createDirectory,
  evaluate,
  rankCandidates,
  type CompiledRuleSet,
  type CustomFieldDef,
  type DirectoryData,
  type EngineerData,
  type NodeContext,
  type NodeKind,
  type OrderData,
} from './index';

const data = JSON.parse(readFileSync(new URL('./fixtures/demo.data.json', import.meta.url), 'utf8')) as DirectoryData;
const demoRules = readFileSync(new URL('./fixtures/demo.rules', import.meta.url), 'utf8');
const directory = createDirectory(data);
const customFields = data.customFields as CustomFieldDef[];
const now = data.now!;
const order = (id: string): OrderData => data.orders!.find((o) => o.id === id)!;

function compile(src: string): CompiledRuleSet {
  const { ruleSet, diagnostics } = compileRuleSet(src, { directory, customFields });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return ruleSet!;
}

function at(kind: NodeKind, extra: Partial<NodeContext> = {}): NodeContext {
  return { id: `node-${kind}`, kind, ...extra };
}

function decide(rs: CompiledRuleSet, o: OrderData | string, node: NodeContext, dir = directory) {
  return evaluate(rs, { order: typeof o === 'string' ? order(o) : o, node, directory: dir, now });
}

describe('which rules run, in which order', () => {
  it('higher priority first, then source order', () => {
    const rs = compile(`
      rule "low" when true assign service_group "South Side"
      rule "high" priority 5 when true assign service_group "North Metro"
      rule "high-later" priority 5 when true assign service_group "Partner Network"`);
    const d = decide(rs, 'wo-1', at('assign_service_group'));
    expect(d.rule).toBe('high');
    expect(d.assignee).toEqual({ type: 'service_group', id: 'sg-north', name: 'North Metro' });
    expect(d.trace.considered.map((r) => r.rule)).toEqual(['high']);
  });

  it('ties keep source order', () => {
    const rs = compile(`
      rule "first" when true assign service_group "South Side"
      rule "second" when true assign service_group "North Metro"`);
    expect(decide(rs, 'wo-1', at('assign_service_group')).rule).toBe('first');
  });

  it('`at` names node kinds or node ids', () => {
    const rs = compile(`
      rule "only-own" at own-engineer when true assign engineer "Ben Cole"
      rule "kind" at assign_engineer when true assign engineer "Ana Ruiz"`);
    expect(decide(rs, 'wo-1', { id: 'own-engineer', kind: 'assign_engineer' }).rule).toBe('only-own');
    const other = decide(rs, 'wo-1', { id: 'elsewhere', kind: 'assign_engineer' });
    expect(other.rule).toBe('kind');
    expect(other.trace.skipped).toContainEqual({ rule: 'only-own', reason: 'not at this node' });
  });

  it('disabled rules are never considered', () => {
    const rs = compile(`
      rule "off" priority 9 disabled when true assign manual
      rule "on" when true assign service_group "North Metro"`);
    const d = decide(rs, 'wo-1', at('assign_service_group'));
    expect(d.rule).toBe('on');
    expect(d.trace.skipped).toContainEqual({ rule: 'off', reason: 'disabled' });
  });

  it('only targets that fit the node kind run there; manual fits every dispatch node', () => {
    const rs = compile(`
      rule "group" when true assign service_group "North Metro"
      rule "man" when order.priority == "Low" assign manual`);
    expect(decide(rs, 'wo-1', at('assign_engineer')).outcome).toBe('manual');
    expect(decide(rs, 'wo-1', at('assign_engineer')).rule).toBeNull();
    expect(decide(rs, 'wo-4', at('assign_provider')).rule).toBe('man');
    expect(decide(rs, 'wo-4', at('engineer_accept')).trace.considered).toEqual([]);
  });

  it('assign manual decides at once, even when later rules would match', () => {
    const rs = compile(demoRules);
    const d = decide(rs, 'wo-2', at('assign_engineer'));
    expect(d).toMatchObject({ outcome: 'manual', rule: 'platinum-manual', assignee: null, collaborators: [] });
    expect(d.trace.manualReason).toContain('platinum-manual');
    expect(d.trace.considered).toHaveLength(1);
  });
});

describe('candidates', () => {
  const rs = compile(demoRules);

  it('picks the nearest skilled engineer with one collaborator, explained', () => {
    const d = decide(rs, 'wo-1', at('assign_engineer'));
    expect(d.outcome).toBe('auto');
    expect(d.rule).toBe('nearest-skilled-engineer');
    // e-5 is nearer but inactive; e-3 has no location; e-4 lacks the skill.
    expect(d.assignee).toEqual({ type: 'engineer', id: 'e-1', name: 'Ana Ruiz' });
    expect(d.collaborators).toEqual([{ type: 'engineer', id: 'e-2', name: 'Ben Cole' }]);
    const r = d.trace.considered.find((c) => c.rule === 'nearest-skilled-engineer')!;
    expect(r.selection).toMatchObject({ before: 5, after: 2 });
    expect(r.selection!.top.map((c) => c.id)).toEqual(['e-1', 'e-2']);
    expect(r.selection!.top[0].keys[1]).toBe(1);
    expect(r.when.conditions.map((c) => c.value)).toEqual([true, true]);
    expect(r.when.conditions[1].operands[0]).toEqual({ text: 'hours_until(order.sla.resolveBy)', value: 23.5 });
    expect(JSON.parse(JSON.stringify(d.trace))).toEqual(d.trace);
  });

  it('an empty selection falls through to the next rule', () => {
    const rs2 = compile(`
      rule "nobody" when true assign engineer where engineer.rating > 10
      rule "fallback" when true assign engineer "Ben Cole"`);
    const d = decide(rs2, 'wo-1', at('assign_engineer'));
    expect(d.rule).toBe('fallback');
    const first = d.trace.considered[0];
    expect(first).toMatchObject({ rule: 'nobody', matched: false, result: 'no candidate left after where' });
    expect(first.selection).toMatchObject({ before: 5, after: 0 });
  });

  it('with no rule matching, the order goes to manual with a reason', () => {
    const rs2 = compile('rule "nobody" when true assign engineer where engineer.rating > 10');
    const d = decide(rs2, 'wo-1', at('assign_engineer'));
    expect(d).toMatchObject({ outcome: 'manual', rule: null, assignee: null });
    expect(d.trace.manualReason).toMatch(/no rule matched.*nobody/);
  });

  it('ties are broken by id', () => {
    const rs2 = compile('rule "r" when true assign engineer where engineer.region == "North" rank by engineer.capacity with 9 collaborators');
    const d = decide(rs2, 'wo-1', at('assign_engineer'));
    expect([d.assignee!.id, ...d.collaborators.map((c) => c.id)]).toEqual(['e-1', 'e-2', 'e-3', 'e-6']);
  });

  it('collaborators: the next N, or fewer when there are fewer', () => {
    const rs2 = compile('rule "r" when true assign engineer rank by engineer.rating desc with 2 collaborators');
    const d = decide(rs2, 'wo-1', at('assign_engineer'));
    expect(d.assignee!.id).toBe('e-3');
    expect(d.collaborators.map((c) => c.id)).toEqual(['e-1', 'e-2']);
    const few = compile('rule "r" when true assign engineer where engineer.status == "busy" with 3 collaborators');
    const f = decide(few, 'wo-1', at('assign_engineer'));
    expect(f.assignee!.id).toBe('e-4');
    expect(f.collaborators).toEqual([]);
  });

  it('a null key sorts after every value, whichever the direction', () => {
    for (const dir of ['asc', 'desc']) {
      const rs2 = compile(`rule "r" when true assign engineer where engineer.region == "North" rank by engineer.lastAssignedAt ${dir} with 3 collaborators`);
      const d = decide(rs2, 'wo-1', at('assign_engineer'));
      const ids = [d.assignee!.id, ...d.collaborators.map((c) => c.id)];
      expect(ids[0]).toBe('e-1');
      expect(ids.slice(1).sort()).toEqual(['e-2', 'e-3', 'e-6']);
    }
    const byDistance = compile('rule "r" when true assign engineer where engineer.region == "North" rank by distance(engineer.location, order.location) desc with 3 collaborators');
    const d = decide(byDistance, 'wo-1', at('assign_engineer'));
    expect([d.assignee!.id, ...d.collaborators.map((c) => c.id)]).toEqual(['e-6', 'e-2', 'e-1', 'e-3']);
  });

  it('enum keys rank by declared order', () => {
    const rs2 = compile('rule "r" when true assign engineer rank by engineer.status desc, engineer.id desc');
    // off_shift comes after busy and available in the declared order.
    expect(decide(rs2, 'wo-1', at('assign_engineer')).assignee!.id).toBe('e-6');
  });

  it('declined engineers are not candidates again at the same node', () => {
    const d = decide(rs, 'wo-1', at('assign_engineer', { excluded: { engineers: ['e-1'] } }));
    expect(d.assignee!.id).toBe('e-2');
    expect(d.collaborators).toEqual([]);
    const sel = d.trace.considered.find((c) => c.selection)!.selection!;
    expect(sel.before).toBe(4);
  });

  it('group_internal_assign: members of the node group only', () => {
    const rs2 = compile('rule "r" when group.name == "North Metro" assign engineer rank by engineer.rating desc with 5 collaborators');
    const d = decide(rs2, 'wo-1', at('group_internal_assign', { serviceGroupId: 'sg-north' }));
    expect([d.assignee!.id, ...d.collaborators.map((c) => c.id)]).toEqual(['e-3', 'e-1', 'e-2']);
    expect(decide(rs2, 'wo-1', at('group_internal_assign', { serviceGroupId: 'sg-south' })).outcome).toBe('manual');
  });

  it('provider groups give their active member providers', () => {
    const rs2 = compile('rule "r" when true assign service_provider rank by provider.rating desc, provider.openOrders');
    const d = decide(rs2, 'wo-1', at('group_internal_assign', { serviceGroupId: 'sg-partners' }));
    expect(d.assignee).toEqual({ type: 'service_provider', id: 'p-2', name: 'Sparks Inc' });
    const sel = d.trace.considered[0].selection!;
    expect(sel.before).toBe(2);
    expect(decide(rs2, 'wo-1', at('group_internal_assign', { serviceGroupId: 'sg-north' })).outcome).toBe('manual');
  });

  it('provider nodes: that provider’s engineers, or every provider engineer', () => {
    const d = decide(rs, 'wo-1', at('provider_assign_engineer', { providerId: 'p-1' }));
    expect(d.assignee).toEqual({ type: 'provider_engineer', id: 'pe-1', name: 'Finn Hale' });
    const all = decide(rs, 'wo-4', at('assign_provider_engineer'));
    expect(all.outcome).toBe('manual');
    const elec = { ...order('wo-4'), requiredSkills: ['electrical'] };
    expect(decide(rs, elec, at('assign_provider_engineer')).assignee!.id).toBe('pe-2');
    expect(decide(rs, elec, at('provider_assign_engineer', { providerId: 'p-1' })).assignee!.id).toBe('pe-2');
    expect(decide(rs, elec, at('provider_assign_engineer', { providerId: 'p-2' })).assignee!.id).toBe('pe-3');
    expect(decide(rs, elec, at('provider_assign_engineer', { providerId: 'p-3' })).outcome).toBe('manual');
  });

  it('best provider by rating then open orders, among those that serve the region', () => {
    expect(decide(rs, 'wo-1', at('assign_provider')).assignee!.id).toBe('p-2');
    expect(decide(rs, 'wo-1', at('assign_provider', { excluded: { providers: ['p-2'] } })).assignee!.id).toBe('p-1');
  });
});

describe('named assignees', () => {
  it('by name or id; must exist, be active, in scope and not excluded', () => {
    const rs = compile(`
      rule "by-name" when order.id == "wo-1" assign engineer "Ana Ruiz"
      rule "by-id" when order.id == "wo-4" assign engineer "e-2"
      rule "inactive" when order.id == "wo-3" assign engineer "e-5"
      rule "fallback" when true assign manual`);
    // Two engineers are called Ana Ruiz: the first by id that is in scope wins.
    expect(decide(rs, 'wo-1', at('assign_engineer')).assignee!.id).toBe('e-1');
    expect(decide(rs, 'wo-1', at('assign_engineer', { excluded: { engineers: ['e-1'] } })).assignee!.id).toBe('e-6');
    expect(decide(rs, 'wo-4', at('assign_engineer')).assignee!.id).toBe('e-2');
    const inactive = decide(rs, 'wo-3', at('assign_engineer'));
    expect(inactive.rule).toBe('fallback');
    expect(inactive.trace.considered.find((c) => c.rule === 'inactive')!.named).toMatchObject({ name: 'e-5', id: null });
    // Out of the group's scope.
    const g = compile('rule "g" when true assign engineer "Dev Patel"');
    expect(decide(g, 'wo-1', at('group_internal_assign', { serviceGroupId: 'sg-north' })).outcome).toBe('manual');
    expect(decide(g, 'wo-1', at('group_internal_assign', { serviceGroupId: 'sg-south' })).assignee!.id).toBe('e-4');
  });

  it('service groups by name; inactive ones never match', () => {
    const rs = compile(demoRules);
    expect(decide(rs, 'wo-1', at('assign_service_group')).assignee).toEqual({ type: 'service_group', id: 'sg-north', name: 'North Metro' });
    expect(decide(rs, 'wo-3', at('assign_service_group')).assignee!.id).toBe('sg-partners');
    const old = compileRuleSet('rule "old" when true assign service_group "Old Crew"', { directory });
    expect(old.diagnostics.map((d) => d.code)).toEqual(['inactive-assignee']);
    expect(decide(old.ruleSet!, 'wo-1', at('assign_service_group')).outcome).toBe('manual');
  });
});

describe('values: null, units, enums, times, custom fields', () => {
  const test = (cond: string, o: OrderData | string = 'wo-1', node: NodeContext = at('assign_engineer')) => {
    const rs = compile(`rule "t" when ${cond} assign manual`);
    return decide(rs, o, node).rule === 't';
  };

  it('null never throws and makes comparisons false', () => {
    expect(test('distance(order.location, point(40, -74)) < 1000 km', 'wo-3')).toBe(false);
    expect(test('distance(order.location, point(40, -74)) >= 0 km', 'wo-3')).toBe(false);
    expect(test('not (distance(order.location, point(40, -74)) < 1000 km)', 'wo-3')).toBe(true);
    expect(test('order.location is null', 'wo-3')).toBe(true);
    expect(test('order.location is not null', 'wo-3')).toBe(false);
    expect(test('order.serviceGroup != "x"')).toBe(false);
    expect(test('order.serviceGroup is null')).toBe(true);
    expect(test('order.custom.vip', 'wo-4')).toBe(false);
    expect(test('not order.custom.vip', 'wo-4')).toBe(true);
    const broken = { id: 'x', custom: null, tags: 'nope' } as unknown as OrderData;
    for (const cond of [
      'order.customer.tier == "Gold"',
      'hours_until(order.sla.resolveBy) < 3',
      'order.tags contains "a"',
      'order.requiredSkills contains all ["a"]',
      'len(order.title) > 1',
      'order.custom.contract == "basic"',
      'lower(order.category) starts with "h"',
    ]) {
      expect(test(cond, broken), cond).toBe(false);
    }
  });

  it('units convert', () => {
    // wo-1 is about 4.3 km from City Hall.
    const d = 'distance(order.location, point(40.7128, -74.0060))';
    expect(test(`${d} < 5 km`)).toBe(true);
    expect(test(`${d} < 4000 m`)).toBe(false);
    expect(test(`${d} < 4500 m`)).toBe(true);
    expect(test(`${d} < 3 mi and ${d} > 2.5 mi`)).toBe(true);
    expect(test('now - order.createdAt == 30 min')).toBe(true);
    expect(test('order.sla.resolveBy - now > 23 h and order.sla.resolveBy - now < 1 d')).toBe(true);
    expect(test('order.createdAt + 30 min == now')).toBe(true);
    expect(test('minutes_since(order.createdAt) == 30 and hours_until(order.sla.respondBy) == 3.5')).toBe(true);
    expect(test('order.custom.maxKm km > 9 km and order.custom.maxKm km < 10001 m')).toBe(true);
  });

  it('enums compare as values and order by declaration', () => {
    expect(test('order.priority in ["High", "Urgent"]')).toBe(true);
    expect(test('order.priority not in ["High", "Urgent"]')).toBe(false);
    expect(test('order.priority >= "High"')).toBe(true);
    expect(test('order.priority > "High"')).toBe(false);
    expect(test('order.priority >= "High"', 'wo-4')).toBe(false);
    expect(test('order.custom.contract == "premium"')).toBe(true);
    expect(test('order.source == "api" and order.customer.tier != "Platinum"')).toBe(true);
  });

  it('lists, strings and arithmetic', () => {
    expect(test('order.tags contains "ac" and "ac" in order.tags and len(order.tags) == 1')).toBe(true);
    expect(test('order.requiredSkills contains any ["hvac", "x"] and not (order.requiredSkills contains all ["hvac", "x"])')).toBe(true);
    expect(test('order.title starts with "AC" and order.title contains "cool" and lower(order.category) == "hvac"')).toBe(true);
    expect(test('1 + 2 * 3 == 7 and (1 + 2) * 3 == 9 and -2 < 0 and 7 / 2 == 3.5')).toBe(true);
    expect(test('1 / 0 > 0 or 1 / 0 <= 0')).toBe(false);
  });

  it('group is the node’s service group', () => {
    expect(test('group.name == "North Metro"', 'wo-1', at('group_internal_assign', { serviceGroupId: 'sg-north' }))).toBe(true);
    expect(test('group.name is null', 'wo-1', at('assign_engineer'))).toBe(true);
  });
});

describe('trace, options and determinism', () => {
  const rs = compile(demoRules);

  it('trace: false decides the same, with no trace kept', () => {
    for (const o of data.orders!) {
      for (const kind of ['assign_engineer', 'assign_service_group', 'assign_provider', 'assign_provider_engineer'] as const) {
        const full = decide(rs, o, at(kind));
        const bare = evaluate(rs, { order: o, node: at(kind), directory, now }, { trace: false });
        expect(bare).toEqual({ outcome: full.outcome, rule: full.rule, assignee: full.assignee, collaborators: full.collaborators });
        expect('trace' in bare).toBe(false);
      }
    }
  });

  it('the trace is built from what the decision recorded: changing the order afterwards changes nothing', () => {
    const o = structuredClone(order('wo-1'));
    const d = evaluate(rs, { order: o, node: at('assign_engineer'), directory, now });
    const expected = JSON.parse(JSON.stringify(decide(rs, 'wo-1', at('assign_engineer')).trace));
    o.id = 'changed';
    o.category = 'Changed';
    o.priority = 'Low';
    o.location = null;
    o.sla = { respondBy: '2000-01-01T00:00:00Z', resolveBy: '2000-01-01T00:00:00Z' };
    expect(JSON.parse(JSON.stringify(d.trace))).toEqual(expected);
    expect(JSON.parse(JSON.stringify(d)).trace).toEqual(expected);
  });

  it('is deterministic and accepts Date or ISO string', () => {
    const a = evaluate(rs, { order: order('wo-1'), node: at('assign_engineer'), directory, now: new Date(now) });
    const b = evaluate(rs, { order: order('wo-1'), node: at('assign_engineer'), directory, now });
    expect(a).toEqual(b);
  });

  it('the trace explains every considered rule and the skipped ones', () => {
    const d = decide(rs, 'wo-4', at('assign_engineer'));
    expect(d.outcome).toBe('manual');
    expect(d.trace.considered.map((c) => [c.rule, c.matched])).toEqual([
      ['platinum-manual', false],
      ['nearest-skilled-engineer', false],
    ]);
    expect(d.trace.skipped.map((s) => s.rule)).toEqual(['urgent-hvac-north', 'electrical-to-partners', 'best-partner', 'provider-engineer', 'old-disabled']);
    // Resolve-by is exactly 48 hours away, and the rule wants less.
    const near = d.trace.considered[1];
    expect(near.when.value).toBe(false);
    expect(near.when.conditions.map((c) => [c.value, c.operands[0].value])).toEqual([
      [true, 'Plumbing'],
      [false, 48],
    ]);
    expect(near.selection).toBeUndefined();
    expect(d.trace.manualReason).toContain('when is false');
    const later = { ...order('wo-4'), sla: { respondBy: order('wo-4').sla.respondBy, resolveBy: '2026-11-23T08:00:00Z' } };
    const sel = decide(rs, later, at('assign_engineer')).trace.considered[1].selection;
    // Only e-3 has plumbing among active internal engineers on shift, and e-3 has no location.
    expect(sel).toMatchObject({ before: 5, after: 0, top: [] });
  });
});

describe('gateway conditions and rankCandidates', () => {
  it('compileCondition reads order and now', () => {
    const { condition, diagnostics } = compileCondition('order.category == "Install" or hours_until(order.sla.respondBy) < 2');
    expect(diagnostics).toEqual([]);
    expect(condition!(order('wo-2'), new Date(now))).toBe(true);
    expect(condition!(order('wo-1'), new Date(now))).toBe(false);
    expect(condition!(order('wo-3'), new Date(now))).toBe(true);
    const custom = compileCondition('order.custom.vip', { customFields });
    expect(custom.condition!(order('wo-1'), new Date(now))).toBe(true);
  });

  it('rankCandidates lists what the rule would pick, in order', () => {
    const r = rankCandidates({
      directory,
      order: order('wo-1'),
      node: at('assign_engineer'),
      now,
      target: 'engineer',
      where: 'engineer.skills contains "hvac" and distance(engineer.location, order.location) <= 50 km',
      rankBy: 'distance(engineer.location, order.location), engineer.openOrders',
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.candidates.map((c) => c.id)).toEqual(['e-1', 'e-2']);
    expect(r.before).toBe(5);
    expect(r.after).toBe(2);
    expect(r.candidates[0].distanceKm).toBeCloseTo(0.302, 3);
    expect(r.candidates[0].keys[1]).toBe(1);
    const bad = rankCandidates({ directory, order: order('wo-1'), node: at('assign_engineer'), now, target: 'engineer', where: 'engineer.skils contains "x"' });
    expect(bad.candidates).toEqual([]);
    expect(bad.diagnostics[0].code).toBe('unknown-field');
    const all = rankCandidates({ directory, order: order('wo-1'), node: at('assign_engineer'), now, target: 'engineer', limit: 2 });
    expect(all.candidates.map((c) => c.id)).toEqual(['e-1', 'e-2']);
    expect(all.after).toBe(5);
  });
});

describe('spatial index', () => {
  function world(n: number, seed: number): DirectoryData {
    let s = seed;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const engineers: EngineerData[] = [];
    for (let i = 0; i < n; i++) {
      engineers.push({
        id: `e${String(i).padStart(5, '0')}`,
        name: `Engineer ${i}`,
        providerId: i % 7 === 0 ? 'p-1' : null,
        skills: i % 3 === 0 ? ['hvac'] : ['electrical'],
        status: 'available',
        location: i % 50 === 0 ? null : { lat: 38 + rnd() * 6, lng: -78 + rnd() * 8 },
        region: 'r',
        openOrders: Math.floor(rnd() * 5),
        capacity: 5,
        rating: 3 + Math.floor(rnd() * 20) / 10,
        active: i % 97 !== 0,
      });
    }
    return { serviceGroups: [], providers: [], engineers };
  }

  it('gives the same candidates as a full scan', () => {
    const dir = createDirectory(world(3000, 7));
    const indexed = compile('rule "r" when true assign engineer where engineer.skills contains "hvac" and distance(engineer.location, order.location) <= 40 km rank by distance(engineer.location, order.location), engineer.id with 3 collaborators');
    // The same filter written so that it is not recognised as a spatial conjunct.
    const scanned = compile('rule "r" when true assign engineer where engineer.skills contains "hvac" and distance(engineer.location, order.location) + 0 km <= 40 km rank by distance(engineer.location, order.location), engineer.id with 3 collaborators');
    let usedIndex = 0;
    for (let i = 0; i < 40; i++) {
      const o = { ...order('wo-1'), id: `o${i}`, location: { lat: 38 + (i % 8) * 0.75, lng: -78 + Math.floor(i / 8) * 1.6 } };
      const a = decide(indexed, o, at('assign_engineer'), dir);
      const b = decide(scanned, o, at('assign_engineer'), dir);
      expect([a.assignee, a.collaborators]).toEqual([b.assignee, b.collaborators]);
      const sa = a.trace.considered[0].selection!;
      const sb = b.trace.considered[0].selection!;
      expect([sa.before, sa.after]).toEqual([sb.before, sb.after]);
      if (sa.spatialIndex) usedIndex++;
      expect(sb.spatialIndex).toBe(false);
    }
    expect(usedIndex).toBe(40);
  });

  it('engineersWithin matches a brute-force filter, across the antimeridian too', () => {
    const engineers: EngineerData[] = [];
    const pts = [[0, 179.9], [0, -179.9], [0.2, 179.5], [10, 10], [-0.1, -179.7], [60, 0]];
    pts.forEach(([lat, lng], i) =>
      engineers.push({ id: `e${i}`, name: `E${i}`, providerId: null, skills: [], status: 'available', location: { lat, lng }, region: 'r', openOrders: 0, capacity: 1, rating: 1 }),
    );
    const dir = createDirectory({ serviceGroups: [], providers: [], engineers });
    const got = dir.engineersWithin({ lat: 0, lng: 180 }, 60).map((e) => e.id).sort();
    expect(got).toEqual(['e0', 'e1', 'e2', 'e4']);
  });
});

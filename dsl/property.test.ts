import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canAssign,
  compileCondition,
  compileRuleSet,
  completionsAt,
  createDirectory,
  evaluate,
  formatRuleSet,
  hoverAt,
  rankCandidates,
  whyNot,
  type CustomFieldDef,
  type Diagnostic,
  type DirectoryData,
  type NodeContext,
} from './index';

const data = JSON.parse(readFileSync(new URL('./fixtures/demo.data.json', import.meta.url), 'utf8')) as DirectoryData;
const directory = createDirectory(data);
const customFields = data.customFields as CustomFieldDef[];

/** Whether a diagnostic's range lies inside the text (end exclusive, so end-of-line is allowed). */
function inside(text: string, d: Diagnostic): boolean {
  const lines = text.split('\n');
  const ok = (p: { line: number; column: number }) =>
    Number.isInteger(p.line) && Number.isInteger(p.column) && p.line >= 1 && p.line <= lines.length && p.column >= 1 && p.column <= lines[p.line - 1].length + 1;
  const { start, end } = d.range;
  const ordered = end.line > start.line || (end.line === start.line && end.column >= start.column);
  return ok(start) && ok(end) && ordered;
}

// Words of the language and near misses, so random text reaches deep into the grammar.
const vocabulary = [
  'rule', '"r"', '"x y"', 'priority', '3', '-', '1.5', 'at', 'assign_engineer', 'own-engineer', ',', 'disabled', 'when',
  'assign', 'manual', 'engineer', 'service_group', 'service_provider', 'provider_engineer', '"North Metro"', 'where',
  'rank', 'by', 'asc', 'desc', 'with', '2', 'collaborators', 'collaborator', 'and', 'or', 'not', 'in', 'contains', 'all',
  'any', 'starts', 'is', 'null', 'true', 'false', '==', '!=', '<', '<=', '>', '>=', '+', '*', '/', '(', ')', '[', ']',
  '.', 'order', 'order.priority', 'order.location', 'order.tags', 'order.custom.maxKm', 'engineer.skills',
  'engineer.location', 'provider.rating', 'group.name', 'now', 'km', 'h', 'min', 'mi', 'm', 'd', 'distance', 'point',
  'hours_until', 'len', 'lenn', '"High"', '"Hgh"', '30', '#c\n', '\n', '"unterminated', '\\', '=', '@', '"a\\qb"',
];
const soup = fc
  .array(fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(' ', '', '\n', '  ')), { maxLength: 60 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 }), soup);

describe('properties: never throw, diagnostics inside the text', () => {
  it('parser and checker on any input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const options of [{}, { directory, customFields }]) {
          const { ruleSet, diagnostics } = compileRuleSet(text, options);
          for (const d of diagnostics) expect(inside(text, d), `${JSON.stringify(text)} ${JSON.stringify(d)}`).toBe(true);
          expect(ruleSet === null).toBe(diagnostics.some((d) => d.severity === 'error'));
        }
        for (const d of compileCondition(text).diagnostics) expect(inside(text, d)).toBe(true);
        const f = formatRuleSet(text);
        for (const d of f.diagnostics) expect(inside(text, d)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('editor services on any input and position', () => {
    fc.assert(
      fc.property(anyText, fc.nat(300), (text, at) => {
        const offset = Math.min(at, text.length);
        const before = text.slice(0, offset);
        const line = before.split('\n').length;
        const column = offset - before.lastIndexOf('\n');
        expect(Array.isArray(completionsAt(text, { line, column }, { directory, customFields }))).toBe(true);
        hoverAt(text, { line, column }, { customFields });
      }),
      { numRuns: 200 },
    );
  });
});

// ---- generated valid rule sets -----------------------------------------------------------

const orderConds = [
  'order.priority in ["High", "Urgent"]',
  'order.priority >= "Medium"',
  'order.category == "HVAC"',
  'order.category != "Install"',
  'order.customer.tier == "Platinum"',
  'hours_until(order.sla.resolveBy) < 48',
  'minutes_since(order.createdAt) > 60',
  'distance(order.location, point(40.7128, -74.0060)) < 30 km',
  'order.location is null',
  'order.requiredSkills contains "electrical"',
  'order.tags contains any ["ac", "safety"]',
  'order.custom.vip',
  'order.custom.maxKm > 5',
  'now - order.createdAt > 2 h',
  'len(order.title) > 12',
  'true',
];
const engineerConds = [
  'engineer.skills contains all order.requiredSkills',
  'engineer.status == "available"',
  'engineer.openOrders < engineer.capacity',
  'distance(engineer.location, order.location) <= 50 km',
  'engineer.rating >= 4.5',
  'engineer.region == order.address.region',
  '"North Metro" in engineer.groups',
];
const providerConds = ['provider.skills contains any order.requiredSkills', 'order.address.region in provider.regions', 'provider.rating > 4.5'];
const engineerKeys = ['distance(engineer.location, order.location)', 'engineer.openOrders', 'engineer.rating', 'engineer.lastAssignedAt', 'engineer.status'];
const providerKeys = ['provider.rating', 'provider.openOrders'];

function condition(atoms: string[], depth: number): fc.Arbitrary<string> {
  const atom = fc.constantFrom(...atoms);
  if (depth === 0) return atom;
  const sub = condition(atoms, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: atom },
    { weight: 1, arbitrary: fc.tuple(sub, fc.constantFrom('and', 'or'), sub).map(([a, op, b]) => `${a} ${op} ${b}`) },
    { weight: 1, arbitrary: sub.map((a) => `(${a})`) },
    { weight: 1, arbitrary: sub.map((a) => `not (${a})`) },
  );
}

function selection(conds: string[], keys: string[], collab: boolean): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.option(condition(conds, 2)),
      fc.array(fc.tuple(fc.constantFrom(...keys), fc.constantFrom('', ' asc', ' desc')), { maxLength: 2 }),
      collab ? fc.option(fc.integer({ min: 0, max: 3 })) : fc.constant(null),
    )
    .map(([where, ks, n]) =>
      [where ? `where ${where}` : '', ks.length ? `rank by ${ks.map(([k, d]) => k + d).join(', ')}` : '', n === null ? '' : `with ${n} collaborators`]
        .filter(Boolean)
        .join(' '),
    );
}

const target = fc.oneof(
  fc.constant('manual'),
  fc.constantFrom('"North Metro"', '"South Side"', '"Partner Network"').map((n) => `service_group ${n}`),
  fc.constantFrom('"Ana Ruiz"', '"e-2"', '"Dev Patel"').map((n) => `engineer ${n}`),
  selection(engineerConds, engineerKeys, true).map((s) => `engineer ${s}`),
  selection(engineerConds, engineerKeys, true).map((s) => `provider_engineer ${s}`),
  selection(providerConds, providerKeys, false).map((s) => `service_provider ${s}`),
);

const rule = fc
  .tuple(
    fc.option(fc.integer({ min: -3, max: 5 })),
    fc.option(fc.subarray(['assign_engineer', 'assign_service_group', 'group_internal_assign', 'assign_provider', 'own-engineer'], { minLength: 1 })),
    fc.boolean(),
    condition(orderConds, 2),
    target,
  )
  .map(([p, at, disabled, when, t]) => ({ p, at, disabled, when, t }));

const ruleSetSource = fc
  .tuple(fc.array(rule, { minLength: 1, maxLength: 6 }), fc.array(fc.constantFrom(' ', '\n', '\n    ', ' # note\n', '\n# between\n'), { minLength: 64, maxLength: 64 }))
  .map(([rules, seps]) => {
    let k = 0;
    const sep = () => seps[k++ % seps.length];
    return rules
      .filter((r) => !(r.at && r.at.every((a) => a !== 'own-engineer' && !fits(a, r.t))))
      .map((r, i) => {
        const parts = [`rule "r${i}"`];
        if (r.p !== null) parts.push(`priority ${r.p}`);
        if (r.at) parts.push(`at ${r.at.join(', ')}`);
        if (r.disabled) parts.push('disabled');
        parts.push(`when ${r.when}`, `assign ${r.t}`);
        return parts.join(sep());
      })
      .join(sep() + '\n');
  });

function fits(kind: string, t: string): boolean {
  if (t === 'manual') return true;
  const k = t.split(' ')[0];
  const table: Record<string, string[]> = {
    assign_engineer: ['engineer'],
    assign_service_group: ['service_group'],
    group_internal_assign: ['engineer', 'service_provider'],
    assign_provider: ['service_provider'],
  };
  return table[kind]?.includes(k) ?? false;
}

const nodes: NodeContext[] = [
  { id: 'own-engineer', kind: 'assign_engineer' },
  { id: 'n1', kind: 'assign_engineer', excluded: { engineers: ['e-1'] } },
  { id: 'n2', kind: 'assign_service_group' },
  { id: 'n3', kind: 'group_internal_assign', serviceGroupId: 'sg-north' },
  { id: 'n4', kind: 'group_internal_assign', serviceGroupId: 'sg-partners' },
  { id: 'n5', kind: 'assign_provider' },
  { id: 'n6', kind: 'provider_assign_engineer', providerId: 'p-1' },
  { id: 'n7', kind: 'assign_provider_engineer' },
];

function decisions(source: string): unknown[] {
  const { ruleSet } = compileRuleSet(source, { directory, customFields });
  expect(ruleSet).not.toBeNull();
  const out: unknown[] = [];
  for (const order of data.orders!) {
    for (const node of nodes) {
      const d = evaluate(ruleSet!, { order, node, directory, now: data.now! });
      out.push([d.outcome, d.rule, d.assignee, d.collaborators]);
    }
  }
  return out;
}

describe('properties: formatting', () => {
  it('generated rule sets are valid (the generator is sound)', () => {
    fc.assert(
      fc.property(ruleSetSource, (src) => {
        const { diagnostics } = compileRuleSet(src, { directory, customFields });
        expect(diagnostics.filter((d) => d.severity === 'error'), src).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('is idempotent, keeps every comment and does not change any decision', () => {
    fc.assert(
      fc.property(ruleSetSource, (src) => {
        const once = formatRuleSet(src);
        expect(once.text, src).not.toBeNull();
        const twice = formatRuleSet(once.text!);
        expect(twice.text).toBe(once.text);
        const comments = (s: string) => (s.match(/#[^\n]*/g) ?? []).map((c) => c.trim()).sort();
        expect(comments(once.text!)).toEqual(comments(src));
        expect(decisions(once.text!)).toEqual(decisions(src));
      }),
      { numRuns: 60 },
    );
  });

  it('is idempotent on whatever random text happens to parse', () => {
    fc.assert(
      fc.property(soup, (src) => {
        const once = formatRuleSet(src);
        if (once.text === null) return;
        expect(formatRuleSet(once.text).text).toBe(once.text);
      }),
      { numRuns: 400 },
    );
  });
});

describe('properties: time parsing', () => {
  it('parseIsoTime agrees with Date.parse on ISO timestamps and on anything else', async () => {
    const { parseIsoTime } = await import('./time');
    const same = (s: string) => {
      const a = parseIsoTime(s);
      const b = Date.parse(s);
      expect(Number.isNaN(a) ? 'NaN' : a, s).toBe(Number.isNaN(b) ? 'NaN' : b);
    };
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom('ms', 'noms', 'nosec', 'plus', 'minus'),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (d, form, oh, om) => {
          const iso = d.toISOString();
          const off = `${String(oh).padStart(2, '0')}:${String(om).padStart(2, '0')}`;
          const base = iso.slice(0, 19);
          same(iso);
          same(form === 'ms' ? iso : form === 'noms' ? `${base}Z` : form === 'nosec' ? `${iso.slice(0, 16)}Z` : `${base}${form === 'plus' ? '+' : '-'}${off}`);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => same(s)), { numRuns: 1000 });
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{3})?)?(Z|[+-]\d{2}:\d{2})$/), (s) => same(s)),
      { numRuns: 2000 },
    );
  });

  it('a distance filter answered by the index and box picks exactly what checking every engineer picks, anywhere on Earth', () => {
    // Whole hundredths of a degree: fast-check's doubles crowd at 0 and the ends of the range.
    const point = fc.record({ lat: fc.integer({ min: -9000, max: 9000 }).map((n) => n / 100), lng: fc.integer({ min: -18000, max: 18000 }).map((n) => n / 100) });
    const fast = (km: number) =>
      compileRuleSet(`rule "r" when true assign engineer where distance(engineer.location, order.location) <= ${km} km rank by distance(engineer.location, order.location), engineer.id with 2 collaborators`).ruleSet!;
    // "+ 0 km" hides the distance conjunct from the index: every engineer is checked exactly.
    const slow = (km: number) =>
      compileRuleSet(`rule "r" when true assign engineer where distance(engineer.location, order.location) + 0 km <= ${km} km rank by distance(engineer.location, order.location), engineer.id with 2 collaborators`).ruleSet!;
    const node: NodeContext = { id: 'pick', kind: 'assign_engineer' };
    const spot = fc.record({ bearing: fc.integer({ min: 0, max: 359 }), within: fc.integer({ min: 90, max: 110 }), far: point });
    fc.assert(
      fc.property(
        point,
        fc.array(spot, { minLength: 1, maxLength: 400 }),
        fc.constantFrom(0.5, 5, 15, 60, 400, 2500, 15000),
        (here, spots, km) => {
          // Half the engineers at the radius give or take 10%, in every direction; the rest anywhere.
          const rad = Math.PI / 180;
          const engineers = spots.map((p, i) => {
            let loc = p.far;
            if (i % 2 === 0) {
              const bearing = p.bearing * rad;
              const delta = (km * p.within) / 100 / 6371.0088;
              const f1 = here.lat * rad;
              const f2 = Math.asin(Math.sin(f1) * Math.cos(delta) + Math.cos(f1) * Math.sin(delta) * Math.cos(bearing));
              const l2 = here.lng * rad + Math.atan2(Math.sin(bearing) * Math.sin(delta) * Math.cos(f1), Math.cos(delta) - Math.sin(f1) * Math.sin(f2));
              loc = { lat: f2 / rad, lng: ((((l2 / rad + 180) % 360) + 360) % 360) - 180 };
            }
            return { id: `e${String(i).padStart(4, '0')}`, name: `E${i}`, providerId: null, skills: [], status: 'available', location: loc, region: 'r', openOrders: 0, capacity: 1, rating: 1 };
          });
          const dir = createDirectory({ serviceGroups: [], providers: [], engineers });
          const order = { ...data.orders![0], location: here };
          const a = evaluate(fast(km), { order, node, directory: dir, now: '2026-11-21T09:00:00Z' });
          const b = evaluate(slow(km), { order, node, directory: dir, now: '2026-11-21T09:00:00Z' });
          expect([a.assignee?.id, a.collaborators.map((c) => c.id), a.trace.considered[0].selection?.after]).toEqual([
            b.assignee?.id,
            b.collaborators.map((c) => c.id),
            b.trace.considered[0].selection?.after,
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('properties: why not this candidate agrees with the decision', () => {
  const ids = [...data.engineers!.map((e) => e.id), ...(data.providers ?? []).map((p) => p.id), ...(data.serviceGroups ?? []).map((g) => g.id)];

  it('chosen is the assignee; reasons follow the trace; "rank, position k" is k-th of the ranking; a failed term fails alone', () => {
    fc.assert(
      fc.property(ruleSetSource, (src) => {
        const { ruleSet } = compileRuleSet(src, { directory, customFields });
        expect(ruleSet, src).not.toBeNull();
        for (const order of data.orders!) {
          for (const node of nodes) {
            const d = evaluate(ruleSet!, { order, node, directory, now: data.now! });
            for (const id of ids) {
              if (!canAssign(node.kind, { directory }, id)) continue;
              const why = whyNot(ruleSet!, { order, node, directory, now: data.now! }, id, d)!;
              const label = `${src}\n${order.id} ${node.id} ${id} ${JSON.stringify(why)}`;
              if ('chosen' in why) {
                expect(d.assignee?.id, label).toBe(id);
                continue;
              }
              if ('collaborator' in why) {
                expect(d.collaborators.map((c) => c.id), label).toContain(id);
                continue;
              }
              expect(d.assignee?.id, label).not.toBe(id);
              expect(why.rules.map((r) => r.rule), label).toEqual(d.trace.considered.map((c) => c.rule));
              why.rules.forEach((r, i) => {
                const considered = d.trace.considered[i];
                expect(considered.when.value, label).toBe(r.reason !== 'when');
                const target = considered.target;
                if (target === 'manual') return;
                const base = { directory, order, node, now: data.now!, target, customFields, limit: 10_000 };
                if (r.reason === 'rank') {
                  const sel = considered.selection!;
                  const ranked = rankCandidates({ ...base, where: sel.where ?? undefined, rankBy: sel.rankBy.join(', '), requireSlot: true }).candidates.map((c) => c.id);
                  expect(ranked.indexOf(id) + 1, label).toBe(r.position);
                  expect(r.behind, label).toBe(d.assignee?.id);
                }
                if (r.reason === 'where') {
                  expect(r.failed.length, label).toBeGreaterThan(0);
                  for (const term of r.failed) {
                    const passing = rankCandidates({ ...base, where: term }).candidates.map((c) => c.id);
                    expect(passing, `${label}\n${term}`).not.toContain(id);
                  }
                }
                if (r.reason === 'scope') {
                  const inScope = rankCandidates(base).candidates.map((c) => c.id);
                  expect(inScope, label).not.toContain(id);
                }
              });
            }
          }
        }
      }),
      { numRuns: 80 },
    );
  });
});

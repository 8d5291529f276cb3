// One realistic 50-rule dispatch policy, written once as data and rendered for each engine:
// our rules language, json-rules-engine rules, a zen-engine decision table, and (through
// gen-handwritten.ts) the plain TypeScript if-chain a developer would write by hand.
// Plus seeded generators for orders, the directory and large engineer pools.
import type { DirectoryData, EngineerData, OrderData } from '../dsl/index';

export type Field = 'category' | 'priority' | 'source' | 'tier' | 'region';

export type Cond =
  | { k: 'eq'; f: Field; v: string }
  | { k: 'ne'; f: Field; v: string }
  | { k: 'in'; f: Field; vs: string[] }
  | { k: 'has'; f: 'requiredSkills' | 'tags'; v: string }
  /** hours_until(order.sla.resolveBy) < v */
  | { k: 'hoursLt'; v: number }
  /** minutes_since(order.createdAt) > v */
  | { k: 'ageGt'; v: number }
  /** distance(order.location, depot) < km */
  | { k: 'near'; depot: number; km: number };

export interface RuleSpec {
  name: string;
  priority: number;
  conds: Cond[];
  /** A service group name, or manual. */
  target: string | 'manual';
}

export const REGIONS = ['North', 'South', 'East', 'West', 'Central'] as const;
export const CATEGORIES = ['HVAC', 'Electrical', 'Plumbing', 'Install', 'Appliance', 'Roofing', 'Security'] as const;
/** One depot a region, [lat, lng]. */
export const DEPOTS: Array<[number, number]> = [
  [42.0, -73.5],
  [35.5, -80.0],
  [40.5, -72.5],
  [37.5, -121.5],
  [41.5, -93.0],
];

export function ruleSpecs(): RuleSpec[] {
  const specs: RuleSpec[] = [
    { name: 'platinum-install-manual', priority: 200, conds: [{ k: 'eq', f: 'tier', v: 'Platinum' }, { k: 'eq', f: 'category', v: 'Install' }], target: 'manual' },
    { name: 'safety-first', priority: 150, conds: [{ k: 'has', f: 'tags', v: 'safety' }, { k: 'in', f: 'priority', vs: ['High', 'Urgent'] }], target: 'Rapid Response' },
    { name: 'platinum-near-north-depot', priority: 140, conds: [{ k: 'eq', f: 'tier', v: 'Platinum' }, { k: 'near', depot: 0, km: 25 }], target: 'Metro Premium' },
    { name: 'sla-at-risk', priority: 130, conds: [{ k: 'hoursLt', v: 3 }, { k: 'eq', f: 'priority', v: 'Urgent' }], target: 'Rapid Response' },
    { name: 'phone-hvac-emergency', priority: 120, conds: [{ k: 'eq', f: 'source', v: 'phone' }, { k: 'eq', f: 'category', v: 'HVAC' }, { k: 'eq', f: 'priority', v: 'Urgent' }], target: 'HVAC Emergency' },
    { name: 'gold-install', priority: 110, conds: [{ k: 'eq', f: 'tier', v: 'Gold' }, { k: 'eq', f: 'category', v: 'Install' }, { k: 'hoursLt', v: 72 }], target: 'Install Pro' },
    { name: 'stale-orders', priority: 105, conds: [{ k: 'ageGt', v: 2400 }, { k: 'ne', f: 'priority', v: 'Low' }], target: 'Backlog Squad' },
    { name: 'solar', priority: 100, conds: [{ k: 'has', f: 'requiredSkills', v: 'solar' }], target: 'Solar Team' },
    { name: 'west-roofing-nearby', priority: 100, conds: [{ k: 'eq', f: 'category', v: 'Roofing' }, { k: 'eq', f: 'region', v: 'West' }, { k: 'near', depot: 3, km: 60 }], target: 'West Roofing' },
    { name: 'api-security', priority: 100, conds: [{ k: 'eq', f: 'source', v: 'api' }, { k: 'eq', f: 'category', v: 'Security' }], target: 'Security Partners' },
  ];
  let i = 0;
  REGIONS.forEach((region, r) => {
    for (const category of CATEGORIES) {
      const base: Cond[] = [{ k: 'eq', f: 'region', v: region }, { k: 'eq', f: 'category', v: category }];
      const kind = i++ % 3;
      if (kind === 0) specs.push({ name: `${region}-${category}-priority`.toLowerCase(), priority: 10, conds: [...base, { k: 'in', f: 'priority', vs: ['High', 'Urgent'] }], target: `${region} ${category} Priority` });
      else if (kind === 1) specs.push({ name: `${region}-${category}-due`.toLowerCase(), priority: 10, conds: [...base, { k: 'hoursLt', v: 48 }], target: `${region} ${category}` });
      else specs.push({ name: `${region}-${category}-local`.toLowerCase(), priority: 10, conds: [...base, { k: 'near', depot: r, km: 50 }], target: `${region} ${category} Local` });
    }
  });
  for (const region of REGIONS) specs.push({ name: `${region}-general`.toLowerCase(), priority: 0, conds: [{ k: 'eq', f: 'region', v: region }], target: `${region} General` });
  return specs;
}

/** Specs in the order every engine must try them: priority, then source order. */
export function orderedSpecs(): RuleSpec[] {
  return ruleSpecs()
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s.priority - a.s.priority || a.i - b.i)
    .map((x) => x.s);
}

export function groupNames(): string[] {
  return [...new Set(ruleSpecs().map((s) => s.target).filter((t) => t !== 'manual'))];
}

export function groupId(name: string): string {
  return 'sg-' + name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

// ---- rendering ---------------------------------------------------------------------------

const PATH: Record<Field, string> = {
  category: 'order.category',
  priority: 'order.priority',
  source: 'order.source',
  tier: 'order.customer.tier',
  region: 'order.address.region',
};

function dslCond(c: Cond): string {
  switch (c.k) {
    case 'eq':
      return `${PATH[c.f]} == "${c.v}"`;
    case 'ne':
      return `${PATH[c.f]} != "${c.v}"`;
    case 'in':
      return `${PATH[c.f]} in [${c.vs.map((v) => `"${v}"`).join(', ')}]`;
    case 'has':
      return `order.${c.f} contains "${c.v}"`;
    case 'hoursLt':
      return `hours_until(order.sla.resolveBy) < ${c.v}`;
    case 'ageGt':
      return `minutes_since(order.createdAt) > ${c.v}`;
    case 'near':
      return `distance(order.location, point(${DEPOTS[c.depot][0]}, ${DEPOTS[c.depot][1]})) < ${c.km} km`;
  }
}

export function toDsl(specs: RuleSpec[]): string {
  return specs
    .map((s) => {
      const target = s.target === 'manual' ? 'manual' : `service_group "${s.target}"`;
      return `rule "${s.name}"\n  priority ${s.priority}\n  when ${s.conds.map(dslCond).join('\n    and ')}\n  assign ${target}\n`;
    })
    .join('\n');
}

/** The flat facts the two peers read; computing them is part of each peer's timed work. */
export interface PeerFacts {
  category: string;
  priority: string;
  source: string;
  tier: string;
  region: string;
  requiredSkills: string[];
  tags: string[];
  hoursToResolve: number | null;
  minutesSinceCreated: number | null;
  depotKm: Array<number | null>;
}

export function haversineKm(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLng = (bLng - aLng) * rad;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLng / 2);
  const h = s1 * s1 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * s2 * s2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function peerFacts(o: OrderData, now: number): PeerFacts {
  const resolve = Date.parse(o.sla.resolveBy);
  const created = Date.parse(o.createdAt);
  const loc = o.location;
  return {
    category: o.category,
    priority: o.priority,
    source: o.source,
    tier: o.customer.tier,
    region: o.address.region,
    requiredSkills: o.requiredSkills,
    tags: o.tags,
    hoursToResolve: Number.isNaN(resolve) ? null : (resolve - now) / 3_600_000,
    minutesSinceCreated: Number.isNaN(created) ? null : (now - created) / 60_000,
    depotKm: DEPOTS.map(([lat, lng]) => (loc ? haversineKm(loc.lat, loc.lng, lat, lng) : null)),
  };
}

// json-rules-engine: one rule a spec, distinct priorities so that stopping at the first
// success gives first-match semantics.
export function toJsonRules(specs: RuleSpec[]) {
  return specs.map((s, i) => ({
    name: s.name,
    priority: specs.length - i,
    conditions: {
      all: s.conds.map((c) => {
        switch (c.k) {
          case 'eq':
            return { fact: c.f, operator: 'equal', value: c.v };
          case 'ne':
            return { fact: c.f, operator: 'notEqual', value: c.v };
          case 'in':
            return { fact: c.f, operator: 'in', value: c.vs };
          case 'has':
            return { fact: c.f, operator: 'contains', value: c.v };
          case 'hoursLt':
            return { fact: 'hoursToResolve', operator: 'lessThan', value: c.v };
          case 'ageGt':
            return { fact: 'minutesSinceCreated', operator: 'greaterThan', value: c.v };
          case 'near':
            return { fact: 'depotKm', path: `$[${c.depot}]`, operator: 'lessThan', value: c.km };
        }
      }),
    },
    event: { type: s.target === 'manual' ? 'manual' : 'assign', params: { rule: s.name, group: s.target === 'manual' ? null : groupId(s.target) } },
  }));
}

function zenCond(c: Cond): string {
  switch (c.k) {
    case 'eq':
      return `${c.f} == "${c.v}"`;
    case 'ne':
      return `${c.f} != "${c.v}"`;
    case 'in':
      return `${c.f} in [${c.vs.map((v) => `"${v}"`).join(', ')}]`;
    case 'has':
      return `contains(${c.f}, "${c.v}")`;
    case 'hoursLt':
      return `hoursToResolve != null and hoursToResolve < ${c.v}`;
    case 'ageGt':
      return `minutesSinceCreated != null and minutesSinceCreated > ${c.v}`;
    case 'near':
      return `depotKm[${c.depot}] != null and depotKm[${c.depot}] < ${c.km}`;
  }
}

// zen-engine: one decision table, hit policy "first", one row a spec in evaluation order.
export function toZenDecision(specs: RuleSpec[]) {
  return {
    nodes: [
      { id: 'in', type: 'inputNode', name: 'order', position: { x: 0, y: 0 } },
      {
        id: 'table',
        type: 'decisionTableNode',
        name: 'dispatch',
        position: { x: 300, y: 0 },
        content: {
          hitPolicy: 'first',
          inputs: [{ id: 'when', name: 'when' }],
          outputs: [
            { id: 'rule', name: 'rule', field: 'rule' },
            { id: 'group', name: 'group', field: 'group' },
          ],
          rules: specs.map((s, i) => ({
            _id: `r${i}`,
            when: s.conds.map(zenCond).join(' and '),
            rule: `"${s.name}"`,
            group: s.target === 'manual' ? 'null' : `"${groupId(s.target)}"`,
          })),
        },
      },
      { id: 'out', type: 'outputNode', name: 'decision', position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: 'e1', type: 'edge', sourceId: 'in', targetId: 'table' },
      { id: 'e2', type: 'edge', sourceId: 'table', targetId: 'out' },
    ],
  };
}

// ---- data --------------------------------------------------------------------------------

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, items: readonly T[], weights?: number[]): T {
  if (!weights) return items[Math.floor(r() * items.length)];
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i];
    if (x < 0) return items[i];
  }
  return items[items.length - 1];
}

export const NOW = '2026-11-21T09:00:00Z';

export function makeOrders(n: number, seed = 1): OrderData[] {
  const r = rng(seed);
  const now = Date.parse(NOW);
  const slaHours: Record<string, number> = { Urgent: 4, High: 24, Medium: 72, Low: 120 };
  const skillOf: Record<string, string> = { HVAC: 'hvac', Electrical: 'electrical', Plumbing: 'plumbing', Install: 'install', Appliance: 'appliance', Roofing: 'roofing', Security: 'security' };
  const orders: OrderData[] = [];
  for (let i = 0; i < n; i++) {
    const islands = r() < 0.04;
    const ri = Math.floor(r() * REGIONS.length);
    const region = islands ? 'Islands' : REGIONS[ri];
    const [clat, clng] = islands ? [21.3, -157.8] : DEPOTS[ri];
    const category = pick(r, CATEGORIES, [25, 20, 18, 10, 12, 7, 8]);
    const priority = pick(r, ['Low', 'Medium', 'High', 'Urgent'], [30, 40, 20, 10]);
    const created = now - Math.floor(r() * 72 * 60) * 60_000;
    const skills = [skillOf[category]];
    if (r() < 0.05) skills.push('solar');
    const tags = ['safety', 'ac', 'repeat', 'warranty'].filter(() => r() < 0.1);
    orders.push({
      id: `wo-${i}`,
      number: `WO-${100000 + i}`,
      title: `${category} job ${i}`,
      category,
      priority,
      source: pick(r, ['portal', 'api', 'phone', 'manual'], [40, 30, 20, 10]),
      customer: { name: `Customer ${i % 997}`, tier: pick(r, ['Standard', 'Gold', 'Platinum'], [75, 20, 5]) },
      address: { city: `City ${i % 50}`, region, postcode: String(10000 + (i % 9000)) },
      location: r() < 0.1 ? null : { lat: clat + (r() - 0.5) * 1.4, lng: clng + (r() - 0.5) * 1.8 },
      requiredSkills: skills,
      tags,
      custom: {},
      createdAt: new Date(created).toISOString(),
      sla: {
        respondBy: new Date(created + (slaHours[priority] / 4) * 3_600_000).toISOString(),
        resolveBy: new Date(created + slaHours[priority] * 3_600_000).toISOString(),
      },
    });
  }
  return orders;
}

export function groupDirectory(): DirectoryData {
  return {
    now: NOW,
    serviceGroups: groupNames().map((name) => ({ id: groupId(name), name, kind: 'engineers' as const, members: [] })),
    providers: [],
    engineers: [],
  };
}

/** `n` internal engineers over the north-east, about 1,000 km by 800 km. */
export function makeEngineers(n: number, seed = 2): EngineerData[] {
  const r = rng(seed);
  const skills = ['hvac', 'electrical', 'plumbing', 'install', 'appliance'];
  const out: EngineerData[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: `e-${String(i).padStart(6, '0')}`,
      name: `Engineer ${i}`,
      providerId: null,
      skills: skills.filter(() => r() < 0.45),
      status: pick(r, ['available', 'busy', 'off_shift', 'on_leave'], [60, 25, 10, 5]),
      location: r() < 0.03 ? null : { lat: 38 + r() * 7, lng: -80 + r() * 10 },
      region: 'North',
      openOrders: Math.floor(r() * 6),
      capacity: 5,
      rating: 3 + Math.round(r() * 20) / 10,
    });
  }
  return out;
}

/**
 * Engineers of one metro area with a schedule: shifts 08:00–16:00 UTC on weekdays from the day
 * before `NOW` for 16 days, and about 5 bookings a working day from `NOW`'s day on (30–90 min,
 * 10–40 min apart, each at a place of its own), as the directory cache fills them.
 */
export function makeScheduledEngineers(n: number, seed = 4): EngineerData[] {
  const r = rng(seed);
  const day0 = Math.floor(Date.parse(NOW) / 86_400_000) * 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  const out: EngineerData[] = [];
  for (let i = 0; i < n; i++) {
    const shifts: { start: string; end: string }[] = [];
    const bookings: { order: string; start: string; end: string; location: { lat: number; lng: number } }[] = [];
    let b = 0;
    for (let d = -1; d < 15; d++) {
      const day = day0 + d * 86_400_000;
      const weekday = new Date(day).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const start = day + 8 * 3_600_000;
      const end = day + 16 * 3_600_000;
      shifts.push({ start: iso(start), end: iso(end) });
      if (d < 0) continue;
      let t = start + Math.floor(r() * 30) * 60_000;
      for (let k = 0; k < 5; k++) {
        const len = (30 + Math.floor(r() * 61)) * 60_000;
        if (t + len > end) break;
        bookings.push({ order: `wo-b${i}-${b++}`, start: iso(t), end: iso(t + len), location: { lat: 40.5 + r() * 0.5, lng: -74.2 + r() * 0.5 } });
        t += len + (10 + Math.floor(r() * 31)) * 60_000;
      }
    }
    out.push({
      id: `e-${String(i).padStart(6, '0')}`,
      name: `Engineer ${i}`,
      providerId: null,
      skills: ['hvac'],
      status: 'available',
      location: { lat: 40.5 + r() * 0.5, lng: -74.2 + r() * 0.5 },
      region: 'North',
      openOrders: Math.floor(r() * 6),
      capacity: 5,
      rating: 3 + Math.round(r() * 20) / 10,
      shifts,
      bookings,
    });
  }
  return out;
}

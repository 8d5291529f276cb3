// The data of `npm run bench:dispatch`: a company of engineers over twelve metro areas, one rule
// (nearest available engineer with the skill within 15 km), a flow that auto-dispatches to it, and
// the orders the load sends. Shared by the benchmark and its load generator (intake-load.ts).
import { eq } from 'drizzle-orm';
import type { Database } from '../drizzle/client';
import * as s from '../drizzle/schema';
import { seedDemoData } from '../drizzle/seed/seed';
import type { NewOrderInput } from '../engine/dispatch';
import { loadPrincipal } from '../engine/directory/principal';
import { createFlow, publishFlow, saveFlowDraft, setDefaultFlow } from '../engine/flows';
import { createRuleSet, publishRuleSet } from '../engine/rulesets';
import { rng } from './rules-spec';

const SKILLS = ['hvac', 'electrical', 'plumbing', 'install', 'security', 'network'];
// A company of 10,000 engineers covers a region, not one street: twelve metro areas of the US
// north-east, each engineer and order within ~25 km of its metro's centre.
export const METROS = [
  [42.36, -71.06], [41.82, -71.41], [41.76, -72.68], [41.31, -72.92], [40.71, -74.0], [40.73, -74.17],
  [40.22, -74.76], [39.95, -75.16], [39.74, -75.55], [39.29, -76.61], [38.91, -77.04], [40.27, -76.88],
] as const;
function nearMetro(r: () => number): { lat: number; lng: number } {
  const [lat, lng] = METROS[Math.floor(r() * METROS.length)];
  return { lat: lat + (r() - 0.5) * 0.45, lng: lng + (r() - 0.5) * 0.55 };
}

const RULES = `# Nearest available engineer with the skills, within 15 km, least loaded first
rule "nearest-available"
  when order.location is not null
  assign engineer
    where engineer.status == "available"
      and engineer.skills contains all order.requiredSkills
      and distance(engineer.location, order.location) <= 15 km
    rank by distance(engineer.location, order.location) asc, engineer.openOrders asc
`;

export { rng };

/** A fresh database with the demo company, `engineers` more engineers over the metro areas and the bench flow as the default. */
export async function prepare(database: Database, engineerCount: number) {
  await database.migrate();
  await seedDemoData(database.db, { orders: 0 });
  // The intake's own path, as before scheduling: orders without a duration (no slot search, no booking).
  await database.db.delete(s.categoryDurations);
  const r = rng(7);
  // 10,000 engineers over the metro area, each with a sign-in so the assignment notifies someone.
  for (let i = 0; i < engineerCount; i += 1000) {
    const users = [];
    const engineers = [];
    for (let j = i; j < Math.min(i + 1000, engineerCount); j++) {
      users.push({ id: `bench-u-${j}`, name: `Bench Engineer ${j}`, email: `bench${j}@bench.example`, role: 'engineer' as const });
      engineers.push({
        id: `bench-e-${j}`,
        userId: `bench-u-${j}`,
        name: `Bench Engineer ${j}`,
        skills: [SKILLS[j % SKILLS.length], SKILLS[(j * 7) % SKILLS.length]],
        status: (r() < 0.7 ? 'available' : 'busy') as s.EngineerStatus,
        ...nearMetro(r),
        locationAt: new Date(),
        region: 'Metro',
        capacity: 1_000_000,
      });
    }
    await database.db.insert(s.users).values(users);
    await database.db.insert(s.engineers).values(engineers);
  }
  const [admin] = await database.db.select().from(s.users).where(eq(s.users.email, 'admin@hudson.example'));
  const principal = (await loadPrincipal(database.db, admin.id))!;
  const rs = await createRuleSet(database.db, principal, { name: 'Bench rules', source: RULES });
  await publishRuleSet(database.db, principal, rs.id);
  const flow = await createFlow(database.db, principal, { name: 'Bench: dispatcher > engineer' });
  await saveFlowDraft(database.db, principal, {
    id: flow.id,
    graph: {
      name: 'Bench: dispatcher > engineer',
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'pick', kind: 'assign_engineer', config: { autoDispatch: true, ruleSet: 'Bench rules' } },
        { id: 'accept', kind: 'engineer_accept' },
        { id: 'end', kind: 'end' },
      ],
      edges: [
        { from: 'start', to: 'pick' },
        { from: 'pick', to: 'accept' },
        { from: 'accept', to: 'end' },
      ],
    },
  });
  await publishFlow(database.db, principal, flow.id);
  await setDefaultFlow(database.db, flow.id);
}

export function orderInput(i: number, r: () => number): NewOrderInput {
  return {
    title: `Bench order ${i}`,
    description: '',
    category: 'HVAC',
    priority: 'High',
    customer: { name: 'Bench Co', tier: 'Standard' },
    address: { street: '', city: 'New York', region: 'Metro', postcode: '' },
    location: nearMetro(r),
    requiredSkills: [SKILLS[i % SKILLS.length]],
    tags: [],
    custom: { contractLevel: 'Basic' },
  };
}


// npm run bench:queues — the dispatcher workspace's server time on the Postgres server:
//   * queue page data (listQueues + one page of listQueueOrders, as the page loads them) with
//     100,000 orders in the database; target < 100 ms
//   * ranked candidates (listCandidates) at a group step whose group has 10,000 engineers; target < 50 ms
// p50/p95/p99 over >= 50 runs each, after a warm-up. Creates and drops its own database.
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../drizzle/client';
import * as s from '../drizzle/schema';
import { seedDemoData } from '../drizzle/seed/seed';
import { createEngine, listCandidates } from '../engine/dispatch';
import { loadPrincipal } from '../engine/directory/principal';
import type { Principal } from '../engine/principal';
import { listQueueOrders, listQueues } from '../engine/queues';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const ENGINEERS = Number(process.env.BENCH_ENGINEERS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

function stats(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { p50: q(50), p95: q(95), p99: q(99), max: sorted[sorted.length - 1], runs: ms.length };
}

async function measure(name: string, target: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  const r = stats(ms);
  const ok = r.p95 < target;
  console.log(
    `${name.padEnd(58)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.runs} runs)  target < ${target} ms: ${ok ? 'PASS' : 'FAIL'}`,
  );
  return ok;
}

async function main() {
  const name = `ds_bench_queues_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolMax: 10 });
  let allOk = true;
  try {
    const t = performance.now();
    await database.migrate();
    await seedDemoData(database.db, { orders: 0 });
    const db = database.db;
    // 10,000 engineers in North Metro (an engineer group), spread over the metro area.
    await db.execute(sql`
      INSERT INTO engineers (id, name, skills, status, lat, lng, location_at, region, capacity, rating, open_orders)
      SELECT 'bx-e-' || i, 'Bench Engineer ' || i,
             ARRAY[(ARRAY['hvac','electrical','plumbing','install','security','network'])[1 + i % 6],
                   (ARRAY['hvac','electrical','plumbing','install','security','network'])[1 + (i * 7) % 6]],
             (ARRAY['available','available','busy','off_shift']::engineer_status[])[1 + i % 4],
             40.55 + (i % 997) / 997.0 * 0.45, -74.15 + (i % 991) / 991.0 * 0.45,
             now() - (i % 240) * interval '1 minute', (ARRAY['North','Central','South','East','West'])[1 + i % 5],
             3 + i % 6, 3.5 + (i % 15) / 10.0, i % 4
      FROM generate_series(1, ${ENGINEERS}) AS i`);
    await db.execute(sql`INSERT INTO service_group_members (group_id, engineer_id) SELECT 'sg-north', 'bx-e-' || i FROM generate_series(1, ${ENGINEERS}) AS i`);
    // 100,000 orders on the seed-001 flow: about a third waiting at one of its three dispatch steps
    // (company, group, provider), the rest assigned, in progress or completed.
    await db.execute(sql`
      INSERT INTO work_orders (id, number, title, description, category, priority, customer_name, customer_tier, street, city, region, postcode,
        lat, lng, required_skills, source, status, respond_by, resolve_by, flow_id, flow_version_id, current_node_id, node_path, node_entered_at,
        service_group_id, provider_id, created_at, updated_at)
      SELECT 'bx-o-' || i, 'BX-' || lpad(i::text, 7, '0'),
             (ARRAY['AC not cooling','Breaker keeps tripping','Leaking pipe','CCTV offline','Store Wi-Fi down'])[1 + i % 5], '',
             (ARRAY['HVAC','Electrical','Plumbing','Security','Network','Install','Appliance'])[1 + i % 7],
             (ARRAY['Low','Medium','Medium','High','Urgent']::priority[])[1 + i % 5],
             'Customer ' || (i % 500), 'Standard', (i % 900) || ' Main St', 'New York',
             (ARRAY['North','Central','South','East','West'])[1 + i % 5], '10001',
             CASE WHEN i % 10 = 0 THEN NULL ELSE 40.6 + (i % 811) / 811.0 * 0.35 END,
             CASE WHEN i % 10 = 0 THEN NULL ELSE -74.1 + (i % 787) / 787.0 * 0.35 END,
             ARRAY[(ARRAY['hvac','electrical','plumbing','security','network','install','appliance'])[1 + i % 7]],
             'api',
             CASE WHEN i % 3 = 0 THEN 'pending_assignment' WHEN i % 3 = 1 THEN 'completed' ELSE 'assigned' END::order_status,
             now() + ((i % 600) - 200) * interval '1 minute', now() + ((i % 4000) - 1000) * interval '1 minute',
             'flow-group-provider-engineer', 'flow-group-provider-engineer-v1',
             CASE WHEN i % 3 <> 0 THEN CASE WHEN i % 3 = 1 THEN 'end' ELSE 'accept' END
                  WHEN i % 9 = 0 THEN 'assign-group' WHEN i % 9 = 3 THEN 'group-internal' ELSE 'provider-engineer' END,
             ARRAY['start','assign-group'], now() - (i % 3000) * interval '1 minute',
             CASE WHEN i % 9 = 0 THEN NULL ELSE (ARRAY['sg-north','sg-south','sg-west','sg-partners'])[1 + i % 4] END,
             CASE WHEN i % 9 = 6 THEN (ARRAY['sp-coolfix','sp-brightspark','sp-aquaflow','sp-securenet'])[1 + i % 4] ELSE NULL END,
             now() - (i % 5000) * interval '1 minute', now()
      FROM generate_series(1, ${ORDERS}) AS i`);
    await db.execute(sql`ANALYZE`);
    console.log(`prepared ${ORDERS.toLocaleString()} orders and ${ENGINEERS.toLocaleString()} engineers in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const principal = async (email: string): Promise<Principal> => {
      const [u] = await db.select().from(s.users).where(eq(s.users.email, email));
      return (await loadPrincipal(db, u.id))!;
    };
    const dispatcher = await principal('dispatcher@hudson.example');
    const gina = await principal('group.dispatcher@hudson.example');
    const coolfix = await principal('provider.dispatcher@coolfix.example');
    const pageData = (p: Principal, input: Parameters<typeof listQueueOrders>[2] = {}) => () =>
      Promise.all([listQueues(db, p), listQueueOrders(db, p, { pageSize: 25, ...input })]);

    console.log('\nQueue page data (listQueues + one page of 25 of listQueueOrders), server time:');
    allOk = (await measure('company dispatcher, all queues, by SLA due', 100, pageData(dispatcher))) && allOk;
    allOk = (await measure('company dispatcher, page 40, by priority desc', 100, pageData(dispatcher, { page: 40, sort: 'priority', direction: 'desc' }))) && allOk;
    allOk = (await measure('company dispatcher, filters High+Urgent, Central, overdue', 100, pageData(dispatcher, { filters: { priority: ['High', 'Urgent'], region: ['Central'], slaDue: 'overdue' } }))) && allOk;
    allOk = (await measure('company dispatcher, text search "Customer 42"', 100, pageData(dispatcher, { filters: { text: 'Customer 42' } }))) && allOk;
    allOk = (await measure('group dispatcher (North Metro + Partner Network)', 100, pageData(gina))) && allOk;
    allOk = (await measure('provider dispatcher (CoolFix), provider portal', 100, pageData(coolfix))) && allOk;

    // An order waiting at North Metro's internal step: its candidates are the group's 10,000+ engineers.
    const [order] = await db
      .select({ id: s.workOrders.id })
      .from(s.workOrders)
      .where(sql`${s.workOrders.currentNodeId} = 'group-internal' and ${s.workOrders.serviceGroupId} = 'sg-north' and ${s.workOrders.status} = 'pending_assignment' and ${s.workOrders.lat} is not null`)
      .limit(1);
    // The server's engine (server/app.ts): the directory kept 2 s and refreshed in the background.
    const deps = createEngine({ db });
    const first = await listCandidates(deps, gina, order.id);
    console.log(`\nRanked candidates (listCandidates, ${ENGINEERS.toLocaleString()} engineers in the group; ${first.candidates.length} returned), server time with the directory cached:`);
    allOk = (await measure('group dispatcher, order at group-internal', 50, () => listCandidates(deps, gina, order.id))) && allOk;
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  console.log(allOk ? '\nAll targets met.' : '\nSome targets missed.');
  process.exitCode = allOk ? 0 : 1;
}

void main();

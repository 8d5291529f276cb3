// npm run bench:impact — what publishing a rule set would change (engine/impact), on the Postgres
// server with 10,000 orders decided in the last 30 days on the demo flow (bench/queues-data.ts and
// their history, bench/insights-data.ts) and a queue decision at the group's internal step for each,
// with 2,000 more engineers in North Metro:
//   * as the publish dialog calls it, over HTTP on the production build (`next build` into
//     .next-impact, `next start` on this database, an admin signed in through better-auth): the draft
//     saved, rules.impactStart, then rules.impactProgress polled until the replay is done
//   * the same replay in-process (engine/impact, no HTTP), printed beside it
// The draft adds a rule at the group's internal step (urgent work to the nearest available engineer
// of the group), so both the published version and the draft rank engineers there.
// Target: every decision of the 10,000 orders replayed in < 10 s, printed as a ratio of the limit.
// BENCH_RUNS (default 3) replays over HTTP; BENCH_ORDERS, BENCH_ENGINEERS. Creates and drops its own
// database. BENCH_BUILD=always|never|auto (default: rebuild when a source is newer than the build).
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { eq, sql } from 'drizzle-orm';
import superjson from 'superjson';
import * as s from '../drizzle/schema';
import { DEMO_PASSWORD } from '../drizzle/seed/demo-data';
import { createEngine } from '../engine/dispatch';
import { loadPrincipal } from '../engine/directory/principal';
import { impactProgress, startImpact } from '../engine/impact';
import { DEMO_RULE_SET_NAME, loadDemoRuleSource } from '../engine/templates';
import type { AppRouter } from '../server/root';
import { withBenchDatabase } from './bench-database';
import { seedInsightsBench } from './insights-data';
import { prepareBuild, signIn, startApp } from './next-app';
import { seedQueueBench } from './queues-data';
import { fmt, reportTargets } from './stats';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const ENGINEERS = Number(process.env.BENCH_ENGINEERS ?? 2_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DIST_DIR = process.env.BENCH_DIST_DIR ?? '.next-impact';
const LIMIT_S = 10;
const ADMIN = 'admin@hudson.example';

const DRAFT = `rule "urgent-to-nearest-available"
  priority 2000
  at group_internal_assign
  when order.priority == "Urgent" and order.location is not null
  assign engineer
    where engineer.status == "available" and engineer.openOrders < engineer.capacity
    rank by distance(engineer.location, order.location) asc, engineer.openOrders asc

${loadDemoRuleSource()}`;

/** A queue decision at the group's internal step for every bench order, two hours after it came in (or a minute ago). */
async function seedGroupStepDecisions(db: Parameters<typeof seedQueueBench>[0]) {
  await db.execute(sql`
    INSERT INTO order_events (order_id, type, actor_type, node_id, data, created_at)
    SELECT o.id, 'queued', 'system', 'group-internal', '{}'::jsonb, LEAST(o.created_at + interval '2 hours', now() - interval '1 minute')
    FROM work_orders o WHERE o.id LIKE 'bx-o-%'`);
  await db.execute(sql`ANALYZE order_events`);
}

const line = (what: string, seconds: number, size: string) =>
  `${what.padEnd(58)} ${fmt(seconds, 2).padStart(6)} s  (${size})  ${fmt(seconds / LIMIT_S, 2)} of the ${LIMIT_S} s limit: ${seconds < LIMIT_S ? 'PASS' : 'FAIL'}`;

async function main() {
  prepareBuild(DIST_DIR);
  let allOk = true;
  await withBenchDatabase(SERVER, 'ds_bench_impact', async (database, url) => {
    const t = performance.now();
    await database.migrate();
    await seedQueueBench(database.db, { orders: ORDERS, engineers: ENGINEERS });
    await seedInsightsBench(database.db);
    await seedGroupStepDecisions(database.db);
    const db = database.db;
    const [ruleSet] = await db.select({ id: s.ruleSets.id }).from(s.ruleSets).where(eq(s.ruleSets.name, DEMO_RULE_SET_NAME));
    const [admin] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, ADMIN));
    console.log(`prepared ${fmt(ORDERS)} orders with their decisions and ${fmt(ENGINEERS)} more engineers in ${fmt((performance.now() - t) / 1000, 1)} s`);

    const app = await startApp({ distDir: DIST_DIR, databaseUrl: url });
    try {
      const cookie = await signIn(app.baseUrl, ADMIN, DEMO_PASSWORD);
      const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${app.baseUrl}/api/trpc`, transformer: superjson, headers: { cookie } })] });
      await client.rules.saveDraft.mutate({ id: ruleSet.id, source: DRAFT });

      const overHttp: number[] = [];
      let size = '';
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const started = await client.rules.impactStart.mutate({ id: ruleSet.id });
        let progress = await client.rules.impactProgress.query({ impactId: started.id });
        let polls = 1;
        while (progress.status === 'running') {
          await new Promise((r) => setTimeout(r, 100));
          progress = await client.rules.impactProgress.query({ impactId: started.id });
          polls++;
        }
        const seconds = (performance.now() - t0) / 1000;
        if (progress.status !== 'done' || !progress.figures) throw new Error(`the replay ended ${progress.status}: ${progress.error}`);
        const f = progress.figures;
        if (f.orders !== ORDERS) throw new Error(`expected the ${fmt(ORDERS)} orders replayed, the figures count ${fmt(f.orders)}`);
        size = `${fmt(f.orders)} orders, ${fmt(f.decisions)} decisions, ${fmt(ENGINEERS)} + demo engineers`;
        overHttp.push(seconds);
        console.log(
          `  run ${i + 1}: ${fmt(seconds, 2)} s, ${polls} progress polls; ${fmt(f.changed)} decisions change (${fmt(f.changedOrders)} orders); ` +
            `auto-dispatch ${fmt(f.before.autoRate! * 100, 1)}% → ${fmt(f.after.autoRate! * 100, 1)}%, mean travel ${fmt(f.before.meanTravelMinutes ?? 0, 1)} → ${fmt(f.after.meanTravelMinutes ?? 0, 1)} min`,
        );
      }
      const slowest = Math.max(...overHttp);
      console.log(`\n${line(`rules.impactStart + impactProgress over HTTP (${DIST_DIR}), slowest of ${RUNS}`, slowest, size)}`);
      allOk = slowest < LIMIT_S && allOk;
    } finally {
      await app.stop();
    }

    // The same replay in this process, beside it.
    const engine = createEngine({ db });
    const principal = (await loadPrincipal(db, admin.id))!;
    const t0 = performance.now();
    const started = await startImpact(engine, principal, 'rule_set', ruleSet.id);
    await started.finished;
    const seconds = (performance.now() - t0) / 1000;
    const done = await impactProgress(db, 'rule_set', started.id);
    console.log(line('startImpact in-process (engine/impact, Postgres)', seconds, `${fmt(done.figures?.orders ?? 0)} orders, ${fmt(done.figures?.decisions ?? 0)} decisions`));
    allOk = seconds < LIMIT_S && done.status === 'done' && allOk;
  });
  reportTargets(allOk);
}

void main();

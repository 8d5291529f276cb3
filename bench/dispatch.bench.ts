// npm run bench:dispatch — orders auto-dispatched per second through the intake as it ships: the
// production build (`next build`, `next start`) on the Postgres server, orders POSTed to
// /api/v1/work-orders with an API key and an Idempotency-Key each by a load generator in its own
// process (intake-load.ts, keep-alive connections), at 8, 16 and 32 in flight; beside it the
// in-process figure (createOrder on an engine built as the app builds it) and pgbench's TPC-B TPS
// with as many clients, all on the same server in the same run. Every order is checked in the
// database: auto-assigned and its assignee notified. The app's RSS is read before and after the
// HTTP orders (50,000 by default). BENCH_PROFILE=<dir> runs the server under node --cpu-prof.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, count, eq, isNotNull, sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../drizzle/client';
import * as s from '../drizzle/schema';
import { createEngine, createOrder, type Engine } from '../engine/dispatch';
import { createApiKey } from '../server/rest/api-keys';
import { createBenchDatabase } from './bench-database';
import { METROS, orderInput, prepare, rng } from './dispatch-data';
import type { RunResult } from './intake-load';
import { prepareBuild, startApp } from './next-app';
import { fmt, percentile } from './stats';

const ENGINEERS = Number(process.env.BENCH_ENGINEERS ?? 10_000);
/** Orders per level in-process, and over HTTP (three levels of 16,667: the 50,000 the RSS is read over). */
const ORDERS_IN_PROCESS = Number(process.env.BENCH_ORDERS ?? 6_000);
const ORDERS_HTTP = Number(process.env.BENCH_HTTP_ORDERS ?? 16_667);
// HTTP warm-up orders: compiled routes, caches, the JIT, and the heap grown to its working size.
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 5_000);
// Requests in flight, and pgbench clients: each is measured at each level and compared at its best.
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '8,16,32').split(',').map(Number);
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DIST_DIR = process.env.BENCH_DIST_DIR ?? '.next-engine';
/** BENCH_BUILD=never reuses the build in DIST_DIR. */
const BUILD = process.env.BENCH_BUILD === 'never' ? 'never' : 'always';
const PROFILE_DIR = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Measured {
  path: 'HTTP' | 'in-process';
  level: number;
  orders: number;
  perSecond: number;
  p50: number;
  p99: number;
  tag: string;
  autoAssigned: number;
  notified: number;
  /** Orders whose assignee has a sign-in, so someone to notify. */
  notifiable: number;
  failed: number;
}

/** In-process: `count` orders through createOrder on an engine built as server/app.ts builds it. */
async function inProcess(engine: Engine, apiKeyId: string, level: number, tag: string) {
  const api = { type: 'api' as const, apiKeyId };
  const r = rng(1_000 + level);
  const warm = Array.from({ length: 200 }, (_, i) => orderInput(i, r));
  const inputs = Array.from({ length: ORDERS_IN_PROCESS }, (_, i) => orderInput(i, r));
  const pool = async (n: number, fn: (i: number) => Promise<unknown>) => {
    let next = 0;
    await Promise.all(Array.from({ length: level }, async () => {
      for (let i = next++; i < n; i = next++) await fn(i);
    }));
  };
  await pool(warm.length, (i) => createOrder(engine, api, warm[i], { idempotencyKey: `${tag}-warm-${i}` }));
  const latencies: number[] = [];
  const started = performance.now();
  await pool(inputs.length, async (i) => {
    const t = performance.now();
    await createOrder(engine, api, inputs[i], { idempotencyKey: `${tag}-${i}` });
    latencies.push(performance.now() - t);
  });
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: inputs.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** What the database holds for the orders of a run: how many there are, auto-assigned, with the assignee notified. */
async function check(db: Database['db'], tag: string) {
  const ours = sql`${s.workOrders.idempotencyKey} LIKE ${`${tag}-%`} AND ${s.workOrders.idempotencyKey} NOT LIKE ${`${tag}-warm-%`}`;
  const [made] = await db.select({ n: count() }).from(s.workOrders).where(ours);
  const [assigned] = await db.select({ n: count() }).from(s.workOrders).where(and(eq(s.workOrders.assign_way, 'auto'), ours));
  const [notified] = await db
    .select({ n: sql<number>`count(DISTINCT ${s.notifications.orderId})::int` })
    .from(s.notifications)
    .innerJoin(s.workOrders, eq(s.workOrders.id, s.notifications.orderId))
    .where(and(eq(s.notifications.kind, 'assigned'), ours));
  // A few demo engineers have no sign-in: there is nobody to notify for their orders.
  const [withSignIn] = await db
    .select({ n: count() })
    .from(s.workOrders)
    .innerJoin(s.engineers, eq(s.engineers.id, s.workOrders.engineerId))
    .where(and(ours, isNotNull(s.engineers.userId)));
  return { made: made.n, autoAssigned: assigned.n, notified: notified.n, notifiable: withSignIn.n };
}

/** One run of the load generator: resolves with its latencies. */
function load(child: ChildProcess, job: { baseUrl: string; apiKey: string; from: number; count: number; concurrency: number; tag: string }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    child.once('message', (m: RunResult | { error: string }) => ('error' in m ? reject(new Error(m.error)) : resolve(m)));
    child.send(job);
  });
}

/** pgbench TPC-B at scale 10 in a database of its own: `-i -s 10`, then `-c N -j 2 -T 15 -M prepared` per level. */
function pgbenchTps(url: string, levels: number[]): number[] {
  const u = new URL(url);
  const args = ['-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres'];
  const db = u.pathname.slice(1);
  execFileSync('pgbench', [...args, '-i', '-q', '-s', '10', db], { stdio: 'ignore' });
  return levels.map((clients) => {
    const out = execFileSync('pgbench', [...args, '-c', String(clients), '-j', '2', '-T', '15', '-M', 'prepared', db], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /tps = ([\d.]+)/.exec(out);
    if (!m) throw new Error(`pgbench printed no tps:\n${out}`);
    return Number(m[1]);
  });
}

async function main() {
  console.log(
    `dispatch benchmark: ${fmt(ENGINEERS)} engineers over ${METROS.length} metro areas, rule: nearest available with the skill within 15 km; ` +
      `over HTTP ${fmt(ORDERS_HTTP)} orders per level, in-process ${fmt(ORDERS_IN_PROCESS)}, at ${LEVELS.join(', ')} in flight; node ${process.version}`,
  );
  const bench = await createBenchDatabase(SERVER, 'ds_bench_dispatch');
  const url = bench.url;
  const database = await openDatabase({ url, poolMax: Math.max(...LEVELS) + 2 });
  const results: Measured[] = [];
  let rss: { idle: number; before: number; after: number; orders: number } | null = null;
  try {
    await prepare(database, ENGINEERS);
    const key = await createApiKey(database.db, { name: 'bench:dispatch', scopes: ['create', 'read_own'] }, null);
    const run = String(Date.now());

    // In-process: the engine as the app builds it (directory refreshed in the background, group commit).
    const engine = createEngine({ db: database.db });
    for (const level of LEVELS) {
      const tag = `inproc-${run}-${level}`;
      const r = await inProcess(engine, key.id, level, tag);
      const c = await check(database.db, tag);
      results.push({ path: 'in-process', level, orders: ORDERS_IN_PROCESS, ...r, tag, autoAssigned: c.autoAssigned, notified: c.notified, notifiable: c.notifiable, failed: ORDERS_IN_PROCESS - c.made });
    }
    await engine.settle();

    // Over HTTP: the production build.
    prepareBuild(DIST_DIR, BUILD);
    if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
    const app = await startApp({
      distDir: DIST_DIR,
      databaseUrl: url,
      nodeArgs: PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
    });
    const loader = fork(path.join(HERE, 'intake-load.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    try {
      await new Promise((resolve) => loader.once('message', resolve));
      const job = { baseUrl: app.baseUrl, apiKey: key.key };
      const idle = app.rssMb();
      // Warm up as pgbench's connections are warm: compiled routes, the engine's caches, the JIT.
      const warm = await load(loader, { ...job, from: 0, count: WARM_UP, concurrency: 16, tag: `http-${run}-warm` });
      if (warm.firstError) console.log(`warm-up: ${warm.firstError}`);
      await new Promise((r) => setTimeout(r, 1_000));
      const before = app.rssMb();
      let sent = 0;
      for (const level of LEVELS) {
        const tag = `http-${run}-${level}`;
        const r = await load(loader, { ...job, from: sent, count: ORDERS_HTTP, concurrency: level, tag });
        sent += ORDERS_HTTP;
        if (r.firstError) console.log(`at ${level} in flight, first error: ${r.firstError}`);
        const c = await check(database.db, tag);
        results.push({
          path: 'HTTP',
          level,
          orders: ORDERS_HTTP,
          perSecond: ORDERS_HTTP / r.seconds,
          p50: percentile(r.latencies, 50),
          p99: percentile(r.latencies, 99),
          tag,
          autoAssigned: c.autoAssigned,
          notified: c.notified,
          notifiable: c.notifiable,
          failed: ORDERS_HTTP - (r.statuses['201'] ?? 0),
        });
      }
      await new Promise((r) => setTimeout(r, 1_000));
      rss = { idle, before, after: app.rssMb(), orders: sent };
    } finally {
      loader.kill();
      await app.stop();
    }
  } finally {
    await database.close().catch(() => {});
  }
  const [{ n: totalOrders }] = await (async () => {
    const again = await openDatabase({ url, poolMax: 1 });
    try {
      return await again.db.select({ n: count() }).from(s.workOrders);
    } finally {
      await again.close();
    }
  })();
  await bench.drop();

  const pgbenchDb = await createBenchDatabase(SERVER, 'ds_bench_pgbench');
  const tps = pgbenchTps(pgbenchDb.url, LEVELS);
  await pgbenchDb.drop();

  const data = `${fmt(ENGINEERS)} engineers, ${fmt(totalOrders)} orders at the end`;
  console.log('');
  console.log('| path | in flight | orders | orders/s | p50 ms | p99 ms | auto-assigned | assignees notified / with a sign-in | failed | pgbench TPC-B tps, same clients | ours / pgbench |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const t = tps[LEVELS.indexOf(r.level)];
    console.log(
      `| ${r.path === 'HTTP' ? 'HTTP (next start)' : 'in-process (createEngine)'} | ${r.level} | ${fmt(r.orders)} | ${fmt(r.perSecond, 1)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.autoAssigned)} | ${fmt(r.notified)} / ${fmt(r.notifiable)} | ${fmt(r.failed)} | ${fmt(t, 1)} | ${fmt((r.perSecond / t) * 100, 1)}% |`,
    );
  }
  const bestTps = Math.max(...tps);
  const bestClients = LEVELS[tps.indexOf(bestTps)];
  const best = (p: Measured['path']) => results.filter((r) => r.path === p).reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const http = best('HTTP');
  const local = best('in-process');
  const at16 = results.find((r) => r.path === 'HTTP' && r.level === 16);
  const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  console.log('');
  console.log(`data: ${data}; pgbench scale 10 (1,000,000 accounts), best ${fmt(bestTps, 1)} tps at ${bestClients} clients`);
  console.log(`HTTP peak against pgbench peak: ${fmt(http.perSecond, 1)} orders/s (${http.level} in flight) = ${fmt((http.perSecond / bestTps) * 100, 1)}% (target >= 25%) ${verdict(http.perSecond / bestTps >= 0.25)}`);
  console.log(`in-process peak against pgbench peak: ${fmt(local.perSecond, 1)} orders/s (${local.level} in flight) = ${fmt((local.perSecond / bestTps) * 100, 1)}% (target >= 40%) ${verdict(local.perSecond / bestTps >= 0.4)}`);
  if (at16) console.log(`HTTP p99 at 16 in flight: ${fmt(at16.p99, 1)} ms (target < 50 ms) ${verdict(at16.p99 < 50)}`);
  if (rss) {
    console.log(
      `next-server RSS: ${fmt(rss.idle, 1)} MB started, ${fmt(rss.before, 1)} MB after the ${fmt(WARM_UP)} warm-up orders, ${fmt(rss.after, 1)} MB after ${fmt(rss.orders)} more: ` +
        `+${fmt(rss.after - rss.before, 1)} MB over those (target < 50 MB) ${verdict(rss.after - rss.before < 50)}`,
    );
  }
  const all = results.every((r) => r.failed === 0 && r.autoAssigned === r.orders && r.notified === r.notifiable);
  console.log(`every order created and auto-assigned, and every assignee with a sign-in notified: ${all ? 'yes' : 'NO'}`);
  if (PROFILE_DIR) console.log(`CPU profiles of the server in ${PROFILE_DIR} (summarise: npx tsx bench/cpu-profile.ts ${PROFILE_DIR})`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

// npm run bench:schedule — the schedule board in Chromium on the production build, at 500 engineers
// × 7 days with 5,000 bookings (and 200 unscheduled orders in the side list):
//   * first paint of the board: navigation start to the board painted with its rows
//     (`performance.mark('schedule-board-painted')`, set by components/schedule/board.tsx once its
//     data is on screen), the week view read with the page; target < 1.5 s (median of the loads)
//   * drag-to-preview latency: an order dragged from the side list over the rows, from each
//     pointermove (its event timestamp) to the frame after the ghost bar changed; target p95 < 50 ms
// `next build` into .next-board (when older than the code; BENCH_BUILD=always|never|auto), `next
// start` on a Postgres database this bench creates, seeds (demo company, then SQL inserts of
// engineers, orders and bookings) and drops (BENCH_SEED_ONLY=1: only that; BENCH_SCREENSHOT=file.png
// saves the loaded board). Chromium: /usr/bin/chromium (CHROMIUM_PATH).
import { eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { queryRows, type Db } from '../drizzle/client';
import * as s from '../drizzle/schema';
import { DEMO_PASSWORD } from '../drizzle/seed/demo-data';
import { seedDemoData } from '../drizzle/seed/seed';
import { launchBrowser } from '../e2e/chromium';
import { withBenchDatabase } from './bench-database';
import { contextWithSession, prepareBuild, signIn, startApp } from './next-app';
import { percentile, reportTargets } from './stats';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ENGINEERS = Number(process.env.BENCH_ENGINEERS ?? 500);
const PER_ENGINEER = Number(process.env.BENCH_BOOKINGS_PER_ENGINEER ?? 10);
const UNSCHEDULED = Number(process.env.BENCH_UNSCHEDULED ?? 200);
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const DRAGS = Number(process.env.BENCH_DRAGS ?? 50);
const MOVES = Number(process.env.BENCH_MOVES ?? 5);
const DIST_DIR = process.env.BENCH_DIST_DIR ?? '.next-board';
const ZONE = 'America/New_York';
const PAINT_LIMIT_MS = 1500;
const PREVIEW_LIMIT_MS = 50;

/** Monday of this week in the company's zone, as "YYYY-MM-DD" (the board's week view starts there). */
function mondayInZone(now: Date): string {
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const d = new Date(`${local}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * The board's data: ENGINEERS engineers in North Metro working 07:00–19:00 every day, each with
 * PER_ENGINEER accepted orders booked over the week (never overlapping: at most two a day, at 8:00
 * and 11:00 or 9:00 and 12:00), and UNSCHEDULED orders with a duration waiting at the group's
 * engineer step.
 */
async function seedBoard(db: Db, monday: string) {
  await seedDemoData(db, { orders: 0 });
  const week = Object.fromEntries(['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, [{ start: '07:00', end: '19:00' }]])) as s.WeeklyHours;
  await db.update(s.scheduleSettings).set({ timeZone: ZONE, workingHours: week }).where(eq(s.scheduleSettings.id, 'default'));
  await db.execute(sql`
    INSERT INTO engineers (id, name, skills, status, lat, lng, location_at, region, capacity, rating, open_orders)
    SELECT 'bs-e-' || i, 'Bench Engineer ' || lpad(i::text, 3, '0'),
           ARRAY[(ARRAY['hvac','electrical','plumbing','install','security','network'])[1 + i % 6]],
           'available', 40.55 + (i % 97) / 97.0 * 0.45, -74.15 + (i % 89) / 89.0 * 0.45, now(),
           (ARRAY['North','Central','South','East','West'])[1 + i % 5], 20, 4, ${PER_ENGINEER}
    FROM generate_series(1, ${ENGINEERS}) AS i`);
  await db.execute(sql`INSERT INTO service_group_members (group_id, engineer_id) SELECT 'sg-north', 'bs-e-' || i FROM generate_series(1, ${ENGINEERS}) AS i`);
  const orderColumns = sql`(id, number, title, description, category, priority, customer_name, customer_tier, street, city, region, postcode,
      lat, lng, required_skills, source, status, respond_by, resolve_by, flow_id, flow_version_id, current_node_id, node_path, node_entered_at,
      service_group_id, engineer_id, duration_minutes, created_at, updated_at)`;
  // Booked: order i*PER + k of engineer i, on day floor(k * 7 / PER) of the week.
  await db.execute(sql`
    INSERT INTO work_orders ${orderColumns}
    SELECT 'bs-o-' || n, 'BS-' || lpad(n::text, 6, '0'),
           (ARRAY['AC not cooling','Breaker keeps tripping','Leaking pipe','CCTV offline','Store Wi-Fi down'])[1 + n % 5], '',
           'HVAC', (ARRAY['Low','Medium','Medium','High','Urgent']::priority[])[1 + n % 5],
           'Customer ' || (n % 500), 'Standard', (n % 900) || ' Main St', 'New York', 'North', '10001',
           40.6 + (n % 811) / 811.0 * 0.35, -74.1 + (n % 787) / 787.0 * 0.35, ARRAY['hvac'], 'api',
           (ARRAY['assigned','accepted','accepted','in_progress']::order_status[])[1 + n % 4],
           now() + interval '1 day', now() + interval '9 days',
           'flow-group-provider-engineer', 'flow-group-provider-engineer-v1', 'accept', ARRAY['start','assign-group','group-internal'], now(),
           'sg-north', 'bs-e-' || e, 60 + (n % 3) * 30, now(), now()
    FROM generate_series(1, ${ENGINEERS}) AS e, generate_series(0, ${PER_ENGINEER - 1}) AS k, LATERAL (SELECT (e - 1) * ${PER_ENGINEER} + k + 1 AS n) AS x`);
  await db.execute(sql`
    INSERT INTO bookings (id, order_id, engineer_id, role, starts_at, ends_at)
    SELECT 'bs-b-' || n, 'bs-o-' || n, 'bs-e-' || e, 'owner', t, t + (60 + (n % 3) * 30) * interval '1 minute'
    FROM generate_series(1, ${ENGINEERS}) AS e, generate_series(0, ${PER_ENGINEER - 1}) AS k,
         LATERAL (SELECT (e - 1) * ${PER_ENGINEER} + k + 1 AS n) AS x,
         LATERAL (SELECT ((${monday}::date + (k * 7 / ${PER_ENGINEER})) + make_interval(hours => 8 + (e % 2) + (k % 2) * 3)) AT TIME ZONE ${ZONE} AS t) AS y`);
  await db.execute(sql`
    INSERT INTO work_orders ${orderColumns}
    SELECT 'bs-u-' || n, 'BU-' || lpad(n::text, 6, '0'), 'Unscheduled job ' || n, '', 'HVAC',
           (ARRAY['Low','Medium','High','Urgent']::priority[])[1 + n % 4],
           'Customer ' || n, 'Standard', n || ' Broadway', 'New York', 'North', '10001',
           40.7 + (n % 50) / 500.0, -73.95 - (n % 40) / 400.0, ARRAY['hvac'], 'api', 'pending_assignment',
           now() + interval '2 hours', now() + interval '3 days',
           'flow-group-provider-engineer', 'flow-group-provider-engineer-v1', 'group-internal', ARRAY['start','assign-group'], now(),
           'sg-north', NULL, 60, now(), now()
    FROM generate_series(1, ${UNSCHEDULED}) AS n`);
  await db.execute(sql`VACUUM ANALYZE`);
}

/** Loads the board and answers ms from navigation start to its first paint with rows. */
async function loadBoard(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('schedule-board-painted').length > 0 && document.querySelector('[data-row-key]'), null, { timeout: 60_000 });
  return page.evaluate(() => performance.getEntriesByName('schedule-board-painted')[0].startTime);
}

/**
 * From each pointermove to the frame after the ghost bar changed, recorded in the page. Plain
 * JavaScript text: what tsx compiles may call its own helpers, which the page does not have.
 */
const PREVIEW_PROBE = `(() => {
  window.__lat = [];
  window.__t0 = 0;
  document.addEventListener('pointermove', (e) => { window.__t0 = e.timeStamp; }, { capture: true });
  const ghostIn = (n) => n instanceof Element && (n.matches('.sb-ghost') || !!n.querySelector('.sb-ghost') || !!n.closest('.sb-ghost'));
  new MutationObserver((records) => {
    if (!window.__t0 || !records.some((r) => ghostIn(r.target) || [...r.addedNodes].some(ghostIn))) return;
    const t0 = window.__t0;
    window.__t0 = 0;
    requestAnimationFrame(() => window.__lat.push(performance.now() - t0));
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-start', 'data-ghost', 'style'] });
})()`;

async function instrumentPreview(page: Page) {
  await page.evaluate(PREVIEW_PROBE);
}

async function dragLatencies(page: Page): Promise<number[]> {
  await instrumentPreview(page);
  const orders = page.locator('.sb-order');
  const scroller = (await page.locator('.sb-scroll').boundingBox())!;
  let measured = 0;
  for (let d = 0; d < DRAGS; d++) {
    const source = (await orders.nth(d % 10).boundingBox())!;
    await page.mouse.move(source.x + 20, source.y + 10);
    await page.mouse.down();
    await page.mouse.move(source.x + 40, source.y + 20);
    await page.mouse.move(source.x + 60, source.y + 30);
    for (let m = 0; m < MOVES; m++) {
      // A different row and a different time each move, inside the visible lanes.
      const x = scroller.x + 240 + ((d * 97 + m * 211) % Math.max(200, scroller.width - 300));
      const y = scroller.y + 80 + ((d * 3 + m * 7) % 10) * 44;
      await page.mouse.move(x, y);
      measured++;
      await page.waitForFunction((n) => (window as unknown as { __lat: number[] }).__lat.length >= n, measured, { timeout: 5_000 }).catch(() => {
        measured = 0; // this move changed nothing (same row and snapped time): resynchronise
      });
      if (measured === 0) measured = await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat.length);
    }
    await page.keyboard.press('Escape');
    await page.mouse.up();
  }
  return page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
}

async function main() {
  if (process.env.BENCH_SEED_ONLY) console.log('BENCH_SEED_ONLY: the data alone, no build or browser');
  else prepareBuild(DIST_DIR);
  let ok = false;
  await withBenchDatabase(SERVER, 'ds_bench_schedule', async (database, url) => {
    const monday = mondayInZone(new Date());
    const t = performance.now();
    await database.migrate();
    await seedBoard(database.db, monday);
    const [{ n: bookings }] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM bookings`);
    console.log(`prepared ${ENGINEERS} engineers, ${bookings.toLocaleString()} bookings over the week of ${monday}, ${UNSCHEDULED} unscheduled orders in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    if (process.env.BENCH_SEED_ONLY) return;

    const app = await startApp({ distDir: DIST_DIR, databaseUrl: url, env: { JOBS: 'off' } });
    const browser = await launchBrowser();
    try {
      // North Metro's group dispatcher: its engineers are the board's rows, its queue the side list.
      const cookie = await signIn(app.baseUrl, 'group.dispatcher@hudson.example', DEMO_PASSWORD);
      const context = await contextWithSession(browser, app.baseUrl, cookie, { viewport: { width: 1600, height: 1000 } });
      const page = await context.newPage();
      const boardUrl = `${app.baseUrl}/schedule?view=week&date=${monday}`;
      await loadBoard(page, boardUrl); // warm-up: the server's first render of the page
      const paints: number[] = [];
      for (let i = 0; i < LOADS; i++) paints.push(await loadBoard(page, boardUrl));
      const shown = await page.locator('[data-row-key]').count();
      if (process.env.BENCH_SCREENSHOT) await page.screenshot({ path: process.env.BENCH_SCREENSHOT });
      const lat = await dragLatencies(page);
      const paint = percentile(paints, 50);
      const p95 = percentile(lat, 95);
      const paintOk = paint < PAINT_LIMIT_MS;
      const previewOk = lat.length > 0 && p95 < PREVIEW_LIMIT_MS;
      ok = paintOk && previewOk;
      console.log(`\nSchedule board, week view (${DIST_DIR}, Chromium headless, 1600×1000): ${ENGINEERS} engineers × 7 days, ${bookings.toLocaleString()} bookings, ${UNSCHEDULED} unscheduled; ${shown} rows in the DOM (virtualized)`);
      console.log(
        `${'first paint of the board (navigation start → rows painted)'.padEnd(62)} p50 ${paint.toFixed(0).padStart(5)} ms  max ${Math.max(...paints).toFixed(0).padStart(5)} ms  (${LOADS} loads)   limit < ${PAINT_LIMIT_MS} ms: ${paintOk ? 'PASS' : 'FAIL'}`,
      );
      console.log(
        `${'drag-to-preview (pointermove → ghost bar painted)'.padEnd(62)} p50 ${percentile(lat, 50).toFixed(1).padStart(5)} ms  p95 ${p95.toFixed(1).padStart(5)} ms  max ${Math.max(...lat).toFixed(1)} ms  (${lat.length} moves in ${DRAGS} drags)   limit p95 < ${PREVIEW_LIMIT_MS} ms: ${previewOk ? 'PASS' : 'FAIL'}`,
      );
      await context.close();
    } finally {
      await browser.close();
      await app.stop();
    }
  });
  if (process.env.BENCH_SEED_ONLY) return;
  reportTargets(ok);
}

void main();

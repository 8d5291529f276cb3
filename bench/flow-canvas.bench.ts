// npm run bench:canvas — is a 200-node flow still responsive on the canvas?
// Opens a generated 200-node flow in Debian's Chromium (e2e/chromium.ts) on a
// running app (BENCH_BASE_URL, default http://localhost:3000) and measures, in the page:
//   - open: navigation until every node card is on the canvas;
//   - drag: a node dragged by 60 mouse moves, each from the event to the next painted frame;
//   - keyboard move: 40 arrow-key presses on a selected node, event to next paint;
//   - select: 30 clicks on different nodes, event to next paint.
// Prints p50 / p95 / max in milliseconds (a frame is 16.7 ms at 60 Hz). A benchmark, not a test.
import type { Page } from 'playwright-core';
import type { FlowGraph } from '../engine/flow';
import { DEMO_PASSWORD } from '../drizzle/seed/demo-data';
import { launchBrowser } from '../e2e/chromium';
import { latencyStats } from './stats';

const BASE = process.env.BENCH_BASE_URL ?? 'http://localhost:3000';

const KINDS = ['assign_service_group', 'group_internal_assign', 'provider_assign_engineer', 'engineer_accept', 'field_service'] as const;

/** start → gateway → 11 branches of 18 nodes (the last 17) → end: 200 nodes, 209 edges, laid out in columns. */
export function bigFlow(name: string): FlowGraph {
  const nodes: FlowGraph['nodes'] = [
    { id: 'start', kind: 'start', position: { x: 1500, y: 0 } },
    { id: 'route', kind: 'gateway', label: 'Route by priority', position: { x: 1500, y: 120 } },
  ];
  const edges: FlowGraph['edges'] = [{ from: 'start', to: 'route' }];
  const branches = 11;
  const perBranch = 18;
  for (let b = 0; b < branches; b++) {
    let prev = 'route';
    for (let i = 0; i < (b === branches - 1 ? perBranch - 1 : perBranch); i++) {
      const kind = KINDS[i % KINDS.length];
      const id = `b${b}-n${i}`;
      nodes.push({ id, kind, label: `Branch ${b + 1} step ${i + 1}`, config: { autoDispatch: i % 2 === 0, overdueMinutes: 30 }, position: { x: b * 300, y: 260 + i * 130 } });
      edges.push(prev === 'route' ? (b === 0 ? { from: prev, to: id, default: true } : { from: prev, to: id, when: `order.priority == "High" and order.tags contains "b${b}"` }) : { from: prev, to: id });
      prev = id;
    }
    edges.push({ from: prev, to: 'end' });
  }
  nodes.push({ id: 'end', kind: 'end', position: { x: 1500, y: 260 + perBranch * 130 } });
  return { name, nodes, edges };
}

const fmt = (label: string, xs: number[]) => {
  const r = latencyStats(xs);
  return `${label.padEnd(28)} n=${String(r.runs).padStart(3)}  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  max ${r.max.toFixed(1).padStart(6)} ms`;
};

/** Installs `window.__nextPaint()`: resolves after the next frame is painted. */
async function installProbe(page: Page) {
  // tsx keeps function names with a `__name` helper that the page does not have.
  await page.evaluate('globalThis.__name = (f) => f');
  await page.evaluate(() => {
    const w = window as unknown as { __nextPaint: () => Promise<void>; __frameStarts: number[] };
    w.__frameStarts = [];
    w.__nextPaint = () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame((t) => {
          w.__frameStarts.push(t);
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(null);
        }),
      );
  });
}

async function main() {
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ baseURL: BASE, viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(process.env.BENCH_EMAIL ?? 'admin@hudson.example');
  await page.getByLabel('Password').fill(process.env.BENCH_PASSWORD ?? DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 120_000 });

  const name = `Bench 200 nodes ${Date.now().toString(36)}`;
  const graph = bigFlow(name);
  await page.goto('/flows');
  await page.getByLabel('Import flow file').setInputFiles({ name: 'bench.flow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(graph)) });
  await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor({ timeout: 60_000 });
  const href = await page.getByRole('link', { name: `Open ${name}`, exact: true }).getAttribute('href');

  // Open (twice: the first visit in a dev server compiles the page).
  const opens: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now();
    await page.goto(href!);
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length >= n, graph.nodes.length, { timeout: 120_000 });
    opens.push(Date.now() - t0);
  }
  await page.waitForTimeout(500);
  await installProbe(page);

  // The floor: frames with no input at all (headless software rendering on this machine).
  const idle = await page.evaluate(async () => {
    const w = window as unknown as { __nextPaint: () => Promise<void> };
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      await w.__nextPaint();
      times.push(performance.now() - t0);
    }
    return times;
  });
  // Drag: synthetic mouse events in the page (d3-drag listens on the node, then on the window).
  const drag = await page.evaluate(async () => {
    const w = window as unknown as { __nextPaint: () => Promise<void> };
    const el = document.querySelector<HTMLElement>('.react-flow__node[data-id="b5-n9"]')!;
    const r = el.getBoundingClientRect();
    const x0 = r.left + r.width / 2;
    const y0 = r.top + 10;
    const fire = (target: EventTarget, type: string, x: number, y: number) =>
      target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window, clientX: x, clientY: y, button: 0, buttons: type === 'mouseup' ? 0 : 1 }));
    fire(el, 'mousedown', x0, y0);
    await w.__nextPaint();
    const times: number[] = [];
    for (let i = 1; i <= 60; i++) {
      const t0 = performance.now();
      fire(window, 'mousemove', x0 + i * 3, y0 + i * 2);
      await w.__nextPaint();
      times.push(performance.now() - t0);
    }
    fire(window, 'mouseup', x0 + 180, y0 + 120);
    await w.__nextPaint();
    const moved = document.querySelector<HTMLElement>('.react-flow__node[data-id="b5-n9"]')!.getBoundingClientRect();
    return { times, dx: moved.left - r.left };
  });

  // Keyboard: arrow keys move the focused, selected node.
  await page.locator('.react-flow__node[data-id="b3-n4"]').click();
  const keys = await page.evaluate(async () => {
    const w = window as unknown as { __nextPaint: () => Promise<void> };
    const el = document.querySelector<HTMLElement>('.react-flow__node[data-id="b3-n4"]')!;
    el.focus();
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }));
      await w.__nextPaint();
      times.push(performance.now() - t0);
    }
    return times;
  });

  // Select: clicks on 30 different nodes.
  const selects = await page.evaluate(async () => {
    const w = window as unknown as { __nextPaint: () => Promise<void> };
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="b${i % 11}-n${(i * 7) % 18}"]`);
      if (!el) continue;
      const r = el.getBoundingClientRect();
      const opts = { bubbles: true, cancelable: true, view: window, clientX: r.left + 20, clientY: r.top + 10, button: 0 };
      const t0 = performance.now();
      el.dispatchEvent(new MouseEvent('mousedown', { ...opts, buttons: 1 }));
      window.dispatchEvent(new MouseEvent('mouseup', opts));
      el.dispatchEvent(new MouseEvent('click', opts));
      await w.__nextPaint();
      times.push(performance.now() - t0);
    }
    return times;
  });

  const undoRedo = await page.evaluate(async () => {
    const w = window as unknown as { __nextPaint: () => Promise<void> };
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, shiftKey: i % 2 === 1, bubbles: true, cancelable: true }));
      await w.__nextPaint();
      times.push(performance.now() - t0);
    }
    return times;
  });

  const rendered = await page.locator('.react-flow__node').count();
  const problems = await page.getByRole('region', { name: 'Problems' }).getByRole('button').count();
  console.log(`Flow canvas benchmark: ${graph.nodes.length} nodes, ${graph.edges.length} edges (${rendered} node cards on the canvas, ${problems} problems), Chromium ${browser.version()}`);
  console.log(`open (navigation → all nodes)  ${opens.map((t) => `${t} ms`).join(', ')} (first visit includes a dev compile)`);
  console.log(fmt('idle frame (no input, floor)', idle));
  console.log(fmt('drag, move → next paint', drag.times));
  console.log(`  (dragged ${Math.round(drag.dx)} px)`);
  console.log(fmt('arrow key → next paint', keys));
  console.log(fmt('select click → next paint', selects));
  console.log(fmt('undo/redo → next paint', undoRedo));
  await browser.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './browser';

// The flow's traffic on the canvas: an admin opens the demo flow's published version, turns
// Activity on, reads a step's figures as text and clicks the step for its orders. The demo data
// are the seed's orders, moved through the engine over the last three days.
const FLOW = 'flow-group-provider-engineer';
const STEP = 'Dispatcher assigns service group';

interface NodeFigures {
  waiting: number;
  passed: number;
  autoShare: number | null;
  breaches: number;
}
interface Figures {
  orders: number;
  nodes: Record<string, NodeFigures>;
  edges: { from: string; to: string; count: number }[];
  loops: { from: string; to: string; kind: string; count: number }[];
}

/** The figures the page received (superjson over a batched GET), parsed from the response. */
async function figuresFrom(page: Page, act: () => Promise<unknown>): Promise<Figures> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('flows.activity') && r.ok(), { timeout: 30_000 }), act()]);
  const body = (await response.json()) as { result: { data: { json: Figures } } }[];
  return body[0].result.data.json;
}

const activityOf = (page: Page, label: string) => page.getByRole('group', { name: `Activity at ${label}` });

describe('flow activity on the canvas', () => {
  const browser = useBrowser();
  let page: Page;
  beforeAll(async () => {
    page = await browser.as('admin@hudson.example', { viewport: { width: 1440, height: 1000 } });
  });

  it('turns Activity on for the demo flow, shows each step’s figures as text and the edges’ counts', async () => {
    await page.goto(`/flows/${FLOW}?version=1`);
    const toggle = page.getByRole('switch', { name: 'Activity' });
    await toggle.waitFor({ timeout: 60_000 });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    expect(await page.getByRole('group', { name: /^Activity at / }).count()).toBe(0);

    const day = await figuresFrom(page, () => toggle.click());
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await activityOf(page, STEP).waitFor();
    // The seed's orders span three days: a week holds every one of them.
    const week = await figuresFrom(page, () => page.getByLabel('Period').selectOption({ label: 'Last 7 days' }));
    expect(week.nodes.start.passed).toBeGreaterThanOrEqual(day.nodes.start.passed);
    expect(week.nodes['assign-group'].passed).toBeGreaterThan(0);
    const f = week.nodes['assign-group'];
    // Each figure a piece of text of its own: "169 passed", "90 waiting", "0% auto", "22 min median wait", "0 SLA breaches".
    const badges = () => activityOf(page, STEP).locator('.fe-act-b').allTextContents().then((t) => t.map((x) => x.replace(/\s+/g, ' ').trim()));
    await expect.poll(badges).toContain(`${f.passed.toLocaleString('en-US')} passed`);
    const text = await badges();
    expect(text).toContain(`${f.waiting.toLocaleString('en-US')} waiting`);
    expect(text).toContain(f.autoShare === null ? '— auto' : `${Math.round(f.autoShare * 100)}% auto`);
    expect(text.some((t) => /^(\d+(\.\d)? (s|min|h|d)|—) median wait$/.test(t))).toBe(true);
    expect(text).toContain(`${f.breaches.toLocaleString('en-US')} SLA ${f.breaches === 1 ? 'breach' : 'breaches'}`);
    // Every order starts at the start and takes its one edge.
    const first = week.edges.find((e) => e.from === 'start' && e.to === 'assign-group')!;
    expect(first.count).toBe(week.nodes.start.passed);
    expect(await page.getByLabel(`Edge from start to assign-group: ${first.count} orders`).count()).toBe(1);
    // Loops drawn apart from the flow's edges, each named by what it is.
    for (const loop of week.loops) expect(await page.getByLabel(new RegExp(`^${loop.count} .* from ${loop.from} back to ${loop.to}$`)).count()).toBe(1);
    await page.getByRole('complementary', { name: 'Activity legend' }).waitFor();
    // E2E_SCREENSHOT=path keeps a picture of the overlay (for a review, not checked).
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT });
  });

  it('clicks a step for the orders that entered it in the period, and its waiting figure for those there now', async () => {
    // The draft's "Activity" opens the published version with Activity on.
    await page.goto(`/flows/${FLOW}`);
    await figuresFrom(page, () => page.getByRole('link', { name: 'Activity' }).click());
    expect(await page.getByRole('switch', { name: 'Activity' }).getAttribute('aria-checked')).toBe('true');
    const figures = await figuresFrom(page, () => page.getByLabel('Period').selectOption({ label: 'Last 7 days' }));
    const f = figures.nodes['group-internal'];
    expect(f.passed).toBeGreaterThan(0);
    await activityOf(page, 'Service group internal assignment').waitFor();
    await page.getByLabel('Service group internal assignment node', { exact: false }).first().locator('.fe-label').click();
    await page.waitForURL(/\/orders\?/, { timeout: 30_000 });
    const url = new URL(page.url());
    expect(url.searchParams.get('flow')).toBe(FLOW);
    expect(url.searchParams.get('node')).toBe('group-internal');
    const count = page.locator('[aria-live="polite"]', { hasText: / orders$/ });
    await expect.poll(() => count.first().innerText(), { timeout: 30_000 }).toBe(`${f.passed} orders`);
    expect(await page.getByRole('table').getByRole('link').count()).toBe(Math.min(25, f.passed));
    // Those waiting there now: the same number the badge showed.
    await page.getByRole('link', { name: 'waiting there now' }).click();
    await page.waitForURL(/waiting=1/);
    await expect.poll(() => count.first().innerText(), { timeout: 30_000 }).toBe(`${f.waiting} orders`);
  });
});

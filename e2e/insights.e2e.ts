import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './browser';

// Insights as a dispatcher: the page's charts over the demo data (the seed's orders, moved through
// the engine over the last three days), the split changed to rules, and a point followed to the
// orders behind it.
interface Figures {
  split: string;
  series: { value: string | null; label: string; orders: number }[];
  points: { bucket: string; value: string | null; orders: number; assigned: number; auto: number }[];
}

/** The figures the page received (superjson over a batched GET), parsed from the response. */
async function figuresFrom(page: Page, act: () => Promise<unknown>): Promise<Figures> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('insights.get') && r.ok(), { timeout: 30_000 }), act()]);
  const body = (await response.json()) as { result: { data: { json: Figures } } }[];
  return body[0].result.data.json;
}

const METRICS = ['Auto-dispatch rate', 'SLA hit rate: respond', 'SLA hit rate: resolve', 'Time to assign', 'Backlog', 'Overrides'];

describe('insights', () => {
  const browser = useBrowser();
  let page: Page;
  beforeAll(async () => {
    page = await browser.as('dispatcher@hudson.example', { viewport: { width: 1440, height: 1000 } });
  });

  it('opens Insights from the menu, changes the split and follows a point to its orders', async () => {
    const first = await figuresFrom(page, async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
      await page.waitForURL(/\/insights$/);
    });
    expect(first.split).toBe('none');
    const created = first.points.reduce((n, p) => n + p.orders, 0);
    expect(created).toBeGreaterThan(0);
    for (const title of METRICS) await page.getByRole('heading', { name: title, exact: true }).waitFor();
    // Each chart is a figure described by its figures in words.
    const auto = page.getByRole('group', { name: 'Auto-dispatch rate' });
    expect(await auto.getAttribute('aria-describedby')).toBeTruthy();
    await expect.poll(() => page.getByText(`${created} orders created`, { exact: false }).count()).toBeGreaterThan(0);

    // Split by rule: a series per rule of the first automatic assignment, and one for the rest.
    const byRule = await figuresFrom(page, () => page.getByLabel('Split by').selectOption({ label: 'Rule' }));
    expect(byRule.split).toBe('rule');
    expect(byRule.points.reduce((n, p) => n + p.orders, 0)).toBe(created);
    const rule = byRule.series.find((s) => s.value !== null && byRule.points.some((p) => p.value === s.value && p.assigned > 0));
    expect(rule).toBeTruthy();
    const section = page.getByRole('region', { name: 'Auto-dispatch rate' });
    await section.getByText('Figures as a table').click();
    await section.getByRole('columnheader', { name: rule!.label }).waitFor();

    // The rule's point of its busiest bucket, as a link on the chart.
    const point = byRule.points.filter((p) => p.value === rule!.value && p.assigned > 0).sort((a, b) => b.assigned - a.assigned)[0];
    const link = section.getByRole('link', { name: new RegExp(`^Auto-dispatch rate, ${rule!.label}, .*open the ${point.assigned} assigned orders$`) });
    await expect.poll(() => link.count()).toBeGreaterThan(0);
    // Points of several series may sit on one spot (two rules at 100%): the keyboard reaches each.
    await link.first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/orders\?/, { timeout: 30_000 });
    const url = new URL(page.url());
    expect([url.searchParams.get('insight'), url.searchParams.get('split'), url.searchParams.get('value')]).toEqual(['assigned', 'rule', rule!.value]);
    await page.getByTestId('insight-filter').waitFor();
    const count = page.locator('[aria-live="polite"]', { hasText: / orders$/ });
    await expect.poll(() => count.first().innerText(), { timeout: 30_000 }).toBe(`${point.assigned} orders`);
    expect(await page.getByRole('table').getByRole('link').count()).toBe(Math.min(25, point.assigned));
  });
});

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './browser';

// What a change would do, before it is published: an admin edits a demo rule, opens Publish, watches
// the last 30 days of decisions replay, reads what would change, publishes, and finds the figures
// in the version history. The demo rules are put back (published again) at the end.
const RULE_SET = 'Metro auto-dispatch';

const editorText = (page: Page) => page.locator('.monaco-editor .view-lines');
const shownText = async (page: Page) => ((await editorText(page).textContent()) ?? '').replace(/\u00a0/g, ' ');

describe('publish dialog: what the change would do', () => {
  const browser = useBrowser();
  let page: Page;
  beforeAll(async () => {
    page = await browser.as('admin@hudson.example', { viewport: { width: 1440, height: 1000 } });
  });

  it('replays the decisions with a progress bar, shows the changed ones and the auto-dispatch rate before and after, and keeps the figures with the version', async () => {
    await page.goto('/rules');
    await page.getByRole('link', { name: RULE_SET, exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: RULE_SET }).waitFor({ timeout: 60_000 });
    await editorText(page).waitFor({ timeout: 90_000 });
    await expect.poll(() => shownText(page), { timeout: 30_000 }).toContain('order.customer.tier == "Platinum"');
    const published = /Published v(\d+)/.exec((await page.locator('.re-title .badge').first().textContent()) ?? '');
    expect(published).not.toBeNull();
    const next = Number(published![1]) + 1;

    // Gold customers are dispatched by hand too, from now on.
    await page.locator('.monaco-editor .view-line', { hasText: 'order.customer.tier == "Platinum"' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('when order.customer.tier in ["Platinum", "Gold"]', { delay: 5 });
    await page.keyboard.press('Escape');
    await expect.poll(() => shownText(page), { timeout: 10_000 }).toContain('order.customer.tier in ["Platinum", "Gold"]');
    await page.getByRole('region', { name: 'Problems' }).getByText('No problems.').waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: `Publish ${RULE_SET} as v${next}` });
    const impact = dialog.getByRole('region', { name: 'What this change would do' });
    // The progress of the replay, then its summary.
    const bar = impact.getByRole('progressbar', { name: 'Replaying decisions' });
    await bar.waitFor();
    await impact.getByText(/Replayed [\d,]+ of [\d,]+ decisions from the last 30 days/).waitFor({ timeout: 30_000 });
    const summary = impact.getByRole('status', { name: 'Impact summary' });
    await summary.waitFor({ timeout: 60_000 });
    const progress = (await impact.getByText(/Replayed [\d,]+ of [\d,]+ decisions/).textContent())!;
    const [, done, total] = /Replayed ([\d,]+) of ([\d,]+)/.exec(progress)!;
    expect(done).toBe(total);
    expect(Number(total.replace(/,/g, ''))).toBeGreaterThan(50);
    expect(await bar.getAttribute('value')).toBe(await bar.getAttribute('max'));

    const headline = (await summary.locator('strong').first().textContent())!;
    const [, changed] = /^([\d,]+) decisions? of [\d,]+ would change \(([\d,]+) orders?\)\.$/.exec(headline) ?? [];
    expect(Number(changed)).toBeGreaterThan(0);
    // Each changed decision: the order, and what it goes from and to, by the new rule text.
    const list = summary.getByRole('list', { name: 'Changed decisions' });
    const items = list.getByRole('listitem');
    expect(await items.count()).toBe(Math.min(50, Number(changed)));
    expect((await items.first().textContent())!).toMatch(/^WO-\d+ .*⟶/);
    expect(await list.locator('.vi-to', { hasText: 'queue (“platinum-manual”)' }).count()).toBeGreaterThan(0);
    // The auto-dispatch rate now and with the draft.
    const table = summary.getByRole('table', { name: 'Before and after' });
    const rate = table.getByRole('row', { name: /Auto-dispatch rate/ });
    const cells = await rate.getByRole('cell').allTextContents();
    expect(cells).toHaveLength(2);
    for (const c of cells) expect(c).toMatch(/^\d+\.\d%$/);
    expect(parseFloat(cells[1])).toBeLessThanOrEqual(parseFloat(cells[0]));
    expect(await table.getByRole('row', { name: /Mean travel time/ }).count()).toBe(1);

    await dialog.getByRole('button', { name: `Publish v${next}` }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: `Published version ${next}. Flows naming “${RULE_SET}” run it from now on. What it changes is kept in its history.` }).waitFor();

    // The history shows the figures beside the version.
    await page.getByRole('tab', { name: 'Versions' }).click();
    const history = page.getByRole('tabpanel', { name: 'Versions' }).getByRole('list', { name: 'Published versions' });
    const entry = history.getByRole('listitem').filter({ hasText: `v${next}` }).first();
    await expect.poll(() => entry.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`Replayed ${total} decisions: ${changed} changes? \\(\\d+ orders?\\); auto-dispatch ${cells[0].replace('.', '\\.')} → ${cells[1].replace('.', '\\.')}`));

    // Put the demo rules back: load the version before into the editor and publish it again.
    await page.getByRole('button', { name: `Load v${next - 1} into the editor` }).click();
    await expect.poll(() => shownText(page), { timeout: 10_000 }).toContain('order.customer.tier == "Platinum"');
    await page.getByRole('button', { name: 'Publish…' }).click();
    const again = page.getByRole('dialog', { name: `Publish ${RULE_SET} as v${next + 1}` });
    await again.getByRole('status', { name: 'Impact summary' }).waitFor({ timeout: 60_000 });
    expect(await again.getByRole('status', { name: 'Impact summary' }).locator('strong').first().textContent()).toMatch(/would change/);
    await again.getByRole('button', { name: `Publish v${next + 1}` }).click();
    await again.waitFor({ state: 'detached' });
    await page.getByText(`Published v${next + 1}`, { exact: true }).waitFor();
  }, 240_000);

  it('replays a flow draft in its publish dialog: auto-dispatch off at a step sends what its rules decided to the queue by hand', async () => {
    await page.goto('/flows/flow-group-provider-engineer');
    const step = page.getByLabel(/node: Service group internal assignment/).first();
    await step.waitFor({ timeout: 60_000 });
    await step.click();
    const autoDispatch = page.getByRole('region', { name: 'Properties' }).getByLabel('Auto-dispatch');
    await autoDispatch.uncheck();
    await page.getByText('Saved', { exact: true }).waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /^Publish version \d+$/ });
    const summary = dialog.getByRole('status', { name: 'Impact summary' });
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.locator('strong').first().textContent()).toMatch(/^[\d,]+ decisions? of [\d,]+ would change/);
    const changes = summary.getByRole('list', { name: 'Changed decisions' });
    expect(await changes.getByRole('listitem').first().textContent()).toContain('Service group internal assignment');
    expect(await changes.locator('.vi-to').allTextContents()).toEqual(expect.arrayContaining(['queue (no rule)']));
    expect(await changes.locator('.vi-to', { hasNotText: 'queue (no rule)' }).count()).toBe(0);
    const [now, draft] = await summary.getByRole('row', { name: /Auto-dispatch rate/ }).getByRole('cell').allTextContents();
    expect(parseFloat(draft)).toBeLessThanOrEqual(parseFloat(now));

    // Not published: the draft goes back as it was.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await autoDispatch.check();
    await page.getByText('Saved', { exact: true }).waitFor({ timeout: 10_000 });
  }, 120_000);
});

import type { Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, useBrowser } from './browser';

// The rule editor as an admin uses it: typing in Monaco, markers and completion, the problems
// list, a test against a seeded order with its trace, a backtest, and publishing.
const run = Date.now().toString(36);
const NAME = `E2E rules ${run}`;
const RULE = `e2e-north-${run}`;
// Seeded flow and node (drizzle/seed): Dispatcher > Service Group > … and its group node.
const FLOW = 'flow-group-provider-engineer';
const NODE = 'assign-group';

const editorText = (page: Page) => page.locator('.monaco-editor .view-lines');
/** What Monaco shows (its view draws spaces as no-break spaces). */
const shownText = async (page: Page) => ((await editorText(page).textContent()) ?? '').replace(/\u00a0/g, ' ');
const problems = (page: Page) => page.getByRole('region', { name: 'Problems' });

/** Types one line into Monaco as a person would, closing any suggestion list before Enter. */
async function typeLine(page: Page, text: string, enter = true) {
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Escape');
  if (enter) await page.keyboard.press('Enter');
}

describe('rule editor in the browser', () => {
  const browser = useBrowser();
  let page: Page;
  const requests: string[] = [];
  beforeAll(async () => {
    page = await browser.as('admin@hudson.example', { viewport: { width: 1440, height: 1000 } });
  });

  it('creates a rule set and loads the editor with no network beyond the app', async () => {
    await page.goto('/rules');
    await page.getByRole('heading', { level: 1, name: 'Rule sets' }).waitFor();
    const metro = page.getByRole('row', { name: /Metro auto-dispatch/ });
    expect(await metro.textContent()).toContain('Published');
    expect(await metro.getByRole('link', { name: 'Dispatcher > Service Group > Service Provider > Engineer' }).count()).toBe(1);

    const record = (r: Request) => requests.push(r.url());
    page.on('request', record);
    await page.getByRole('button', { name: 'New rule set' }).click();
    const dialog = page.getByRole('dialog', { name: 'New rule set' });
    await dialog.getByLabel('Name').fill(NAME);
    await dialog.getByRole('button', { name: 'Create rule set' }).click();
    await page.waitForURL(/\/rules\/[^/?]+$/, { timeout: 60_000 });
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: 60_000 });
    await editorText(page).waitFor({ timeout: 90_000 });
    await expect.poll(() => shownText(page), { timeout: 30_000 }).toContain('first-rule');
    await page.waitForTimeout(1000);
    page.off('request', record);

    const app = new URL(baseUrl()).host;
    const web = requests.filter((u) => /^(https?|wss?):/.test(u));
    expect(web.length).toBeGreaterThan(0);
    expect(web.filter((u) => new URL(u).host !== app)).toEqual([]);
  }, 180_000);

  it('marks a misspelled field with a suggestion, then fixes it by accepting a completion', async () => {
    await editorText(page).click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await typeLine(page, `rule "${RULE}"`);
    await typeLine(page, 'when order.priorty in ["Low", "Medium", "High", "Urgent"]');
    await typeLine(page, 'assign service_group "North Metro"');
    await page.keyboard.press('Enter');
    await typeLine(page, 'rule "e2e-never"');
    await typeLine(page, 'at assign_engineer');
    await typeLine(page, 'when order.customer.tier == "Platinum"');
    await typeLine(page, 'assign manual', false);

    // The marker, in the editor and in the problems list, with the checker's suggestion.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 10_000 });
    const problem = problems(page).getByRole('button', { name: /^Error on line 2, column 12: unknown field "priorty" of order: did you mean "priority"\? \(unknown-field\)$/ });
    await problem.waitFor();
    expect(await page.getByRole('button', { name: 'Publish…' }).isDisabled()).toBe(true);
    expect(await page.locator('#re-publish-note').textContent()).toContain('Publishing is refused while 1 error remains');

    // The problems list moves the cursor to the word; select it and accept "priority" from completion.
    await problem.click();
    await page.keyboard.press('ControlOrMeta+Shift+ArrowRight');
    await page.keyboard.type('prio', { delay: 40 });
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'priority' }).first();
    await suggestion.waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');

    await problems(page).getByText('No problems.').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('.monaco-editor .squiggly-error').count()).toBe(0);
    expect(await shownText(page)).toContain('order.priority in ["Low", "Medium", "High", "Urgent"]');
    expect(await page.getByRole('button', { name: 'Publish…' }).isDisabled()).toBe(false);

    // The outline lists both rules and jumps to one.
    const outline = page.getByRole('navigation', { name: 'Outline' });
    expect(await outline.getByRole('button').allTextContents()).toEqual([expect.stringContaining(RULE), expect.stringContaining('e2e-never')]);
    await outline.getByRole('button', { name: 'Go to rule e2e-never, line 5' }).click();
    await expect.poll(() => page.locator('.monaco-editor .current-line').count()).toBeGreaterThan(0);

    // Format document lays the rules out; save the draft.
    await page.getByRole('button', { name: 'Format document' }).click();
    await expect.poll(() => shownText(page)).toContain('  when order.priority in');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
  }, 120_000);

  it('tests the text against seeded orders and shows each decision with its trace', async () => {
    const panel = page.getByRole('tabpanel', { name: 'Test' });
    await panel.getByLabel('Search orders by number or text').fill('WO-');
    const choices = panel.getByRole('button', { name: /^Use order WO-/ });
    await choices.first().waitFor({ timeout: 30_000 });
    const numbers: string[] = [];
    for (const i of [0, 1]) {
      numbers.push(/^Use order (WO-\d+)/.exec((await choices.nth(i).getAttribute('aria-label')) ?? '')![1]);
      await choices.nth(i).click();
    }
    await panel.getByLabel('Node of a published flow').selectOption({ value: `${FLOW}-v1::${NODE}` });
    await panel.getByRole('button', { name: 'Run test on 2 orders' }).click();

    for (const number of numbers) {
      const decision = panel.getByRole('status', { name: `Decision for ${number}` });
      await decision.waitFor({ timeout: 30_000 });
      expect(await decision.textContent()).toBe(`Auto-assigned by rule “${RULE}” to North Metro (service group).`);
    }
    const result = panel.getByRole('region', { name: `Test result: ${numbers[0]}` });
    await result.getByText('Trace: every rule considered').click();
    const trace = result.getByRole('listitem', { name: `Rule ${RULE}` });
    expect(await trace.getByText('Decided').count()).toBe(1);
    const condition = trace.getByRole('row', { name: /order\.priority in \["Low", "Medium", "High", "Urgent"\]/ }).last();
    expect(await condition.textContent()).toMatch(/order\.priority = "(Low|Medium|High|Urgent)"/);
    expect(await condition.textContent()).toContain('true');
    // The rule limited to another node is listed among those not considered.
    await result.getByText(/rules? not considered here/).click();
    expect(await result.getByText('e2e-never: not at this node').count()).toBe(1);

    // One order alone: its trace is open at once.
    await panel.getByRole('button', { name: `Remove ${numbers[1]}` }).click();
    await panel.getByRole('button', { name: 'Run test', exact: true }).click();
    await expect.poll(() => panel.getByRole('region', { name: /^Test result: / }).count()).toBe(1);
    expect(await panel.getByRole('listitem', { name: `Rule ${RULE}` }).isVisible()).toBe(true);
  }, 90_000);

  it('backtests the text against the orders that passed the node', async () => {
    await page.getByRole('tab', { name: 'Backtest' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Backtest' });
    await panel.getByLabel('Node').selectOption({ value: `${FLOW}::${NODE}` });
    await panel.getByLabel('Last N orders').fill('20');
    await panel.getByRole('button', { name: 'Run backtest' }).click();
    const summary = panel.getByRole('status').filter({ hasText: 'changed decision' });
    await summary.waitFor({ timeout: 60_000 });
    const [, orders, changed] = /(\d+) orders? at .*: (\d+) changed decisions?/.exec((await summary.textContent()) ?? '')!;
    expect(Number(orders)).toBeGreaterThan(0);
    expect(Number(orders)).toBeLessThanOrEqual(20);
    expect(Number(changed)).toBeGreaterThan(0);
    const table = panel.getByRole('table', { name: 'Orders, what happened and what the draft decides' });
    expect(await table.getByRole('row').count()).toBe(Number(orders) + 1);
    expect(await panel.getByRole('list', { name: 'Rules that never fired' }).textContent()).toBe('e2e-never (cannot run at this node)');
    await panel.getByLabel('Only changed decisions').check();
    expect(await table.getByRole('row').count()).toBe(Number(changed) + 1);
  }, 90_000);

  it('publishes after a look at the diff, and shows the version in the history', async () => {
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: `Publish ${NAME} as v1` });
    expect(await dialog.getByRole('table', { name: 'Line diff: all new' }).textContent()).toContain(`rule "${RULE}"`);
    await dialog.getByRole('button', { name: 'Publish v1' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Published version 1.' }).waitFor();
    await page.getByText('Published v1', { exact: true }).waitFor();

    await page.getByRole('tab', { name: 'Versions' }).click();
    const versions = page.getByRole('tabpanel', { name: 'Versions' });
    expect(await versions.getByRole('list', { name: 'Published versions' }).textContent()).toMatch(/v1\s*in use\s*published by Alex Admin/);
    expect(await versions.getByText('No changes: the editor against v1, the published version.').count()).toBe(1);

    // An edit shows up as a line diff against the published version.
    await editorText(page).click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Enter');
    await typeLine(page, '# a comment', false);
    const diff = versions.getByRole('table', { name: 'Line diff: the editor against v1, the published version' });
    await expect.poll(() => diff.textContent(), { timeout: 10_000 }).toMatch(/added: \+# a comment/);

    await page.goto('/rules');
    const row = page.getByRole('row', { name: new RegExp(NAME) });
    expect(await row.textContent()).toContain('Published');
    expect(await row.textContent()).toContain('v1');
    expect(await row.getByRole('button', { name: `Delete ${NAME}` }).count()).toBe(0);
  }, 90_000);
});

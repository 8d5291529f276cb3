import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, signIn } from './browser';

// Why not this candidate, as a dispatcher meets it: an order waiting in the queue (no rule gave it
// to anyone), its history's decision asked "why not …?" about a group, and the assignment dialog
// with everyone in scope and the reason the rules left each out.
describe('why not this candidate', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page } = await newPage(browser, { viewport: { width: 1440, height: 1000 } }));
    await signIn(page, 'dispatcher@hudson.example');
  });
  afterAll(() => browser?.close());

  it('asks a decision in the history why not North Metro, then sees everyone in scope with why not in the dialog', async () => {
    await page.goto('/queues');
    const row = page.locator('table[aria-label="Pending assignment"] tbody tr').first();
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/orders\/[^/]+$/);

    const decision = page.locator('li[data-event="queued"]').last();
    await decision.getByText('Why not …?').click();
    await decision.getByLabel('Engineer, provider or group').fill('North Metro');
    await decision.getByRole('button', { name: 'Explain' }).click();
    const answer = decision.getByRole('region', { name: 'Why not North Metro' });
    await answer.waitFor({ timeout: 15_000 });
    const text = (await answer.textContent()) ?? '';
    expect(text).toMatch(/^North Metro: /);
    expect(text.length).toBeGreaterThan('North Metro: '.length + 5);

    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const everyone = dialog.getByRole('switch', { name: 'Show everyone' });
    await everyone.waitFor();
    // The order waits here because no rule had a candidate: everyone in scope is shown, each with why not.
    expect(await everyone.isChecked()).toBe(true);
    await dialog.getByText(/^0 of \d+ in scope meet the step’s rules$/).waitFor();
    const reasons = dialog.getByRole('listitem').filter({ hasText: /Why not: / });
    await expect.poll(() => reasons.count()).toBeGreaterThan(0);
    expect(await reasons.count()).toBe(await dialog.getByRole('listitem').count());
    await everyone.uncheck();
    await expect.poll(() => dialog.getByRole('listitem').count()).toBe(0);
  });
});

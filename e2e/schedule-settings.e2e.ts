// Scheduling settings in Chromium: the admin's company hours (a shift that ends before it starts is
// refused by the field), a category's default duration, and an engineer's own hours, vehicle and
// time off in the directory; the Schedule menu entry for the dispatcher roles only.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, useBrowser } from './browser';

async function errorOf(scope: Page | Locator, label: string): Promise<string> {
  const input = scope.getByLabel(label, { exact: true });
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const id = await input.getAttribute('aria-describedby');
  const page = 'page' in scope ? scope.page() : scope;
  return (await page.locator(`[id="${id}"]`).textContent()) ?? '';
}

describe('scheduling settings', () => {
  const browser = useBrowser();
  let page: Page;
  beforeAll(async () => {
    page = await browser.as('admin@hudson.example');
  });

  it('saves the company hours and a category duration, refusing a shift that ends before it starts', async () => {
    await page.goto('/settings');
    const form = page.getByRole('form', { name: 'Scheduling' });
    await form.getByLabel('Company time zone').waitFor();
    expect(await form.getByLabel('Company time zone').inputValue()).toBe('America/New_York');
    await form.getByLabel('Saturday').fill('17:00-09:00');
    await form.getByRole('button', { name: 'Save scheduling settings' }).click();
    expect(await errorOf(form, 'Saturday')).toContain('ends after it starts');
    await form.getByLabel('Saturday').fill('09:00-13:00');
    await form.getByRole('button', { name: 'Add a category' }).click();
    const rows = form.locator('.duration-table tbody tr');
    const last = rows.last();
    await last.getByRole('combobox').fill('E2E category');
    await last.getByRole('spinbutton').fill('90');
    await form.getByRole('button', { name: 'Save scheduling settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Schedule settings saved' }).waitFor();
    await page.reload();
    const again = page.getByRole('form', { name: 'Scheduling' });
    await again.getByLabel('Saturday').waitFor();
    expect(await again.getByLabel('Saturday').inputValue()).toBe('09:00-13:00');
    expect(await again.getByLabel('Duration of E2E category (minutes)').inputValue()).toBe('90');
  });

  it('gives an engineer their own hours, a vehicle in maintenance and a day off', async () => {
    await page.goto('/directory?tab=engineers');
    await page.getByLabel('Search engineers').fill('Ana Ruiz');
    const row = page.getByRole('row', { name: /Ana Ruiz/ });
    await row.getByRole('button', { name: 'Edit Ana Ruiz' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit engineer Ana Ruiz' });
    await dialog.getByLabel('Own working hours').check();
    await dialog.getByLabel('Monday').fill('07:00-15:00');
    await dialog.getByLabel('Vehicle id').fill('VAN-E2E');
    await dialog.getByLabel('Vehicle status').selectOption('maintenance');
    await dialog.getByLabel('Time off from').fill('2030-01-07');
    await dialog.getByLabel('Time off to').fill('2030-01-03');
    await dialog.getByRole('button', { name: 'Add time off' }).click();
    expect(await errorOf(dialog, 'Time off to')).toContain('on or after');
    await dialog.getByLabel('Time off to').fill('2030-01-09');
    await dialog.getByLabel('Reason').fill('Training');
    await dialog.getByRole('button', { name: 'Add time off' }).click();
    const list = dialog.getByRole('list', { name: 'Time off of Ana Ruiz' });
    await list.getByText('2030-01-07 to 2030-01-09').waitFor();
    await dialog.getByRole('button', { name: 'Save engineer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.textContent()).toContain('VAN-E2E');
    expect(await row.textContent()).toContain('Own hours');

    await row.getByRole('button', { name: 'Edit Ana Ruiz' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit engineer Ana Ruiz' });
    expect(await edit.getByLabel('Monday').inputValue()).toBe('07:00-15:00');
    await edit.getByRole('button', { name: 'Remove time off 2030-01-07 to 2030-01-09' }).click();
    await edit.getByText('No time off.').waitFor();
    await edit.getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows the Schedule menu entry to the dispatcher roles and admins, not to engineers', async () => {
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedule' }).count()).toBe(1);
    const { context: c2, page: ana } = await browser.open();
    try {
      await signIn(ana, 'engineer@hudson.example');
      expect(await ana.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedule' }).count()).toBe(0);
      await ana.goto('/schedule');
      await ana.waitForURL(/\/my-work$/);
    } finally {
      await c2.close();
    }
  });
});

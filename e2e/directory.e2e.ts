import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, useBrowser } from './browser';

// The directory and settings as an admin would use them: by role and label, never by CSS.
const run = Date.now().toString(36);

/** The message an input points at with aria-describedby, once it is marked invalid. */
async function errorOf(scope: Page | Locator, label: string): Promise<string> {
  const input = scope.getByLabel(label, { exact: true });
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const id = await input.getAttribute('aria-describedby');
  expect(id).toBeTruthy();
  const page = 'page' in scope ? scope.page() : scope;
  return (await page.locator(`[id="${id}"]`).textContent()) ?? '';
}

describe('directory and settings in the browser', () => {
  const browser = useBrowser();
  let page: Page;
  beforeAll(async () => {
    page = await browser.as('admin@hudson.example');
  });

  it('keeps the selected tab in the URL', async () => {
    await page.goto('/directory');
    await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
    const groupsTab = page.getByRole('tab', { name: 'Service groups' });
    expect(await groupsTab.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: 'Custom fields' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('fields');
    await page.reload();
    await expect.poll(() => page.getByRole('tab', { name: 'Custom fields' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: 'New custom field' }).waitFor();
  });

  it('creates, edits and deactivates a provider, with field errors from zod', async () => {
    const name = `E2E Provider ${run}`;
    await page.goto('/directory?tab=providers');
    await page.getByRole('button', { name: 'New provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'New provider' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Tenant name').fill(`${name} LLC`);
    await dialog.getByLabel('Regions').fill('North, Central');
    await dialog.getByLabel('Skills').fill('hvac, install');
    await dialog.getByLabel('Capacity (open orders)').fill('12');
    await dialog.getByRole('button', { name: 'Create provider' }).click();

    expect(await errorOf(dialog, 'Connected tenant id')).toContain('The connected tenant id is required');
    await page.getByRole('alert').filter({ hasText: 'Please correct the marked fields' }).waitFor();
    expect(await page.getByRole('row', { name: new RegExp(name) }).count()).toBe(0);

    await dialog.getByLabel('Connected tenant id').fill(`t-e2e-${run}`);
    await dialog.getByRole('button', { name: 'Create provider' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: `Provider “${name}” created.` }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.waitFor();
    expect(await row.textContent()).toContain(`t-e2e-${run}`);
    expect(await row.getByText('Active', { exact: true }).count()).toBe(1);

    // Edit: the form opens with the saved values.
    await row.getByRole('button', { name: `Edit ${name}` }).click();
    const edit = page.getByRole('dialog', { name: `Edit provider ${name}` });
    expect(await edit.getByLabel('Connected tenant id').inputValue()).toBe(`t-e2e-${run}`);
    expect(await edit.getByLabel('Regions').inputValue()).toBe('North, Central');
    await edit.getByLabel('Capacity (open orders)').fill('42');
    await edit.getByLabel('Rating (0–5)').fill('7');
    await edit.getByRole('button', { name: 'Save provider' }).click();
    expect(await errorOf(edit, 'Rating (0–5)')).toContain('Between 0 and 5');
    await edit.getByLabel('Rating (0–5)').fill('4.5');
    await edit.getByRole('button', { name: 'Save provider' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => row.locator('td').nth(4).textContent()).toBe('42');

    // Deactivate: the row stays, marked inactive, and can be reactivated.
    await row.getByRole('button', { name: `Deactivate ${name}` }).click();
    await row.getByText('Inactive', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Reactivate ${name}` }).waitFor();
    await page.getByRole('status').filter({ hasText: 'deactivated' }).waitFor();
  });

  it('shows a server field error for a taken tenant id', async () => {
    await page.goto('/directory?tab=providers');
    await page.getByRole('button', { name: 'New provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'New provider' });
    await dialog.getByLabel('Name', { exact: true }).fill(`E2E Duplicate ${run}`);
    await dialog.getByLabel('Connected tenant id').fill(`t-e2e-${run}`);
    await dialog.getByLabel('Tenant name').fill('Duplicate');
    await dialog.getByRole('button', { name: 'Create provider' }).click();
    expect(await errorOf(dialog, 'Connected tenant id')).toContain('is already connected');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('asks an enum custom field for at least two values', async () => {
    const fieldName = `e2e_kind_${run}`;
    await page.goto('/directory?tab=fields');
    await page.getByRole('button', { name: 'New custom field' }).click();
    const dialog = page.getByRole('dialog', { name: 'New custom field' });
    await dialog.getByLabel('Name', { exact: true }).fill(fieldName);
    await dialog.getByLabel('Label').fill(`E2E kind ${run}`);
    await dialog.getByLabel('Type').selectOption('enum');
    await dialog.getByLabel('Values').fill('residential');
    // Not required: a required field would refuse every order the later browser tests create by the form.
    await dialog.getByRole('button', { name: 'Create field' }).click();
    expect(await errorOf(dialog, 'Values')).toContain('An enum needs at least two values');

    await dialog.getByLabel('Values').fill('residential, commercial');
    await dialog.getByRole('button', { name: 'Create field' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: new RegExp(`E2E kind ${run}`) });
    await row.waitFor();
    expect(await row.textContent()).toContain(`order.custom.${fieldName}`);
    expect(await row.textContent()).toContain('commercial');
  });

  it('creates a user with the reallocate permission', async () => {
    const email = `e2e.${run}@hudson.example`;
    await page.goto('/directory?tab=users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Name', { exact: true }).fill(`E2E Dispatcher ${run}`);
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('Role').selectOption('dispatcher');
    await dialog.getByRole('checkbox', { name: /Reallocate/ }).check();
    await dialog.getByRole('button', { name: 'Create user' }).click();
    expect(await errorOf(dialog, 'Password')).toContain('A new user needs a password');

    await dialog.getByLabel('Password').fill('e2e-password-123');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByLabel('Search users').fill(email);
    const row = page.getByRole('row', { name: new RegExp(`E2E Dispatcher ${run}`) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Reallocate');
    expect(await page.getByRole('row').count()).toBe(2); // the header and this user
  });

  it('creates a service group with a filtered member and a dispatcher', async () => {
    const name = `E2E Group ${run}`;
    await page.goto('/directory?tab=groups');
    await page.getByRole('button', { name: 'New service group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New service group' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Region').fill('North');
    await dialog.getByLabel('Filter members').fill('Ana Ruiz');
    await dialog.getByRole('checkbox', { name: /Ana Ruiz/ }).check();
    await dialog.getByRole('checkbox', { name: /Gina Groups/ }).check();
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('Ana Ruiz');
    expect(await row.textContent()).toContain('Gina Groups');

    // The kind is fixed once created; members stay checked.
    await row.getByRole('button', { name: `Edit ${name}` }).click();
    const edit = page.getByRole('dialog', { name: `Edit service group ${name}` });
    expect(await edit.getByLabel('Kind').isDisabled()).toBe(true);
    expect(await edit.getByRole('checkbox', { name: /Ana Ruiz/ }).isChecked()).toBe(true);
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'detached' });
  });

  it('asks an engineer for both coordinates or neither', async () => {
    const name = `E2E Engineer ${run}`;
    await page.goto('/directory?tab=engineers');
    await page.getByRole('button', { name: 'New engineer' }).click();
    const dialog = page.getByRole('dialog', { name: 'New engineer' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Provider').selectOption({ label: 'CoolFix Ltd' });
    await dialog.getByLabel('Skills').fill('hvac');
    await dialog.getByLabel('Home region').fill('North');
    await dialog.getByLabel('Latitude').fill('40.75');
    await dialog.getByRole('button', { name: 'Create engineer' }).click();
    expect(await errorOf(dialog, 'Longitude')).toContain('Enter both latitude and longitude');
    await dialog.getByLabel('Longitude').fill('-73.99');
    await dialog.getByRole('button', { name: 'Create engineer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByLabel('Search engineers').fill(name);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.waitFor();
    expect(await row.textContent()).toContain('CoolFix Ltd');
    expect(await row.textContent()).toContain('just now');
  });

  it('refuses an SLA policy that resolves before it responds, by the field', async () => {
    await page.goto('/settings');
    const respond = page.getByLabel('Urgent respond-by (minutes)');
    const resolve = page.getByLabel('Urgent resolve-by (minutes)');
    await respond.waitFor();
    const before = { respond: await respond.inputValue(), resolve: await resolve.inputValue() };
    await respond.fill('120');
    await resolve.fill('60');
    await page.getByRole('button', { name: 'Save SLA policy' }).click();
    expect(await errorOf(page, 'Urgent resolve-by (minutes)')).toContain('Resolve-by cannot come before respond-by');

    await resolve.fill('');
    await page.getByRole('button', { name: 'Save SLA policy' }).click();
    expect(await errorOf(page, 'Urgent resolve-by (minutes)')).toContain('Enter a number');

    await resolve.fill(String(Math.max(120, Number(before.resolve))));
    await page.getByRole('button', { name: 'Save SLA policy' }).click();
    await page.getByRole('status').filter({ hasText: 'SLA policy saved' }).waitFor();
    await page.reload();
    expect(await page.getByLabel('Urgent respond-by (minutes)').inputValue()).toBe('120');

    // Put the demo policy back for the other browser tests.
    await page.getByLabel('Urgent respond-by (minutes)').fill(before.respond);
    await page.getByLabel('Urgent resolve-by (minutes)').fill(before.resolve);
    await page.getByRole('button', { name: 'Save SLA policy' }).click();
    await page.getByRole('status').filter({ hasText: 'SLA policy saved' }).waitFor();
  });

  it('sends a dispatcher away from the directory and settings', async () => {
    const { context, page: other } = await browser.open();
    await signIn(other, 'dispatcher@hudson.example');
    await other.goto('/directory');
    expect(new URL(other.url()).pathname).toBe('/queues');
    await other.goto('/settings');
    expect(new URL(other.url()).pathname).toBe('/queues');
    await context.close();
  });
});

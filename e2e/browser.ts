// The browser tests' pages: Chromium (e2e/chromium.ts) on the app under test, signed in as a person would.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { DEMO_PASSWORD } from '../drizzle/seed/demo-data';
import { launchBrowser } from './chromium';

export { CHROMIUM_ARGS, launchBrowser } from './chromium';

export function baseUrl(): string {
  return inject('baseUrl');
}

export async function newPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl(), ...options });
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

type ContextOptions = Parameters<Browser['newContext']>[0];

/**
 * A browser for the tests of one describe block: launched before them, closed after them with every
 * context it opened. `open` gives a page in a context of its own; `as` signs that page in.
 */
export function useBrowser() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
  });
  async function open(options: ContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
    if (!browser) throw new Error('useBrowser: open a page in a test or a hook, once the browser is launched');
    const opened = await newPage(browser, options);
    contexts.push(opened.context);
    return opened;
  }
  return {
    open,
    /** A page in a context of its own, signed in as `email`. */
    async as(email: string, options: ContextOptions = {}): Promise<Page> {
      const { page } = await open(options);
      await signIn(page, email);
      return page;
    },
  };
}

/**
 * A new order by the new-order form, as a dispatcher fills it in: an HVAC job in New York (North,
 * near Fordham unless `location: false`), Basic contract, with an estimated duration in minutes
 * when given; waits for its page and returns its number.
 */
export async function createOrderByForm(page: Page, title: string, opts: { region?: string; location?: boolean; durationMinutes?: number } = {}): Promise<string> {
  await page.goto('/orders/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Customer', { exact: true }).fill('E2E Customer');
  await page.getByLabel('City').fill('New York');
  await page.getByLabel('Region').selectOption(opts.region ?? 'North');
  if (opts.location !== false) {
    await page.getByLabel('Latitude (optional)').fill('40.86');
    await page.getByLabel('Longitude (optional)').fill('-73.89');
  }
  await page.getByLabel('Required skills (comma separated)').fill('hvac');
  await page.getByLabel(/^Contract level/).selectOption('Basic');
  if (opts.durationMinutes !== undefined) await page.getByLabel(/^Estimated duration/).fill(String(opts.durationMinutes));
  await page.getByRole('button', { name: 'Create work order' }).click();
  await page.waitForURL(/\/orders\/(?!new)[^/]+$/);
  return (await page.getByRole('heading', { level: 1 }).textContent())!.split(' · ')[0].trim();
}

/** The order's row in the caller's "Pending assignment" queue, found by its search box. */
export async function findInQueue(page: Page, text: string) {
  if (!page.url().endsWith('/queues')) await page.goto('/queues');
  await page.getByLabel('Search').fill(text);
  const row = page.locator('table[aria-label="Pending assignment"] tbody tr').filter({ hasText: text }).first();
  await row.waitFor({ timeout: 15_000 });
  return row;
}

/** The assignment dialog of the order found in the queue by `text`. */
export async function openAssignDialog(page: Page, text: string) {
  const row = await findInQueue(page, text);
  await row.getByRole('button', { name: /^Assign / }).click();
  return page.getByRole('dialog');
}

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../drizzle/seed/demo-data';
import { launchBrowser, newPage, signIn } from './browser';

// Each role lands on its own home page and sees only its navigation.
const HOMES = [
  { email: 'admin@hudson.example', heading: 'Flows', nav: ['Flows', 'Rules', 'Queues', 'Orders', 'Directory', 'Settings'] },
  { email: 'dispatcher@hudson.example', heading: 'Queues', nav: ['Queues', 'Orders'] },
  { email: 'group.dispatcher@hudson.example', heading: 'Queues', nav: ['Queues', 'Orders'] },
  { email: 'provider.dispatcher@coolfix.example', heading: 'Queues', nav: ['Queues', 'Orders'] },
  { email: 'engineer@hudson.example', heading: 'My work', nav: ['My work'] },
  { email: 'provider.engineer@coolfix.example', heading: 'My work', nav: ['My work'] },
];

describe('sign-in in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it.each(HOMES)('$email lands on $heading', async ({ email, heading, nav }) => {
    const { context, page } = await newPage(browser);
    await signIn(page, email);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toContain(heading);
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toEqual(nav);
    await context.close();
  });

  it('refuses a wrong password with a message and stays signed out', async () => {
    const { context, page } = await newPage(browser);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('admin@hudson.example');
    await page.getByLabel('Password').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    await page.goto('/flows');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });

  it('sends a role away from a page it may not use, and signs out', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, 'engineer@hudson.example', DEMO_PASSWORD);
    await page.goto('/directory');
    expect(new URL(page.url()).pathname).toBe('/my-work');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto('/my-work');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });
});

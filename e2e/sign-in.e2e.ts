import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../drizzle/seed/demo-data';
import { baseUrl, launchBrowser, newPage, signIn } from './browser';

// Each role lands on its own home page and sees only its navigation.
const HOMES = [
  { email: 'admin@hudson.example', heading: 'Flows', nav: ['Flows', 'Rules', 'Queues', 'Schedule', 'Orders', 'Insights', 'Directory', 'Settings'] },
  { email: 'dispatcher@hudson.example', heading: 'Queues', nav: ['Queues', 'Schedule', 'Orders', 'Insights', 'Overrides'] },
  { email: 'group.dispatcher@hudson.example', heading: 'Queues', nav: ['Queues', 'Schedule', 'Orders', 'Insights', 'Overrides'] },
  { email: 'provider.dispatcher@coolfix.example', heading: 'Queues', nav: ['Queues', 'Schedule', 'Orders', 'Insights'] },
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
  it('signs in with JavaScript disabled: the form posts, and the password never appears in a URL', async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    const urls: string[] = [];
    const posts: string[] = [];
    page.on('request', (request) => {
      urls.push(request.url());
      if (request.method() === 'POST') posts.push(request.url());
    });
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('dispatcher@hudson.example');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/queues');
    expect(posts.length).toBeGreaterThan(0);
    // The Server Action saw the socket's address (instrumentation.ts), not an unknown one.
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const sessions = (await (await fetch(`${baseUrl()}/api/auth/list-sessions`, { headers: { cookie } })).json()) as { ipAddress: string | null }[];
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) expect(session.ipAddress).toBe('127.0.0.1');
    for (const url of [...urls, page.url()]) {
      expect(url).not.toContain(encodeURIComponent(DEMO_PASSWORD));
      expect(url).not.toContain(DEMO_PASSWORD);
      expect(url).not.toContain('password');
    }
    await context.close();
  });

  it('shows a wrong password with JavaScript disabled, keeping the e-mail and not the password', async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('engineer@hudson.example');
    await page.getByLabel('Password').fill('wrong-password-456');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(page.url()).not.toContain('wrong-password-456');
    expect(await page.getByLabel('Email').inputValue()).toBe('engineer@hudson.example');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await context.close();
  });

  it('throttles an account: 429 with Retry-After from the endpoint, the same message on the page', async () => {
    const email = 'nobody.throttled@hudson.example';
    const attempt = () =>
      fetch(`${baseUrl()}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: baseUrl() },
        body: JSON.stringify({ email, password: 'wrong-password-789' }),
      });
    for (let i = 0; i < 6; i++) expect((await attempt()).status).toBe(401);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    const seconds = Number(refused.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^Too many failed sign-ins; try again in \d+ s\.$/);

    // The next failure doubles the block; the sign-in page says the same.
    await new Promise((r) => setTimeout(r, seconds * 1000 + 100));
    expect((await attempt()).status).toBe(401);
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('wrong-password-789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /Too many failed sign-ins; try again in \d+ s/ }).waitFor();
    await context.close();
  });

  it('takes the client address from the socket: a spoofed X-Forwarded-For or peer header is ignored', async () => {
    const response = await fetch(`${baseUrl()}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: baseUrl(),
        'x-forwarded-for': '203.0.113.9',
        'x-dispatch-peer-address': '203.0.113.10',
        'x-dispatch-client-address': '203.0.113.11',
      },
      body: JSON.stringify({ email: 'group.dispatcher@hudson.example', password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const sessions = (await (await fetch(`${baseUrl()}/api/auth/list-sessions`, { headers: { cookie } })).json()) as { ipAddress: string | null }[];
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) expect(session.ipAddress).toBe('127.0.0.1');
  });
});

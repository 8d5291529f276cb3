// Push and e-mail settings in Chromium at a phone's size: the app is installable (manifest, icons,
// a service worker that the page's CSP allows), a push message delivered to the service worker
// (through Chromium's DevTools protocol, as a push service would) shows as a notification with its
// title, text and the order's page; an engineer's channel choices are saved on the server; an
// admin sees the failed deliveries panel.
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, signIn, useBrowser } from './browser';

describe('notifications: installable app, service worker, channel settings', () => {
  const browser = useBrowser();
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await browser.open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }));
    await context.grantPermissions(['notifications'], { origin: baseUrl() });
    await signIn(page, 'engineer@hudson.example');
  });

  it('links a manifest whose icons are served, and registers the service worker under the page’s CSP', async () => {
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const manifest = await (await page.request.get(href!)).json();
    expect(manifest).toMatchObject({ name: 'Dispatch Studio', start_url: '/', display: 'standalone' });
    for (const icon of manifest.icons as { src: string }[]) expect((await page.request.get(icon.src)).status(), icon.src).toBe(200);
    const csp = (await page.request.get('/my-work')).headers()['content-security-policy'];
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
    const script = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(script).toBe(`${baseUrl()}/sw.js`);
  });

  it('shows a push message as a notification with its title, text and the order’s page', async () => {
    const cdp = await context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: { registrationId: string; scopeURL: string }[] }) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => registrations.find((r) => r.scopeURL === `${baseUrl()}/`)).toBeTruthy();
    const { registrationId } = registrations.find((r) => r.scopeURL === `${baseUrl()}/`)!;
    const message = { title: 'WO-1042 assigned to Ana Ruiz', body: 'Leaking valve — assigned by Dina Dispatcher', url: '/orders/wo-e2e', tag: 'notification-42', kind: 'assigned', notificationId: 42 };
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: baseUrl(), registrationId, data: JSON.stringify(message) });
    const shown = async () =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: (n.data as { url: string }).url }));
      });
    await expect.poll(shown, { timeout: 10_000 }).toEqual([{ title: message.title, body: message.body, tag: message.tag, url: `${baseUrl()}/orders/wo-e2e` }]);
  });

  it('saves an engineer’s choice of channels per kind, and offers push on this device', async () => {
    await page.getByRole('button', { name: /^Notifications/ }).click();
    await page.getByRole('link', { name: 'Notification settings' }).click();
    await page.getByRole('heading', { name: 'Notification settings' }).waitFor();
    const email = page.getByLabel('Assigned: E-mail', { exact: true });
    const push = page.getByLabel('Assigned: Push', { exact: true });
    await email.waitFor();
    // The defaults: push for assignments, no e-mail.
    expect([await push.isChecked(), await email.isChecked(), await page.getByLabel('SLA breached: Push', { exact: true }).isChecked()]).toEqual([true, false, false]);
    await email.check();
    await page.getByRole('status').filter({ hasText: 'Assigned: e-mail on' }).waitFor();
    await page.getByLabel('SLA breached: Push', { exact: true }).check();
    await page.getByRole('status').filter({ hasText: 'SLA breached: push on' }).waitFor();
    await page.reload();
    await page.getByLabel('Assigned: E-mail', { exact: true }).waitFor();
    expect(await page.getByLabel('Assigned: E-mail', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('SLA breached: Push', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Assigned: In the app', { exact: true }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Turn on push on this device' }).waitFor();
    expect(await page.getByRole('table', { name: 'Devices with push on' }).textContent()).toContain('Push is on for no device.');
    await page.screenshot({ path: 'test-results/notification-settings-390.png', fullPage: true }).catch(() => {});
  });

  it('shows admins the failed deliveries in Settings', async () => {
    const admin = await browser.open();
    try {
      await signIn(admin.page, 'admin@hudson.example');
      await admin.page.goto('/settings');
      const panel = admin.page.getByRole('region', { name: 'Failed deliveries' });
      await panel.getByRole('button', { name: /^Dead/ }).waitFor();
      await panel.getByText('No dead deliveries.').waitFor();
      await panel.getByRole('button', { name: /^Retrying/ }).click();
      await panel.getByText('Nothing is being retried.').waitFor();
    } finally {
      await admin.context.close();
    }
  });
});

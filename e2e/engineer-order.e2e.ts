// The engineer's order page on a 390×844 phone (issue 14, points 1 and 3): a dispatcher creates two
// orders by the form with a site contact and diagnostic readings (and sees them on their order page); both go to Ana.
// Ana opens the first from My work and finds the customer, the site and its contact, the readings, the booking and a
// geo: directions link; she accepts, starts and pauses (the page and her day say "Paused" and offer
// Resume), resumes from My work, and the history says so; opening the page read her notification of
// the assignment (as opening the dispatcher's page reads the group dispatcher's), and the
// notification opens the same page. The second she declines with a reason from its page, and it
// leaves her day.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser';

const RUN = Date.now().toString(36).slice(-5);
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe('the engineer’s order page', () => {
  const { as } = useBrowser();

  /** A tRPC mutation as the page's own client sends it (superjson's envelope); its result. */
  async function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
    return page.evaluate(
      async ([path, input]) => {
        const res = await fetch(`/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: input }) });
        const body = await res.json();
        if (!res.ok) throw new Error(`${path}: ${JSON.stringify(body)}`);
        return body.result.data.json;
      },
      [path, input] as const,
    ) as Promise<T>;
  }

  /** The caller's notifications about this order, and how many of them are unread (notifications.list, as the bell reads it). */
  async function readAbout(page: Page, orderId: string): Promise<{ told: boolean; unread: number }> {
    return page.evaluate(async (orderId) => {
      const res = await fetch(`/api/trpc/notifications.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 50 } }))}`);
      const items = ((await res.json()).result.data.json.items as { orderId: string | null; readAt: string | null }[]).filter((n) => n.orderId === orderId);
      return { told: items.length > 0, unread: items.filter((n) => n.readAt === null).length };
    }, orderId);
  }

  /** An order by the new-order form with an hour's work and two readings; its id and number. */
  async function createByForm(page: Page, title: string) {
    await page.goto('/orders/new');
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('Boiler loses pressure overnight; the customer refills it every morning.');
    await page.getByLabel(/^Category/).selectOption('Plumbing');
    await page.getByLabel('Customer', { exact: true }).fill(`Brookfield Towers ${RUN}`);
    await page.getByLabel('Site contact (optional)').fill('Marta Nowak');
    await page.getByLabel('Site contact phone (optional)').fill('+1 212 555 0147');
    await page.getByLabel('Street').fill('200 Liberty St');
    await page.getByLabel('City').fill('New York');
    await page.getByLabel('Region').selectOption('North');
    await page.getByLabel('Latitude (optional)').fill('40.86');
    await page.getByLabel('Longitude (optional)').fill('-73.89');
    await page.getByLabel(/^Contract level/).selectOption('Basic');
    await page.getByLabel(/^Estimated duration/).fill('60');
    await page.getByRole('button', { name: 'Add reading' }).click();
    await page.getByLabel('Reading 1 name').fill('Supply pressure');
    await page.getByLabel('Reading 1 value').fill('0.4');
    await page.getByLabel('Reading 1 unit (optional)').fill('bar');
    await page.getByRole('button', { name: 'Add reading' }).click();
    await page.getByLabel('Reading 2 value').fill('E4');
    // A reading without a name is refused, naming the reading's field.
    await page.getByRole('button', { name: 'Create work order' }).click();
    await page.getByText('The reading needs a name').waitFor();
    await page.getByLabel('Reading 2 name').fill('Error code');
    await page.getByRole('button', { name: 'Create work order' }).click();
    await page.waitForURL(/\/orders\/(?!new)[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const number = (await page.getByRole('heading', { level: 1 }).textContent())!.split(' · ')[0].trim();
    // The dispatcher's order page shows the readings.
    const readings = page.getByRole('table', { name: 'Diagnostics' });
    expect(await readings.getByRole('row', { name: /Supply pressure/ }).textContent()).toContain('0.4 bar');
    expect(await readings.getByRole('row', { name: /Error code/ }).textContent()).toContain('E4');
    return { id, number };
  }

  /** Sends the order to North Metro (dispatcher), whose dispatcher gives it to Ana. */
  async function toAna(dispatcher: Page, gina: Page, id: string) {
    const read = await mutate<{ version: number }>(dispatcher, 'orders.assign', {
      orderId: id,
      version: 1,
      assignee: { type: 'service_group', id: 'sg-north' },
      collaboratorIds: [],
    });
    await mutate(gina, 'orders.assign', { orderId: id, version: read.version, assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [] });
  }

  it('opens from My work with customer, site, readings, booking and directions; accept, start, pause, resume from My work; decline with a reason', async () => {
    const dispatcher = await as('dispatcher@hudson.example');
    const gina = await as('group.dispatcher@hudson.example');
    const first = await createByForm(dispatcher, `E2E on site ${RUN}`);
    const second = await createByForm(dispatcher, `E2E on site declined ${RUN}`);
    await toAna(dispatcher, gina, first.id);
    await toAna(dispatcher, gina, second.id);

    const ana = await as('engineer@hudson.example', PHONE);
    await ana.goto('/my-work');
    // Told of the assignment, not read yet.
    const assignedNote = ana.getByRole('list', { name: 'My notifications' }).getByRole('listitem').filter({ hasText: `${first.number} assigned to Ana Ruiz` }).first();
    expect(await assignedNote.textContent()).toContain('unread');
    // Her day counts down to the time to answer the new order.
    const firstCard = ana.getByRole('list', { name: 'My tasks' }).getByRole('listitem').filter({ hasText: `${first.number} · E2E on site ${RUN}` });
    await firstCard.getByText(/^respond (in|overdue by) \d/).waitFor();
    await ana.getByRole('link', { name: `${first.number} · E2E on site ${RUN}` }).tap();
    await ana.waitForURL(new RegExp(`/orders/${first.id}$`));
    await ana.getByRole('heading', { level: 1, name: `${first.number} · E2E on site ${RUN}` }).waitFor();
    // Nothing wider than the phone.
    expect(await ana.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Opening the page (from her task, not from the notification) read what she was told about the order.
    await expect.poll(() => readAbout(ana, first.id)).toEqual({ told: true, unread: 0 });

    const site = ana.getByRole('region', { name: 'Customer and site' });
    expect(await site.textContent()).toContain(`Brookfield Towers ${RUN}`);
    expect(await site.textContent()).toContain('200 Liberty St, New York');
    expect(await site.getByRole('link', { name: '+1 212 555 0147' }).getAttribute('href')).toBe('tel:+12125550147');
    expect(await site.textContent()).toContain('Marta Nowak');
    // A phone: the directions open the phone's maps app at the order's location.
    const directions = site.getByRole('link', { name: 'Directions' });
    expect(await directions.getAttribute('href')).toMatch(/^geo:40\.86,-73\.89\?q=40\.86,-73\.89\(200%20Liberty%20St/);
    expect(await ana.getByRole('region', { name: 'The work' }).textContent()).toContain('Boiler loses pressure overnight');
    const readings = ana.getByRole('table', { name: 'Diagnostics' });
    expect(await readings.getByRole('row', { name: /Supply pressure/ }).textContent()).toContain('0.4 bar');
    expect(await readings.getByRole('row', { name: /Error code/ }).textContent()).toContain('E4');
    // Booked on assignment (an hour's work): the booking is on the page, not "Not booked".
    const when = await ana.getByRole('region', { name: 'When' }).textContent();
    expect(when).toMatch(/Booking\s*\w{3}.*\d{1,2}:\d{2}/);
    expect(when).not.toContain('Not booked');
    expect(await ana.getByRole('region', { name: 'Team' }).textContent()).toContain('Ana Ruiz');
    expect(await ana.getByRole('link', { name: 'Work-order document (PDF)' }).getAttribute('href')).toBe(`/orders/${first.id}/document.pdf`);

    const button = (name: string) => ana.getByRole('button', { name, exact: true });
    // Waiting for her answer, the page counts down to the respond-by as well as the resolve-by.
    const badges = ana.locator('.eo-badges');
    expect(await badges.textContent()).toMatch(/respond (in|overdue by) \d/);
    expect(await badges.textContent()).toMatch(/resolve (in|overdue by) \d/);
    const accept = button('Accept');
    expect((await accept.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await accept.tap();
    await ana.getByRole('status').filter({ hasText: `${first.number} accepted` }).waitFor();
    await expect.poll(() => badges.textContent()).not.toMatch(/respond /);
    await button('Start').tap();
    await ana.getByRole('status').filter({ hasText: `${first.number} started` }).waitFor();
    await button('Pause').tap();
    await ana.getByRole('status').filter({ hasText: `${first.number} paused` }).waitFor();
    await ana.getByText('Paused', { exact: true }).waitFor();
    expect(await button('Pause').count()).toBe(0);
    await button('Resume').waitFor();
    expect(await button('Start').count()).toBe(0);
    // The dispatcher's orders list says so too (not "Accepted").
    await dispatcher.goto('/orders');
    await dispatcher.getByLabel('Search').fill(first.number);
    const listed = dispatcher.getByRole('row').filter({ hasText: first.number });
    await listed.getByRole('cell', { name: 'Paused', exact: true }).waitFor();
    expect(await listed.getByRole('cell', { name: 'Accepted', exact: true }).count()).toBe(0);
    // Her day says paused too (not "Accepted"), and resumes it from there.
    await ana.goto('/my-work');
    const card = ana.getByRole('list', { name: 'My tasks' }).getByRole('listitem').filter({ hasText: `${first.number} · E2E on site ${RUN}` });
    await card.getByText('Paused', { exact: true }).waitFor();
    expect(await card.getByText('Accepted', { exact: true }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Start', exact: true }).count()).toBe(0);
    await card.getByRole('button', { name: 'Resume', exact: true }).tap();
    await ana.getByRole('status').filter({ hasText: `${first.number} resumed` }).waitFor();
    await card.getByText('In progress', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await ana.goto(`/orders/${first.id}`);
    await ana.locator('.eo-badges').getByText('In progress', { exact: true }).waitFor();
    await button('Pause').waitFor();
    await button('Complete').waitFor();
    const history = await ana.getByRole('region', { name: 'History' }).textContent();
    expect(history).toMatch(/Accepted[\s\S]*Work started[\s\S]*Work paused[\s\S]*Work started/);

    // The notification of the assignment, read since the page was opened, opens the same page.
    await ana.goto('/my-work');
    expect(await assignedNote.textContent()).not.toContain('unread');
    await assignedNote.getByRole('link').tap();
    await ana.waitForURL(new RegExp(`/orders/${first.id}$`));
    await ana.getByRole('region', { name: 'Customer and site' }).waitFor();

    // The group dispatcher, told the order came to her group, reads that by opening the dispatcher's page; Ana's second order stays unread for her.
    expect(await readAbout(gina, first.id)).toMatchObject({ told: true, unread: expect.any(Number) });
    expect((await readAbout(gina, first.id)).unread).toBeGreaterThan(0);
    await gina.goto(`/orders/${first.id}`);
    await gina.getByRole('heading', { level: 1, name: `${first.number} · E2E on site ${RUN}` }).waitFor();
    await expect.poll(() => readAbout(gina, first.id)).toEqual({ told: true, unread: 0 });
    expect((await readAbout(gina, second.id)).unread).toBeGreaterThan(0);
    expect((await readAbout(ana, second.id)).unread).toBeGreaterThan(0);

    // The second order: declined with a reason from its page, and gone from her day.
    await ana.goto('/my-work');
    await ana.getByRole('link', { name: `${second.number} · E2E on site declined ${RUN}` }).tap();
    await ana.waitForURL(new RegExp(`/orders/${second.id}$`));
    await ana.getByRole('heading', { level: 1, name: `${second.number} · E2E on site declined ${RUN}` }).waitFor();
    await button('Decline').tap();
    const dialog = ana.getByRole('dialog', { name: `Decline ${second.number}` });
    await dialog.getByRole('button', { name: 'Decline order' }).tap();
    await dialog.getByText(/at least 3 characters/).waitFor();
    await dialog.getByLabel('Reason').fill('Van in the workshop until noon');
    await dialog.getByRole('button', { name: 'Decline order' }).tap();
    await ana.waitForURL(/\/my-work$/);
    await ana.getByRole('list', { name: 'My tasks' }).waitFor();
    await expect.poll(() => ana.getByRole('link', { name: `${second.number} · E2E on site declined ${RUN}` }).count()).toBe(0);
    expect(await ana.getByRole('link', { name: `${first.number} · E2E on site ${RUN}` }).count()).toBe(1);

    // The dispatcher's page of the declined order tells why.
    await dispatcher.goto(`/orders/${second.id}`);
    await dispatcher.getByText('Declined: Van in the workshop until noon').waitFor();
  });
});

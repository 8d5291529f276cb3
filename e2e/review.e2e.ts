import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../drizzle/seed/seed';
import { baseUrl, launchBrowser, newPage, signIn } from './browser';

// The review hold (issue 14, points 6 and 9): an admin turns on review for API orders in the flow
// designer and publishes; an order sent to the REST API with an API key waits in the Review queue;
// a dispatcher edits its priority there and approves it; it is dispatched, and its history shows
// the edit (before → after) and the approval. Found by role and label, as a person would.
const FLOW_ID = 'flow-provider-then-engineer';

async function publish(page: Page) {
  await expect.poll(() => page.getByRole('button', { name: 'Publish' }).isEnabled(), { timeout: 30_000 }).toBe(true);
  await page.getByRole('button', { name: 'Publish' }).click();
  const dialog = page.getByRole('dialog', { name: /^Publish version \d+$/ });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: /^Publish version \d+$/ }).click();
  await page.getByRole('status').filter({ hasText: /Published version \d+/ }).waitFor();
}

/** The start node's review setting for API orders, on or off, published. */
async function reviewApiOrders(page: Page, on: boolean) {
  await page.goto(`/flows/${FLOW_ID}`);
  await page.getByLabel('Start node: Start', { exact: false }).first().click();
  const setting = page.getByRole('group', { name: 'Review before dispatch' });
  await setting.getByLabel('API', { exact: true }).setChecked(on);
  await publish(page);
}

describe('the review hold in the browser', () => {
  let browser: Browser;
  let admin: Page;
  let dispatcher: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page: admin } = await newPage(browser, { viewport: { width: 1440, height: 900 } }));
    ({ page: dispatcher } = await newPage(browser, { viewport: { width: 1440, height: 900 } }));
    await signIn(admin, 'admin@hudson.example');
    await signIn(dispatcher, 'dispatcher@hudson.example');
  });
  afterAll(async () => {
    // The browser tests share one database: API orders on this flow go straight to dispatch again.
    if (admin) await reviewApiOrders(admin, false).catch(() => {});
    await browser?.close();
  });

  it('holds an API order for review; the dispatcher edits its priority and approves it, and it is dispatched', async () => {
    await reviewApiOrders(admin, true);

    const res = await fetch(`${baseUrl()}/api/v1/work-orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY, 'idempotency-key': `review-e2e-${Date.now()}` },
      body: JSON.stringify({
        title: 'Rooftop unit leaking (review e2e)',
        category: 'HVAC',
        priority: 'Medium',
        customer: { name: 'Acme Towers' },
        address: { street: '5 Park Ave', city: 'New York', region: 'North', postcode: '10016' },
        location: { lat: 40.75, lng: -73.98 },
        custom: { contractLevel: 'Basic' },
        flow: FLOW_ID,
      }),
    });
    const order = (await res.json()) as { id: string; number: string; status: string };
    expect(res.status, JSON.stringify(order)).toBe(201);
    expect(order.status).toBe('in_review');

    // The dispatcher's Review queue lists it.
    await dispatcher.goto('/queues');
    await dispatcher.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: /^Review/ }).click();
    const queue = dispatcher.getByRole('region', { name: 'Review' });
    const row = queue.getByRole('row').filter({ hasText: order.number });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('API');

    // Edit: the priority goes from Medium to Urgent.
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = dispatcher.getByRole('dialog', { name: `Edit ${order.number}` });
    await edit.getByLabel('Priority').selectOption('Urgent');
    // A bad value is refused beside its field, and the rest of the form stays as typed.
    await edit.getByLabel('Title').fill('x');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByText('At least 3 characters').waitFor();
    await edit.getByLabel('Title').fill('Rooftop unit leaking badly (review e2e)');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await queue.getByRole('status').filter({ hasText: `${order.number} saved` }).waitFor();
    await edit.waitFor({ state: 'detached' });

    // Approve: it leaves the queue and is dispatched.
    await row.getByRole('button', { name: `Approve ${order.number}` }).click();
    await queue.getByRole('status').filter({ hasText: `${order.number} approved` }).waitFor();
    await expect.poll(() => queue.getByRole('row').filter({ hasText: order.number }).count()).toBe(0);

    await dispatcher.goto(`/orders/${order.id}`);
    await dispatcher.getByRole('heading', { name: `${order.number} · Rooftop unit leaking badly (review e2e)` }).waitFor();
    const history = dispatcher.getByRole('region', { name: 'History' });
    await history.getByText('Held for review (from API)').waitFor();
    await history.getByText(/Edited: title .* → Rooftop unit leaking badly \(review e2e\); priority Medium → Urgent/).waitFor();
    await history.getByText('Approved in review: dispatched').waitFor();
    // Urgent now: the rules at "Dispatcher assigns service provider" take it.
    await history.getByText(/Auto-assigned to .+ by rule “provider-by-region”/).waitFor();
    expect(await dispatcher.getByText('In review', { exact: true }).count()).toBe(0);
  });
});

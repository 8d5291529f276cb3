// The dispatcher workspace in Chromium, across roles: seed process 001 by hand (dispatcher → service
// group → member provider → provider engineer in the portal → the engineer accepts), a rejection back
// upstream, a reallocation allowed and one refused, the map disabled for an order without a location,
// a second browser seeing the queue change live, and the mobile viewport.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createOrderByForm, findInQueue, useBrowser } from './browser';

const RUN = Date.now().toString(36).slice(-5);
const DISPATCHER = 'dispatcher@hudson.example';
const DISPATCHER2 = 'dispatcher2@hudson.example';
const GROUP = 'group.dispatcher@hudson.example';
const PROVIDER = 'provider.dispatcher@coolfix.example';
const KAI = 'provider.engineer@coolfix.example';
const ANA = 'engineer@hudson.example';

describe('dispatcher workspace', () => {
  const { as } = useBrowser();

  /** A new Medium-priority order by hand (rules leave it to people), returning its number. */
  const createOrder = createOrderByForm;


  async function assignFromQueue(page: Page, text: string, owner: string, collaborators: string[] = []) {
    const row = await findInQueue(page, text);
    await row.getByRole('button', { name: /^Assign / }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: `Owner: ${owner}` }).check();
    for (const c of collaborators) await dialog.getByRole('checkbox', { name: `Collaborator: ${c}` }).check();
    await dialog.getByRole('button', { name: 'Confirm assignment' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  let seedOrder = '';
  const seedTitle = `E2E 001 ${RUN}`;

  it('seed process 001 by hand: dispatcher → group → member provider → provider engineer (portal) → accepted', async () => {
    const dispatcher = await as(DISPATCHER);
    seedOrder = await createOrder(dispatcher, seedTitle);
    expect(seedOrder).toMatch(/^WO-/);
    await assignFromQueue(dispatcher, seedTitle, 'Partner Network');

    const group = await as(GROUP);
    await assignFromQueue(group, seedTitle, 'CoolFix Ltd');

    const provider = await as(PROVIDER);
    await provider.goto('/queues');
    await provider.getByText('Provider portal — CoolFix Ltd').waitFor();
    await assignFromQueue(provider, seedTitle, 'Kai Tanaka');

    const kai = await as(KAI);
    await kai.goto('/my-work');
    const card = kai.locator('.work-card').filter({ hasText: seedTitle });
    await card.getByRole('button', { name: 'Accept' }).click();
    await card.getByRole('button', { name: 'Start' }).waitFor();

    // The order page: dispatch fields under their API names, history with traces, notifications sent.
    await dispatcher.goto('/orders');
    await dispatcher.goto(`/queues`);
    const detail = await as(DISPATCHER);
    await detail.goto('/orders');
    await detail.getByLabel('Search').fill(seedOrder);
    await detail.getByText(seedOrder).first().waitFor();
    const id = await orderIdOf(detail, seedOrder);
    await detail.goto(`/orders/${id}`);
    const fields = detail.getByLabel('Dispatch fields');
    await expect.poll(() => fields.locator('[data-field="field_partner"]').textContent()).toContain('CoolFix Ltd');
    expect(await fields.locator('[data-field="field_outDealUser"]').textContent()).toContain('Kai Tanaka');
    expect(await fields.locator('[data-field="assign_way"]').textContent()).toBe('manual');
    expect(await fields.locator('[data-field="field_downstreamOuterTenantId"]').textContent()).toBe('t-901');
    expect(await detail.locator('[data-event="accepted"]').count()).toBe(1);
    expect(await detail.getByLabel('Decision trace').count()).toBeGreaterThan(0);
    expect(await detail.getByRole('table', { name: 'Notifications sent' }).textContent()).toContain('Kai Tanaka');
  });

  async function orderIdOf(page: Page, number: string): Promise<string> {
    return page.evaluate(async (n) => {
      const input = encodeURIComponent(JSON.stringify({ json: { search: n, page: 1, pageSize: 5 } }));
      const res = await fetch(`/api/trpc/orders.list?input=${input}`);
      const body = await res.json();
      return body.result.data.json.rows.find((r: { number: string }) => r.number === n).id as string;
    }, number);
  }

  it('a group dispatcher rejects an order back upstream with a reason', async () => {
    const dispatcher = await as(DISPATCHER);
    const title = `E2E reject ${RUN}`;
    await createOrder(dispatcher, title);
    await assignFromQueue(dispatcher, title, 'North Metro');
    const group = await as(GROUP);
    const row = await findInQueue(group, title);
    await row.getByRole('button', { name: /^Reject / }).click();
    const dialog = group.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('Outside our coverage this week');
    await dialog.getByRole('button', { name: 'Reject order' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Back in the company dispatcher's queue, with the rejection in its history.
    await dispatcher.goto('/queues');
    const back = await findInQueue(dispatcher, title);
    expect(await back.textContent()).toContain('Dispatcher assigns service group');
  });

  it('reallocates with the permission; without it there is no button and the server refuses', async () => {
    const dispatcher = await as(DISPATCHER);
    await dispatcher.goto('/orders');
    const id = await orderIdOf(dispatcher, seedOrder);
    await dispatcher.goto(`/orders/${id}`);
    await dispatcher.getByRole('button', { name: 'Reallocate' }).click();
    const dialog = dispatcher.getByRole('dialog');
    await dialog.getByLabel('Change the').selectOption('service_group');
    await dialog.getByLabel('New assignee').selectOption({ label: 'North Metro' });
    await dialog.getByRole('button', { name: 'Reallocate' }).click();
    await dialog.waitFor({ state: 'detached' });
    await dispatcher.locator('[data-event="reallocated"]').waitFor();

    const other = await as(DISPATCHER2);
    await other.goto(`/orders/${id}`);
    await other.getByRole('heading', { level: 1 }).waitFor();
    expect(await other.getByRole('button', { name: 'Reallocate' }).count()).toBe(0);
    const status = await other.evaluate(async (orderId) => {
      const res = await fetch('/api/trpc/orders.reallocate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { orderId, version: 1, assignee: { type: 'service_group', id: 'sg-south' }, collaboratorIds: [] } }),
      });
      return res.status;
    }, id);
    expect(status).toBe(403);
  });

  it('disables the map for an order without a location, saying why', async () => {
    const dispatcher = await as(DISPATCHER);
    const title = `E2E nomap ${RUN}`;
    await createOrder(dispatcher, title, { location: false });
    const row = await findInQueue(dispatcher, title);
    await row.getByRole('button', { name: /^Assign / }).click();
    const dialog = dispatcher.getByRole('dialog');
    expect(await dialog.getByRole('tab', { name: 'Map' }).isDisabled()).toBe(true);
    await dialog.getByText('This order has no location, so it cannot be shown on a map').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // With a location the map shows the order and the candidates as labelled markers.
    const title2 = `E2E map ${RUN}`;
    await createOrder(dispatcher, title2);
    await assignFromQueue(dispatcher, title2, 'North Metro');
    const group = await as(GROUP);
    const row2 = await findInQueue(group, title2);
    await row2.getByRole('button', { name: /^Assign / }).click();
    const d2 = group.getByRole('dialog');
    await d2.getByRole('tab', { name: 'Map' }).click();
    await d2.getByRole('region', { name: 'Map of the order and nearby resources' }).waitFor();
    const marker = d2.locator('[data-candidate]').first();
    await marker.waitFor();
    await marker.dispatchEvent('click');
    await expect.poll(() => d2.getByText(/^Owner: /).textContent()).toMatch(/Owner: .+/);
    await d2.getByRole('button', { name: 'Confirm assignment' }).click();
    await d2.waitFor({ state: 'detached' });
  });

  it('a second browser sees the queue change live, and the assignee’s bell updates', async () => {
    const a = await as(DISPATCHER);
    const b = await as(DISPATCHER2);
    const gina = await as(GROUP);
    const title = `E2E live ${RUN}`;
    await b.goto('/queues');
    await b.getByLabel('Search').fill(title);
    await b.getByText('Nothing is waiting here.').waitFor();
    await gina.goto('/queues');
    const bell = gina.getByRole('button', { name: /^Notifications/ });
    const before = await bell.getAttribute('aria-label');

    // A new order arrives: B's queue shows it without reload.
    await createOrder(a, title);
    let t = Date.now();
    await b.locator('table[aria-label="Pending assignment"] tbody tr').filter({ hasText: title }).waitFor({ timeout: 2_000 });
    expect(Date.now() - t).toBeLessThan(2_000);

    // A takes it: it leaves B's queue, and the group's dispatcher is notified.
    await assignFromQueue(a, title, 'North Metro');
    t = Date.now();
    await b.getByText('Nothing is waiting here.').waitFor({ timeout: 2_000 });
    expect(Date.now() - t).toBeLessThan(2_000);
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 2_000 }).not.toBe(before);
  });

  it('a new work order by hand names each wrong field', async () => {
    const dispatcher = await as(DISPATCHER);
    await dispatcher.goto('/orders/new');
    await dispatcher.getByLabel('Title').fill('ab');
    await dispatcher.getByLabel('Latitude (optional)').fill('123');
    await dispatcher.getByLabel('Longitude (optional)').fill('-73.9');
    await dispatcher.getByRole('button', { name: 'Create work order' }).click();
    await dispatcher.getByText('At least 3 characters').waitFor();
    await dispatcher.getByText('The customer name is required').waitFor();
    await dispatcher.getByText('Latitude is between -90 and 90').waitFor();
    expect(new URL(dispatcher.url()).pathname).toBe('/orders/new');
  });

  it('column settings: choose and order the fields, Apply, kept for the user', async () => {
    const gina = await as(GROUP);
    await gina.goto('/queues');
    // Start from the default fields, whatever an earlier run left.
    await gina.evaluate(async () => {
      const columns = ['number', 'title', 'customer', 'priority', 'category', 'region', 'queue', 'waiting', 'slaDue'];
      await fetch('/api/trpc/queues.setColumns', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: { columns } }) });
    });
    await gina.reload();
    const headers = () => gina.locator('table[aria-label="Pending assignment"] thead th').allTextContents();
    await expect.poll(headers).toContain('Category');
    await gina.getByRole('button', { name: 'Settings' }).click();
    const dialog = gina.getByRole('dialog', { name: 'Displayed fields' });
    await dialog.getByRole('checkbox', { name: 'Category' }).uncheck();
    await dialog.getByRole('checkbox', { name: 'Service group' }).check();
    await dialog.getByRole('button', { name: 'Move Priority up' }).click();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(headers).not.toContain('Category');
    await gina.reload();
    await expect.poll(headers).toContain('Service group');
    const h = await headers();
    expect(h).not.toContain('Category');
    expect(h.indexOf('Priority')).toBeLessThan(h.indexOf('Customer'));
  });

  it('bulk reassignment shows its effect before it is applied', async () => {
    const dispatcher = await as(DISPATCHER);
    const title = `E2E bulk ${RUN}`;
    for (const n of [1, 2]) {
      await createOrder(dispatcher, `${title} ${n}`);
      await assignFromQueue(dispatcher, `${title} ${n}`, 'North Metro');
    }
    const gina = await as(GROUP);
    await gina.goto('/queues');
    await gina.getByLabel('Search').fill(title);
    const rows = gina.locator('table[aria-label="Pending assignment"] tbody tr').filter({ hasText: title });
    await expect.poll(() => rows.count()).toBe(2);
    await gina.getByRole('checkbox', { name: 'Select all on this page' }).check();
    await gina.getByRole('button', { name: 'Reassign selected' }).click();
    const dialog = gina.getByRole('dialog');
    await dialog.getByLabel('Service group').selectOption({ label: 'South Metro' });
    await dialog.getByLabel('Reason').fill('South has capacity today');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const effect = gina.getByRole('table', { name: 'Effect of the bulk action' });
    await effect.waitFor();
    expect((await effect.textContent())!.match(/North Metro → South Metro/g)?.length).toBe(2);
    await gina.getByText('2 will change, 0 will be refused.').waitFor();
    await gina.getByRole('button', { name: 'Apply to 2 orders' }).click();
    await gina.getByText('Applied: 2 done, 0 refused.').waitFor();
    await gina.getByRole('button', { name: 'Close' }).last().click();
    const sol = await as('south.dispatcher@hudson.example');
    await sol.goto('/queues');
    await sol.getByLabel('Search').fill(title);
    await expect.poll(() => sol.locator('table[aria-label="Pending assignment"] tbody tr').filter({ hasText: title }).count()).toBe(2);
  });

  it('works on a 390x844 phone: pending assignment, several collaborators, the engineer’s tasks, notifications', async () => {
    const dispatcher = await as(DISPATCHER);
    const title = `E2E mobile ${RUN}`;
    await createOrder(dispatcher, title);
    await assignFromQueue(dispatcher, title, 'North Metro');

    const gina = await as(GROUP, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await gina.setViewportSize({ width: 390, height: 844 });
    await gina.goto('/queues');
    await gina.getByLabel('Search').fill(title);
    const card = gina.locator('.todo-card').filter({ hasText: title });
    await card.waitFor();
    expect(await gina.locator('table[aria-label="Pending assignment"]').isVisible()).toBe(false);
    const assign = card.getByRole('button', { name: /^Assign / });
    const box = await assign.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await assign.tap();
    const dialog = gina.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Owner: Ana Ruiz' }).check();
    const collaborators = dialog.getByRole('checkbox', { name: /^Collaborator: / });
    await collaborators.nth(0).check();
    await collaborators.nth(1).check();
    await dialog.getByText(/Owner: Ana Ruiz \+ 2 collaborators/).waitFor();
    await dialog.getByRole('button', { name: 'Confirm assignment' }).tap();
    await dialog.waitFor({ state: 'detached' });

    const ana = await as(ANA, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await ana.goto('/my-work');
    const task = ana.locator('.work-card').filter({ hasText: title });
    const accept = task.getByRole('button', { name: 'Accept' });
    const abox = await accept.boundingBox();
    expect(abox!.height).toBeGreaterThanOrEqual(44);
    expect(abox!.width).toBeGreaterThanOrEqual(44);
    await accept.tap();
    await task.getByRole('button', { name: 'Start' }).tap();
    await task.getByRole('button', { name: 'Complete' }).tap();
    await ana.getByText(/completed/).first().waitFor();
    expect(await ana.getByRole('list', { name: 'My notifications' }).textContent()).toContain(title.split(' ')[0]);
  });
});

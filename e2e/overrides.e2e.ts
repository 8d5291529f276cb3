// Overrides with reasons in Chromium: an admin edits the reasons in the Rules area; a dispatcher
// reallocates an order a rule decided and is asked for a reason (none asked for an order assigned by
// hand); the history says so; the report in the Rules area counts it, with a link to the order.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser';
import { testOrder } from '../engine/testing';

const RUN = Date.now().toString(36).slice(-5);
const ADMIN = 'admin@hudson.example';
const DISPATCHER = 'dispatcher@hudson.example';
const REASON = `Van broke down ${RUN}`;

/** A tRPC call from the signed-in page, as the app's own client makes it. */
async function trpc<T>(page: Page, path: string, input: unknown, method: 'GET' | 'POST' = 'POST'): Promise<T> {
  return page.evaluate(
    async ({ path, input, method }) => {
      const body = JSON.stringify({ json: input });
      const res = method === 'GET' ? await fetch(`/api/trpc/${path}?input=${encodeURIComponent(body)}`) : await fetch(`/api/trpc/${path}`, { method, headers: { 'content-type': 'application/json' }, body });
      const json = await res.json();
      if (!res.ok) throw new Error(`${path}: ${json.error?.json?.message ?? res.status}`);
      return json.result.data.json;
    },
    { path, input, method },
  ) as Promise<T>;
}

interface OrderRow {
  id: string;
  number: string;
  engineerId: string | null;
  serviceGroupId: string | null;
  assign_way: string | null;
}

/** An urgent HVAC order in Midtown: the demo rules send it to North Metro and on to an engineer. */
const ruleDecided = (title: string) =>
  testOrder({
    title,
    category: 'HVAC',
    priority: 'Urgent',
    customer: { name: 'E2E Customer', tier: 'Standard' },
    address: { street: '1 Main St', city: 'New York', region: 'North', postcode: '10001' },
    location: { lat: 40.755, lng: -73.985 },
    requiredSkills: ['hvac'],
  });

describe('overrides with reasons', () => {
  const { as } = useBrowser();

  it('an admin edits the reasons in the Rules area', async () => {
    const admin = await as(ADMIN);
    await admin.goto('/rules');
    await admin.getByRole('link', { name: 'Overrides', exact: true }).click();
    await admin.waitForURL(/\/rules\/overrides$/);
    const form = admin.getByRole('form', { name: 'Override reasons' });
    await expect.poll(() => form.getByLabel(/^Reason \d+$/).count()).toBe(6);
    expect(await form.getByLabel('Reason 6', { exact: true }).inputValue()).toBe('Other');
    await form.getByRole('button', { name: 'Add a reason' }).click();
    await form.getByLabel('Reason 7', { exact: true }).fill(REASON);
    await form.getByRole('button', { name: `Move ${REASON} up` }).click();
    await form.getByRole('button', { name: 'Remove Rule is wrong' }).click();
    await form.getByRole('button', { name: 'Save reasons' }).click();
    await admin.getByText('Override reasons saved').waitFor();
    await admin.reload();
    const saved = admin.getByRole('form', { name: 'Override reasons' }).getByLabel(/^Reason \d+$/);
    await expect.poll(() => saved.count()).toBe(6);
    const labels = await saved.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(labels).toEqual(['Customer request', 'Engineer unavailable', 'Better skill match', 'Closer engineer available', REASON, 'Other']);
  });

  let order: OrderRow;
  let rule = '';

  it('reallocating what a rule decided asks for a reason; the history records the override', async () => {
    const dispatcher = await as(DISPATCHER);
    await dispatcher.goto('/orders');
    order = await trpc<OrderRow>(dispatcher, 'orders.create', ruleDecided(`E2E override ${RUN}`));
    expect(order.assign_way).toBe('auto');
    const decisions = await trpc<Record<string, { rule: string }>>(dispatcher, 'overrides.ruleDecisions', { orderIds: [order.id] }, 'GET');
    rule = decisions[order.id].rule;
    expect(rule).toBeTruthy();

    await dispatcher.goto(`/orders/${order.id}`);
    await dispatcher.getByRole('button', { name: 'Reallocate' }).click();
    const dialog = dispatcher.getByRole('dialog');
    // The rule sent it to North Metro (and on): the dispatcher moves it to South Metro.
    expect(order.serviceGroupId).toBe('sg-north');
    await dialog.getByLabel('Change the').selectOption('service_group');
    await dialog.getByLabel('New assignee').selectOption({ label: 'South Metro' });
    const reason = dialog.getByLabel('Override reason');
    await reason.waitFor();
    expect(await dialog.textContent()).toContain(`Rule "${rule}" decided`);
    // Without a reason the form does not go out.
    await dialog.getByRole('button', { name: 'Reallocate' }).click();
    expect(await reason.evaluate((e) => (e as HTMLSelectElement).validity.valueMissing)).toBe(true);
    expect(await dialog.isVisible()).toBe(true);
    // The admin's new reason is offered, the removed one is not.
    const offered = await reason.locator('option').allTextContents();
    expect(offered).toContain(REASON);
    expect(offered).not.toContain('Rule is wrong');
    await reason.selectOption({ label: REASON });
    await dialog.getByLabel('Details (optional)').fill('Customer called at 9');
    await dialog.getByRole('button', { name: 'Reallocate' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 }).catch(async () => {
      throw new Error(`The dialog stayed open: ${await dialog.textContent()}`);
    });
    const event = dispatcher.locator('[data-event="reallocated"]');
    await event.waitFor();
    expect(await event.textContent()).toContain(`overrides rule “${rule}”, reason: ${REASON} (Customer called at 9)`);

    // Changed by hand now: reallocating again asks for no reason.
    await dispatcher.getByRole('button', { name: 'Reallocate' }).click();
    const again = dispatcher.getByRole('dialog');
    await again.getByLabel('New assignee').waitFor();
    await again.getByLabel('Change the').selectOption('service_group');
    expect(await again.getByLabel('Override reason').count()).toBe(0);
    await again.getByRole('button', { name: 'Cancel' }).click();
  });

  it('the report in the Rules area counts the override per rule, with a link to the order', async () => {
    const dispatcher = await as(DISPATCHER);
    await dispatcher.goto('/queues');
    await dispatcher.getByRole('link', { name: 'Overrides', exact: true }).click();
    await dispatcher.waitForURL(/\/rules\/overrides$/);
    // Dispatchers see the report of their scope, not the admin's reasons editor.
    expect(await dispatcher.getByRole('form', { name: 'Override reasons' }).count()).toBe(0);
    await dispatcher.getByRole('form', { name: 'Overrides period' }).getByLabel(/^Period/).selectOption('7d');
    const table = dispatcher.getByRole('table', { name: 'Overrides by rule' });
    const row = table.locator('tbody tr').filter({ has: dispatcher.locator('th', { hasText: rule }) });
    await row.first().waitFor();
    const cells = await row.first().locator('td').allTextContents();
    expect(Number(cells[1])).toBeGreaterThanOrEqual(1);
    expect(cells[3]).toContain(`${REASON}: 1`);
    await table.getByText(`The overridden order`).first().click();
    const orders = dispatcher.getByRole('table', { name: `Orders overridden from rule ${rule}` });
    expect(await orders.textContent()).toContain(`${REASON} — Customer called at 9`);
    await orders.getByRole('link', { name: order.number }).click();
    await dispatcher.waitForURL(new RegExp(`/orders/${order.id}$`));
    await dispatcher.getByRole('heading', { level: 1, name: new RegExp(order.number) }).waitFor();
  });
});

// The work-order document in the browser: the order page's button opens the order's PDF (inline,
// under its number, never cached), whose text names the order and its customer; an engineer gets
// the document of their own order and 404 for another's; signed out, no document.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../server/document/pdf-text';
import { useBrowser } from './browser';

interface ListedOrder {
  id: string;
  number: string;
  customerName: string;
}

/** The orders the signed-in user's order list holds (tRPC over HTTP, as the page calls it). */
async function listOrders(page: Page): Promise<ListedOrder[]> {
  return page.evaluate(async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { page: 1, pageSize: 200 } }));
    const res = await fetch(`/api/trpc/orders.list?input=${input}`);
    const body = await res.json();
    return body.result.data.json.rows.map((r: ListedOrder) => ({ id: r.id, number: r.number, customerName: r.customerName }));
  });
}

describe('the work-order document', () => {
  const browser = useBrowser();
  const as = async (email: string) => {
    const page = await browser.as(email);
    return { context: page.context(), page };
  };

  it('opens from the order page’s button as the order’s PDF', async () => {
    const { context, page } = await as('dispatcher@hudson.example');
    const [order] = await listOrders(page);
    await page.goto(`/orders/${order.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(order.number) }).waitFor();
    const link = page.getByRole('link', { name: 'Work-order document (PDF)' });
    expect(await link.getAttribute('href')).toBe(`/orders/${order.id}/document.pdf`);

    const response = context.waitForEvent('response', (r) => r.url().endsWith(`/orders/${order.id}/document.pdf`));
    await link.click();
    const res = await response;
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect(res.headers()['content-disposition']).toBe(`inline; filename="${order.number}.pdf"`);
    expect(res.headers()['cache-control']).toBe('no-store');

    // The same request with the browser's session, read back as text.
    const again = await context.request.get(`/orders/${order.id}/document.pdf`);
    expect(again.status()).toBe(200);
    const pdf = await readPdf(new Uint8Array(await again.body()));
    expect(pdf.text).toContain(`Work order ${order.number}`);
    expect(pdf.text).toContain(order.customerName);
    for (const heading of ['Scope', 'Customer and site', 'SLA targets', 'Schedule', 'Assignees', 'Dispatch fields', 'Compliance fields', 'History'])
      expect(pdf.text).toContain(heading);
    expect(pdf.text).toContain('for Dina Dispatcher');
  });

  it('gives an engineer their own order’s document and 404 for another’s; nothing signed out', async () => {
    const dispatcher = await as('dispatcher@hudson.example');
    const all = await listOrders(dispatcher.page);
    const engineer = await as('engineer@hudson.example');
    const own = await listOrders(engineer.page);
    expect(own.length).toBeGreaterThan(0);
    const foreign = all.find((o) => !own.some((x) => x.id === o.id))!;
    expect(foreign).toBeTruthy();

    const mine = await engineer.context.request.get(`/orders/${own[0].id}/document.pdf`);
    expect(mine.status()).toBe(200);
    expect((await readPdf(new Uint8Array(await mine.body()))).text).toContain(`Work order ${own[0].number}`);
    const theirs = await engineer.context.request.get(`/orders/${foreign.id}/document.pdf`);
    expect(theirs.status()).toBe(404);
    expect(await theirs.text()).not.toContain(foreign.number);

    const { context, page } = await browser.open();
    const signedOut = await context.request.get(`/orders/${own[0].id}/document.pdf`, { maxRedirects: 0 });
    expect(signedOut.status()).toBe(401);
    // Opened in the browser, the address sends one to sign in.
    await page.goto(`/orders/${own[0].id}/document.pdf`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});

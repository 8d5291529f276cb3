// The schedule board in Chromium: a dispatcher creates orders with a duration and sends them to
// North Metro; its group dispatcher drags one onto a free engineer's row inside the shift, sees the
// ghost bar say it fits, drops it and sees it booked; another dropped outside the shift is refused
// with the reason, and the keyboard form books it at the earliest slot instead; a booking dragged
// later on its row is rescheduled there, and the order's history says so.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createOrderByForm, openAssignDialog, useBrowser } from './browser';

const RUN = Date.now().toString(36).slice(-5);
const DISPATCHER = 'dispatcher@hudson.example';
const DISPATCHER2 = 'dispatcher2@hudson.example';
const GROUP = 'group.dispatcher@hudson.example';
const VIEWPORT = { width: 1800, height: 1100 };

describe('schedule board', () => {
  const browser = useBrowser();
  const as = (email: string) => browser.as(email, { viewport: VIEWPORT });

  /** A new order of an hour's work, sent to North Metro (an engineer group); its number. */
  async function orderForNorthMetro(page: Page, title: string): Promise<string> {
    const number = await createOrderByForm(page, title, { durationMinutes: 60 });
    await page.goto('/queues');
    const dialog = await openAssignDialog(page, title);
    await dialog.getByRole('radio', { name: 'Owner: North Metro' }).check();
    await dialog.getByRole('button', { name: 'Confirm assignment' }).click();
    await dialog.waitFor({ state: 'detached' });
    return number;
  }

  /**
   * Tomorrow's board (or a later day) and an engineer's row there with a shift and no booking:
   * the row, and the minutes after midnight its first shift starts.
   */
  async function freeRow(page: Page): Promise<{ row: Locator; shiftStart: number }> {
    await page.goto('/schedule');
    await page.locator('[data-board-ready]').waitFor();
    for (let day = 1; day <= 6; day++) {
      await page.getByRole('button', { name: 'Next day' }).click();
      await page.waitForTimeout(300);
      await page.waitForFunction(() => !document.querySelector('.sb-count')?.textContent?.includes('updating'));
      const rows = page.locator('[data-row-key]');
      const n = await rows.count();
      for (let i = 0; i < n; i++) {
        const row = rows.nth(i);
        if ((await row.locator('.sb-bar').count()) > 0 || (await row.locator('.sb-shift').count()) === 0) continue;
        const left = await row.locator('.sb-shift').first().evaluate((el) => parseFloat((el as HTMLElement).style.left));
        // Day view: 60 px an hour, so a pixel is a minute.
        if (left <= 22 * 60 - 120) return { row, shiftStart: Math.round(left) };
      }
    }
    throw new Error('no engineer with a free shift in the next six days');
  }

  /** Drags the order from the side list to `minutes` after midnight on the row; answers the preview shown before the drop. */
  async function dragOnto(page: Page, number: string, row: Locator, minutes: number): Promise<string> {
    await page.locator('.sb-scroll').evaluate((el, x) => (el.scrollLeft = Math.max(0, x - 300)), minutes);
    const item = page.locator(`.sb-order[data-order="${number}"]`);
    await item.scrollIntoViewIfNeeded();
    const from = (await item.boundingBox())!;
    const lane = (await row.locator('[data-lane]').boundingBox())!;
    await page.mouse.move(from.x + 20, from.y + 10);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + 20, { steps: 3 });
    await page.mouse.move(lane.x + minutes + 1, lane.y + lane.height / 2, { steps: 12 });
    const preview = page.getByRole('status', { name: 'Preview' });
    await expect.poll(() => preview.textContent()).toMatch(new RegExp(`^${number} on `));
    const text = (await preview.textContent()) ?? '';
    await page.mouse.up();
    return text;
  }

  let first = '';
  let second = '';
  let third = '';
  let fourth = '';

  it('drags an order onto an engineer’s row: the ghost bar says it fits, the drop books it', async () => {
    const dispatcher = await as(DISPATCHER);
    first = await orderForNorthMetro(dispatcher, `E2E board ${RUN}`);
    second = await orderForNorthMetro(dispatcher, `E2E board refused ${RUN}`);
    third = await orderForNorthMetro(dispatcher, `E2E board live ${RUN}`);
    fourth = await orderForNorthMetro(dispatcher, `E2E assign slot ${RUN}`);

    const group = await as(GROUP);
    const { row, shiftStart } = await freeRow(group);
    const engineer = await row.getAttribute('aria-label');
    const preview = await dragOnto(group, first, row, shiftStart + 60);
    expect(preview).toContain('fits');
    expect(preview).toMatch(/inside the shift/);
    await group.getByRole('status').filter({ hasText: `${first} booked on ${engineer}` }).waitFor();
    // The bar is on the row, and the order left the side list.
    await row.getByRole('button', { name: new RegExp(`^${first} E2E board`) }).waitFor();
    await expect.poll(() => group.locator(`.sb-order[data-order="${first}"]`).count()).toBe(0);
  });

  it('refuses a drop outside the shift with the reason, and books it at the earliest slot by keyboard', async () => {
    const group = await as(GROUP);
    const { row } = await freeRow(group);
    const engineer = (await row.getAttribute('aria-label'))!;
    const preview = await dragOnto(group, second, row, 3 * 60);
    expect(preview).toContain('refused, outside the shift');
    await group.getByRole('alert').filter({ hasText: `${second} not booked on ${engineer}: outside the shift` }).waitFor();
    expect(await group.locator(`.sb-order[data-order="${second}"]`).count()).toBe(1);

    // Without a pointer: order, engineer, slot, Book.
    const form = group.getByRole('form', { name: 'Schedule an order' });
    await form.getByLabel('Order to schedule').selectOption({ label: `${second} · E2E board refused ${RUN}` });
    await form.getByLabel('Engineer').selectOption({ label: engineer });
    await form.getByRole('radio', { name: 'Earliest slot' }).check();
    await form.getByText(/^Fits: /).waitFor();
    await form.getByRole('button', { name: 'Book' }).click();
    await group.getByRole('status').filter({ hasText: `${second} booked on ${engineer}` }).waitFor();
    await expect.poll(() => group.locator(`.sb-order[data-order="${second}"]`).count()).toBe(0);
  });

  /** The board as `page` sees it, on the day the order's bar is: the bar and its row. */
  async function barOf(page: Page, number: string): Promise<{ bar: Locator; row: Locator }> {
    await page.goto('/schedule');
    await page.locator('[data-board-ready]').waitFor();
    const bar = page.locator(`.sb-bar[data-order="${number}"]`);
    for (let day = 0; day < 7 && !(await bar.count()); day++) {
      await page.getByRole('button', { name: 'Next day' }).click();
      await page.waitForTimeout(300);
      await page.waitForFunction(() => !document.querySelector('.sb-count')?.textContent?.includes('updating'));
    }
    await bar.waitFor();
    await bar.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'center' }));
    return { bar, row: page.locator('[data-row-key]').filter({ has: bar }) };
  }

  /** Drags the bar by (dx, dy) px; answers the preview shown before the drop. */
  async function dragBar(page: Page, bar: Locator, number: string, dx: number, dy: number): Promise<string> {
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2, { steps: 2 });
    await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy, { steps: 10 });
    const preview = page.getByRole('status', { name: 'Preview' });
    await expect.poll(() => preview.textContent()).toMatch(new RegExp(`^${number} on `));
    const text = (await preview.textContent()) ?? '';
    await page.mouse.up();
    return text;
  }

  it('without the reallocate permission, a booking does not go to another engineer', async () => {
    const drew = await as(DISPATCHER2);
    const { bar, row } = await barOf(drew, first);
    const next = (await row.locator('xpath=following-sibling::*[@data-row-key][1]').boundingBox())!;
    const here = (await row.boundingBox())!;
    expect(await dragBar(drew, bar, first, 0, next.y - here.y)).toContain('needs the Reallocate permission');
    await drew.getByRole('alert').filter({ hasText: `${first} not moved to` }).waitFor();
  });

  it('drags a booking an hour later on the same row: the bar moves there and the history says it was rescheduled', async () => {
    const group = await as(GROUP);
    const { bar, row } = await barOf(group, first);
    const engineer = (await row.getAttribute('aria-label'))!;
    const rowKey = (await row.getAttribute('data-row-key'))!;
    const left = await bar.evaluate((el) => parseFloat((el as HTMLElement).style.left));
    // Day view: 60 px an hour.
    const preview = await dragBar(group, bar, first, 60, 0);
    expect(preview).toContain('fits');
    await group.getByRole('status').filter({ hasText: new RegExp(`^${first} moved to ${engineer} at `) }).waitFor();
    const moved = group.locator(`.sb-bar[data-order="${first}"]`);
    await expect.poll(() => moved.evaluate((el) => parseFloat((el as HTMLElement).style.left))).toBeCloseTo(left + 60, 0);
    // Still the same engineer's row.
    expect(await group.locator(`[data-row-key="${rowKey}"] .sb-bar[data-order="${first}"]`).count()).toBe(1);

    // The booking's order page tells the move in its history, with where it was.
    await moved.click();
    await group.getByRole('dialog').getByRole('link', { name: new RegExp(`^${first} · `) }).click();
    await group.waitForURL(/\/orders\/(?!new)[^/]+$/);
    await group.getByRole('region', { name: 'History' }).getByText(/^Rescheduled to .* \(was .*\)/).waitFor();
  });

  it('shows another dispatcher’s booking without a reload', async () => {
    const watcher = await as(GROUP);
    await watcher.goto('/schedule');
    await watcher.locator(`.sb-order[data-order="${third}"]`).waitFor();
    const before = await watcher.locator('.sb-count').textContent();

    const other = await as(GROUP);
    await other.goto('/schedule');
    const form = other.getByRole('form', { name: 'Schedule an order' });
    await form.getByLabel('Order to schedule').selectOption({ label: `${third} · E2E board live ${RUN}` });
    const engineer = form.getByLabel('Engineer');
    // The first engineer with a free slot.
    const options = await engineer.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    for (const value of options) {
      await engineer.selectOption(value);
      if (await form.getByText(/^Fits: /).count()) break;
    }
    await form.getByRole('button', { name: 'Book' }).click();
    await other.getByRole('status').filter({ hasText: `${third} booked on` }).waitFor();

    // The first page hears it on its live stream: the order leaves its side list, a booking is added.
    await expect.poll(() => watcher.locator(`.sb-order[data-order="${third}"]`).count(), { timeout: 15_000 }).toBe(0);
    expect(await watcher.locator('.sb-count').textContent()).not.toBe(before);
  });

  it('the assignment dialog shows each engineer’s earliest slot and travel, and books the slot chosen', async () => {
    const group = await as(GROUP);
    await group.goto('/queues');
    const dialog = await openAssignDialog(group, `E2E assign slot ${RUN}`);
    const candidate = dialog.getByRole('listitem').filter({ hasText: /earliest / }).first();
    await candidate.waitFor();
    expect(await candidate.textContent()).toMatch(/earliest \w{3}, \w{3} \d+, \d+:\d{2} [AP]M–\d+:\d{2} [AP]M/);
    expect(await candidate.locator('[title="Travel time to the order"]').textContent()).toMatch(/^\s*\d+ min$/);
    await candidate.getByRole('radio', { name: /^Owner: / }).check();
    const slot = dialog.getByRole('group', { name: 'Slot' });
    await slot.getByRole('radio', { name: /^Earliest slot/ }).check();
    expect(await slot.getByRole('radio', { name: 'Unscheduled' }).count()).toBe(1);
    await dialog.getByRole('button', { name: 'Confirm assignment' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Booked: not in the board's side list.
    await group.goto('/schedule');
    await group.locator('[data-board-ready]').waitFor();
    expect(await group.locator(`.sb-order[data-order="${fourth}"]`).count()).toBe(0);
  });
});

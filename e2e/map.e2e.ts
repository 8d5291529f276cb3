// The assignment map without a tile server: the offline base map is drawn from the app's own data
// (a canvas base layer with the names of towns and counties, none over another, and no request to
// another origin), a service group's territory can be clicked (or chosen by Enter / Space) to
// choose that group, and a marker's label shows when it gets keyboard focus.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, createOrderByForm, openAssignDialog, signIn, useBrowser } from './browser';

const RUN = Date.now().toString(36).slice(-5);
const DISPATCHER = 'dispatcher@hudson.example';
const GROUP = 'group.dispatcher@hudson.example';

describe('the offline map', () => {
  const browser = useBrowser();
  const foreign: string[] = [];

  async function as(email: string): Promise<Page> {
    const { page } = await browser.open();
    const origin = new URL(baseUrl()).origin;
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
    });
    await signIn(page, email);
    return page;
  }

  const createOrder = (page: Page, title: string) => createOrderByForm(page, title);

  async function openMap(page: Page, title: string) {
    await page.goto('/queues');
    const dialog = await openAssignDialog(page, title);
    await dialog.getByRole('tab', { name: 'Map' }).click();
    const map = dialog.getByRole('region', { name: 'Map of the order and nearby resources' });
    await map.waitFor();
    return { dialog, map };
  }

  it('draws the base map, and a click on a territory chooses that service group', async () => {
    const page = await as(DISPATCHER);
    const title = `E2E offline map ${RUN}`;
    await createOrder(page, title);
    const { dialog, map } = await openMap(page, title);
    // The base layer: a canvas in the base pane, with the names of the metro's towns, neighbourhoods
    // and counties placed on it, none over another.
    await map.locator('[data-base-map="offline"] .leaflet-ds-base-pane canvas').first().waitFor({ timeout: 15_000 });
    await map.locator('.ds-map-label').first().waitFor();
    const towns = await map.locator('.ds-map-label-town').allTextContents();
    expect(towns).toEqual(expect.arrayContaining(['The Bronx', 'Yonkers']));
    expect(towns.length).toBeGreaterThan(10);
    await expect.poll(() => map.getByText('The Bronx', { exact: true }).isVisible()).toBe(true);
    expect(await map.locator('.ds-map-label').allTextContents()).toEqual(expect.arrayContaining(['Bergen']));
    const overlaps = await map.locator('.ds-map-label span').evaluateAll((spans) => {
      const boxes = spans.map((s) => [s.textContent, s.getBoundingClientRect()] as const);
      return boxes.flatMap(([t, a], i) =>
        boxes.slice(i + 1).filter(([, b]) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top).map(([u]) => `${t} / ${u}`),
      );
    });
    expect(overlaps).toEqual([]);
    // The town names' source is credited, as its licence asks.
    await expect.poll(() => map.locator('.leaflet-control-attribution').textContent()).toContain('GeoNames');
    if (process.env.E2E_SCREENSHOT) await map.screenshot({ path: process.env.E2E_SCREENSHOT });
    // The canvas has land drawn on it (not one flat colour).
    const colours = await map.locator('.leaflet-ds-base-pane canvas').first().evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<string>();
      for (let i = 0; i < d.length; i += 4 * 97) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]},${d[i + 3]}`);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(2);

    const territory = map.getByRole('button', { name: /^Choose North Metro territory/ });
    await territory.waitFor();
    await territory.dispatchEvent('click');
    await expect.poll(() => dialog.getByText(/^Owner: /).textContent()).toMatch(/North Metro/);
    expect(await territory.getAttribute('aria-pressed')).toBe('true');
    // By keyboard too: Enter on another group's territory chooses it, Space on North Metro's chooses it again.
    const other = map.getByRole('button', { name: /^Choose (?!North Metro).* territory/ }).first();
    const otherName = (await other.getAttribute('aria-label'))!.replace(/^Choose (.*) territory.*$/, '$1');
    await other.focus();
    await other.press('Enter');
    await expect.poll(() => dialog.getByText(/^Owner: /).textContent()).toContain(otherName);
    await territory.focus();
    await territory.press(' ');
    await expect.poll(() => dialog.getByText(/^Owner: /).textContent()).toMatch(/North Metro/);
    await dialog.getByRole('button', { name: 'Confirm assignment' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(foreign).toEqual([]);

    // The group dispatcher sees engineers; a marker's label shows on keyboard focus.
    const group = await as(GROUP);
    const { map: m2 } = await openMap(group, title);
    const marker = m2.locator('[data-candidate]').first();
    await marker.waitFor();
    const name = (await marker.getAttribute('aria-label'))!.replace(/^Choose /, '');
    await marker.focus();
    await expect.poll(() => m2.locator('.leaflet-tooltip').allTextContents()).toContain(name);
    expect(foreign).toEqual([]);
  });
});

// An engineer's day with compliance fields on a 390×844 phone (issue 14, points 2 and 9). Three
// Electrical orders (the demo declares a checklist item, two readings with ranges, notes, a photo
// and the customer's signature for Electrical) go to Ana. On the first she opens it from My work,
// accepts, starts and fills the fields: a reading out of range and the missing photo and
// signature refuse the completion, named; with a photo (a PNG set on the camera input) and a
// signature drawn on the pad it completes, and the PDF holds the values and both images. On the
// second the customer signs by keyboard alone (Tab to the pad, Enter, the name typed, Enter): the
// name is written into the signature image, in the handwriting font the app ships (served by our
// own origin), and recorded with it; saved, the signature's controls fold behind "Sign again".
// On the third the phone goes offline: the entries wait on the phone, visibly, and are sent when
// it is back — and a send whose answer is lost is sent again without being recorded twice.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../server/document/pdf-text';
import { baseUrl, useBrowser } from './browser';

const RUN = Date.now().toString(36).slice(-5);
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
// A 4×4 PNG (red), as the phone's camera might give a small photo.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR42mP4z8AARwzEcQCukw/xOF6MEQAAAABJRU5ErkJggg==',
  'base64',
);

interface OrderDetail {
  events: { type: string; data: { compliance?: { label: string; value: unknown }[] } }[];
}

describe('an engineer’s day with compliance fields', () => {
  const browser = useBrowser();
  let dispatcher: Page;
  let gina: Page;
  beforeAll(async () => {
    dispatcher = await browser.as('dispatcher@hudson.example');
    gina = await browser.as('group.dispatcher@hudson.example');
  });

  /** A tRPC call as the page's own client makes it (superjson's envelope); its result. */
  async function call<T>(page: Page, kind: 'query' | 'mutation', path: string, input: unknown): Promise<T> {
    return page.evaluate(
      async ([kind, path, input]) => {
        const res =
          kind === 'query'
            ? await fetch(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
            : await fetch(`/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: input }) });
        const body = await res.json();
        if (!res.ok) throw new Error(`${path}: ${JSON.stringify(body)}`);
        return body.result.data.json;
      },
      [kind, path, input] as const,
    ) as Promise<T>;
  }

  /** An Electrical order given to Ana (North Metro's dispatcher assigns her); its id and number. */
  async function electricalOrderForAna(title: string) {
    const created = await call<{ id: string; number: string; version: number }>(dispatcher, 'mutation', 'orders.create', {
      title,
      description: 'Breaker trips when the oven and the kettle run together.',
      category: 'Electrical',
      priority: 'Medium',
      customer: { name: `Brookfield Towers ${RUN}`, tier: 'Standard' },
      address: { street: '200 Liberty St', city: 'New York', region: 'North', postcode: '10281' },
      location: { lat: 40.86, lng: -73.89 },
      requiredSkills: [],
      tags: [],
      custom: { contractLevel: 'Basic' },
      flow: 'flow-group-provider-engineer',
    });
    const sent = await call<{ version: number }>(dispatcher, 'mutation', 'orders.assign', {
      orderId: created.id,
      version: created.version,
      assignee: { type: 'service_group', id: 'sg-north' },
      collaboratorIds: [],
    });
    await call(gina, 'mutation', 'orders.assign', { orderId: created.id, version: sent.version, assignee: { type: 'engineer', id: 'e-001' }, collaboratorIds: [], slot: 'unscheduled' });
    return created;
  }

  async function openFromMyWork(ana: Page, o: { id: string; number: string }, title: string) {
    await ana.goto('/my-work');
    await ana.getByRole('link', { name: `${o.number} · ${title}` }).tap();
    await ana.waitForURL(new RegExp(`/orders/${o.id}$`));
    await ana.getByRole('heading', { level: 1, name: `${o.number} · ${title}` }).waitFor();
  }

  const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
  const sentAll = (section: ReturnType<Page['getByRole']>) => section.getByRole('status').filter({ hasText: 'Every entry is sent.' }).waitFor();

  it('lets an admin declare a category’s fields in Settings, refusing a reading whose range is upside down', async () => {
    const admin = await browser.as('admin@hudson.example');
    await admin.goto('/settings');
    const panel = admin.getByRole('region', { name: 'Compliance fields' });
    await panel.getByLabel('Category', { exact: true }).selectOption({ label: 'Electrical (6 fields)' });
    expect(await panel.getByLabel('Label of field 2').inputValue()).toBe('Insulation resistance');
    await panel.getByLabel('Category', { exact: true }).selectOption({ label: 'Another category…' });
    await panel.getByLabel('New category', { exact: true }).fill(`Kiosk ${RUN}`);
    const form = panel.getByRole('form', { name: `Compliance fields of Kiosk ${RUN}` });
    await form.getByRole('button', { name: 'Add a field' }).click();
    await form.getByLabel('Label of field 1').fill('Screen brightness');
    await form.getByLabel('Kind of Screen brightness').selectOption({ label: 'Reading (number)' });
    await form.getByLabel('Unit of Screen brightness').fill('nits');
    await form.getByLabel('Minimum of Screen brightness').fill('500');
    await form.getByLabel('Maximum of Screen brightness').fill('200');
    await form.getByRole('button', { name: 'Add a field' }).click();
    await form.getByLabel('Label of field 2').fill('Customer signature');
    await form.getByLabel('Kind of Customer signature').selectOption({ label: "Customer's signature" });
    await form.getByRole('button', { name: `Save the fields of Kiosk ${RUN}` }).click();
    await form.getByText('The maximum (200) is below the minimum (500)').waitFor();
    expect(await form.getByLabel('Maximum of Screen brightness').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Maximum of Screen brightness').fill('1500');
    await form.getByRole('button', { name: `Save the fields of Kiosk ${RUN}` }).click();
    await form.getByRole('status').filter({ hasText: `Compliance fields of Kiosk ${RUN} saved (2).` }).waitFor();
    await admin.reload();
    await admin.getByRole('region', { name: 'Compliance fields' }).getByLabel('Category', { exact: true }).selectOption({ label: `Kiosk ${RUN} (2 fields)` });
  });

  it('fills the checklist, readings, a photo and the signature, is refused while any is missing or out of range, completes, and the PDF holds them', async () => {
    const title = `E2E compliance ${RUN}`;
    const o = await electricalOrderForAna(title);
    const ana = await browser.as('engineer@hudson.example', PHONE);
    await openFromMyWork(ana, o, title);
    await button(ana, 'Accept').tap();
    await ana.getByRole('status').filter({ hasText: `${o.number} accepted` }).waitFor();
    await button(ana, 'Start').tap();
    await ana.getByRole('status').filter({ hasText: `${o.number} started` }).waitFor();

    const section = ana.getByRole('region', { name: 'Compliance fields' });
    await section.getByLabel('Power isolated before work').check();
    const insulation = section.getByLabel(/^Insulation resistance/);
    expect(await section.getByText('Range 1–2000 MΩ').count()).toBe(1);
    await insulation.fill('250');
    await insulation.press('Enter');
    const earth = section.getByLabel(/^Earth loop impedance/);
    await earth.fill('2');
    await earth.press('Enter');
    // The range is said where the reading is entered.
    await section.getByText('Outside the range 0–1.5 Ω: completing needs a reading in range').waitFor();
    await sentAll(section);

    // Completing now is refused, every missing field and the reading out of range named.
    await button(ana, 'Complete').tap();
    await ana
      .getByRole('alert')
      .filter({ hasText: `Cannot complete ${o.number}: missing Photo of the finished work, Customer signature; Earth loop impedance 2 Ω is above the maximum 1.5 Ω` })
      .waitFor();

    await earth.fill('0.4');
    await earth.press('Enter');
    await section.getByLabel('Photo of the finished work').setInputFiles({ name: 'finished.png', mimeType: 'image/png', buffer: PNG });
    await section.getByRole('img', { name: 'Photo of the finished work (photo)' }).waitFor();
    await sentAll(section);
    // Sent: the photo shown now is the server's copy, for whoever may see the order.
    const photo = section.getByRole('img', { name: 'Photo of the finished work (photo)' });
    expect(await photo.getAttribute('src')).toMatch(/^\/api\/compliance\/photos\//);
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(4);
    await button(ana, 'Complete').tap();
    await ana.getByRole('alert').filter({ hasText: `Cannot complete ${o.number}: missing Customer signature` }).waitFor();

    // The customer signs on the pad.
    const pad = section.getByRole('img', { name: 'Customer signature: signature pad' });
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await ana.mouse.move(box.x + 20, box.y + box.height / 2);
    await ana.mouse.down();
    for (let i = 1; i <= 12; i++) await ana.mouse.move(box.x + 20 + i * 20, box.y + box.height / 2 + (i % 2 ? -25 : 25), { steps: 3 });
    await ana.mouse.up();
    await button(ana, 'Save signature').tap();
    await section.getByRole('img', { name: 'Customer signature (signature)' }).waitFor();
    // Saved: the pad folds away behind "Sign again".
    await button(ana, 'Sign again').waitFor();
    expect(await section.getByRole('img', { name: /signature pad/ }).count()).toBe(0);
    await sentAll(section);
    expect(await ana.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await button(ana, 'Complete').tap();
    await ana.getByRole('status').filter({ hasText: `${o.number} completed` }).waitFor();
    // Completed: the fields are read-only now, and say so.
    await expect.poll(() => section.getByLabel(/^Earth loop impedance/).isDisabled()).toBe(true);
    await section.getByText('Read-only: as recorded when the order was completed.').waitFor();

    // The work-order PDF holds the values, the photo and the signature.
    const res = await ana.context().request.get(`/orders/${o.id}/document.pdf`);
    expect([res.status(), res.headers()['content-type']]).toEqual([200, 'application/pdf']);
    const pdf = await readPdf(new Uint8Array(await res.body()));
    expect(pdf.text).toContain('Power isolated before work Yes');
    expect(pdf.text).toContain('Insulation resistance 250 MΩ');
    expect(pdf.text).toContain('Earth loop impedance 0.4 Ω');
    expect(pdf.text).toContain('Photo of the finished work Photo');
    expect(pdf.text).toContain('Customer signature Signature');
    expect(pdf.pages.reduce((n, p) => n + p.images, 0)).toBe(2);
  });

  it('takes the customer’s signature by keyboard alone: the pad is reached and described, the name typed becomes the signature image', async () => {
    const title = `E2E compliance keyboard ${RUN}`;
    const o = await electricalOrderForAna(title);
    const ana = await browser.as('engineer@hudson.example', PHONE);
    const fontFiles: string[] = [];
    ana.on('requestfinished', (r) => void (r.resourceType() === 'font' && fontFiles.push(r.url())));
    await openFromMyWork(ana, o, title);
    // Not accepted yet: the fields say why they cannot be filled in, and the signature that it is not given.
    const section = ana.getByRole('region', { name: 'Compliance fields' });
    await section.getByText("Read-only for now: the order's engineers fill these in once the order is accepted.").waitFor();
    await section.getByText('Not signed yet.').waitFor();
    expect(await section.getByLabel('Power isolated before work').isDisabled()).toBe(true);
    await button(ana, 'Accept').tap();
    await ana.getByRole('status').filter({ hasText: `${o.number} accepted` }).waitFor();
    await button(ana, 'Start').tap();
    await ana.getByRole('status').filter({ hasText: `${o.number} started` }).waitFor();
    expect(await section.getByText(/^Read-only/).count()).toBe(0);
    await section.getByLabel('Power isolated before work').check();
    await section.getByLabel(/^Insulation resistance/).fill('250');
    await section.getByLabel(/^Insulation resistance/).press('Enter');
    await section.getByLabel(/^Earth loop impedance/).fill('0.4');
    await section.getByLabel(/^Earth loop impedance/).press('Enter');
    const photo = section.getByLabel('Photo of the finished work');
    await photo.setInputFiles({ name: 'finished.png', mimeType: 'image/png', buffer: PNG });
    await sentAll(section);

    // From the photo field, Tab reaches the signature pad, which says how to sign without drawing.
    await photo.focus();
    const focused = () => ana.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
    for (let i = 0; i < 6 && !(await focused()).startsWith('Customer signature: signature pad'); i++) await ana.keyboard.press('Tab');
    expect(await focused()).toBe('Customer signature: signature pad, empty');
    const description = await ana.evaluate(() => document.getElementById(document.activeElement!.getAttribute('aria-describedby')!)?.textContent);
    expect(description).toContain('press Enter here or choose “Type the signer’s name instead”');
    // Enter on the pad goes to the name; the name typed and Enter save it as the signature.
    await ana.keyboard.press('Enter');
    await expect.poll(() => ana.evaluate(() => document.activeElement?.id && document.querySelector(`label[for="${document.activeElement.id}"]`)?.textContent)).toBe('Signer’s name');
    await ana.keyboard.type('Marta Nowak');
    await section.getByRole('img', { name: 'Customer signature: typed signature preview, “Marta Nowak”' }).waitFor();
    // Written in the handwriting font the app ships (Dancing Script), its file from our own origin.
    await expect
      .poll(() => ana.evaluate(() => [...document.fonts].some((f) => f.family.replace(/["']/g, '') === 'Dancing Script' && f.status === 'loaded')))
      .toBe(true);
    expect(fontFiles.length).toBeGreaterThan(0);
    expect(fontFiles.filter((u) => !u.startsWith(`${baseUrl()}/`))).toEqual([]);
    await ana.keyboard.press('Enter');
    const signed = section.getByRole('img', { name: 'Customer signature (signature, typed by Marta Nowak)' });
    await signed.waitFor();
    await sentAll(section);
    await section.getByText('Typed by the signer: Marta Nowak').waitFor();
    // Saved: the controls fold behind "Sign again", which takes the focus; Enter opens the pad
    // again (focused), and "Keep the saved signature" folds it back.
    await expect.poll(focused).toBe('Sign again');
    expect(await section.getByRole('img', { name: /signature pad|typed signature preview/ }).count()).toBe(0);
    await ana.keyboard.press('Enter');
    await expect.poll(focused).toBe('Customer signature: signature pad, empty');
    await button(ana, 'Keep the saved signature').focus();
    await ana.keyboard.press('Enter');
    await expect.poll(focused).toBe('Sign again');
    expect(await section.getByRole('img', { name: /signature pad/ }).count()).toBe(0);
    await signed.waitFor();
    // The server's copy is an image of the name (a PNG as wide as the pad), not the text.
    expect(await signed.getAttribute('src')).toMatch(/^\/api\/compliance\/photos\//);
    await expect.poll(() => signed.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(200);
    expect(await ana.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Completed by keyboard too.
    await button(ana, 'Complete').focus();
    await ana.keyboard.press('Enter');
    await ana.getByRole('status').filter({ hasText: `${o.number} completed` }).waitFor();
    await ana.getByRole('region', { name: 'History' }).getByText(/Customer signature: signed \(typed: Marta Nowak\)/).waitFor();
    const res = await ana.context().request.get(`/orders/${o.id}/document.pdf`);
    const pdf = await readPdf(new Uint8Array(await res.body()));
    expect(pdf.text).toContain('Customer signature Signature (typed: Marta Nowak)');
    expect(pdf.pages.reduce((n, p) => n + p.images, 0)).toBe(2);
  });

  it('keeps entries made offline on the phone, sends them when back online, and records a resend once', async () => {
    const title = `E2E compliance offline ${RUN}`;
    const o = await electricalOrderForAna(title);
    const ana = await browser.as('engineer@hudson.example', PHONE);
    await openFromMyWork(ana, o, title);
    await button(ana, 'Accept').tap();
    await ana.getByRole('status').filter({ hasText: `${o.number} accepted` }).waitFor();
    const section = ana.getByRole('region', { name: 'Compliance fields' });
    await sentAll(section);

    await ana.context().setOffline(true);
    const notes = section.getByLabel(/^Work notes/);
    await notes.fill('Entered in the basement, no signal');
    await notes.blur();
    await section.getByLabel('Power isolated before work').check();
    await section.getByRole('status').filter({ hasText: '2 entries saved on this phone, will send when online' }).waitFor();
    expect(await section.getByText('Saved on this phone, will send when online', { exact: true }).count()).toBe(2);

    // Back online, the first send reaches the server but its answer is lost: the phone keeps the
    // entries and sends them again; the server records them once.
    let lost = 0;
    await ana.route('**/api/trpc/compliance.record**', async (route) => {
      if (lost++ === 0) {
        await route.fetch();
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await ana.context().setOffline(false);
    await expect.poll(() => lost, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await sentAll(section);
    expect(lost).toBeGreaterThanOrEqual(2);

    const detail = await call<OrderDetail>(dispatcher, 'query', 'queues.orderDetail', { id: o.id });
    const entries = detail.events.filter((e) => e.type === 'compliance_recorded').flatMap((e) => e.data.compliance ?? []);
    expect(entries.map((e) => [e.label, e.value])).toEqual([
      ['Work notes', 'Entered in the basement, no signal'],
      ['Power isolated before work', true],
    ]);
    const view = await call<{ fields: { label: string; latest: { value: unknown } | null }[] }>(dispatcher, 'query', 'compliance.forOrder', { orderId: o.id });
    expect(view.fields.find((f) => f.label === 'Work notes')?.latest?.value).toBe('Entered in the basement, no signal');
  });
});

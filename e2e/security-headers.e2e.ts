import type { BrowserContext, Page, Response } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signIn, useBrowser } from './browser';

// Every page as the admin, under the production server's headers: each document carries a CSP with
// a fresh nonce (that its scripts carry), frame-ancestors 'none', nosniff, a referrer policy and
// HSTS; the page logs no CSP violation and still works (Monaco shows the rules, the canvas its
// nodes, the map its markers). API answers and static assets get the static headers too.

// Seeded by drizzle/seed: a flow and the demo rule set.
const FLOW = 'flow-group-provider-engineer';
const RULE_SET = 'rs-metro';

/** What the page reported about CSP: violation events (an init script listens) and console lines. */
type Watch = { violations: string[] };

function watch(page: Page): Watch {
  const w: Watch = { violations: [] };
  const csp = /Content Security Policy|Content-Security-Policy|Refused to/i;
  page.on('console', (m) => {
    if (csp.test(m.text())) w.violations.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    if (csp.test(String(e.message))) w.violations.push(`page error: ${e.message}`);
  });
  page.on('worker', (worker) => {
    worker.on('console', (m) => {
      if (csp.test(m.text())) w.violations.push(`worker console ${m.type()}: ${m.text()}`);
    });
  });
  return w;
}

/** Reports every securitypolicyviolation, in the document and in any worker it starts, to the console. */
async function listenForViolations(context: BrowserContext) {
  await context.addInitScript(() => {
    const report = (e: SecurityPolicyViolationEvent) =>
      console.error(`Content Security Policy violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    self.addEventListener('securitypolicyviolation', report as EventListener);
  });
}

function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

/** The headers every page must send; returns the page's nonce. */
function expectPageHeaders(response: Response | null): string {
  expect(response, 'a document response').not.toBeNull();
  expect(response!.status()).toBeLessThan(400);
  const h = response!.headers();
  const csp = h['content-security-policy'];
  expect(csp, `CSP on ${response!.url()}`).toBeTruthy();
  const d = directives(csp);
  const script = d.get('script-src') ?? [];
  const nonce = script.map((s) => /^'nonce-(.+)'$/.exec(s)?.[1]).find(Boolean);
  expect(nonce, `a nonce in script-src: ${csp}`).toBeTruthy();
  expect(script).not.toContain("'unsafe-inline'");
  expect(script).not.toContain("'unsafe-eval'");
  expect(script.filter((s) => /^(https?:|\*)/.test(s))).toEqual([]);
  expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  expect(d.get('object-src')).toEqual(["'none'"]);
  expect(d.get('base-uri')).toEqual(["'self'"]);
  expect(d.get('form-action')).toEqual(["'self'"]);
  expect(d.get('default-src')).toEqual(["'self'"]);
  // No tile server is configured for the tests (global-setup.ts): no external origin at all.
  expect([...d.values()].flat().filter((s) => /^(https?|wss?):/.test(s))).toEqual([]);
  expectStaticHeaders(h);
  return nonce!;
}

function expectStaticHeaders(h: Record<string, string>) {
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(['strict-origin-when-cross-origin', 'strict-origin', 'same-origin', 'no-referrer']).toContain(h['referrer-policy']);
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['permissions-policy']).toContain('camera=()');
  expect(h['x-powered-by']).toBeUndefined();
  expect(h['cross-origin-opener-policy']).toBe('same-origin');
  // The tests run `next start`: production, so HSTS.
  expect(h['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
}

describe('security headers and CSP in the browser', () => {
  const browser = useBrowser();
  let context: BrowserContext;
  let page: Page;
  let seen: Watch;
  const nonces = new Set<string>();

  /** Loads a page as a document, checks its headers and its scripts' nonces, waits until it works. */
  async function visit(path: string, ready: (page: Page) => Promise<void>) {
    const response = await page.goto(path);
    const nonce = expectPageHeaders(response);
    expect(nonces.has(nonce), 'a fresh nonce per page').toBe(false);
    nonces.add(nonce);
    // The React/Next runtime ran (its scripts were allowed) …
    await page.waitForFunction(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version), null, { timeout: 30_000 });
    // … and every script Next.js rendered inline carries this request's nonce.
    const scripts = await page.evaluate(() => Array.from(document.scripts).map((s) => ({ inline: !s.src, src: s.src, nonce: s.nonce })));
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts.filter((x) => x.inline)) expect(s.nonce).toBe(nonce);
    await ready(page);
    await page.waitForTimeout(750);
    expect(seen.violations).toEqual([]);
  }

  beforeAll(async () => {
    ({ context, page } = await browser.open({ viewport: { width: 1440, height: 1000 } }));
    await listenForViolations(context);
    seen = watch(page);
  });
  // One failing page must not fail the next ones too.
  beforeEach(() => {
    if (seen) seen.violations.length = 0;
  });

  it('the sign-in page, before and while signing in', async () => {
    await visit('/sign-in', async (p) => {
      await p.getByLabel('Email').waitFor();
      await p.getByLabel('Password').waitFor();
    });
    await signIn(page, 'admin@hudson.example');
    await page.waitForTimeout(500);
    expect(seen.violations).toEqual([]);
  });

  it('queues, with the live event stream open', async () => {
    const live = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/live', { timeout: 30_000 });
    await visit('/queues', async (p) => {
      await p.getByRole('heading', { level: 1, name: 'Queues' }).waitFor();
      await p.locator('table[aria-label="Pending assignment"] tbody tr').first().waitFor({ timeout: 30_000 });
    });
    const stream = await live;
    expect(stream.status()).toBe(200);
    expect(stream.headers()['content-type']).toContain('text/event-stream');
  });

  it('the assignment map (Leaflet) from the queue', async () => {
    const rows = page.locator('table[aria-label="Pending assignment"] tbody tr');
    let shown = false;
    for (let i = 0; i < Math.min(await rows.count(), 6) && !shown; i++) {
      await rows.nth(i).getByRole('button', { name: /^Assign / }).click();
      const dialog = page.getByRole('dialog');
      const tab = dialog.getByRole('tab', { name: 'Map' });
      await tab.waitFor();
      if (!(await tab.isDisabled())) {
        await tab.click();
        await dialog.getByRole('region', { name: 'Map of the order and nearby resources' }).waitFor();
        await dialog.locator('.leaflet-container').waitFor();
        await dialog.getByLabel(/^Order /).first().waitFor();
        shown = true;
      }
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    expect(shown, 'an order in the queue with a location').toBe(true);
    expect(seen.violations).toEqual([]);
  });

  it('flows and a flow on the canvas (React Flow)', async () => {
    await visit('/flows', async (p) => {
      await p.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
    });
    await visit(`/flows/${FLOW}`, async (p) => {
      await p.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
      expect(await p.locator('.react-flow__node').count()).toBeGreaterThan(2);
      expect(await p.locator('.react-flow__edge').count()).toBeGreaterThan(1);
    });
  });

  it('rule sets and the Monaco editor, with its worker', async () => {
    await visit('/rules', async (p) => {
      await p.getByRole('heading', { level: 1, name: 'Rule sets' }).waitFor();
    });
    const workers: string[] = [];
    const onWorker = (w: { url(): string }) => workers.push(w.url());
    page.on('worker', onWorker);
    await visit(`/rules/${RULE_SET}`, async (p) => {
      const lines = p.locator('.monaco-editor .view-lines');
      await lines.waitFor({ timeout: 90_000 });
      await expect.poll(async () => ((await lines.textContent()) ?? '').replace(/\u00a0/g, ' '), { timeout: 30_000 }).toContain('rule "platinum-manual"');
      // Monaco's styles applied (its <style> elements are allowed): the editor has a size.
      const box = await p.locator('.monaco-editor').first().boundingBox();
      expect(box?.height ?? 0).toBeGreaterThan(100);
      // The language service's markers come through (checker in the page, worker for the rest).
      await p.locator('.monaco-editor').first().click();
      await p.keyboard.press('ControlOrMeta+End');
      await p.keyboard.type('\nrule "csp-check"\n  when order.priorty == "Low"\n  assign manual', { delay: 5 });
      await p.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 15_000 });
      await expect.poll(() => workers.length, { timeout: 15_000 }).toBeGreaterThan(0);
    });
    page.off('worker', onWorker);
  }, 180_000);

  it('directory, settings, orders, a new order and an order page', async () => {
    await visit('/directory', async (p) => {
      await p.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
    });
    await visit('/settings', async (p) => {
      await p.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    });
    await visit('/orders', async (p) => {
      await p.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
      await p.locator('table a[href^="/orders/"]').first().waitFor({ timeout: 30_000 });
    });
    const href = await page.locator('table a[href^="/orders/"]').first().getAttribute('href');
    expect(href).toMatch(/^\/orders\/[^/]+$/);
    await visit(href!, async (p) => {
      await p.getByRole('heading', { level: 1 }).waitFor();
      await p.getByLabel('Dispatch fields').waitFor({ timeout: 30_000 });
    });
    await visit('/orders/new', async (p) => {
      await p.getByRole('heading', { level: 1, name: 'New work order' }).waitFor();
    });
  });

  it('the not-found page is rendered with a nonce too', async () => {
    const response = await page.goto('/no-such-page');
    expect(response!.status()).toBe(404);
    const h = response!.headers();
    expect(h['content-security-policy']).toMatch(/'nonce-[^']+'/);
    expect(h['x-content-type-options']).toBe('nosniff');
    await page.waitForFunction(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version), null, { timeout: 30_000 });
    await page.waitForTimeout(500);
    expect(seen.violations).toEqual([]);
  });

  it('API answers and static assets get nosniff, the referrer policy and HSTS; API answers a deny-all CSP', async () => {
    for (const path of ['/api/trpc/notifications.unreadCount', '/api/v1/openapi.json', '/api/v1/work-orders/none']) {
      const res = await context.request.get(path, { failOnStatusCode: false });
      const h = res.headers();
      expectStaticHeaders(h);
      const d = directives(h['content-security-policy'] ?? '');
      expect(d.get('default-src'), path).toEqual(["'none'"]);
      expect(d.get('frame-ancestors'), path).toEqual(["'none'"]);
    }
    await page.goto('/queues');
    const asset = await page.evaluate(() => Array.from(document.scripts).find((s) => s.src.includes('/_next/static/'))?.src);
    expect(asset).toBeTruthy();
    const res = await context.request.get(asset!);
    expect(res.status()).toBe(200);
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['referrer-policy']).toBeTruthy();
  });

  it('the page CSP really refuses a script it did not send', async () => {
    await page.goto('/queues');
    await page.getByRole('heading', { level: 1, name: 'Queues' }).waitFor();
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { injected?: boolean };
      const inline = document.createElement('script');
      inline.textContent = 'window.injected = true';
      document.body.appendChild(inline);
      const blocked = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true }));
      const external = document.createElement('script');
      external.src = 'https://example.invalid/x.js';
      document.body.appendChild(external);
      // (eval cannot be tried from here: DevTools' evaluate is exempt from the page's CSP.)
      return { inline: w.injected === true, directive: await blocked };
    });
    expect(ran).toEqual({ inline: false, directive: 'script-src-elem' });
    // These violations were ours on purpose.
    seen.violations.length = 0;
  });
});

// public/sw.js run against a stand-in for the service worker's global scope: a push message becomes
// a notification with its title and text, and a click opens (or brings forward) the order's page of
// this app, never another site.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const ORIGIN = 'https://dispatch.example.test';
const code = readFileSync(path.join(process.cwd(), 'public', 'sw.js'), 'utf8');

type Handler = (event: Record<string, unknown>) => void;

function loadWorker(windows: { url: string; focus: () => Promise<unknown>; navigate: (url: string) => Promise<unknown> }[] = [], fetch = vi.fn(async () => new Response('{}'))) {
  const handlers = new Map<string, Handler>();
  const self = {
    location: { origin: ORIGIN },
    addEventListener: (type: string, handler: Handler) => handlers.set(type, handler),
    skipWaiting: vi.fn(),
    registration: { showNotification: vi.fn(async () => undefined) },
    clients: { claim: vi.fn(async () => undefined), matchAll: vi.fn(async () => windows), openWindow: vi.fn(async () => null) },
  };
  new Function('self', 'URL', 'fetch', code)(self, URL, fetch);
  async function fire(type: string, event: Record<string, unknown>) {
    let waited: Promise<unknown> = Promise.resolve();
    handlers.get(type)!({ ...event, waitUntil: (p: Promise<unknown>) => (waited = p) });
    await waited;
  }
  return { self, fire, fetch };
}

const pushEvent = (payload: unknown) => ({ data: { json: () => payload, text: () => JSON.stringify(payload) } });

describe('the service worker', () => {
  it('shows a push message as a notification with its title, text and the order’s page', async () => {
    const { self, fire } = loadWorker();
    await fire('push', pushEvent({ title: 'WO-1042 assigned to you', body: 'Leaking valve — assigned by Dina', url: '/orders/wo-1', tag: 'notification-7', notificationId: 7 }));
    expect(self.registration.showNotification).toHaveBeenCalledWith(
      'WO-1042 assigned to you',
      expect.objectContaining({ body: 'Leaking valve — assigned by Dina', tag: 'notification-7', icon: '/icons/icon-192.png', data: { url: `${ORIGIN}/orders/wo-1`, notificationId: 7 } }),
    );
  });

  it('never points a notification at another site, and shows something for a message that is not JSON', async () => {
    const { self, fire } = loadWorker();
    await fire('push', pushEvent({ title: 'Phish', body: '', url: 'https://evil.example/login' }));
    expect((self.registration.showNotification.mock.calls[0] as unknown[])[1]).toMatchObject({ data: { url: `${ORIGIN}/` } });
    await fire('push', { data: { json: () => { throw new SyntaxError('not JSON'); }, text: () => 'plain text' } });
    expect(self.registration.showNotification).toHaveBeenLastCalledWith('Dispatch Studio', expect.objectContaining({ body: 'plain text' }));
  });

  it('opens the order’s page on a click, or brings an open window of the app there', async () => {
    const notification = { close: vi.fn(), data: { url: `${ORIGIN}/orders/wo-1` } };
    const none = loadWorker();
    await none.fire('notificationclick', { notification });
    expect(notification.close).toHaveBeenCalled();
    expect(none.self.clients.openWindow).toHaveBeenCalledWith(`${ORIGIN}/orders/wo-1`);

    const focused = { focus: vi.fn(async () => undefined) };
    const open = { url: `${ORIGIN}/my-work`, focus: vi.fn(async () => undefined), navigate: vi.fn(async () => focused) };
    const one = loadWorker([open]);
    await one.fire('notificationclick', { notification });
    expect(open.navigate).toHaveBeenCalledWith(`${ORIGIN}/orders/wo-1`);
    expect(focused.focus).toHaveBeenCalled();
    expect(one.self.clients.openWindow).not.toHaveBeenCalled();

    const there = { url: `${ORIGIN}/orders/wo-1`, focus: vi.fn(async () => undefined), navigate: vi.fn() };
    const same = loadWorker([there]);
    await same.fire('notificationclick', { notification });
    expect(there.focus).toHaveBeenCalled();
    expect(there.navigate).not.toHaveBeenCalled();
    // Without the notification's id, the server is not called.
    expect([none, one, same].map((w) => w.fetch.mock.calls.length)).toEqual([0, 0, 0]);
  });

  it('marks the notification read on a click, and opens the page even when the server cannot be reached', async () => {
    const notification = { close: vi.fn(), data: { url: `${ORIGIN}/orders/wo-1`, notificationId: 7 } };
    const worker = loadWorker();
    await worker.fire('notificationclick', { notification });
    const calls = worker.fetch.mock.calls as unknown as [string, { body: string; credentials: string }][];
    expect(calls.map(([url, init]) => [url, JSON.parse(init.body), init.credentials])).toEqual([['/api/trpc/notifications.markRead', { json: { ids: [7] } }, 'same-origin']]);
    expect(worker.self.clients.openWindow).toHaveBeenCalledWith(`${ORIGIN}/orders/wo-1`);

    const offline = loadWorker([], vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await offline.fire('notificationclick', { notification });
    expect(offline.self.clients.openWindow).toHaveBeenCalledWith(`${ORIGIN}/orders/wo-1`);
  });

  it('tells the server when the browser renews its subscription, and drops the old one', async () => {
    const worker = loadWorker();
    const next = { endpoint: 'https://push.example.test/new', toJSON: () => ({ endpoint: 'https://push.example.test/new', keys: { p256dh: 'p', auth: 'a' } }) };
    await worker.fire('pushsubscriptionchange', { oldSubscription: { endpoint: 'https://push.example.test/old', options: {} }, newSubscription: next });
    const calls = worker.fetch.mock.calls as unknown as [string, { body: string; credentials: string }][];
    expect(calls.map(([url, init]) => [url, JSON.parse(init.body), init.credentials])).toEqual([
      ['/api/trpc/delivery.subscribe', { json: { endpoint: 'https://push.example.test/new', keys: { p256dh: 'p', auth: 'a' }, label: 'Renewed by the browser' } }, 'same-origin'],
      ['/api/trpc/delivery.unsubscribe', { json: { endpoint: 'https://push.example.test/old' } }, 'same-origin'],
    ]);
  });
});

// Dispatch Studio's service worker: shows the push messages the server sends (engine/delivery:
// { title, body, url, tag, kind, notificationId }) and, on a click, brings the app forward on the
// order's page and marks the notification read. Registered from every signed-in page
// (components/settings/push-client.ts). It keeps no cache: the app needs its server for everything
// it shows.
/* global self, URL, fetch */
'use strict';

const APP_NAME = 'Dispatch Studio';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

/** A path of this app only: a push can never send the app elsewhere. */
function sameOriginUrl(value) {
  try {
    const url = new URL(value || '/', self.location.origin);
    return url.origin === self.location.origin ? url.href : new URL('/', self.location.origin).href;
  } catch {
    return new URL('/', self.location.origin).href;
  }
}

function messageOf(data) {
  if (!data) return { title: APP_NAME, body: '' };
  try {
    return data.json();
  } catch {
    return { title: APP_NAME, body: data.text() };
  }
}

self.addEventListener('push', (event) => {
  const message = messageOf(event.data);
  const options = {
    body: typeof message.body === 'string' ? message.body : '',
    tag: typeof message.tag === 'string' ? message.tag : undefined,
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    timestamp: Date.now(),
    data: { url: sameOriginUrl(message.url), notificationId: message.notificationId ?? null },
  };
  event.waitUntil(self.registration.showNotification(typeof message.title === 'string' && message.title ? message.title : APP_NAME, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = sameOriginUrl(event.notification.data && event.notification.data.url);
  const id = event.notification.data && event.notification.data.notificationId;
  // Read once opened (as opening it in the app does); the page opens at once, whether or not the
  // server hears of it (a window may be opened only soon after the click).
  const read = Number.isInteger(id) && id > 0 ? callServer('notifications.markRead', { ids: [id] }).catch(() => {}) : null;
  const open = (async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    // An open window of the app already on that page, else any window of the app, else a new one.
    const exact = windows.find((w) => w.url === url);
    if (exact) return exact.focus();
    const any = windows.find((w) => new URL(w.url).origin === self.location.origin);
    if (any) {
      try {
        const moved = await any.navigate(url);
        if (moved) return moved.focus();
      } catch {
        // A window this worker does not control cannot be navigated: open a new one.
      }
    }
    return self.clients.openWindow(url);
  })();
  event.waitUntil(Promise.all([open, read]));
});

/**
 * The push service replaced this browser's subscription (it expired or its keys changed): tell
 * the server about the new one, signed in as whoever uses this browser (the session cookie goes
 * with a same-origin fetch), and drop the old one. tRPC's plain POST: `{ "json": input }`.
 */
function callServer(procedure, input) {
  return fetch(`/api/trpc/${procedure}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: input }),
  });
}

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(
    (async () => {
      const old = event.oldSubscription;
      const key = old && old.options ? old.options.applicationServerKey : null;
      const next = event.newSubscription || (key ? await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }) : null);
      if (next) {
        const json = next.toJSON();
        await callServer('delivery.subscribe', { endpoint: json.endpoint, keys: json.keys, label: 'Renewed by the browser' });
      }
      if (old && (!next || old.endpoint !== next.endpoint)) await callServer('delivery.unsubscribe', { endpoint: old.endpoint }).catch(() => {});
    })(),
  );
});

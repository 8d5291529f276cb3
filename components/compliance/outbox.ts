// The phone's outbox of compliance entries (browser only): every entry is kept in IndexedDB first,
// with an id made here (its idempotency key on the server), and sent from there — at once when
// online, again on the `online` event and on a timer while any wait. The server records an entry
// id once, so a resend after a lost answer never duplicates. Entries the server refuses (a wrong
// photo, an order completed meanwhile) are kept with the reason until the engineer dismisses them.

export type EntryValue = boolean | number | string | null;

export interface OutboxEntry {
  clientEntryId: string;
  orderId: string;
  fieldId: string;
  value: EntryValue;
  /** A signature typed instead of drawn: the name the signer typed (the image is in `value`). */
  signedAs?: string;
  /** When it was entered on the phone (ms). */
  at: number;
  /** The server's reason, when it refused the entry (never sent again). */
  refused?: string;
}

const DB_NAME = 'dispatch-studio-compliance';
const STORE = 'outbox';

let opening: Promise<IDBDatabase> | null = null;
function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'clientEntryId' }).createIndex('orderId', 'orderId');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      opening = null;
      reject(req.error);
    };
  });
  return opening;
}

function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return open().then(
    (db) =>
      new Promise<T | undefined>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = fn(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(req ? req.result : undefined);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('The phone could not keep the entry'));
      }),
  );
}

const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());

/** Called whenever the outbox changes (an entry added, sent or refused). */
export function onOutboxChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** An order's entries on this phone, oldest first. */
export async function entriesFor(orderId: string): Promise<OutboxEntry[]> {
  const list = (await run<OutboxEntry[]>('readonly', (s) => s.index('orderId').getAll(orderId))) ?? [];
  return list.sort((a, b) => a.at - b.at);
}

/** A new entry, its id made here: the server records an entry id once. */
export const newEntry = (orderId: string, fieldId: string, value: EntryValue, signedAs?: string): OutboxEntry => ({
  clientEntryId: crypto.randomUUID(),
  orderId,
  fieldId,
  value,
  ...(signedAs ? { signedAs } : {}),
  at: Date.now(),
});

/** Keeps an entry on the phone, before anything is sent. */
export async function keepEntry(entry: OutboxEntry): Promise<void> {
  await run('readwrite', (s) => s.put(entry));
  changed();
}

export async function removeEntries(ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await run('readwrite', (s) => {
    for (const id of ids) s.delete(id);
  });
  changed();
}

async function refuse(entry: OutboxEntry, reason: string): Promise<void> {
  await run('readwrite', (s) => s.put({ ...entry, refused: reason }));
  changed();
}

/** What sending does: the server's answer, or a thrown error (see `isRefusal`). */
export type Send = (
  orderId: string,
  entries: { clientEntryId: string; fieldId: string; value: EntryValue; signedAs?: string }[],
) => Promise<{ recorded: string[]; alreadyRecorded: string[] }>;

/**
 * An error that means the server looked at the entries and said no (bad input, wrong state, not
 * allowed), as against no answer at all (offline, a timeout, a server starting): only a refusal
 * stops an entry being sent again.
 */
export type RefusalOf = (error: unknown) => { message: string; byEntry: Record<string, string[]> } | null;

const isImage = (v: EntryValue) => typeof v === 'string' && v.startsWith('data:');

const sending = new Map<string, Promise<void>>();

/**
 * Sends an order's waiting entries: photos one per call (each may be megabytes), the rest
 * together; `onSent` runs after each send, before its entries leave the outbox. Returns when done
 * or when the network failed (the entries stay for the next try).
 */
export function flushOrder(orderId: string, send: Send, refusalOf: RefusalOf, onSent: () => Promise<unknown> = async () => {}): Promise<void> {
  const inFlight = sending.get(orderId);
  if (inFlight) return inFlight;
  const job = (async () => {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
    const waiting = (await entriesFor(orderId)).filter((e) => !e.refused);
    const batches = [...waiting.filter((e) => isImage(e.value)).map((e) => [e]), waiting.filter((e) => !isImage(e.value))].filter((b) => b.length);
    for (const batch of batches) {
      try {
        const result = await send(
          orderId,
          batch.map(({ clientEntryId, fieldId, value, signedAs }) => ({ clientEntryId, fieldId, value, ...(signedAs ? { signedAs } : {}) })),
        );
        // The server's values read first, so the page never shows the older value in between.
        await onSent().catch(() => {});
        await removeEntries([...result.recorded, ...result.alreadyRecorded]);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) return; // no answer: try again later
        const named = batch.filter((e) => refusal.byEntry[e.clientEntryId]);
        // The server names the entry it refused; the others in the batch go again on the next try.
        for (const e of named.length ? named : batch) await refuse(e, refusal.byEntry[e.clientEntryId]?.join(' ') ?? refusal.message);
      }
    }
  })().finally(() => sending.delete(orderId));
  sending.set(orderId, job);
  return job;
}

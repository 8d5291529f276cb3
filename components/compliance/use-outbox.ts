'use client';
// The section's view of the phone's outbox (outbox.ts) for one order: its entries, whether the
// phone is online, and `enter` (kept on the phone first, then sent). Sends again when the phone
// comes back online and every 15 s while entries wait; the order's data is refetched after a send.
import { useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useCallback, useEffect, useState } from 'react';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { entriesFor, flushOrder, keepEntry, newEntry, onOutboxChange, removeEntries, type EntryValue, type OutboxEntry, type RefusalOf } from './outbox';

const RETRY_MS = 15_000;
/** Answers that are the server's "no" (bad input, not allowed, wrong state, too large), not a lost connection. */
const REFUSING_STATUS = new Set([400, 403, 404, 409, 413, 422]);

const refusalOf: RefusalOf = (error) => {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { httpStatus?: number; fieldErrors?: Record<string, string[]> | null } | undefined;
  if (!data?.httpStatus || !REFUSING_STATUS.has(data.httpStatus)) return null;
  return { message: error.message, byEntry: data.fieldErrors ?? {} };
};

export function useComplianceOutbox(orderId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [online, setOnline] = useState(true);
  const [storeError, setStoreError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    entriesFor(orderId).then(setEntries, (e: unknown) => setStoreError(`This phone cannot keep entries offline: ${String(e)}`));
  }, [orderId]);

  const flush = useCallback(async () => {
    await flushOrder(
      orderId,
      (id, list) => client.compliance.record.mutate({ orderId: id, entries: list }),
      refusalOf,
      () => queryClient.invalidateQueries(trpc.compliance.forOrder.queryFilter({ orderId })),
    );
    // The order's history shows the entries.
    await queryClient.invalidateQueries(trpc.orders.pathFilter());
  }, [client, orderId, queryClient, trpc]);

  useEffect(() => {
    refresh();
    const off = onOutboxChange(refresh);
    const update = () => setOnline(navigator.onLine);
    const back = () => {
      update();
      void flush();
    };
    update();
    window.addEventListener('online', back);
    window.addEventListener('offline', update);
    void flush();
    return () => {
      off();
      window.removeEventListener('online', back);
      window.removeEventListener('offline', update);
    };
  }, [flush, refresh]);

  const waiting = entries.filter((e) => !e.refused);
  useEffect(() => {
    if (!waiting.length) return;
    const timer = setInterval(() => void flush(), RETRY_MS);
    return () => clearInterval(timer);
  }, [waiting.length, flush]);

  return {
    online,
    storeError,
    /** Entries kept on the phone, not yet sent. */
    waiting,
    /** Entries the server refused, with its reason. */
    refused: entries.filter((e) => e.refused),
    /** `signedAs`: a signature typed instead of drawn, the name typed. */
    async enter(fieldId: string, value: EntryValue, signedAs?: string) {
      const entry = newEntry(orderId, fieldId, value, signedAs);
      // Shown at once; kept in IndexedDB next (the outbox's change notice then reads it back).
      setEntries((list) => [...list, entry]);
      try {
        await keepEntry(entry);
      } catch (e) {
        setEntries((list) => list.filter((x) => x !== entry));
        setStoreError(`This phone could not keep the entry: ${String(e)}`);
        return;
      }
      void flush();
    },
    dismiss: (id: string) => removeEntries([id]),
  };
}

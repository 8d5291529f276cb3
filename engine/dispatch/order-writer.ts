// Group commit for new orders. Orders created at the same moment in one process are written
// together: while a write is on its way to the database, the next orders queue up, and the
// following write takes them all in one statement. Alone, an order is written at once; under load
// the per-statement cost (round trip, parse, commit) is shared. Each order still stands or falls
// on its own: if a shared write fails, its orders are written one by one, so one bad order cannot
// sink the others, and the error reaches only the caller whose order caused it.
import type { Db } from '../../drizzle/client';
import { insertNewOrders, type NewOrderWrite } from './commit';
import type { OrderRow } from '../../drizzle/schema';

export interface OrderWriter {
  /** Resolves to the created row, or null when the order's idempotency key was already taken. */
  write(order: NewOrderWrite): Promise<OrderRow | null>;
}

interface Waiting {
  order: NewOrderWrite;
  resolve: (row: OrderRow | null) => void;
  reject: (error: unknown) => void;
}

export interface OrderWriterOptions {
  /** Writes on their way at once (each holds one connection). */
  inFlight?: number;
  /** Orders in one statement at most. */
  maxBatch?: number;
  /** Told the size of every statement written (for metrics). */
  onWrite?: (orders: number) => void;
}

const DEADLOCK = '40P01';
const codeOf = (error: unknown): string | undefined => {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
};

export function createOrderWriter(db: Db, options: OrderWriterOptions = {}): OrderWriter {
  const inFlight = options.inFlight ?? 2;
  const maxBatch = options.maxBatch ?? 64;
  const queue: Waiting[] = [];
  let running = 0;

  async function insert(batch: NewOrderWrite[]): Promise<Map<string, OrderRow>> {
    for (let attempt = 1; ; attempt++) {
      try {
        options.onWrite?.(batch.length);
        return await insertNewOrders(db, batch);
      } catch (error) {
        // Two batches raising the same engineers' load can deadlock; the loser simply goes again.
        if (codeOf(error) !== DEADLOCK || attempt >= 3) throw error;
      }
    }
  }

  async function flush(batch: Waiting[]) {
    try {
      const created = await insert(batch.map((w) => w.order));
      for (const w of batch) w.resolve(created.get(w.order.row.id as string) ?? null);
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      await Promise.all(
        batch.map(async (w) => {
          try {
            const created = await insert([w.order]);
            w.resolve(created.get(w.order.row.id as string) ?? null);
          } catch (own) {
            w.reject(own);
          }
        }),
      );
    }
  }

  function pump() {
    while (running < inFlight && queue.length) {
      const batch = queue.splice(0, maxBatch);
      running++;
      void flush(batch).finally(() => {
        running--;
        pump();
      });
    }
  }

  return {
    write(order) {
      return new Promise<OrderRow | null>((resolve, reject) => {
        queue.push({ order, resolve, reject });
        pump();
      });
    },
  };
}

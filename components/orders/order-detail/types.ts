import type { Outputs } from '../../assign/types';

export type Detail = Outputs['queues']['orderDetail'];
export type Order = Detail['order'];
export type OrderEvent = Detail['events'][number];

/** A stored value as the page writes it: numbers to three places, objects as JSON, none as "—". */
export const show = (v: unknown): string =>
  v === null || v === undefined ? '—' : typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : typeof v === 'object' ? JSON.stringify(v) : String(v);

import type { Outputs } from '../../assign/types';

export type Detail = Outputs['queues']['orderDetail'];
export type Order = Detail['order'];
export type OrderEvent = Detail['events'][number];

// How the page writes a stored value (history-text.ts, shared with the work-order document).
export { show } from './history-text';

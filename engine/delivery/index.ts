// Delivery of notifications by web push and e-mail: preferences, push devices, the fan-out from the
// outbox, the worker, and the admins' view of failures. See README.md.
import type { Db } from '../../drizzle/client';
import type { DeliveryChannels } from './channels';
import { fanOutNotifications } from './fanout';
import type { RetryPolicy } from './model';
import { sendDueDeliveries, type SendResult } from './send';

export * from './model';
export { webPushChannel, smtpChannel, generateVapidKeys, type DeliveryChannels, type PushSender, type MailSender, type PushTarget, type VapidKeys } from './channels';
export { fanOutNotifications, OUTBOX_CURSOR, type FanOutOptions, type FanOutResult } from './fanout';
export { sendDueDeliveries, cancelPendingFor, type SendOptions, type SendResult } from './send';
export { listPreferences, setPreference, resetPreference, setPreferenceInput, hiddenInApp, type KindPreference, type SetPreferenceInput } from './preferences';
export {
  subscribePush,
  unsubscribePush,
  listDevices,
  pushSubscriptionInput,
  endpointInput,
  deviceIdInput,
  MAX_DEVICES,
  type Device,
  type PushSubscriptionInput,
  type SubscribeOptions,
} from './subscriptions';
export { listFailedDeliveries, retryDeliveries, listFailuresInput, retryDeliveriesInput, FAILURES_PAGE, type FailedDelivery } from './failures';

export interface DeliveryRunOptions {
  now?: () => Date;
  retry?: RetryPolicy;
  /** See FanOutOptions.settleSeconds. */
  settleSeconds?: number;
  /** Batches of each step per run (default 20). */
  maxBatches?: number;
}

/** One delivery job: fan out what is new, then send what is due, each in batches until done. */
export async function runDelivery(db: Db, channels: DeliveryChannels, options: DeliveryRunOptions = {}) {
  const now = options.now ?? (() => new Date());
  const maxBatches = options.maxBatches ?? 20;
  let fannedOut = 0;
  let planned = 0;
  for (let i = 0; i < maxBatches; i++) {
    const r = await fanOutNotifications(db, { now: now(), channels: { push: !!channels.push, email: !!channels.email }, settleSeconds: options.settleSeconds });
    fannedOut += r.notifications;
    planned += r.deliveries;
    if (r.notifications < 500) break;
  }
  const sent: SendResult = { claimed: 0, sent: 0, retrying: 0, dead: 0, cancelled: 0 };
  for (let i = 0; i < maxBatches; i++) {
    const r = await sendDueDeliveries(db, channels, { now: now(), retry: options.retry });
    for (const key of Object.keys(sent) as (keyof SendResult)[]) sent[key] += r[key];
    if (r.claimed < 50) break;
  }
  return { fannedOut, planned, ...sent };
}

// Push and e-mail delivery: each user's own channels per kind of notification and their own push
// devices (every call bound to the caller's id on the server), and for admins the deliveries that
// failed, with a retry.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import * as s from '../../drizzle/schema';
import {
  deviceIdInput,
  endpointInput,
  listDevices,
  listFailedDeliveries,
  listFailuresInput,
  listPreferences,
  pushSubscriptionInput,
  retryDeliveries,
  retryDeliveriesInput,
  setPreference,
  setPreferenceInput,
  subscribePush,
  unsubscribePush,
} from '../../engine/delivery';
import { deliveryConfig } from '../delivery';
import { allow, router } from '../trpc';

const ADMIN = ['admin'] as const;

export const devicesInput = z.object({ currentEndpoint: z.string().max(2048).optional() }).optional();
export const unsubscribeInput = z.union([deviceIdInput, endpointInput]);

export const deliveryRouter = router({
  /** What this server can deliver by, and the key a browser subscribes with. */
  channels: allow('signed-in').query(async ({ ctx }) => {
    const config = deliveryConfig();
    const [user] = await ctx.db.select({ email: s.users.email }).from(s.users).where(eq(s.users.id, ctx.principal.id));
    return {
      push: { available: !!config.push, publicKey: config.push?.publicKey ?? null, off: config.pushOff },
      email: { available: !!config.email, address: user?.email ?? null, off: config.emailOff },
    };
  }),
  preferences: allow('signed-in').query(({ ctx }) => listPreferences(ctx.db, ctx.principal.id)),
  setPreference: allow('signed-in')
    .input(setPreferenceInput)
    .mutation(({ ctx, input }) => setPreference(ctx.db, ctx.principal.id, input)),
  devices: allow('signed-in')
    .input(devicesInput)
    .query(({ ctx, input }) => listDevices(ctx.db, ctx.principal.id, input?.currentEndpoint)),
  subscribe: allow('signed-in')
    .input(pushSubscriptionInput)
    .mutation(({ ctx, input }) =>
      subscribePush(ctx.db, ctx.principal.id, input, ctx.now(), { allowLoopbackHttp: deliveryConfig().allowLoopbackPush }),
    ),
  unsubscribe: allow('signed-in')
    .input(unsubscribeInput)
    .mutation(({ ctx, input }) => unsubscribePush(ctx.db, ctx.principal.id, input, ctx.now())),
  failures: allow(ADMIN)
    .input(listFailuresInput)
    .query(({ ctx, input }) => listFailedDeliveries(ctx.db, input)),
  retry: allow(ADMIN)
    .input(retryDeliveriesInput)
    .mutation(({ ctx, input }) => retryDeliveries(ctx.db, input.ids, ctx.now())),
});

import { navigationFor } from '../navigation';
import { allow, publicProcedure, router } from '../trpc';

export const sessionRouter = router({
  /** Who is signed in, or null. */
  current: publicProcedure.query(({ ctx }) => ctx.principal),
  navigation: allow('signed-in').query(({ ctx }) => navigationFor(ctx.principal.role)),
});

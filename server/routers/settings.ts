import * as dir from '../../engine/directory';
import { allow, router } from '../trpc';

export const settingsRouter = router({
  slaPolicies: allow('signed-in').query(({ ctx }) => dir.getSlaPolicies(ctx.db)),
  updateSlaPolicies: allow(['admin'])
    .input(dir.slaPolicyInput)
    .mutation(({ ctx, input }) => dir.updateSlaPolicies(ctx.db, input.policies, ctx.principal)),
});

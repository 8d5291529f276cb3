import * as dir from '../../engine/directory';
import { allow, router } from '../trpc';

export const settingsRouter = router({
  slaPolicies: allow('signed-in').query(({ ctx }) => dir.getSlaPolicies(ctx.db)),
  updateSlaPolicies: allow(['admin'])
    .input(dir.slaPolicyInput)
    .mutation(({ ctx, input }) => dir.updateSlaPolicies(ctx.db, input.policies, ctx.principal)),
  /** The company's time zone, working hours, travel model and category durations. */
  schedule: allow('signed-in').query(({ ctx }) => dir.getScheduleSettings(ctx.db)),
  updateSchedule: allow(['admin'])
    .input(dir.scheduleSettingsInput)
    .mutation(async ({ ctx, input }) => {
      const settings = await dir.updateScheduleSettings(ctx.db, input, ctx.principal);
      // Shifts, travel and category durations are read with the directory and configuration.
      ctx.engine.directory.invalidate();
      ctx.engine.config.invalidate();
      return settings;
    }),
});

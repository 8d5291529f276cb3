import { z } from 'zod';
import * as compliance from '../../engine/compliance';
import { getScheduleSettings } from '../../engine/directory';
import { allow, idString, router } from '../trpc';

export const complianceRouter = router({
  /** Every category's declared fields, and the categories Settings knows (to offer). */
  fields: allow(['admin']).query(async ({ ctx }) => {
    const [declared, settings] = await Promise.all([compliance.listComplianceFields(ctx.db), getScheduleSettings(ctx.db)]);
    const categories = [...new Set([...settings.categoryDurations.map((c) => c.category), ...declared.map((d) => d.category)])].sort();
    return { categories, declared };
  }),
  /** One category's fields replaced by the list given. */
  saveCategory: allow(['admin'])
    .input(compliance.categoryFieldsInput)
    .mutation(({ ctx, input }) => compliance.saveCategoryFields(ctx.db, input, ctx.principal)),
  /** An order's fields and latest values: for whoever may see the order (scope in the engine). */
  forOrder: allow('signed-in')
    .input(z.object({ orderId: idString }))
    .query(({ ctx, input }) => compliance.getOrderCompliance(ctx.db, ctx.principal, input.orderId)),
  /** The order's engineers enter values (idempotent by each entry's clientEntryId). */
  record: allow(['engineer', 'provider_engineer'])
    .input(compliance.recordComplianceInput)
    .mutation(({ ctx, input }) => compliance.recordCompliance(ctx.engine, ctx.principal, input)),
});

import * as dir from '../../engine/directory';
import { invalidateDirectory } from '../../engine/dispatch';
import type { Context } from '../context';
import { allow, router } from '../trpc';

// Directory changes reach this process's engine at once (other processes within the cache's TTL).
const admin = allow(['admin']).use(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) invalidateDirectory((ctx as Context).caches);
  return result;
});
// Dispatchers read the directory to assign; only admins change it.
const readers = allow(['admin', 'dispatcher', 'group_dispatcher']);

export const directoryRouter = router({
  groups: router({
    list: readers.query(({ ctx }) => dir.listServiceGroups(ctx.db)),
    get: readers.input(dir.idInput).query(({ ctx, input }) => dir.getServiceGroup(ctx.db, input.id)),
    create: admin.input(dir.serviceGroupInput).mutation(({ ctx, input }) => dir.createServiceGroup(ctx.db, input)),
    update: admin.input(dir.withId(dir.serviceGroupInput)).mutation(({ ctx, input }) => dir.updateServiceGroup(ctx.db, input.id, input.data)),
    setActive: admin.input(dir.setActiveInput).mutation(({ ctx, input }) => dir.setServiceGroupActive(ctx.db, input.id, input.active)),
  }),
  providers: router({
    list: readers.query(({ ctx }) => dir.listProviders(ctx.db)),
    create: admin.input(dir.providerInput).mutation(({ ctx, input }) => dir.createProvider(ctx.db, input)),
    update: admin.input(dir.withId(dir.providerInput)).mutation(({ ctx, input }) => dir.updateProvider(ctx.db, input.id, input.data)),
    setActive: admin.input(dir.setActiveInput).mutation(({ ctx, input }) => dir.setProviderActive(ctx.db, input.id, input.active)),
  }),
  engineers: router({
    list: readers.query(({ ctx }) => dir.listEngineers(ctx.db)),
    create: admin.input(dir.engineerInput).mutation(({ ctx, input }) => dir.createEngineer(ctx.db, input, ctx.now())),
    update: admin.input(dir.withId(dir.engineerInput)).mutation(({ ctx, input }) => dir.updateEngineer(ctx.db, input.id, input.data, ctx.now())),
    setActive: admin.input(dir.setActiveInput).mutation(({ ctx, input }) => dir.setEngineerActive(ctx.db, input.id, input.active)),
  }),
  users: router({
    list: admin.query(({ ctx }) => dir.listUsers(ctx.db)),
    roles: admin.query(({ ctx }) => dir.listRoles(ctx.db)),
    create: admin.input(dir.userInput).mutation(({ ctx, input }) => dir.createUser(ctx.db, input, ctx.principal.id)),
    update: admin.input(dir.withId(dir.userInput)).mutation(({ ctx, input }) => dir.updateUser(ctx.db, input.id, input.data, ctx.principal.id)),
    setActive: admin.input(dir.setActiveInput).mutation(({ ctx, input }) => dir.setUserActive(ctx.db, input.id, input.active, ctx.principal.id)),
  }),
  customFields: router({
    list: allow('signed-in').query(({ ctx }) => dir.listCustomFields(ctx.db)),
    create: admin.input(dir.customFieldInput).mutation(({ ctx, input }) => dir.createCustomField(ctx.db, input)),
    update: admin.input(dir.withId(dir.customFieldInput)).mutation(({ ctx, input }) => dir.updateCustomField(ctx.db, input.id, input.data)),
    setActive: admin.input(dir.setActiveInput).mutation(({ ctx, input }) => dir.setCustomFieldActive(ctx.db, input.id, input.active)),
  }),
});

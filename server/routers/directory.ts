import * as dir from '../../engine/directory';
import type { Context } from '../context';
import { allow, router } from '../trpc';

/** Directory changes reach this process's engine at once (other processes within the cache's TTL). */
const invalidating = <T extends ReturnType<typeof allow>>(procedure: T) =>
  procedure.use(async ({ ctx, next }) => {
    const result = await next();
    if (result.ok) (ctx as Context).engine.directory.invalidate();
    return result;
  });
const admin = invalidating(allow(['admin']));
// Only an admin holding manage_users creates or changes users and their permissions (never their own, see the engine).
const userManager = invalidating(allow(['admin'], 'manage_users'));
// Dispatchers read the directory to assign; only admins change it.
const readers = allow(['admin', 'dispatcher', 'group_dispatcher']);
const adminReader = allow(['admin']);

export const directoryRouter = router({
  groups: router({
    list: readers.query(({ ctx }) => dir.listServiceGroups(ctx.db)),
    get: readers.input(dir.idInput).query(({ ctx, input }) => dir.getServiceGroup(ctx.db, input.id)),
    create: admin.input(dir.serviceGroupInput).mutation(({ ctx, input }) => dir.createServiceGroup(ctx.db, input, ctx.principal)),
    update: admin
      .input(dir.withId(dir.serviceGroupInput))
      .mutation(({ ctx, input }) => dir.updateServiceGroup(ctx.db, input.id, input.data, ctx.principal)),
    setActive: admin.input(dir.setActiveInput).mutation(({ ctx, input }) => dir.setServiceGroupActive(ctx.db, input.id, input.active, ctx.principal)),
  }),
  providers: router({
    list: readers.query(({ ctx }) => dir.listProviders(ctx.db)),
    create: admin.input(dir.providerInput).mutation(({ ctx, input }) => dir.createProvider(ctx.db, input, ctx.principal)),
    update: admin.input(dir.withId(dir.providerInput)).mutation(({ ctx, input }) => dir.updateProvider(ctx.db, input.id, input.data, ctx.principal)),
    setActive: admin.input(dir.setActiveInput).mutation(({ ctx, input }) => dir.setProviderActive(ctx.db, input.id, input.active, ctx.principal)),
  }),
  engineers: router({
    list: readers.query(({ ctx }) => dir.listEngineers(ctx.db)),
    create: admin.input(dir.engineerInput).mutation(({ ctx, input }) => dir.createEngineer(ctx.db, input, ctx.now(), ctx.principal)),
    update: admin
      .input(dir.withId(dir.engineerInput))
      .mutation(({ ctx, input }) => dir.updateEngineer(ctx.db, input.id, input.data, ctx.now(), ctx.principal)),
    setActive: admin.input(dir.setActiveInput).mutation(({ ctx, input }) => dir.setEngineerActive(ctx.db, input.id, input.active, ctx.principal)),
  }),
  /** Days an engineer does not work (whole days in the company's zone); admins only. */
  timeOff: router({
    list: adminReader.input(dir.timeOffListInput).query(({ ctx, input }) => dir.listTimeOff(ctx.db, input.engineerId)),
    add: admin.input(dir.timeOffInput).mutation(({ ctx, input }) => dir.addTimeOff(ctx.db, input, ctx.principal)),
    remove: admin.input(dir.idInput).mutation(({ ctx, input }) => dir.removeTimeOff(ctx.db, input.id, ctx.principal)),
  }),
  users: router({
    list: adminReader.query(({ ctx }) => dir.listUsers(ctx.db)),
    roles: adminReader.query(({ ctx }) => dir.listRoles(ctx.db)),
    create: userManager.input(dir.userInput).mutation(({ ctx, input }) => dir.createUser(ctx.db, input, ctx.principal)),
    update: userManager.input(dir.withId(dir.userInput)).mutation(({ ctx, input }) => dir.updateUser(ctx.db, input.id, input.data, ctx.principal)),
    setActive: userManager.input(dir.setActiveInput).mutation(({ ctx, input }) => dir.setUserActive(ctx.db, input.id, input.active, ctx.principal)),
  }),
  customFields: router({
    list: allow('signed-in').query(({ ctx }) => dir.listCustomFields(ctx.db)),
    create: admin.input(dir.customFieldInput).mutation(({ ctx, input }) => dir.createCustomField(ctx.db, input, ctx.principal)),
    update: admin
      .input(dir.withId(dir.customFieldInput))
      .mutation(({ ctx, input }) => dir.updateCustomField(ctx.db, input.id, input.data, ctx.principal)),
    setActive: admin.input(dir.setActiveInput).mutation(({ ctx, input }) => dir.setCustomFieldActive(ctx.db, input.id, input.active, ctx.principal)),
  }),
});

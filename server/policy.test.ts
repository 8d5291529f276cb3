// Walks every tRPC procedure as every role (and signed out). Each procedure must declare a policy,
// must appear in the table below (so adding one forces a decision here), and the server must let
// through exactly the roles the table names.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../drizzle/testing';
import type { Permission, Role } from '../drizzle/schema';
import type { Principal } from '../engine/principal';
import { createContextInner } from './context';
import { appRouter, createCaller } from './root';
import { demoPrincipal } from './testing/principals';
import { ALL_ROLES } from './trpc';

type Expected = readonly Role[] | 'public' | 'signed-in' | { roles: readonly Role[]; permission: Permission };
const ADMIN: Expected = ['admin'];
const DIRECTORY_READERS: Expected = ['admin', 'dispatcher', 'group_dispatcher'];
const DISPATCHER_ROLES: Expected = ['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher'];
const ENGINEER_ROLES: Expected = ['engineer', 'provider_engineer'];

const EXPECTED: Record<string, Expected> = {
  'session.current': 'public',
  'session.navigation': 'signed-in',
  'directory.groups.list': DIRECTORY_READERS,
  'directory.groups.get': DIRECTORY_READERS,
  'directory.groups.create': ADMIN,
  'directory.groups.update': ADMIN,
  'directory.groups.setActive': ADMIN,
  'directory.providers.list': DIRECTORY_READERS,
  'directory.providers.create': ADMIN,
  'directory.providers.update': ADMIN,
  'directory.providers.setActive': ADMIN,
  'directory.engineers.list': DIRECTORY_READERS,
  'directory.engineers.create': ADMIN,
  'directory.engineers.update': ADMIN,
  'directory.engineers.setActive': ADMIN,
  'directory.users.list': ADMIN,
  'directory.users.roles': ADMIN,
  'directory.users.create': { roles: ['admin'], permission: 'manage_users' },
  'directory.users.update': { roles: ['admin'], permission: 'manage_users' },
  'directory.users.setActive': { roles: ['admin'], permission: 'manage_users' },
  'directory.customFields.list': 'signed-in',
  'directory.customFields.create': ADMIN,
  'directory.customFields.update': ADMIN,
  'directory.customFields.setActive': ADMIN,
  'settings.slaPolicies': 'signed-in',
  'settings.updateSlaPolicies': ADMIN,
  'settings.schedule': 'signed-in',
  'settings.updateSchedule': ADMIN,
  'directory.timeOff.list': ADMIN,
  'directory.timeOff.add': ADMIN,
  'directory.timeOff.remove': ADMIN,
  'orders.list': 'signed-in',
  'orders.get': 'signed-in',
  'orders.myWork': ENGINEER_ROLES,
  'orders.engineerOrder': ENGINEER_ROLES,
  'orders.create': ['admin', 'dispatcher'],
  'orders.candidates': DISPATCHER_ROLES,
  'orders.assign': DISPATCHER_ROLES,
  'orders.reassignGroup': ['group_dispatcher'],
  'orders.reject': ['group_dispatcher', 'provider_dispatcher'],
  'orders.reschedule': DISPATCHER_ROLES,
  'schedule.board': DISPATCHER_ROLES,
  'schedule.book': DISPATCHER_ROLES,
  'schedule.move': DISPATCHER_ROLES,
  'insights.get': DISPATCHER_ROLES,
  'explain.whyNot': DISPATCHER_ROLES,
  'overrides.reasons': DISPATCHER_ROLES,
  'overrides.ruleDecisions': DISPATCHER_ROLES,
  'overrides.saveReasons': ADMIN,
  'overrides.report': ['admin', 'dispatcher', 'group_dispatcher'],
  'compliance.fields': ADMIN,
  'compliance.saveCategory': ADMIN,
  'compliance.forOrder': 'signed-in',
  'compliance.record': ENGINEER_ROLES,
  'orders.reallocate': { roles: ['admin', 'dispatcher', 'group_dispatcher'], permission: 'reallocate' },
  'orders.accept': ENGINEER_ROLES,
  'orders.decline': ENGINEER_ROLES,
  'orders.start': ENGINEER_ROLES,
  'orders.pause': ENGINEER_ROLES,
  'orders.complete': ENGINEER_ROLES,
  'orders.editForm': DISPATCHER_ROLES,
  'orders.edit': DISPATCHER_ROLES,
  'orders.reviewQueue': ['admin', 'dispatcher'],
  'orders.approve': ['admin', 'dispatcher'],
  'orders.rejectReview': ['admin', 'dispatcher'],
  'queues.list': DISPATCHER_ROLES,
  'queues.orders': DISPATCHER_ROLES,
  'queues.filterOptions': DISPATCHER_ROLES,
  'queues.columns': DISPATCHER_ROLES,
  'queues.setColumns': DISPATCHER_ROLES,
  'queues.orderDetail': 'signed-in',
  'queues.providerPositions': DISPATCHER_ROLES,
  'queues.bulkPreview': DISPATCHER_ROLES,
  'queues.bulkApply': DISPATCHER_ROLES,
  'flows.list': ADMIN,
  'flows.templates': ADMIN,
  'flows.get': ADMIN,
  'flows.version': ADMIN,
  'flows.create': ADMIN,
  'flows.saveDraft': ADMIN,
  'flows.check': ADMIN,
  'flows.publish': { roles: ['admin'], permission: 'publish_flows' },
  'flows.restore': ADMIN,
  'flows.duplicate': ADMIN,
  'flows.deleteDraft': ADMIN,
  'flows.setDefault': { roles: ['admin'], permission: 'publish_flows' },
  'flows.export': ADMIN,
  'flows.import': ADMIN,
  'flows.activity': ADMIN,
  'flows.impactStart': { roles: ['admin'], permission: 'publish_flows' },
  'flows.impactProgress': ADMIN,
  'flows.versionImpacts': ADMIN,
  'rules.list': ADMIN,
  'rules.get': ADMIN,
  'rules.create': ADMIN,
  'rules.saveDraft': ADMIN,
  'rules.check': ADMIN,
  'rules.publish': { roles: ['admin'], permission: 'publish_rules' },
  'rules.duplicate': ADMIN,
  'rules.deleteDraft': ADMIN,
  'rules.test': ADMIN,
  'rules.backtest': ADMIN,
  'rules.searchOrders': ADMIN,
  'rules.directoryNames': ADMIN,
  'rules.flowNodes': ADMIN,
  'rules.impactStart': { roles: ['admin'], permission: 'publish_rules' },
  'rules.impactProgress': ADMIN,
  'rules.versionImpacts': ADMIN,
  'apiKeys.list': { roles: ['admin'], permission: 'manage_api_keys' },
  'apiKeys.create': { roles: ['admin'], permission: 'manage_api_keys' },
  'apiKeys.revoke': { roles: ['admin'], permission: 'manage_api_keys' },
  'audit.list': ADMIN,
  'audit.actors': ADMIN,
  'notifications.list': 'signed-in',
  'notifications.markRead': 'signed-in',
  'notifications.markAllRead': 'signed-in',
  'notifications.markOrderRead': 'signed-in',
  'delivery.channels': 'signed-in',
  'delivery.preferences': 'signed-in',
  'delivery.setPreference': 'signed-in',
  'delivery.devices': 'signed-in',
  'delivery.subscribe': 'signed-in',
  'delivery.unsubscribe': 'signed-in',
  'delivery.failures': ADMIN,
  'delivery.retry': ADMIN,
};

const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { meta?: { policy?: unknown } } }> } })._def
  .procedures;
const paths = Object.keys(procedures);

function allowedRoles(expected: Expected): readonly Role[] {
  if (expected === 'public' || expected === 'signed-in') return ALL_ROLES;
  return 'roles' in expected ? expected.roles : expected;
}

const permissionOf = (expected: Expected) => (typeof expected === 'object' && 'permission' in expected ? expected.permission : undefined);

/** Whether a principal should get through: role in the list and, where one is required, the permission. */
function mayCall(expected: Expected, principal: Principal) {
  const permission = permissionOf(expected);
  return allowedRoles(expected).includes(principal.role) && (!permission || principal.permissions.includes(permission));
}

async function callAs(db: TestDatabase, principal: Principal | null, path: string): Promise<TRPCError | null> {
  const caller = createCaller(createContextInner({ db: db.db, principal }));
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input?: unknown,
  ) => Promise<unknown>;
  try {
    // An empty input: the policy runs before input is read, so refused roles never reach validation
    // and allowed roles fail on the input (or succeed on a read).
    await fn({});
    return null;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
}

describe('authorization of every procedure', () => {
  let db: TestDatabase;
  const principals = new Map<Role, Principal>();

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 20 });
    for (const role of ALL_ROLES) principals.set(role, await demoPrincipal(db.db, role));
  });
  afterAll(() => db?.dispose());

  it('finds the procedures', () => {
    expect(paths.length).toBeGreaterThan(20);
  });

  it.each(paths)('%s declares a policy that matches the table', (path) => {
    const policy = procedures[path]._def.meta?.policy;
    expect(policy, `${path} has no declared policy`).toBeTruthy();
    const expected = EXPECTED[path];
    expect(expected, `${path} is missing from the expected table in policy.test.ts`).toBeDefined();
    if (expected === 'public') expect(policy).toEqual({ public: true });
    else {
      expect((policy as { roles: Role[] }).roles.slice().sort()).toEqual(allowedRoles(expected).slice().sort());
      expect((policy as { permission?: Permission }).permission).toBe(permissionOf(expected));
    }
  });

  it.each(paths)('%s lets through exactly its roles', async (path) => {
    const expected = EXPECTED[path];
    const anonymous = await callAs(db, null, path);
    if (expected === 'public') expect(anonymous?.code).not.toBe('UNAUTHORIZED');
    else expect(anonymous?.code).toBe('UNAUTHORIZED');

    for (const role of ALL_ROLES) {
      const principal = principals.get(role)!;
      const error = await callAs(db, principal, path);
      if (mayCall(expected, principal)) {
        expect(error?.code, `${role} should reach ${path}`).not.toBe('FORBIDDEN');
        expect(error?.code, `${role} should reach ${path}`).not.toBe('UNAUTHORIZED');
      } else {
        expect(error?.code, `${role} must be refused ${path}`).toBe('FORBIDDEN');
      }
    }
  });

  it('refuses a permission-guarded procedure to a role without the permission, and allows it with', async () => {
    const dispatcher = principals.get('dispatcher')!;
    expect(dispatcher.permissions).toContain('reallocate');
    const without = { ...dispatcher, permissions: [] };
    expect((await callAs(db, without, 'orders.reallocate'))?.code).toBe('FORBIDDEN');
    expect((await callAs(db, dispatcher, 'orders.reallocate'))?.code).toBe('BAD_REQUEST');
  });

  it('has no table entry for a procedure that no longer exists', () => {
    expect(Object.keys(EXPECTED).filter((p) => !paths.includes(p))).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import { hashPassword } from 'better-auth/crypto';
import type { Db } from '../client';
import * as s from '../schema';
import {
  CATEGORIES,
  CATEGORY_DURATIONS,
  CITIES,
  COMPLIANCE_FIELDS,
  DEMO_SIGNATURE_PNG,
  CUSTOM_FIELDS,
  CUSTOMERS,
  DEMO_PASSWORD,
  DEMO_USERS,
  FIRST_NAMES,
  GROUPS,
  LAST_NAMES,
  PROVIDERS,
  REGION_NAMES,
  REGIONS,
  SKILLS,
  SLA_POLICY,
  STREETS,
  OWN_HOURS,
  TIME_ZONE,
  WINDOWS,
  createRandom,
  type RegionName,
} from './demo-data';
import { TZDate } from '@date-fns/tz';
import { DEMO_RULE_SET_NAME, loadDemoRuleSource, loadFlowTemplates } from '../../engine/templates';
import { acceptOrder, assignOrder, completeWork, createEngine, createOrder, declineOrder, listCandidates, startWork, type Engine } from '../../engine/dispatch';
import { loadPrincipal } from '../../engine/directory/principal';
import { fieldsOfCategory, recordCompliance } from '../../engine/compliance';
import type { Principal } from '../../engine/principal';

/** The demo API key for the intake API, listed in the README; only its hash is stored. */
export const DEMO_API_KEY = 'dsk_demo_webform_2f6c1e9a7b';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface SeedSummary {
  users: number;
  engineers: number;
  internalEngineers: number;
  providers: number;
  groups: number;
  orders: number;
  flows: number;
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(s.users);
  return row.n === 0;
}

/** Drops every table (and the job queue's schema) so migrations and the seed start over. */
export async function dropEverything(db: Db): Promise<void> {
  await db.execute(sql`DROP SCHEMA IF EXISTS public CASCADE`);
  await db.execute(sql`DROP SCHEMA IF EXISTS drizzle CASCADE`);
  await db.execute(sql`DROP SCHEMA IF EXISTS pgboss CASCADE`);
  await db.execute(sql`CREATE SCHEMA public`);
}

export async function seedDemoData(db: Db, options: { now?: Date; orders?: number } = {}): Promise<SeedSummary> {
  const now = options.now ?? new Date();
  const rnd = createRandom(20261121);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const refs = await db.transaction(async (tx) => {
    await tx.insert(s.roles).values([
      { key: 'admin', label: 'Admin', description: 'Designs flows and rules; manages the directory, users and permissions' },
      { key: 'dispatcher', label: 'Dispatcher', description: 'Works the company-side dispatch queues' },
      { key: 'group_dispatcher', label: 'Service group dispatcher', description: 'Works orders sent to their service groups' },
      { key: 'provider_dispatcher', label: 'Provider dispatcher', description: "Works orders sent to their provider, in the provider portal" },
      { key: 'engineer', label: 'Engineer', description: 'Accepts, starts and completes assigned work' },
      { key: 'provider_engineer', label: 'Provider engineer', description: "A provider's engineer: accepts, starts and completes assigned work" },
    ]);
    await tx.insert(s.slaPolicies).values(SLA_POLICY);
    await tx.insert(s.customFieldDefs).values(CUSTOM_FIELDS.map((f) => ({ ...f, options: [...f.options] })));

    // Providers
    const providerIds = new Map<string, string>();
    for (const p of PROVIDERS) {
      const id = `sp-${p.key}`;
      providerIds.set(p.key, id);
      await tx.insert(s.serviceProviders).values({
        id,
        name: p.name,
        tenantId: p.tenantId,
        tenantName: p.tenantName,
        regions: [...p.regions],
        skills: [...p.skills],
        capacity: p.capacity,
        rating: p.rating,
        contactEmail: p.dispatcher.email,
      });
    }

    // Users: the demo sign-ins plus one dispatcher per provider
    const userRows: (typeof s.users.$inferInsert)[] = [];
    const permissionRows: (typeof s.userPermissions.$inferInsert)[] = [];
    const userIdByEmail = new Map<string, string>();
    const addUser = (u: { email: string; name: string; role: s.Role; providerId?: string | null; permissions?: readonly string[] }) => {
      const id = `u-${u.email.split('@')[0].replace(/[^a-z0-9]+/gi, '-')}-${userRows.length + 1}`;
      userIdByEmail.set(u.email, id);
      userRows.push({ id, email: u.email, name: u.name, role: u.role, providerId: u.providerId ?? null, emailVerified: true });
      for (const permission of u.permissions ?? []) permissionRows.push({ userId: id, permission: permission as s.Permission });
      return id;
    };
    for (const u of DEMO_USERS) {
      addUser({ ...u, providerId: 'provider' in u && u.provider ? providerIds.get(u.provider) : null });
    }
    for (const p of PROVIDERS) {
      addUser({ email: p.dispatcher.email, name: p.dispatcher.name, role: 'provider_dispatcher', providerId: providerIds.get(p.key) });
    }

    // Engineers: internal ones spread over the regions, and 6 for each provider
    const engineerRows: (typeof s.engineers.$inferInsert)[] = [];
    const usedNames = new Set<string>();
    const personName = () => {
      for (;;) {
        const name = `${rnd.pick(FIRST_NAMES)} ${rnd.pick(LAST_NAMES)}`;
        if (!usedNames.has(name)) {
          usedNames.add(name);
          return name;
        }
      }
    };
    const statuses: s.EngineerStatus[] = ['available', 'available', 'available', 'busy', 'busy', 'off_shift', 'on_leave'];
    const makeEngineer = (id: string, name: string, region: RegionName, providerId: string | null, skillPool: readonly string[]) => {
      const r = REGIONS[region];
      const skillCount = rnd.int(1, 3);
      const skills = new Set<string>();
      while (skills.size < Math.min(skillCount, skillPool.length)) skills.add(rnd.pick(skillPool));
      const hasLocation = rnd.chance(0.93);
      return {
        id,
        name,
        providerId,
        email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${providerId ? 'partner' : 'hudson'}.example`,
        phone: `+1 212 555 ${String(1000 + engineerRows.length).slice(-4)}`,
        skills: [...skills],
        status: rnd.pick(statuses),
        lat: hasLocation ? rnd.around(r.lat, r.spread) : null,
        lng: hasLocation ? rnd.around(r.lng, r.spread) : null,
        locationAt: hasLocation ? new Date(now.getTime() - rnd.int(1, 240) * 60_000) : null,
        region,
        capacity: rnd.int(3, 8),
        rating: Math.round((3.5 + rnd.next() * 1.5) * 10) / 10,
      } satisfies typeof s.engineers.$inferInsert;
    };
    // Ana Ruiz is the demo engineer's own record.
    engineerRows.push({
      ...makeEngineer('e-001', 'Ana Ruiz', 'Central', null, SKILLS),
      skills: ['hvac', 'electrical'],
      status: 'available',
      lat: 40.75,
      lng: -73.99,
      locationAt: new Date(now.getTime() - 12 * 60_000),
      userId: userIdByEmail.get('engineer@hudson.example'),
      email: 'engineer@hudson.example',
    });
    usedNames.add('Ana Ruiz');
    for (let i = 2; i <= 46; i++) {
      const region = REGION_NAMES[(i - 2) % REGION_NAMES.length];
      engineerRows.push(makeEngineer(`e-${String(i).padStart(3, '0')}`, personName(), region, null, SKILLS));
    }
    for (const p of PROVIDERS) {
      const providerId = providerIds.get(p.key)!;
      for (let i = 1; i <= 6; i++) {
        const region = p.regions[(i - 1) % p.regions.length] as RegionName;
        const id = `pe-${p.key}-${i}`;
        if (p.key === 'coolfix' && i === 1) {
          usedNames.add('Kai Tanaka');
          engineerRows.push({
            ...makeEngineer(id, 'Kai Tanaka', region, providerId, p.skills),
            status: 'available',
            userId: userIdByEmail.get('provider.engineer@coolfix.example'),
            email: 'provider.engineer@coolfix.example',
          });
        } else {
          engineerRows.push(makeEngineer(id, personName(), region, providerId, p.skills));
        }
      }
    }

    // Vehicles, own hours and time off, from a randomness of their own (the rest of the company stays as it was).
    const sched = createRandom(20261123);
    for (const [i, e] of engineerRows.entries()) {
      if (sched.chance(0.9)) Object.assign(e, { vehicleId: `van-${String(i + 1).padStart(3, '0')}`, vehicleStatus: sched.chance(0.1) ? 'maintenance' : 'ready' });
      const hours = sched.next();
      if (e.id !== 'e-001' && hours < 0.15) e.workingHours = OWN_HOURS.early;
      else if (e.id !== 'e-001' && hours < 0.25) e.workingHours = OWN_HOURS.tueSat;
    }
    // Those on leave are away for the coming days; a few others take a day or two this week.
    const localDay = (offset: number) => {
      const d = new TZDate(now.getTime() + offset * 86_400_000, TIME_ZONE);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    const timeOff: (typeof s.engineerTimeOff.$inferInsert)[] = [];
    for (const e of engineerRows) {
      if (e.id === 'e-001') continue;
      if (e.status === 'on_leave') timeOff.push({ engineerId: e.id!, startsOn: localDay(-2), endsOn: localDay(sched.int(3, 8)), reason: 'Annual leave' });
      else if (sched.chance(0.1)) {
        const from = sched.int(1, 6);
        timeOff.push({ engineerId: e.id!, startsOn: localDay(from), endsOn: localDay(from + sched.int(0, 1)), reason: sched.pick(['Training', 'Medical appointment', 'Personal day']) });
      }
    }

    await tx.insert(s.users).values(userRows);
    await tx.insert(s.accounts).values(
      userRows.map((u) => ({ userId: u.id!, accountId: u.id!, providerId: 'credential', password: passwordHash })),
    );
    if (permissionRows.length) await tx.insert(s.userPermissions).values(permissionRows);
    await tx.insert(s.engineers).values(engineerRows);
    if (timeOff.length) await tx.insert(s.engineerTimeOff).values(timeOff);
    await tx.insert(s.categoryDurations).values(CATEGORY_DURATIONS).onConflictDoNothing();
    await tx.insert(s.complianceFields).values(
      COMPLIANCE_FIELDS.map(({ demo: _demo, ...f }, i) => ({ ...f, required: f.required ?? true, position: i })),
    );

    // Service groups: internal engineers by region, and the provider group
    const groupIds = new Map<string, string>();
    for (const g of GROUPS) {
      const id = `sg-${g.key}`;
      groupIds.set(g.key, id);
      await tx.insert(s.serviceGroups).values({ id, name: g.name, kind: g.kind, description: g.description, region: g.regions[0] ?? null });
      if (g.kind === 'engineers') {
        const members = engineerRows.filter((e) => !e.providerId && (g.regions as readonly string[]).includes(e.region));
        await tx.insert(s.serviceGroupMembers).values(members.map((e) => ({ groupId: id, engineerId: e.id! })));
      } else {
        await tx.insert(s.serviceGroupMembers).values(PROVIDERS.map((p) => ({ groupId: id, providerId: providerIds.get(p.key)! })));
      }
    }
    for (const u of DEMO_USERS) {
      if (!('groups' in u) || !u.groups) continue;
      for (const g of u.groups) {
        await tx.insert(s.serviceGroupDispatchers).values({ groupId: groupIds.get(g)!, userId: userIdByEmail.get(u.email)! });
      }
    }

    // Flows from the seed processes, each published as version 1; and the demo rule set
    const adminId = userIdByEmail.get('admin@hudson.example')!;
    const flowVersionIds = new Map<string, string>();
    for (const [index, t] of loadFlowTemplates().entries()) {
      const flowId = `flow-${t.key}`;
      await tx.insert(s.flows).values({
        id: flowId,
        name: t.graph.name,
        description: t.graph.description ?? null,
        draft: t.graph,
        draftUpdatedBy: adminId,
        isDefault: index === 0,
        createdBy: adminId,
      });
      const versionId = `${flowId}-v1`;
      await tx.insert(s.flowVersions).values({ id: versionId, flowId, version: 1, graph: t.graph, publishedBy: adminId });
      flowVersionIds.set(t.key, versionId);
    }
    const ruleSource = loadDemoRuleSource();
    await tx.insert(s.ruleSets).values({
      id: 'rs-metro',
      name: DEMO_RULE_SET_NAME,
      description: 'Auto-dispatch rules for the metro area',
      draftSource: ruleSource,
      draftUpdatedBy: adminId,
      createdBy: adminId,
    });
    await tx.insert(s.ruleSetVersions).values({ id: 'rs-metro-v1', ruleSetId: 'rs-metro', version: 1, source: ruleSource, publishedBy: adminId });

    await tx.insert(s.apiKeys).values({
      id: 'key-webform',
      name: 'Customer web form',
      prefix: DEMO_API_KEY.slice(0, 8),
      hash: hashApiKey(DEMO_API_KEY),
      createdBy: adminId,
    });

    return { userIdByEmail, engineerRows, providerIds, groupIds };
  });
  const orderCount = await seedOrders(db, { now, rnd, ...refs, count: options.orders ?? 240 });
  return {
    users: refs.userIdByEmail.size,
    engineers: refs.engineerRows.length,
    internalEngineers: refs.engineerRows.filter((e) => !e.providerId).length,
    providers: PROVIDERS.length,
    groups: GROUPS.length,
    orders: orderCount,
    flows: 3,
  };
}

// Orders are made and moved the way people make and move them: through the engine's own
// functions, at times spread over the last three days, so history, dispatch fields, queues and
// SLA states are what the live app would have produced.
async function seedOrders(
  db: Db,
  ctx: {
    now: Date;
    rnd: ReturnType<typeof createRandom>;
    userIdByEmail: Map<string, string>;
    engineerRows: (typeof s.engineers.$inferInsert)[];
    providerIds: Map<string, string>;
    groupIds: Map<string, string>;
    count: number;
  },
): Promise<number> {
  const { rnd, now } = ctx;
  let clock = now;
  const deps = createEngine({ db, clock: () => clock, cacheTtlMs: 60_000 });
  const principal = async (email: string) => (await loadPrincipal(db, ctx.userIdByEmail.get(email)!))!;
  const dispatcher = await principal('dispatcher@hudson.example');
  const groupDispatchersByGroup = new Map<string, Principal>();
  for (const u of DEMO_USERS) {
    if (!('groups' in u) || !u.groups) continue;
    const p = await principal(u.email);
    for (const g of u.groups) groupDispatchersByGroup.set(ctx.groupIds.get(g)!, p);
  }
  const providerDispatcher = new Map<string, Principal>();
  for (const p of PROVIDERS) providerDispatcher.set(ctx.providerIds.get(p.key)!, await principal(p.dispatcher.email));
  // Engineers without a sign-in still act on their own orders; history names them by engineer id.
  const engineerPrincipal = (engineerId: string): Principal => {
    const e = ctx.engineerRows.find((x) => x.id === engineerId)!;
    return {
      id: e.userId ?? `engineer:${engineerId}`,
      name: e.name,
      email: e.email ?? '',
      role: e.providerId ? 'provider_engineer' : 'engineer',
      permissions: [],
      groupIds: [],
      providerId: e.providerId ?? null,
      engineerId,
    };
  };

  const priorities: s.Priority[] = ['Low', 'Medium', 'Medium', 'Medium', 'High', 'High', 'Urgent'];
  // How far a person takes each order after it arrives (0: leave it in its first queue).
  const progress = [0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6];
  // Most orders are recent, a tail reaches back three days (so some SLAs are long breached).
  const ageMinutes = Array.from({ length: ctx.count }, () => Math.round(5 + (72 * 60 - 5) * rnd.next() ** 2)).sort((a, b) => b - a);
  const api = { type: 'api' as const, apiKeyId: 'key-webform' };
  // Service windows on most orders, on the working days of the coming week (bookings land there).
  const sched = createRandom(20261124);
  const workingDays: Date[] = [];
  for (let k = 0; workingDays.length < 6 && k < 14; k++) {
    const d = new TZDate(now.getTime() + k * 86_400_000, TIME_ZONE);
    if (d.getDay() !== 0 && d.getDay() !== 6) workingDays.push(d);
  }
  const windowFor = () => {
    if (!sched.chance(0.8)) return null;
    const d = sched.pick(workingDays);
    const w = sched.pick(WINDOWS);
    const at = (h: number) => new TZDate(d.getFullYear(), d.getMonth(), d.getDate(), h, 0, TIME_ZONE);
    return { start: at(w.start).toISOString(), end: at(w.end).toISOString() };
  };

  for (let i = 0; i < ctx.count; i++) {
    const category = rnd.pick(CATEGORIES);
    const region = rnd.pick(REGION_NAMES);
    const place = rnd.pick(CITIES[region]);
    const customer = rnd.pick(CUSTOMERS);
    const r = REGIONS[region];
    const hasLocation = rnd.chance(0.9);
    const source = rnd.pick(['portal', 'api', 'phone', 'manual'] as const);
    const flow =
      category.name === 'Install' ? 'provider-then-engineer' : rnd.chance(0.2) ? 'direct-provider-engineer' : 'group-provider-engineer';
    const input = {
      title: rnd.pick(category.titles),
      description: `${customer.name} reports: ${rnd.pick(category.titles).toLowerCase()}. Site contact at reception.`,
      category: category.name,
      priority: rnd.pick(priorities),
      customer: { name: customer.name, tier: customer.tier },
      address: { street: `${rnd.int(1, 999)} ${rnd.pick(STREETS)}`, city: place.city, region, postcode: rnd.pick(place.postcodes) },
      location: hasLocation ? { lat: rnd.around(r.lat, r.spread), lng: rnd.around(r.lng, r.spread) } : null,
      requiredSkills: rnd.pick(category.skills),
      tags: rnd.chance(0.3) ? [rnd.pick(['vip-site', 'after-hours', 'repeat-visit', 'safety'])] : [],
      custom: {
        contractLevel: rnd.pick(['Basic', 'Plus', 'Premium']),
        ...(rnd.chance(0.5) ? { assetTag: `AT-${rnd.int(10000, 99999)}` } : {}),
        ...(rnd.chance(0.5) ? { underWarranty: rnd.chance(0.5) } : {}),
      },
      source,
      flow: `flow-${flow}`,
      window: windowFor(),
      // Most take their category's estimate; some say how long they need.
      ...(sched.chance(0.25) ? { durationMinutes: sched.pick([30, 45, 60, 120, 150, 240]) } : {}),
    };
    // A window never shorter than the work (else no engineer could ever be booked in it): a short
    // window is widened to the duration, in whole hours.
    const needs = input.durationMinutes ?? CATEGORY_DURATIONS.find((c) => c.category === category.name)?.durationMinutes ?? 0;
    if (input.window && Date.parse(input.window.end) - Date.parse(input.window.start) < needs * 60_000) {
      input.window = { start: input.window.start, end: new Date(Date.parse(input.window.start) + Math.ceil(needs / 60) * 3_600_000).toISOString() };
    }
    clock = new Date(now.getTime() - ageMinutes[i] * 60_000);
    const { order } = await createOrder(deps, source === 'api' ? api : { type: 'user', principal: dispatcher }, input, {
      idempotencyKey: source === 'api' ? `seed-${i}` : undefined,
    });
    let row = order;
    const steps = rnd.pick(progress);
    for (let step = 0; step < steps; step++) {
      clock = new Date(Math.min(clock.getTime() + rnd.int(3, 45) * 60_000, now.getTime()));
      const next = await seedStep(deps, row, {
        rnd,
        dispatcher,
        groupDispatchersByGroup,
        providerDispatcher,
        engineerPrincipal,
        region,
      });
      if (!next) break;
      row = next;
    }
  }
  // This morning the dispatchers booked about half of what waited for an engineer: the board starts full,
  // with the rest in its unscheduled list (North Metro's queue is left as it was, for Gina's walkthrough).
  clock = now;
  const waiting = await db
    .select()
    .from(s.workOrders)
    .where(sql`${s.workOrders.status} = 'pending_assignment' AND ${s.workOrders.currentNodeId} IN ('group-internal', 'provider-engineer', 'assign-provider-engineer')`)
    .orderBy(s.workOrders.number);
  for (const row of waiting) {
    if (row.serviceGroupId === 'sg-north' || !rnd.chance(0.5)) continue;
    await seedStep(deps, row, { rnd, dispatcher, groupDispatchersByGroup, providerDispatcher, engineerPrincipal, region: 'Central' });
  }
  await deps.settle();
  return ctx.count;
}

/** The demo's values for an order's compliance fields (its category's), entered as its engineer would. */
async function fillDemoCompliance(deps: Engine, engineer: Principal, row: typeof s.workOrders.$inferSelect) {
  const fields = await fieldsOfCategory(deps.db, row.category);
  if (!fields.length) return;
  const demo = new Map(COMPLIANCE_FIELDS.filter((f) => f.category === row.category).map((f) => [f.label, f.demo]));
  const entries = fields.map((f) => ({
    clientEntryId: `seed-${row.id}-${f.id}`,
    fieldId: f.id,
    value: f.kind === 'photo' || f.kind === 'signature' ? DEMO_SIGNATURE_PNG : (demo.get(f.label) ?? null),
  }));
  await recordCompliance(deps, engineer, { orderId: row.id, entries });
}

/** One thing a person would do next with the order, or null when it waits on nobody we play. */
async function seedStep(
  deps: Engine,
  row: typeof s.workOrders.$inferSelect,
  ctx: {
    rnd: ReturnType<typeof createRandom>;
    dispatcher: Principal;
    groupDispatchersByGroup: Map<string, Principal>;
    providerDispatcher: Map<string, Principal>;
    engineerPrincipal: (id: string) => Principal;
    region: RegionName;
  },
) {
  const ref = { orderId: row.id, version: row.version };
  const topPick = async (p: Principal) => {
    const list = (await listCandidates(deps, p, row.id)).candidates.slice(0, 3);
    return list.length ? ctx.rnd.pick(list) : null;
  };
  switch (row.currentNodeId) {
    case 'assign-group': {
      const groupKey =
        row.category === 'Install'
          ? 'sg-partners'
          : ctx.region === 'West'
            ? 'sg-west'
            : ctx.region === 'South' || ctx.region === 'East'
              ? 'sg-south'
              : ctx.rnd.chance(0.3)
                ? 'sg-partners'
                : 'sg-north';
      return assignOrder(deps, ctx.dispatcher, { ...ref, assignee: { type: 'service_group', id: groupKey }, collaboratorIds: [] });
    }
    case 'group-internal':
    case 'provider-engineer':
    case 'assign-provider':
    case 'assign-provider-engineer': {
      const handler =
        row.currentNodeId === 'group-internal'
          ? ctx.groupDispatchersByGroup.get(row.serviceGroupId!)
          : row.currentNodeId === 'provider-engineer'
            ? ctx.providerDispatcher.get(row.providerId!)
            : ctx.dispatcher;
      if (!handler) return null;
      const c = await topPick(handler);
      if (!c) return null;
      return assignOrder(deps, handler, { ...ref, assignee: { type: c.type, id: c.id }, collaboratorIds: [] });
    }
    case 'accept':
      return ctx.rnd.chance(0.1)
        ? declineOrder(deps, ctx.engineerPrincipal(row.engineerId!), { ...ref, reason: 'Not in my area today' })
        : acceptOrder(deps, ctx.engineerPrincipal(row.engineerId!), ref);
    case 'work':
      return row.status === 'accepted'
        ? startWork(deps, ctx.engineerPrincipal(row.engineerId!), ref)
        : fillDemoCompliance(deps, ctx.engineerPrincipal(row.engineerId!), row).then(() => completeWork(deps, ctx.engineerPrincipal(row.engineerId!), ref));
    default:
      return null;
  }
}

import { createHash } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import { hashPassword } from 'better-auth/crypto';
import type { Db } from '../client';
import * as s from '../schema';
import {
  CATEGORIES,
  CITIES,
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
  createRandom,
  type RegionName,
} from './demo-data';
import { DEMO_RULE_SET_NAME, loadDemoRuleSource, loadFlowTemplates } from '../../engine/templates';

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

export async function seedDemoData(db: Db, options: { now?: Date } = {}): Promise<SeedSummary> {
  const now = options.now ?? new Date();
  const rnd = createRandom(20261121);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.transaction(async (tx) => {
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

    await tx.insert(s.users).values(userRows);
    await tx.insert(s.accounts).values(
      userRows.map((u) => ({ userId: u.id!, accountId: u.id!, providerId: 'credential', password: passwordHash })),
    );
    if (permissionRows.length) await tx.insert(s.userPermissions).values(permissionRows);
    await tx.insert(s.engineers).values(engineerRows);

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

    const orders = buildOrders({
      rnd,
      now,
      engineers: engineerRows,
      providerIds,
      groupIds,
      flowVersionIds,
      dispatcherId: userIdByEmail.get('dispatcher@hudson.example')!,
      groupDispatcherId: userIdByEmail.get('group.dispatcher@hudson.example')!,
    });
    for (let i = 0; i < orders.rows.length; i += 100) {
      await tx.insert(s.workOrders).values(orders.rows.slice(i, i + 100));
    }
    for (let i = 0; i < orders.events.length; i += 200) {
      await tx.insert(s.orderEvents).values(orders.events.slice(i, i + 200));
    }
    await tx.execute(sql`
      UPDATE engineers e SET open_orders = c.n
      FROM (SELECT engineer_id, count(*)::int AS n FROM work_orders
            WHERE engineer_id IS NOT NULL AND status IN ('assigned', 'accepted', 'in_progress')
            GROUP BY engineer_id) c
      WHERE e.id = c.engineer_id`);

    return {
      users: userRows.length,
      engineers: engineerRows.length,
      internalEngineers: engineerRows.filter((e) => !e.providerId).length,
      providers: PROVIDERS.length,
      groups: GROUPS.length,
      orders: orders.rows.length,
      flows: flowVersionIds.size,
    };
  });
}

type OrderRow = typeof s.workOrders.$inferInsert;
type EventRow = typeof s.orderEvents.$inferInsert;

// Where a demo order stands in its flow. The engine's own actions produce these same shapes.
type Stage = 'queued-first' | 'queued-second' | 'queued-provider' | 'assigned' | 'accepted' | 'in_progress' | 'completed';

function buildOrders(ctx: {
  rnd: ReturnType<typeof createRandom>;
  now: Date;
  engineers: (typeof s.engineers.$inferInsert)[];
  providerIds: Map<string, string>;
  groupIds: Map<string, string>;
  flowVersionIds: Map<string, string>;
  dispatcherId: string;
  groupDispatcherId: string;
}) {
  const { rnd, now } = ctx;
  const rows: OrderRow[] = [];
  const events: EventRow[] = [];
  const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
  const policy = new Map(SLA_POLICY.map((p) => [p.priority, p]));
  const providers = PROVIDERS.map((p) => ({ ...p, id: ctx.providerIds.get(p.key)! }));
  const internal = ctx.engineers.filter((e) => !e.providerId);
  const stages: Stage[] = [
    'queued-first', 'queued-first', 'queued-first', 'queued-first', 'queued-first', 'queued-first',
    'queued-second', 'queued-second', 'queued-provider', 'assigned', 'accepted', 'in_progress', 'completed',
  ];
  const priorities: s.Priority[] = ['Low', 'Medium', 'Medium', 'Medium', 'High', 'High', 'Urgent'];

  for (let i = 1; i <= 240; i++) {
    const id = `wo-${String(i).padStart(4, '0')}`;
    const category = rnd.pick(CATEGORIES);
    const region = rnd.pick(REGION_NAMES);
    const place = rnd.pick(CITIES[region]);
    const customer = rnd.pick(CUSTOMERS);
    const priority = rnd.pick(priorities);
    const sla = policy.get(priority)!;
    // Spread creation over the last three days so SLA states vary: on time, due soon, breached.
    const createdAt = minutes(-rnd.int(5, 72 * 60));
    const hasLocation = rnd.chance(0.9);
    const flowKey = category.name === 'Install' ? 'provider-then-engineer' : rnd.chance(0.2) ? 'direct-provider-engineer' : 'group-provider-engineer';
    const stage = rnd.pick(stages);
    const r = REGIONS[region];
    const order: OrderRow = {
      id,
      number: `WO-${100000 + i}`,
      title: rnd.pick(category.titles),
      description: `${customer.name} reports: ${rnd.pick(category.titles).toLowerCase()}. Site contact on arrival at reception.`,
      category: category.name,
      priority,
      customerName: customer.name,
      customerTier: customer.tier,
      street: `${rnd.int(1, 999)} ${rnd.pick(STREETS)}`,
      city: place.city,
      region,
      postcode: rnd.pick(place.postcodes),
      lat: hasLocation ? rnd.around(r.lat, r.spread) : null,
      lng: hasLocation ? rnd.around(r.lng, r.spread) : null,
      requiredSkills: rnd.pick(category.skills),
      tags: rnd.chance(0.3) ? [rnd.pick(['vip-site', 'after-hours', 'repeat-visit', 'safety'])] : [],
      custom: {
        contractLevel: rnd.pick(['Basic', 'Plus', 'Premium']),
        ...(rnd.chance(0.5) ? { assetTag: `AT-${rnd.int(10000, 99999)}` } : {}),
        ...(rnd.chance(0.5) ? { underWarranty: rnd.chance(0.5) } : {}),
      },
      source: rnd.pick(['portal', 'api', 'phone', 'manual'] as const),
      status: 'pending_assignment',
      respondBy: new Date(createdAt.getTime() + sla.respondMinutes * 60_000),
      resolveBy: new Date(createdAt.getTime() + sla.resolveMinutes * 60_000),
      flowId: `flow-${flowKey}`,
      flowVersionId: ctx.flowVersionIds.get(flowKey)!,
      createdAt,
      updatedAt: createdAt,
      nodeEnteredAt: createdAt,
    };
    let t = createdAt.getTime();
    const event = (e: Omit<EventRow, 'orderId' | 'createdAt'>) => {
      t += rnd.int(2, 40) * 60_000;
      const at = new Date(Math.min(t, now.getTime()));
      events.push({ ...e, orderId: id, createdAt: at });
      return at;
    };
    events.push({ orderId: id, type: 'created', actorType: order.source === 'api' ? 'api' : 'user', actorId: null, data: { source: order.source }, createdAt });

    const assignDispatch = (at: Date, userId: string | null) => {
      order.assign_user = userId;
      order.assign_way = 'manual';
      order.assign_time = at;
    };
    const assignProvider = (p: (typeof providers)[number]) => {
      order.providerId = p.id;
      order.field_partner = p.id;
      order.field_downstreamOuterTenantId = p.tenantId;
      order.field_downstreamOuterTenantName = p.tenantName;
    };
    const providerFor = () => providers.find((p) => p.skills.some((k) => order.requiredSkills!.includes(k))) ?? providers[0];
    const engineerOf = (providerId: string | null) => {
      const pool = providerId ? ctx.engineers.filter((e) => e.providerId === providerId) : internal;
      return rnd.pick(pool);
    };
    const setEngineer = (e: (typeof ctx.engineers)[number], at: Date) => {
      order.engineerId = e.id!;
      if (e.providerId) order.field_outDealUser = e.id!;
      order.status = 'assigned';
      event({ type: 'assigned', actorType: 'user', actorId: order.assign_user ?? null, nodeId: order.currentNodeId ?? null, data: { engineerId: e.id, collaborators: [] } });
      return at;
    };

    const first = flowKey === 'group-provider-engineer' ? 'assign-group' : flowKey === 'provider-then-engineer' ? 'assign-provider' : 'assign-provider-engineer';
    order.currentNodeId = first;
    event({ type: 'queued', actorType: 'system', nodeId: first, data: { reason: 'No auto-dispatch rule matched' } });

    if (stage !== 'queued-first') {
      if (flowKey === 'group-provider-engineer') {
        const viaPartners = stage === 'queued-provider' || rnd.chance(0.3);
        const groupKey = viaPartners ? 'partners' : region === 'West' ? 'west' : region === 'South' || region === 'East' ? 'south' : 'north';
        const at = event({ type: 'assigned', actorType: 'user', actorId: ctx.dispatcherId, nodeId: first, data: { serviceGroupId: ctx.groupIds.get(groupKey) } });
        order.serviceGroupId = ctx.groupIds.get(groupKey)!;
        assignDispatch(at, ctx.dispatcherId);
        order.currentNodeId = 'group-internal';
        order.nodeEnteredAt = at;
        if (stage !== 'queued-second') {
          if (viaPartners) {
            const p = providerFor();
            const at2 = event({ type: 'assigned', actorType: 'user', actorId: ctx.groupDispatcherId, nodeId: 'group-internal', data: { providerId: p.id } });
            assignProvider(p);
            assignDispatch(at2, ctx.groupDispatcherId);
            order.currentNodeId = 'provider-engineer';
            order.nodeEnteredAt = at2;
            if (stage !== 'queued-provider') {
              order.currentNodeId = 'accept';
              setEngineer(engineerOf(p.id), at2);
            }
          } else {
            order.currentNodeId = 'accept';
            const at2 = setEngineer(engineerOf(null), at);
            assignDispatch(at2, ctx.groupDispatcherId);
          }
        }
      } else {
        const p = providerFor();
        const at = event({ type: 'assigned', actorType: 'user', actorId: ctx.dispatcherId, nodeId: first, data: { providerId: p.id } });
        assignProvider(p);
        assignDispatch(at, ctx.dispatcherId);
        if (flowKey === 'provider-then-engineer') {
          order.currentNodeId = 'provider-engineer';
          order.nodeEnteredAt = at;
          if (stage !== 'queued-second' && stage !== 'queued-provider') {
            order.currentNodeId = 'accept';
            setEngineer(engineerOf(p.id), at);
          }
        } else {
          order.currentNodeId = 'accept';
          setEngineer(engineerOf(p.id), at);
        }
      }
      if (order.status === 'assigned' && stage !== 'assigned' && !stage.startsWith('queued')) {
        const acceptedAt = event({ type: 'accepted', actorType: 'user', actorId: null, nodeId: 'accept', data: {} });
        order.respondedAt = acceptedAt;
        order.status = 'accepted';
        order.currentNodeId = 'work';
        if (stage === 'in_progress' || stage === 'completed') {
          event({ type: 'started', actorType: 'user', actorId: null, nodeId: 'work', data: {} });
          order.status = 'in_progress';
        }
        if (stage === 'completed') {
          order.resolvedAt = event({ type: 'completed', actorType: 'user', actorId: null, nodeId: 'work', data: {} });
          order.status = 'completed';
          order.currentNodeId = 'end';
        }
      }
    }
    order.version = 1 + events.filter((e) => e.orderId === id).length - 1;
    rows.push(order);
  }
  return { rows, events };
}

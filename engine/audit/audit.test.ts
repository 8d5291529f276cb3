// The audit log: every change to users, permissions, API keys, flows, rule sets and settings writes
// an entry (who, when, what, before and after) in the change's own transaction; entries cannot be
// changed or deleted; admins read them with filters, a bounded page at a time.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createContextInner } from '../../server/context';
import { createCaller } from '../../server/root';
import { demoPrincipal } from '../../server/testing/principals';
import type { Principal } from '../principal';
import { diffFields, listAudit, recordAudit, type AuditRow } from './index';

let db: TestDatabase;
let admin: Principal;
let caller: ReturnType<typeof createCaller>;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.db, { orders: 0 });
  admin = await demoPrincipal(db.db, 'admin');
  caller = createCaller(createContextInner({ db: db.db, principal: admin }));
});
afterAll(() => db?.dispose());

/** The entries of one entity, oldest first. */
async function trail(entityType: AuditRow['entityType'], entityId: string) {
  return (await listAudit(db.db, { entityType: entityType as never, entityId, limit: 200 })).entries.reverse();
}

function expectActor(entry: AuditRow) {
  expect(entry.actorId).toBe(admin.id);
  expect(entry.actorName).toBe(admin.name);
  expect(entry.at).toBeInstanceOf(Date);
}

describe('audit entries', () => {
  it('users: create, update, role, deactivate and reactivate, with before and after', async () => {
    const u = await caller.directory.users.create({ name: 'Audit Ann', email: 'ann@hudson.example', role: 'dispatcher', permissions: ['reallocate'], password: 'a-long-password-9' });
    await caller.directory.users.update({ id: u.id, data: { name: 'Audit Ann B', email: 'ann@hudson.example', role: 'group_dispatcher', permissions: ['reallocate'] } });
    await caller.directory.users.setActive({ id: u.id, active: false });
    await caller.directory.users.setActive({ id: u.id, active: true });
    const entries = await trail('user', u.id);
    expect(entries.map((e) => e.action)).toEqual(['user.create', 'user.update', 'user.role', 'user.deactivate', 'user.activate']);
    entries.forEach(expectActor);
    expect(entries[0].before).toBeNull();
    expect(entries[0].after).toMatchObject({ name: 'Audit Ann', email: 'ann@hudson.example', role: 'dispatcher', active: true, permissions: ['reallocate'] });
    expect(JSON.stringify(entries[0].after)).not.toMatch(/password|a-long-password-9/);
    expect(entries[1]).toMatchObject({ before: { name: 'Audit Ann' }, after: { name: 'Audit Ann B' } });
    expect(entries[2]).toMatchObject({ before: { role: 'dispatcher' }, after: { role: 'group_dispatcher' } });
    expect(entries[3]).toMatchObject({ before: { active: true }, after: { active: false } });
    // The permissions given at creation are a grant of their own.
    expect((await trail('permission', u.id)).map((e) => [e.action, e.after])).toEqual([
      ['permission.grant', { permissions: ['reallocate'], granted: ['reallocate'], removed: [] }],
    ]);
  });

  it('flows: create, save draft (small), publish, restore, duplicate, set default, import, delete draft', async () => {
    const flow = await caller.flows.create({ name: 'Audited flow', template: 'direct-provider-engineer' });
    const { flow: loaded } = await caller.flows.get({ id: flow.id });
    await caller.flows.saveDraft({ id: flow.id, graph: loaded.draft });
    const v1 = await caller.flows.publish({ id: flow.id });
    await caller.flows.restore({ id: flow.id, version: v1.version });
    await caller.flows.setDefault({ id: flow.id });
    const copy = await caller.flows.duplicate({ id: flow.id, name: 'Audited flow copy' });
    await caller.flows.deleteDraft({ id: copy.id });
    const text = await caller.flows.export({ id: flow.id });
    const imported = await caller.flows.import({ text });

    const entries = await trail('flow', flow.id);
    expect(entries.map((e) => e.action)).toEqual(['flow.create', 'flow.save_draft', 'flow.publish', 'flow.restore', 'flow.set_default']);
    entries.forEach(expectActor);
    const [created, saved, published, restored, madeDefault] = entries;
    expect(created.after).toMatchObject({ name: 'Audited flow', template: 'direct-provider-engineer', nodes: expect.any(Number), edges: expect.any(Number) });
    // Draft saves stay small: sizes and times, never the graph.
    expect(saved.before).toMatchObject({ name: 'Audited flow', nodes: expect.any(Number), edges: expect.any(Number) });
    for (const e of entries) expect(JSON.stringify(e.after ?? {})).not.toContain('"position"');
    expect(published).toMatchObject({ before: { version: 0 }, after: { version: v1.version, versionId: v1.id } });
    expect(restored.after).toMatchObject({ restoredVersion: v1.version });
    expect((madeDefault.before as { defaultFlow: { id: string } | null }).defaultFlow?.id).not.toBe(flow.id);
    expect(madeDefault.after).toEqual({ defaultFlow: { id: flow.id, name: 'Audited flow' } });

    expect((await trail('flow', copy.id)).map((e) => [e.action, e.before, e.after && (e.after as { duplicateOf?: string }).duplicateOf])).toEqual([
      ['flow.duplicate', null, flow.id],
      ['flow.delete_draft', expect.objectContaining({ name: 'Audited flow copy' }), null],
    ]);
    expect((await trail('flow', imported.flow.id)).map((e) => e.action)).toEqual(['flow.import']);
    const withoutSaves = await listAudit(db.db, { entityType: 'flow', entityId: flow.id, hideDraftSaves: true });
    expect(withoutSaves.entries.map((e) => e.action)).not.toContain('flow.save_draft');
    expect(withoutSaves.entries).toHaveLength(entries.length - 1);
  });

  it('rule sets: create, save draft (small), publish, duplicate, delete draft', async () => {
    const source = 'rule "urgent first"\n  when order.priority == "Urgent"\n  assign manual\n';
    const rs = await caller.rules.create({ name: 'Audited rules' });
    await caller.rules.saveDraft({ id: rs.id, source });
    const v1 = await caller.rules.publish({ id: rs.id });
    const copy = await caller.rules.duplicate({ id: rs.id, name: 'Audited rules copy' });
    await caller.rules.deleteDraft({ id: copy.id });

    const entries = await trail('rule_set', rs.id);
    expect(entries.map((e) => e.action)).toEqual(['rule_set.create', 'rule_set.save_draft', 'rule_set.publish']);
    entries.forEach(expectActor);
    expect(entries[1]).toMatchObject({ before: { characters: 0 }, after: { lines: 4, characters: source.length } });
    expect(JSON.stringify(entries)).not.toContain('urgent first');
    expect(entries[2].after).toMatchObject({ version: v1.version, versionId: v1.id });
    expect((await trail('rule_set', copy.id)).map((e) => e.action)).toEqual(['rule_set.duplicate', 'rule_set.delete_draft']);
  });

  it('settings: the SLA policy before and after, custom fields, groups, providers and engineers', async () => {
    const policies = await caller.settings.slaPolicies();
    const urgent = policies.find((p) => p.priority === 'Urgent')!;
    await caller.settings.updateSlaPolicies({
      policies: policies.map((p) => (p.priority === 'Urgent' ? { ...p, respondMinutes: urgent.respondMinutes + 5 } : p)),
    });
    const [sla] = (await listAudit(db.db, { entityType: 'sla_policy' })).entries;
    expectActor(sla);
    expect(diffFields(sla.before, sla.after)).toEqual([
      { field: 'Urgent', before: { respondMinutes: urgent.respondMinutes, resolveMinutes: urgent.resolveMinutes }, after: { respondMinutes: urgent.respondMinutes + 5, resolveMinutes: urgent.resolveMinutes } },
    ]);

    const field = await caller.directory.customFields.create({ name: 'auditLevel', label: 'Audit level', type: 'number' });
    await caller.directory.customFields.update({ id: field.id, data: { name: 'auditLevel', label: 'Audit level (1-5)', type: 'number' } });
    const fieldTrail = await trail('custom_field', field.id);
    expect(fieldTrail.map((e) => e.action)).toEqual(['custom_field.create', 'custom_field.update']);
    expect(diffFields(fieldTrail[1].before, fieldTrail[1].after).map((d) => d.field)).toEqual(['label']);

    const group = await caller.directory.groups.create({ name: 'Audit Group', kind: 'engineers', memberIds: ['e-002'] });
    await caller.directory.groups.update({ id: group.id, data: { name: 'Audit Group', kind: 'engineers', memberIds: ['e-002', 'e-003'] } });
    const groupTrail = await trail('service_group', group.id);
    expect(groupTrail.map((e) => e.action)).toEqual(['service_group.create', 'service_group.update']);
    expect(groupTrail[1]).toMatchObject({ before: { memberIds: ['e-002'] }, after: { memberIds: ['e-002', 'e-003'] } });

    await caller.directory.engineers.setActive({ id: 'e-003', active: false });
    expect((await trail('engineer', 'e-003')).map((e) => [e.action, e.before, e.after])).toEqual([['engineer.deactivate', { active: true }, { active: false }]]);
    await caller.directory.engineers.setActive({ id: 'e-003', active: true });
  });

  it('writes nothing for a change that is refused', async () => {
    const before = (await listAudit(db.db, { limit: 1 })).entries[0]?.id;
    await expect(caller.directory.users.update({ id: admin.id, data: { name: admin.name, email: admin.email, role: 'admin', permissions: [] } })).rejects.toThrow();
    await expect(caller.directory.groups.create({ name: 'North Metro', kind: 'engineers' })).rejects.toThrow();
    expect((await listAudit(db.db, { limit: 1 })).entries[0]?.id).toBe(before);
  });
});

describe('the audit log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of entries', async () => {
    await recordAudit(db.db, null, { action: 'test.entry', entityType: 'user', entityId: 'x', after: { n: 1 } });
    const [{ n }] = await db.db.select({ n: sql<number>`count(*)::int` }).from(s.auditLog);
    // drizzle wraps the driver's error; the trigger's message is on its cause.
    const refusal = (statement: ReturnType<typeof sql>) =>
      db.db.execute(statement).then(
        () => 'accepted',
        (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`,
      );
    expect(await refusal(sql`UPDATE audit_log SET action = 'rewritten'`)).toMatch(/append-only \(UPDATE refused\)/);
    expect(await refusal(sql`DELETE FROM audit_log`)).toMatch(/append-only \(DELETE refused\)/);
    expect(await refusal(sql`TRUNCATE audit_log`)).toMatch(/append-only \(TRUNCATE refused\)/);
    const [{ n: after }] = await db.db.select({ n: sql<number>`count(*)::int` }).from(s.auditLog);
    expect(after).toBe(n);
    expect((await listAudit(db.db, { action: 'rewritten' })).entries).toEqual([]);
  });
});

describe('reading the audit log', () => {
  it('filters by entity type, entity id, actor, action prefix and date range, newest first, in pages', async () => {
    for (let i = 0; i < 5; i++) await recordAudit(db.db, { id: 'u-pager', name: 'Pager' }, { action: 'test.page', entityType: 'api_key', entityId: `k-${i}` });
    const first = await listAudit(db.db, { actorId: 'u-pager', limit: 2 });
    expect(first.entries.map((e) => e.entityId)).toEqual(['k-4', 'k-3']);
    const second = await listAudit(db.db, { actorId: 'u-pager', limit: 2, cursor: first.nextCursor! });
    expect(second.entries.map((e) => e.entityId)).toEqual(['k-2', 'k-1']);
    const last = await listAudit(db.db, { actorId: 'u-pager', limit: 2, cursor: second.nextCursor! });
    expect(last.entries.map((e) => e.entityId)).toEqual(['k-0']);
    expect(last.nextCursor).toBeNull();

    expect((await listAudit(db.db, { action: 'test.pa', entityType: 'api_key', entityId: 'k-1' })).entries).toHaveLength(1);
    expect((await listAudit(db.db, { action: 'user.', actorId: 'u-pager' })).entries).toHaveLength(0);
    const future = new Date(Date.now() + 3_600_000);
    expect((await listAudit(db.db, { actorId: 'u-pager', from: future })).entries).toHaveLength(0);
    expect((await listAudit(db.db, { actorId: 'u-pager', from: new Date(Date.now() - 3_600_000), to: future })).entries).toHaveLength(5);
    // "%" and "_" in the action filter are literal.
    expect((await listAudit(db.db, { action: '%' })).entries).toHaveLength(0);
    expect((await listAudit(db.db, { actorId: 'system' })).entries.every((e) => e.actorId === null)).toBe(true);
  });

  it('audit.list bounds the page size and checks the range; the actor list names who appears', async () => {
    await expect(caller.audit.list({ limit: 201 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.audit.list({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.audit.list({ from: new Date('2026-02-01'), to: new Date('2026-01-01') })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const page = await caller.audit.list({ limit: 200 });
    expect(page.entries.length).toBeGreaterThan(10);
    expect(page.entries.length).toBeLessThanOrEqual(200);
    expect((await caller.audit.list({})).entries.length).toBeLessThanOrEqual(50);
    const actors = await caller.audit.actors();
    expect(actors).toEqual(expect.arrayContaining([{ id: admin.id, name: admin.name }, { id: 'u-pager', name: 'Pager' }]));
  });

  it('is for admins only', async () => {
    const dispatcher = createCaller(createContextInner({ db: db.db, principal: await demoPrincipal(db.db, 'dispatcher') }));
    await expect(dispatcher.audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

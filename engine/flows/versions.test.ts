import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { demoPrincipal } from '../../server/testing/principals';
import { assignOrder, createEngine, createOrder } from '../dispatch';
import { ValidationError } from '../errors';
import { parseFlowJson, type FlowGraph } from '../flow';
import type { Principal } from '../principal';
import { createRuleSet, publishRuleSet, saveRuleSetDraft } from '../rulesets';
import { createFlow, deleteFlowDraft, exportFlow, getFlow, importFlow, publishFlow, restoreFlowVersion, saveFlowDraft, setDefaultFlow } from './index';

describe('flow and rule set versions', () => {
  let db: TestDatabase;
  let admin: Principal;
  let dispatcher: Principal;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    admin = await demoPrincipal(db.db, 'admin');
    dispatcher = await demoPrincipal(db.db, 'dispatcher');
  });
  afterAll(() => db?.dispose());

  const newOrder = {
    title: 'Leak',
    category: 'Plumbing',
    priority: 'Medium' as const,
    customer: { name: 'Acme' },
    address: { city: 'Bronx' },
    custom: { contractLevel: 'Basic' },
  };

  it('refuses to publish a broken draft, naming the problem, and publishes it once fixed', async () => {
    const flow = await createFlow(db.db, admin, { name: 'Direct engineer' });
    const broken: FlowGraph = {
      name: 'Direct engineer',
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'pick', kind: 'assign_engineer' },
        { id: 'end', kind: 'end' },
      ],
      edges: [{ from: 'start', to: 'pick' }],
    };
    const saved = await saveFlowDraft(db.db, admin, { id: flow.id, graph: broken });
    expect(saved.problems.map((p) => [p.code, p.nodeId])).toContainEqual(['dead-end', 'pick']);
    await expect(publishFlow(db.db, admin, flow.id)).rejects.toThrow(/pick/);
    expect((await getFlow(db.db, flow.id)).versions).toEqual([]);
    await saveFlowDraft(db.db, admin, { id: flow.id, graph: { ...broken, edges: [...broken.edges, { from: 'pick', to: 'end' }] } });
    const v1 = await publishFlow(db.db, admin, flow.id);
    expect(v1.version).toBe(1);
    expect(v1.publishedBy).toBe(admin.id);
  });

  it('starts new orders on the latest published version while orders in flight keep theirs', async () => {
    const deps = createEngine({ db: db.db, cacheTtlMs: 0 });
    const flowId = 'flow-group-provider-engineer';
    const before = (await createOrder(deps, { type: 'user', principal: dispatcher }, newOrder)).order;
    expect(before.flowVersionId).toBe(`${flowId}-v1`);

    // v2 drops the provider step: group internal assignment goes straight to acceptance.
    const { flow } = await getFlow(db.db, flowId);
    const g = flow.draft as FlowGraph;
    const v2graph: FlowGraph = {
      ...g,
      nodes: g.nodes.filter((n) => n.id !== 'provider-engineer'),
      edges: [...g.edges.filter((e) => e.from !== 'provider-engineer' && e.to !== 'provider-engineer'), { from: 'group-internal', to: 'accept' }],
    };
    await saveFlowDraft(db.db, admin, { id: flowId, graph: v2graph });
    const v2 = await publishFlow(db.db, admin, flowId);
    expect(v2.version).toBe(2);

    const after = (await createOrder(deps, { type: 'user', principal: dispatcher }, newOrder)).order;
    expect(after.flowVersionId).toBe(v2.id);
    // The old order still runs on v1: its group step leads to the provider step v2 no longer has.
    const gina = await demoPrincipal(db.db, 'group_dispatcher');
    let o = await assignOrder(deps, dispatcher, { orderId: before.id, version: before.version, assignee: { type: 'service_group', id: 'sg-partners' }, collaboratorIds: [] });
    o = await assignOrder(deps, gina, { orderId: o.id, version: o.version, assignee: { type: 'service_provider', id: 'sp-coolfix' }, collaboratorIds: [] });
    expect([o.flowVersionId, o.currentNodeId]).toEqual([`${flowId}-v1`, 'provider-engineer']);
  });

  it('restores an old version as the draft without publishing it', async () => {
    const flowId = 'flow-group-provider-engineer';
    await restoreFlowVersion(db.db, admin, flowId, 1);
    const { flow, versions } = await getFlow(db.db, flowId);
    expect((flow.draft as FlowGraph).nodes.map((n) => n.id)).toContain('provider-engineer');
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('exports and imports the flow file, keeping unknown keys', async () => {
    const text = await exportFlow(db.db, 'flow-provider-then-engineer');
    const parsed = parseFlowJson(text);
    expect(parsed.errors).toEqual([]);
    const withExtra = JSON.stringify({ ...JSON.parse(text), owner: 'ops-team' });
    const { flow, problems } = await importFlow(db.db, admin, withExtra);
    expect(flow.name).toBe('Dispatcher > Service Provider > Provider Engineer (imported)');
    expect(problems).toEqual([]);
    const again = JSON.parse(await exportFlow(db.db, flow.id));
    expect(again.owner).toBe('ops-team');
    expect(again.nodes).toEqual(JSON.parse(text).nodes);
    await expect(importFlow(db.db, admin, '{"name": "x", "nodes": 3}')).rejects.toBeInstanceOf(ValidationError);
  });

  it('deletes only drafts that were never published, and switches the default flow', async () => {
    const draft = await createFlow(db.db, admin, { name: 'Scratch', template: 'direct-provider-engineer' });
    await expect(deleteFlowDraft(db.db, 'flow-provider-then-engineer')).rejects.toBeInstanceOf(ValidationError);
    await deleteFlowDraft(db.db, draft.id);
    await setDefaultFlow(db.db, 'flow-direct-provider-engineer');
    const defaults = await db.db.select().from(s.flows).where(eq(s.flows.isDefault, true));
    expect(defaults.map((f) => f.id)).toEqual(['flow-direct-provider-engineer']);
  });

  it('refuses to publish a rule set with errors, and flows may only name published rule sets', async () => {
    const rs = await createRuleSet(db.db, admin, { name: 'Night rules', source: 'rule "a"\n  when order.priorty == "High"\n  assign manual\n' });
    await expect(publishRuleSet(db.db, admin, rs.id)).rejects.toThrow(/priority/);
    const saved = await saveRuleSetDraft(db.db, admin, { id: rs.id, source: 'rule "a"\n  when order.priority == "High"\n  assign manual\n' });
    expect(saved.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect((await publishRuleSet(db.db, admin, rs.id)).version).toBe(1);

    const flow = await createFlow(db.db, admin, { name: 'Uses rules', template: 'direct-provider-engineer' });
    const g = (await getFlow(db.db, flow.id)).flow.draft as FlowGraph;
    const withRules = (name: string): FlowGraph => ({
      ...g,
      nodes: g.nodes.map((n) => (n.kind === 'assign_provider_engineer' ? { ...n, config: { ...n.config, ruleSet: name } } : n)),
    });
    const bad = await saveFlowDraft(db.db, admin, { id: flow.id, graph: withRules('No such rules') });
    expect(bad.problems.map((p) => p.code)).toContain('unknown-rule-set');
    const good = await saveFlowDraft(db.db, admin, { id: flow.id, graph: withRules('Night rules') });
    expect(good.problems).toEqual([]);
  });
});

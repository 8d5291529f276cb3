// What publishing would do, on the database (PGlite, or Postgres with TEST_DATABASE_URL): the demo
// company's orders as the engine dispatched them, replayed through a changed rule set or flow.
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { demoPrincipal } from '../../server/testing/principals';
import { createEngine, createOrder, type Engine } from '../dispatch';
import { ValidationError } from '../errors';
import type { FlowGraph } from '../flow';
import { getFlow, publishFlow, saveFlowDraft } from '../flows';
import type { Principal } from '../principal';
import { publishRuleSet, saveRuleSetDraft } from '../rulesets';
import { DEMO_RULE_SET_NAME, loadDemoRuleSource } from '../templates';
import { IMPACT_DAYS, impactProgress, keepImpactWithVersion, startImpact, versionImpacts } from './index';

const FLOW = 'flow-group-provider-engineer';
const NODE = 'assign-group';

describe('what publishing would change', () => {
  let db: TestDatabase;
  let engine: Engine;
  let admin: Principal;
  let ruleSetId: string;
  const demo = loadDemoRuleSource();

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 150 });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
    admin = await demoPrincipal(db.db, 'admin');
    // Urgent HVAC work in the north, which the demo rules send to North Metro at the group step.
    const dispatcher = await demoPrincipal(db.db, 'dispatcher');
    for (const [i, priority] of (['Urgent', 'Urgent', 'High'] as const).entries()) {
      await createOrder(engine, { type: 'user', principal: dispatcher }, {
        title: `No cooling ${i}`,
        category: 'HVAC',
        priority,
        customer: { name: 'Acme' },
        address: { city: 'Yonkers', region: 'North' },
        custom: { contractLevel: 'Basic' },
        flow: FLOW,
      });
    }
    const [rs] = await db.db.select({ id: s.ruleSets.id }).from(s.ruleSets).where(eq(s.ruleSets.name, DEMO_RULE_SET_NAME));
    ruleSetId = rs.id;
  });
  afterAll(() => db?.dispose());

  async function replay(subject: 'rule_set' | 'flow', id: string) {
    const started = await startImpact(engine, admin, subject, id);
    await started.finished;
    const progress = await impactProgress(db.db, subject, started.id);
    expect(progress.status).toBe('done');
    expect(progress.done).toBe(started.total);
    return { started, progress, figures: progress.figures!, changes: progress.changes! };
  }

  /** Each order's last decision at the node in the period, as its history has it. */
  async function lastDecisionsAt(nodeId: string, flowId?: string) {
    const since = new Date(Date.now() - IMPACT_DAYS * 86_400_000);
    const rows = await db.db
      .select({ orderId: s.orderEvents.orderId, type: s.orderEvents.type, data: s.orderEvents.data, priority: s.workOrders.priority, flowId: s.workOrders.flowId })
      .from(s.orderEvents)
      .innerJoin(s.workOrders, eq(s.workOrders.id, s.orderEvents.orderId))
      .where(and(eq(s.orderEvents.nodeId, nodeId), inArray(s.orderEvents.type, ['queued', 'auto_assigned']), gte(s.orderEvents.createdAt, since)))
      .orderBy(s.orderEvents.id);
    const last = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (!flowId || r.flowId === flowId) last.set(r.orderId, r);
    return [...last.values()].map((r) => ({ ...r, data: r.data as { rule?: string | null; assignee?: { id: string } } }));
  }

  it('reports no change for a draft that is the published version, over every decision of the last 30 days at the nodes naming it', async () => {
    await saveRuleSetDraft(db.db, admin, { id: ruleSetId, source: demo });
    const { started, figures, changes } = await replay('rule_set', ruleSetId);
    // Every order decided in the period at a step that names the rule set (in the order's flow version) is replayed.
    const named = (await db.db.select().from(s.flowVersions)).flatMap((v) =>
      (v.graph as FlowGraph).nodes.filter((x) => x.config?.ruleSet === DEMO_RULE_SET_NAME).map((x) => sql`(${s.workOrders.flowVersionId} = ${v.id} AND ${s.orderEvents.nodeId} = ${x.id})`),
    );
    const [{ n }] = await db.db
      .select({ n: sql<number>`count(DISTINCT (${s.orderEvents.orderId}, ${s.orderEvents.nodeId}))::int` })
      .from(s.orderEvents)
      .innerJoin(s.workOrders, eq(s.workOrders.id, s.orderEvents.orderId))
      .where(and(inArray(s.orderEvents.type, ['queued', 'auto_assigned']), sql.join(named, sql` OR `)));
    expect(n).toBeGreaterThan(100);
    expect(started.total).toBe(n);
    expect(figures.decisions).toBe(n);
    expect(figures.changed).toBe(0);
    expect(changes).toEqual([]);
    expect(figures.before).toEqual(figures.after);
    expect(figures.baseVersion).toBe(1);
    // The rules as published assign what the engine assigned at a group step.
    expect(figures.before.auto).toBeGreaterThanOrEqual((await lastDecisionsAt(NODE)).filter((r) => r.type === 'auto_assigned').length);
    expect(figures.nodes.find((x) => x.nodeId === NODE && x.flow)?.decisions).toBeGreaterThan(0);
  });

  it('counts the decisions a change moves, with the orders and what each went from and to, and the auto-dispatch rate before and after', async () => {
    const byHand = 'rule "pressing-work-by-hand"\n  priority 5000\n  at assign_service_group\n  when order.priority in ["High", "Urgent"]\n  assign manual\n\n';
    await saveRuleSetDraft(db.db, admin, { id: ruleSetId, source: byHand + demo });
    const { figures, changes } = await replay('rule_set', ruleSetId);
    // Every pressing decision at the group step now goes to the queue by the new rule: those the
    // rules assigned, and those queued by another rule or none.
    const expected = (await lastDecisionsAt(NODE)).filter((r) => r.priority === 'High' || r.priority === 'Urgent');
    const assigned = expected.filter((r) => r.type === 'auto_assigned');
    expect(assigned.length).toBeGreaterThan(0);
    expect(figures.changed).toBe(expected.length);
    expect(figures.changedOrders).toBe(expected.length);
    expect(changes.map((c) => c.orderId).sort()).toEqual(expected.map((r) => r.orderId).sort());
    for (const c of changes) {
      const stored = expected.find((r) => r.orderId === c.orderId)!;
      expect(c.nodeId).toBe(NODE);
      expect(c.number).toMatch(/^WO-/);
      if (stored.type === 'auto_assigned') expect(c.before).toMatchObject({ outcome: 'auto', rule: stored.data.rule, assignee: { id: stored.data.assignee!.id } });
      else expect(c.before).toEqual({ outcome: 'manual', rule: stored.data.rule ?? null, assignee: null });
      expect(c.after).toEqual({ outcome: 'manual', rule: 'pressing-work-by-hand', assignee: null });
    }
    // Only group steps are touched: the rest decide as before.
    expect(figures.after.auto).toBe(figures.before.auto - assigned.length);
    expect(figures.after.manual).toBe(figures.before.manual + assigned.length);
    expect(figures.after.autoRate!).toBeCloseTo(figures.after.auto / figures.decisions, 10);
    expect(figures.after.autoRate!).toBeLessThan(figures.before.autoRate!);
    expect(figures.nodes.filter((x) => x.changed > 0).every((x) => x.nodeId === NODE)).toBe(true);
  });

  it('replays a flow draft: auto-dispatch switched off at its group step sends what the rules assigned there to the queue', async () => {
    const { flow } = await getFlow(db.db, FLOW);
    const graph = structuredClone(flow.draft) as FlowGraph;
    const node = graph.nodes.find((n) => n.id === NODE)!;
    node.config = { ...node.config, autoDispatch: false };
    await saveFlowDraft(db.db, admin, { id: FLOW, graph });
    const { started, figures, changes } = await replay('flow', FLOW);
    // What a rule decided there, assigned or queued, is now queued by no rule.
    const expected = (await lastDecisionsAt(NODE, FLOW)).filter((r) => r.type === 'auto_assigned' || r.data.rule);
    expect(expected.filter((r) => r.type === 'auto_assigned').length).toBeGreaterThan(0);
    expect(changes.map((c) => c.orderId).sort()).toEqual(expected.map((r) => r.orderId).sort());
    expect(changes.every((c) => c.nodeId === NODE && c.before.rule !== null && c.after.outcome === 'manual' && c.after.rule === null)).toBe(true);
    expect(figures.after.auto).toBe(figures.before.auto - expected.filter((r) => r.type === 'auto_assigned').length);
    expect(figures.nodes.every((x) => x.flow === flow.name)).toBe(true);
    const version = await publishFlow(db.db, admin, FLOW);
    expect(await keepImpactWithVersion(db.db, started.id, { subjectType: 'flow', subjectId: FLOW, versionId: version.id, graph: version.graph as FlowGraph })).toBe(true);
    expect((await versionImpacts(db.db, 'flow', FLOW)).map((v) => [v.versionId, v.figures.changed])).toEqual([[version.id, expected.length]]);
  });

  it('keeps the figures with the version published from the draft replayed, and not with one edited since', async () => {
    const edited = 'rule "hvac-by-hand"\n  priority 5000\n  at assign_service_group\n  when order.category == "HVAC"\n  assign manual\n\n' + demo;
    await saveRuleSetDraft(db.db, admin, { id: ruleSetId, source: edited });
    const { started, figures } = await replay('rule_set', ruleSetId);
    // Replayed, then edited again before publishing: those figures are not of the version.
    const stale = await startImpact(engine, admin, 'rule_set', ruleSetId);
    await stale.finished;
    await saveRuleSetDraft(db.db, admin, { id: ruleSetId, source: edited + '\n# one more line\n' });
    const v2 = await publishRuleSet(db.db, admin, ruleSetId);
    expect(await keepImpactWithVersion(db.db, stale.id, { subjectType: 'rule_set', subjectId: ruleSetId, versionId: v2.id, source: v2.source })).toBe(false);
    expect(await versionImpacts(db.db, 'rule_set', ruleSetId)).toEqual([]);

    await saveRuleSetDraft(db.db, admin, { id: ruleSetId, source: edited });
    const v3 = await publishRuleSet(db.db, admin, ruleSetId);
    expect(await keepImpactWithVersion(db.db, started.id, { subjectType: 'rule_set', subjectId: ruleSetId, versionId: v3.id, source: v3.source })).toBe(true);
    expect(await versionImpacts(db.db, 'rule_set', ruleSetId)).toEqual([{ versionId: v3.id, figures }]);
    // Kept once: not again for another version.
    expect(await keepImpactWithVersion(db.db, started.id, { subjectType: 'rule_set', subjectId: ruleSetId, versionId: v2.id, source: v2.source })).toBe(false);
    // A replay is read only as the kind it is of.
    await expect(impactProgress(db.db, 'flow', started.id)).rejects.toThrow(/not found/i);
  });

  it('refuses a draft with errors, as publishing it would be', async () => {
    await saveRuleSetDraft(db.db, admin, { id: ruleSetId, source: 'rule "broken"\n  when order.priorty == "High"\n  assign manual\n' });
    const refused = startImpact(engine, admin, 'rule_set', ruleSetId);
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toThrow(/priorty/);
  });
});

import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { seedDemoData } from '../../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../../drizzle/testing';
import { createEngine, type Engine } from '../dispatch';
import { ValidationError } from '../errors';
import { DEMO_RULE_SET_NAME, loadDemoRuleSource } from '../templates';
import { backtestRules, directoryNames, flowDispatchNodes, listRuleSets, searchOrders, testRules } from './index';

const FLOW = 'flow-group-provider-engineer';
const VERSION = `${FLOW}-v1`;

const rule = (name: string, body: string) => `rule "${name}"\n${body}\n`;

describe('testing and backtesting rules', () => {
  let db: TestDatabase;
  let engine: Engine;
  const demo = loadDemoRuleSource();
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 40 });
    engine = createEngine({ db: db.db, cacheTtlMs: 0 });
  });
  afterAll(() => db?.dispose());

  it('runs unsaved text against a live order at a node and explains the decision', async () => {
    const [order] = await db.db.select().from(s.workOrders).where(eq(s.workOrders.flowVersionId, VERSION)).limit(1);
    const source = rule('everything-north', '  when order.priority in ["Low", "Medium", "High", "Urgent"]\n  assign service_group "North Metro"');
    const result = await testRules(engine, { source, order: { id: order.id }, flowVersionId: VERSION, nodeId: 'assign-group' });
    expect(result.diagnostics).toEqual([]);
    expect(result.order.number).toBe(order.number);
    expect(result.node).toMatchObject({ id: 'assign-group', kind: 'assign_service_group' });
    expect(result.decision).toMatchObject({ outcome: 'auto', rule: 'everything-north', assignee: { type: 'service_group', name: 'North Metro' } });
    const [considered] = result.decision!.trace.considered;
    expect(considered.rule).toBe('everything-north');
    expect(considered.when.value).toBe(true);
    expect(considered.when.conditions[0].operands).toContainEqual({ text: 'order.priority', value: order.priority });
    // By number, too.
    const byNumber = await testRules(engine, { source, order: { id: order.number }, flowVersionId: VERSION, nodeId: 'assign-group' });
    expect(byNumber.order.id).toBe(order.id);
  });

  it('explains the decision for an engineer named in "Why not …", by name or id, in words', async () => {
    const source = rule(
      'nearest-plumber',
      '  when true\n  assign engineer\n    where engineer.skills contains all order.requiredSkills\n    rank by distance(engineer.location, order.location) asc',
    );
    const [member] = await db.db
      .select({ id: s.serviceGroupMembers.engineerId })
      .from(s.serviceGroupMembers)
      .innerJoin(s.serviceGroups, eq(s.serviceGroups.id, s.serviceGroupMembers.groupId))
      .where(and(eq(s.serviceGroups.name, 'North Metro'), eq(s.serviceGroups.kind, 'engineers')));
    const [hvacOnly] = await db.db.select().from(s.engineers).where(eq(s.engineers.id, member.id!));
    const sample = { requiredSkills: ['no-such-skill'], location: { lat: 40.75, lng: -73.99 }, serviceGroup: 'North Metro' };
    const result = await testRules(engine, { source, order: { sample }, flowVersionId: VERSION, nodeId: 'group-internal', whyNot: hvacOnly.name });
    expect(result.whyNot).toMatchObject({ id: hvacOnly.id, name: hvacOnly.name, candidate: false });
    const [why] = result.whyNot!.rules;
    expect(why).toMatchObject({ rule: 'nearest-plumber' });
    expect(why.reason).toBe('where');
    expect(why.text).toBe(`skills: needs no-such-skill, has ${hvacOnly.skills.length ? hvacOnly.skills.join(', ') : 'none'}`);
    const byId = await testRules(engine, { source, order: { sample }, flowVersionId: VERSION, nodeId: 'group-internal', whyNot: hvacOnly.id });
    expect(byId.whyNot?.rules).toEqual(result.whyNot!.rules);
    const nobody = await testRules(engine, { source, order: { sample }, flowVersionId: VERSION, nodeId: 'group-internal', whyNot: 'Nobody At All' });
    expect(nobody.whyNot).toBeNull();
  });

  it('returns the diagnostics and no decision while the text has errors', async () => {
    const source = rule('typo', '  when order.priorty == "High"\n  assign manual');
    const result = await testRules(engine, { source, order: { sample: {} }, flowVersionId: VERSION, nodeId: 'assign-group' });
    expect(result.decision).toBeNull();
    expect(result.diagnostics.map((d) => [d.code, d.range.start])).toEqual([['unknown-field', { line: 2, column: 14 }]]);
    expect(result.diagnostics[0].message).toContain('did you mean "priority"?');
  });

  it('takes a sample order as JSON, with defaults for what it leaves out, and a group by name', async () => {
    const platinum = await testRules(engine, {
      source: demo,
      order: { sample: { priority: 'Urgent', category: 'HVAC', customer: { name: 'Big Co', tier: 'Platinum' } } },
      flowVersionId: VERSION,
      nodeId: 'assign-group',
    });
    expect(platinum.decision).toMatchObject({ outcome: 'manual', rule: 'platinum-manual' });
    expect(platinum.decision!.trace.manualReason).toBeTruthy();

    const north = await testRules(engine, {
      source: demo,
      order: { sample: { priority: 'Urgent', category: 'HVAC', address: { region: 'North', city: 'Yonkers', postcode: '10701' } } },
      flowVersionId: VERSION,
      nodeId: 'assign-group',
    });
    expect(north.decision).toMatchObject({ outcome: 'auto', rule: 'urgent-hvac-north', assignee: { name: 'North Metro' } });
    const skipped = north.decision!.trace.considered.find((r) => r.rule === 'platinum-manual');
    expect(skipped?.matched).toBe(false);

    // At the group's own node, the chosen group sets the scope of the engineers.
    const inGroup = await testRules(engine, {
      source: rule('any-member', '  when true\n  assign engineer\n    rank by engineer.id asc'),
      order: { sample: { serviceGroup: 'North Metro' } },
      flowVersionId: VERSION,
      nodeId: 'group-internal',
    });
    expect(inGroup.node.serviceGroup).toBe('North Metro');
    const members = (await directoryNames(db.db)).engineers.filter((e) => !e.providerId);
    expect(inGroup.decision?.outcome).toBe('auto');
    expect(members.map((m) => m.id)).toContain(inGroup.decision!.assignee!.id);
    expect(inGroup.decision!.trace.considered[0].selection!.before).toBeGreaterThan(0);

    await expect(
      testRules(engine, { source: demo, order: { sample: { serviceGroup: 'Nowhere' } }, flowVersionId: VERSION, nodeId: 'group-internal' }),
    ).rejects.toThrow(/Nowhere/);
    await expect(
      testRules(engine, { source: demo, order: { sample: { location: { lat: 500, lng: 0 } } }, flowVersionId: VERSION, nodeId: 'assign-group' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses nodes where rules do not run, and unknown versions', async () => {
    await expect(testRules(engine, { source: demo, order: { sample: {} }, flowVersionId: VERSION, nodeId: 'accept' })).rejects.toBeInstanceOf(ValidationError);
    await expect(testRules(engine, { source: demo, order: { sample: {} }, flowVersionId: 'nope', nodeId: 'assign-group' })).rejects.toThrow(/nope/);
  });

  it('backtests the published rules against themselves with no changed decision', async () => {
    const result = await backtestRules(engine, { source: demo, flowId: FLOW, nodeId: 'assign-group', limit: 100 });
    expect(result.diagnostics).toEqual([]);
    expect(result.node).toMatchObject({ id: 'assign-group', kind: 'assign_service_group' });
    expect(result.rows.length).toBeGreaterThan(3);
    expect(result.counts.changed).toBe(0);
    expect(result.counts.orders).toBe(result.rows.length);
    // Latest first, one row per order, each what happened as history has it.
    expect(new Set(result.rows.map((r) => r.orderId)).size).toBe(result.rows.length);
    const events = await db.db
      .select()
      .from(s.orderEvents)
      .where(and(inArray(s.orderEvents.orderId, result.rows.map((r) => r.orderId)), eq(s.orderEvents.nodeId, 'assign-group'), eq(s.orderEvents.type, 'auto_assigned')));
    expect(result.counts.happenedAuto).toBe(new Set(events.map((e) => e.orderId)).size);
    for (const r of result.rows.filter((x) => x.happened.way === 'auto')) expect(r.draft.rule).toBe(r.happened.rule);
    // Rules that cannot fire at a group node never fire here.
    expect(result.neverFired).toContain('nearest-skilled-engineer');
    expect(result.cannotRunHere).toEqual(['provider-by-region', 'nearest-skilled-engineer', 'nearest-provider-engineer']);
    expect(result.fired.map((f) => f.rule)).toEqual(['platinum-manual', 'urgent-hvac-north', 'installs-to-partners', 'provider-by-region', 'nearest-skilled-engineer', 'nearest-provider-engineer']);
  });

  it('counts what a draft would change, order by order', async () => {
    const source = rule('all-by-hand', '  priority 5000\n  when true\n  assign manual') + '\n' + demo;
    const limited = await backtestRules(engine, { source, flowId: FLOW, nodeId: 'assign-group', limit: 3 });
    expect(limited.rows.length).toBeLessThanOrEqual(3);
    const result = await backtestRules(engine, { source, flowId: FLOW, nodeId: 'assign-group', limit: 100 });
    expect(result.counts.draftManual).toBe(result.rows.length);
    expect(result.counts.changed).toBe(result.rows.length);
    expect(result.fired.find((f) => f.rule === 'all-by-hand')?.count).toBe(result.rows.length);
    expect(result.neverFired).toEqual(expect.arrayContaining(['platinum-manual', 'urgent-hvac-north']));
    const auto = result.rows.find((r) => r.happened.way === 'auto');
    if (auto) expect(auto.change).toContain('to the queue by "all-by-hand"');
  });

  it('replays oldest first, each auto-assignment of the draft applied before the next order', async () => {
    // Whoever comes first by id in each group: the same engineer for every order of a group.
    const first = await backtestRules(engine, { source: rule('first-by-id', '  when true\n  assign engineer\n    rank by engineer.id asc'), flowId: FLOW, nodeId: 'group-internal', limit: 100 });
    const picks = new Map<string, number>();
    for (const r of first.rows) if (r.draft.assignee) picks.set(r.draft.assignee.id, (picks.get(r.draft.assignee.id) ?? 0) + 1);
    const [id, count] = [...picks.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    expect(count).toBeGreaterThanOrEqual(2);
    // The same, but only while it holds no more open orders than it does now: replayed one after
    // another, only the oldest of those orders gets it (the next sees one more open order).
    const open = (await engine.directory.get()).engineer(id)!.openOrders;
    const capped = rule('first-while-free', `  when true\n  assign engineer\n    where engineer.id == "${id}" and engineer.openOrders <= ${open}\n    rank by engineer.id asc`);
    const result = await backtestRules(engine, { source: capped, flowId: FLOW, nodeId: 'group-internal', limit: 100 });
    const got = result.rows.filter((r) => r.draft.assignee?.id === id).map((r) => r.orderId);
    const had = first.rows.filter((r) => r.draft.assignee?.id === id).map((r) => r.orderId);
    // Rows are latest first: the oldest is the last.
    expect(got).toEqual([had[had.length - 1]]);
    expect(result.note).toContain('oldest first');
  });

  it('backtests nothing while the text has errors', async () => {
    const result = await backtestRules(engine, { source: 'rule "x" when nope assign manual', flowId: FLOW, nodeId: 'assign-group', limit: 10 });
    expect(result.rows).toEqual([]);
    expect(result.diagnostics[0].code).toBe('unknown-field');
  });

  it('lists rule sets with the flows that name them, and the published dispatch nodes', async () => {
    const [metro] = (await listRuleSets(db.db)).filter((r) => r.name === DEMO_RULE_SET_NAME);
    expect(metro).toMatchObject({ status: 'published', latestVersion: 1, unpublishedChanges: false });
    expect(metro.publishedBy).toBeTruthy();
    expect(metro.usedBy.map((u) => u.flowId)).toContain(FLOW);
    expect(metro.usedBy.find((u) => u.flowId === FLOW)).toMatchObject({ versions: [1], draft: true });

    const flows = await flowDispatchNodes(db.db);
    const flow = flows.find((f) => f.flowId === FLOW)!;
    expect(flow.versionId).toBe(VERSION);
    expect(flow.nodes.map((n) => n.id)).toEqual(['assign-group', 'group-internal', 'provider-engineer']);
    expect(flow.nodes[0].ruleSet).toBe(DEMO_RULE_SET_NAME);
  });

  it('finds orders by number or text, with the data the rules see', async () => {
    const [order] = await db.db.select().from(s.workOrders).limit(1);
    const hits = await searchOrders(engine, { query: order.number });
    expect(hits.map((h) => h.id)).toContain(order.id);
    expect(hits[0].data.number).toBe(hits[0].number);
    const byTitle = await searchOrders(engine, { query: order.title.slice(0, 5).toUpperCase() });
    expect(byTitle.every((h) => h.title.toLowerCase().includes(order.title.slice(0, 5).toLowerCase()) || h.customer.toLowerCase().includes(order.title.slice(0, 5).toLowerCase()) || h.number.includes(order.title.slice(0, 5)))).toBe(true);
    expect(await searchOrders(engine, { query: '%_no-such-order_%' })).toEqual([]);
  });
});

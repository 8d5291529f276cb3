// Running orders through flows with the rules, on the metro directory (fixtures/metro.data.json)
// and rule set (fixtures/metro.rules). Distances used below, from wo-1 at (40.7506, -73.9935):
// e-1 0.3 km, e-2 1.5 km, e-4 11.8 km (e-3 is busy, e-5 lacks hvac); pe-1 0.2 km, pe-3 5.6 km,
// pe-2 6.6 km.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRuleSet, createDirectory, type CompiledRuleSet, type Directory, type DirectoryData, type NodeContext, type OrderData } from '../../dsl';
import { compileFlow, parseFlowJson, type CompiledFlow, type FlowGraph, type FlowNode } from '../flow';
import { advance, applyAssignment, initialState, orderForRules, type Assignment, type DispatchState, type RunContext, type RunStep } from './runner';

const root = path.resolve(__dirname, '..');
const data = JSON.parse(readFileSync(path.join(root, 'fixtures', 'metro.data.json'), 'utf8')) as DirectoryData;
const rulesText = readFileSync(path.join(root, 'fixtures', 'metro.rules'), 'utf8');
const NOW = new Date(data.now!);

function directory(): Directory {
  return createDirectory(data);
}
function rules(text = rulesText, dir = directory()): CompiledRuleSet {
  const { ruleSet, diagnostics } = compileRuleSet(text, { directory: dir });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return ruleSet!;
}
function order(id: string): OrderData {
  const o = data.orders!.find((x) => x.id === id);
  if (!o) throw new Error(`no order ${id}`);
  return o;
}
function compiled(graph: FlowGraph): CompiledFlow {
  const { flow, problems } = compileFlow(graph);
  expect(problems).toEqual([]);
  return flow!;
}
function flowFile(rel: string): CompiledFlow {
  const { graph } = parseFlowJson(readFileSync(path.join(root, rel), 'utf8'));
  return compiled(graph!);
}
/** start → assign (assign_engineer) → accept → end */
function simpleFlow(config?: FlowNode['config']): CompiledFlow {
  return compiled({
    name: 'simple',
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'assign', kind: 'assign_engineer', ...(config ? { config } : {}) },
      { id: 'accept', kind: 'engineer_accept' },
      { id: 'end', kind: 'end' },
    ],
    edges: [
      { from: 'start', to: 'assign' },
      { from: 'assign', to: 'accept' },
      { from: 'accept', to: 'end' },
    ],
  });
}

function ctx(flow: CompiledFlow, over: Partial<RunContext> = {}): RunContext {
  const dir = over.directory ?? directory();
  const rs = rules(rulesText, dir);
  return { flow, ruleSetFor: () => rs, directory: dir, now: NOW, excludedAt: () => undefined, ...over };
}

/** The steps in short: "type:node[:assignee]". */
function brief(steps: RunStep[]): string[] {
  return steps.map((s) => {
    if (s.type === 'decision') return `decision:${s.nodeId}:${s.assignment ? `${s.assignment.assignee.type}=${s.assignment.assignee.id}` : 'manual'}`;
    if (s.type === 'routed') return `routed:${s.nodeId}>${s.to}`;
    return `${s.type}:${s.nodeId}`;
  });
}
const decisions = (steps: RunStep[]) => steps.filter((s): s is Extract<RunStep, { type: 'decision' }> => s.type === 'decision');

describe('auto-dispatch through several nodes in one advance', () => {
  const flow = flowFile('templates/group-provider-engineer.flow.json');

  it('group → member engineer → provider node passed (engineer held) → waits for acceptance', () => {
    const { state, steps } = advance(order('wo-1'), initialState(), ctx(flow), 'here');
    expect(brief(steps)).toEqual([
      'routed:start>assign-group',
      'decision:assign-group:service_group=sg-north',
      'decision:group-internal:engineer=e-1',
      'passed:provider-engineer',
      'waiting:accept',
    ]);
    const [group, internal] = decisions(steps);
    expect(group.decision.rule).toBe('north-group');
    expect(group.assignment).toMatchObject({ way: 'auto', rule: 'north-group', userId: null, nodeId: 'assign-group', nodeKind: 'assign_service_group' });
    expect(internal.decision.rule).toBe('nearest-skilled-engineer');
    // The group's members only (e-3 is busy): e-1 nearest, e-2 next as the collaborator.
    expect(internal.assignment!.collaborators.map((c) => c.id)).toEqual(['e-2']);
    expect(state).toEqual<DispatchState>({
      nodeId: 'accept',
      status: 'assigned',
      serviceGroupId: 'sg-north',
      providerId: null,
      engineerId: 'e-1',
      collaboratorIds: ['e-2'],
      path: ['start', 'assign-group', 'group-internal', 'provider-engineer', 'accept'],
    });
    const passed = steps.find((s) => s.type === 'passed')!;
    expect(passed).toMatchObject({ nodeId: 'provider-engineer', kind: 'provider_assign_engineer' });
  });

  it('the provider node is passed without asking any rule set', () => {
    const asked: string[] = [];
    const base = ctx(flow);
    advance(order('wo-1'), initialState(), { ...base, ruleSetFor: (n) => (asked.push(n.id), base.ruleSetFor(n)) }, 'here');
    expect(asked).toEqual(['assign-group', 'group-internal']);
  });

  it('a provider group: the member provider is chosen, and the provider node (auto-dispatch off) waits for its dispatcher', () => {
    const { state, steps } = advance(order('wo-2'), initialState(), ctx(flow), 'here');
    expect(brief(steps)).toEqual([
      'routed:start>assign-group',
      'decision:assign-group:service_group=sg-partners',
      'decision:group-internal:service_provider=p-2',
      'decision:provider-engineer:manual',
    ]);
    expect(decisions(steps)[0].decision.rule).toBe('installs-to-partners');
    // p-2 (rating 4.8) before p-1 (4.5); both cover North and have hvac.
    expect(decisions(steps)[1].decision.rule).toBe('provider-by-region');
    const manual = decisions(steps)[2];
    expect(manual.decision.outcome).toBe('manual');
    expect(manual.decision.trace.manualReason).toBe('Auto-dispatch is off at this node');
    expect(state).toMatchObject({ nodeId: 'provider-engineer', status: 'pending_assignment', serviceGroupId: 'sg-partners', providerId: 'p-2', engineerId: null });
  });

  it('with auto-dispatch on at the provider node, one of that provider’s engineers is chosen', () => {
    const graph = JSON.parse(readFileSync(path.join(root, 'templates/group-provider-engineer.flow.json'), 'utf8')) as FlowGraph;
    graph.nodes.find((n) => n.id === 'provider-engineer')!.config!.autoDispatch = true;
    const { state, steps } = advance(order('wo-2'), initialState(), ctx(compiled(graph)), 'here');
    // p-2 has one engineer, pe-3.
    expect(brief(steps).slice(-2)).toEqual(['decision:provider-engineer:provider_engineer=pe-3', 'waiting:accept']);
    expect(state).toMatchObject({ providerId: 'p-2', engineerId: 'pe-3', status: 'assigned' });
  });
});

describe('manual stops', () => {
  it('no rule matches: pending_assignment at the node, rule null, and the reason says why', () => {
    // wo-5 has no location, so no engineer is within 25 km of it.
    const { state, steps } = advance(order('wo-5'), initialState(), ctx(simpleFlow()), 'here');
    expect(brief(steps)).toEqual(['routed:start>assign', 'decision:assign:manual']);
    const d = decisions(steps)[0];
    expect(d.assignment).toBeNull();
    expect(d.decision).toMatchObject({ outcome: 'manual', rule: null, assignee: null, collaborators: [] });
    expect(d.decision.trace.manualReason).toMatch(/no rule matched/);
    expect(d.decision.trace.manualReason).toContain('nearest-skilled-engineer');
    expect(state).toMatchObject({ nodeId: 'assign', status: 'pending_assignment', engineerId: null, path: ['start', 'assign'] });
  });

  it('an `assign manual` rule stops the order and is named as the rule', () => {
    const { state, steps } = advance(order('wo-3'), initialState(), ctx(simpleFlow()), 'here');
    const d = decisions(steps)[0];
    expect(d.decision).toMatchObject({ outcome: 'manual', rule: 'platinum-manual', assignee: null });
    expect(d.decision.trace.manualReason).toContain('platinum-manual');
    expect(d.assignment).toBeNull();
    expect(state).toMatchObject({ nodeId: 'assign', status: 'pending_assignment', engineerId: null });
  });

  it('`assign manual` takes priority even where an engineer would have been found', () => {
    // wo-3 is near e-1 and due within two days; only the platinum rule keeps it manual.
    const withoutPlatinum = rulesText.replace(/rule "platinum-manual"[\s\S]*?assign manual\n/, '');
    const rs = rules(withoutPlatinum);
    const { state } = advance(order('wo-3'), initialState(), { ...ctx(simpleFlow()), ruleSetFor: () => rs }, 'here');
    expect(state.engineerId).toBe('e-1');
  });

  it('autoDispatch: false in the node config makes the node manual although a rule would match', () => {
    const on = advance(order('wo-1'), initialState(), ctx(simpleFlow({ autoDispatch: true })), 'here');
    expect(on.state.engineerId).toBe('e-1');
    const off = advance(order('wo-1'), initialState(), ctx(simpleFlow({ autoDispatch: false })), 'here');
    expect(brief(off.steps)).toEqual(['routed:start>assign', 'decision:assign:manual']);
    expect(decisions(off.steps)[0].decision.rule).toBeNull();
    expect(decisions(off.steps)[0].decision.trace.manualReason).toBe('Auto-dispatch is off at this node');
    expect(off.state).toMatchObject({ status: 'pending_assignment', engineerId: null });
  });

  it('a node with no rule set waits in its queue', () => {
    const { steps } = advance(order('wo-1'), initialState(), ctx(simpleFlow(), { ruleSetFor: () => null }), 'here');
    expect(decisions(steps)[0].decision.trace.manualReason).toBe('No rule set applies at this node');
  });

  it('after a dispatcher assigns by hand, advance(next) moves on from the node', () => {
    const c = ctx(simpleFlow());
    const first = advance(order('wo-5'), initialState(), c, 'here');
    expect(first.state.nodeId).toBe('assign');
    const manual: Assignment = {
      nodeId: 'assign',
      nodeKind: 'assign_engineer',
      way: 'manual',
      rule: null,
      userId: 'u-dispatcher',
      assignee: { type: 'engineer', id: 'e-5', name: 'Eve Fox' },
      collaborators: [],
    };
    const held = applyAssignment(first.state, manual, c.directory);
    const next = advance(order('wo-5'), held, c, 'next');
    expect(brief(next.steps)).toEqual(['waiting:accept']);
    expect(next.state).toMatchObject({ nodeId: 'accept', status: 'assigned', engineerId: 'e-5', path: ['start', 'assign', 'accept'] });
    // 'here' at a manual node asks the rules again (and the same inputs give the same answer).
    const again = advance(order('wo-5'), first.state, c, 'here');
    expect(brief(again.steps)).toEqual(['decision:assign:manual']);
    expect(again.state.path).toEqual(['start', 'assign']);
  });
});

describe('gateways', () => {
  const outsourced = flowFile('fixtures/outsourced.flow.json');

  it('routes by the condition (Install → provider) and by default (the rest → own engineer)', () => {
    const install = advance(order('wo-2'), initialState(), ctx(outsourced, { passHumanSteps: true }), 'here');
    expect(install.steps[1]).toEqual({ type: 'routed', nodeId: 'route', kind: 'gateway', to: 'pick-provider', condition: 'order.category == "Install"' });
    expect(brief(install.steps)).toEqual([
      'routed:start>route',
      'routed:route>pick-provider',
      'decision:pick-provider:service_provider=p-2',
      'decision:sp-engineer:provider_engineer=pe-3',
      'passed:accept',
      'ended:end',
    ]);
    expect(install.state).toMatchObject({ status: 'completed', nodeId: 'end', providerId: 'p-2', engineerId: 'pe-3' });

    const repair = advance(order('wo-1'), initialState(), ctx(outsourced, { passHumanSteps: true }), 'here');
    expect(repair.steps[1]).toEqual({ type: 'routed', nodeId: 'route', kind: 'gateway', to: 'own-engineer', condition: null });
    expect(brief(repair.steps)).toEqual(['routed:start>route', 'routed:route>own-engineer', 'decision:own-engineer:engineer=e-1', 'passed:accept', 'ended:end']);
  });

  it('a gateway after a group sees the group chosen (order.serviceGroup)', () => {
    const flow = compiled({
      name: 'by group',
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'group', kind: 'assign_service_group' },
        { id: 'route', kind: 'gateway' },
        { id: 'pick', kind: 'assign_provider' },
        { id: 'sp', kind: 'provider_assign_engineer' },
        { id: 'internal', kind: 'group_internal_assign' },
        { id: 'accept', kind: 'engineer_accept' },
        { id: 'end', kind: 'end' },
      ],
      edges: [
        { from: 'start', to: 'group' },
        { from: 'group', to: 'route' },
        { from: 'route', to: 'pick', when: 'order.serviceGroup == "Partner Network"' },
        { from: 'route', to: 'internal', default: true },
        { from: 'pick', to: 'sp' },
        { from: 'sp', to: 'accept' },
        { from: 'internal', to: 'accept' },
        { from: 'accept', to: 'end' },
      ],
    });
    const partners = advance(order('wo-2'), initialState(), ctx(flow), 'here');
    expect(brief(partners.steps)).toEqual([
      'routed:start>group',
      'decision:group:service_group=sg-partners',
      'routed:route>pick',
      'decision:pick:service_provider=p-2',
      'decision:sp:provider_engineer=pe-3',
      'waiting:accept',
    ]);
    const north = advance(order('wo-1'), initialState(), ctx(flow), 'here');
    expect(brief(north.steps)).toEqual([
      'routed:start>group',
      'decision:group:service_group=sg-north',
      'routed:route>internal',
      'decision:internal:engineer=e-1',
      'waiting:accept',
    ]);
  });

  it('orderForRules names the chosen group and provider', () => {
    const s = { ...initialState(), serviceGroupId: 'sg-partners', providerId: 'p-2' };
    const o = orderForRules(order('wo-2'), s, directory());
    expect(o.serviceGroup).toBe('Partner Network');
    expect(o.provider).toBe('Sparks Inc');
    expect(orderForRules(order('wo-2'), initialState(), directory())).toMatchObject({ serviceGroup: null, provider: null });
  });
});

describe('exclusions (declined or rejected at the node)', () => {
  const flow = simpleFlow();
  const run = (excluded: NodeContext['excluded'], at = 'assign') => {
    const calls: string[] = [];
    const { steps } = advance(
      order('wo-1'),
      initialState(),
      ctx(flow, { excludedAt: (id) => (calls.push(id), id === at ? excluded : undefined) }),
      'here',
    );
    const a = decisions(steps)[0].assignment;
    return { engineer: a?.assignee.id ?? null, collaborators: a?.collaborators.map((c) => c.id) ?? [], calls };
  };

  it('without exclusions, the nearest engineer with the next as collaborator', () => {
    expect(run(undefined)).toMatchObject({ engineer: 'e-1', collaborators: ['e-2'] });
  });
  it('an engineer who declined is not chosen again; the next one is', () => {
    expect(run({ engineers: ['e-1'] })).toMatchObject({ engineer: 'e-2', collaborators: ['e-4'], calls: ['assign'] });
  });
  it('nor taken as a collaborator', () => {
    expect(run({ engineers: ['e-2'] })).toMatchObject({ engineer: 'e-1', collaborators: ['e-4'] });
  });
  it('with one candidate left, the rule still matches with fewer collaborators', () => {
    expect(run({ engineers: ['e-1', 'e-2'] })).toMatchObject({ engineer: 'e-4', collaborators: [] });
  });
  it('every candidate excluded: manual', () => {
    expect(run({ engineers: ['e-1', 'e-2', 'e-4'] })).toMatchObject({ engineer: null });
  });
  it('exclusions at another node do not count here', () => {
    expect(run({ engineers: ['e-1'] }, 'elsewhere')).toMatchObject({ engineer: 'e-1' });
  });
  it('a provider that rejected is not chosen again at the same node', () => {
    const providerFlow = flowFile('templates/provider-then-engineer.flow.json');
    const pick = (excluded: NodeContext['excluded']) => {
      const { state } = advance(order('wo-2'), initialState(), ctx(providerFlow, { excludedAt: (id) => (id === 'assign-provider' ? excluded : undefined) }), 'here');
      return state.providerId;
    };
    expect(pick(undefined)).toBe('p-2');
    expect(pick({ providers: ['p-2'] })).toBe('p-1');
  });
  it('a service group that rejected is not named again: the named rule no longer matches', () => {
    const flow = flowFile('templates/group-provider-engineer.flow.json');
    const { state, steps } = advance(order('wo-1'), initialState(), ctx(flow, { excludedAt: (id) => (id === 'assign-group' ? { serviceGroups: ['sg-north'] } : undefined) }), 'here');
    expect(brief(steps)).toEqual(['routed:start>assign-group', 'decision:assign-group:manual']);
    const north = decisions(steps)[0].decision.trace.considered.find((r) => r.rule === 'north-group')!;
    expect(north.matched).toBe(false);
    expect(state).toMatchObject({ serviceGroupId: null, status: 'pending_assignment' });
  });
  it('the provider chosen in its place assigns one of its own engineers, not the nearest of all', () => {
    const graph = JSON.parse(readFileSync(path.join(root, 'templates/provider-then-engineer.flow.json'), 'utf8')) as FlowGraph;
    graph.nodes.find((n) => n.id === 'provider-engineer')!.config!.autoDispatch = true;
    // From wo-2: pe-3 (p-2) 1.7 km, pe-1 (p-1) 4.1 km, pe-2 (p-1) 9.4 km.
    const c = ctx(compiled(graph), { excludedAt: (id) => (id === 'assign-provider' ? { providers: ['p-2'] } : undefined) });
    const { state } = advance(order('wo-2'), initialState(), c, 'here');
    expect(state).toMatchObject({ providerId: 'p-1', engineerId: 'pe-1', nodeId: 'accept' });
  });
});

describe('applyAssignment', () => {
  const dir = directory();
  const assignment = (type: Assignment['assignee']['type'], id: string, collaborators: string[] = []): Assignment => ({
    nodeId: 'n',
    nodeKind: 'assign_engineer',
    way: 'auto',
    rule: 'r',
    userId: null,
    assignee: { type, id, name: id },
    collaborators: collaborators.map((c) => ({ type, id: c, name: c })),
  });

  it('a provider engineer sets the engineer and the provider it works for', () => {
    const s = applyAssignment(initialState(), assignment('provider_engineer', 'pe-3'), dir);
    expect(s).toMatchObject({ engineerId: 'pe-3', providerId: 'p-2', collaboratorIds: [] });
  });
  it('…replacing a provider chosen before, since the engineer decides it', () => {
    const s = applyAssignment({ ...initialState(), providerId: 'p-1' }, assignment('provider_engineer', 'pe-3'), dir);
    expect(s.providerId).toBe('p-2');
  });
  it('a service group, a provider, an engineer with collaborators', () => {
    expect(applyAssignment(initialState(), assignment('service_group', 'sg-south'), dir)).toMatchObject({ serviceGroupId: 'sg-south', providerId: null, engineerId: null });
    expect(applyAssignment(initialState(), assignment('service_provider', 'p-1'), dir)).toMatchObject({ providerId: 'p-1', engineerId: null });
    expect(applyAssignment(initialState(), assignment('engineer', 'e-1', ['e-2', 'e-4']), dir)).toMatchObject({
      engineerId: 'e-1',
      collaboratorIds: ['e-2', 'e-4'],
      providerId: null,
    });
  });
  it('does not change the state it is given', () => {
    const before = initialState();
    applyAssignment(before, assignment('provider_engineer', 'pe-1'), dir);
    expect(before).toEqual(initialState());
  });
  it('at the direct provider-engineer node, the auto assignment sets the provider too', () => {
    const { state, steps } = advance(order('wo-1'), initialState(), ctx(flowFile('templates/direct-provider-engineer.flow.json')), 'here');
    expect(decisions(steps)[0].assignment!.assignee).toMatchObject({ type: 'provider_engineer', id: 'pe-1' });
    expect(state).toMatchObject({ engineerId: 'pe-1', providerId: 'p-1', status: 'assigned', nodeId: 'accept' });
  });
});

describe('human steps', () => {
  it('without passHumanSteps the order waits for acceptance; with it the order runs to the end', () => {
    const waiting = advance(order('wo-1'), initialState(), ctx(simpleFlow()), 'here');
    expect(waiting.state).toMatchObject({ status: 'assigned', nodeId: 'accept' });
    const done = advance(order('wo-1'), initialState(), ctx(simpleFlow(), { passHumanSteps: true }), 'here');
    expect(brief(done.steps)).toEqual(['routed:start>assign', 'decision:assign:engineer=e-1', 'passed:accept', 'ended:end']);
    expect(done.state).toMatchObject({ status: 'completed', nodeId: 'end', path: ['start', 'assign', 'accept', 'end'] });
  });

  it('field_service waits with status accepted after acceptance', () => {
    const flow = flowFile('templates/direct-provider-engineer.flow.json');
    const c = ctx(flow);
    const atAccept = advance(order('wo-1'), initialState(), c, 'here');
    const atWork = advance(order('wo-1'), atAccept.state, c, 'next');
    expect(brief(atWork.steps)).toEqual(['waiting:work']);
    expect(atWork.state.status).toBe('accepted');
    const done = advance(order('wo-1'), atWork.state, c, 'next');
    expect(brief(done.steps)).toEqual(['ended:end']);
    expect(done.state.status).toBe('completed');
  });
});

describe('determinism', () => {
  it('the same orders, directory data and now give the same steps and states, run after run', () => {
    const flow = flowFile('templates/group-provider-engineer.flow.json');
    const runAll = () =>
      data.orders!.map((o) => {
        const r = advance(o, initialState(), ctx(flow, { directory: directory() }), 'here');
        return JSON.stringify({ state: r.state, steps: r.steps.map((s) => (s.type === 'decision' ? { ...s, input: s.input && { order: s.input.order, node: s.input.node }, trace: s.decision.trace } : s)) });
      });
    const first = runAll();
    expect(runAll()).toEqual(first);
    expect(new Set(first).size).toBe(data.orders!.length);
  });

  it('does not change the order or the state passed in', () => {
    const o = structuredClone(order('wo-1'));
    const s = initialState();
    advance(o, s, ctx(simpleFlow()), 'here');
    expect(o).toEqual(order('wo-1'));
    expect(s).toEqual(initialState());
  });
});

describe('provider_assign_engineer and an engineer held from before', () => {
  it('an internal engineer assigned before a provider was chosen does not skip the provider’s own assignment', () => {
    const flow = compiled({
      name: 'survey then outsource',
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'survey', kind: 'assign_engineer' },
        { id: 'pick', kind: 'assign_provider' },
        { id: 'sp', kind: 'provider_assign_engineer' },
        { id: 'accept', kind: 'engineer_accept' },
        { id: 'end', kind: 'end' },
      ],
      edges: [
        { from: 'start', to: 'survey' },
        { from: 'survey', to: 'pick' },
        { from: 'pick', to: 'sp' },
        { from: 'sp', to: 'accept' },
        { from: 'accept', to: 'end' },
      ],
    });
    const { state, steps } = advance(order('wo-1'), initialState(), ctx(flow), 'here');
    expect(brief(steps)).toEqual([
      'routed:start>survey',
      'decision:survey:engineer=e-1',
      'decision:pick:service_provider=p-2',
      'decision:sp:provider_engineer=pe-3',
      'waiting:accept',
    ]);
    expect(state).toMatchObject({ providerId: 'p-2', engineerId: 'pe-3' });
  });

  it('an engineer of the chosen provider, already held, passes the node', () => {
    const flow = flowFile('templates/provider-then-engineer.flow.json');
    const held = { ...initialState(), nodeId: 'assign-provider', providerId: 'p-1', engineerId: 'pe-2', path: ['start', 'assign-provider'] };
    const { steps, state } = advance(order('wo-2'), held, ctx(flow), 'next');
    expect(brief(steps)).toEqual(['passed:provider-engineer', 'waiting:accept']);
    expect(state.engineerId).toBe('pe-2');
  });
});

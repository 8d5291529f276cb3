// Validation before publish: every problem code, on a small flow file that shows it, with the
// node or edge it names; the shipped flows validate clean; and what the canvas refuses to draw.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlowJson, type FlowEdge, type FlowGraph, type FlowNode } from './model';
import { canConnect, FLOW_PROBLEM_CODES, validateFlow, type FlowProblem, type FlowProblemCode, type ValidateOptions } from './validate';
import { compileFlow } from './compile';
import { locateFlowProblem } from './locate';
import type { OrderData } from '../../dsl';

const root = path.resolve(__dirname, '..');
const invalidDir = path.join(root, 'fixtures', 'invalid');

function load(file: string): { text: string; graph: FlowGraph } {
  const text = readFileSync(file, 'utf8');
  const { graph, errors } = parseFlowJson(text);
  expect(errors).toEqual([]);
  return { text, graph: graph! };
}

/** A flow from a compact description: "id:kind" nodes and "from>to" edges. */
function flow(nodes: string[], edges: Array<string | FlowEdge>): FlowGraph {
  return {
    name: 'test',
    nodes: nodes.map((n): FlowNode => {
      const [id, kind] = n.split(':');
      return { id, kind: kind as FlowNode['kind'] };
    }),
    edges: edges.map((e) => {
      if (typeof e !== 'string') return e;
      const [from, to] = e.split('>');
      return { from, to };
    }),
  };
}

const codes = (problems: FlowProblem[]) => [...new Set(problems.map((p) => p.code))].sort();
const where = (p: FlowProblem) => ({ nodeId: p.nodeId, edge: p.edge });

type At = { nodeId?: string; nodeIndex?: number; edge?: { index: number; from: string; to: string } };
interface Case {
  code: FlowProblemCode;
  /** Where the problem of `code` is: exactly these nodes/edges, one problem each. */
  at: At[];
  /** Every code the flow gives (knock-on problems included), so nothing spurious creeps in. */
  all: FlowProblemCode[];
  options?: ValidateOptions;
}

const CASES: Case[] = [
  { code: 'empty-node-id', at: [{ nodeIndex: 4 }], all: ['empty-node-id'] },
  { code: 'duplicate-node-id', at: [{ nodeId: 'assign', nodeIndex: 2 }], all: ['duplicate-node-id'] },
  { code: 'unknown-node-kind', at: [{ nodeId: 'teleport' }], all: ['unknown-node-kind'] },
  { code: 'no-start', at: [{}], all: ['no-start'] },
  { code: 'multiple-starts', at: [{ nodeId: 'start-2' }], all: ['multiple-starts', 'unreachable-node'] },
  { code: 'no-end', at: [{}], all: ['dead-end', 'end-unreachable', 'no-end'] },
  {
    code: 'edge-unknown-node',
    at: [{ edge: { index: 1, from: 'assign', to: 'acept' } }],
    // The dangling edge is not a way out: assign dead-ends, accept is cut off.
    all: ['dead-end', 'edge-unknown-node', 'end-unreachable', 'unreachable-node'],
  },
  { code: 'duplicate-edge', at: [{ edge: { index: 1, from: 'start', to: 'assign' } }], all: ['duplicate-edge'] },
  { code: 'self-loop', at: [{ edge: { index: 3, from: 'assign', to: 'assign' } }], all: ['cycle', 'multiple-outgoing', 'self-loop'] },
  { code: 'edge-into-start', at: [{ edge: { index: 3, from: 'orphan', to: 'start' } }], all: ['edge-into-start', 'unreachable-node'] },
  { code: 'edge-out-of-end', at: [{ edge: { index: 3, from: 'end', to: 'after' } }], all: ['edge-out-of-end'] },
  { code: 'cycle', at: [{ nodeId: 'assign' }, { nodeId: 'accept' }, { nodeId: 'check' }], all: ['cycle'] },
  { code: 'dead-end', at: [{ nodeId: 'quick' }], all: ['dead-end'] },
  { code: 'end-unreachable', at: [{ nodeId: 'quick' }], all: ['dead-end', 'end-unreachable'] },
  { code: 'unreachable-node', at: [{ nodeId: 'orphan' }], all: ['unreachable-node'] },
  { code: 'multiple-outgoing', at: [{ nodeId: 'assign' }], all: ['multiple-outgoing'] },
  { code: 'condition-outside-gateway', at: [{ edge: { index: 1, from: 'assign', to: 'accept' } }], all: ['condition-outside-gateway'] },
  { code: 'gateway-default-count', at: [{ nodeId: 'route' }], all: ['gateway-default-count'] },
  { code: 'gateway-edge-without-condition', at: [{ edge: { index: 1, from: 'route', to: 'pick' } }], all: ['gateway-edge-without-condition'] },
  { code: 'default-edge-with-condition', at: [{ edge: { index: 2, from: 'route', to: 'assign' } }], all: ['default-edge-with-condition'] },
  { code: 'gateway-condition-invalid', at: [{ edge: { index: 1, from: 'route', to: 'pick' } }], all: ['gateway-condition-invalid'] },
  { code: 'group-internal-without-group', at: [{ nodeId: 'internal' }], all: ['group-internal-without-group'] },
  { code: 'provider-engineer-without-provider', at: [{ nodeId: 'sp' }], all: ['provider-engineer-without-provider'] },
  { code: 'accept-without-assignee', at: [{ nodeId: 'accept' }], all: ['accept-without-assignee'] },
  { code: 'unknown-rule-set', at: [{ nodeId: 'assign' }], all: ['unknown-rule-set'], options: { ruleSetNames: ['Metro auto-dispatch'] } },
];

describe('validateFlow: one fixture per problem code', () => {
  it('has a case and a fixture file for every code, and no fixture without a case', () => {
    expect(CASES.map((c) => c.code).sort()).toEqual([...FLOW_PROBLEM_CODES].sort());
    const files = readdirSync(invalidDir).filter((f) => f.endsWith('.flow.json'));
    expect(files.map((f) => f.replace('.flow.json', '')).sort()).toEqual([...FLOW_PROBLEM_CODES].sort());
  });

  for (const c of CASES) {
    it(`${c.code}: named at ${JSON.stringify(c.at)}`, () => {
      const { graph } = load(path.join(invalidDir, `${c.code}.flow.json`));
      const problems = validateFlow(graph, c.options);
      const hits = problems.filter((p) => p.code === c.code);
      expect(hits.map((p) => ({ nodeId: p.nodeId, nodeIndex: p.nodeIndex, edge: p.edge }))).toEqual(
        c.at.map((a) => ({ nodeId: a.nodeId, nodeIndex: a.nodeIndex, edge: a.edge })),
      );
      for (const p of hits) {
        expect(p.severity).toBe('error');
        expect(p.message.length).toBeGreaterThan(10);
        if (p.nodeId) expect(p.message).toContain(`"${p.nodeId}"`);
        if (p.edge) expect(p.message).toContain(`${p.edge.from} → ${p.edge.to}`);
      }
      expect(codes(problems)).toEqual([...c.all].sort());
      // A flow with errors does not compile.
      expect(compileFlow(graph, c.options).flow).toBeNull();
    });
  }

  it('unknown-rule-set is only checked when the existing rule sets are given', () => {
    const { graph } = load(path.join(invalidDir, 'unknown-rule-set.flow.json'));
    expect(validateFlow(graph)).toEqual([]);
    expect(validateFlow(graph, { ruleSetNames: ['Metro auto-dispach'] })).toEqual([]);
  });

  it('gateway-default-count also catches two defaults', () => {
    const g = flow(
      ['start:start', 'route:gateway', 'a:assign_engineer', 'b:assign_engineer', 'accept:engineer_accept', 'end:end'],
      ['start>route', { from: 'route', to: 'a', default: true }, { from: 'route', to: 'b', default: true }, 'a>accept', 'b>accept', 'accept>end'],
    );
    const problems = validateFlow(g);
    expect(problems.map((p) => [p.code, p.nodeId])).toEqual([['gateway-default-count', 'route']]);
    expect(problems[0].message).toContain('(it has 2)');
  });

  it('a blank condition on a plain edge is no condition; "default": true on one is', () => {
    const g = (edge: FlowEdge) =>
      flow(['start:start', 'assign:assign_engineer', 'accept:engineer_accept', 'end:end'], ['start>assign', edge, 'accept>end']);
    expect(validateFlow(g({ from: 'assign', to: 'accept', when: '' }))).toEqual([]);
    expect(validateFlow(g({ from: 'assign', to: 'accept', default: false }))).toEqual([]);
    expect(validateFlow(g({ from: 'assign', to: 'accept', default: true })).map((p) => [p.code, p.edge?.index])).toEqual([['condition-outside-gateway', 1]]);
  });

  it('a gateway edge with an empty condition counts as no condition', () => {
    const g = flow(
      ['start:start', 'route:gateway', 'a:assign_engineer', 'b:assign_engineer', 'accept:engineer_accept', 'end:end'],
      ['start>route', { from: 'route', to: 'a', when: '   ' }, { from: 'route', to: 'b', default: true }, 'a>accept', 'b>accept', 'accept>end'],
    );
    expect(validateFlow(g).map((p) => [p.code, p.edge?.index])).toEqual([['gateway-edge-without-condition', 1]]);
  });
});

describe('gateway conditions', () => {
  it('a misspelled field gives gateway-condition-invalid with the diagnostic, positioned inside the condition', () => {
    const { graph, text } = load(path.join(invalidDir, 'gateway-condition-invalid.flow.json'));
    const [problem] = validateFlow(graph);
    expect(problem.code).toBe('gateway-condition-invalid');
    expect(graph.edges[1].when).toBe('order.priorty == "High"');
    const errors = problem.diagnostics!.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('did you mean "priority"?');
    // "order.priorty": the field name starts after "order." at column 7 of line 1.
    expect(errors[0].range.start).toEqual({ line: 1, column: 7 });
    expect(problem.message).toContain('route → pick');
    expect(problem.message).toContain('did you mean "priority"?');

    // In the file, the position is the character `p` of `priorty` inside the "when" string.
    const [loc] = locateFlowProblem(text, graph, problem);
    const line = text.split('\n')[loc.line - 1];
    expect(line).toContain('"when": "order.priorty');
    expect(line.slice(loc.column - 1, loc.column - 1 + 'priorty'.length)).toBe('priorty');
  });

  it('a condition that compares an enum with a value it does not have is invalid', () => {
    const g = flow(
      ['start:start', 'route:gateway', 'a:assign_engineer', 'b:assign_engineer', 'accept:engineer_accept', 'end:end'],
      ['start>route', { from: 'route', to: 'a', when: 'order.priority == "Hgh"' }, { from: 'route', to: 'b', default: true }, 'a>accept', 'b>accept', 'accept>end'],
    );
    const problems = validateFlow(g);
    expect(problems.map((p) => [p.code, p.edge])).toEqual([['gateway-condition-invalid', { index: 1, from: 'route', to: 'a' }]]);
  });

  it('a condition that is not a condition, or names engineer outside a selection, is invalid', () => {
    for (const when of ['order.title', 'engineer.status == "available"', 'order.priority ==']) {
      const g = flow(
        ['start:start', 'route:gateway', 'a:assign_engineer', 'b:assign_engineer', 'accept:engineer_accept', 'end:end'],
        ['start>route', { from: 'route', to: 'a', when }, { from: 'route', to: 'b', default: true }, 'a>accept', 'b>accept', 'accept>end'],
      );
      const problems = validateFlow(g);
      expect(problems.map((p) => [p.code, p.edge?.index]), when).toEqual([['gateway-condition-invalid', 1]]);
      expect(problems[0].diagnostics!.some((d) => d.severity === 'error'), when).toBe(true);
    }
  });

  it('conditions on custom fields are checked against the declared fields', () => {
    const g = flow(
      ['start:start', 'route:gateway', 'a:assign_engineer', 'b:assign_engineer', 'accept:engineer_accept', 'end:end'],
      ['start>route', { from: 'route', to: 'a', when: 'order.custom.contract == "premium"' }, { from: 'route', to: 'b', default: true }, 'a>accept', 'b>accept', 'accept>end'],
    );
    expect(codes(validateFlow(g))).toEqual(['gateway-condition-invalid']);
    const customFields = [{ name: 'contract', type: { enum: ['none', 'basic', 'premium'] } }];
    expect(validateFlow(g, { customFields })).toEqual([]);
  });
});

describe('shipped flows validate clean', () => {
  const files = [
    ...readdirSync(path.join(root, 'templates'))
      .filter((f) => f.endsWith('.flow.json'))
      .map((f) => path.join(root, 'templates', f)),
    path.join(root, 'fixtures', 'outsourced.flow.json'),
  ];

  it('there are three templates and the FORMATS.md example', () => {
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      'direct-provider-engineer.flow.json',
      'group-provider-engineer.flow.json',
      'outsourced.flow.json',
      'provider-then-engineer.flow.json',
    ]);
  });

  for (const file of files) {
    it(path.basename(file), () => {
      const { graph } = load(file);
      expect(validateFlow(graph, { ruleSetNames: ['Metro auto-dispatch'] })).toEqual([]);
      expect(compileFlow(graph).flow).not.toBeNull();
    });
  }
});

describe('what must come before group and provider nodes, on every path', () => {
  const tail = ['accept:engineer_accept', 'end:end'];

  it('group_internal_assign right after assign_service_group is fine', () => {
    const g = flow(['start:start', 'group:assign_service_group', 'internal:group_internal_assign', ...tail], ['start>group', 'group>internal', 'internal>accept', 'accept>end']);
    expect(validateFlow(g)).toEqual([]);
  });

  it('a group chosen before a gateway counts on both of its branches', () => {
    const g = flow(
      ['start:start', 'group:assign_service_group', 'route:gateway', 'internal:group_internal_assign', 'fast:group_internal_assign', ...tail],
      [
        'start>group',
        'group>route',
        { from: 'route', to: 'fast', when: 'order.priority == "Urgent"' },
        { from: 'route', to: 'internal', default: true },
        'fast>accept',
        'internal>accept',
        'accept>end',
      ],
    );
    expect(validateFlow(g)).toEqual([]);
  });

  it('every branch assigning its own group is fine; dropping it on one branch is an error there only', () => {
    const edges = (skip: boolean) => [
      'start>route',
      { from: 'route', to: 'group-a', when: 'order.category == "Install"' },
      { from: 'route', to: skip ? 'internal' : 'group-b', default: true },
      'group-a>internal',
      ...(skip ? [] : ['group-b>internal']),
      'internal>accept',
      'accept>end',
    ];
    const nodes = ['start:start', 'route:gateway', 'group-a:assign_service_group', 'group-b:assign_service_group', 'internal:group_internal_assign', ...tail];
    expect(validateFlow(flow(nodes, edges(false)))).toEqual([]);
    const problems = validateFlow(flow(nodes.filter((n) => !n.startsWith('group-b')), edges(true)));
    expect(problems.map((p) => [p.code, p.nodeId])).toEqual([['group-internal-without-group', 'internal']]);
  });

  it('group_internal_assign with no group anywhere before it is an error', () => {
    const g = flow(['start:start', 'internal:group_internal_assign', ...tail], ['start>internal', 'internal>accept', 'accept>end']);
    expect(validateFlow(g).map((p) => [p.code, p.nodeId])).toEqual([['group-internal-without-group', 'internal']]);
  });

  it('provider_assign_engineer after assign_provider on one branch and group_internal_assign on the other is fine', () => {
    const g = flow(
      ['start:start', 'route:gateway', 'pick:assign_provider', 'group:assign_service_group', 'internal:group_internal_assign', 'sp:provider_assign_engineer', ...tail],
      [
        'start>route',
        { from: 'route', to: 'pick', when: 'order.category == "Install"' },
        { from: 'route', to: 'group', default: true },
        'pick>sp',
        'group>internal',
        'internal>sp',
        'sp>accept',
        'accept>end',
      ],
    );
    expect(validateFlow(g)).toEqual([]);
  });

  it('a service group alone does not choose a provider', () => {
    const g = flow(['start:start', 'group:assign_service_group', 'sp:provider_assign_engineer', ...tail], ['start>group', 'group>sp', 'sp>accept', 'accept>end']);
    expect(validateFlow(g).map((p) => [p.code, p.nodeId])).toEqual([['provider-engineer-without-provider', 'sp']]);
  });

  it('a provider chosen two nodes back still counts', () => {
    const g = flow(
      ['start:start', 'pick:assign_provider', 'route:gateway', 'sp:provider_assign_engineer', 'sp2:provider_assign_engineer', ...tail],
      ['start>pick', 'pick>route', { from: 'route', to: 'sp2', when: 'order.priority == "Urgent"' }, { from: 'route', to: 'sp', default: true }, 'sp>accept', 'sp2>accept', 'accept>end'],
    );
    expect(validateFlow(g)).toEqual([]);
  });
});

describe('cycles', () => {
  it('names exactly the nodes on the cycle, not those before or after it', () => {
    const { graph } = load(path.join(invalidDir, 'cycle.flow.json'));
    const onCycle = validateFlow(graph)
      .filter((p) => p.code === 'cycle')
      .map(where)
      .map((w) => w.nodeId)
      .sort();
    expect(onCycle).toEqual(['accept', 'assign', 'check']);
  });

  it('two separate cycles are both reported', () => {
    const g = flow(
      ['start:start', 'r1:gateway', 'a:assign_engineer', 'r2:gateway', 'b:field_service', 'accept:engineer_accept', 'end:end'],
      [
        'start>r1',
        { from: 'r1', to: 'a', default: true },
        'a>accept',
        { from: 'accept', to: 'r1' },
        'b>r2',
        { from: 'r2', to: 'b', when: 'order.priority == "Low"' },
        { from: 'r2', to: 'end', default: true },
      ],
    );
    const cyc = validateFlow(g)
      .filter((p) => p.code === 'cycle')
      .map((p) => p.nodeId)
      .sort();
    expect(cyc).toEqual(['a', 'accept', 'b', 'r1', 'r2']);
  });
});

describe('compileFlow routes gateways', () => {
  const order = (o: Partial<OrderData>): OrderData =>
    ({
      id: 'wo',
      number: 'WO',
      title: 't',
      category: 'HVAC',
      priority: 'Low',
      source: 'api',
      customer: { name: 'c', tier: 'Standard' },
      address: { city: 'x', region: 'North', postcode: '1' },
      location: null,
      requiredSkills: [],
      tags: [],
      custom: {},
      createdAt: '2026-11-21T08:00:00Z',
      sla: { respondBy: '2026-11-21T12:00:00Z', resolveBy: '2026-11-22T08:00:00Z' },
      ...o,
    }) as OrderData;

  it('takes the first edge whose condition holds, else the default, in the FORMATS.md example', () => {
    const { graph } = load(path.join(root, 'fixtures', 'outsourced.flow.json'));
    const { flow: compiled } = compileFlow(graph);
    const now = new Date('2026-11-21T09:00:00Z');
    expect(compiled!.start.id).toBe('start');
    expect(compiled!.next('start', order({}), now).to.id).toBe('route');
    expect(compiled!.next('route', order({ category: 'Install' }), now).to.id).toBe('pick-provider');
    expect(compiled!.next('route', order({ category: 'HVAC' }), now).to.id).toBe('own-engineer');
    expect(compiled!.next('route', order({ category: 'install' }), now).to.id).toBe('own-engineer');
    expect(compiled!.next('sp-engineer', order({}), now).to.id).toBe('accept');
  });

  it('conditions are tried in edge order, and may use now', () => {
    const g = flow(
      ['start:start', 'route:gateway', 'late:assign_engineer', 'urgent:assign_engineer', 'normal:assign_engineer', 'accept:engineer_accept', 'end:end'],
      [
        'start>route',
        { from: 'route', to: 'late', when: 'hours_until(order.sla.resolveBy) < 4' },
        { from: 'route', to: 'urgent', when: 'order.priority == "Urgent"' },
        { from: 'route', to: 'normal', default: true },
        'late>accept',
        'urgent>accept',
        'normal>accept',
        'accept>end',
      ],
    );
    const { flow: compiled, problems } = compileFlow(g);
    expect(problems).toEqual([]);
    const early = new Date('2026-11-21T09:00:00Z'); // 23 h before resolveBy
    const late = new Date('2026-11-22T05:00:00Z'); // 3 h before resolveBy
    expect(compiled!.next('route', order({ priority: 'Urgent' }), early).to.id).toBe('urgent');
    expect(compiled!.next('route', order({ priority: 'Urgent' }), late).to.id).toBe('late');
    expect(compiled!.next('route', order({ priority: 'Low' }), late).to.id).toBe('late');
    expect(compiled!.next('route', order({ priority: 'Low' }), early).to.id).toBe('normal');
  });
});

describe('canConnect (asked by the canvas while drawing)', () => {
  const g = flow(
    ['start:start', 'assign:assign_engineer', 'accept:engineer_accept', 'work:field_service', 'end:end'],
    ['start>assign', 'assign>accept', 'accept>end'],
  );
  const refused = (from: string, to: string) => {
    const r = canConnect(g, from, to);
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.reason;
  };

  it('allows an edge that keeps the flow acyclic', () => {
    expect(canConnect(g, 'accept', 'work')).toEqual({ ok: true });
    expect(canConnect(g, 'work', 'end')).toEqual({ ok: true });
  });
  it('refuses an edge into the start', () => expect(refused('accept', 'start')).toMatch(/start/));
  it('refuses an edge out of an end', () => expect(refused('end', 'work')).toMatch(/end/));
  it('refuses an edge back to a node upstream (cycle)', () => {
    expect(refused('accept', 'assign')).toMatch(/cycle/);
    expect(refused('end', 'start')).not.toBe('');
  });
  it('refuses an edge that is already there', () => expect(refused('assign', 'accept')).toMatch(/already/));
  it('refuses an edge from a node to itself', () => expect(refused('assign', 'assign')).toMatch(/itself/));
  it('refuses an edge to or from a node that does not exist', () => {
    refused('assign', 'nowhere');
    refused('nowhere', 'assign');
  });
  it('sees a cycle closed through several nodes', () => {
    const long = flow(
      ['start:start', 'a:assign_service_group', 'b:group_internal_assign', 'c:provider_assign_engineer', 'd:engineer_accept', 'end:end'],
      ['start>a', 'a>b', 'b>c', 'c>d', 'd>end'],
    );
    expect(canConnect(long, 'd', 'a').ok).toBe(false);
    expect(canConnect(long, 'a', 'd').ok).toBe(true);
  });
});

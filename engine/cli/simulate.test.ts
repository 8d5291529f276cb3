// `npm run simulate` as FORMATS.md specifies it: NDJSON per assigning node, exactly these keys,
// manual stops, --now, --explain, and errors printed like `rules check`.
//
// Expected decisions on fixtures/metro.data.json with fixtures/metro.rules and the FORMATS.md
// example flow (fixtures/outsourced.flow.json), now = 2026-11-21T09:00Z:
//   wo-1 HVAC, due in 23.5 h   → own-engineer: nearest hvac engineer e-1 (0.3 km), e-2 (1.5 km) collaborates
//   wo-2 Install               → pick-provider: p-2 (rating 4.8 beats p-1's 4.5), then sp-engineer: p-2's pe-3
//   wo-3 Platinum              → own-engineer: "platinum-manual" sends it to the queue
//   wo-4 Plumbing, due in 69 h → own-engineer: no rule (nearest-skilled needs < 48 h)
//   wo-5 no location           → own-engineer: no engineer within 25 km of nowhere
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { main as rulesMain } from '../../dsl/cli/rules';
import { main } from './simulate';

const repo = path.resolve(__dirname, '..', '..');
const rel = (p: string) => path.relative(repo, p);
const FLOW = path.join(repo, 'engine/fixtures/outsourced.flow.json');
const RULES = path.join(repo, 'engine/fixtures/metro.rules');
const DATA = path.join(repo, 'engine/fixtures/metro.data.json');
const KEYS = ['order', 'node', 'kind', 'outcome', 'rule', 'assignee', 'collaborators'];

const tmp = mkdtempSync(path.join(tmpdir(), 'simulate-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let fileCount = 0;
function write(name: string, text: string): string {
  const file = path.join(tmp, `${fileCount++}-${name}`);
  writeFileSync(file, text);
  return file;
}

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}
const args = (over: { flow?: string; rules?: string; data?: string } = {}, ...more: string[]) => [
  '--flow',
  over.flow ?? FLOW,
  '--rules',
  over.rules ?? RULES,
  '--data',
  over.data ?? DATA,
  ...more,
];
const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('simulate: the FORMATS.md example flow on the metro data', () => {
  it('prints one line per assigning node, as FORMATS.md shows them', () => {
    const { code, out, err } = run(args());
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(parse(out)).toEqual([
      {
        order: 'wo-1',
        node: 'own-engineer',
        kind: 'assign_engineer',
        outcome: 'auto',
        rule: 'nearest-skilled-engineer',
        assignee: { type: 'engineer', id: 'e-1' },
        collaborators: [{ type: 'engineer', id: 'e-2' }],
      },
      {
        order: 'wo-2',
        node: 'pick-provider',
        kind: 'assign_provider',
        outcome: 'auto',
        rule: 'provider-by-region',
        assignee: { type: 'service_provider', id: 'p-2' },
        collaborators: [],
      },
      {
        order: 'wo-2',
        node: 'sp-engineer',
        kind: 'provider_assign_engineer',
        outcome: 'auto',
        rule: 'nearest-provider-engineer',
        assignee: { type: 'provider_engineer', id: 'pe-3' },
        collaborators: [],
      },
      { order: 'wo-3', node: 'own-engineer', kind: 'assign_engineer', outcome: 'manual', rule: 'platinum-manual', assignee: null, collaborators: [] },
      { order: 'wo-4', node: 'own-engineer', kind: 'assign_engineer', outcome: 'manual', rule: null, assignee: null, collaborators: [] },
      { order: 'wo-5', node: 'own-engineer', kind: 'assign_engineer', outcome: 'manual', rule: null, assignee: null, collaborators: [] },
    ]);
  });

  it('each line is one compact JSON object with exactly the contract keys, in that order', () => {
    const { out } = run(args());
    expect(out.length).toBeGreaterThan(0);
    for (const line of out) {
      expect(line).not.toContain('\n');
      expect(line.startsWith('{"order":')).toBe(true);
      expect(Object.keys(JSON.parse(line))).toEqual(KEYS);
    }
  });

  it('an auto-assigned order goes on to its next node; a manual one stops where it went manual', () => {
    const lines = parse(run(args()).out);
    const of = (id: string) => lines.filter((l) => l.order === id).map((l) => `${l.node}:${l.outcome}`);
    expect(of('wo-2')).toEqual(['pick-provider:auto', 'sp-engineer:auto']);
    expect(of('wo-3')).toEqual(['own-engineer:manual']);
  });

  it('a manual stop at the first of two assigning nodes prints nothing for the second', () => {
    // Without the provider rule, wo-2 waits at pick-provider and never reaches sp-engineer.
    const rules = write('no-provider.rules', readFileSync(RULES, 'utf8').replace('at assign_provider, group_internal_assign', 'at group_internal_assign'));
    const lines = parse(run(args({ rules })).out).filter((l) => l.order === 'wo-2');
    expect(lines).toEqual([{ order: 'wo-2', node: 'pick-provider', kind: 'assign_provider', outcome: 'manual', rule: null, assignee: null, collaborators: [] }]);
  });

  it('--explain adds each decision’s trace, and only then', () => {
    const plain = parse(run(args()).out);
    expect(plain.every((l) => !('trace' in l))).toBe(true);
    const { code, out } = run(args({}, '--explain'));
    expect(code).toBe(0);
    const lines = parse(out);
    expect(lines.map((l) => Object.keys(l))).toEqual(lines.map(() => [...KEYS, 'trace']));
    // Same decisions as without --explain.
    expect(lines.map(({ trace: _trace, ...rest }) => rest)).toEqual(plain);
    for (const l of lines) {
      const trace = l.trace as { order: string; node: { id: string }; decidedBy: string | null; considered: unknown[]; manualReason: string | null };
      expect(trace.order).toBe(l.order);
      expect(trace.node.id).toBe(l.node);
      expect(trace.decidedBy).toBe(l.rule);
      expect(trace.manualReason === null).toBe(l.outcome === 'auto');
    }
    const wo4 = lines.find((l) => l.order === 'wo-4')!.trace as { manualReason: string; considered: Array<{ rule: string; result: string }> };
    expect(wo4.considered.map((c) => c.rule)).toEqual(['platinum-manual', 'nearest-skilled-engineer']);
    expect(wo4.manualReason).toContain('no rule matched');
  });

  it('the three templates run as well (the group template passes the provider node for an engineer group)', () => {
    const lines = parse(run(args({ flow: path.join(repo, 'engine/templates/group-provider-engineer.flow.json') })).out);
    const of = (id: string) => lines.filter((l) => l.order === id).map((l) => `${l.node}:${l.outcome}:${(l.assignee as { id: string } | null)?.id ?? '-'}`);
    expect(of('wo-1')).toEqual(['assign-group:auto:sg-north', 'group-internal:auto:e-1']);
    // The partner group: p-2 is chosen, then the provider node (auto-dispatch off in the template) waits.
    expect(of('wo-2')).toEqual(['assign-group:auto:sg-partners', 'group-internal:auto:p-2', 'provider-engineer:manual:-']);
    expect(of('wo-3')).toEqual(['assign-group:manual:-']);
  });
});

describe('--now', () => {
  // Named engineer, only for work due within a day of now.
  const rules = write(
    'due.rules',
    `rule "due-within-a-day"
  at assign_engineer
  when hours_until(order.sla.resolveBy) < 24
  assign engineer "Ben Cole"
`,
  );
  const wo = (out: string[], id: string) => parse(out).find((l) => l.order === id)!;

  it('the data file’s now is used without it: wo-1 is due in 23.5 h, wo-4 in 69 h', () => {
    const { code, out } = run(args({ rules }));
    expect(code).toBe(0);
    expect(wo(out, 'wo-1')).toMatchObject({ outcome: 'auto', rule: 'due-within-a-day', assignee: { type: 'engineer', id: 'e-2' } });
    expect(wo(out, 'wo-4')).toMatchObject({ outcome: 'manual', rule: null });
  });

  it('an hour earlier, wo-1 is due in 24.5 h and goes manual', () => {
    const { code, out } = run(args({ rules }, '--now', '2026-11-21T08:00:00Z'));
    expect(code).toBe(0);
    expect(wo(out, 'wo-1')).toMatchObject({ outcome: 'manual', rule: null, assignee: null });
  });

  it('two days later, wo-4 is due in 23 h and is assigned (also with --now=ISO)', () => {
    const { out } = run(args({ rules }, '--now=2026-11-23T07:00:00Z'));
    expect(wo(out, 'wo-4')).toMatchObject({ outcome: 'auto', assignee: { type: 'engineer', id: 'e-2' } });
  });

  it('the trace shows the now that was used', () => {
    const { out } = run(args({ rules }, '--now', '2026-11-21T08:00:00Z', '--explain'));
    expect((wo(out, 'wo-1').trace as { now: string }).now).toBe('2026-11-21T08:00:00.000Z');
  });

  it('a --now that is not a time is an error', () => {
    const { code, out } = run(args({ rules }, '--now', 'tomorrow'));
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/error: .*tomorrow.* not an ISO time/);
  });
});

describe('errors are printed like `rules check`, and nothing runs', () => {
  const LINE = /^(.+):(\d+):(\d+): (error|warning): (.+)$/;

  it('a gateway condition with a misspelled field, at its place in the flow file', () => {
    const flow = path.join(repo, 'engine/fixtures/invalid/gateway-condition-invalid.flow.json');
    const { code, out } = run(args({ flow }));
    expect(code).toBe(1);
    expect(out).toHaveLength(1);
    const m = LINE.exec(out[0])!;
    expect(m).not.toBeNull();
    expect(m[1]).toBe(flow);
    expect(m[4]).toBe('error');
    expect(m[5]).toContain('route → pick');
    expect(m[5]).toContain('did you mean "priority"?');
    const text = readFileSync(flow, 'utf8').split('\n');
    const lineNo = text.findIndex((l) => l.includes('priorty')) + 1;
    expect(Number(m[2])).toBe(lineNo);
    expect(text[lineNo - 1].slice(Number(m[3]) - 1).startsWith('priorty')).toBe(true);
  });

  it('a cycle: one line per node on it, at the node', () => {
    const flow = path.join(repo, 'engine/fixtures/invalid/cycle.flow.json');
    const { code, out } = run(args({ flow }));
    expect(code).toBe(1);
    // The nodes are listed one per line from line 5 on, indented by four spaces.
    expect(out.sort()).toEqual(
      [
        `${flow}:6:5: error: Node "assign" is on a cycle; flows run one way`,
        `${flow}:7:5: error: Node "accept" is on a cycle; flows run one way`,
        `${flow}:8:5: error: Node "check" is on a cycle; flows run one way`,
      ].sort(),
    );
  });

  it('an edge problem points at the edge', () => {
    const flow = path.join(repo, 'engine/fixtures/invalid/duplicate-edge.flow.json');
    const { code, out } = run(args({ flow }));
    expect(code).toBe(1);
    // nodes on lines 5–8, "edges": [ on 10, the second start → assign on 12.
    expect(out).toEqual([`${flow}:12:5: error: Edge start → assign is there twice`]);
  });

  it('a flow that is not JSON, or lacks fields, is reported where the problem is', () => {
    const broken = write('broken.flow.json', '{\n  "name": "x",\n  "nodes": [],\n  "edges": [,]\n}\n');
    const a = run(args({ flow: broken }));
    expect(a.code).toBe(1);
    expect(a.out).toHaveLength(1);
    expect(a.out[0]).toMatch(new RegExp(`^${escape(broken)}:4:13: error: Not valid JSON`));

    const missing = write('missing.flow.json', '{\n  "name": "x",\n  "nodes": [\n    { "id": "a" }\n  ],\n  "edges": []\n}\n');
    const b = run(args({ flow: missing }));
    expect(b.code).toBe(1);
    expect(b.out).toEqual([`${missing}:4:5: error: nodes.0.kind: A node needs a "kind" string`]);
  });

  it('a rule set with errors prints exactly what `rules check --data` prints, and exits 1', () => {
    const rules = write(
      'typo.rules',
      `rule "typo"
  when order.priorty == "High"
  assign manual

rule "who"
  when true
  assign engineer "Nobody Here"
`,
    );
    const { code, out } = run(args({ rules }));
    expect(code).toBe(1);
    const check: string[] = [];
    const checkCode = rulesMain(['check', rules, '--data', DATA], { out: (l) => check.push(l), write: () => {}, err: () => {} });
    expect(checkCode).toBe(1);
    expect(out).toEqual(check);
    // The misspelled field, at the start of "priorty" on line 2.
    expect(out[0]).toMatch(new RegExp(`^${escape(rules)}:2:14: error: .*did you mean "priority"\\?`));
    expect(out.some((l) => /:7:\d+: (error|warning): .*Nobody Here/.test(l))).toBe(true);
    for (const l of out) expect(l).toMatch(LINE);
  });

  it('a flow and a rule set both with errors: both are listed', () => {
    const rules = write('bad.rules', 'rule "x"\n  when order.nope\n  assign manual\n');
    const flow = path.join(repo, 'engine/fixtures/invalid/self-loop.flow.json');
    const { code, out } = run(args({ flow, rules }));
    expect(code).toBe(1);
    expect(out.some((l) => l.startsWith(`${flow}:`))).toBe(true);
    expect(out.some((l) => l.startsWith(`${rules}:2:`))).toBe(true);
    expect(out.every((l) => !l.startsWith('{'))).toBe(true);
  });

  it('a missing file is an error at 1:1; a missing argument is a usage error (exit 2)', () => {
    const gone = path.join(tmp, 'gone.flow.json');
    const a = run(args({ flow: gone }));
    expect(a.code).toBe(1);
    expect(a.out[0]).toMatch(new RegExp(`^${escape(gone)}:1:1: error: cannot read`));
    const b = run(['--flow', FLOW, '--rules', RULES]);
    expect(b.code).toBe(2);
    expect(b.out).toEqual([]);
    expect(b.err.join('\n')).toContain('usage:');
    expect(run([...args(), '--bogus']).code).toBe(2);
  });

  it('a now in the data file that is not a time is reported at its value', () => {
    const data = write('bad-now.data.json', readFileSync(DATA, 'utf8').replace('"now": "2026-11-21T09:00:00Z"', '"now": "soon"'));
    const { code, out } = run(args({ data }));
    expect(code).toBe(1);
    expect(out).toEqual([`${data}:2:10: error: "soon" is not an ISO time`]);
    // --now replaces it, so the run goes ahead.
    expect(run(args({ data }, '--now', '2026-11-21T09:00:00Z')).out).toEqual(run(args()).out);
  });

  it('a data file that is not JSON is reported with its position', () => {
    const data = write('bad.data.json', '{\n  "now": "2026-11-21T09:00:00Z",\n  "engineers": [}\n');
    const { code, out } = run(args({ data }));
    expect(code).toBe(1);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(new RegExp(`^${escape(data)}:3:17: error: not valid JSON`));
  });
});

describe('the real command', () => {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const spawn = (argv: string[]) => spawnSync(npx, ['tsx', 'engine/cli/simulate.ts', ...argv], { cwd: repo, encoding: 'utf8', timeout: 60_000 });

  it('prints the NDJSON on stdout and exits 0', () => {
    const r = spawn(['--flow', rel(FLOW), '--rules', rel(RULES), '--data', rel(DATA)]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toEqual(run(args()).out);
    expect(parse(lines).map((l) => `${l.order}:${l.node}:${l.outcome}`)).toEqual([
      'wo-1:own-engineer:auto',
      'wo-2:pick-provider:auto',
      'wo-2:sp-engineer:auto',
      'wo-3:own-engineer:manual',
      'wo-4:own-engineer:manual',
      'wo-5:own-engineer:manual',
    ]);
  });

  it('exits 1 with FILE:LINE:COL lines for a flow with errors', () => {
    const flow = 'engine/fixtures/invalid/duplicate-edge.flow.json';
    const r = spawn(['--flow', flow, '--rules', rel(RULES), '--data', rel(DATA)]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${flow}:12:5: error: Edge start → assign is there twice\n`);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('warnings', () => {
  it('a rule set with warnings only still runs; the warnings go to stderr so stdout stays NDJSON', () => {
    // `== null` is always false (a warning, not an error), so this rule never decides anything.
    const rules = write('warn.rules', `${readFileSync(RULES, 'utf8')}\nrule "never-fires"\n  when order.location == null\n  assign manual\n`);
    const { code, out, err } = run(args({ rules }));
    expect(code).toBe(0);
    expect(err).toHaveLength(1);
    for (const l of err) expect(l).toMatch(new RegExp(`^${escape(rules)}:\\d+:\\d+: warning: `));
    expect(out).toEqual(run(args()).out);
  });
});

// Scheduling (FORMATS.md): fixtures/schedule.data.json with schedule.rules and schedule.flow.json,
// now = 2026-11-23T07:00Z, travel 40 km/h with a 5-minute minimum. e-1 (scheduling keys in an entry
// of its own, merged by id) is booked 09:00–10:00 on wo-0; e-2's van is in maintenance; e-3 is
// 11.1 km out (17 min); e-4 is at the orders' address. Shifts 08:00–16:00.
//   wo-1 90 min, window 08:00–18:00 (duration and window in a second entry): e-3 and e-4 can start
//        at 08:00 (ties by id), e-1 only at 10:05 (wo-0, then 5 min): e-3 at 08:00, e-4 with it
//   wo-2 60 min: e-1 cannot reach wo-0 by 09:00 from a slot ending 09:00 (5 min); as wo-1.
//        Sequentially e-3 and e-4 are booked until 09:30: 09:35 (5 min from wo-1's place)
//   wo-3 no duration: no booking; the least loaded, e-3 (sequentially e-1: e-3 and e-4 hold 2 now)
//   wo-4 45 min, window 06:00–07:30: nobody works then, so no rule matches
describe('simulate: scheduling', () => {
  const SFLOW = path.join(repo, 'engine/fixtures/schedule.flow.json');
  const SRULES = path.join(repo, 'engine/fixtures/schedule.rules');
  const SDATA = path.join(repo, 'engine/fixtures/schedule.data.json');
  const sargs = (...more: string[]) => args({ flow: SFLOW, rules: SRULES, data: SDATA }, ...more);
  const line = (order: string, rule: string | null, assignee: string | null, collaborators: string[], slot?: [string, string]) => ({
    order,
    node: 'own-engineer',
    kind: 'assign_engineer',
    outcome: assignee ? 'auto' : 'manual',
    rule,
    assignee: assignee ? { type: 'engineer', id: assignee } : null,
    collaborators: collaborators.map((id) => ({ type: 'engineer', id })),
    ...(slot ? { start: `2026-11-23T${slot[0]}:00Z`, end: `2026-11-23T${slot[1]}:00Z` } : {}),
  });

  it('adds the booking to assignments of orders with a duration, as ISO times in UTC without milliseconds', () => {
    const { code, out, err } = run(sargs());
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out[0]).toBe(
      '{"order":"wo-1","node":"own-engineer","kind":"assign_engineer","outcome":"auto","rule":"earliest-slot","assignee":{"type":"engineer","id":"e-3"},"collaborators":[{"type":"engineer","id":"e-4"}],"start":"2026-11-23T08:00:00Z","end":"2026-11-23T09:30:00Z"}',
    );
    expect(parse(out)).toEqual([
      line('wo-1', 'earliest-slot', 'e-3', ['e-4'], ['08:00', '09:30']),
      line('wo-2', 'earliest-slot', 'e-3', ['e-4'], ['08:00', '09:00']),
      line('wo-3', 'no-duration', 'e-3', []),
      line('wo-4', null, null, []),
    ]);
  });

  it('--sequential applies each auto-assignment before the next order: bookings, open orders', () => {
    const { code, out } = run(sargs('--sequential'));
    expect(code).toBe(0);
    expect(parse(out)).toEqual([
      line('wo-1', 'earliest-slot', 'e-3', ['e-4'], ['08:00', '09:30']),
      line('wo-2', 'earliest-slot', 'e-3', ['e-4'], ['09:35', '10:35']),
      line('wo-3', 'no-duration', 'e-1', []),
      line('wo-4', null, null, []),
    ]);
  });

  it('--now moves the search; --explain shows the slots as rank keys', () => {
    const { out } = run(sargs('--now', '2026-11-23T09:10:00Z', '--explain'));
    const first = parse(out)[0] as { start: string; trace: { considered: Array<{ selection: { top: Array<{ id: string; keys: unknown[] }> } }> } };
    // e-3 is 17 min away: 09:27; e-4 09:15; e-1 after wo-0: 10:05.
    expect(first.start).toBe('2026-11-23T09:15:00Z');
    expect(first.trace.considered[0].selection.top.map((c) => [c.id, c.keys[0]])).toEqual([
      ['e-4', '2026-11-23T09:15:00.000Z'],
      ['e-3', '2026-11-23T09:27:00.000Z'],
      ['e-1', '2026-11-23T10:05:00.000Z'],
    ]);
  });

  it('bad scheduling keys are errors naming the path, at their line and column', () => {
    const bad = JSON.parse(readFileSync(SDATA, 'utf8'));
    bad.engineers[2].shifts[0].end = '2026-11-23T07:00:00Z';
    bad.orders[1].durationMinutes = -5;
    bad.engineers[4].bookings[0].start = 'tomorrow';
    const data = write('bad.data.json', JSON.stringify(bad, null, 2));
    const { code, out } = run(args({ flow: SFLOW, rules: SRULES, data }));
    expect(code).toBe(1);
    expect(out.map((l) => l.replace(/^.*?:\d+:\d+: /, ''))).toEqual([
      'error: engineers.2.shifts.0.end: ends before it starts',
      'error: engineers.4.bookings.0.start: "tomorrow" is not an ISO time',
      'error: orders.1.durationMinutes: -5 is not a number of minutes above 0',
    ]);
    for (const l of out) expect(l.startsWith(`${data}:`)).toBe(true);
  });
});

describe('--why-not ID (FORMATS.md)', () => {
  const whyNotOf = (id: string) => parse(run(args({}, '--why-not', id)).out).map((l) => [l.order, l.node, l.whyNot]);

  it('the assignee is chosen, a collaborator is a collaborator, and each other rule considered says why, in order', () => {
    expect(whyNotOf('e-2')).toEqual([
      ['wo-1', 'own-engineer', { id: 'e-2', collaborator: true }],
      // pick-provider assigns providers only: no whyNot for an engineer.
      ['wo-2', 'pick-provider', undefined],
      ['wo-2', 'sp-engineer', { id: 'e-2', rules: [{ rule: 'platinum-manual', reason: 'when' }, { rule: 'nearest-provider-engineer', reason: 'scope' }] }],
      ['wo-3', 'own-engineer', { id: 'e-2', rules: [{ rule: 'platinum-manual', reason: 'target' }] }],
      ['wo-4', 'own-engineer', { id: 'e-2', rules: [{ rule: 'platinum-manual', reason: 'when' }, { rule: 'nearest-skilled-engineer', reason: 'when' }] }],
      [
        'wo-5',
        'own-engineer',
        {
          id: 'e-2',
          rules: [
            { rule: 'platinum-manual', reason: 'when' },
            // Ben has hvac only (wo-5 needs electrical), and wo-5 has no location: both terms are false.
            { rule: 'nearest-skilled-engineer', reason: 'where', failed: ['engineer.skills contains all order.requiredSkills', 'distance(engineer.location, order.location) <= 25 km'] },
          ],
        },
      ],
    ]);
    expect(whyNotOf('e-1')[0]).toEqual(['wo-1', 'own-engineer', { id: 'e-1', chosen: true }]);
  });

  it('a candidate that passed where is ranked: its 1-based position and the assignee ahead', () => {
    // wo-1: e-1 0.3 km, e-2 1.5 km, e-4 ~11 km (e-3 is busy, e-5 has no hvac).
    expect(whyNotOf('e-4')[0][2]).toEqual({ id: 'e-4', rules: [{ rule: 'platinum-manual', reason: 'when' }, { rule: 'nearest-skilled-engineer', reason: 'rank', position: 3, behind: 'e-1' }] });
    expect(whyNotOf('e-3')[0][2]).toEqual({
      id: 'e-3',
      rules: [{ rule: 'platinum-manual', reason: 'when' }, { rule: 'nearest-skilled-engineer', reason: 'where', failed: ['engineer.status == "available"'] }],
    });
    // Providers too: p-1 (4.5) is behind p-2 (4.8) for wo-2.
    expect(whyNotOf('p-1').filter((l) => l[2])).toEqual([
      ['wo-2', 'pick-provider', { id: 'p-1', rules: [{ rule: 'platinum-manual', reason: 'when' }, { rule: 'provider-by-region', reason: 'rank', position: 2, behind: 'p-2' }] }],
    ]);
    expect(whyNotOf('p-2').filter((l) => l[2])).toEqual([['wo-2', 'pick-provider', { id: 'p-2', chosen: true }]]);
  });

  it('a provider engineer at a node for internal engineers is outside its scope; the line keeps its other keys and order', () => {
    const { out } = run(args({}, '--why-not', 'pe-1'));
    const first = parse(out)[0];
    expect(Object.keys(first)).toEqual([...KEYS, 'whyNot']);
    expect(first.whyNot).toEqual({ id: 'pe-1', rules: [{ rule: 'platinum-manual', reason: 'when' }, { rule: 'nearest-skilled-engineer', reason: 'scope' }] });
  });

  it('where terms are given as written, white space collapsed', () => {
    const rules = write(
      'spaced.rules',
      'rule "spaced"\n  when true\n  assign engineer\n    where engineer.skills   contains all\n        order.requiredSkills and (engineer.rating >  4.5\n   or engineer.openOrders == 0)\n',
    );
    const lines = parse(run(args({ rules }, '--why-not', 'e-4')).out);
    expect(lines[0].whyNot).toEqual({ id: 'e-4', rules: [{ rule: 'spaced', reason: 'where', failed: ['(engineer.rating > 4.5 or engineer.openOrders == 0)'] }] });
  });

  it('an order with a duration: a candidate with no earliest slot is not a candidate (reason "slot")', () => {
    const SFLOW = path.join(repo, 'engine/fixtures/schedule.flow.json');
    const SDATA = path.join(repo, 'engine/fixtures/schedule.data.json');
    const rules = write('slot.rules', 'rule "any"\n  when true\n  assign engineer\n    rank by engineer.openOrders asc\n');
    const data = JSON.parse(readFileSync(SDATA, 'utf8'));
    // e-4's only shift is too short for wo-1's 90 minutes.
    data.engineers.find((e: { id: string; shifts?: unknown }) => e.id === 'e-4' && e.shifts).shifts = [{ start: '2026-11-23T08:00:00Z', end: '2026-11-23T08:30:00Z' }];
    const file = write('slot.data.json', JSON.stringify(data));
    const first = parse(run(args({ flow: SFLOW, rules, data: file }, '--why-not', 'e-4')).out)[0];
    expect(first.order).toBe('wo-1');
    expect(first.whyNot).toEqual({ id: 'e-4', rules: [{ rule: 'any', reason: 'slot' }] });
  });

  it('an id that is in no directory entry is an error (exit 1); --why-not needs a value (exit 2)', () => {
    const bad = run(args({}, '--why-not', 'e-99'));
    expect(bad.code).toBe(1);
    expect(bad.out).toEqual([`--why-not: error: no engineer, provider or service group "e-99" in ${DATA}`]);
    expect(run(args({}, '--why-not')).code).toBe(2);
  });
});

// Hand-written data files checked against RULES.md's earliest slot, case by case (FORMATS.md's
// scheduling keys only). Engineers and orders at 40.75,-73.99 unless said; 40.93 is 20.02 km
// north: 31 minutes at 40 km/h (30.02, rounded up).
describe('simulate: the earliest slot, case by case', () => {
  const SFLOW = path.join(repo, 'engine/fixtures/schedule.flow.json');
  const HERE = { lat: 40.75, lng: -73.99 };
  const NORTH = { lat: 40.93, lng: -73.99 };
  const engineer = (e: Record<string, unknown>) => ({
    name: e.id, providerId: null, skills: [], status: 'available', region: 'North', openOrders: 0, capacity: 5, rating: 4, location: HERE, ...e,
  });
  const order = (o: Record<string, unknown>) => ({
    number: `WO-${o.id}`, title: 'Service', category: 'HVAC', priority: 'High', source: 'api', customer: { name: 'Acme', tier: 'Gold' },
    address: { city: 'New York', region: 'North', postcode: '10001' }, location: HERE, requiredSkills: [], tags: [], custom: {},
    createdAt: '2026-11-23T06:00:00Z', sla: { respondBy: '2026-11-30T00:00:00Z', resolveBy: '2026-11-30T00:00:00Z' }, ...o,
  });
  const EARLIEST = 'rule "earliest"\n  when order.duration is not null\n  assign engineer\n    where engineer.earliestStart is not null\n    rank by engineer.earliestStart asc\n    with 1 collaborator\n';
  function sim(spec: { now: string; travel?: unknown; engineers: Array<Record<string, unknown>>; orders: Array<Record<string, unknown>> }, rules = EARLIEST, ...more: string[]) {
    const data = write('case.data.json', JSON.stringify({ now: spec.now, travel: spec.travel, serviceGroups: [], providers: [], engineers: spec.engineers.map(engineer), orders: spec.orders.map(order) }));
    const r = run(args({ flow: SFLOW, rules: write('case.rules', rules), data }, ...more));
    expect(r.code).toBe(0);
    return parse(r.out).map((l) => ({
      order: l.order,
      assignee: (l.assignee as { id: string } | null)?.id ?? null,
      collaborators: (l.collaborators as Array<{ id: string }>).map((c) => c.id),
      slot: l.start === undefined ? null : `${String(l.start).slice(11, 16)}-${String(l.end).slice(11, 16)}`,
      ...(String(l.start ?? '').slice(0, 10) !== '2026-11-23' && l.start !== undefined ? { day: String(l.start).slice(0, 10) } : {}),
    }));
  }
  const one = (...a: Parameters<typeof sim>) => sim(...a)[0];

  it('t is the first whole minute at or after now + the travel; the travel speed and minimum apply; an unknown point counts 0', () => {
    const far = { now: '2026-11-23T09:00:30Z', engineers: [{ id: 'e-1' }], orders: [{ id: 'o1', durationMinutes: 60, location: NORTH }] };
    expect(one(far).slot).toBe('09:32-10:32'); // 09:00:30 + 31 min, next whole minute
    expect(one({ ...far, travel: { speedKmh: 80 } }).slot).toBe('09:17-10:17'); // 16 min
    expect(one({ ...far, travel: { speedKmh: 80, minimumMinutes: 45 } }).slot).toBe('09:46-10:46'); // never below the minimum
    // No location: travel_time is null, which counts 0 minutes (not the minimum).
    expect(one({ ...far, travel: { minimumMinutes: 5 }, engineers: [{ id: 'e-1', location: null }] }).slot).toBe('09:01-10:01');
  });

  it('shifts in any offset; travel may lie before the shift; a slot may begin the minute a booking ends; travel from the previous booking', () => {
    const shift = [{ start: '2026-11-23T08:00:00-05:00', end: '2026-11-23T16:00:00-05:00' }]; // 13:00-21:00 UTC
    const booked = (location: unknown) => [{ order: 'wo-0', start: '2026-11-23T13:00:00Z', end: '2026-11-23T14:00:00Z', location }];
    expect(one({ now: '2026-11-23T12:00:00Z', engineers: [{ id: 'e-1', shifts: shift }], orders: [{ id: 'o1', durationMinutes: 60, location: NORTH }] }).slot).toBe('13:00-14:00');
    expect(one({ now: '2026-11-23T07:00:00Z', engineers: [{ id: 'e-1', shifts: shift, bookings: booked(HERE) }], orders: [{ id: 'o1', durationMinutes: 60 }] }).slot).toBe('14:00-15:00');
    expect(one({ now: '2026-11-23T07:00:00Z', engineers: [{ id: 'e-1', shifts: shift, bookings: booked(null) }], orders: [{ id: 'o1', durationMinutes: 60 }], travel: { minimumMinutes: 5 } }).slot).toBe('14:00-15:00');
    expect(one({ now: '2026-11-23T07:00:00Z', engineers: [{ id: 'e-1', shifts: shift, bookings: booked(NORTH) }], orders: [{ id: 'o1', durationMinutes: 60 }] }).slot).toBe('14:31-15:31');
  });

  it('the work and the drive to the next booking must end by its start (exactly is enough); else after it', () => {
    const next = (start: string) => ({
      now: '2026-11-23T07:00:00Z',
      engineers: [{ id: 'e-1', shifts: [{ start: '2026-11-23T13:00:00Z', end: '2026-11-23T21:00:00Z' }], bookings: [
        { order: 'wo-0', start: '2026-11-23T13:00:00Z', end: '2026-11-23T14:00:00Z', location: HERE },
        { order: 'wo-9', start, end: '2026-11-23T16:00:00Z', location: NORTH },
      ] }],
      orders: [{ id: 'o1', durationMinutes: 60 }],
    });
    expect(one(next('2026-11-23T15:31:00Z')).slot).toBe('14:00-15:00'); // 15:00 + 31 min = 15:31
    expect(one(next('2026-11-23T15:20:00Z')).slot).toBe('16:31-17:31'); // after wo-9, 31 min back
  });

  it('a slot may end exactly at the end of the window or of a shift, and must lie inside one shift', () => {
    const spec = (end: string) => ({
      now: '2026-11-23T07:00:00Z',
      engineers: [{ id: 'e-1', bookings: [{ order: 'wo-0', start: '2026-11-23T13:00:00Z', end: '2026-11-23T14:00:00Z' }] }],
      orders: [{ id: 'o1', durationMinutes: 60, window: { start: '2026-11-23T08:00:00-05:00', end } }],
    });
    expect(one(spec('2026-11-23T15:00:00Z')).slot).toBe('14:00-15:00');
    expect(one(spec('2026-11-23T14:59:00Z'))).toEqual({ order: 'o1', assignee: null, collaborators: [], slot: null });
    const halves = [{ start: '2026-11-23T13:00:00Z', end: '2026-11-23T14:00:00Z' }, { start: '2026-11-23T14:00:00Z', end: '2026-11-23T15:00:00Z' }];
    const r = sim({ now: '2026-11-23T07:00:00Z', engineers: [{ id: 'e-1', shifts: halves }], orders: [{ id: 'o1', durationMinutes: 90 }, { id: 'o2', durationMinutes: 60 }] });
    expect(r.map((l) => l.slot)).toEqual([null, '13:00-14:00']); // two shifts back to back are not one
  });

  it('a slot ends by now + 14 days', () => {
    const r = sim({
      now: '2026-11-23T09:00:00Z',
      engineers: [{ id: 'e-1' }],
      orders: [
        { id: 'o1', durationMinutes: 60, window: { start: '2026-12-07T08:00:00Z', end: '2026-12-08T00:00:00Z' } },
        { id: 'o2', durationMinutes: 60, window: { start: '2026-12-07T08:01:00Z', end: '2026-12-08T00:00:00Z' } },
      ],
    });
    expect(r).toEqual([
      { order: 'o1', assignee: 'e-1', collaborators: [], slot: '08:00-09:00', day: '2026-12-07' },
      { order: 'o2', assignee: null, collaborators: [], slot: null },
    ]);
  });

  it('collaborators share the owner’s slot: a candidate for whom [t, t + D] breaks a rule is skipped', () => {
    const rules = 'rule "best"\n  when order.duration is not null\n  assign engineer\n    where engineer.earliestStart is not null\n    rank by engineer.rating desc\n    with 2 collaborators\n';
    const shift = [{ start: '2026-11-23T12:00:00Z', end: '2026-11-23T16:00:00Z' }];
    const r = one({
      now: '2026-11-23T11:00:00Z',
      engineers: [
        { id: 'e-1', rating: 5, shifts: shift },
        { id: 'e-2', rating: 4.6, shifts: shift, bookings: [{ order: null, start: '2026-11-23T12:00:00Z', end: '2026-11-23T12:30:00Z' }] }, // busy
        { id: 'e-3', rating: 4.5, location: { lat: 42.5, lng: -73.99 } }, // 4.9 h away
        { id: 'e-4', rating: 4.4, bookings: [{ order: 'x', start: '2026-11-23T13:00:00Z', end: '2026-11-23T14:00:00Z', location: NORTH }] }, // cannot drive there in time
        { id: 'e-5', rating: 4.3, shifts: [{ start: '2026-11-23T12:30:00Z', end: '2026-11-23T16:00:00Z' }] }, // shift starts later
        { id: 'e-6', rating: 4.2 },
        { id: 'e-7', rating: 4.1 },
      ],
      orders: [{ id: 'o1', durationMinutes: 60 }],
    }, rules);
    expect(r).toEqual({ order: 'o1', assignee: 'e-1', collaborators: ['e-6', 'e-7'], slot: '12:00-13:00' });
  });

  it('--sequential: the owner’s and the collaborators’ bookings take the slot from the next order', () => {
    const shift = (start: string) => [{ start, end: '2026-11-23T14:00:00Z' }];
    const spec = {
      now: '2026-11-23T07:00:00Z',
      engineers: [{ id: 'e-1', shifts: shift('2026-11-23T12:00:00Z') }, { id: 'e-2', shifts: shift('2026-11-23T12:00:00Z') }, { id: 'e-3', shifts: shift('2026-11-23T12:10:00Z') }],
      orders: [{ id: 'o1', durationMinutes: 60 }, { id: 'o2', durationMinutes: 60 }, { id: 'o3', durationMinutes: 50 }],
    };
    expect(sim(spec).map((l) => [l.assignee, l.slot])).toEqual([['e-1', '12:00-13:00'], ['e-1', '12:00-13:00'], ['e-1', '12:00-12:50']]);
    expect(sim(spec, EARLIEST, '--sequential')).toEqual([
      { order: 'o1', assignee: 'e-1', collaborators: ['e-2'], slot: '12:00-13:00' },
      { order: 'o2', assignee: 'e-3', collaborators: [], slot: '12:10-13:10' }, // e-1 and e-2 are booked until 13:00
      { order: 'o3', assignee: 'e-1', collaborators: ['e-2'], slot: '13:00-13:50' }, // e-3 until 13:10
    ]);
  });
});

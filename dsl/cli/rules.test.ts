import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './rules';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let written = '';
  const code = main(argv, { out: (l) => out.push(l), write: (t) => (written += t), err: (l) => err.push(l) });
  return { code, out, err, written };
}

describe('rules check', () => {
  it('prints nothing and exits 0 for a clean file', () => {
    expect(run(['check', join(fixtures, 'example.rules')])).toMatchObject({ code: 0, out: [] });
  });

  it('prints FILE:LINE:COL: severity: message and exits 1 on errors', () => {
    const file = join(fixtures, 'errors.rules');
    const r = run(['check', file]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      `${file}:2:14: error: unknown field "priorty" of order: did you mean "priority"?`,
      `${file}:2:54: error: "Hgh" is not one of Low, Medium, High, Urgent: did you mean "High"?`,
      `${file}:4:57: error: a distance is compared with a bare number: write a unit, e.g. 30 km`,
      `${file}:5:6: error: rule "typos" is already defined on line 1`,
      `${file}:6:8: error: \`engineer\` can be used only inside an engineer or provider_engineer selection (where, rank by)`,
    ]);
  });

  it('with --data, checks named assignees and custom fields against the data file', () => {
    const file = join(fixtures, 'errors.rules');
    const r = run(['check', file, '--data', join(fixtures, 'demo.data.json')]);
    expect(r.out).toContain(`${file}:7:24: error: no service group named "Nowhere" in the directory`);
    expect(run(['check', join(fixtures, 'demo.rules'), '--data', join(fixtures, 'demo.data.json')])).toMatchObject({ code: 0, out: [] });
    // demo.rules reads no custom fields; one that does needs the data file's declarations.
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const custom = join(dir, 'custom.rules');
    writeFileSync(custom, 'rule "vip" when order.custom.vip assign manual\n');
    expect(run(['check', custom]).code).toBe(1);
    expect(run(['check', custom, '--data', join(fixtures, 'demo.data.json')]).code).toBe(0);
  });

  it('exits 0 with warnings only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const f = join(dir, 'w.rules');
    writeFileSync(f, 'rule "w" when order.location == null assign manual\n');
    const r = run(['check', f]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([`${f}:1:30: warning: comparing with null is always false: write "is null"`]);
  });

  it('warns of rules that can never fire and of unknown `at` names, checked against node ids with --flow', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const f = join(dir, 'w.rules');
    writeFileSync(
      f,
      ['rule "all-manual" priority 10 when true assign manual', 'rule "late" at own-enginer when true assign engineer', ''].join('\n'),
    );
    const flow = join(dir, 'f.flow.json');
    writeFileSync(flow, JSON.stringify({ name: 'F', nodes: [{ id: 'start', kind: 'start' }, { id: 'own-engineer', kind: 'assign_engineer' }], edges: [] }));
    const plain = run(['check', f]);
    expect(plain.code).toBe(0);
    // Without --flow, "own-enginer" may be a node id of some flow: only the unreachable rule is reported.
    expect(plain.out).toEqual([expect.stringMatching(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:1: warning: rule "late" can never fire`))]);
    const withFlow = run(['check', f, '--flow', flow]);
    expect(withFlow.code).toBe(0);
    expect(withFlow.out).toContain(`${f}:2:16: warning: "own-enginer" is neither a node kind nor a node id of the flows given: did you mean own-engineer?`);
    expect(withFlow.out).toHaveLength(2);
    expect(run(['check', f, '--flow', join(dir, 'missing.flow.json')]).code).toBe(1);
  });

  it('finds no warnings in the demo rules against the demo flows', () => {
    const templates = fileURLToPath(new URL('../../engine/templates/', import.meta.url));
    const flows = ['group-provider-engineer', 'provider-then-engineer', 'direct-provider-engineer'].flatMap((k) => ['--flow', join(templates, `${k}.flow.json`)]);
    expect(run(['check', join(templates, 'metro-auto-dispatch.rules'), ...flows])).toMatchObject({ code: 0, out: [] });
  });

  it('reports a missing file and wrong usage', () => {
    expect(run(['check', '/nope/x.rules']).code).toBe(1);
    expect(run(['check']).code).toBe(2);
    expect(run(['lint', 'x.rules']).code).toBe(2);
  });
});

describe('rules fmt', () => {
  it('prints the formatted text, or rewrites the file with --write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const f = join(dir, 'example.rules');
    copyFileSync(join(fixtures, 'example.rules'), f);
    const printed = run(['fmt', f]);
    expect(printed.code).toBe(0);
    expect(printed.written).toContain('    and order.category == "HVAC"\n');
    expect(readFileSync(f, 'utf8')).toBe(readFileSync(join(fixtures, 'example.rules'), 'utf8'));
    expect(run(['fmt', f, '--write'])).toMatchObject({ code: 0, written: '' });
    expect(readFileSync(f, 'utf8')).toBe(printed.written);
  });

  it('prints syntax errors and exits 1 when the file does not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const f = join(dir, 'bad.rules');
    writeFileSync(f, 'rule "a" when assign manual\n');
    const r = run(['fmt', f, '--write']);
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:15: error: `));
    expect(readFileSync(f, 'utf8')).toBe('rule "a" when assign manual\n');
  });
});

describe('the command as npm runs it', () => {
  it('exits with the status and prints to stdout', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'dsl/cli/rules.ts', 'check', 'dsl/fixtures/errors.rules'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('dsl/fixtures/errors.rules:2:14: error: unknown field "priorty" of order: did you mean "priority"?');
  });
});

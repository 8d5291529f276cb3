// `npm run simulate -- --flow F.flow.json --rules R.rules --data D.data.json [--now ISO] [--explain] [--sequential] [--why-not ID]`
// Runs every order of the data file from `start` through the flow with the live engine's runner
// and an in-memory directory, printing one NDJSON line per dispatch node an order stops at or
// passes through (FORMATS.md). An engineer assignment of an order with a duration prints its
// booking (`start`, `end`); with --sequential each order's auto-assignments are applied to the
// directory (engine/runner applyDecision) before the next order runs.
import { readFileSync } from 'node:fs';
import { canAssign, compileRuleSet, createDirectory, whyNot, type DirectoryData, type OrderData, type WhyNot } from '../../dsl';
import { customFieldsOf, formatDiagnostic } from '../../dsl/cli/rules';
import { compileFlow, locateFlowPath, locateFlowProblem, locateJsonSyntaxError, parseFlowJson, type FlowProblem } from '../flow';

import { advance, applyDecision, initialState, isoSeconds } from '../runner';
import { checkScheduling, mergeById } from './data';

const USAGE = 'usage: npm run simulate -- --flow F.flow.json --rules R.rules --data D.data.json [--now ISO] [--explain] [--sequential] [--why-not ID]';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

function parseArgs(argv: string[]): { flow?: string; rules?: string; data?: string; now?: string; whyNot?: string; explain: boolean; sequential: boolean; bad?: string } {
  const args: ReturnType<typeof parseArgs> = { explain: false, sequential: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--explain') {
      args.explain = true;
      continue;
    }
    if (flag === '--sequential') {
      args.sequential = true;
      continue;
    }
    if (flag === '--flow' || flag === '--rules' || flag === '--data' || flag === '--now' || flag === '--why-not') {
      const value = inline ?? argv[++i];
      if (value === undefined) return { ...args, bad: `${flag} needs a value` };
      args[flag === '--why-not' ? 'whyNot' : (flag.slice(2) as 'flow' | 'rules' | 'data' | 'now')] = value;
      continue;
    }
    return { ...args, bad: `unknown argument ${a}` };
  }
  return args;
}

function readText(file: string, io: Io): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    io.out(`${file}:1:1: error: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return null;
  }
}

export function main(argv: string[], io: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) }): number {
  const args = parseArgs(argv);
  if (args.bad || !args.flow || !args.rules || !args.data) {
    io.err(`${args.bad ?? 'missing --flow, --rules or --data'}\n${USAGE}`);
    return 2;
  }
  const flowText = readText(args.flow, io);
  const rulesText = readText(args.rules, io);
  const dataText = readText(args.data, io);
  if (flowText === null || rulesText === null || dataText === null) return 1;

  let data: DirectoryData;
  try {
    data = JSON.parse(dataText) as DirectoryData;
  } catch (e) {
    const at = locateJsonSyntaxError(dataText, (e as Error).message);
    io.out(`${args.data}:${at.line}:${at.column}: error: not valid JSON (${(e as Error).message.replace(/\s+/g, ' ').trim()})`);
    return 1;
  }
  const badScheduling = checkScheduling(data);
  if (badScheduling.length) {
    for (const p of badScheduling) {
      const at = locateFlowPath(dataText, p.path);
      io.out(`${args.data}:${at.line}:${at.column}: error: ${p.path}: ${p.message}`);
    }
    return 1;
  }
  // The scheduling keys may come in entries of their own, merged into the others by id.
  data = { ...data, engineers: mergeById(data.engineers ?? []), orders: mergeById(data.orders ?? []) };
  const nowText = args.now ?? data.now;
  const now = nowText ? new Date(nowText) : new Date();
  if (Number.isNaN(now.getTime())) {
    const at = locateFlowPath(dataText, 'now');
    io.out(`${args.now ? '--now' : `${args.data}:${at.line}:${at.column}`}: error: "${nowText}" is not an ISO time`);
    return 1;
  }
  let directory = createDirectory(data);
  const customFields = customFieldsOf(data);

  // Problems in the `rules check` format. With errors they go to stdout and nothing runs; warnings
  // alone go to stderr, so stdout stays pure NDJSON.
  const report: string[] = [];
  let failed = false;
  const parsed = parseFlowJson(flowText);
  for (const e of parsed.errors) {
    const at = e.path === '' && e.message.startsWith('Not valid JSON') ? locateJsonSyntaxError(flowText, e.message) : locateFlowPath(flowText, e.path);
    report.push(`${args.flow}:${at.line}:${at.column}: error: ${e.path ? `${e.path}: ` : ''}${e.message}`);
  }
  let problems: FlowProblem[] = [];
  let flow = null;
  if (parsed.graph) {
    ({ flow, problems } = compileFlow(parsed.graph, { customFields }));
    for (const p of problems) {
      for (const line of locateFlowProblem(flowText, parsed.graph, p)) report.push(`${args.flow}:${line.line}:${line.column}: ${p.severity}: ${line.message}`);
    }
  }
  if (!flow) failed = true;

  const compiled = compileRuleSet(rulesText, { customFields, directory });
  for (const d of compiled.diagnostics) report.push(formatDiagnostic(args.rules, d));
  if (!compiled.ruleSet) failed = true;
  if (failed || !flow || !compiled.ruleSet) {
    for (const line of report) io.out(line);
    return 1;
  }
  for (const line of report) io.err(line);

  const ruleSet = compiled.ruleSet;
  const whyNotId = args.whyNot;
  if (whyNotId !== undefined && !directory.engineer(whyNotId) && !directory.provider(whyNotId) && !directory.serviceGroup(whyNotId)) {
    io.out(`--why-not: error: no engineer, provider or service group "${whyNotId}" in ${args.data}`);
    return 1;
  }
  let current = data;
  for (const order of (data.orders ?? []) as OrderData[]) {
    const { steps } = advance(
      order,
      initialState(),
      { flow, ruleSetFor: () => ruleSet, directory, now, excludedAt: () => undefined, passHumanSteps: true },
      'here',
    );
    let next = current;
    for (const step of steps) {
      if (step.type !== 'decision') continue;
      const d = step.decision;
      const line: Record<string, unknown> = {
        order: order.id,
        node: step.nodeId,
        kind: step.kind,
        outcome: d.outcome,
        rule: d.rule,
        assignee: d.assignee ? { type: d.assignee.type, id: d.assignee.id } : null,
        collaborators: d.collaborators.map((c) => ({ type: c.type, id: c.id })),
      };
      if (d.slot) {
        line.start = isoSeconds(d.slot.start);
        line.end = isoSeconds(d.slot.end);
      }
      if (args.explain) line.trace = d.trace;
      if (whyNotId !== undefined && canAssign(step.kind, { directory }, whyNotId)) {
        const why = step.input ? whyNot(step.input.ruleSet, { ...step.input, directory, now }, whyNotId, d) : { id: whyNotId, rules: [] };
        if (why) line.whyNot = whyNotLine(why);
      }
      io.out(JSON.stringify(line));
      if (args.sequential && step.assignment) next = applyDecision(next, d, order, now);
    }
    if (next !== current) {
      current = next;
      directory = createDirectory(current);
    }
  }
  return 0;
}

/** The `whyNot` object of FORMATS.md: the reasons without the explanation's extra detail. */
function whyNotLine(why: WhyNot): Record<string, unknown> {
  if (!('rules' in why)) return why;
  return {
    id: why.id,
    rules: why.rules.map((r) => {
      switch (r.reason) {
        case 'where':
          return { rule: r.rule, reason: r.reason, failed: r.failed };
        case 'rank':
          return { rule: r.rule, reason: r.reason, position: r.position, behind: r.behind };
        default:
          return { rule: r.rule, reason: r.reason };
      }
    }),
  };
}

const isMain = process.argv[1] && /simulate\.ts$/.test(process.argv[1]);
if (isMain) process.exitCode = main(process.argv.slice(2));

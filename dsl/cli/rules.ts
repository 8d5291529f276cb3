// `npm run rules -- check FILE.rules [--data FILE.data.json] [--flow FILE.flow.json ...]`
// `npm run rules -- fmt FILE.rules [--write]`
// Output and exit codes as FORMATS.md says: one `FILE:LINE:COL: error|warning: message` line
// per problem, exit 1 if any error, else 0. (Exit 2: the command line itself is wrong.)
import { readFileSync, writeFileSync } from 'node:fs';
import {
  checkRuleSet,
  createDirectory,
  formatRuleSet,
  type CompileOptions,
  type CustomFieldDef,
  type Diagnostic,
  type DirectoryData,
  type FieldType,
  type FlowNodeRef,
} from '../index';

const USAGE = `usage:
  npm run rules -- check FILE.rules [--data FILE.data.json] [--flow FILE.flow.json ...]
  npm run rules -- fmt FILE.rules [--write]`;

export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line}:${d.range.start.column}: ${d.severity}: ${d.message}`;
}

/** Custom fields as the data file declares them, else as its orders' values suggest. */
export function customFieldsOf(data: DirectoryData): CustomFieldDef[] {
  if (Array.isArray(data.customFields)) return data.customFields;
  const types = new Map<string, FieldType | null>();
  for (const o of data.orders ?? []) {
    for (const [name, v] of Object.entries(o.custom ?? {})) {
      if (v === null || v === undefined) continue;
      const t = typeOfValue(v);
      const seen = types.get(name);
      if (seen === undefined) types.set(name, t);
      else if (JSON.stringify(seen) !== JSON.stringify(t)) types.set(name, null);
    }
  }
  return [...types].filter((e): e is [string, FieldType] => e[1] !== null).map(([name, type]) => ({ name, type }));
}

function typeOfValue(v: unknown): FieldType | null {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v)) ? 'time' : 'string';
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return 'list<string>';
    if (v.every((x) => typeof x === 'number')) return 'list<number>';
    return null;
  }
  if (typeof v === 'object' && v !== null && typeof (v as { lat?: unknown }).lat === 'number') return 'point';
  return null;
}

function read(file: string, out: (s: string) => void): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    out(`${file}:1:1: error: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return null;
  }
}

/** The nodes (id and kind) of a *.flow.json file, or null after printing why it cannot be read. */
function readFlowNodes(file: string, out: (s: string) => void): FlowNodeRef[] | null {
  const text = read(file, out);
  if (text === null) return null;
  let flow: unknown;
  try {
    flow = JSON.parse(text);
  } catch (e) {
    out(`${file}:1:1: error: not valid JSON (${(e as Error).message})`);
    return null;
  }
  const nodes = (flow as { nodes?: unknown })?.nodes;
  if (!Array.isArray(nodes)) {
    out(`${file}:1:1: error: not a flow: it has no "nodes" list`);
    return null;
  }
  const refs: FlowNodeRef[] = [];
  for (const [i, n] of nodes.entries()) {
    const { id, kind } = (n ?? {}) as { id?: unknown; kind?: unknown };
    if (typeof id !== 'string' || typeof kind !== 'string') {
      out(`${file}:1:1: error: node ${i + 1} needs a string "id" and "kind"`);
      return null;
    }
    refs.push({ id, kind });
  }
  return refs;
}

export interface Io {
  /** One line of stdout. */
  out: (line: string) => void;
  /** Raw text to stdout. */
  write: (text: string) => void;
  err: (line: string) => void;
}

const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  write: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Runs the command and returns the exit code; tests pass their own Io. */
export function main(argv: string[], io: Io = processIo): number {
  const { out, err } = io;
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const positional: string[] = [];
  let dataFile: string | null = null;
  const flowFiles: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--data' || rest[i] === '--flow') {
      const value = rest[++i];
      if (value === undefined) {
        err(USAGE);
        return 2;
      }
      if (rest[i - 1] === '--data') dataFile = value;
      else flowFiles.push(value);
    } else if (rest[i].startsWith('--data=')) dataFile = rest[i].slice('--data='.length);
    else if (rest[i].startsWith('--flow=')) flowFiles.push(rest[i].slice('--flow='.length));
    else if (!rest[i].startsWith('--')) positional.push(rest[i]);
  }
  const file = positional[0];
  if (!file || positional.length > 1 || (command !== 'check' && command !== 'fmt')) {
    err(USAGE);
    return 2;
  }
  const source = read(file, out);
  if (source === null) return 1;

  if (command === 'check') {
    for (const f of flags) {
      if (f !== '--data' && !f.startsWith('--data=') && f !== '--flow' && !f.startsWith('--flow=')) {
        err(`unknown option ${f}\n${USAGE}`);
        return 2;
      }
    }
    let options: CompileOptions = {};
    if (dataFile !== null) {
      const text = read(dataFile, out);
      if (text === null) return 1;
      let data: DirectoryData;
      try {
        data = JSON.parse(text) as DirectoryData;
      } catch (e) {
        out(`${dataFile}:1:1: error: not valid JSON (${(e as Error).message})`);
        return 1;
      }
      options = { directory: createDirectory(data), customFields: customFieldsOf(data) };
    }
    if (flowFiles.length) {
      const flowNodes: FlowNodeRef[] = [];
      for (const flowFile of flowFiles) {
        const nodes = readFlowNodes(flowFile, out);
        if (nodes === null) return 1;
        flowNodes.push(...nodes);
      }
      options = { ...options, flowNodes };
    }
    const diagnostics = checkRuleSet(source, options);
    for (const d of diagnostics) out(formatDiagnostic(file, d));
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  }

  for (const f of flags) {
    if (f !== '--write') {
      err(`unknown option ${f}\n${USAGE}`);
      return 2;
    }
  }
  const result = formatRuleSet(source);
  if (result.text === null) {
    for (const d of result.diagnostics) out(formatDiagnostic(file, d));
    return 1;
  }
  if (flags.has('--write')) {
    if (result.text !== source) writeFileSync(file, result.text);
  } else io.write(result.text);
  return 0;
}

const isMain = process.argv[1] && /rules\.ts$/.test(process.argv[1]);
if (isMain) process.exitCode = main(process.argv.slice(2));

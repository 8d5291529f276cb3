// Line and column of a flow problem in its *.flow.json text, so the CLI can print
// `FILE:LINE:COL: error: message` the way `rules check` does.
import type { FlowGraph } from './model';
import type { FlowProblem } from './validate';

interface Located {
  line: number;
  column: number;
  message: string;
}

/** Start offsets of every JSON value, by path ("edges.2.when"). */
function valueOffsets(text: string): Map<string, number> {
  const offsets = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const str = () => {
    i++; // opening quote
    let s = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        s += text.slice(i, i + 2);
        i += 2;
      } else s += text[i++];
    }
    i++;
    try {
      return JSON.parse(`"${s}"`) as string;
    } catch {
      return s;
    }
  };
  /** The members of an object or array, from its opening bracket to past its closing one. */
  const members = (close: string, member: (n: number) => void) => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (let n = 0; i < text.length; n++) {
      member(n);
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      i++;
      return;
    }
  };
  const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
  const value = (path: string) => {
    ws();
    offsets.set(path, i);
    const c = text[i];
    if (c === '{') {
      members('}', () => {
        ws();
        const key = str();
        ws();
        i++; // colon
        value(at(path, key));
      });
    } else if (c === '[') {
      members(']', (n) => value(at(path, String(n))));
    } else if (c === '"') {
      str();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    }
  };
  try {
    value('');
  } catch {
    /* a partial map is still useful */
  }
  return offsets;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      last = k;
    }
  }
  return { line, column: offset - last };
}

/** Raw offset in the JSON text of the `n`-th character of the decoded string starting at `quote`. */
function offsetInString(text: string, quote: number, n: number): number {
  let k = quote + 1;
  for (let c = 0; c < n && k < text.length && text[k] !== '"'; c++) k += text[k] === '\\' ? (text[k + 1] === 'u' ? 6 : 2) : 1;
  return k;
}

export function locateFlowProblem(text: string, graph: FlowGraph, problem: FlowProblem): Located[] {
  const offsets = valueOffsets(text);
  const at = (path: string) => lineColumn(text, offsets.get(path) ?? 0);
  if (problem.edge) {
    const base = `edges.${problem.edge.index}`;
    if (problem.diagnostics?.length) {
      const quote = offsets.get(`${base}.when`);
      const errors = problem.diagnostics.filter((d) => d.severity === 'error');
      if (quote !== undefined) {
        const condition = graph.edges[problem.edge.index].when ?? '';
        const lines = condition.split('\n');
        return errors.map((d) => {
          const before = lines.slice(0, d.range.start.line - 1).reduce((sum, l) => sum + l.length + 1, 0);
          const pos = lineColumn(text, offsetInString(text, quote, before + d.range.start.column - 1));
          return { ...pos, message: `condition on ${problem.edge!.from} → ${problem.edge!.to}: ${d.message}` };
        });
      }
    }
    return [{ ...at(base), message: problem.message }];
  }
  if (problem.nodeIndex !== undefined && problem.nodeIndex < graph.nodes.length) {
    return [{ ...at(`nodes.${problem.nodeIndex}`), message: problem.message }];
  }
  if (problem.nodeId !== undefined) {
    const index = graph.nodes.findIndex((n) => n.id === problem.nodeId);
    if (index >= 0) return [{ ...at(`nodes.${index}`), message: problem.message }];
  }
  return [{ line: 1, column: 1, message: problem.message }];
}

/**
 * Line and column of a JSON path ("edges.2.to") in the text, for the structural errors of
 * parseFlowJson; a key that is missing points at the object that lacks it.
 */
export function locateFlowPath(text: string, path: string): { line: number; column: number } {
  const offsets = valueOffsets(text);
  let p = path;
  while (p && !offsets.has(p)) p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '';
  return lineColumn(text, offsets.get(p) ?? 0);
}

/** Offset of the first JSON syntax error in the text, or null when it is valid JSON. */
export function jsonSyntaxErrorOffset(text: string): number | null {
  let i = 0;
  const fail = (at: number): never => {
    throw new SyntaxAt(at);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail(i);
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c < ' ') fail(i);
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(i);
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(i);
        string();
        ws();
        if (text[i] !== ':') fail(i);
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail(i);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail(i);
      }
    }
    if (c === '"') return string();
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = i;
    if (number.test(text)) {
      i = number.lastIndex;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail(i);
  };
  try {
    value();
    ws();
    return i < text.length ? i : null;
  } catch (e) {
    if (e instanceof SyntaxAt) return e.offset;
    throw e;
  }
}

class SyntaxAt {
  constructor(readonly offset: number) {}
}

/** Line and column of a JSON syntax error in the text (the parser's message is used when the text scans clean). */
export function locateJsonSyntaxError(text: string, message: string): { line: number; column: number } {
  const offset = jsonSyntaxErrorOffset(text);
  if (offset !== null) return lineColumn(text, offset);
  const lc = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /at position (\d+)/.exec(message);
  if (pos) return lineColumn(text, Number(pos[1]));
  // "Unexpected end of JSON input": the end of the text.
  if (/end of JSON input/.test(message)) return lineColumn(text, text.length);
  return { line: 1, column: 1 };
}

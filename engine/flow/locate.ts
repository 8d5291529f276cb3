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
  const value = (path: string) => {
    ws();
    offsets.set(path, i);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      while (i < text.length) {
        ws();
        const key = str();
        ws();
        i++; // colon
        value(path ? `${path}.${key}` : key);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        i++;
        return;
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; i < text.length; n++) {
        value(path ? `${path}.${n}` : String(n));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        i++;
        return;
      }
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

// Positions in *.flow.json text: JSON syntax errors, missing fields, problems on nodes and edges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxErrorOffset, locateFlowPath, locateFlowProblem, locateJsonSyntaxError } from './locate';
import { parseFlowJson } from './model';
import { validateFlow } from './validate';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonSyntaxErrorOffset', () => {
  it('finds the first offending character', () => {
    expect(jsonSyntaxErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonSyntaxErrorOffset('[1, 2,, 3]')).toBe(6);
    expect(jsonSyntaxErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonSyntaxErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonSyntaxErrorOffset('{"a": "x\ny"}')).toBe(8);
    expect(jsonSyntaxErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonSyntaxErrorOffset('{"a": [1, 2')).toBe(11);
    expect(jsonSyntaxErrorOffset('')).toBe(0);
    expect(jsonSyntaxErrorOffset('{"a": "\\u00e9\\n", "b": [true, false, null, -1.5e3]}')).toBeNull();
  });

  it('agrees with JSON.parse on whether text is JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(jsonSyntaxErrorOffset(text)).toBeNull();
      }),
    );
    // Damaged JSON: a character dropped or inserted somewhere.
    const damaged = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', '\n', 'x', '0', ' '))
      .map(([text, at, ch]) => {
        const i = text.length ? at % text.length : 0;
        return text.slice(0, i) + ch + text.slice(i + (ch === '' ? 1 : 0));
      });
    fc.assert(
      fc.property(damaged, (text) => {
        expect(jsonSyntaxErrorOffset(text) === null).toBe(parses(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('locateJsonSyntaxError and locateFlowPath', () => {
  const text = '{\n  "name": "x",\n  "nodes": [\n    { "id": "a" }\n  ],\n  "edges": [,]\n}\n';

  it('gives 1-based line and column of the bad character', () => {
    expect(locateJsonSyntaxError(text, 'whatever the parser said')).toEqual({ line: 6, column: 13 });
  });

  it('points a missing key at the object that lacks it, a present one at its value', () => {
    expect(locateFlowPath(text, 'nodes.0.kind')).toEqual({ line: 4, column: 5 });
    expect(locateFlowPath(text, 'nodes.0.id')).toEqual({ line: 4, column: 13 });
    expect(locateFlowPath(text, 'name')).toEqual({ line: 2, column: 11 });
    expect(locateFlowPath(text, '')).toEqual({ line: 1, column: 1 });
  });
});

describe('locateFlowProblem', () => {
  const text = `{
  "name": "n",
  "nodes": [
    { "id": "start", "kind": "start" },
    { "id": "a", "kind": "assign_engineer" },
    { "id": "a", "kind": "engineer_accept" },
    { "id": "end", "kind": "end" }
  ],
  "edges": [
    { "from": "start", "to": "a" },
    { "from": "a", "to": "end" },
    { "from": "a", "to": "end" }
  ]
}
`;
  it('puts a repeated id on the repeat, and an edge problem on the edge', () => {
    const { graph } = parseFlowJson(text);
    const problems = validateFlow(graph!);
    expect(problems.map((p) => p.code).sort()).toEqual(['duplicate-edge', 'duplicate-node-id']);
    const at = (code: string) => {
      const [l] = locateFlowProblem(text, graph!, problems.find((p) => p.code === code)!);
      return [l.line, l.column];
    };
    expect(at('duplicate-node-id')).toEqual([6, 5]);
    expect(at('duplicate-edge')).toEqual([12, 5]);
  });

  it('a condition diagnostic counts escaped characters in the JSON string', () => {
    const t = `{"name":"n","nodes":[{"id":"s","kind":"start"},{"id":"g","kind":"gateway"},{"id":"a","kind":"assign_engineer"},{"id":"b","kind":"assign_engineer"},{"id":"x","kind":"engineer_accept"},{"id":"e","kind":"end"}],
"edges":[{"from":"s","to":"g"},{"from":"g","to":"a","when":"order.title == \\"a\\\\\\\\b\\" and order.nope"},{"from":"g","to":"b","default":true},{"from":"a","to":"x"},{"from":"b","to":"x"},{"from":"x","to":"e"}]}`;
    const { graph } = parseFlowJson(t);
    const [problem] = validateFlow(graph!);
    expect(problem.code).toBe('gateway-condition-invalid');
    expect(graph!.edges[1].when).toBe('order.title == "a\\\\b" and order.nope');
    expect(problem.diagnostics!.filter((d) => d.severity === 'error')).toHaveLength(1);
    const [loc] = locateFlowProblem(t, graph!, problem);
    expect(loc.line).toBe(2);
    expect(t.split('\n')[1].slice(loc.column - 1).startsWith('nope')).toBe(true);
  });
});

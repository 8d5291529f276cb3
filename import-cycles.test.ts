// No import cycles among the project's own modules. Every relative (and `@/`) import of every
// .ts/.tsx file outside node_modules, build output and data is resolved by the TypeScript compiler
// with the project's tsconfig; `import type` counts too (a type-only cycle is still two modules
// that cannot be understood apart). A cycle fails the test with its path, file by file.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { cyclicComponents } from './engine/flow/cycles';

const ROOT = dirname(fileURLToPath(import.meta.url));
const SKIP = new Set(['node_modules', 'data', '.git', '.ci']);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.next')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** file → the project files it imports (statically or by `import()` / `require` of a literal). */
function importGraph(root = ROOT): Map<string, string[]> {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const host = ts.createCompilerHost(options);
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const ref of info.importedFiles) {
      const spec = ref.fileName;
      if (!spec.startsWith('.') && !spec.startsWith('@/')) continue;
      const resolved = ts.resolveModuleName(spec, file, options, host).resolvedModule?.resolvedFileName;
      if (resolved && !resolved.includes(`${sep}node_modules${sep}`) && !resolved.endsWith('.d.ts')) targets.add(resolved);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Every elementary cycle would be too many to print; one cycle per strongly connected component is enough to act on. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const components = cyclicComponents([...graph.keys()].sort(), (v) => graph.get(v) ?? []);
  // Within each component, the shortest cycle through its first file (breadth-first search back to it).
  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0];
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(previous.get(path[0])!);
          return [...path, start];
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}

describe('imports', () => {
  it('form no cycles', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    const cycles = findCycles(graph).map((cycle) => cycle.map((f) => relative(ROOT, f)).join(' → '));
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });
});

// Strongly connected components (Tarjan) of a directed graph, keeping only those that hold a
// cycle: more than one node, or one node with an edge to itself. Flow validation and the
// import-cycle test both ask this question.

/** The components that hold a cycle, each in the order Tarjan's algorithm closes it (last node first). */
export function cyclicComponents(nodes: Iterable<string>, successors: (v: string) => readonly string[]): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of successors(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || successors(v).includes(v)) components.push(component);
    }
  };
  for (const v of nodes) if (!idx.has(v)) visit(v);
  return components;
}

import { describe, expect, it } from 'vitest';
import { serializeFlow, type FlowGraph } from '../../engine/flow';
import { copyElements, edgeIds, makeNode, pasteElements, removeElements, setPositions, updateEdge, withKey } from './to-graph';

const graph: FlowGraph = {
  name: 'F',
  owner: 'ops',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 }, note: 'kept' },
    { id: 'a', kind: 'assign_engineer', config: { autoDispatch: true, extra: 1 } },
    { id: 'end', kind: 'end' },
  ],
  edges: [
    { from: 'start', to: 'a', colour: 'red' },
    { from: 'a', to: 'end' },
  ],
};

describe('graph helpers', () => {
  it('names edges by their ends, repeats counted', () => {
    expect(edgeIds([...graph.edges, { from: 'a', to: 'end' }])).toEqual(['start->a', 'a->end', 'a->end#1']);
  });

  it('keeps unknown keys through moves and edits, so the file round-trips', () => {
    let g = setPositions(graph, new Map([['a', { x: 10.4, y: 20.6 }]]));
    g = updateEdge(g, 'a->end', (e) => withKey(e, 'when', undefined));
    expect(g.nodes[1].position).toEqual({ x: 10, y: 21 });
    const out = JSON.parse(serializeFlow(g));
    expect(out.owner).toBe('ops');
    expect(out.nodes[0].note).toBe('kept');
    expect(out.nodes[1].config.extra).toBe(1);
    expect(out.edges[0].colour).toBe('red');
    expect('when' in out.edges[1]).toBe(false);
  });

  it('makes nodes with readable fresh ids and dispatch defaults', () => {
    const n1 = makeNode(graph, 'assign_engineer', { x: 0, y: 0 });
    expect(n1.id).toBe('assign-engineer');
    expect(n1.config).toMatchObject({ autoDispatch: true, allowReject: false, overdueMinutes: 30 });
    const g = { ...graph, nodes: [...graph.nodes, n1] };
    expect(makeNode(g, 'assign_engineer', { x: 0, y: 0 }).id).toBe('assign-engineer-2');
    expect(makeNode(g, 'end', { x: 0, y: 0 }).config).toBeUndefined();
  });

  it('removes nodes with their edges', () => {
    const g = removeElements(graph, new Set(['a']), new Set());
    expect(g.nodes.map((n) => n.id)).toEqual(['start', 'end']);
    expect(g.edges).toEqual([]);
    expect(removeElements(graph, new Set(), new Set(['a->end'])).edges).toHaveLength(1);
  });

  it('copies the selection with the edges inside it and pastes with fresh ids', () => {
    const clip = copyElements(graph, new Set(['a', 'end']));
    expect(clip.edges).toEqual([{ from: 'a', to: 'end' }]);
    const { graph: g, nodeIds } = pasteElements(graph, clip, { x: 40, y: 40 });
    expect(nodeIds).toEqual(['a-2', 'end-2']);
    expect(g.edges.at(-1)).toEqual({ from: 'a-2', to: 'end-2' });
    expect(g.nodes.at(-2)?.position).toEqual({ x: 40, y: 40 });
    expect(g.nodes.at(-2)?.config).toEqual({ autoDispatch: true, extra: 1 });
  });
});

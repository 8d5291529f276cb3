import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../engine/flow';
import { createEditorStore } from './store';

const graph = (): FlowGraph => ({
  name: 'F',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'end', kind: 'end', position: { x: 0, y: 240 } },
  ],
  edges: [],
});

describe('editor store', () => {
  it('keeps selection out of the history', () => {
    const store = createEditorStore(graph());
    const s = store.getState();
    s.select(['start'], []);
    s.toggleNode('end', true);
    expect(store.getState().history.past).toHaveLength(0);
    expect(store.getState().selectedNodes).toEqual(['start', 'end']);
  });

  it('undoes a whole drag in one step and redoes it', () => {
    const store = createEditorStore(graph());
    for (let i = 1; i <= 10; i++) store.getState().moveNodes(new Map([['start', { x: i * 10, y: 0 }]]), 'drag:1');
    expect(store.getState().history.past).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().graph.nodes[0].position).toEqual({ x: 0, y: 0 });
    store.getState().redo();
    expect(store.getState().graph.nodes[0].position).toEqual({ x: 100, y: 0 });
  });

  it('gives a gateway its default edge first and drops selection of what undo removes', () => {
    const store = createEditorStore(graph());
    const id = store.getState().addNode('gateway', { x: 0, y: 120 });
    store.getState().connect('start', id);
    store.getState().connect(id, 'end');
    const eng = store.getState().addNode('assign_engineer', { x: 200, y: 120 });
    store.getState().connect(id, eng);
    const edges = store.getState().graph.edges;
    expect(edges[1]).toEqual({ from: 'gateway', to: 'end', default: true });
    expect(edges[2]).toEqual({ from: 'gateway', to: 'assign-engineer', when: '' });
    expect(store.getState().selectedEdges).toEqual(['gateway->assign-engineer']);
    store.getState().undo();
    expect(store.getState().selectedEdges).toEqual([]);
    expect(store.getState().graph.edges).toHaveLength(2);
  });

  it('pastes a copy with fresh ids, and refuses edits when read-only', () => {
    const store = createEditorStore(graph());
    store.getState().select(['start', 'end'], []);
    expect(store.getState().copy()).toBe(2);
    store.getState().paste({ x: 40, y: 40 });
    expect(store.getState().graph.nodes.map((n) => n.id)).toEqual(['start', 'end', 'start-2', 'end-2']);
    expect(store.getState().selectedNodes).toEqual(['start-2', 'end-2']);

    const frozen = createEditorStore(graph(), { readOnly: true });
    frozen.getState().addNode('end', { x: 0, y: 0 });
    frozen.getState().remove(['start'], []);
    expect(frozen.getState().graph.nodes).toHaveLength(2);
  });
});

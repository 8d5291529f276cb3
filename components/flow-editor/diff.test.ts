import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../engine/flow';
import { diffFlows, isEmptyDiff } from './diff';

const base: FlowGraph = {
  name: 'F',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'route', kind: 'gateway' },
    { id: 'eng', kind: 'assign_engineer', label: 'Engineer', config: { autoDispatch: true, ruleSet: 'A', overdueMinutes: 30 } },
    { id: 'prov', kind: 'assign_provider' },
    { id: 'end', kind: 'end' },
  ],
  edges: [
    { from: 'start', to: 'route' },
    { from: 'route', to: 'eng', default: true },
    { from: 'route', to: 'prov', when: 'order.priority == "Urgent"' },
    { from: 'eng', to: 'end' },
    { from: 'prov', to: 'end' },
  ],
};

describe('diffFlows', () => {
  it('finds nothing between a flow and itself, nor in moved nodes', () => {
    const moved = { ...base, nodes: base.nodes.map((n) => ({ ...n, position: { x: 99, y: 99 } })) };
    expect(isEmptyDiff(diffFlows(base, structuredClone(base)))).toBe(true);
    expect(isEmptyDiff(diffFlows(base, moved))).toBe(true);
  });

  it('lists nodes and edges added, removed and changed', () => {
    const next: FlowGraph = {
      ...base,
      nodes: [
        ...base.nodes.filter((n) => n.id !== 'prov').map((n) => (n.id === 'eng' ? { ...n, label: 'Own engineer', config: { ...n.config, autoDispatch: false } } : n)),
        { id: 'accept', kind: 'engineer_accept', label: 'Accept' },
      ],
      edges: [
        { from: 'start', to: 'route' },
        { from: 'route', to: 'eng', default: true },
        { from: 'eng', to: 'accept' },
        { from: 'accept', to: 'end' },
      ],
    };
    const d = diffFlows(base, next);
    expect(d.addedNodes).toEqual([{ id: 'accept', kind: 'engineer_accept', label: 'Accept' }]);
    expect(d.removedNodes.map((n) => n.id)).toEqual(['prov']);
    expect(d.changedNodes).toEqual([{ id: 'eng', label: 'Own engineer', fields: ['config.autoDispatch', 'label'] }]);
    expect(d.addedEdges).toEqual([
      { from: 'eng', to: 'accept' },
      { from: 'accept', to: 'end' },
    ]);
    expect(d.removedEdges).toEqual([
      { from: 'route', to: 'prov' },
      { from: 'eng', to: 'end' },
      { from: 'prov', to: 'end' },
    ]);
  });

  it('reports a changed condition and default flag on an edge', () => {
    const next = structuredClone(base);
    next.edges[2].when = 'order.priority == "High"';
    next.edges[1].default = undefined;
    const d = diffFlows(base, next);
    expect(d.changedEdges).toEqual([
      { from: 'route', to: 'eng', fields: ['default'] },
      { from: 'route', to: 'prov', fields: ['when'] },
    ]);
  });

  it('treats everything as added when nothing was published', () => {
    const d = diffFlows(null, base);
    expect(d.addedNodes).toHaveLength(5);
    expect(d.addedEdges).toHaveLength(5);
  });
});

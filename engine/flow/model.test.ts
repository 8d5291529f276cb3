// The *.flow.json format (FORMATS.md): what is read, what is written back, and how bad files
// are reported.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoDispatchOn, parseFlowJson, readFlow, serializeFlow, type FlowGraph } from './model';

const root = path.resolve(__dirname, '..');

const WITH_EXTRAS = `{
  "name": "Repairs",
  "version": 7,
  "meta": { "owner": "ops", "tags": ["north"] },
  "nodes": [
    { "id": "start", "kind": "start", "position": { "x": 10, "y": 20 } },
    { "id": "assign", "kind": "assign_engineer", "label": "Pick an engineer",
      "config": { "autoDispatch": true, "ruleSet": "Metro", "colour": "teal", "sla": { "minutes": 30 } },
      "position": { "x": 10, "y": 120 }, "width": 180 },
    { "id": "end", "kind": "end", "note": null }
  ],
  "edges": [
    { "from": "start", "to": "assign", "label": "new order", "style": { "dashed": true } },
    { "from": "assign", "to": "end", "points": [[1, 2], [3, 4]] }
  ]
}`;

describe('parseFlowJson and serializeFlow', () => {
  it('keep unknown keys on the flow, on nodes, on node config and on edges', () => {
    const { graph, errors } = parseFlowJson(WITH_EXTRAS);
    expect(errors).toEqual([]);
    expect(graph!.version).toBe(7);
    expect(graph!.meta).toEqual({ owner: 'ops', tags: ['north'] });
    expect(graph!.nodes[0].position).toEqual({ x: 10, y: 20 });
    expect(graph!.nodes[1].config).toEqual({ autoDispatch: true, ruleSet: 'Metro', colour: 'teal', sla: { minutes: 30 } });
    expect(graph!.nodes[1].width).toBe(180);
    expect(graph!.nodes[2]).toHaveProperty('note', null);
    expect(graph!.edges[0].style).toEqual({ dashed: true });
    expect(graph!.edges[1].points).toEqual([[1, 2], [3, 4]]);

    const written = serializeFlow(graph!);
    // Same content as the file that was read, nothing lost, nothing added.
    expect(JSON.parse(written)).toEqual(JSON.parse(WITH_EXTRAS));
    // Reading what was written gives the same graph, and writing it again the same text.
    const again = parseFlowJson(written);
    expect(again.errors).toEqual([]);
    expect(again.graph).toEqual(graph);
    expect(serializeFlow(again.graph!)).toBe(written);
  });

  it('writes name first, nodes and edges last, and each node and edge with its known keys first', () => {
    const { graph } = parseFlowJson(WITH_EXTRAS);
    const written = JSON.parse(serializeFlow(graph!));
    expect(Object.keys(written)).toEqual(['name', 'version', 'meta', 'nodes', 'edges']);
    expect(Object.keys(written.nodes[1])).toEqual(['id', 'kind', 'label', 'config', 'position', 'width']);
    expect(Object.keys(written.edges[0])).toEqual(['from', 'to', 'label', 'style']);
    const gw: FlowGraph = {
      name: 'g',
      nodes: [],
      edges: [{ colour: 'red', default: true, to: 'b', from: 'a' }, { when: 'true', to: 'c', from: 'a' }],
    };
    const edges = JSON.parse(serializeFlow(gw)).edges;
    expect(Object.keys(edges[0])).toEqual(['from', 'to', 'default', 'colour']);
    expect(Object.keys(edges[1])).toEqual(['from', 'to', 'when']);
  });

  it('does not invent keys that were not there (no label, config, when or default)', () => {
    const { graph } = parseFlowJson('{"name":"n","nodes":[{"id":"s","kind":"start"}],"edges":[{"from":"s","to":"e"}]}');
    const written = JSON.parse(serializeFlow(graph!));
    expect(written).toEqual({ name: 'n', nodes: [{ id: 's', kind: 'start' }], edges: [{ from: 's', to: 'e' }] });
  });

  it('keeps the false of "default": false', () => {
    const { graph } = parseFlowJson('{"name":"n","nodes":[],"edges":[{"from":"g","to":"e","when":"true","default":false}]}');
    expect(JSON.parse(serializeFlow(graph!)).edges[0]).toEqual({ from: 'g', to: 'e', when: 'true', default: false });
  });

  it('ends the file with a newline and indents it', () => {
    const text = serializeFlow({ name: 'n', nodes: [], edges: [] });
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "name": "n"');
  });

  it('round-trips every shipped flow file', () => {
    const files = [
      ...readdirSync(path.join(root, 'templates'))
        .filter((f) => f.endsWith('.flow.json'))
        .map((f) => path.join(root, 'templates', f)),
      path.join(root, 'fixtures', 'outsourced.flow.json'),
    ];
    expect(files.length).toBe(4);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const { graph, errors } = parseFlowJson(text);
      expect(errors, file).toEqual([]);
      expect(JSON.parse(serializeFlow(graph!)), file).toEqual(JSON.parse(text));
    }
  });

  it('reads the FORMATS.md example as written', () => {
    const { graph } = parseFlowJson(readFileSync(path.join(root, 'fixtures', 'outsourced.flow.json'), 'utf8'));
    expect(graph!.name).toBe('Outsourced repairs');
    expect(graph!.nodes.map((n) => n.kind)).toEqual([
      'start',
      'gateway',
      'assign_provider',
      'provider_assign_engineer',
      'assign_engineer',
      'engineer_accept',
      'end',
    ]);
    expect(graph!.nodes[2].label).toBe('Dispatcher assigns provider');
    expect(graph!.edges[1]).toEqual({ from: 'route', to: 'pick-provider', when: 'order.category == "Install"' });
    expect(graph!.edges[2]).toEqual({ from: 'route', to: 'own-engineer', default: true });
  });
});

describe('bad files', () => {
  it('text that is not JSON gives one error with an empty path and no graph', () => {
    const { graph, errors } = parseFlowJson('{ "name": "x", "nodes": [ }');
    expect(graph).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('');
    expect(errors[0].message).toMatch(/^Not valid JSON/);
  });

  it('an empty file is not JSON', () => {
    expect(parseFlowJson('').errors[0].message).toMatch(/^Not valid JSON/);
  });

  it('JSON that is not an object is reported at the root', () => {
    for (const text of ['null', '[]', '"flow"', '3']) {
      const { graph, errors } = parseFlowJson(text);
      expect(graph, text).toBeNull();
      expect(errors.length, text).toBeGreaterThan(0);
      expect(errors[0].path, text).toBe('');
    }
  });

  it('missing fields are reported with their paths, all at once', () => {
    const { graph, errors } = parseFlowJson(
      JSON.stringify({
        nodes: [{ id: 'start', kind: 'start' }, { id: 'x' }, { kind: 'end' }],
        edges: [{ from: 'start' }, { to: 'x' }, { from: 'x', to: 'y', when: 3, default: 'yes' }],
      }),
    );
    expect(graph).toBeNull();
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e.message]));
    expect(Object.keys(byPath).sort()).toEqual(
      ['name', 'nodes.1.kind', 'nodes.2.id', 'edges.0.to', 'edges.1.from', 'edges.2.when', 'edges.2.default'].sort(),
    );
    expect(byPath['name']).toMatch(/name/);
    expect(byPath['nodes.1.kind']).toMatch(/kind/);
    expect(byPath['nodes.2.id']).toMatch(/id/);
    expect(byPath['edges.0.to']).toMatch(/"to"/);
    expect(byPath['edges.1.from']).toMatch(/"from"/);
  });

  it('nodes and edges must be lists', () => {
    const { errors } = parseFlowJson('{"name":"n","nodes":{},"edges":"none"}');
    expect(errors.map((e) => e.path).sort()).toEqual(['edges', 'nodes']);
    expect(errors.find((e) => e.path === 'nodes')!.message).toMatch(/list/);
  });

  it('an empty name is an error', () => {
    expect(parseFlowJson('{"name":"","nodes":[],"edges":[]}').errors).toEqual([{ path: 'name', message: 'A flow needs a name' }]);
  });

  it('a label or config of the wrong type is an error at its path', () => {
    const { errors } = parseFlowJson('{"name":"n","nodes":[{"id":"a","kind":"start","label":5,"config":[]}],"edges":[]}');
    expect(errors.map((e) => e.path).sort()).toEqual(['nodes.0.config', 'nodes.0.label']);
  });

  it('an unknown node kind is read (validation reports it, naming the node)', () => {
    const { graph, errors } = parseFlowJson('{"name":"n","nodes":[{"id":"a","kind":"teleport"}],"edges":[]}');
    expect(errors).toEqual([]);
    expect(graph!.nodes[0].kind).toBe('teleport');
  });

  it('readFlow takes already-parsed data the same way', () => {
    expect(readFlow(JSON.parse(WITH_EXTRAS)).graph).toEqual(parseFlowJson(WITH_EXTRAS).graph);
    expect(readFlow(undefined).graph).toBeNull();
  });
});

describe('autoDispatchOn', () => {
  it('is on at dispatch nodes unless the config switches it off, never elsewhere', () => {
    expect(autoDispatchOn({ id: 'a', kind: 'assign_engineer' })).toBe(true);
    expect(autoDispatchOn({ id: 'a', kind: 'assign_engineer', config: { autoDispatch: true } })).toBe(true);
    expect(autoDispatchOn({ id: 'a', kind: 'assign_engineer', config: { ruleSet: 'x' } })).toBe(true);
    expect(autoDispatchOn({ id: 'a', kind: 'assign_engineer', config: { autoDispatch: false } })).toBe(false);
    expect(autoDispatchOn({ id: 'g', kind: 'gateway' })).toBe(false);
    expect(autoDispatchOn({ id: 'x', kind: 'engineer_accept' })).toBe(false);
    expect(autoDispatchOn({ id: 's', kind: 'start' })).toBe(false);
  });
});

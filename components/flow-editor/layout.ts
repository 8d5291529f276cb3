// Automatic layout with elkjs (layered, top to bottom, the way orders travel).
import ELK from 'elkjs/lib/elk.bundled.js';
import type { FlowGraph } from '../../engine/flow';
import type { XY } from './to-graph';

export const NODE_WIDTH = 260;
export const NODE_HEIGHT = 84;

let elk: InstanceType<typeof ELK> | null = null;

export async function layoutPositions(graph: FlowGraph, size: (id: string) => { width: number; height: number } | undefined = () => undefined): Promise<Map<string, XY>> {
  elk ??= new ELK();
  const ids = new Set(graph.nodes.map((n) => n.id));
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '48',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: size(n.id)?.width ?? NODE_WIDTH, height: size(n.id)?.height ?? NODE_HEIGHT })),
    edges: graph.edges
      .filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to)
      .map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  });
  return new Map((result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}

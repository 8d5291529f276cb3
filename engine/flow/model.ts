// The flow model: the shape of a *.flow.json (FORMATS.md), read leniently so unknown keys survive
// import and export, and checked strictly by validateFlow.
import { z } from 'zod';
import { NODE_KINDS, isDispatchNodeKind, type NodeKind } from '../../dsl';
import { HANDLER_LABELS } from './node-roles';

export interface NodeConfig {
  /** Auto-dispatch runs at this node unless switched off. */
  autoDispatch?: boolean;
  /** The rule set (by name) that runs here. */
  ruleSet?: string | null;
  allowReject?: boolean;
  allowReassign?: boolean;
  /** Minutes an order may wait in this node's queue before it counts as overdue. */
  overdueMinutes?: number;
  [key: string]: unknown;
}

export interface FlowNode {
  id: string;
  kind: NodeKind;
  label?: string;
  config?: NodeConfig;
  [key: string]: unknown;
}

export interface FlowEdge {
  from: string;
  to: string;
  when?: string;
  default?: boolean;
  [key: string]: unknown;
}

export interface FlowGraph {
  name: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
  [key: string]: unknown;
}

const nodeSchema = z.looseObject({
  id: z.string({ message: 'A node needs an "id" string' }),
  kind: z.string({ message: 'A node needs a "kind" string' }),
  label: z.string().optional(),
  config: z.looseObject({}).optional(),
});
const edgeSchema = z.looseObject({
  from: z.string({ message: 'An edge needs a "from" string' }),
  to: z.string({ message: 'An edge needs a "to" string' }),
  when: z.string().optional(),
  default: z.boolean().optional(),
});
export const flowFileSchema = z.looseObject({
  name: z.string({ message: 'A flow needs a "name" string' }).min(1, 'A flow needs a name'),
  nodes: z.array(nodeSchema, { message: '"nodes" must be a list' }),
  edges: z.array(edgeSchema, { message: '"edges" must be a list' }),
});

export interface FlowFileError {
  path: string;
  message: string;
}

/** Reads a *.flow.json text; every structural problem is reported with its JSON path. */
export function parseFlowJson(text: string): { graph: FlowGraph | null; errors: FlowFileError[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // One line: some parsers quote the offending text, newlines and all.
    return { graph: null, errors: [{ path: '', message: `Not valid JSON: ${(error as Error).message.replace(/\s+/g, ' ').trim()}` }] };
  }
  return readFlow(data);
}

export function readFlow(data: unknown): { graph: FlowGraph | null; errors: FlowFileError[] } {
  const parsed = flowFileSchema.safeParse(data);
  if (!parsed.success) {
    return {
      graph: null,
      errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  }
  return { graph: parsed.data as FlowGraph, errors: [] };
}

/** Writes a flow in the file format, keys in a stable order, unknown keys kept. */
export function serializeFlow(graph: FlowGraph): string {
  const { name, nodes, edges, ...rest } = graph;
  const node = ({ id, kind, label, config, ...more }: FlowNode) => ({
    id,
    kind,
    ...(label !== undefined ? { label } : {}),
    ...(config !== undefined ? { config } : {}),
    ...more,
  });
  const edge = ({ from, to, when, default: isDefault, ...more }: FlowEdge) => ({
    from,
    to,
    ...(when !== undefined ? { when } : {}),
    ...(isDefault !== undefined ? { default: isDefault } : {}),
    ...more,
  });
  return `${JSON.stringify({ name, ...rest, nodes: nodes.map(node), edges: edges.map(edge) }, null, 2)}\n`;
}

export const isKnownKind = (kind: string): kind is NodeKind => (NODE_KINDS as readonly string[]).includes(kind);
export { isDispatchNodeKind };

/** Whether rules run at this node (on unless the node's config switches it off). */
export const autoDispatchOn = (node: FlowNode) => isDispatchNodeKind(node.kind) && node.config?.autoDispatch !== false;

/** DESIGN.md's handler column, from the node-roles table. */
export const HANDLER_BY_KIND: Partial<Record<NodeKind, string>> = HANDLER_LABELS;

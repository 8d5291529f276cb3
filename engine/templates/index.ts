// The three processes of the product seeds, as flow files, and the demo rule set.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface FlowTemplate {
  key: string;
  file: string;
  graph: { name: string; description?: string; nodes: unknown[]; edges: unknown[] };
}

const here = path.join(process.cwd(), 'engine', 'templates');

export const FLOW_TEMPLATE_KEYS = [
  'group-provider-engineer',
  'provider-then-engineer',
  'direct-provider-engineer',
] as const;
export type FlowTemplateKey = (typeof FLOW_TEMPLATE_KEYS)[number];

export function loadFlowTemplate(key: FlowTemplateKey): FlowTemplate {
  const file = path.join(here, `${key}.flow.json`);
  return { key, file, graph: JSON.parse(readFileSync(file, 'utf8')) };
}

export function loadFlowTemplates(): FlowTemplate[] {
  return FLOW_TEMPLATE_KEYS.map(loadFlowTemplate);
}

export const DEMO_RULE_SET_NAME = 'Metro auto-dispatch';

export function loadDemoRuleSource(): string {
  return readFileSync(path.join(here, 'metro-auto-dispatch.rules'), 'utf8');
}

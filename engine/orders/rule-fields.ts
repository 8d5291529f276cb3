// Which order fields the rules at a node read, and which of them an edit changed: derived from the
// rule set's syntax tree (every `order.…` path the fitting rules name) and the language's field
// schema (dsl/schema.ts ORDER_FIELDS reads each field from the order), never from a list kept here.
import type { CompiledRuleSet, NodeContext, OrderData } from '../../dsl';
import { ruleFits } from '../../dsl';
import { analyzeSyntax } from '../../dsl/analyze';
import { ORDER_FIELDS } from '../../dsl/schema';

/**
 * What an engineer assignment reads of the order besides the rule's own text: the earliest slot
 * (RULES.md "Time and schedules") depends on the order's duration and window, and travel on its location.
 */
const SLOT_SEARCH_READS = ['duration', 'window.start', 'window.end', 'location'];

/** Every `order.` path under a syntax node (`custom.<name>` for custom fields). */
function orderPaths(node: unknown, out: Set<string>) {
  if (Array.isArray(node)) {
    for (const item of node) orderPaths(item, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as { kind?: unknown; root?: unknown; segments?: { name: string }[] };
  if (n.kind === 'path' && n.root === 'order' && Array.isArray(n.segments) && n.segments.length) {
    const names = n.segments.map((s) => s.name);
    out.add(names[0] === 'custom' ? names.slice(0, 2).join('.') : names.join('.'));
    return;
  }
  for (const [key, value] of Object.entries(node)) if (key !== 'span' && typeof value === 'object') orderPaths(value, out);
}

// The source is parsed once per compiled rule set (published versions never change).
const readsByRuleSet = new WeakMap<CompiledRuleSet, Map<number, Set<string>>>();

/** The order fields (ORDER_FIELDS paths, `custom.<name>`) that the rules fitting this node read. */
export function orderFieldsReadAt(ruleSet: CompiledRuleSet, source: string, node: NodeContext): Set<string> {
  let byRule = readsByRuleSet.get(ruleSet);
  if (!byRule) {
    byRule = new Map();
    for (const rule of analyzeSyntax(source).ast.rules) {
      const paths = new Set<string>();
      orderPaths(rule.when, paths);
      orderPaths(rule.target, paths);
      byRule.set(rule.index, paths);
    }
    readsByRuleSet.set(ruleSet, byRule);
  }
  const out = new Set<string>();
  for (const rule of ruleSet.rules) {
    if (ruleFits(rule, node) !== null) continue;
    for (const p of byRule.get(rule.index) ?? []) out.add(p);
    if (rule.target === 'engineer' || rule.target === 'provider_engineer') for (const p of SLOT_SEARCH_READS) out.add(p);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields (ORDER_FIELDS paths and `custom.<name>`) whose value the rules would see differently. */
export function changedOrderFields(before: OrderData, after: OrderData): string[] {
  const changed = Object.keys(ORDER_FIELDS).filter((path) => !same(ORDER_FIELDS[path].read(before), ORDER_FIELDS[path].read(after)));
  for (const name of new Set([...Object.keys(before.custom), ...Object.keys(after.custom)])) {
    if (!same(before.custom[name], after.custom[name])) changed.push(`custom.${name}`);
  }
  return changed;
}

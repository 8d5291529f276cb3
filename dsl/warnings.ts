// The warnings of RULES.md ("Warnings"): rules that can never fire because an `assign manual` rule
// always takes their orders first, and `at` names that are neither a node kind nor (when flows are
// given) a node id. They never fail a check; `rules check` prints them and the editor marks them.
import type { Expr, NodeRef, RuleNode, RuleSetAst } from './ast';
import { diagnostic, suggest } from './diagnostics';
import { NODE_KINDS, TARGETS_BY_NODE_KIND, isDispatchNodeKind, type Diagnostic, type NodeKind } from './types';

/** A node of the flows the rules run in: `at` names are checked against these ids. */
export interface FlowNodeRef {
  id: string;
  kind: string;
}

const DISPATCH_KINDS = NODE_KINDS.filter(isDispatchNodeKind);
const isNodeKind = (name: string): name is NodeKind => (NODE_KINDS as readonly string[]).includes(name);

/** Every warning of RULES.md for a parsed rule set; `flowNodes` given: `at` names are node ids of those flows too. */
export function ruleSetWarnings(ast: RuleSetAst, flowNodes?: readonly FlowNodeRef[]): Diagnostic[] {
  return [...atNameWarnings(ast, flowNodes), ...unreachableRuleWarnings(ast, flowNodes)];
}

// ---------------------------------------------------------------------------------------------
// `at` names
// ---------------------------------------------------------------------------------------------

function atNameWarnings(ast: RuleSetAst, flowNodes?: readonly FlowNodeRef[]): Diagnostic[] {
  const ids = flowNodes ? new Set(flowNodes.map((n) => n.id)) : null;
  const out: Diagnostic[] = [];
  for (const rule of ast.rules) {
    for (const ref of rule.atLists.flat()) {
      if (isNodeKind(ref.name) || ids?.has(ref.name)) continue;
      const near = suggest(ref.name, ids ? [...NODE_KINDS, ...ids] : NODE_KINDS);
      const hint = near ? `: did you mean ${near}?` : '';
      if (ids) {
        out.push(diagnostic('unknown-at-name', `"${ref.name}" is neither a node kind nor a node id of the flows given${hint}`, ref.span.range));
      } else if (near) {
        // Without flows any other name may be a node id: only a near miss of a kind is reported.
        out.push(diagnostic('unknown-at-name', `"${ref.name}" is not a node kind${hint}`, ref.span.range));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rules that can never fire
// ---------------------------------------------------------------------------------------------

interface RuleFacts {
  rule: RuleNode;
  priority: number;
  enabled: boolean;
  manual: boolean;
  /** The `at` names, or null for none (the rule may fire at every node its target fits). */
  at: Set<string> | null;
  /** Canonical keys of the `when`'s top-level `and` terms (a literal `true` term holds always and is left out). */
  terms: Set<string>;
}

function factsOf(rule: RuleNode): RuleFacts | null {
  if (!rule.target) return null;
  const refs: NodeRef[] = rule.atLists.flat();
  return {
    rule,
    priority: rule.priorities[0]?.value ?? 0,
    enabled: rule.disabled.length === 0,
    manual: rule.target.kind === 'manual',
    at: refs.length ? new Set(refs.map((r) => r.name)) : null,
    terms: new Set(andTerms(rule.when).filter((t) => !(t.kind === 'bool' && t.value)).map(exprKey)),
  };
}

/** Considered first: higher priority, then earlier in the file. */
const before = (a: RuleFacts, b: RuleFacts) => a.priority > b.priority || (a.priority === b.priority && a.rule.index < b.rule.index);

/**
 * The nodes a rule may fire at, as node kinds and node ids: its `at` names that fit its target, or
 * every dispatch kind its target fits. With flows, an id is known with its kind.
 */
function placesOf(f: RuleFacts): { kinds: NodeKind[]; ids: string[] } {
  const target = f.rule.target!.kind;
  const fits = (k: NodeKind) => target === 'manual' || (TARGETS_BY_NODE_KIND[k] ?? []).includes(target);
  if (!f.at) return { kinds: DISPATCH_KINDS.filter(fits), ids: [] };
  const kinds: NodeKind[] = [];
  const ids: string[] = [];
  for (const name of f.at) {
    if (isNodeKind(name)) {
      if (fits(name)) kinds.push(name);
    } else ids.push(name);
  }
  return { kinds, ids };
}

function covers(m: RuleFacts, r: RuleFacts, kindOfId: Map<string, string>): boolean {
  if (!m.at) return true;
  const { kinds, ids } = placesOf(r);
  if (kinds.length === 0 && ids.length === 0) return false; // r fires nowhere: other checks say so
  return kinds.every((k) => m.at!.has(k)) && ids.every((id) => m.at!.has(id) || (kindOfId.has(id) && m.at!.has(kindOfId.get(id)!)));
}

/** m's `when` holds whenever r's does: m's is `true`, or its top-level `and` terms are among r's. */
function implied(m: RuleFacts, r: RuleFacts): boolean {
  for (const t of m.terms) if (!r.terms.has(t)) return false;
  return true;
}

function unreachableRuleWarnings(ast: RuleSetAst, flowNodes?: readonly FlowNodeRef[]): Diagnostic[] {
  const kindOfId = new Map((flowNodes ?? []).map((n) => [n.id, n.kind]));
  const facts = ast.rules.map(factsOf).filter((f): f is RuleFacts => f !== null);
  const manuals = facts.filter((f) => f.manual && f.enabled);
  const out: Diagnostic[] = [];
  for (const r of facts) {
    if (!r.enabled) continue;
    const m = manuals.find((m) => m !== r && before(m, r) && covers(m, r, kindOfId) && implied(m, r));
    if (!m) continue;
    out.push(
      diagnostic(
        'unreachable-rule',
        `rule "${r.rule.name}" can never fire: "${m.rule.name}" (assign manual, line ${m.rule.span.range.start.line}) is considered before it wherever it may fire, and its when holds whenever this rule's does`,
        { start: r.rule.span.range.start, end: { line: r.rule.span.range.start.line, column: r.rule.span.range.start.column + 4 } },
      ),
    );
  }
  return out;
}

/** The operands of a top-level `and`, through parentheses (and is associative); else the expression itself. */
function andTerms(e: Expr): Expr[] {
  if (e.kind === 'logical' && e.op === 'and') return e.operands.flatMap(andTerms);
  return [e];
}

const UNIT_FACTOR: Record<string, [string, number]> = {
  m: ['distance', 0.001],
  km: ['distance', 1],
  mi: ['distance', 1.609344],
  min: ['duration', 1],
  h: ['duration', 60],
  d: ['duration', 1440],
};

/** A canonical text of an expression: equal for the same condition however it is spaced, commented or parenthesised. */
export function exprKey(e: Expr): string {
  switch (e.kind) {
    case 'string':
      return JSON.stringify(e.value);
    case 'number':
      return String(e.value);
    case 'bool':
      return String(e.value);
    case 'null':
      return 'null';
    case 'quantity': {
      const [dim, factor] = UNIT_FACTOR[e.unit];
      return e.operand.kind === 'number' ? `${dim}:${e.operand.value * factor}` : `(${exprKey(e.operand)} ${e.unit})`;
    }
    case 'list':
      return `[${e.items.map(exprKey).join(',')}]`;
    case 'path':
      return [e.root, ...e.segments.map((s) => s.name)].join('.');
    case 'call':
      return `${e.name}(${e.args.map(exprKey).join(',')})`;
    case 'name':
      return `?${e.name}`;
    case 'negate':
      return `-(${exprKey(e.operand)})`;
    case 'not':
      return `not(${exprKey(e.operand)})`;
    case 'arith':
      return `(${exprKey(e.left)}${e.op}${exprKey(e.right)})`;
    case 'logical': {
      const flat = (x: Expr): Expr[] => (x.kind === 'logical' && x.op === e.op ? x.operands.flatMap(flat) : [x]);
      return `${e.op}(${flat(e).map(exprKey).join(',')})`;
    }
    case 'compare':
      return `(${exprKey(e.left)} ${e.op} ${exprKey(e.right)})`;
    case 'isnull':
      return `${e.negated ? 'notnull' : 'isnull'}(${exprKey(e.operand)})`;
    case 'error':
      return `error@${e.span.startOffset}`; // never equal to another term
  }
}

// The checker: types every expression against the field schema and reports what cannot run.
// It never throws and reports each problem once: an expression that already failed has the
// type `unknown`, which is accepted everywhere without a second report.
import type { Expr, PathExpr, RuleNode, RuleSetAst, Span, Target } from './ast';
import { diagnostic, didYouMean, type DiagnosticCode } from './diagnostics';
import type { FlowNodeRef } from './warnings';
import { impl, isActive, type Directory } from './directory';
import { FUNCTIONS } from './functions';
import {
  BOOL,
  DISTANCE,
  DISTANCE_UNITS,
  DURATION,
  FIELDS_BY_ROOT,
  NULL,
  NUMBER,
  STRING,
  TIME,
  UNKNOWN,
  fromFieldType,
  ownEntry,
  showType,
  type FieldInfo,
  type Ty,
} from './schema';
import { NODE_KINDS, TARGETS_BY_NODE_KIND, type CustomFieldDef, type Diagnostic, type NodeKind, type TargetKind } from './types';

/** Which roots an expression may read. */
export type Scope = 'when' | 'engineer' | 'provider' | 'condition';

export interface CheckOptions {
  customFields?: CustomFieldDef[];
  directory?: Directory;
  /** The nodes of the flows the rules run in: `at` names are checked against their ids too. */
  flowNodes?: readonly FlowNodeRef[];
}

export interface Checked {
  /** The type of every expression node. */
  types: Map<Expr, Ty>;
  diagnostics: Diagnostic[];
}

const ORDERED = new Set(['number', 'distance', 'duration', 'time', 'string', 'enum']);

function isQuantity(t: Ty): boolean {
  return t.k === 'number' || t.k === 'distance' || t.k === 'duration';
}

function stringLike(t: Ty): boolean {
  return t.k === 'string' || t.k === 'enum';
}

export class Checker {
  readonly types = new Map<Expr, Ty>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly custom = new Map<string, Ty>();

  constructor(private readonly options: CheckOptions = {}) {
    for (const f of options.customFields ?? []) this.custom.set(f.name, fromFieldType(f.type));
  }

  private report(code: DiagnosticCode, message: string, span: Span) {
    this.diagnostics.push(diagnostic(code, message, span.range));
  }

  // ---- rule sets -------------------------------------------------------------------------

  ruleSet(ast: RuleSetAst) {
    const seen = new Map<string, RuleNode>();
    for (const rule of ast.rules) {
      const first = seen.get(rule.name);
      if (first) {
        this.report(
          'duplicate-rule',
          `rule "${rule.name}" is already defined on line ${first.nameSpan.range.start.line}`,
          rule.nameSpan,
        );
      } else seen.set(rule.name, rule);
      this.rule(rule);
    }
  }

  rule(rule: RuleNode) {
    for (const p of rule.priorities.slice(1)) this.report('duplicate-clause', 'priority is given twice in this rule', p.span);
    for (const d of rule.disabled.slice(1)) this.report('duplicate-clause', 'disabled is given twice in this rule', d);
    for (const p of rule.priorities) {
      if (!Number.isSafeInteger(p.value)) this.report('bad-integer', `priority must be a whole number, not ${p.text}`, p.span);
    }
    this.condition(rule.when, 'when', 'when');
    if (rule.target) {
      this.target(rule.target);
      this.atList(rule, rule.target.kind);
    }
  }

  private atList(rule: RuleNode, target: TargetKind | 'manual') {
    const refs = rule.atLists.flat();
    if (!refs.length) return;
    let kinds = 0;
    let fitting = 0;
    for (const ref of refs) {
      if (!(NODE_KINDS as readonly string[]).includes(ref.name)) continue;
      kinds++;
      const fits = TARGETS_BY_NODE_KIND[ref.name as NodeKind];
      if (fits && (target === 'manual' || fits.includes(target))) fitting++;
      else {
        const what = target === 'manual' ? 'no rule fires' : `a ${target} rule never fires`;
        this.report('at-kind-mismatch', `${what} at ${ref.name} nodes`, ref.span);
      }
    }
    if (kinds === refs.length && fitting === 0) {
      this.report(
        'rule-never-fires',
        `rule "${rule.name}" can fire at none of the nodes in its at list`,
        mergeRefSpans(refs.map((r) => r.span)),
      );
    }
  }

  private target(t: Target) {
    if (t.kind === 'manual') return;
    if (t.named) this.namedAssignee(t.kind, t.named.value, t.named.span);
    if (t.kind === 'service_group' || !t.selection) return;
    const sel = t.selection;
    const scope: Scope = t.kind === 'service_provider' ? 'provider' : 'engineer';
    if (sel.where) this.condition(sel.where, scope, 'where');
    for (const key of sel.rankBy) {
      const ty = this.expr(key.expr, scope);
      if (ty.k !== 'unknown' && ty.k !== 'bool' && !ORDERED.has(ty.k)) {
        this.report('type-mismatch', `cannot rank by a ${showType(ty)}`, key.expr.span);
      }
    }
    if (sel.collaboratorsSpan) {
      if (!Number.isSafeInteger(sel.collaborators)) {
        this.report('bad-integer', 'the number of collaborators must be a whole number', sel.collaboratorsSpan);
      } else if (t.kind === 'service_provider') {
        this.report('collaborators-not-allowed', 'only engineer targets take collaborators', sel.collaboratorsSpan);
      }
    }
  }

  private namedAssignee(kind: TargetKind, name: string, span: Span) {
    const dirPublic = this.options.directory;
    if (!dirPublic) return;
    const dir = impl(dirPublic);
    let found: Array<{ id: string; name: string; active?: boolean }>;
    let all: Iterable<{ name: string }>;
    switch (kind) {
      case 'service_group':
        found = dir.findServiceGroups(name);
        all = dir.serviceGroups;
        break;
      case 'service_provider':
        found = dir.findProviders(name);
        all = dir.providers;
        break;
      case 'engineer':
        found = dir.findEngineers(name);
        all = dir.engineers;
        break;
      case 'provider_engineer':
        found = dir.findEngineers(name).filter((e) => e.providerId != null);
        all = dir.engineers.filter((e) => e.providerId != null);
        break;
    }
    const label = kind.replace('_', ' ');
    if (!found.length) {
      const names = function* () {
        for (const x of all) yield x.name;
      };
      this.report('unknown-assignee', `no ${label} named "${name}" in the directory${didYouMean(name, names())}`, span);
    } else if (!found.some(isActive)) {
      this.report('inactive-assignee', `${label} "${name}" is not active, so this rule never matches`, span);
    }
  }

  /** Checks an expression that must be a condition. */
  condition(e: Expr, scope: Scope, what: string): Ty {
    const t = this.expr(e, scope);
    if (t.k !== 'bool' && t.k !== 'unknown') {
      this.report('not-a-condition', `${what} needs a condition (true or false), not a ${showType(t)}`, e.span);
    }
    return t;
  }

  // ---- expressions -----------------------------------------------------------------------

  expr(e: Expr, scope: Scope): Ty {
    const t = this.exprInner(e, scope);
    this.types.set(e, t);
    return t;
  }

  private exprInner(e: Expr, scope: Scope): Ty {
    switch (e.kind) {
      case 'string':
        return STRING;
      case 'number':
        return NUMBER;
      case 'bool':
        return BOOL;
      case 'null':
        return NULL;
      case 'error':
        return UNKNOWN;
      case 'quantity': {
        const t = this.expr(e.operand, scope);
        const result = Object.hasOwn(DISTANCE_UNITS, e.unit) ? DISTANCE : DURATION;
        if (t.k === 'unknown') return result;
        if (t.k !== 'number') {
          this.report('bad-unit', `a unit (${e.unit}) can follow a number only, not a ${showType(t)}`, e.unitSpan);
          return UNKNOWN;
        }
        return result;
      }
      case 'list': {
        let item: Ty | null = null;
        for (const it of e.items) {
          const t = this.expr(it, scope);
          if (t.k === 'unknown' || t.k === 'null') continue;
          if (item === null) item = t.k === 'enum' ? STRING : t;
          else if (!sameBase(item, t)) {
            this.report('type-mismatch', `a list holds one type: ${showType(t)} among ${showType(item)}s`, it.span);
            return UNKNOWN;
          }
        }
        return { k: 'list', of: item ?? UNKNOWN };
      }
      case 'path':
        return this.path(e, scope);
      case 'name': {
        const candidates = this.allFieldNames(scope);
        const near = candidates.find((c) => c.endsWith('.' + e.name));
        const hint = near ? `: did you mean "${near}"?` : didYouMean(e.name, candidates);
        this.report('unknown-field', `unknown name "${e.name}"${hint}`, e.span);
        return UNKNOWN;
      }
      case 'call':
        return this.call(e, scope);
      case 'negate': {
        const t = this.expr(e.operand, scope);
        if (t.k === 'unknown') return UNKNOWN;
        if (!isQuantity(t)) {
          this.report('type-mismatch', `cannot negate a ${showType(t)}`, e.operand.span);
          return UNKNOWN;
        }
        return t;
      }
      case 'not': {
        const t = this.expr(e.operand, scope);
        if (t.k !== 'bool' && t.k !== 'unknown') {
          this.report('not-a-condition', `not needs a condition, not a ${showType(t)}`, e.operand.span);
        }
        return BOOL;
      }
      case 'logical': {
        for (const o of e.operands) {
          const t = this.expr(o, scope);
          if (t.k !== 'bool' && t.k !== 'unknown') {
            this.report('not-a-condition', `${e.op} needs conditions on both sides, not a ${showType(t)}`, o.span);
          }
        }
        return BOOL;
      }
      case 'isnull':
        this.expr(e.operand, scope);
        return BOOL;
      case 'arith':
        return this.arith(e, scope);
      case 'compare':
        return this.compare(e, scope);
    }
  }

  private fieldsFor(scope: Scope): Array<[string, Record<string, FieldInfo>]> {
    const out: Array<[string, Record<string, FieldInfo>]> = [['order', FIELDS_BY_ROOT.order]];
    if (scope === 'engineer') out.push(['engineer', FIELDS_BY_ROOT.engineer]);
    if (scope === 'provider') out.push(['provider', FIELDS_BY_ROOT.provider]);
    if (scope !== 'condition') out.push(['group', FIELDS_BY_ROOT.group]);
    return out;
  }

  private allFieldNames(scope: Scope): string[] {
    const out: string[] = ['now'];
    for (const [root, fields] of this.fieldsFor(scope)) for (const k of Object.keys(fields)) out.push(`${root}.${k}`);
    for (const k of this.custom.keys()) out.push(`order.custom.${k}`);
    return out;
  }

  private path(e: PathExpr, scope: Scope): Ty {
    if (e.root === 'engineer' && scope !== 'engineer') {
      this.report(
        'scope-engineer',
        scope === 'provider'
          ? '`engineer` is not known in a service_provider selection: use `provider`'
          : '`engineer` can be used only inside an engineer or provider_engineer selection (where, rank by)',
        e.rootSpan,
      );
      return UNKNOWN;
    }
    if (e.root === 'provider' && scope !== 'provider') {
      this.report(
        'scope-provider',
        scope === 'engineer'
          ? '`provider` is not known in an engineer selection: use `engineer.provider` for its name'
          : '`provider` can be used only inside a service_provider selection (where, rank by)',
        e.rootSpan,
      );
      return UNKNOWN;
    }
    if (e.root === 'group' && scope === 'condition') {
      this.report('scope-group', 'a gateway condition sees `order` and `now` only', e.rootSpan);
      return UNKNOWN;
    }
    if (e.root === 'now') {
      if (e.segments.length) {
        this.report('unknown-field', '`now` is a time and has no fields', e.segments[0].span);
        return UNKNOWN;
      }
      return TIME;
    }
    if (e.segments.length === 0) {
      this.report('unknown-field', `\`${e.root}\` alone is not a value: name one of its fields, e.g. ${exampleField(e.root)}`, e.rootSpan);
      return UNKNOWN;
    }
    const fields: Readonly<Record<string, FieldInfo>> = FIELDS_BY_ROOT[e.root];
    if (e.root === 'order' && e.segments[0].name === 'custom') {
      const seg = e.segments[1];
      if (!seg) {
        this.report('unknown-field', '`order.custom` needs a field name, e.g. order.custom.contract', e.segments[0].span);
        return UNKNOWN;
      }
      const t = this.custom.get(seg.name);
      if (!t) {
        const hint = this.custom.size ? didYouMean(seg.name, this.custom.keys()) : ' (no custom fields are declared)';
        this.report('unknown-field', `unknown custom field "${seg.name}"${hint}`, seg.span);
        return UNKNOWN;
      }
      if (e.segments[2]) {
        this.report('unknown-field', `order.custom.${seg.name} has no field "${e.segments[2].name}"`, e.segments[2].span);
        return UNKNOWN;
      }
      return t;
    }
    let prefix = '';
    for (let i = 0; i < e.segments.length; i++) {
      const seg = e.segments[i];
      const full = prefix ? `${prefix}.${seg.name}` : seg.name;
      // Only the table's own names: `order.constructor` is an unknown field, not Object's constructor.
      const field = ownEntry(fields, full);
      if (field) {
        const next = e.segments[i + 1];
        if (next) {
          this.report('unknown-field', `${e.root}.${full} has no field "${next.name}"`, next.span);
          return UNKNOWN;
        }
        return field.type;
      }
      const isGroup = Object.keys(fields).some((k) => k.startsWith(full + '.'));
      if (isGroup) {
        if (i === e.segments.length - 1) {
          const subs = Object.keys(fields)
            .filter((k) => k.startsWith(full + '.'))
            .map((k) => k.slice(full.length + 1));
          this.report('unknown-field', `${e.root}.${full} needs a field: one of ${subs.join(', ')}`, seg.span);
          return UNKNOWN;
        }
        prefix = full;
        continue;
      }
      const level = new Set<string>();
      for (const k of Object.keys(fields)) {
        if (prefix && !k.startsWith(prefix + '.')) continue;
        level.add(k.slice(prefix ? prefix.length + 1 : 0).split('.')[0]);
      }
      if (e.root === 'order' && !prefix) level.add('custom');
      const where = prefix ? `${e.root}.${prefix}` : e.root;
      this.report('unknown-field', `unknown field "${seg.name}" of ${where}${didYouMean(seg.name, level)}`, seg.span);
      return UNKNOWN;
    }
    return UNKNOWN;
  }

  private call(e: Extract<Expr, { kind: 'call' }>, scope: Scope): Ty {
    const args = e.args.map((a) => this.expr(a, scope));
    const fn = ownEntry(FUNCTIONS, e.name);
    if (!fn) {
      this.report('unknown-function', `unknown function "${e.name}"${didYouMean(e.name, Object.keys(FUNCTIONS))}`, e.nameSpan);
      return UNKNOWN;
    }
    if (args.length !== fn.params.length) {
      this.report(
        'wrong-arity',
        `${e.name} takes ${fn.params.length} argument${fn.params.length === 1 ? '' : 's'}, not ${args.length}: ${fn.signature}`,
        e.nameSpan,
      );
      return UNKNOWN;
    }
    let ok = true;
    fn.params.forEach((param, i) => {
      const t = args[i];
      if (t.k === 'unknown' || t.k === 'null' || param.accepts(t)) return;
      ok = false;
      const unitHint = param.type === 'number' && isQuantity(t) ? ' (no unit here)' : '';
      this.report('type-mismatch', `${e.name} needs a ${param.type}${unitHint}, not a ${showType(t)}`, e.args[i].span);
    });
    return ok ? fn.result : UNKNOWN;
  }

  private arith(e: Extract<Expr, { kind: 'arith' }>, scope: Scope): Ty {
    const l = this.expr(e.left, scope);
    const r = this.expr(e.right, scope);
    if (l.k === 'unknown' || r.k === 'unknown') return UNKNOWN;
    const a = l.k;
    const b = r.k;
    const op = e.op;
    if (a === 'number' && b === 'number') return NUMBER;
    if (op === '+' || op === '-') {
      if ((a === 'distance' || a === 'duration') && a === b) return l;
      if (a === 'time' && b === 'duration') return TIME;
      if (op === '+' && a === 'duration' && b === 'time') return TIME;
      if (op === '-' && a === 'time' && b === 'time') return DURATION;
    }
    if (op === '*') {
      if (a === 'number' && (b === 'distance' || b === 'duration')) return r;
      if (b === 'number' && (a === 'distance' || a === 'duration')) return l;
    }
    if (op === '/') {
      if ((a === 'distance' || a === 'duration') && b === 'number') return l;
      if ((a === 'distance' || a === 'duration') && a === b) return NUMBER;
    }
    if ((op === '+' || op === '-') && isQuantity(l) && isQuantity(r)) {
      const bare = a === 'number' ? e.left : b === 'number' ? e.right : null;
      const other = a === 'number' ? b : a;
      if (bare) {
        this.report('unit-mismatch', `a ${other} and a bare number cannot be combined: give the number a unit`, bare.span);
      } else {
        this.report('unit-mismatch', `a ${a} and a ${b} cannot be combined`, e.opSpan);
      }
      return UNKNOWN;
    }
    if ((a === 'time' || b === 'time') && (isQuantity(l) || isQuantity(r)) && (a === 'number' || b === 'number')) {
      const bare = a === 'number' ? e.left : e.right;
      this.report('unit-mismatch', 'a time takes a duration, not a bare number: write e.g. 2 h', bare.span);
      return UNKNOWN;
    }
    this.report('type-mismatch', `cannot apply "${op}" to a ${showType(l)} and a ${showType(r)}`, e.opSpan);
    return UNKNOWN;
  }

  /** An enum compared with a string literal: the literal must be one of its values. */
  private enumLiteral(enumTy: Ty, e: Expr): boolean {
    if (enumTy.k !== 'enum' || e.kind !== 'string') return true;
    if (enumTy.values.includes(e.value)) return true;
    this.report(
      'bad-enum-value',
      `"${e.value}" is not one of ${enumTy.values.join(', ')}${didYouMean(e.value, enumTy.values)}`,
      e.span,
    );
    return false;
  }

  /** Whether a value of type `r` can be compared with one of type `l`; reports when not. */
  private comparable(l: Ty, r: Ty, left: Expr, right: Expr, opSpan: Span): boolean {
    if (l.k === 'unknown' || r.k === 'unknown' || l.k === 'null' || r.k === 'null') return true;
    if (l.k === 'enum' || r.k === 'enum') {
      if (l.k === 'enum' && r.k === 'enum') {
        if (l.values.join('\u0000') === r.values.join('\u0000')) return true;
        this.report('type-mismatch', `cannot compare ${showType(l)} with ${showType(r)}`, right.span);
        return false;
      }
      const [en, other, otherExpr] = l.k === 'enum' ? [l, r, right] : [r, l, left];
      if (other.k === 'string') return this.enumLiteral(en, otherExpr);
      this.report('type-mismatch', `cannot compare ${showType(en)} with a ${showType(other)}`, otherExpr.span);
      return false;
    }
    if (isQuantity(l) && isQuantity(r) && l.k !== r.k) {
      const bare = l.k === 'number' ? left : r.k === 'number' ? right : null;
      const other = l.k === 'number' ? r.k : l.k;
      if (bare) {
        const eg = other === 'distance' ? '30 km' : '2 h';
        this.report('unit-mismatch', `a ${other} is compared with a bare number: write a unit, e.g. ${eg}`, bare.span);
      } else this.report('unit-mismatch', `cannot compare a ${l.k} with a ${r.k}`, opSpan);
      return false;
    }
    if (sameBase(l, r)) return true;
    if ((l.k === 'time' && isQuantity(r)) || (r.k === 'time' && isQuantity(l))) {
      const bad = l.k === 'time' ? right : left;
      this.report('type-mismatch', 'a time compares only with another time (hours_until(t) gives a number)', bad.span);
      return false;
    }
    this.report('type-mismatch', `cannot compare a ${showType(l)} with a ${showType(r)}`, right.span);
    return false;
  }

  private compare(e: Extract<Expr, { kind: 'compare' }>, scope: Scope): Ty {
    const l = this.expr(e.left, scope);
    const r = this.expr(e.right, scope);
    switch (e.op) {
      case '==':
      case '!=':
        if (e.left.kind === 'null' || e.right.kind === 'null') {
          this.report('null-comparison', `comparing with null is always false: write "is ${e.op === '!=' ? 'not ' : ''}null"`, e.opSpan);
          return BOOL;
        }
        this.comparable(l, r, e.left, e.right, e.opSpan);
        return BOOL;
      case '<':
      case '<=':
      case '>':
      case '>=':
        for (const [t, x] of [
          [l, e.left],
          [r, e.right],
        ] as const) {
          if (t.k !== 'unknown' && t.k !== 'null' && !ORDERED.has(t.k)) {
            this.report('type-mismatch', `"${e.op}" needs numbers, distances, durations, times or strings, not a ${showType(t)}`, x.span);
            return BOOL;
          }
        }
        this.comparable(l, r, e.left, e.right, e.opSpan);
        return BOOL;
      case 'in':
      case 'not in':
        if (r.k === 'unknown' || r.k === 'null') return BOOL;
        if (r.k !== 'list') {
          this.report('type-mismatch', `"${e.op}" needs a list on its right, not a ${showType(r)}`, e.right.span);
          return BOOL;
        }
        this.memberCheck(l, r, e.left, e.right);
        return BOOL;
      case 'contains':
        if (l.k === 'unknown' || l.k === 'null') return BOOL;
        if (stringLike(l)) {
          if (r.k !== 'unknown' && r.k !== 'null' && !stringLike(r)) {
            this.report('type-mismatch', `a string contains a string, not a ${showType(r)}`, e.right.span);
          }
          return BOOL;
        }
        if (l.k !== 'list') {
          this.report('type-mismatch', `"contains" needs a list or a string on its left, not a ${showType(l)}`, e.left.span);
          return BOOL;
        }
        this.memberCheck(r, l, e.right, e.left);
        return BOOL;
      case 'contains all':
      case 'contains any':
        if (l.k !== 'unknown' && l.k !== 'null' && l.k !== 'list') {
          this.report('type-mismatch', `"${e.op}" needs a list on its left, not a ${showType(l)}`, e.left.span);
          return BOOL;
        }
        if (r.k !== 'unknown' && r.k !== 'null' && r.k !== 'list') {
          this.report('type-mismatch', `"${e.op}" needs a list on its right, not a ${showType(r)}`, e.right.span);
          return BOOL;
        }
        if (l.k === 'list' && r.k === 'list') {
          const li = l.of;
          const ri = r.of;
          if (li.k !== 'unknown' && ri.k !== 'unknown' && !sameBase(li, ri) && !(stringLike(li) && stringLike(ri))) {
            this.report('type-mismatch', `cannot match a ${showType(l)} against a ${showType(r)}`, e.right.span);
          }
        }
        return BOOL;
      case 'starts with':
        for (const [t, x] of [
          [l, e.left],
          [r, e.right],
        ] as const) {
          if (t.k !== 'unknown' && t.k !== 'null' && !stringLike(t)) {
            this.report('type-mismatch', `"starts with" needs strings, not a ${showType(t)}`, x.span);
            return BOOL;
          }
        }
        return BOOL;
    }
  }

  /** `item in list` / `list contains item`. */
  private memberCheck(item: Ty, listTy: Ty, itemExpr: Expr, listExpr: Expr) {
    if (listTy.k !== 'list' || item.k === 'unknown' || item.k === 'null') return;
    const of = listTy.of;
    if (item.k === 'enum' && listExpr.kind === 'list') {
      for (const it of listExpr.items) this.enumLiteral(item, it);
      return;
    }
    if (of.k === 'unknown') return;
    if (item.k === 'enum' && of.k === 'string') return;
    if (isQuantity(item) && isQuantity(of) && item.k !== of.k) {
      this.report('unit-mismatch', `a ${showType(item)} cannot be found in a ${showType(listTy)}`, itemExpr.span);
      return;
    }
    if (!sameBase(item, of)) {
      this.report('type-mismatch', `a ${showType(item)} cannot be found in a ${showType(listTy)}`, itemExpr.span);
    }
  }
}

function sameBase(a: Ty, b: Ty): boolean {
  if (a.k === 'list' && b.k === 'list') return a.of.k === 'unknown' || b.of.k === 'unknown' || sameBase(a.of, b.of);
  if (stringLike(a) && stringLike(b)) return true;
  return a.k === b.k;
}

function exampleField(root: string): string {
  return root === 'order' ? 'order.priority' : root === 'engineer' ? 'engineer.skills' : root === 'provider' ? 'provider.rating' : 'group.name';
}

function mergeRefSpans(spans: Span[]): Span {
  const first = spans[0];
  const last = spans[spans.length - 1];
  return { range: { start: first.range.start, end: last.range.end }, startOffset: first.startOffset, endOffset: last.endOffset };
}

export function checkRuleSet(ast: RuleSetAst, options: CheckOptions = {}): Checked {
  const c = new Checker(options);
  c.ruleSet(ast);
  return { types: c.types, diagnostics: c.diagnostics };
}

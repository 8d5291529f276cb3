// Checked AST → plain closures. User text is never run as JavaScript: every construct maps to
// a closure chosen here, specialised by the types the checker found (a comparison with a
// literal reads one field and compares once, with no allocation).
import type { CompareExpr, Expr, PathExpr, RuleNode } from './ast';
import type { DirectoryImpl } from './directory';
import { printExpr } from './format';
import { FUNCTIONS, type FunctionCompiler } from './functions';
import { haversineKm } from './geometry';
import {
  ORDER_STRING_FIELDS,
  ORDER_TIME_FIELDS,
  readOrderTime,
  DISTANCE_UNITS,
  DURATION_UNITS,
  FIELDS_BY_ROOT,
  ownEntry,
  customReader,
  type EngineerField,
  type GroupField,
  type OrderField,
  type ProviderField,
  type Ty,
} from './schema';
import type { SlotQuery } from './schedule';
import type { CustomFieldDef, LatLng, OrderData, ServiceGroupData, TargetKind } from './types';

/** What a compiled expression reads. One Env per evaluation, reused for every candidate. */
export interface Env {
  o: OrderData;
  /** Epoch ms. */
  now: number;
  /** The candidate engineer or provider inside a selection. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  c: any;
  dir: DirectoryImpl;
  /** The node's service group, if it has one. */
  g: ServiceGroupData | null;
  /** The evaluation run (schedule.ts nextRun): slots are searched once per engineer and run. */
  run: number;
  /** The order's slot query of run `sqRun` (schedule.ts queryOf). */
  sq: SlotQuery | null;
  sqRun: number;
}

export type Fn = (env: Env) => unknown;
export type Pred = (env: Env) => boolean;

/**
 * A value a trace shows beside a condition (`order.category`, `hours_until(order.sla.resolveBy)`):
 * one per distinct text in a rule set, evaluated once a decision, whatever the number of
 * conditions that compare it.
 */
export interface TraceOperand {
  text: string;
  fn: Fn;
  ty: Ty;
}

/** An atomic condition of a `when`, for the trace: its value is computed from its operands' recorded values. */
export interface TraceLeaf {
  text: string;
  /** Slots in the rule set's operand table, literals left out. */
  operands: number[];
  /** The condition's value given every operand's value by slot (no order, no directory read). */
  test: (values: readonly unknown[]) => boolean;
}

export interface RankKeyFn {
  text: string;
  fn: Fn;
  desc: boolean;
  ty: Ty;
  /** Enum keys sort by declared order. */
  enumIndex: Map<string, number> | null;
  /** The key is distance(engineer.location, order.location): reuse the distance already computed. */
  isOrderDistance: boolean;
}

export interface CompiledSelection {
  /** The whole `where` (null: every candidate passes). */
  where: Pred | null;
  /** With a spatial conjunct: the rest of the `where`, without it. */
  rest: Pred | null;
  spatial: { radiusKm: Fn; inclusive: boolean } | null;
  whereText: string | null;
  /** The top-level `and` terms of `where`, in source order, each with its source text (white space collapsed). */
  readonly terms: readonly WhereTerm[];
  keys: RankKeyFn[];
  collaborators: number;
}

export interface WhereTerm {
  text: string;
  pred: Pred;
  /** The values the term compares (literals left out), to show a candidate's. */
  operands: TraceOperand[];
}

/**
 * A top-level conjunct of a `when` on a plain order field against string literals:
 * `order.category == "HVAC"`, `order.priority in ["High", "Urgent"]`, `order.source != "api"`.
 * The evaluator reads each such field once per order and checks guards before calling any
 * closure, and can index the rules of a node by one field (like an alpha network).
 */
export interface Guard {
  /** `order.` path, e.g. `address.region`. */
  field: string;
  read: (o: OrderData) => unknown;
  op: 'eq' | 'ne' | 'in';
  values: string[];
}

export interface CompiledRule {
  name: string;
  index: number;
  line: number;
  priority: number;
  disabled: boolean;
  at: string[] | null;
  target: TargetKind | 'manual';
  when: Pred;
  /** `when` = every guard and `rest` (null: nothing beyond the guards). */
  guards: Guard[];
  rest: Pred | null;
  whenText: string;
  leaves: TraceLeaf[];
  named: string | null;
  selection: CompiledSelection | null;
}

export class Compiler {
  private readonly custom = new Map<string, CustomFieldDef>();
  /** The operands of every rule's trace conditions, by slot (see TraceOperand). */
  readonly operands: TraceOperand[] = [];
  private readonly operandSlots = new Map<string, number>();
  /** While compiling a leaf's test: the operands read from recorded values instead. */
  private slotted: Map<Expr, number> | null = null;
  private readonly recorded: { values: readonly unknown[] } = { values: [] };

  constructor(
    private readonly types: Map<Expr, Ty>,
    customFields: CustomFieldDef[] = [],
    /** The rule set's text, for the source text of `where` terms (else they are printed from the tree). */
    private readonly source: string | null = null,
  ) {
    for (const f of customFields) this.custom.set(f.name, f);
  }

  private ty(e: Expr): Ty {
    return this.types.get(e) ?? { k: 'unknown' };
  }

  rule(r: RuleNode): CompiledRule {
    const t = r.target!;
    let selection: CompiledSelection | null = null;
    let named: string | null = null;
    if (t.kind !== 'manual') {
      named = t.named?.value ?? null;
      if (t.kind !== 'service_group' && !t.named) selection = this.selection(t.selection);
    }
    const conjuncts = r.when.kind === 'logical' && r.when.op === 'and' ? r.when.operands : [r.when];
    let whenText: string | undefined;
    let leaves: TraceLeaf[] | undefined;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    const guards: Guard[] = [];
    const others: Expr[] = [];
    for (const c of conjuncts) {
      const g = this.guardOf(c);
      if (g) guards.push(g);
      else if (!(c.kind === 'bool' && c.value)) others.push(c);
    }
    return {
      name: r.name,
      index: r.index,
      line: r.nameSpan.range.start.line,
      guards,
      rest: others.length ? this.allOf(others.map((o) => this.pred(o))) : null,
      priority: r.priorities[0]?.value ?? 0,
      disabled: r.disabled.length > 0,
      at: r.atLists.length ? r.atLists.flat().map((a) => a.name) : null,
      target: t.kind,
      when: this.pred(r.when),
      // Trace-only parts are built on first use: most rules are never traced.
      get whenText() {
        return (whenText ??= printExpr(r.when));
      },
      get leaves() {
        return (leaves ??= self.leaves(r.when));
      },
      named,
      selection,
    };
  }

  selection(sel: Extract<RuleNode['target'], { selection: unknown }>['selection']): CompiledSelection {
    const where = sel?.where ?? null;
    let spatial: CompiledSelection['spatial'] = null;
    let whereText: string | undefined;
    let rest: Pred | null = null;
    let terms: WhereTerm[] | undefined;
    const conjuncts = where === null ? [] : where.kind === 'logical' && where.op === 'and' ? where.operands : [where];
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    if (where) {
      const i = conjuncts.findIndex((c) => this.spatialOf(c) !== null);
      if (i >= 0) {
        spatial = this.spatialOf(conjuncts[i]);
        // Cheapest tests first: they are pure, so the order changes nothing but the time.
        const others = conjuncts.filter((_, j) => j !== i).sort((a, b) => costOf(a) - costOf(b));
        rest = others.length === 0 ? null : this.allOf(others.map((o) => this.pred(o)));
      }
    }
    return {
      where: where ? this.pred(where) : null,
      rest,
      spatial,
      get whereText() {
        return where ? (whereText ??= printExpr(where)) : null;
      },
      get terms() {
        return (terms ??= conjuncts.map((c) => ({ text: self.sourceText(c), pred: self.pred(c), operands: self.termOperands(c) })));
      },
      keys: (sel?.rankBy ?? []).map((k) => {
        const ty = this.ty(k.expr);
        let text: string | undefined;
        return {
          get text() {
            return (text ??= printExpr(k.expr));
          },
          fn: this.expr(k.expr),
          desc: k.direction === 'desc',
          ty,
          enumIndex: ty.k === 'enum' ? new Map(ty.values.map((v, i) => [v, i])) : null,
          isOrderDistance: isEngineerOrderDistance(k.expr),
        };
      }),
      collaborators: sel && Number.isSafeInteger(sel.collaborators) ? Math.max(0, sel.collaborators) : 0,
    };
  }

  /**
   * The commonest conditions as one closure each, with no inner calls through other closures:
   * `hours_until(order.sla.resolveBy) < 48` (and the other time functions over order times)
   * and `distance(order.location, point(lat, lng)) < 30 km`.
   */
  private fusedCompare(left: Expr, op: '<' | '<=' | '>' | '>=', k: number): Pred | null {
    const opN = op === '<' ? 0 : op === '<=' ? 1 : op === '>' ? 2 : 3;
    if (left.kind !== 'call' || left.args.length === 0 || this.slotted?.has(left)) return null;
    const arg = left.args[0];
    const time = ownEntry(FUNCTIONS, left.name)?.time;
    if (time && left.args.length === 1 && arg.kind === 'path' && arg.root === 'order') {
      const id = (ORDER_TIME_FIELDS as readonly string[]).indexOf(arg.segments.map((x) => x.name).join('.'));
      if (id < 0) return null;
      const { scale, until } = time;
      return (env) => {
        const t = readOrderTime(env.o, id);
        if (t === null) return false;
        const x = (until ? t - env.now : env.now - t) / scale;
        return opN === 0 ? x < k : opN === 1 ? x <= k : opN === 2 ? x > k : x >= k;
      };
    }
    if (left.name === 'distance' && left.args.length === 2) {
      const [a, b] = left.args;
      const isOrderLoc = (x: Expr) => x.kind === 'path' && x.root === 'order' && x.segments.length === 1 && x.segments[0].name === 'location';
      const isFixed = (x: Expr) => x.kind === 'call' && x.name === 'point' && x.args.length === 2 && x.args.every(isLiteral);
      const fixed = isOrderLoc(a) && isFixed(b) ? b : isOrderLoc(b) && isFixed(a) ? a : null;
      if (!fixed || fixed.kind !== 'call') return null;
      const qLat = constValue(fixed.args[0]);
      const qLng = constValue(fixed.args[1]);
      if (typeof qLat !== 'number' || typeof qLng !== 'number') return null;
      return (env) => {
        const p = env.o.location;
        if (p == null || typeof p.lat !== 'number' || typeof p.lng !== 'number') return false;
        const x = haversineKm(p.lat, p.lng, qLat, qLng);
        return opN === 0 ? x < k : opN === 1 ? x <= k : opN === 2 ? x > k : x >= k;
      };
    }
    return null;
  }

  private guardOf(e: Expr): Guard | null {
    if (e.kind !== 'compare' || (e.op !== '==' && e.op !== '!=' && e.op !== 'in')) return null;
    let path = e.left;
    let lit = e.right;
    if (e.op !== 'in' && path.kind === 'string') [path, lit] = [lit, path];
    if (path.kind !== 'path' || path.root !== 'order') return null;
    const key = path.segments.map((s) => s.name).join('.');
    const field = ownEntry(FIELDS_BY_ROOT.order, key);
    if (!field || !(ORDER_STRING_FIELDS as readonly string[]).includes(key)) return null;
    let values: string[];
    if (lit.kind === 'string' && e.op !== 'in') values = [lit.value];
    else if (e.op === 'in' && lit.kind === 'list' && lit.items.length > 0 && lit.items.every((i) => i.kind === 'string')) {
      values = lit.items.map((i) => (i as { value: string }).value);
    } else return null;
    return { field: key, read: field.read, op: e.op === '==' ? 'eq' : e.op === '!=' ? 'ne' : 'in', values };
  }

  /** The non-literal sides of the comparisons in a condition. */
  private termOperands(e: Expr, out: TraceOperand[] = []): TraceOperand[] {
    if (e.kind === 'logical') for (const o of e.operands) this.termOperands(o, out);
    else if (e.kind === 'not') this.termOperands(e.operand, out);
    else if (e.kind === 'compare') {
      for (const side of [e.left, e.right]) if (!isLiteral(side) && side.kind !== 'list') out.push(this.operandOf(side));
    } else if (e.kind === 'isnull') out.push(this.operandOf(e.operand));
    else if (!isLiteral(e)) out.push(this.operandOf(e));
    return out;
  }

  private operandOf(e: Expr): TraceOperand {
    return { text: this.sourceText(e), fn: this.expr(e), ty: this.ty(e) };
  }

  /** An expression as written, white space collapsed to single spaces. */
  private sourceText(e: Expr): string {
    const text = this.source === null ? printExpr(e) : this.source.slice(e.span.startOffset, e.span.endOffset);
    return text.replace(/\s+/g, ' ').trim();
  }

  /** `distance(engineer.location, order.location) <(=) R` with R not depending on the candidate. */
  private spatialOf(e: Expr): CompiledSelection['spatial'] {
    if (e.kind !== 'compare') return null;
    let dist: Expr;
    let bound: Expr;
    let inclusive: boolean;
    if (e.op === '<' || e.op === '<=') {
      [dist, bound, inclusive] = [e.left, e.right, e.op === '<='];
    } else if (e.op === '>' || e.op === '>=') {
      [dist, bound, inclusive] = [e.right, e.left, e.op === '>='];
    } else return null;
    if (!isEngineerOrderDistance(dist) || readsCandidate(bound) || this.ty(bound).k !== 'distance') return null;
    return { radiusKm: this.expr(bound), inclusive };
  }

  /** The atomic conditions of a `when`, each with its operands, for the trace. */
  leaves(e: Expr): TraceLeaf[] {
    const out: TraceLeaf[] = [];
    const recorded = this.recorded;
    const walk = (x: Expr) => {
      if (x.kind === 'logical') x.operands.forEach(walk);
      else if (x.kind === 'not') walk(x.operand);
      else {
        const operands = (x.kind === 'compare' ? [x.left, x.right] : x.kind === 'isnull' ? [x.operand] : x.kind === 'bool' ? [] : [x]).filter(
          (o) => !isLiteral(o),
        );
        const slots = operands.map((o) => this.operandSlot(o));
        // The same closures as the rule's, over the recorded operand values.
        this.slotted = new Map(operands.map((o, i) => [o, slots[i]]));
        let p: Pred;
        try {
          p = this.pred(x);
        } finally {
          this.slotted = null;
        }
        out.push({
          text: printExpr(x),
          operands: slots,
          test: (values) => {
            recorded.values = values;
            return p(NO_ENV);
          },
        });
      }
    };
    walk(e);
    return out;
  }

  private operandSlot(o: Expr): number {
    const text = printExpr(o);
    let slot = this.operandSlots.get(text);
    if (slot === undefined) {
      slot = this.operands.length;
      this.operandSlots.set(text, slot);
      this.operands.push({ text, fn: this.expr(o), ty: this.ty(o) });
    }
    return slot;
  }

  pred(e: Expr): Pred {
    const f = this.expr(e);
    if (e.kind === 'compare' || e.kind === 'logical' || e.kind === 'not' || e.kind === 'isnull') return f as Pred;
    if (e.kind === 'bool') return e.value ? () => true : () => false;
    // A bool field (e.g. a custom flag) may be null: null is not true.
    return (env) => f(env) === true;
  }

  private allOf(ps: Pred[]): Pred {
    if (ps.length === 1) return ps[0];
    if (ps.length === 2) {
      const [a, b] = ps;
      return (env) => a(env) && b(env);
    }
    if (ps.length === 3) {
      const [a, b, c] = ps;
      return (env) => a(env) && b(env) && c(env);
    }
    return (env) => {
      for (let i = 0; i < ps.length; i++) if (!ps[i](env)) return false;
      return true;
    };
  }

  private anyOf(ps: Pred[]): Pred {
    if (ps.length === 2) {
      const [a, b] = ps;
      return (env) => a(env) || b(env);
    }
    return (env) => {
      for (let i = 0; i < ps.length; i++) if (ps[i](env)) return true;
      return false;
    };
  }

  expr(e: Expr): Fn {
    if (this.slotted !== null) {
      const slot = this.slotted.get(e);
      if (slot !== undefined) {
        const recorded = this.recorded;
        return () => recorded.values[slot];
      }
    }
    switch (e.kind) {
      case 'string':
      case 'number':
      case 'bool': {
        const v = e.value;
        return () => v;
      }
      case 'null':
      case 'error':
      case 'name':
        return () => null;
      case 'quantity': {
        const factor = ownEntry(DISTANCE_UNITS, e.unit) ?? ownEntry(DURATION_UNITS, e.unit) ?? NaN;
        if (e.operand.kind === 'number') {
          const v = e.operand.value * factor;
          return () => v;
        }
        const f = this.expr(e.operand);
        return (env) => {
          const v = f(env);
          return typeof v === 'number' ? v * factor : null;
        };
      }
      case 'list': {
        if (e.items.every(isLiteral)) {
          const values = e.items.map((i) => constValue(i));
          return () => values;
        }
        const fs = e.items.map((i) => this.expr(i));
        return (env) => fs.map((f) => f(env));
      }
      case 'path':
        return this.path(e);
      case 'call':
        return this.call(e);
      case 'negate': {
        const f = this.expr(e.operand);
        return (env) => {
          const v = f(env);
          return typeof v === 'number' ? -v : null;
        };
      }
      case 'not': {
        const p = this.pred(e.operand);
        return (env) => !p(env);
      }
      case 'logical': {
        const ps = e.operands.map((o) => this.pred(o));
        return e.op === 'and' ? this.allOf(ps) : this.anyOf(ps);
      }
      case 'isnull': {
        const f = this.expr(e.operand);
        return e.negated ? (env) => f(env) != null : (env) => f(env) == null;
      }
      case 'arith':
        return this.arith(e);
      case 'compare':
        return this.compare(e);
    }
  }

  /**
   * The reader of an order field, for fusing it into the closure that uses it (one call
   * fewer per condition); null for anything else.
   */
  private orderReader(e: Expr): ((o: OrderData) => unknown) | null {
    if (e.kind !== 'path' || e.root !== 'order' || this.slotted?.has(e)) return null;
    if (e.segments[0]?.name === 'custom') {
      const def = this.custom.get(e.segments[1]?.name ?? '');
      return def && e.segments.length === 2 ? customReader(def) : null;
    }
    return ownEntry(FIELDS_BY_ROOT.order, e.segments.map((x) => x.name).join('.'))?.read ?? null;
  }

  /** Compiles an operand, fusing an order field read into `(env) => read(env.o)` only when needed. */
  private operand(e: Expr): Fn {
    const read = this.orderReader(e);
    if (read) return (env) => read(env.o);
    return this.expr(e);
  }

  private path(e: PathExpr): Fn {
    if (e.root === 'now') return (env) => env.now;
    if (e.root === 'order' && e.segments[0]?.name === 'custom') {
      const def = this.custom.get(e.segments[1]?.name ?? '');
      if (!def) return () => null;
      const read = customReader(def);
      return (env) => read(env.o);
    }
    const key = e.segments.map((s) => s.name).join('.');
    switch (e.root) {
      case 'order': {
        const f: OrderField | undefined = ownEntry(FIELDS_BY_ROOT.order, key);
        if (!f) return () => null;
        const read = f.read;
        return (env) => read(env.o);
      }
      case 'engineer': {
        const f: EngineerField | undefined = ownEntry(FIELDS_BY_ROOT.engineer, key);
        if (!f) return () => null;
        const read = f.read;
        return (env) => (env.c == null ? null : read(env.c, env.dir, env));
      }
      case 'provider': {
        const f: ProviderField | undefined = ownEntry(FIELDS_BY_ROOT.provider, key);
        if (!f) return () => null;
        const read = f.read;
        return (env) => (env.c == null ? null : read(env.c));
      }
      case 'group': {
        const f: GroupField | undefined = ownEntry(FIELDS_BY_ROOT.group, key);
        if (!f) return () => null;
        const read = f.read;
        return (env) => (env.g === null ? null : read(env.g));
      }
    }
  }

  private call(e: Extract<Expr, { kind: 'call' }>): Fn {
    const f = ownEntry(FUNCTIONS, e.name);
    if (!f || f.params.length !== e.args.length) return () => null;
    return f.compile(
      e.args.map((x) => this.expr(x)),
      e.args,
      this.functionCompiler,
    );
  }

  private readonly functionCompiler: FunctionCompiler = {
    orderReader: (x) => this.orderReader(x),
    literal: (x) => (isLiteral(x) ? { value: constValue(x) } : undefined),
  };

  private arith(e: Extract<Expr, { kind: 'arith' }>): Fn {
    const l = this.expr(e.left);
    const r = this.expr(e.right);
    switch (e.op) {
      case '+':
        return (env) => {
          const a = l(env);
          const b = r(env);
          return typeof a === 'number' && typeof b === 'number' ? a + b : null;
        };
      case '-':
        return (env) => {
          const a = l(env);
          const b = r(env);
          return typeof a === 'number' && typeof b === 'number' ? a - b : null;
        };
      case '*':
        return (env) => {
          const a = l(env);
          const b = r(env);
          return typeof a === 'number' && typeof b === 'number' ? a * b : null;
        };
      case '/':
        return (env) => {
          const a = l(env);
          const b = r(env);
          return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a / b : null;
        };
    }
  }

  private compare(e: CompareExpr): Pred {
    const lt = this.ty(e.left);
    const rt = this.ty(e.right);
    // Comparisons with the null literal are always false (the checker warns).
    if (e.left.kind === 'null' || e.right.kind === 'null') return () => false;
    const l = this.expr(e.left);
    const r = this.expr(e.right);
    switch (e.op) {
      case '==':
      case '!=': {
        const neg = e.op === '!=';
        const structural = needsStructuralEquality(lt) || needsStructuralEquality(rt);
        if (!structural && isLiteral(e.right)) {
          const k = constValue(e.right);
          return neg ? (env) => { const v = l(env); return v != null && v !== k; } : (env) => l(env) === k;
        }
        if (!structural && isLiteral(e.left)) {
          const k = constValue(e.left);
          return neg ? (env) => { const v = r(env); return v != null && v !== k; } : (env) => r(env) === k;
        }
        const eq = structural ? deepEqual : (a: unknown, b: unknown) => a === b;
        return (env) => {
          const a = l(env);
          if (a == null) return false;
          const b = r(env);
          if (b == null) return false;
          return eq(a, b) !== neg;
        };
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const enumTy = lt.k === 'enum' ? lt : rt.k === 'enum' ? rt : null;
        let lf = l;
        let rf = r;
        if (enumTy && enumTy.k === 'enum') {
          const ix = new Map(enumTy.values.map((v, i) => [v, i]));
          lf = (env) => ix.get(l(env) as string) ?? null;
          rf = (env) => ix.get(r(env) as string) ?? null;
        }
        if (isLiteral(e.right) && !enumTy) {
          const k = constValue(e.right) as number;
          const fused = this.fusedCompare(e.left, e.op, k);
          if (fused) return fused;
          // One closure per operator: no comparator call on the hot path.
          switch (e.op) {
            case '<':
              return (env) => {
                const a = lf(env);
                return a != null && (a as number) < k;
              };
            case '<=':
              return (env) => {
                const a = lf(env);
                return a != null && (a as number) <= k;
              };
            case '>':
              return (env) => {
                const a = lf(env);
                return a != null && (a as number) > k;
              };
            case '>=':
              return (env) => {
                const a = lf(env);
                return a != null && (a as number) >= k;
              };
          }
        }
        const cmp = orderOp(e.op);
        return (env) => {
          const a = lf(env);
          if (a == null) return false;
          const b = rf(env);
          if (b == null) return false;
          return cmp(a as number, b as number);
        };
      }
      case 'in':
      case 'not in': {
        const neg = e.op === 'not in';
        if (e.right.kind === 'list' && e.right.items.every(isLiteral) && !needsStructuralEquality(lt)) {
          const values = e.right.items.map(constValue).filter((v) => v != null);
          if (values.length <= 6) {
            return (env) => {
              const v = l(env);
              if (v == null) return false;
              for (let i = 0; i < values.length; i++) if (values[i] === v) return !neg;
              return neg;
            };
          }
          const set = new Set(values);
          return (env) => {
            const v = l(env);
            return v != null && set.has(v) !== neg;
          };
        }
        return (env) => {
          const v = l(env);
          if (v == null) return false;
          const list = r(env);
          if (!Array.isArray(list)) return false;
          return includes(list, v) !== neg;
        };
      }
      case 'contains':
        if (e.right.kind === 'string' || e.right.kind === 'number') {
          const k = e.right.value;
          const read = this.orderReader(e.left);
          if (read) {
            return (env) => {
              const a = read(env.o);
              if (Array.isArray(a)) return a.includes(k);
              return typeof a === 'string' && typeof k === 'string' && a.includes(k);
            };
          }
          return (env) => {
            const a = l(env);
            if (Array.isArray(a)) return a.includes(k);
            return typeof a === 'string' && typeof k === 'string' && a.includes(k);
          };
        }
        return (env) => {
          const a = l(env);
          if (a == null) return false;
          const b = r(env);
          if (b == null) return false;
          if (Array.isArray(a)) return includes(a, b);
          return typeof a === 'string' && typeof b === 'string' && a.includes(b);
        };
      case 'contains all':
      case 'contains any': {
        const all = e.op === 'contains all';
        return (env) => {
          const a = l(env);
          if (!Array.isArray(a)) return false;
          const b = r(env);
          if (!Array.isArray(b)) return false;
          if (all) {
            for (let i = 0; i < b.length; i++) if (!includes(a, b[i])) return false;
            return true;
          }
          for (let i = 0; i < b.length; i++) if (includes(a, b[i])) return true;
          return false;
        };
      }
      case 'starts with':
        return (env) => {
          const a = l(env);
          const b = r(env);
          return typeof a === 'string' && typeof b === 'string' && a.startsWith(b);
        };
    }
  }
}

/** The env of a leaf test: it reads recorded values only. */
const NO_ENV = { o: null, now: 0, c: null, dir: null, g: null, run: 0, sq: null, sqRun: -1 } as unknown as Env;

function orderOp(op: '<' | '<=' | '>' | '>='): (a: number, b: number) => boolean {
  switch (op) {
    case '<':
      return (a, b) => a < b;
    case '<=':
      return (a, b) => a <= b;
    case '>':
      return (a, b) => a > b;
    case '>=':
      return (a, b) => a >= b;
  }
}

/** A rough cost of evaluating a condition, to test cheap ones first. */
function costOf(e: Expr): number {
  switch (e.kind) {
    case 'compare': {
      const base = e.op === '==' || e.op === '!=' || e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=' ? 1 : 3;
      return base + costOf(e.left) + costOf(e.right);
    }
    case 'call':
      return 5 + e.args.reduce((n, a) => n + costOf(a), 0);
    case 'logical':
      return e.operands.reduce((n, a) => n + costOf(a), 0);
    case 'list':
      return 1 + e.items.length;
    case 'arith':
      return 1 + costOf(e.left) + costOf(e.right);
    case 'not':
    case 'negate':
    case 'quantity':
    case 'isnull':
      return costOf(e.operand);
    default:
      return 0;
  }
}

function needsStructuralEquality(t: Ty): boolean {
  return t.k === 'point' || t.k === 'list';
}

function includes(list: unknown[], v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return list.includes(v);
  for (const x of list) if (deepEqual(x, v)) return true;
  return false;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const p = a as LatLng;
  const q = b as LatLng;
  return p.lat === q.lat && p.lng === q.lng;
}

export function isLiteral(e: Expr): boolean {
  return (
    e.kind === 'string' ||
    e.kind === 'number' ||
    e.kind === 'bool' ||
    e.kind === 'null' ||
    (e.kind === 'quantity' && e.operand.kind === 'number') ||
    (e.kind === 'negate' && e.operand.kind === 'number')
  );
}

function constValue(e: Expr): unknown {
  switch (e.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return e.value;
    case 'quantity':
      return (e.operand as { value: number }).value * (ownEntry(DISTANCE_UNITS, e.unit) ?? ownEntry(DURATION_UNITS, e.unit) ?? NaN);
    case 'negate':
      return -(e.operand as { value: number }).value;
    default:
      return null;
  }
}

function isPath(e: Expr, root: string, field: string): boolean {
  return e.kind === 'path' && e.root === root && e.segments.length === 1 && e.segments[0].name === field;
}

/** distance(engineer.location, order.location), either way round. */
export function isEngineerOrderDistance(e: Expr): boolean {
  if (e.kind !== 'call' || e.name !== 'distance' || e.args.length !== 2) return false;
  const [a, b] = e.args;
  return (
    (isPath(a, 'engineer', 'location') && isPath(b, 'order', 'location')) ||
    (isPath(b, 'engineer', 'location') && isPath(a, 'order', 'location'))
  );
}

export function readsCandidate(e: Expr): boolean {
  switch (e.kind) {
    case 'path':
      return e.root === 'engineer' || e.root === 'provider';
    case 'quantity':
    case 'negate':
    case 'not':
    case 'isnull':
      return readsCandidate(e.operand);
    case 'list':
      return e.items.some(readsCandidate);
    case 'call':
      return e.args.some(readsCandidate);
    case 'arith':
    case 'compare':
      return readsCandidate(e.left) || readsCandidate(e.right);
    case 'logical':
      return e.operands.some(readsCandidate);
    default:
      return false;
  }
}

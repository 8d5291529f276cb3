// CST → AST. Kept apart from the grammar. Recovered CST nodes may miss any child, so every
// read here is optional and a missing expression becomes an `error` node.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type {
  CompareOperator,
  Expr,
  NodeRef,
  PathRootName,
  RankKey,
  RuleNode,
  RuleSetAst,
  Selection,
  Span,
  Target,
  UnitName,
} from './ast';
import { diagnostic } from './diagnostics';
import type { Diagnostic, Range } from './types';

export function isRealToken(t: IToken | undefined): t is IToken {
  return !!t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
}

/**
 * A span that keeps its four numbers flat and builds the `range` objects only when read:
 * the AST has a span on every node, and most are never reported.
 */
class TokenSpan implements Span {
  constructor(
    readonly startOffset: number,
    readonly endOffset: number,
    private readonly sl: number,
    private readonly sc: number,
    private readonly el: number,
    /** Exclusive. */
    private readonly ec: number,
  ) {}
  get range(): Range {
    return { start: { line: this.sl, column: this.sc }, end: { line: this.el, column: this.ec } };
  }
}

export function tokenSpan(t: IToken): Span {
  const startLine = t.startLine ?? 1;
  const startColumn = t.startColumn ?? 1;
  return new TokenSpan(
    t.startOffset,
    (t.endOffset ?? t.startOffset) + 1,
    startLine,
    startColumn,
    t.endLine ?? startLine,
    (t.endColumn ?? startColumn - 1) + 1,
  );
}

export function mergeSpans(a: Span, b: Span): Span {
  const first = a.startOffset <= b.startOffset ? a : b;
  const last = a.endOffset >= b.endOffset ? a : b;
  if (first instanceof TokenSpan && last instanceof TokenSpan) {
    const f = first as unknown as { sl: number; sc: number };
    const l = last as unknown as { el: number; ec: number };
    return new TokenSpan(first.startOffset, last.endOffset, f.sl, f.sc, l.el, l.ec);
  }
  return {
    range: { start: first.range.start, end: last.range.end },
    startOffset: first.startOffset,
    endOffset: last.endOffset,
  };
}

function isNode(e: CstElement | undefined): e is CstNode {
  return !!e && 'children' in e;
}

function node(n: CstNode | undefined, key: string, i = 0): CstNode | undefined {
  const e = n?.children[key]?.[i];
  return isNode(e) ? e : undefined;
}

function nodes(n: CstNode | undefined, key: string): CstNode[] {
  return (n?.children[key] ?? []).filter(isNode);
}

function token(n: CstNode | undefined, key: string, i = 0): IToken | undefined {
  const e = n?.children[key]?.[i];
  return e && !isNode(e) && isRealToken(e) ? e : undefined;
}

function tokens(n: CstNode | undefined, key: string): IToken[] {
  return (n?.children[key] ?? []).filter((e): e is IToken => !isNode(e) && isRealToken(e));
}

/** Every real token under a CST node, in source order. */
export function allTokensOf(n: CstNode): IToken[] {
  const out: IToken[] = [];
  const walk = (c: CstNode) => {
    for (const list of Object.values(c.children)) {
      for (const e of list) {
        if (isNode(e)) walk(e);
        else if (isRealToken(e)) out.push(e);
      }
    }
  };
  walk(n);
  return out.sort((a, b) => a.startOffset - b.startOffset);
}

/** The span of a CST node, from its first to its last real token (errors only: it walks the node). */
export function nodeSpan(n: CstNode): Span | null {
  const toks = allTokensOf(n);
  return toks.length ? mergeSpans(tokenSpan(toks[0]), tokenSpan(toks[toks.length - 1])) : null;
}

const NOT_PREC = 3;
const COMPARE_PREC = 4;
const NEGATE_PREC = 7;

type Item =
  | { kind: 'operand'; node: CstNode }
  | { kind: 'missing'; span: Span }
  | { kind: 'isnull'; negated: boolean; span: Span }
  | { kind: 'op'; op: string; prec: number; span: Span };

interface ClimbState {
  items: Item[];
  i: number;
  /** Prefix operators of the current operand already applied. */
  prefix: number;
}

function infixOf(t: CstNode): Extract<Item, { kind: 'op' }> | null {
  const simple: Array<[string, number]> = [
    ['OrKw', 1],
    ['AndKw', 2],
    ['CompareOp', COMPARE_PREC],
    ['AddOp', 5],
    ['MulOp', 6],
  ];
  for (const [key, prec] of simple) {
    const tok = token(t, key);
    if (tok) return { kind: 'op', op: tok.image, prec, span: tokenSpan(tok) };
  }
  const inTok = token(t, 'InKw');
  if (inTok) {
    const not = token(t, 'NotKw');
    return { kind: 'op', op: not ? 'not in' : 'in', prec: COMPARE_PREC, span: not ? mergeSpans(tokenSpan(not), tokenSpan(inTok)) : tokenSpan(inTok) };
  }
  const contains = token(t, 'ContainsKw');
  if (contains) {
    const q = token(t, 'AllKw') ?? token(t, 'AnyKw');
    return {
      kind: 'op',
      op: q ? `contains ${q.image}` : 'contains',
      prec: COMPARE_PREC,
      span: q ? mergeSpans(tokenSpan(contains), tokenSpan(q)) : tokenSpan(contains),
    };
  }
  const starts = token(t, 'StartsKw');
  if (starts) {
    const w = token(t, 'WithKw');
    return { kind: 'op', op: 'starts with', prec: COMPARE_PREC, span: w ? mergeSpans(tokenSpan(starts), tokenSpan(w)) : tokenSpan(starts) };
  }
  return null;
}

/** Real tokens under the given keys of one node, in source order. */
function tokensInOrder(n: CstNode, keys: string[]): IToken[] {
  const out: IToken[] = [];
  for (const k of keys) out.push(...tokens(n, k));
  return out.length > 1 ? out.sort((a, b) => a.startOffset - b.startOffset) : out;
}

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  /** Where to point an `error` node that has no tokens at all. */
  private fallback: Span;

  constructor(private readonly source: string) {
    const lines = source.split('\n');
    const lastLine = lines.length;
    const lastColumn = lines[lines.length - 1].length + 1;
    this.fallback = {
      range: { start: { line: lastLine, column: lastColumn }, end: { line: lastLine, column: lastColumn } },
      startOffset: source.length,
      endOffset: source.length,
    };
  }

  private errorAt(n: CstNode | undefined): Expr {
    return { kind: 'error', span: (n && nodeSpan(n)) ?? this.fallback };
  }

  string(t: IToken): string {
    const raw = t.image.slice(1, -1);
    let out = '';
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i];
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const next = raw[i + 1] ?? '';
      if (next !== '"' && next !== '\\') {
        const column = (t.startColumn ?? 1) + 1 + i;
        this.diagnostics.push(
          diagnostic('bad-escape', `unknown escape "\\${next}" in a string: only \\" and \\\\ are allowed`, {
            start: { line: t.startLine ?? 1, column },
            end: { line: t.startLine ?? 1, column: column + 2 },
          }),
        );
      }
      out += next;
      i++;
    }
    return out;
  }

  ruleSet(cst: CstNode): RuleSetAst {
    const rules: RuleNode[] = [];
    for (const r of nodes(cst, 'rule')) {
      const built = this.rule(r, rules.length);
      if (built) rules.push(built);
    }
    return { rules };
  }

  rule(n: CstNode, index: number): RuleNode | null {
    const kw = token(n, 'RuleKw');
    const nameTok = token(n, 'StringLit');
    if (!kw) return null;
    const rule: RuleNode = {
      name: nameTok ? this.string(nameTok) : '',
      nameSpan: tokenSpan(nameTok ?? kw),
      span: tokenSpan(kw),
      index,
      priorities: [],
      atLists: [],
      disabled: [],
      clauseOrder: [],
      when: this.expression(node(n, 'expression')),
      target: null,
      atOffsets: [],
      whenOffset: token(n, 'WhenKw')?.startOffset ?? -1,
      assignOffset: token(n, 'AssignKw')?.startOffset ?? -1,
    };
    for (const c of nodes(n, 'clause')) {
      const p = token(c, 'PriorityKw');
      const at = token(c, 'AtKw');
      const dis = token(c, 'DisabledKw');
      if (p) {
        const num = token(c, 'NumberLit');
        if (!num) continue;
        const minus = token(c, 'Minus');
        const text = (minus ? '-' : '') + num.image;
        rule.priorities.push({
          value: Number(text),
          text,
          span: mergeSpans(tokenSpan(minus ?? num), tokenSpan(num)),
          offset: p.startOffset,
        });
        rule.clauseOrder.push('priority');
      } else if (at) {
        const refs = nodes(c, 'nodeRef')
          .map((r) => this.nodeRef(r))
          .filter((r): r is NodeRef => r !== null);
        if (refs.length) {
          rule.atLists.push(refs);
          rule.atOffsets.push(at.startOffset);
          rule.clauseOrder.push('at');
        }
      } else if (dis) {
        rule.disabled.push(tokenSpan(dis));
        rule.clauseOrder.push('disabled');
      }
    }
    const targetNode = node(n, 'target');
    rule.target = targetNode ? this.target(targetNode) : null;
    const end = rule.target?.span ?? (rule.when.kind === 'error' ? null : rule.when.span);
    if (end) rule.span = mergeSpans(rule.span, end);
    return rule;
  }

  nodeRef(n: CstNode): NodeRef | null {
    const str = token(n, 'StringLit');
    if (str) return { name: this.string(str), span: tokenSpan(str), quoted: true };
    const toks = allTokensOf(n);
    if (!toks.length) return null;
    const span = mergeSpans(tokenSpan(toks[0]), tokenSpan(toks[toks.length - 1]));
    // Words joined by '-' form one id; spaces around the dashes are not part of it.
    return { name: toks.map((t) => t.image).join(''), span, quoted: false };
  }

  target(n: CstNode): Target | null {
    const head =
      token(n, 'ManualKw') ?? token(n, 'ServiceGroupKw') ?? token(n, 'ServiceProviderKw') ?? token(n, 'EngineerKw') ?? token(n, 'ProviderEngineerKw');
    if (!head) return null;
    let span = tokenSpan(head);
    if (head.tokenType.name === 'ManualKw') return { kind: 'manual', span };
    const str = token(n, 'StringLit');
    const named = str ? { value: this.string(str), span: tokenSpan(str) } : null;
    if (named) span = mergeSpans(span, named.span);
    if (head.tokenType.name === 'ServiceGroupKw') return { kind: 'service_group', span, named };
    const kind = token(n, 'ServiceProviderKw')
      ? 'service_provider'
      : token(n, 'EngineerKw')
        ? 'engineer'
        : token(n, 'ProviderEngineerKw')
          ? 'provider_engineer'
          : null;
    if (!kind) return null;
    const selection = named ? null : this.selection(node(n, 'selection'));
    if (selection) {
      const last =
        selection.collaboratorsEnd ??
        selection.rankBy[selection.rankBy.length - 1]?.expr.span ??
        (selection.where && selection.where.kind !== 'error' ? selection.where.span : null);
      if (last) span = mergeSpans(span, last);
    }
    return { kind, span, named, selection };
  }

  selection(n: CstNode | undefined): Selection {
    const where = token(n, 'WhereKw') ? this.expression(node(n, 'expression')) : null;
    const rankBy = nodes(n, 'rankKey').map((k) => this.rankKey(k));
    const withTok = token(n, 'WithKw');
    const num = token(n, 'NumberLit');
    const word = token(n, 'CollaboratorsKw') ?? token(n, 'CollaboratorKw');
    let collaborators = 0;
    let collaboratorsSpan: Span | null = null;
    if (withTok && num) {
      collaborators = Number(num.image);
      collaboratorsSpan = tokenSpan(num);
    }
    return {
      where,
      rankBy,
      collaborators,
      collaboratorsSpan,
      collaboratorsWord: word ? (word.image as 'collaborator' | 'collaborators') : null,
      collaboratorsEnd: word ? tokenSpan(word) : collaboratorsSpan,
      offsets: {
        where: token(n, 'WhereKw')?.startOffset ?? -1,
        rank: token(n, 'RankKw')?.startOffset ?? -1,
        with: withTok?.startOffset ?? -1,
      },
    };
  }

  rankKey(n: CstNode): RankKey {
    const desc = token(n, 'DescKw');
    const asc = token(n, 'AscKw');
    return { expr: this.expression(node(n, 'expression')), direction: desc ? 'desc' : 'asc', explicit: !!(desc || asc) };
  }

  /** A flat operand/operator sequence → a tree, by precedence climbing. */
  expression(n: CstNode | undefined): Expr {
    if (!n) return this.errorAt(n);
    const first = node(n, 'operand');
    if (!first) return this.errorAt(n);
    const items: Item[] = [{ kind: 'operand', node: first }];
    for (const t of nodes(n, 'tail')) {
      const is = token(t, 'IsKw');
      if (is) {
        const nul = token(t, 'NullKw');
        items.push({ kind: 'isnull', negated: !!token(t, 'NotKw'), span: nul ? mergeSpans(tokenSpan(is), tokenSpan(nul)) : tokenSpan(is) });
        continue;
      }
      const op = infixOf(t);
      if (!op) continue;
      items.push(op);
      const right = node(t, 'operand');
      items.push(right ? { kind: 'operand', node: right } : { kind: 'missing', span: op.span });
    }
    const state = { items, i: 0, prefix: 0 };
    const e = this.climb(state, 0);
    return e;
  }

  private climb(st: ClimbState, minPrec: number): Expr {
    let left = this.prefixed(st, minPrec);
    let compared = false;
    for (;;) {
      const it = st.items[st.i];
      if (!it || it.kind === 'operand' || it.kind === 'missing') return left;
      if (it.kind === 'isnull') {
        if (COMPARE_PREC < minPrec) return left;
        st.i++;
        if (compared) this.chained(it.span);
        compared = true;
        left = { kind: 'isnull', negated: it.negated, operand: left, span: mergeSpans(left.span, it.span) };
        continue;
      }
      if (it.prec < minPrec) return left;
      st.i++;
      if (it.prec === COMPARE_PREC) {
        if (compared) this.chained(it.span);
        compared = true;
        const right = this.climb(st, COMPARE_PREC + 1);
        left = { kind: 'compare', op: it.op as CompareOperator, opSpan: it.span, left, right, span: mergeSpans(left.span, right.span) };
      } else if (it.prec <= 2) {
        const right = this.climb(st, it.prec + 1);
        const op = it.op as 'and' | 'or';
        if (left.kind === 'logical' && left.op === op && !left.parenthesized) {
          left = { ...left, operands: [...left.operands, right], opOffsets: [...left.opOffsets, it.span.startOffset], span: mergeSpans(left.span, right.span) };
        } else {
          left = { kind: 'logical', op, operands: [left, right], opOffsets: [it.span.startOffset], span: mergeSpans(left.span, right.span) };
        }
      } else {
        const right = this.climb(st, it.prec + 1);
        left = { kind: 'arith', op: it.op as '+' | '-' | '*' | '/', opSpan: it.span, left, right, span: mergeSpans(left.span, right.span) };
      }
    }
  }

  private chained(span: Span) {
    this.diagnostics.push(diagnostic('syntax', 'comparisons cannot be chained: join them with and', span.range));
  }

  /** The next operand with its prefix operators: `not` takes a whole comparison, `-` one value. */
  private prefixed(st: ClimbState, minPrec: number): Expr {
    const it = st.items[st.i];
    if (!it || it.kind !== 'operand') {
      if (it && it.kind === 'missing') st.i++;
      return { kind: 'error', span: it && 'span' in it ? it.span : this.fallback };
    }
    const prefixes = tokensInOrder(it.node, ['NotKw', 'Minus']);
    const p = prefixes[st.prefix];
    if (p === undefined) {
      st.i++;
      st.prefix = 0;
      return this.operandValue(it.node);
    }
    st.prefix++;
    const pspan = tokenSpan(p);
    if (p.tokenType.name === 'NotKw') {
      // `a == not b` is not in the grammar: `not` binds looser than a comparison.
      if (minPrec > NOT_PREC) {
        this.diagnostics.push(diagnostic('syntax', 'put "not …" in parentheses here', pspan.range));
      }
      // No operator binds at NOT_PREC, so this takes a comparison, or another `not`.
      const inner = this.climb(st, NOT_PREC);
      return { kind: 'not', operand: inner, span: mergeSpans(pspan, inner.span) };
    }
    const next = prefixes[st.prefix];
    if (next && next.tokenType.name === 'NotKw') {
      this.diagnostics.push(diagnostic('syntax', 'put "not …" in parentheses after "-"', tokenSpan(next).range));
    }
    const inner = this.prefixed(st, NEGATE_PREC);
    return { kind: 'negate', operand: inner, span: mergeSpans(pspan, inner.span) };
  }

  private operandValue(n: CstNode): Expr {
    const operand = this.primary(n);
    const unit = token(n, 'Unit');
    if (!unit) return operand;
    const unitSpan = tokenSpan(unit);
    return { kind: 'quantity', operand, unit: unit.image as UnitName, unitSpan, span: mergeSpans(operand.span, unitSpan) };
  }

  primary(n: CstNode): Expr {
    // One child key decides the alternative; look it up once rather than probing each.
    let key = '';
    for (const k in n.children) {
      // Prefix operators and the unit share the operand node with the value.
      if (k === 'NotKw' || k === 'Minus' || k === 'Unit' || k === 'RParen') continue;
      key = k;
      break;
    }
    switch (key) {
      case 'path': {
        const path = node(n, 'path');
        return path ? this.path(path) : this.errorAt(n);
      }
      case 'call': {
        const call = node(n, 'call');
        return call ? this.call(call) : this.errorAt(n);
      }
      case 'StringLit': {
        const str = token(n, 'StringLit');
        if (str) return { kind: 'string', value: this.string(str), span: tokenSpan(str) };
        break;
      }
      case 'NumberLit': {
        const num = token(n, 'NumberLit');
        if (num) return { kind: 'number', value: Number(num.image), text: num.image, span: tokenSpan(num) };
        break;
      }
      case 'TrueKw':
      case 'FalseKw': {
        const t = token(n, key);
        if (t) return { kind: 'bool', value: t.image === 'true', span: tokenSpan(t) };
        break;
      }
      case 'NullKw': {
        const nul = token(n, 'NullKw');
        if (nul) return { kind: 'null', span: tokenSpan(nul) };
        break;
      }
    }
    const lp = token(n, 'LParen');
    if (lp) {
      const inner = this.expression(node(n, 'expression'));
      // Parentheses vanish from the AST; the span keeps them so positions stay honest.
      const rp = token(n, 'RParen');
      const span = mergeSpans(tokenSpan(lp), rp ? tokenSpan(rp) : inner.span);
      if (inner.kind === 'error') return { kind: 'error', span };
      return inner.kind === 'logical' ? { ...inner, span, parenthesized: true } : { ...inner, span };
    }
    const list = node(n, 'list');
    if (list) {
      const items = nodes(list, 'expression').map((e) => this.expression(e));
      const lb = token(list, 'LBracket');
      const rb = token(list, 'RBracket');
      const first = lb ? tokenSpan(lb) : items[0]?.span;
      const last = rb ? tokenSpan(rb) : items[items.length - 1]?.span;
      const span = first && last ? mergeSpans(first, last) : (first ?? this.fallback);
      return { kind: 'list', items, span };
    }
    const path = node(n, 'path');
    if (path) return this.path(path);
    const call = node(n, 'call');
    if (call) return this.call(call);
    return this.errorAt(n);
  }

  path(n: CstNode): Expr {
    const rootTok = token(n, 'PathRoot');
    if (!rootTok) return this.errorAt(n);
    const segments = tokens(n, 'AnyName').map((t) => ({ name: t.image, span: tokenSpan(t) }));
    const rootSpan = tokenSpan(rootTok);
    const span = segments.length ? mergeSpans(rootSpan, segments[segments.length - 1].span) : rootSpan;
    return { kind: 'path', root: rootTok.image as PathRootName, rootSpan, segments, span };
  }

  call(n: CstNode): Expr {
    const id = token(n, 'Identifier');
    if (!id) return this.errorAt(n);
    const nameSpan = tokenSpan(id);
    if (!n.children.LParen) return { kind: 'name', name: id.image, span: nameSpan };
    const args = nodes(n, 'expression').map((e) => this.expression(e));
    const rp = token(n, 'RParen');
    const span = rp ? mergeSpans(nameSpan, tokenSpan(rp)) : args.length ? mergeSpans(nameSpan, args[args.length - 1].span) : nameSpan;
    return { kind: 'call', name: id.image, nameSpan, args, span };
  }
}

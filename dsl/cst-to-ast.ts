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
import type { Diagnostic } from './types';

export function isRealToken(t: IToken | undefined): t is IToken {
  return !!t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
}

export function tokenSpan(t: IToken): Span {
  const endLine = t.endLine ?? t.startLine ?? 1;
  const endColumn = t.endColumn ?? t.startColumn ?? 0;
  return {
    range: {
      start: { line: t.startLine ?? 1, column: t.startColumn ?? 1 },
      end: { line: endLine, column: endColumn + 1 },
    },
    startOffset: t.startOffset,
    endOffset: (t.endOffset ?? t.startOffset) + 1,
  };
}

export function mergeSpans(a: Span, b: Span): Span {
  const first = a.startOffset <= b.startOffset ? a : b;
  const last = a.endOffset >= b.endOffset ? a : b;
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

/** The span of a CST node, from the parser's location tracking when it is whole. */
export function nodeSpan(n: CstNode): Span | null {
  const l = n.location;
  if (l && Number.isFinite(l.startOffset) && Number.isFinite(l.endOffset) && Number.isFinite(l.endColumn)) {
    return {
      range: {
        start: { line: l.startLine!, column: l.startColumn! },
        end: { line: l.endLine!, column: l.endColumn! + 1 },
      },
      startOffset: l.startOffset,
      endOffset: l.endOffset! + 1,
    };
  }
  const toks = allTokensOf(n);
  return toks.length ? mergeSpans(tokenSpan(toks[0]), tokenSpan(toks[toks.length - 1])) : null;
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
    rule.span = nodeSpan(n) ?? rule.span;
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
    const span = nodeSpan(n);
    if (!span) return null;
    if (token(n, 'ManualKw')) return { kind: 'manual', span };
    const str = token(n, 'StringLit');
    const named = str ? { value: this.string(str), span: tokenSpan(str) } : null;
    if (token(n, 'ServiceGroupKw')) return { kind: 'service_group', span, named };
    const kind = token(n, 'ServiceProviderKw')
      ? 'service_provider'
      : token(n, 'EngineerKw')
        ? 'engineer'
        : token(n, 'ProviderEngineerKw')
          ? 'provider_engineer'
          : null;
    if (!kind) return null;
    const sel = node(n, 'selection');
    return { kind, span, named, selection: named ? null : this.selection(sel) };
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

  expression(n: CstNode | undefined): Expr {
    if (!n) return this.errorAt(n);
    const parts = nodes(n, 'andExpr').map((a) => this.andExpr(a));
    if (parts.length === 0) return this.errorAt(n);
    if (parts.length === 1) return parts[0];
    return {
      kind: 'logical',
      op: 'or',
      operands: parts,
      opOffsets: tokens(n, 'OrKw').map((t) => t.startOffset),
      span: mergeSpans(parts[0].span, parts[parts.length - 1].span),
    };
  }

  andExpr(n: CstNode): Expr {
    const parts = nodes(n, 'notExpr').map((a) => this.notExpr(a));
    if (parts.length === 0) return this.errorAt(n);
    if (parts.length === 1) return parts[0];
    return {
      kind: 'logical',
      op: 'and',
      operands: parts,
      opOffsets: tokens(n, 'AndKw').map((t) => t.startOffset),
      span: mergeSpans(parts[0].span, parts[parts.length - 1].span),
    };
  }

  notExpr(n: CstNode): Expr {
    const not = token(n, 'NotKw');
    if (not) {
      const operand = node(n, 'notExpr') ? this.notExpr(node(n, 'notExpr')!) : this.errorAt(undefined);
      return { kind: 'not', operand, span: mergeSpans(tokenSpan(not), operand.kind === 'error' ? tokenSpan(not) : operand.span) };
    }
    const c = node(n, 'comparison');
    return c ? this.comparison(c) : this.errorAt(n);
  }

  comparison(n: CstNode): Expr {
    const adds = nodes(n, 'additive');
    const left = adds[0] ? this.additive(adds[0]) : this.errorAt(n);
    const isTok = token(n, 'IsKw');
    if (isTok) {
      const nullTok = token(n, 'NullKw');
      const end = nullTok ? tokenSpan(nullTok) : tokenSpan(isTok);
      return { kind: 'isnull', negated: !!token(n, 'NotKw'), operand: left, span: mergeSpans(left.span, end) };
    }
    let op: CompareOperator | null = null;
    let opSpan: Span | null = null;
    const cmp = token(n, 'CompareOp');
    const inTok = token(n, 'InKw');
    const contains = token(n, 'ContainsKw');
    const starts = token(n, 'StartsKw');
    if (cmp) {
      op = cmp.image as CompareOperator;
      opSpan = tokenSpan(cmp);
    } else if (inTok) {
      const not = token(n, 'NotKw');
      op = not ? 'not in' : 'in';
      opSpan = not ? mergeSpans(tokenSpan(not), tokenSpan(inTok)) : tokenSpan(inTok);
    } else if (contains) {
      const all = token(n, 'AllKw');
      const any = token(n, 'AnyKw');
      op = all ? 'contains all' : any ? 'contains any' : 'contains';
      opSpan = all || any ? mergeSpans(tokenSpan(contains), tokenSpan((all ?? any)!)) : tokenSpan(contains);
    } else if (starts) {
      op = 'starts with';
      const w = token(n, 'WithKw');
      opSpan = w ? mergeSpans(tokenSpan(starts), tokenSpan(w)) : tokenSpan(starts);
    }
    if (!op || !opSpan) return left;
    const right = adds[1] ? this.additive(adds[1]) : ({ kind: 'error', span: opSpan } as Expr);
    return { kind: 'compare', op, opSpan, left, right, span: mergeSpans(left.span, right.span) };
  }

  additive(n: CstNode): Expr {
    return this.binaryChain(nodes(n, 'multiplicative').map((m) => this.multiplicative(m)), tokens(n, 'AddOp'), n);
  }

  multiplicative(n: CstNode): Expr {
    return this.binaryChain(nodes(n, 'unary').map((u) => this.unary(u)), tokens(n, 'MulOp'), n);
  }

  private binaryChain(operands: Expr[], ops: IToken[], n: CstNode): Expr {
    if (operands.length === 0) return this.errorAt(n);
    let acc = operands[0];
    for (let i = 1; i < operands.length; i++) {
      const opTok = ops[i - 1];
      const right = operands[i];
      acc = {
        kind: 'arith',
        op: (opTok?.image ?? '+') as '+' | '-' | '*' | '/',
        opSpan: opTok ? tokenSpan(opTok) : right.span,
        left: acc,
        right,
        span: mergeSpans(acc.span, right.span),
      };
    }
    return acc;
  }

  unary(n: CstNode): Expr {
    const minus = token(n, 'Minus');
    if (minus) {
      const inner = node(n, 'unary');
      const operand = inner ? this.unary(inner) : this.errorAt(undefined);
      return { kind: 'negate', operand, span: operand.kind === 'error' ? tokenSpan(minus) : mergeSpans(tokenSpan(minus), operand.span) };
    }
    const p = node(n, 'postfix');
    return p ? this.postfix(p) : this.errorAt(n);
  }

  postfix(n: CstNode): Expr {
    const prim = node(n, 'primary');
    const operand = prim ? this.primary(prim) : this.errorAt(n);
    const unit = token(n, 'Unit');
    if (!unit) return operand;
    const unitSpan = tokenSpan(unit);
    return { kind: 'quantity', operand, unit: unit.image as UnitName, unitSpan, span: mergeSpans(operand.span, unitSpan) };
  }

  primary(n: CstNode): Expr {
    const str = token(n, 'StringLit');
    if (str) return { kind: 'string', value: this.string(str), span: tokenSpan(str) };
    const num = token(n, 'NumberLit');
    if (num) return { kind: 'number', value: Number(num.image), text: num.image, span: tokenSpan(num) };
    const t = token(n, 'TrueKw') ?? token(n, 'FalseKw');
    if (t) return { kind: 'bool', value: t.image === 'true', span: tokenSpan(t) };
    const nul = token(n, 'NullKw');
    if (nul) return { kind: 'null', span: tokenSpan(nul) };
    const lp = token(n, 'LParen');
    if (lp) {
      const inner = this.expression(node(n, 'expression'));
      // Parentheses vanish from the AST; the span keeps them so positions stay honest.
      const rp = token(n, 'RParen');
      const span = mergeSpans(tokenSpan(lp), rp ? tokenSpan(rp) : inner.span);
      return inner.kind === 'error' ? { kind: 'error', span } : { ...inner, span };
    }
    const list = node(n, 'list');
    if (list) {
      const items = nodes(list, 'expression').map((e) => this.expression(e));
      const span = nodeSpan(list) ?? this.fallback;
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

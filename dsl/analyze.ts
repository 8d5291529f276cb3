// Source → tokens → CST → AST (+ syntax diagnostics), then the checker. One pass reports
// every lexing, parsing and typing problem it can find: the parser recovers, the AST builder
// skips what is missing, and the checker runs on whatever rules were recovered.
import type { IToken } from 'chevrotain';
import type { Expr, RankKey, RuleSetAst } from './ast';
import { Checker, type CheckOptions, type Scope } from './checker';
import { AstBuilder, isRealToken, tokenSpan } from './cst-to-ast';
import { diagnostic, sortDiagnostics } from './diagnostics';
import { parse, parseRules, type ParseResult } from './parser';
import type { Ty } from './schema';
import { ruleSetWarnings } from './warnings';
import type { Diagnostic, Range } from './types';

export interface SyntaxResult {
  ast: RuleSetAst;
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

/** The position just after the end of the text. */
export function endOfText(source: string): Range {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  const column = source.length - lastBreak;
  return { start: { line, column }, end: { line, column } };
}

function syntaxDiagnostics(source: string, p: Omit<ParseResult, 'cst'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of p.lexErrors) {
    const line = e.line ?? 1;
    const column = e.column ?? 1;
    const ch = source.slice(e.offset, e.offset + e.length);
    out.push(
      diagnostic('bad-character', `unexpected character${ch.length > 1 ? 's' : ''} "${ch}"`, {
        start: { line, column },
        end: { line, column: column + Math.max(1, e.length) },
      }),
    );
  }
  for (const t of p.badStrings) {
    out.push(diagnostic('unterminated-string', 'this string has no closing quote on its line', tokenSpan(t).range));
  }
  const seen = new Set<string>();
  for (const e of p.parseErrors) {
    const range = isRealToken(e.token) ? tokenSpan(e.token).range : endOfText(source);
    const key = `${range.start.line}:${range.start.column}`;
    // Recovery can report the same spot twice; once is enough.
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnostic('syntax', e.message, range));
  }
  return out;
}

export function analyzeSyntax(source: string): SyntaxResult {
  const builder = new AstBuilder(source);
  const ast: RuleSetAst = { rules: [] };
  const p = parseRules(source, (cst) => {
    const rule = builder.rule(cst, ast.rules.length);
    if (rule) ast.rules.push(rule);
  });
  return {
    ast,
    tokens: p.tokens,
    comments: p.comments,
    diagnostics: sortDiagnostics([...syntaxDiagnostics(source, p), ...builder.diagnostics]),
  };
}

export interface Analysis {
  ast: RuleSetAst;
  types: Map<Expr, Ty>;
  diagnostics: Diagnostic[];
}

export function analyzeRuleSet(source: string, options: CheckOptions = {}): Analysis {
  const syn = analyzeSyntax(source);
  const checker = new Checker(options);
  checker.ruleSet(syn.ast);
  const warnings = ruleSetWarnings(syn.ast, options.flowNodes);
  return { ast: syn.ast, types: checker.types, diagnostics: sortDiagnostics([...syn.diagnostics, ...checker.diagnostics, ...warnings]) };
}

export interface ExpressionAnalysis {
  expr: Expr | null;
  type: Ty | null;
  types: Map<Expr, Ty>;
  diagnostics: Diagnostic[];
}

/** A lone expression: a gateway condition (scope `condition`) or a `where` (scope of its target). */
export function analyzeExpression(
  source: string,
  scope: Scope,
  options: CheckOptions = {},
  mustBeCondition = true,
): ExpressionAnalysis {
  const p = parse(source, 'expressionOnly');
  const builder = new AstBuilder(source);
  const exprNode = p.cst.children.expression?.[0];
  const expr = exprNode && 'children' in exprNode ? builder.expression(exprNode) : null;
  const syn = [...syntaxDiagnostics(source, p), ...builder.diagnostics];
  const checker = new Checker(options);
  let type: Ty | null = null;
  if (expr) type = mustBeCondition ? checker.condition(expr, scope, 'a condition') : checker.expr(expr, scope);
  return { expr, type, types: checker.types, diagnostics: sortDiagnostics([...syn, ...checker.diagnostics]) };
}

/** `rank by` keys on their own: `distance(engineer.location, order.location) asc, engineer.rating desc`. */
export function analyzeRankKeys(
  source: string,
  scope: Scope,
  options: CheckOptions = {},
): { keys: RankKey[]; types: Map<Expr, Ty>; diagnostics: Diagnostic[] } {
  const p = parse(source, 'rankKeysOnly');
  const builder = new AstBuilder(source);
  const keyNodes = (p.cst.children.rankKey ?? []).filter((n) => 'children' in n);
  const keys = keyNodes.map((n) => builder.rankKey(n as never));
  const checker = new Checker(options);
  const diags: Diagnostic[] = [];
  for (const k of keys) {
    const t = checker.expr(k.expr, scope);
    if (t.k === 'list' || t.k === 'point') {
      diags.push(diagnostic('type-mismatch', `cannot rank by a ${t.k}`, k.expr.span.range));
    }
  }
  return {
    keys,
    types: checker.types,
    diagnostics: sortDiagnostics([...syntaxDiagnostics(source, p), ...builder.diagnostics, ...checker.diagnostics, ...diags]),
  };
}

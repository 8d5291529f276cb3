// The abstract syntax tree. Recovered parses may miss pieces: a missing expression is an
// `error` node, which the checker types as unknown without reporting it again.
import type { Range, TargetKind } from './types';

export interface Span {
  range: Range;
  startOffset: number;
  /** Exclusive. */
  endOffset: number;
}

export type DistanceUnit = 'm' | 'km' | 'mi';
export type DurationUnit = 'min' | 'h' | 'd';
export type UnitName = DistanceUnit | DurationUnit;

export type CompareOperator =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'not in'
  | 'contains'
  | 'contains all'
  | 'contains any'
  | 'starts with';

export type PathRootName = 'order' | 'engineer' | 'provider' | 'group' | 'now';

interface Base {
  span: Span;
}

export interface StringExpr extends Base {
  kind: 'string';
  value: string;
}
export interface NumberExpr extends Base {
  kind: 'number';
  value: number;
  /** Source text, to keep `1.50` as written. */
  text: string;
}
export interface BoolExpr extends Base {
  kind: 'bool';
  value: boolean;
}
export interface NullExpr extends Base {
  kind: 'null';
}
export interface QuantityExpr extends Base {
  kind: 'quantity';
  operand: Expr;
  unit: UnitName;
  unitSpan: Span;
}
export interface ListExpr extends Base {
  kind: 'list';
  items: Expr[];
}
export interface PathSegment {
  name: string;
  span: Span;
}
export interface PathExpr extends Base {
  kind: 'path';
  root: PathRootName;
  rootSpan: Span;
  segments: PathSegment[];
}
export interface CallExpr extends Base {
  kind: 'call';
  name: string;
  nameSpan: Span;
  args: Expr[];
}
/** A bare word with no parentheses: never valid, reported as an unknown field. */
export interface NameExpr extends Base {
  kind: 'name';
  name: string;
}
export interface NegateExpr extends Base {
  kind: 'negate';
  operand: Expr;
}
export interface NotExpr extends Base {
  kind: 'not';
  operand: Expr;
}
export interface ArithExpr extends Base {
  kind: 'arith';
  op: '+' | '-' | '*' | '/';
  opSpan: Span;
  left: Expr;
  right: Expr;
}
export interface LogicalExpr extends Base {
  kind: 'logical';
  op: 'and' | 'or';
  operands: Expr[];
  /** Source offsets of the operator keywords, for the formatter's comment placement. */
  opOffsets: number[];
  /** Written in parentheses: never merged with an enclosing chain of the same operator. */
  parenthesized?: boolean;
}
export interface CompareExpr extends Base {
  kind: 'compare';
  op: CompareOperator;
  opSpan: Span;
  left: Expr;
  right: Expr;
}
export interface IsNullExpr extends Base {
  kind: 'isnull';
  negated: boolean;
  operand: Expr;
}
export interface ErrorExpr extends Base {
  kind: 'error';
}

export type Expr =
  | StringExpr
  | NumberExpr
  | BoolExpr
  | NullExpr
  | QuantityExpr
  | ListExpr
  | PathExpr
  | CallExpr
  | NameExpr
  | NegateExpr
  | NotExpr
  | ArithExpr
  | LogicalExpr
  | CompareExpr
  | IsNullExpr
  | ErrorExpr;

export interface NodeRef {
  name: string;
  span: Span;
  /** Written as a string rather than a bare word. */
  quoted: boolean;
}

export interface RankKey {
  expr: Expr;
  direction: 'asc' | 'desc';
  /** The direction was written out. */
  explicit: boolean;
}

export interface Selection {
  where: Expr | null;
  rankBy: RankKey[];
  collaborators: number;
  /** `with N collaborator(s)` as written, if it was. */
  collaboratorsSpan: Span | null;
  collaboratorsWord: 'collaborator' | 'collaborators' | null;
  /** Where `with N collaborator(s)` ends, for spans. */
  collaboratorsEnd?: Span | null;
  /** Source offsets of `where`, `rank` and `with` (-1 when absent). */
  offsets: { where: number; rank: number; with: number };
}

export type Target =
  | { kind: 'manual'; span: Span }
  | { kind: 'service_group'; span: Span; named: { value: string; span: Span } | null }
  | {
      kind: Exclude<TargetKind, 'service_group'>;
      span: Span;
      named: { value: string; span: Span } | null;
      selection: Selection | null;
    };

export interface PriorityClause {
  value: number;
  text: string;
  span: Span;
  /** Offset of the `priority` keyword. */
  offset: number;
}

export interface AtClause {
  refs: NodeRef[];
  /** Offset of the `at` keyword. */
  offset: number;
}

export interface RuleNode {
  name: string;
  nameSpan: Span;
  span: Span;
  /** 0-based position in the file. */
  index: number;
  priorities: PriorityClause[];
  atLists: NodeRef[][];
  atOffsets: number[];
  disabled: Span[];
  /** Clauses in source order, for the formatter. */
  clauseOrder: Array<'priority' | 'at' | 'disabled'>;
  when: Expr;
  target: Target | null;
  /** Offsets of the `when` and `assign` keywords (-1 when missing). */
  whenOffset: number;
  assignOffset: number;
}

export interface RuleSetAst {
  rules: RuleNode[];
}

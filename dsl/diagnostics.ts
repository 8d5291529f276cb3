// The catalogue of diagnostic codes. Codes are stable: tests, editor markers and quick fixes
// key on them, so a code is never renamed, only added.
import type { Diagnostic, Position, Range } from './types';

export const CODES = {
  /** The lexer met a character no token starts with. */
  'bad-character': { severity: 'error', summary: 'a character that is not part of the language' },
  /** A string that is not closed on its line. */
  'unterminated-string': { severity: 'error', summary: 'a string without its closing quote' },
  /** A string escape other than \" and \\. */
  'bad-escape': { severity: 'error', summary: 'an escape other than \\" and \\\\ in a string' },
  /** The parser expected something else. */
  syntax: { severity: 'error', summary: 'the text does not follow the grammar' },
  /** `order.x`, `engineer.x`, `order.custom.x` or a bare name that is not a field. */
  'unknown-field': { severity: 'error', summary: 'a field that does not exist' },
  /** A call to a function the language does not have. */
  'unknown-function': { severity: 'error', summary: 'a function that does not exist' },
  /** A call with the wrong number of arguments. */
  'wrong-arity': { severity: 'error', summary: 'a call with too few or too many arguments' },
  /** An operand or argument of the wrong type. */
  'type-mismatch': { severity: 'error', summary: 'a value of the wrong type' },
  /** A distance or duration against a bare number, or against each other. */
  'unit-mismatch': { severity: 'error', summary: 'quantities with different units' },
  /** A unit written after something that is not a number. */
  'bad-unit': { severity: 'error', summary: 'a unit after something that is not a number' },
  /** A string that is not one of an enum's values. */
  'bad-enum-value': { severity: 'error', summary: 'not one of the enum values' },
  /** `engineer` outside an `engineer` or `provider_engineer` selection. */
  'scope-engineer': { severity: 'error', summary: '`engineer` outside its selection' },
  /** `provider` outside a `service_provider` selection. */
  'scope-provider': { severity: 'error', summary: '`provider` outside its selection' },
  /** `group` in a gateway condition, which sees `order` and `now` only. */
  'scope-group': { severity: 'error', summary: '`group` where only `order` and `now` are known' },
  /** Two rules with the same name. */
  'duplicate-rule': { severity: 'error', summary: 'a rule name used twice' },
  /** A clause given twice in one rule (`priority 1 priority 2`). */
  'duplicate-clause': { severity: 'error', summary: 'a clause given twice in one rule' },
  /** A named assignee that the directory does not have. */
  'unknown-assignee': { severity: 'error', summary: 'a named assignee missing from the directory' },
  /** `priority` or `with N` given something other than a whole number. */
  'bad-integer': { severity: 'error', summary: 'a whole number was expected' },
  /** `with N collaborators` on a target that takes no collaborators. */
  'collaborators-not-allowed': { severity: 'error', summary: 'collaborators on a non-engineer target' },
  /** An `at` list naming only node kinds where the rule's target can never fire. */
  'rule-never-fires': { severity: 'error', summary: 'the rule fits none of the nodes it is limited to' },
  /** One node kind of an `at` list where the target cannot fire. */
  'at-kind-mismatch': { severity: 'warning', summary: 'a node kind in `at` where the target never fires' },
  /** `x == null` is always false; `is null` was meant. */
  'null-comparison': { severity: 'warning', summary: 'a comparison with null, which is always false' },
  /** A `when` or `where` that is not a yes/no condition. */
  'not-a-condition': { severity: 'error', summary: 'a condition must be true or false' },
  /** A named assignee that exists but is inactive. */
  'inactive-assignee': { severity: 'warning', summary: 'a named assignee that is not active' },
  /** An enabled `assign manual` rule considered first, wherever this one may fire, takes every order it would (RULES.md "Warnings"). */
  'unreachable-rule': { severity: 'warning', summary: 'a rule that can never fire: an assign manual rule always decides first' },
  /** An `at` name that is not a node kind (nor, with flows, a node id of theirs). */
  'unknown-at-name': { severity: 'warning', summary: 'an `at` name that is neither a node kind nor a node id' },
} as const satisfies Record<string, { severity: 'error' | 'warning'; summary: string }>;

export type DiagnosticCode = keyof typeof CODES;

export function diagnostic(code: DiagnosticCode, message: string, range: Range): Diagnostic {
  return { code, severity: CODES[code].severity, message, range };
}

export function pos(line: number, column: number): Position {
  return { line, column };
}

/** Diagnostics in reading order, then by code, so output is stable. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}

/** Damerau-free Levenshtein distance, small strings only. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/** The nearest candidate, if near enough to be a likely typo. */
export function suggest(word: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestScore = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === null) return null;
  const limit = Math.max(1, Math.min(3, Math.floor(Math.max(word.length, best.length) / 3)));
  return bestScore <= limit ? best : null;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const s = suggest(word, candidates);
  return s === null ? '' : `: did you mean "${s}"?`;
}

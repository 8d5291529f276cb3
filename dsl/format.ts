// The formatter: one canonical layout, idempotent, comments kept.
//
// Layout: one clause a line, two spaces in; the top-level `and`/`or` of a `when` or `where`
// starts a new line two spaces deeper; one blank line between rules. Parentheses only where
// precedence needs them.
//
// Comments: a comment that shares its source line with the token before it stays at the end
// of the output line holding that token; any other comment goes on its own line just before
// the output line holding the token after it. Either way the same placement results on the
// next run, which is what makes formatting idempotent.
import type { Expr, RuleNode, Selection } from './ast';
import { analyzeSyntax } from './analyze';
import { KEYWORD_TOKENS, keywordOf } from './tokens';
import type { Diagnostic } from './types';

const KEYWORDS = new Set(KEYWORD_TOKENS.map(keywordOf));

/**
 * A node ref can go unquoted when it reads back as the same words joined by '-'. Keywords
 * are words too there (`own-engineer`), except a lone `when`, which reads better quoted.
 */
function bareNodeRef(name: string): boolean {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(?:-(?:[A-Za-z_][A-Za-z0-9_]*|\d+))*$/.test(name)) return false;
  return !KEYWORDS.has(name);
}

const PREC: Record<string, number> = {
  or: 1,
  and: 2,
  not: 3,
  compare: 4,
  isnull: 4,
  additive: 5,
  multiplicative: 6,
  negate: 7,
  quantity: 8,
};

function precOf(e: Expr): number {
  switch (e.kind) {
    case 'logical':
      return PREC[e.op];
    case 'not':
      return PREC.not;
    case 'compare':
    case 'isnull':
      return PREC.compare;
    case 'arith':
      return e.op === '+' || e.op === '-' ? PREC.additive : PREC.multiplicative;
    case 'negate':
      return PREC.negate;
    case 'quantity':
      return PREC.quantity;
    default:
      return 9;
  }
}

export function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Prints an expression on one line, in canonical form. */
export function printExpr(e: Expr, minPrec = 0): string {
  const text = printBare(e);
  return precOf(e) < minPrec ? `(${text})` : text;
}

function printBare(e: Expr): string {
  switch (e.kind) {
    case 'string':
      return quote(e.value);
    case 'number':
      return e.text;
    case 'bool':
      return String(e.value);
    case 'null':
      return 'null';
    case 'error':
      return '<error>';
    case 'name':
      return e.name;
    case 'quantity':
      return `${printExpr(e.operand, 9)} ${e.unit}`;
    case 'list':
      return `[${e.items.map((i) => printExpr(i)).join(', ')}]`;
    case 'path':
      return [e.root, ...e.segments.map((s) => s.name)].join('.');
    case 'call':
      return `${e.name}(${e.args.map((a) => printExpr(a)).join(', ')})`;
    case 'negate':
      return `-${printExpr(e.operand, PREC.negate)}`;
    case 'not':
      return `not ${printExpr(e.operand, PREC.not)}`;
    case 'logical':
      return e.operands.map((o) => printExpr(o, PREC[e.op] + 1)).join(` ${e.op} `);
    case 'isnull':
      return `${printExpr(e.operand, PREC.additive)} is ${e.negated ? 'not ' : ''}null`;
    case 'arith': {
      const p = precOf(e);
      return `${printExpr(e.left, p)} ${e.op} ${printExpr(e.right, p + 1)}`;
    }
    case 'compare':
      return `${printExpr(e.left, PREC.additive)} ${e.op} ${printExpr(e.right, PREC.additive)}`;
  }
}

interface Line {
  indent: number;
  text: string;
  /** Source offset of the first token printed on this line. */
  anchor: number;
  /** Blank line before it. */
  blankBefore?: boolean;
}

/** A condition split at its top-level and/or, one operand a line. */
function conditionLines(keyword: string, e: Expr, indent: number, keywordOffset: number): Line[] {
  if (e.kind !== 'logical') return [{ indent, text: `${keyword} ${printExpr(e)}`, anchor: keywordOffset }];
  const p = PREC[e.op] + 1;
  return e.operands.map((o, i) =>
    i === 0
      ? { indent, text: `${keyword} ${printExpr(o, p)}`, anchor: keywordOffset }
      : { indent: indent + 2, text: `${e.op} ${printExpr(o, p)}`, anchor: e.opOffsets[i - 1] ?? o.span.startOffset },
  );
}

function selectionLines(sel: Selection, fallbackAnchor: number): Line[] {
  const out: Line[] = [];
  if (sel.where) out.push(...conditionLines('where', sel.where, 4, sel.offsets.where >= 0 ? sel.offsets.where : fallbackAnchor));
  if (sel.rankBy.length) {
    const keys = sel.rankBy.map((k) => `${printExpr(k.expr)}${k.explicit ? ' ' + k.direction : ''}`);
    out.push({ indent: 4, text: `rank by ${keys.join(', ')}`, anchor: sel.offsets.rank >= 0 ? sel.offsets.rank : fallbackAnchor });
  }
  if (sel.collaboratorsSpan) {
    const n = sel.collaborators;
    out.push({
      indent: 4,
      text: `with ${n} ${n === 1 ? 'collaborator' : 'collaborators'}`,
      anchor: sel.offsets.with >= 0 ? sel.offsets.with : fallbackAnchor,
    });
  }
  return out;
}

function ruleLines(r: RuleNode): Line[] {
  const out: Line[] = [{ indent: 0, text: `rule ${quote(r.name)}`, anchor: r.span.startOffset }];
  for (const p of r.priorities) out.push({ indent: 2, text: `priority ${p.text}`, anchor: p.offset });
  r.atLists.forEach((refs, i) => {
    const names = refs.map((ref) => (bareNodeRef(ref.name) ? ref.name : quote(ref.name)));
    out.push({ indent: 2, text: `at ${names.join(', ')}`, anchor: r.atOffsets[i] });
  });
  for (const d of r.disabled) out.push({ indent: 2, text: 'disabled', anchor: d.startOffset });
  out.push(...conditionLines('when', r.when, 2, r.whenOffset));
  const t = r.target;
  if (t) {
    const head = `assign ${t.kind}`;
    if (t.kind === 'manual') out.push({ indent: 2, text: head, anchor: r.assignOffset });
    else if (t.named) out.push({ indent: 2, text: `${head} ${quote(t.named.value)}`, anchor: r.assignOffset });
    else {
      out.push({ indent: 2, text: head, anchor: r.assignOffset });
      if (t.kind !== 'service_group' && t.selection) out.push(...selectionLines(t.selection, r.assignOffset));
    }
  }
  return out;
}

export function formatRuleSet(source: string): { text: string | null; diagnostics: Diagnostic[] } {
  const syn = analyzeSyntax(source);
  if (syn.diagnostics.some((d) => d.severity === 'error')) return { text: null, diagnostics: syn.diagnostics };
  const lines: Line[] = [];
  syn.ast.rules.forEach((r, i) => {
    const rl = ruleLines(r);
    if (i > 0) rl[0].blankBefore = true;
    lines.push(...rl);
  });

  // Which output line holds a source offset: the one with the greatest anchor not after it.
  const sortedAnchors = lines.map((l, i) => ({ a: l.anchor, i })).sort((x, y) => x.a - y.a);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = sortedAnchors.length - 1;
    let best = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sortedAnchors[mid].a <= offset) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return sortedAnchors[best].i;
  };
  const before = new Map<number, Array<{ text: string; blankAfter: boolean }>>();
  const after = new Map<number, string[]>();
  const tail: string[] = [];
  const toks = syn.tokens;
  let ti = 0;
  syn.comments.forEach((c, ci) => {
    while (ti < toks.length && toks[ti].startOffset < c.startOffset) ti++;
    const prev = ti > 0 ? toks[ti - 1] : undefined;
    const next = ti < toks.length ? toks[ti] : undefined;
    const text = c.image.trimEnd();
    if (lines.length && prev && prev.endLine === c.startLine) {
      const at = lineOf(prev.startOffset);
      (after.get(at) ?? after.set(at, []).get(at)!).push(text);
    } else if (lines.length && next) {
      const at = lineOf(next.startOffset);
      // A blank line after a comment above a rule is kept (a file header, a section title).
      const following = Math.min(next.startOffset, syn.comments[ci + 1]?.startOffset ?? Infinity);
      const gap = source.slice(c.endOffset! + 1, following);
      const blankAfter = lines[at].indent === 0 && /\n[ \t\r]*\n/.test(gap);
      (before.get(at) ?? before.set(at, []).get(at)!).push({ text, blankAfter });
    } else tail.push(text);
  });

  const out: string[] = [];
  lines.forEach((l, i) => {
    if (l.blankBefore) out.push('');
    const pad = ' '.repeat(l.indent);
    for (const c of before.get(i) ?? []) {
      out.push(pad + c.text);
      if (c.blankAfter) out.push('');
    }
    const trailing = after.get(i);
    out.push(pad + l.text + (trailing ? ' ' + trailing.join(' ') : ''));
  });
  if (tail.length) {
    if (out.length) out.push('');
    out.push(...tail);
  }
  return { text: out.length ? out.join('\n') + '\n' : '', diagnostics: syn.diagnostics };
}

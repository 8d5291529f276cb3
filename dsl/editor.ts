// Editor services as plain functions, for the Monaco integration: completion, hover and
// highlighting. Keywords come from Chevrotain's content assist over the real grammar and the
// categories from tokens.ts, so nothing here lists the language a second time.
import type { IToken, TokenType } from 'chevrotain';
import { impl, type Directory } from './directory';
import { parser } from './parser';
import { FUNCTIONS } from './functions';
import { FIELDS_BY_ROOT, NOW_DOC, fromFieldType, ownEntry, showType, type FieldInfo, type Ty } from './schema';
import * as T from './tokens';
import type { CustomFieldDef, Position, Range } from './types';
import type { FlowNodeRef } from './warnings';

export type { TokenCategory } from './tokens';
export { TOKEN_CATEGORIES, KEYWORDS_BY_CATEGORY } from './tokens';

export interface CompletionOptions {
  customFields?: CustomFieldDef[];
  directory?: Directory;
  /** The nodes of the flows the rules run in: `at` completion and checking know their ids. */
  flowNodes?: readonly FlowNodeRef[];
}

export interface CompletionItem {
  label: string;
  kind: 'keyword' | 'operator' | 'unit' | 'field' | 'function' | 'value' | 'assignee';
  /** The type of a field, the signature of a function. */
  detail?: string;
  insertText: string;
  /** Lower sorts first: fields of the expected type come before the rest. */
  sortText: string;
}

export interface Hover {
  range: Range;
  /** Markdown. */
  contents: string;
}

export interface HighlightToken {
  line: number;
  column: number;
  length: number;
  startOffset: number;
  category: T.TokenCategory;
}

/** Token name → highlighting category, for every token the lexer produces. */
export function tokenCategories(): Readonly<Record<string, T.TokenCategory>> {
  return T.TOKEN_CATEGORIES;
}

/** Every token of the text (comments included) with its highlighting category. */
export function highlight(source: string): HighlightToken[] {
  const lexed = T.RulesLexer.tokenize(source);
  const all = [...lexed.tokens, ...(lexed.groups.comments ?? []), ...(lexed.groups.errors ?? [])].sort(
    (a, b) => a.startOffset - b.startOffset,
  );
  return all.map((t, i) => {
    let category = T.tokenCategory(t.tokenType);
    // A name right before '(' is a function call.
    if (t.tokenType === T.Identifier && all[i + 1]?.tokenType === T.LParen) category = 'function';
    return {
      line: t.startLine ?? 1,
      column: t.startColumn ?? 1,
      length: t.image.length,
      startOffset: t.startOffset,
      category,
    };
  });
}

function offsetAt(source: string, p: Position): number {
  let line = 1;
  let i = 0;
  while (line < p.line && i < source.length) {
    if (source.charCodeAt(i) === 10) line++;
    i++;
  }
  return Math.min(source.length, i + Math.max(0, p.column - 1));
}

/** Concrete token types of a category (`CompareOp` → ==, !=, …). */
function concrete(t: TokenType): TokenType[] {
  if (t.PATTERN !== undefined && t.PATTERN !== T.AnyName.PATTERN) return [t];
  return T.allTokens.filter((x) => (x.CATEGORIES ?? []).includes(t));
}

function isWordToken(t: IToken): boolean {
  return /^[A-Za-z_]/.test(t.image);
}

type SelectionScope = 'when' | 'engineer' | 'provider';

/** Whether the cursor sits in a `when` or inside which selection, judged from the tokens before it. */
function scopeBefore(tokens: IToken[]): SelectionScope {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const tt = tokens[i].tokenType;
    if (tt === T.Rule || tt === T.When) return 'when';
    if (tt === T.Assign) {
      const kind = tokens[i + 1]?.tokenType;
      if (kind === T.ServiceProvider) return 'provider';
      if (kind === T.Engineer || kind === T.ProviderEngineer) return 'engineer';
      return 'when';
    }
  }
  return 'when';
}

function fieldsInScope(scope: SelectionScope, custom: CustomFieldDef[]): Array<{ path: string; type: Ty; doc: string }> {
  const out: Array<{ path: string; type: Ty; doc: string }> = [{ path: 'now', type: { k: 'time' }, doc: NOW_DOC }];
  const add = (root: string, fields: Record<string, FieldInfo>) => {
    for (const [k, f] of Object.entries(fields)) out.push({ path: `${root}.${k}`, type: f.type, doc: f.doc });
  };
  add('order', FIELDS_BY_ROOT.order);
  for (const c of custom) out.push({ path: `order.custom.${c.name}`, type: fromFieldType(c.type), doc: 'Custom field.' });
  if (scope === 'engineer') add('engineer', FIELDS_BY_ROOT.engineer);
  if (scope === 'provider') add('provider', FIELDS_BY_ROOT.provider);
  add('group', FIELDS_BY_ROOT.group);
  return out;
}

/** The dotted path that ends at token index `end` (inclusive), e.g. ["order", "customer"]. */
function pathEndingAt(tokens: IToken[], end: number): string[] | null {
  const parts: string[] = [];
  let i = end;
  while (i >= 0) {
    const t = tokens[i];
    if (!isWordToken(t)) return null;
    parts.unshift(t.image);
    if ((t.tokenType.CATEGORIES ?? []).includes(T.PathRoot) && tokens[i - 1]?.tokenType !== T.Dot) return parts;
    if (tokens[i - 1]?.tokenType !== T.Dot) return null;
    i -= 2;
  }
  return null;
}

function typeOfPath(path: string[], custom: CustomFieldDef[]): Ty | null {
  const [root, ...rest] = path;
  if (root === 'now' && rest.length === 0) return { k: 'time' };
  if (root === 'order' && rest[0] === 'custom') {
    const def = custom.find((c) => c.name === rest[1]);
    return def && rest.length === 2 ? fromFieldType(def.type) : null;
  }
  const fields = ownEntry(FIELDS_BY_ROOT as Record<string, Readonly<Record<string, FieldInfo>>>, root);
  return (fields && ownEntry(fields, rest.join('.'))?.type) ?? null;
}

function sameKind(a: Ty, b: Ty): boolean {
  if ((a.k === 'enum' || a.k === 'string') && (b.k === 'enum' || b.k === 'string')) return true;
  if (a.k === 'list' && b.k === 'list') return sameKind(a.of, b.of);
  return a.k === b.k;
}

/** Completion items at a position (1-based line and column). */
export function completionsAt(source: string, position: Position, options: CompletionOptions = {}): CompletionItem[] {
  const offset = offsetAt(source, position);
  const custom = options.customFields ?? [];
  const lexed = T.RulesLexer.tokenize(source.slice(0, offset));
  const tokens = lexed.tokens;
  const badString = (lexed.groups.errors ?? []).find((t) => t.endOffset! + 1 === offset);
  // The word (or open string) being typed is the prefix, not context.
  let prefix = '';
  const last = tokens[tokens.length - 1];
  if (badString) prefix = badString.image;
  else if (last && last.endOffset! + 1 === offset && isWordToken(last)) {
    prefix = last.image;
    tokens.pop();
  }
  const items: CompletionItem[] = [];
  const push = (item: CompletionItem) => {
    const label = item.label.toLowerCase();
    const p = prefix.toLowerCase();
    if (!p || label.startsWith(p) || label.startsWith(`"${p.replace(/^"/, '')}`)) items.push(item);
  };
  const prev = tokens[tokens.length - 1];
  const scope = scopeBefore(tokens);

  // After a dot: the fields one level down.
  if (prev?.tokenType === T.Dot) {
    const path = pathEndingAt(tokens, tokens.length - 2);
    if (!path) return [];
    const prefixPath = path.join('.') + '.';
    const seen = new Set<string>();
    for (const f of fieldsInScope(scope, custom)) {
      if (!f.path.startsWith(prefixPath)) continue;
      const next = f.path.slice(prefixPath.length).split('.')[0];
      if (seen.has(next)) continue;
      seen.add(next);
      const leaf = f.path.slice(prefixPath.length) === next;
      push({
        label: next,
        kind: 'field',
        detail: leaf ? showType(f.type) : 'group of fields',
        insertText: next,
        sortText: `1${next}`,
      });
    }
    if (path.length === 1 && path[0] === 'order') push({ label: 'custom', kind: 'field', detail: 'custom fields', insertText: 'custom', sortText: '1custom' });
    return items;
  }

  // The type the next value should have, from a comparison's left side.
  let expected: Ty | null = null;
  const opIndex = prev && (prev.tokenType === T.LBracket || prev.tokenType === T.Comma) ? openBracketOp(tokens) : tokens.length - 1;
  const op = tokens[opIndex];
  if (op && ((op.tokenType.CATEGORIES ?? []).includes(T.CompareOp) || op.tokenType === T.In || op.tokenType === T.Contains || op.tokenType === T.With)) {
    let leftEnd = opIndex - 1;
    if (tokens[leftEnd]?.tokenType === T.Not) leftEnd--;
    if (tokens[leftEnd]?.tokenType === T.Starts) leftEnd--;
    const path = leftEnd >= 0 ? pathEndingAt(tokens, leftEnd) : null;
    const t = path ? typeOfPath(path, custom) : null;
    if (t) expected = op.tokenType === T.Contains && t.k === 'list' ? t.of : t;
  }

  // Named assignees right after a target kind.
  const kindTok = prev && (prev.tokenType.CATEGORIES ?? []).includes(T.TargetKindToken) && tokens[tokens.length - 2]?.tokenType === T.Assign ? prev : null;
  if (kindTok && options.directory) {
    const dir = impl(options.directory);
    const names =
      kindTok.tokenType === T.ServiceGroup
        ? dir.serviceGroups.map((g) => g.name)
        : kindTok.tokenType === T.ServiceProvider
          ? dir.providers.map((p) => p.name)
          : dir.engineers.filter((e) => (kindTok.tokenType === T.ProviderEngineer ? e.providerId != null : e.providerId == null)).map((e) => e.name);
    for (const n of [...new Set(names)].slice(0, 500)) {
      push({ label: `"${n}"`, kind: 'assignee', insertText: `"${n.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`, sortText: `0${n}` });
    }
  }
  if (badString) return items;

  if (expected?.k === 'enum') {
    for (const v of expected.values) push({ label: `"${v}"`, kind: 'value', insertText: `"${v}"`, sortText: `0${v}` });
  }

  // Keywords and value starts, from the grammar itself.
  let start = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i].tokenType === T.Rule) {
      start = i;
      break;
    }
  }
  const paths = parser.computeContentAssist('ruleSet', tokens.slice(start));
  const next = new Set<TokenType>();
  for (const p of paths) for (const t of concrete(p.nextTokenType)) next.add(t);
  let wantsValue = false;
  for (const t of next) {
    if (t === T.Identifier || t === T.NumberLit || t === T.StringLit || t === T.LParen || t === T.LBracket) {
      wantsValue ||= t !== T.StringLit || !kindTok;
      continue;
    }
    if (t === T.Minus && !(prev && (prev.tokenType === T.NumberLit || prev.tokenType === T.RParen || isWordToken(prev)))) continue;
    const cat = T.tokenCategory(t);
    // Units follow numbers (or a parenthesised number), though the grammar allows more.
    if (cat === 'unit' && !(prev && (prev.tokenType === T.NumberLit || prev.tokenType === T.RParen))) continue;
    // Path roots are offered as whole fields below.
    if ((t.CATEGORIES ?? []).includes(T.PathRoot) && t !== T.Engineer) continue;
    if (t === T.Engineer && !(prev?.tokenType === T.Assign)) continue;
    if (t === T.Provider && scope !== 'provider') continue;
    const word = t.LABEL ? t.LABEL.replace(/^'|'$/g, '') : t.name;
    push({
      label: word,
      kind: cat === 'unit' ? 'unit' : cat === 'operator' ? 'operator' : 'keyword',
      insertText: word,
      sortText: `3${word}`,
    });
  }
  if (wantsValue) {
    for (const f of fieldsInScope(scope, custom)) {
      const match = expected ? sameKind(f.type, expected) : false;
      push({ label: f.path, kind: 'field', detail: showType(f.type), insertText: f.path, sortText: `${match ? 1 : 2}${f.path}` });
    }
    for (const [name, fn] of Object.entries(FUNCTIONS)) {
      push({ label: name, kind: 'function', detail: fn.signature, insertText: `${name}(`, sortText: `2${name}` });
    }
  }
  return items;
}

/** Index of the operator before the '[' that the cursor is inside, or -1. */
function openBracketOp(tokens: IToken[]): number {
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const tt = tokens[i].tokenType;
    if (tt === T.RBracket) depth++;
    else if (tt === T.LBracket) {
      if (depth === 0) return i - 1;
      depth--;
    }
  }
  return -1;
}

const KEYWORD_DOCS: Record<string, string> = {
  rule: 'Starts a rule: `rule "name" clauses… when condition assign target`.',
  priority: 'Higher priorities are tried first; default 0; ties keep source order.',
  at: 'Limits the rule to these node kinds or node ids.',
  disabled: 'The rule is never considered.',
  when: 'The condition under which the rule applies.',
  assign: 'What the rule assigns: a service group, a provider, an engineer, a provider engineer, or manual.',
  where: 'Filters the candidates of a selection.',
  rank: '`rank by` sorts the candidates; ties by id; nulls last.',
  with: '`with N collaborators` adds the next N candidates as collaborators.',
  manual: 'Sends the order to the manual queue at once.',
};

/** Hover text for the word at a position: a field's type and meaning, a function's signature. */
export function hoverAt(source: string, position: Position, options: CompletionOptions = {}): Hover | null {
  const offset = offsetAt(source, position);
  const tokens = T.RulesLexer.tokenize(source).tokens;
  const i = tokens.findIndex((t) => t.startOffset <= offset && offset <= t.endOffset!);
  if (i < 0) return null;
  const t = tokens[i];
  const range: Range = {
    start: { line: t.startLine!, column: t.startColumn! },
    end: { line: t.endLine!, column: t.endColumn! + 1 },
  };
  const custom = options.customFields ?? [];
  const path = isWordToken(t) ? pathEndingAt(tokens, i) : null;
  if (path && (path.length > 1 || path[0] === 'now')) {
    const ty = typeOfPath(path, custom);
    const full = path.join('.');
    if (ty) {
      const [root, ...rest] = path;
      const doc =
        root === 'now'
          ? NOW_DOC
          : root === 'order' && rest[0] === 'custom'
            ? 'Custom field, declared by an admin.'
            : (ownEntry(ownEntry(FIELDS_BY_ROOT as Record<string, Readonly<Record<string, FieldInfo>>>, root) ?? {}, rest.join('.'))?.doc ?? '');
      return { range, contents: `\`${full}\`: ${showType(ty)}\n\n${doc}` };
    }
    return { range, contents: `\`${full}\`` };
  }
  const fn = t.tokenType === T.Identifier ? ownEntry(FUNCTIONS, t.image) : undefined;
  if (fn) {
    return { range, contents: `\`${fn.signature}\`\n\n${fn.doc}` };
  }
  if ((t.tokenType.CATEGORIES ?? []).includes(T.Unit)) {
    const names: Record<string, string> = { m: 'metres', km: 'kilometres', mi: 'miles', min: 'minutes', h: 'hours', d: 'days' };
    const kind = ['m', 'km', 'mi'].includes(t.image) ? 'distance' : 'duration';
    return { range, contents: `\`${t.image}\`: ${ownEntry(names, t.image) ?? t.image} (${kind})` };
  }
  const doc = ownEntry(KEYWORD_DOCS, t.image);
  if (doc && T.tokenCategory(t.tokenType) === 'keyword') return { range, contents: doc };
  return null;
}

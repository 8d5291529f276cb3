// The one definition of the language's tokens. The parser, the formatter and the editor's
// highlighting all derive from this file, so a keyword is never listed twice.
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** How the editor colours a token. */
export type TokenCategory =
  | 'keyword'
  | 'operator'
  | 'unit'
  | 'constant'
  | 'string'
  | 'number'
  | 'identifier'
  | 'function'
  | 'comment'
  | 'delimiter'
  | 'invalid';

const categoryOf = new Map<TokenType, TokenCategory>();

function tok(config: Parameters<typeof createToken>[0], category: TokenCategory): TokenType {
  const t = createToken(config);
  categoryOf.set(t, category);
  return t;
}

// Abstract categories: never produced by the lexer, matched through their members.
/** Any word (identifier or keyword): field names after `.` and node ids in `at` may be keywords. */
export const AnyName = createToken({ name: 'AnyName', pattern: Lexer.NA });
export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA });
export const AddOp = createToken({ name: 'AddOp', pattern: Lexer.NA });
export const MulOp = createToken({ name: 'MulOp', pattern: Lexer.NA });
export const Unit = createToken({ name: 'Unit', pattern: Lexer.NA });
export const PathRoot = createToken({ name: 'PathRoot', pattern: Lexer.NA });
export const TargetKindToken = createToken({ name: 'TargetKindToken', pattern: Lexer.NA });

export const WhiteSpace = tok({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED }, 'delimiter');
// Comments are kept in their own group so the formatter can put them back.
export const Comment = tok({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' }, 'comment');
export const StringLit = tok(
  { name: 'StringLit', pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/, label: 'a string' },
  'string',
);
// A string that never closes on its line: taken out of the token stream and reported.
export const UnterminatedString = tok(
  { name: 'UnterminatedString', pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/, group: 'errors' },
  'invalid',
);
export const NumberLit = tok({ name: 'NumberLit', pattern: /\d+(?:\.\d+)?/, label: 'a number' }, 'number');
export const Identifier = tok(
  { name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [AnyName], label: 'a name' },
  'identifier',
);

const keywordTokens: TokenType[] = [];
function keyword(word: string, category: TokenCategory = 'keyword', extra: TokenType[] = []): TokenType {
  const name = word
    .split('_')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  const t = tok(
    {
      name: `${name}Kw`,
      pattern: new RegExp(word),
      longer_alt: Identifier,
      categories: [AnyName, ...extra],
      label: `'${word}'`,
    },
    category,
  );
  keywordTokens.push(t);
  return t;
}

export const Rule = keyword('rule');
export const Priority = keyword('priority');
export const At = keyword('at');
export const Disabled = keyword('disabled');
export const When = keyword('when');
export const Assign = keyword('assign');
export const ServiceGroup = keyword('service_group', 'keyword', [TargetKindToken]);
export const ServiceProvider = keyword('service_provider', 'keyword', [TargetKindToken]);
export const ProviderEngineer = keyword('provider_engineer', 'keyword', [TargetKindToken]);
// `engineer` is both a target kind and a path root.
export const Engineer = keyword('engineer', 'keyword', [TargetKindToken, PathRoot]);
export const Manual = keyword('manual');
export const Where = keyword('where');
export const Rank = keyword('rank');
export const By = keyword('by');
export const With = keyword('with');
export const Collaborators = keyword('collaborators');
export const Collaborator = keyword('collaborator');
export const Asc = keyword('asc');
export const Desc = keyword('desc');
export const Or = keyword('or', 'operator');
export const And = keyword('and', 'operator');
export const Not = keyword('not', 'operator');
export const In = keyword('in', 'operator');
export const Contains = keyword('contains', 'operator');
export const All = keyword('all', 'operator');
export const Any = keyword('any', 'operator');
export const Starts = keyword('starts', 'operator');
export const Is = keyword('is', 'operator');
export const Null = keyword('null', 'constant');
export const True = keyword('true', 'constant');
export const False = keyword('false', 'constant');
export const Order = keyword('order', 'keyword', [PathRoot]);
export const Provider = keyword('provider', 'keyword', [PathRoot]);
export const Group = keyword('group', 'keyword', [PathRoot]);
export const Now = keyword('now', 'keyword', [PathRoot]);
export const Km = keyword('km', 'unit', [Unit]);
export const Mi = keyword('mi', 'unit', [Unit]);
export const M = keyword('m', 'unit', [Unit]);
export const Min = keyword('min', 'unit', [Unit]);
export const H = keyword('h', 'unit', [Unit]);
export const D = keyword('d', 'unit', [Unit]);

export const Eq = tok({ name: 'Eq', pattern: /==/, categories: [CompareOp], label: "'=='" }, 'operator');
export const Neq = tok({ name: 'Neq', pattern: /!=/, categories: [CompareOp], label: "'!='" }, 'operator');
export const Le = tok({ name: 'Le', pattern: /<=/, categories: [CompareOp], label: "'<='" }, 'operator');
export const Ge = tok({ name: 'Ge', pattern: />=/, categories: [CompareOp], label: "'>='" }, 'operator');
export const Lt = tok({ name: 'Lt', pattern: /</, categories: [CompareOp], label: "'<'" }, 'operator');
export const Gt = tok({ name: 'Gt', pattern: />/, categories: [CompareOp], label: "'>'" }, 'operator');
export const Plus = tok({ name: 'Plus', pattern: /\+/, categories: [AddOp], label: "'+'" }, 'operator');
export const Minus = tok({ name: 'Minus', pattern: /-/, categories: [AddOp], label: "'-'" }, 'operator');
export const Star = tok({ name: 'Star', pattern: /\*/, categories: [MulOp], label: "'*'" }, 'operator');
export const Slash = tok({ name: 'Slash', pattern: /\//, categories: [MulOp], label: "'/'" }, 'operator');
export const LParen = tok({ name: 'LParen', pattern: /\(/, label: "'('" }, 'delimiter');
export const RParen = tok({ name: 'RParen', pattern: /\)/, label: "')'" }, 'delimiter');
export const LBracket = tok({ name: 'LBracket', pattern: /\[/, label: "'['" }, 'delimiter');
export const RBracket = tok({ name: 'RBracket', pattern: /]/, label: "']'" }, 'delimiter');
export const Comma = tok({ name: 'Comma', pattern: /,/, label: "','" }, 'delimiter');
export const Dot = tok({ name: 'Dot', pattern: /\./, label: "'.'" }, 'delimiter');

/** Every keyword, longest first. */
export const KEYWORD_TOKENS: readonly TokenType[] = [...keywordTokens].sort(
  (a, b) => keywordOf(b).length - keywordOf(a).length,
);

/** The word a keyword token stands for (`ServiceGroupKw` → `service_group`). */
export function keywordOf(t: TokenType): string {
  return (t.PATTERN as RegExp).source;
}

/**
 * Lexing order matters: the lexer takes the first pattern that matches, so
 * - comments and strings come before anything that could match inside them,
 * - the terminated string before the unterminated one,
 * - keywords longest first (`min` before `mi` before `m`, `desc` before `d`), each falling
 *   back to Identifier when the word goes on (`minutes_since` is a name, not `min`),
 * - two-character operators before their one-character prefixes (`<=` before `<`).
 * The abstract categories go last; they never match text themselves.
 */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLit,
  UnterminatedString,
  NumberLit,
  ...KEYWORD_TOKENS,
  Identifier,
  Eq,
  Neq,
  Le,
  Ge,
  Lt,
  Gt,
  Plus,
  Minus,
  Star,
  Slash,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  AnyName,
  CompareOp,
  AddOp,
  MulOp,
  Unit,
  PathRoot,
  TargetKindToken,
];

// Lines end at '\n' only (a '\r' before it is part of the line), as the CLI and the editor count.
export const RulesLexer = new Lexer(allTokens, {
  ensureOptimizations: true,
  positionTracking: 'full',
  lineTerminatorsPattern: /\n/g,
  lineTerminatorCharacters: ['\n'],
});

/** Token name → highlighting category, for every token the lexer can produce. */
export const TOKEN_CATEGORIES: Readonly<Record<string, TokenCategory>> = Object.fromEntries(
  [...categoryOf.entries()].map(([t, c]) => [t.name, c]),
);

/** The category of one token type. */
export function tokenCategory(t: TokenType): TokenCategory {
  return categoryOf.get(t) ?? 'identifier';
}

/** Keywords by category, e.g. for a Monaco Monarch grammar (`keywords`, `operators`, `units`, …). */
export const KEYWORDS_BY_CATEGORY: Readonly<Record<string, string[]>> = KEYWORD_TOKENS.reduce<
  Record<string, string[]>
>((acc, t) => {
  const c = tokenCategory(t);
  (acc[c] ??= []).push(keywordOf(t));
  return acc;
}, {});

// The grammar of RULES.md as a Chevrotain CstParser with error recovery. It only builds a
// concrete syntax tree; cst-to-ast.ts turns that into the AST the checker reads.
import {
  CstParser,
  EOF,
  type CstNode,
  type ILexingError,
  type AtLeastOneSepMethodOpts,
  type IOrAlt,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import * as T from './tokens';

function describe(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the text';
  return `'${token.image}'`;
}

function labelOf(t: TokenType): string {
  return t.LABEL ?? t.name;
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${labelOf(expected)} but found ${describe(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant, ruleName }) {
    return ruleName === 'ruleSet' || ruleName === 'rule'
      ? `unexpected ${describe(firstRedundant)}: expected 'rule'`
      : `unexpected ${describe(firstRedundant)}: expected the end of the expression`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const options = new Set<string>();
    for (const alt of expectedPathsPerAlt) for (const path of alt) if (path[0]) options.add(labelOf(path[0]));
    const what =
      ruleName === 'primary' || options.has('a number') ? 'a value' : [...options].slice(0, 6).join(', ');
    return `expected ${what} but found ${describe(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    const options = new Set<string>();
    for (const path of expectedIterationPaths) if (path[0]) options.add(labelOf(path[0]));
    return `expected ${[...options].join(', ')} but found ${describe(actual[0])}`;
  },
};

export class RulesParser extends CstParser {
  // Chevrotain advice: build each OR's alternatives once, not on every call (and under
  // tsx's keepNames every `ALT: () => …` would also be renamed on every call).
  private readonly altCache = new Map<number, IOrAlt<unknown>[]>();
  private alts(id: number, make: () => IOrAlt<unknown>[]): IOrAlt<unknown>[] {
    let a = this.altCache.get(id);
    if (!a) this.altCache.set(id, (a = make()));
    return a;
  }

  private readonly sepCache = new Map<number, AtLeastOneSepMethodOpts<unknown>>();
  private sep(id: number, make: () => AtLeastOneSepMethodOpts<unknown>): AtLeastOneSepMethodOpts<unknown> {
    let o = this.sepCache.get(id);
    if (!o) this.sepCache.set(id, (o = make()));
    return o;
  }

  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      errorMessageProvider: messages,
    });
    this.performSelfAnalysis();
  }

  public ruleSet = this.RULE('ruleSet', () => {
    this.MANY(() => this.SUBRULE(this.rule));
  });

  /** Entry for gateway conditions and the `where`/`rank by` text of rankCandidates. */
  public expressionOnly = this.RULE('expressionOnly', () => {
    this.SUBRULE(this.expression);
  });

  public rankKeysOnly = this.RULE('rankKeysOnly', () => {
    this.AT_LEAST_ONE_SEP(this.sep(301, () => ({ SEP: T.Comma, DEF: () => this.SUBRULE(this.rankKey) })));
  });

  public rule = this.RULE('rule', () => {
    this.CONSUME(T.Rule);
    this.CONSUME(T.StringLit);
    this.MANY(() => this.SUBRULE(this.clause));
    this.CONSUME(T.When);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.target);
  });

  public clause = this.RULE('clause', () => {
    this.OR(this.alts(1, () => [
      {
        ALT: () => {
          this.CONSUME(T.Priority);
          this.OPTION(() => this.CONSUME(T.Minus));
          this.CONSUME(T.NumberLit);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.At);
          this.AT_LEAST_ONE_SEP(this.sep(302, () => ({ SEP: T.Comma, DEF: () => this.SUBRULE(this.nodeRef) })));
        },
      },
      { ALT: () => this.CONSUME(T.Disabled) },
    ]));
  });

  /** A node kind or id: a string, or words joined by '-' (`own-engineer`, `node-2`). */
  public nodeRef = this.RULE('nodeRef', () => {
    this.OR(this.alts(2, () => [
      { ALT: () => this.CONSUME(T.StringLit) },
      {
        ALT: () => {
          this.CONSUME(T.AnyName);
          this.MANY(() => {
            this.CONSUME(T.Minus);
            this.OR2(this.alts(101, () => [{ ALT: () => this.CONSUME2(T.AnyName) }, { ALT: () => this.CONSUME(T.NumberLit) }]));
          });
        },
      },
    ]));
  });

  public target = this.RULE('target', () => {
    this.OR(this.alts(3, () => [
      {
        ALT: () => {
          this.CONSUME(T.ServiceGroup);
          this.CONSUME(T.StringLit);
        },
      },
      {
        ALT: () => {
          this.OR2(this.alts(102, () => [
            { ALT: () => this.CONSUME(T.ServiceProvider) },
            { ALT: () => this.CONSUME(T.Engineer) },
            { ALT: () => this.CONSUME(T.ProviderEngineer) },
          ]));
          this.OR3(this.alts(103, () => [
            { ALT: () => this.CONSUME2(T.StringLit) },
            { ALT: () => this.SUBRULE(this.selection) },
          ]));
        },
      },
      { ALT: () => this.CONSUME(T.Manual) },
    ]));
  });

  public selection = this.RULE('selection', () => {
    this.OPTION(() => {
      this.CONSUME(T.Where);
      this.SUBRULE(this.expression);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Rank);
      this.CONSUME(T.By);
      this.AT_LEAST_ONE_SEP(this.sep(303, () => ({ SEP: T.Comma, DEF: () => this.SUBRULE(this.rankKey) })));
    });
    this.OPTION3(() => {
      this.CONSUME(T.With);
      this.CONSUME(T.NumberLit);
      this.OR(this.alts(4, () => [{ ALT: () => this.CONSUME(T.Collaborators) }, { ALT: () => this.CONSUME(T.Collaborator) }]));
    });
  });

  public rankKey = this.RULE('rankKey', () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => this.OR(this.alts(5, () => [{ ALT: () => this.CONSUME(T.Asc) }, { ALT: () => this.CONSUME(T.Desc) }])));
  });

  /**
   * An expression is flat here: operands joined by operators, in source order. Precedence
   * (or · and · not · comparison · + - · * / · unary - · unit) is applied by the AST builder;
   * a nine-level rule chain would build nine CST nodes for every operand.
   */
  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.operand);
    this.MANY(() => this.SUBRULE(this.tail));
  });

  /** An infix operator and its right operand, or the suffix `is [not] null`. */
  public tail = this.RULE('tail', () => {
    this.OR(
      this.alts(201, () => [
        {
          ALT: () => {
            this.CONSUME(T.Is);
            this.OPTION(() => this.CONSUME(T.Not));
            this.CONSUME(T.Null);
          },
        },
        {
          ALT: () => {
            this.OR2(
              this.alts(202, () => [
                { ALT: () => this.CONSUME(T.Or) },
                { ALT: () => this.CONSUME(T.And) },
                { ALT: () => this.CONSUME(T.CompareOp) },
                { ALT: () => this.CONSUME(T.AddOp) },
                { ALT: () => this.CONSUME(T.MulOp) },
                {
                  ALT: () => {
                    this.CONSUME2(T.Not);
                    this.CONSUME(T.In);
                  },
                },
                { ALT: () => this.CONSUME2(T.In) },
                {
                  ALT: () => {
                    this.CONSUME(T.Contains);
                    this.OPTION2(() =>
                      this.OR3(this.alts(203, () => [{ ALT: () => this.CONSUME(T.All) }, { ALT: () => this.CONSUME(T.Any) }])),
                    );
                  },
                },
                {
                  ALT: () => {
                    this.CONSUME(T.Starts);
                    this.CONSUME(T.With);
                  },
                },
              ]),
            );
            this.SUBRULE(this.operand);
          },
        },
      ]),
    );
  });

  /** Prefix `not` / `-`, a value, and an optional unit: `30 km`, `(order.custom.radius) mi`. */
  public operand = this.RULE('operand', () => {
    this.MANY(() =>
      this.OR(this.alts(204, () => [{ ALT: () => this.CONSUME(T.Not) }, { ALT: () => this.CONSUME(T.Minus) }])),
    );
    // The value itself: inlined here rather than a `primary` subrule, one CST node fewer.
    this.OR2(this.alts(9, () => [
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.path) },
      { ALT: () => this.SUBRULE(this.call) },
    ]));
    this.OPTION(() => this.CONSUME(T.Unit));
  });

  public list = this.RULE('list', () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP(this.sep(304, () => ({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) })));
    this.CONSUME(T.RBracket);
  });

  public path = this.RULE('path', () => {
    this.CONSUME(T.PathRoot);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME(T.AnyName);
    });
  });

  /** `name(args)`, or a bare name, which the checker reports as an unknown field. */
  public call = this.RULE('call', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP(this.sep(305, () => ({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) })));
      this.CONSUME(T.RParen);
    });
  });
}

/** One shared instance: building the parser runs its grammar analysis, which is slow. */
export const parser = new RulesParser();

export type EntryRule = 'ruleSet' | 'rule' | 'expressionOnly' | 'rankKeysOnly';

export interface ParseResult {
  cst: CstNode;
  tokens: IToken[];
  comments: IToken[];
  /** Unterminated strings, taken out of the token stream. */
  badStrings: IToken[];
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
}

/**
 * A rule set, one rule at a time: the token stream is cut before every `rule` keyword that
 * starts a rule, and each piece is parsed alone. Errors stay inside their rule, and only one
 * rule's CST is alive at a time, so a large file does not fill the heap with CST nodes.
 */
export function parseRules(source: string, onRule: (cst: CstNode, index: number) => void): Omit<ParseResult, 'cst'> {
  const lexed = T.RulesLexer.tokenize(source);
  const tokens = lexed.tokens;
  const starts: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].tokenType !== T.Rule) continue;
    const prev = tokens[i - 1]?.tokenType;
    // `rule` can also be a word after '.', in an `at` list or in a dashed node id.
    if (prev === T.Dot || prev === T.At || prev === T.Comma || prev === T.Minus) continue;
    starts.push(i);
  }
  const parseErrors: IRecognitionException[] = [];
  // Anything before the first rule is an error the whole-set entry reports.
  const first = starts.length ? starts[0] : tokens.length;
  if (first > 0) {
    parser.input = tokens.slice(0, first);
    parser.ruleSet();
    parseErrors.push(...parser.errors);
  }
  for (let k = 0; k < starts.length; k++) {
    parser.input = tokens.slice(starts[k], k + 1 < starts.length ? starts[k + 1] : tokens.length);
    const cst = parser.rule();
    parseErrors.push(...parser.errors);
    onRule(cst, k);
  }
  return {
    tokens,
    comments: lexed.groups.comments ?? [],
    badStrings: lexed.groups.errors ?? [],
    lexErrors: lexed.errors,
    parseErrors,
  };
}

export function parse(source: string, entry: EntryRule = 'ruleSet'): ParseResult {
  const lexed = T.RulesLexer.tokenize(source);
  parser.input = lexed.tokens;
  const cst = parser[entry]();
  return {
    cst,
    tokens: lexed.tokens,
    comments: lexed.groups.comments ?? [],
    badStrings: lexed.groups.errors ?? [],
    lexErrors: lexed.errors,
    parseErrors: [...parser.errors],
  };
}

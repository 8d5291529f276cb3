// The rules of a source, for the outline and Monaco's document symbols. Read from the language's
// own tokens (dsl highlight), so it works on text that does not parse yet.
import { highlight, type Diagnostic } from '../../dsl';

export interface OutlineRule {
  name: string;
  /** 1-based line of the `rule` keyword. */
  line: number;
  column: number;
  /** Line of the rule's last token. */
  endLine: number;
  endColumn: number;
  priority: number | null;
  target: string | null;
  disabled: boolean;
}

function unquote(s: string): string {
  return s.startsWith('"') ? s.slice(1, s.endsWith('"') && s.length > 1 ? -1 : undefined).replace(/\\(["\\])/g, '$1') : s;
}

export function outlineOf(source: string): OutlineRule[] {
  const tokens = highlight(source).filter((t) => t.category !== 'comment');
  const text = (i: number) => {
    const t = tokens[i];
    return t ? source.slice(t.startOffset, t.startOffset + t.length) : '';
  };
  const rules: OutlineRule[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].category !== 'keyword' || text(i) !== 'rule') continue;
    const nameTok = tokens[i + 1]?.category === 'string' ? i + 1 : -1;
    const rule: OutlineRule = {
      name: nameTok >= 0 ? unquote(text(nameTok)) : '(unnamed rule)',
      line: tokens[i].line,
      column: tokens[i].column,
      endLine: tokens[i].line,
      endColumn: tokens[i].column + tokens[i].length,
      priority: null,
      target: null,
      disabled: false,
    };
    let j = i + 1;
    for (; j < tokens.length; j++) {
      const word = text(j);
      if (tokens[j].category === 'keyword' && word === 'rule') break;
      if (word === 'priority' && tokens[j + 1]?.category === 'number') rule.priority = Number(text(j + 1));
      if (word === 'disabled') rule.disabled = true;
      if (word === 'assign' && rule.target === null) rule.target = text(j + 1) || null;
      rule.endLine = tokens[j].line;
      rule.endColumn = tokens[j].column + tokens[j].length;
    }
    rules.push(rule);
    i = j - 1;
  }
  return rules;
}

/** The rule a diagnostic sits in, by line. */
export function ruleAt(rules: OutlineRule[], line: number): OutlineRule | null {
  let found: OutlineRule | null = null;
  for (const r of rules) if (r.line <= line) found = r;
  return found;
}

export const countBySeverity = (diagnostics: readonly Diagnostic[]) => ({
  errors: diagnostics.filter((d) => d.severity === 'error').length,
  warnings: diagnostics.filter((d) => d.severity === 'warning').length,
});

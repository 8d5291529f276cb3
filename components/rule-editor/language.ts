// The rules language in Monaco, from dsl/ only: colours from the token categories of dsl/tokens.ts
// (through `highlight`, so no keyword is listed here), completion and hover from the dsl's editor
// services, formatting from formatRuleSet, the outline from the tokens, and markers from the
// checker. Registered once per Monaco instance; per-model options (custom fields, directory) are
// set by the editor that owns the model.
import type * as Monaco from 'monaco-editor/editor';
import {
  checkRuleSet,
  completionsAt,
  formatRuleSet,
  highlight,
  hoverAt,
  type CompletionItem,
  type CompletionOptions,
  type Diagnostic,
  type TokenCategory,
} from '../../dsl';
import { outlineOf } from './outline';

export const LANGUAGE_ID = 'dispatch-rules';
export const THEME_ID = 'dispatch-rules-light';

/** A colour for every category the dsl defines; a new category is a type error here until it has one. */
const CATEGORY_STYLE: Record<TokenCategory, { foreground: string; fontStyle?: string }> = {
  keyword: { foreground: '1f5fbf', fontStyle: 'bold' },
  operator: { foreground: '7a2e0e', fontStyle: 'bold' },
  unit: { foreground: '0e9384' },
  constant: { foreground: '6941c6' },
  string: { foreground: 'a15c07' },
  number: { foreground: '067647' },
  identifier: { foreground: '17202a' },
  function: { foreground: '3e4784', fontStyle: 'italic' },
  comment: { foreground: '667085', fontStyle: 'italic' },
  delimiter: { foreground: '475467' },
  invalid: { foreground: 'b42318', fontStyle: 'underline' },
};

/** Token scopes carry the language id, so the theme's rules apply to this language only. */
const scope = (c: TokenCategory) => `${c}.${LANGUAGE_ID}`;

const options = new Map<string, CompletionOptions>();

/** The custom fields and directory that completion, hover and checking use for a model. */
export function setModelOptions(model: Monaco.editor.ITextModel, value: CompletionOptions) {
  options.set(model.uri.toString(), value);
}
export function clearModelOptions(model: Monaco.editor.ITextModel) {
  options.delete(model.uri.toString());
}
const optionsOf = (model: Monaco.editor.ITextModel) => options.get(model.uri.toString()) ?? {};

/** Checker diagnostics as Monaco markers (both 1-based, end exclusive), keeping the stable code. */
export function toMarkers(monaco: typeof Monaco, diagnostics: readonly Diagnostic[]): Monaco.editor.IMarkerData[] {
  return diagnostics.map((d) => ({
    severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: d.message,
    code: d.code,
    source: 'rules',
    startLineNumber: d.range.start.line,
    startColumn: d.range.start.column,
    endLineNumber: d.range.end.line,
    endColumn: d.range.end.line === d.range.start.line && d.range.end.column <= d.range.start.column ? d.range.start.column + 1 : d.range.end.column,
  }));
}

export function checkModel(model: Monaco.editor.ITextModel): Diagnostic[] {
  return checkRuleSet(model.getValue(), optionsOf(model));
}

/** The suggestion of a "did you mean" message, the way the checker words it. */
export function suggestionOf(message: string): string | null {
  return /did you mean "((?:[^"\\]|\\.)+)"\?/.exec(message)?.[1] ?? null;
}

class LineState implements Monaco.languages.IState {
  clone() {
    return this;
  }
  equals(other: Monaco.languages.IState) {
    return other === this;
  }
}
// No token spans lines (comments and strings end at the line's end), so lines tokenize alone.
const STATE = new LineState();

const registered = new WeakSet<object>();

export function registerRulesLanguage(monaco: typeof Monaco) {
  if (registered.has(monaco.languages)) return;
  registered.add(monaco.languages);
  const { languages, editor, Range } = monaco;

  languages.register({ id: LANGUAGE_ID, extensions: ['.rules'], aliases: ['Dispatch rules'] });
  languages.setLanguageConfiguration(LANGUAGE_ID, {
    comments: { lineComment: '#' },
    brackets: [
      ['(', ')'],
      ['[', ']'],
    ],
    autoClosingPairs: [
      { open: '(', close: ')' },
      { open: '[', close: ']' },
      { open: '"', close: '"', notIn: ['string', 'comment'] },
    ],
    wordPattern: /[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?/,
  });

  languages.setTokensProvider(LANGUAGE_ID, {
    getInitialState: () => STATE,
    tokenize(line) {
      const tokens: Monaco.languages.IToken[] = [];
      let end = 0;
      let afterDot = false;
      for (const t of highlight(line)) {
        const start = t.column - 1;
        if (start > end) tokens.push({ startIndex: end, scopes: '' });
        // A field name after '.' may be spelled like a keyword (`order.priority`): it is a name there.
        const category = afterDot && /^[A-Za-z_]/.test(line.slice(start, start + 1)) ? 'identifier' : t.category;
        tokens.push({ startIndex: start, scopes: scope(category) });
        afterDot = t.length === 1 && line[start] === '.';
        end = start + t.length;
      }
      if (end < line.length) tokens.push({ startIndex: end, scopes: '' });
      return { tokens, endState: STATE };
    },
  });

  editor.defineTheme(THEME_ID, {
    base: 'vs',
    inherit: true,
    rules: (Object.entries(CATEGORY_STYLE) as [TokenCategory, { foreground: string; fontStyle?: string }][]).map(([c, s]) => ({ token: scope(c), ...s })),
    colors: {},
  });

  const KIND: Record<CompletionItem['kind'], Monaco.languages.CompletionItemKind> = {
    keyword: languages.CompletionItemKind.Keyword,
    operator: languages.CompletionItemKind.Operator,
    unit: languages.CompletionItemKind.Unit,
    field: languages.CompletionItemKind.Field,
    function: languages.CompletionItemKind.Function,
    value: languages.CompletionItemKind.EnumMember,
    assignee: languages.CompletionItemKind.Reference,
  };

  languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: ['.', '"'],
    provideCompletionItems(model, position) {
      const items = completionsAt(model.getValue(), { line: position.lineNumber, column: position.column }, optionsOf(model));
      // Replace what the dsl took as the prefix: an open string (with its quote) or the word.
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const open = /"(?:[^"\\]|\\.)*\\?$/.exec(before);
      const quotes = (before.replace(/\\./g, '').match(/"/g) ?? []).length;
      const prefix = open && quotes % 2 === 1 ? open[0] : (/[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? '');
      const range = new Range(position.lineNumber, position.column - prefix.length, position.lineNumber, position.column);
      return {
        suggestions: items.map((i) => ({
          label: i.label,
          kind: KIND[i.kind],
          detail: i.detail,
          insertText: i.insertText,
          sortText: i.sortText,
          filterText: i.label,
          range,
        })),
      };
    },
  });

  languages.registerHoverProvider(LANGUAGE_ID, {
    provideHover(model, position) {
      const hover = hoverAt(model.getValue(), { line: position.lineNumber, column: position.column }, optionsOf(model));
      if (!hover) return null;
      const r = hover.range;
      return { range: new Range(r.start.line, r.start.column, r.end.line, r.end.column), contents: [{ value: hover.contents }] };
    },
  });

  languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
    displayName: 'Rules formatter',
    provideDocumentFormattingEdits(model) {
      const { text } = formatRuleSet(model.getValue());
      if (text === null || text === model.getValue()) return [];
      return [{ range: model.getFullModelRange(), text }];
    },
  });

  languages.registerDocumentSymbolProvider(LANGUAGE_ID, {
    displayName: 'Rules',
    provideDocumentSymbols(model) {
      return outlineOf(model.getValue()).map((r) => ({
        name: r.name,
        detail: r.target ? `assign ${r.target}` : '',
        kind: languages.SymbolKind.Function,
        tags: [],
        range: new Range(r.line, r.column, r.endLine, r.endColumn),
        selectionRange: new Range(r.line, r.column, r.line, r.column + 4),
      }));
    },
  });

  // "did you mean" suggestions from the checker become quick fixes on their markers.
  languages.registerCodeActionProvider(LANGUAGE_ID, {
    provideCodeActions(model, _range, context) {
      const actions: Monaco.languages.CodeAction[] = [];
      for (const marker of context.markers) {
        const suggestion = suggestionOf(marker.message);
        if (!suggestion) continue;
        const range = new Range(marker.startLineNumber, marker.startColumn, marker.endLineNumber, marker.endColumn);
        const current = model.getValueInRange(range);
        const text = current.startsWith('"') && !suggestion.startsWith('"') ? `"${suggestion}"` : suggestion;
        actions.push({
          title: `Change to ${text.startsWith('"') ? text : `"${text}"`}`,
          kind: 'quickfix',
          diagnostics: [marker],
          isPreferred: true,
          edit: { edits: [{ resource: model.uri, versionId: model.getVersionId(), textEdit: { range, text } }] },
        });
      }
      return { actions, dispose() {} };
    },
  });
}

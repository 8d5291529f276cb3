'use client';
// The Monaco editor for one rule set's text. Loaded only in the browser (next/dynamic, ssr: false).
import Editor from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import type * as Monaco from 'monaco-editor/editor';
import { formatRuleSet, type CompletionOptions, type Diagnostic } from '../../dsl';
import { LANGUAGE_ID, THEME_ID, checkModel, clearModelOptions, setModelOptions, toMarkers } from './language';
import { monaco } from './monaco-setup';

/** What the page may do with the editor. */
export interface CodeEditorApi {
  /** Moves the cursor to a position, scrolls it into view and focuses the editor. */
  reveal(line: number, column?: number): void;
  /** Formats the document; false when the text does not parse, so there is nothing to lay out. */
  format(): boolean;
  setValue(text: string): void;
  getValue(): string;
}

const CHECK_DELAY_MS = 250;

export default function CodeEditor({
  modelPath,
  defaultValue,
  options,
  readOnly = false,
  onChange,
  onDiagnostics,
  onSave,
  onReady,
}: {
  /** One model per rule set, e.g. `rules/<id>.rules`. */
  modelPath: string;
  defaultValue: string;
  options: CompletionOptions;
  readOnly?: boolean;
  onChange: (text: string) => void;
  /** After each check: the diagnostics and the text they are for. */
  onDiagnostics: (diagnostics: Diagnostic[], text: string) => void;
  onSave?: () => void;
  onReady?: (api: CodeEditorApi) => void;
}) {
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ onDiagnostics, onSave, onChange });
  useEffect(() => {
    latest.current = { onDiagnostics, onSave, onChange };
  });

  // Checked in the browser, a moment after typing stops: no round trip.
  const check = (immediately = false) => {
    clearTimeout(timer.current);
    const run = () => {
      const model = editorRef.current?.getModel();
      if (!model) return;
      const diagnostics = checkModel(model);
      monaco.editor.setModelMarkers(model, 'rules', toMarkers(monaco, diagnostics));
      latest.current.onDiagnostics(diagnostics, model.getValue());
    };
    if (immediately) run();
    else timer.current = setTimeout(run, CHECK_DELAY_MS);
  };

  // New directory names or custom fields: check again with them.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    setModelOptions(model, options);
    check(true);
  }, [options]);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      const model = editorRef.current?.getModel();
      if (model) clearModelOptions(model);
    },
    [],
  );

  return (
    <Editor
      path={modelPath}
      defaultLanguage={LANGUAGE_ID}
      defaultValue={defaultValue}
      theme={THEME_ID}
      loading={<p className="muted re-loading">Loading the editor…</p>}
      options={{
        ariaLabel: 'Rule set source',
        readOnly,
        minimap: { enabled: false },
        fontSize: 13,
        tabSize: 2,
        insertSpaces: true,
        automaticLayout: true,
        scrollBeyondLastLine: false,
        fixedOverflowWidgets: true,
        wordBasedSuggestions: 'off',
        quickSuggestions: { other: true, strings: true, comments: false },
        renderValidationDecorations: 'on',
        lightbulb: { enabled: 'on' as never },
      }}
      onMount={(editor) => {
        editorRef.current = editor;
        const model = editor.getModel()!;
        setModelOptions(model, options);
        check(true);
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => latest.current.onSave?.());
        onReady?.({
          reveal(line, column = 1) {
            editor.setPosition({ lineNumber: line, column });
            editor.revealLineInCenter(line);
            editor.focus();
          },
          format() {
            if (formatRuleSet(model.getValue()).text === null) return false;
            void editor.getAction('editor.action.formatDocument')?.run();
            return true;
          },
          setValue(text) {
            editor.executeEdits('restore', [{ range: model.getFullModelRange(), text }]);
            editor.pushUndoStop();
          },
          getValue: () => model.getValue(),
        });
      }}
      onChange={(value) => {
        latest.current.onChange(value ?? '');
        check();
      }}
    />
  );
}

'use client';
// Monaco from the installed package, never from a CDN: @monaco-editor/react's loader is handed this
// instance, so it fetches nothing. The editor core with its features and no bundled languages (the
// rules language is ours); the one worker Monaco needs (diffs, links) is bundled from the package.
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import { registerRulesLanguage } from './language';

if (typeof self !== 'undefined') {
  self.MonacoEnvironment = {
    getWorker: () => new Worker(new URL('monaco-editor/editor/editor.worker.js', import.meta.url), { type: 'module', name: 'monaco-editor-worker' }),
  };
}
loader.config({ monaco: monaco as unknown as Parameters<typeof loader.config>[0]['monaco'] });
registerRulesLanguage(monaco);

export { monaco };

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// Import boundaries. The rules language and the engine's pure parts run anywhere (the simulate
// CLI, the browser's editor, tests without a database), so they import no UI, framework or
// database code; the UI reaches the database only through tRPC, so it imports nothing from
// drizzle/ (the closed value sets it needs are in engine/enums.ts). Type imports count too.
const FRAMEWORK_AND_DATABASE = [
  { group: ['react', 'react/**', 'react-dom', 'react-dom/**'], message: 'No React here: this module is pure.' },
  { group: ['next', 'next/**', 'server-only'], message: 'No Next.js here: this module is pure.' },
  {
    group: ['drizzle-orm', 'drizzle-orm/**', 'pg', 'pg/**', 'pg-boss', '@electric-sql/pglite', '@electric-sql/pglite/**'],
    message: 'No database code here: this module is pure (database work belongs in engine/dispatch, engine/queues, …).',
  },
  { group: ['**/drizzle', '**/drizzle/**', '@/drizzle', '@/drizzle/**'], message: 'No drizzle/ here: this module is pure (the closed value sets are in engine/enums.ts).' },
  { group: ['**/server', '**/server/**', '@/server', '@/server/**'], message: 'No server/ here: this module is pure.' },
  { group: ['**/components', '**/components/**', '@/components', '@/components/**'], message: 'No components/ here: this module is pure.' },
];

/** The engine's modules that import no database, React or Next.js code (see engine/README.md). */
const PURE_ENGINE = [
  'engine/flow/**',
  'engine/runner/**',
  'engine/cli/**',
  'engine/templates/**',
  'engine/principal.ts',
  'engine/enums.ts',
  'engine/errors.ts',
  'engine/limits.ts',
  'engine/db-errors.ts',
  'engine/audit/model.ts',
  'engine/directory/directory.schema.ts',
  'engine/queues/column-catalog.ts',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.next/**', '.next-*/**', 'drizzle/migrations/**', 'next-env.d.ts', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.tsx', '**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['dsl/**/*.ts', ...PURE_ENGINE],
    rules: { 'no-restricted-imports': ['error', { patterns: FRAMEWORK_AND_DATABASE }] },
  },
  {
    files: ['components/**/*.ts', 'components/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/drizzle', '**/drizzle/**', '@/drizzle', '@/drizzle/**'],
              message: 'Components reach the database through tRPC only; closed value sets are in engine/enums.ts.',
            },
          ],
        },
      ],
    },
  },
);

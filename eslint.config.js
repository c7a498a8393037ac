import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', '.cache', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // words people read come from the locale files: no literal text or labels in JSX
    files: ['client/**/*.tsx'],
    ignores: ['client/**/*.test.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': { include: ['aria-label', 'aria-description', 'title', 'placeholder', 'alt', 'label'] },
          // strings without a letter (icons, punctuation, digits) are not words
          words: { exclude: [/^[^\p{L}]*$/u] },
          message: 'User-visible text goes through t() and shared/i18n/locales.',
        },
      ],
      // inline styles follow the same rule as stylelint.config.js: logical properties only
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "JSXAttribute[name.name='style'] Property[key.name=/^(left|right|(margin|padding|border)(Left|Right)\\w*|borderTop(Left|Right)Radius|borderBottom(Left|Right)Radius)$/]",
          message: 'Use the logical property (marginInlineStart, insetInlineEnd …), so right-to-left layouts flip.',
        },
        {
          selector:
            "JSXAttribute[name.name='style'] Property[key.name=/^(float|clear|textAlign)$/][value.value=/^(left|right)$/]",
          message: 'Use start / end, so right-to-left layouts flip.',
        },
      ],
    },
  },
  {
    // the contract imports nothing from either side
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/client/**', '**/server/**', 'react', 'express', 'mongoose'] },
      ],
    },
  },
  {
    // REST routes exist only through route(key), whose key must have a rule in server/policy/rules.ts
    files: ['server/**/*.ts'],
    ignores: ['server/http/route.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.object.name=/^(router|api)$/][callee.property.name=/^(get|post|put|patch|delete|all)$/]",
          message: 'Register REST routes with route(router, key, handler) so the policy table guards them.',
        },
      ],
    },
  },
  {
    // a browser test's contexts are closed when it ends (test/e2e/fixtures.ts), not left running
    files: ['test/e2e/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@playwright/test',
              importNames: ['test'],
              message: "Import test from './fixtures.js': it closes the contexts a test opens.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', '**/*.test.ts', '*.config.ts'],
    rules: { 'no-console': 'off' },
  },
);

// ESLint 9 flat config: JavaScript and typescript-eslint recommended rules (type-aware on src/),
// and the layer order of src/ (docs/design.md §2).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './scripts/eslint-layers.mjs';

export default defineConfig(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'docs/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks what is deliberately unused (a destructured-away field).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // chai's property assertions (`expect(x).to.be.true`) are expressions by design; tests read
    // JSON bodies of every shape, where `any` says "whatever the server sent" honestly.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Browser code: the widget, its tests and the demo pages.
    files: ['src/**', 'test/**/*.ts', 'demo/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Node code: scripts, configs, the mock and the host route, Node tests.
    files: ['scripts/**', 'demo/**/*.{js,mjs}', 'test/**/*.mjs', '*.{js,mjs,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // End-to-end tests and the scripts that drive Chromium run in Node but hand callbacks to the page (`page.evaluate`).
    files: ['test/e2e/**', 'scripts/bench*.mjs', 'scripts/pack-check.mjs'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // Type-aware rules for the product only: in tests, chai's thenable assertions make
    // no-floating-promises flag every `expect(…)`, and typing every test costs more time.
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { layers },
    rules: { 'layers/ordered-imports': 'error' },
  },
);

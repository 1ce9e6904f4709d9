// The repo's ESLint config (ESLint 9 flat config), found through /eslint.config.mjs.
// TypeScript files get typescript-eslint's type-aware rules, typed by the same tsconfig.json that
// `pnpm typecheck` uses for them (the project service finds it). JavaScript files get the same
// rules except no-unsafe-*, typed by tools/eslint/tsconfig.js.json unless a package tsconfig
// already includes them. Prettier owns formatting, so eslint-config-prettier
// comes last.
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

const TS = ['**/*.ts', '**/*.mts', '**/*.cts'];
const JS = ['**/*.js', '**/*.mjs', '**/*.cjs'];
const TESTS = ['**/*.test.ts', '**/*.test.mjs', '**/*.test-kit.ts', '**/test-support/**', '**/test/**'];
// Code that ships or runs in the widget, the BFF or the demo page: it logs through the logger
// (or not at all), never with console.log.
const LIBRARY = ['packages/*/src/**', 'demo/src/**'];
const BROWSER = ['packages/auth-login/src/**', 'demo/src/**'];

// JavaScript files that no package tsconfig includes; they get the default project.
// (demo/tsconfig.json has allowJs and includes demo/scripts.)
const LOOSE_JS = [
  '*.mjs',
  'scripts/*.mjs',
  'scripts/*.d.mts',
  'tools/*/*.mjs',
  'packages/*/*.mjs',
  'packages/*/bin/*.js',
  'packages/*/bench/*.mjs',
  'packages/*/scripts/*.mjs',
  'packages/*/test-support/*.mjs',
  'packages/*/test/support/*.mjs',
];

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/coverage/**', '**/.artifacts/**', '**/node_modules/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          allowDefaultProject: LOOSE_JS,
          defaultProject: 'tools/eslint/tsconfig.js.json',
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 40,
        },
        tsconfigRootDir: root,
      },
    },
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  comments.recommended,
  {
    rules: {
      // Focused tests left behind silently skip the rest of a suite.
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test', 'suite'].map((object) => ({
          object,
          property: 'only',
          message: 'Focused test (.only) left in.',
        })),
      ],
      'no-debugger': 'error',
      // Every eslint-disable says why (`-- reason`) and names its rules; unused ones are errors
      // (linterOptions above).
      '@eslint-community/eslint-comments/require-description': 'error',
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
      // Unused bindings: TypeScript's noUnused* already reports them in TS files; in JS this rule
      // does. Leading underscores mark the intentionally unused.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // A handler that returns a promise is fine where the caller ignores the result (Node's
      // EventEmitter and the DOM's addEventListener); a promise where a condition is expected is not.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      // Bug catchers from strictTypeChecked, without its stylistic rules.
      '@typescript-eslint/no-deprecated': 'error',
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
  {
    files: TS,
    rules: {
      // With verbatimModuleSyntax an import is kept exactly as written: type-only imports must say
      // so (inline `type` is the house style), and an import of types only must be `import type`,
      // not `import { type A }`, which would keep a side-effect import of the module at runtime.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/consistent-type-exports': ['error', { fixMixedExportsWithInlineTypeSpecifier: true }],
    },
  },
  {
    // JavaScript has no type annotations, so values from JSON.parse and friends are `any` by
    // design there; the no-unsafe-* rules would only restate that.
    files: JS,
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: BROWSER,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Node scripts that drive a browser: their page.evaluate / waitForFunction callbacks run in the
    // page, where `document` exists. Only that global: the rest of the file is Node.
    files: ['packages/auth-login/test-support/*.mjs'],
    languageOptions: { globals: { document: 'readonly' } },
  },
  {
    files: LIBRARY,
    ignores: TESTS,
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
  {
    // The widget's browser tests assert with chai, whose property assertions (`.to.exist`,
    // `.to.be.true`) are expressions by design.
    files: ['packages/auth-login/src/**/*.test.ts', 'packages/auth-login/src/test-support/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['packages/auth-login/src/**/*.ts', 'demo/src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['packages/auth-login/src/**/*.ts', 'demo/src/**/*.ts'],
    ...litA11y.configs.recommended,
  },
  prettier,
);

#!/usr/bin/env node
// Runs the repo's ESLint from any package: `node ../../tools/eslint/eslint.mjs [eslint args]`.
// ESLint and typescript-eslint live in this private package so that typescript-eslint gets the
// TypeScript 6 JS API it needs, while the build and `pnpm typecheck` keep TypeScript 7.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const eslintDir = dirname(require.resolve('eslint/package.json'));
await import(pathToFileURL(join(eslintDir, 'bin', 'eslint.js')).href);

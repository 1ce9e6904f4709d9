// ESLint's flat config lives with its dependencies in tools/eslint; this file lets ESLint (and
// editors) find it from anywhere in the repo.
export { default } from './tools/eslint/eslint.config.mjs';

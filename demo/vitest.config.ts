import { defineConfig } from 'vitest/config';

// End-to-end tests: one real demo server (simulators + BFFs + Vite) and one real Chromium per
// file, so files run one after another (docs/development.md §6).
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

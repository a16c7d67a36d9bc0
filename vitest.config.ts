import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A fresh PGlite takes seconds to initdb in WASM; one per test file, created in beforeAll.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

// One runner for every tier: pure unit tests, database tests (SQLite and PostgreSQL),
// HTTP tests and browser tests in Debian's Chromium. Files run in parallel processes;
// tests that share a PostgreSQL database isolate themselves by schema.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

/**
 * Test options shared by both suites. Integration tests open a whole database per file (PGlite
 * takes ~800 MB and a few seconds to start), so at most two files run at once on a two-core
 * machine, each in its own process.
 */
export const sharedTestOptions = {
  environment: 'node',
  pool: 'forks',
  maxWorkers: 2,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // The seeded database every integration test file starts from, made once per run.
  globalSetup: './test/global-setup.ts',
} as const;

/** `npm test`: unit tests beside the code, and the integration tests on in-memory PGlite. */
export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});

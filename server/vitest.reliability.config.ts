import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from './vitest.config.js';

/**
 * The in-process part of `npm run test:reliability` (IDOR walk, upload abuse, fuzz over the
 * OpenAPI document), on PostgreSQL like test:pg: each file creates its own database from the
 * run's seeded template on the server named by TEST_DATABASE_URL and drops it afterwards.
 */
if (!process.env.TEST_DATABASE_URL) {
  throw new Error(
    'TEST_DATABASE_URL is not set: the reliability suite needs a PostgreSQL server whose user may CREATE DATABASE, ' +
      'e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run --config vitest.reliability.config.ts',
  );
}

export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ['reliability/**/*.test.ts'],
  },
});

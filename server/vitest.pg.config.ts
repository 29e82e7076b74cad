import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from './vitest.config.js';

/**
 * `npm run test:pg`: the same integration tests on PostgreSQL. Each test file creates its own
 * database on the server named by TEST_DATABASE_URL and drops it afterwards.
 */
if (!process.env.TEST_DATABASE_URL) {
  throw new Error(
    'TEST_DATABASE_URL is not set: test:pg needs a PostgreSQL server whose user may CREATE DATABASE, ' +
      'e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run test:pg -w server',
  );
}

export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ['test/**/*.test.ts'],
  },
});

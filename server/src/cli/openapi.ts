/**
 * Writes the OpenAPI document generated from the Zod route schemas to openapi.json at the
 * repository root (or to the path given as the first argument). CI compares the two.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/client.js';
import type { Deps } from '../platform/context.js';
import { Jobs } from '../platform/jobs.js';

const target = resolve(process.argv[2] ?? fileURLToPath(new URL('../../../openapi.json', import.meta.url)));
// Registering routes touches no database; the document is built from the schemas alone.
const deps = {
  config: { ...loadConfig({}), WEB_DIST: '' },
  clock: () => new Date(),
  // Handlers are registered, never started.
  jobs: new Jobs({} as Database),
} as unknown as Deps;
const app = await buildApp(deps, { logger: false });
await app.ready();
writeFileSync(target, `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
process.stdout.write(`OpenAPI document written to ${target}\n`);

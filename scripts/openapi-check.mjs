// CI check: the committed openapi.json and the generated web client must match the Zod schemas.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'linli-openapi-'));
const fresh = join(dir, 'openapi.json');
const gen = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli/openapi.ts', fresh], {
  cwd: root,
  stdio: 'inherit',
});
if (gen.status !== 0) process.exit(gen.status ?? 1);
const client = join(dir, 'schema.d.ts');
const types = spawnSync(join(root, 'node_modules/.bin/openapi-typescript'), [fresh, '-o', client], {
  cwd: root,
  stdio: 'inherit',
});
if (types.status !== 0) process.exit(types.status ?? 1);

let drift = false;
for (const [committed, generated] of [
  ['openapi.json', fresh],
  ['web/src/api/schema.d.ts', client],
]) {
  if (readFileSync(join(root, committed), 'utf8') !== readFileSync(generated, 'utf8')) {
    process.stderr.write(`${committed} is out of date: run \`npm run openapi\` and commit the result\n`);
    drift = true;
  }
}
if (drift) process.exit(1);
process.stdout.write('openapi.json and the web client match the route schemas\n');

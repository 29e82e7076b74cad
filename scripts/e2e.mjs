// npm run test:e2e: builds the web UI, then runs the browser journeys in e2e/ one file at a time
// (each file starts its own server on a copy of an embedded database seeded once with the demo
// data, and drives Debian's Chromium).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  process.stderr.write(`Chromium not found at ${chromium}: apt-get install -y chromium fonts-noto-cjk\n`);
  process.exit(1);
}
const build = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const only = process.argv.slice(2);
const specs = readdirSync(join(root, 'e2e'))
  .filter((f) => f.endsWith('.spec.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .map((f) => join('e2e', f));
// The demo data is seeded once for the run (e2e/support.ts: templateCopy) and copied per file.
const template = mkdtempSync(join(tmpdir(), 'linli-e2e-template-'));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...specs], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, E2E_TEMPLATE_DIR: template },
});
rmSync(template, { recursive: true, force: true });
process.exit(result.status ?? 1);

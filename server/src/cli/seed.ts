/**
 * npm run seed -- demo   seeds the Chinese demo data into the configured database (PGlite by
 * default, or DATABASE_URL). Refuses when the database already has users, so it never mixes
 * demo accounts into real data.
 *
 * npm run seed -- --scale tiny|small|medium|large [--seed N]   builds the measurement data set
 * (db/seeds/scale) with bulk inserts, printing rows per second per table. Refuses a database
 * that already holds projects, customers or tickets; large needs PostgreSQL.
 */
import { loadConfig } from '../config.js';
import { openPglite, openPostgres } from '../db/client.js';
import { lockDataDir } from '../db/lock.js';
import { bootstrap } from '../db/seeds/bootstrap.js';
import { demoUsers, seedDemo } from '../db/seeds/demo.js';
import { generateScale, ScaleSeedRefused, scaleStaffPassword } from '../db/seeds/scale/generate.js';
import { type Scale, scales } from '../db/seeds/scale/scale.js';
import { createDeps } from '../deps.js';
import { loadMasterKey, Secrets } from '../platform/secrets.js';

const args = process.argv.slice(2);
const usage =
  '用法 / usage: npm run seed -- demo\n' + '             npm run seed -- --scale tiny|small|medium|large [--seed N]\n';
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const scaleArg = option('--scale');
const seedArg = option('--seed') ?? '1';
if (scaleArg !== undefined) {
  if (!(scales as readonly string[]).includes(scaleArg) || !/^\d{1,9}$/.test(seedArg)) {
    process.stderr.write(usage);
    process.exit(2);
  }
  await seedScale(scaleArg as Scale, Number(seedArg));
  process.exit(process.exitCode ?? 0);
}
if (args[0] !== 'demo') {
  process.stderr.write(usage);
  process.exit(2);
}
const config = loadConfig();
const unlock = config.DATABASE_URL ? undefined : lockDataDir(config.dataDir);
const database = config.DATABASE_URL ? await openPostgres(config.DATABASE_URL) : await openPglite(config.dbDir);
try {
  await database.migrate();
  const deps = createDeps(database, config, new Secrets(loadMasterKey(config.SECRET_KEY, config.keyFile)));
  const boot = await bootstrap(deps);
  if (!boot.empty) {
    process.stderr.write('数据库中已有用户，不写入演示数据 / the database already has users; demo data not seeded\n');
    process.exitCode = 1;
  } else {
    const demo = await seedDemo(deps, config.DEMO_PASSWORD);
    process.stdout.write(
      `演示数据已写入 / demo data seeded. 账号 / logins: ${demoUsers.map((u) => u.username).join(', ')}\n`,
    );
    process.stdout.write(`演示密码 / demo password: ${demo.password}\n`);
  }
} finally {
  await database.close();
  unlock?.();
}

async function seedScale(scale: Scale, seed: number): Promise<void> {
  const config = loadConfig();
  const unlock = config.DATABASE_URL ? undefined : lockDataDir(config.dataDir);
  const database = config.DATABASE_URL ? await openPostgres(config.DATABASE_URL) : await openPglite(config.dbDir);
  const lastPrinted = new Map<string, number>();
  try {
    const secrets = new Secrets(loadMasterKey(config.SECRET_KEY, config.keyFile));
    process.stdout.write(`压测数据 / scale data: ${scale}, seed ${seed}, ${database.kind}\n`);
    const summary = await generateScale(database, secrets, {
      scale,
      seed,
      now: new Date(),
      onProgress: ({ table, rows, total, rowsPerSecond }) => {
        const t = performance.now();
        const final = total > 0 && rows >= total;
        if (!final && t - (lastPrinted.get(table) ?? 0) < 1000) return;
        lastPrinted.set(table, t);
        const of = total > 0 ? `/${total}` : '';
        process.stdout.write(`  ${table.padEnd(22)} ${String(rows).padStart(9)}${of} rows  ${rowsPerSecond} rows/s\n`);
      },
    });
    const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `完成 / done in ${summary.seconds} s: ${total} rows (${Math.round(total / summary.seconds)} rows/s)\n`,
    );
    for (const [table, rows] of Object.entries(summary.rows)) process.stdout.write(`  ${table.padEnd(22)} ${rows}\n`);
    process.stdout.write(
      `员工账号 / staff logins: gen_admin, gen_agent011, gen_supervisor001, gen_handler0011 …  密码 / password: ${scaleStaffPassword(seed)}\n`,
    );
  } catch (error) {
    if (!(error instanceof ScaleSeedRefused)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } finally {
    await database.close();
    unlock?.();
  }
}

/**
 * npm run seed -- demo   seeds the Chinese demo data into the configured database (PGlite by
 * default, or DATABASE_URL). Refuses when the database already has users, so it never mixes
 * demo accounts into real data.
 */
import { loadConfig } from '../config.js';
import { openPglite, openPostgres } from '../db/client.js';
import { lockDataDir } from '../db/lock.js';
import { bootstrap } from '../db/seeds/bootstrap.js';
import { demoUsers, seedDemo } from '../db/seeds/demo.js';
import { ParameterService } from '../modules/parameter/parameter.service.js';
import { FileStore } from '../platform/files.js';
import { Jobs } from '../platform/jobs.js';
import { loadMasterKey, Secrets } from '../platform/secrets.js';

const scenario = process.argv[2];
if (scenario !== 'demo') {
  process.stderr.write('用法 / usage: npm run seed -- demo\n');
  process.exit(2);
}
const config = loadConfig();
const unlock = config.DATABASE_URL ? undefined : lockDataDir(config.dataDir);
const database = config.DATABASE_URL ? await openPostgres(config.DATABASE_URL) : await openPglite(config.dbDir);
try {
  await database.migrate();
  const deps = {
    db: database.db,
    database,
    config,
    clock: () => new Date(),
    parameters: new ParameterService(database.db),
    secrets: new Secrets(loadMasterKey(config.SECRET_KEY, config.keyFile)),
    jobs: new Jobs(database),
    files: new FileStore(config.filesDir),
  };
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

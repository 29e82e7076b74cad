import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { type Database, isFatalDatabaseError, openPglite, openPostgres } from './db/client.js';
import { DataDirLockedError, lockDataDir } from './db/lock.js';
import { bootstrap, createInitialAdmin } from './db/seeds/bootstrap.js';
import { demoUsers, seedDemo } from './db/seeds/demo.js';
import { createDeps } from './deps.js';
import { purgeAudit } from './platform/audit-retention.js';
import { MasterKeyMismatchError, masterKeyFits } from './platform/master-key.js';
import { loadMasterKey, Secrets } from './platform/secrets.js';

async function main(): Promise<void> {
  const config = loadConfig();
  config.WEB_DIST ??= fileURLToPath(new URL('../../web/dist', import.meta.url));

  mkdirSync(config.filesDir, { recursive: true });
  let unlock: (() => void) | undefined;
  let database: Database;
  if (config.DATABASE_URL) {
    database = await openPostgres(config.DATABASE_URL);
  } else {
    unlock = lockDataDir(config.dataDir);
    database = await openPglite(config.dbDir);
  }
  await database.migrate();

  const deps = createDeps(database, config, new Secrets(loadMasterKey(config.SECRET_KEY, config.keyFile)));
  if (!(await masterKeyFits(deps.db, deps.secrets))) {
    await database.close();
    unlock?.();
    throw new MasterKeyMismatchError();
  }
  const boot = await bootstrap(deps);
  let demo: { password: string; generated: boolean } | null = null;
  let adminPassword: string | undefined;
  // Demo data goes only into the embedded database; a PostgreSQL installation starts with one
  // administrator (or gets demo data on request: npm run seed -- demo).
  if (boot.empty && database.kind === 'pglite') demo = await seedDemo(deps, config.DEMO_PASSWORD);
  else if (boot.empty) adminPassword = await createInitialAdmin(deps);

  const app = await buildApp(deps);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      await deps.jobs.stop();
      await database.close();
    } finally {
      unlock?.();
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    if (isFatalDatabaseError(reason)) {
      app.log.fatal({ err: reason }, 'embedded database aborted');
      void shutdown('fatal');
    }
  });

  await app.listen({ port: config.PORT, host: config.HOST });
  // Background jobs left from before a restart (an import cut short) resume here.
  await deps.jobs.start();

  // Audit retention runs at start and daily; deleting what is past retention is idempotent, so
  // several instances doing it at once is harmless.
  const purge = () =>
    purgeAudit(deps)
      .then((r) => r.removed && app.log.info({ removed: r.removed }, 'audit entries past retention removed'))
      .catch((err: unknown) => app.log.error({ err }, 'audit retention purge failed'));
  void purge();
  setInterval(purge, 86_400_000).unref();
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`;
  const lines = [
    '',
    `  邻里 Linli 已启动 / is running:  ${url}`,
    `  数据库 / database: ${database.kind === 'pglite' ? `PGlite (${join(config.dataDir, 'db')})` : 'PostgreSQL'}`,
  ];
  if (adminPassword) {
    lines.push(`  初始管理员 / initial administrator: admin  密码 / password: ${adminPassword}  (首次登录须修改)`);
  }
  if (database.kind === 'pglite' || demo) {
    lines.push('  演示账号 / demo logins:');
    for (const u of demoUsers) lines.push(`    ${u.username.padEnd(12)} ${u.roleLabel}`);
    if (demo) {
      lines.push(
        `  演示密码 / demo password: ${demo.password}${demo.generated ? '  (随机生成，仅显示这一次；可用 DEMO_PASSWORD 指定)' : ''}`,
      );
    } else {
      lines.push(
        '  演示密码见首次启动时的输出，或使用 DEMO_PASSWORD 所设的值 / demo password: as printed at first start',
      );
    }
  }
  if (database.kind === 'pglite') {
    lines.push('  提示：内置数据库不做 fsync，正式数据请使用 PostgreSQL（DATABASE_URL）。');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof MasterKeyMismatchError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `启动失败 / failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

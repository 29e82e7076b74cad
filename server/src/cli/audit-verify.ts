/** npm run audit:verify — walks the audit hash chain and exits non-zero when it is broken. */
import { loadConfig } from '../config.js';
import { openPglite, openPostgres } from '../db/client.js';
import { lockDataDir } from '../db/lock.js';
import { verifyAuditChain } from '../platform/audit-verify.js';

const config = loadConfig();
const unlock = config.DATABASE_URL ? undefined : lockDataDir(config.dataDir);
const database = config.DATABASE_URL ? await openPostgres(config.DATABASE_URL) : await openPglite(config.dbDir);
try {
  const report = await verifyAuditChain(database.db);
  if (report.ok) {
    process.stdout.write(
      `审计日志哈希链完整 / audit chain intact: ${report.checked} entries (seq ${report.firstSeq ?? '-'}…${report.lastSeq ?? '-'})\n`,
    );
  } else {
    process.stdout.write(
      `审计日志哈希链断裂 / audit chain BROKEN at seq ${report.broken?.seq} (${report.broken?.reason}); ${report.checked} entries verified before it\n`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
  unlock?.();
}

import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { ParameterService } from './modules/parameter/parameter.service.js';
import type { Clock, Deps } from './platform/context.js';
import { FileStore } from './platform/files.js';
import { Jobs } from './platform/jobs.js';
import type { Secrets } from './platform/secrets.js';

/**
 * The services every module receives, over an opened database: the server, the seed and bench
 * commands, the reliability suite and the tests all build them here.
 */
export function createDeps(
  database: Database,
  config: Config,
  secrets: Secrets,
  options: { clock?: Clock; jobPollingSeconds?: number } = {},
): Deps {
  return {
    db: database.db,
    database,
    config,
    clock: options.clock ?? (() => new Date()),
    parameters: new ParameterService(database.db),
    secrets,
    jobs: new Jobs(
      database,
      options.jobPollingSeconds === undefined ? {} : { pollingIntervalSeconds: options.jobPollingSeconds },
    ),
    files: new FileStore(config.filesDir),
  };
}

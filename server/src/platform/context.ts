import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { ParameterService } from '../modules/parameter/parameter.service.js';
import type { FileStore } from './files.js';
import type { Jobs } from './jobs.js';
import type { Locale } from './locale.js';
import type { Permission } from './permissions.js';
import type { DataScope } from './scope.js';
import type { Secrets } from './secrets.js';

export type Clock = () => Date;

/** What every service receives: the database, configuration, clock and shared services. */
export interface Deps {
  db: Db;
  database: Database;
  config: Config;
  clock: Clock;
  parameters: ParameterService;
  secrets: Secrets;
  jobs: Jobs;
  files: FileStore;
}

export interface Actor {
  id: string;
  username: string;
  name: string;
  permissions: ReadonlySet<Permission>;
  scope: DataScope;
  sessionId: string;
  mustChangePassword: boolean;
}

/** Who is asking, from where, in which language: built once per request by the auth hook. */
export interface RequestContext {
  actor: Actor | null;
  ip: string;
  requestId: string;
  locale: Locale;
}

export interface AuthedContext extends RequestContext {
  actor: Actor;
}

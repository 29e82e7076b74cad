import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Environment → typed configuration. Every setting is validated once at start so that a
 * mistyped value stops the process with a message naming the variable, not a stack trace later.
 */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Failed logins allowed per client IP and window; success does not count (a call center behind one NAT logs in together at 09:00). */
  LOGIN_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(6),
  LOGIN_FAILURES_PER_HOUR: z.coerce.number().int().min(1).default(30),
  /** Set when the site is served over HTTPS (directly or behind a proxy): cookies get the Secure flag. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Master key for encrypted personal fields: base64 of 32 bytes. Unset: a key file is made in
   * DATA_DIR at first start. Several instances on one database must share one key.
   */
  SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be the base64 encoding of 32 bytes')
    .optional(),
  /**
   * Where uploaded files are kept (default DATA_DIR/files). Several instances must share it
   * (a network directory), since a job may run on another instance than the one that took the upload.
   */
  FILES_DIR: z.string().optional(),
  /** Largest spreadsheet accepted for import, in megabytes. */
  IMPORT_MAX_MB: z.coerce.number().int().min(1).max(1024).default(50),
  /**
   * Demonstration tools (POST /api/tickets/{id}/sla/fast-forward: fire a ticket's pending time
   * limits now). Off by default; `npm start` on the embedded demo database turns it on.
   */
  DEMO_TOOLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Shared secret of the telephony link (POST /api/cti/events, HMAC-SHA256). Unset: derived from
   * the master key (HKDF), so a fresh install and the simulator work with no setting; set it to
   * connect a real switch or cloud telephony service (docs/OPERATIONS.md).
   */
  CTI_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Telephony events accepted per source IP and minute (in-process limiter, per instance). */
  CTI_EVENTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Directory with the built web UI; empty disables static serving (API only). */
  WEB_DIST: z.string().optional(),
});

export type Config = z.infer<typeof configSchema> & {
  dataDir: string;
  dbDir: string;
  filesDir: string;
  keyFile: string;
  database: 'pglite' | 'postgresql';
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dataDir = isAbsolute(c.DATA_DIR) ? c.DATA_DIR : resolve(process.cwd(), c.DATA_DIR);
  return {
    ...c,
    dataDir,
    dbDir: resolve(dataDir, 'db'),
    filesDir: c.FILES_DIR ? resolve(process.cwd(), c.FILES_DIR) : resolve(dataDir, 'files'),
    keyFile: resolve(dataDir, 'secret.key'),
    database: c.DATABASE_URL ? 'postgresql' : 'pglite',
  };
}

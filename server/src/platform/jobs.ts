import { fromPglite, type Job, PgBoss } from 'pg-boss';
import type { Database } from '../db/client.js';

export interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface QueueOptions {
  /** Attempts after the first failure, with exponential backoff. */
  retryLimit?: number;
  /** How long one attempt may run before pg-boss takes it back and retries it. */
  expireInSeconds?: number;
}

type Handler = (data: Record<string, unknown>, job: Job<Record<string, unknown>>) => Promise<void>;

/**
 * Durable background work (imports, the every-minute SLA sweep; sends later) as rows in the database
 * through pg-boss, on PostgreSQL and on the embedded PGlite alike. A job survives a restart: an
 * attempt that dies with the process expires and runs again, so every handler is idempotent.
 *
 * Modules register handlers while the app is built; `start()` (at startup, so jobs left from
 * before a restart are picked up) makes the queues and starts the workers; `send()` starts them
 * too if nothing has yet. Every instance works: pg-boss hands each job to one of them.
 */
export class Jobs {
  private readonly handlers = new Map<string, { handler: Handler; options: QueueOptions }>();
  private readonly schedules = new Map<string, string>();
  private readonly onStart: (() => Promise<void> | void)[] = [];
  private boss: PgBoss | undefined;
  private starting: Promise<PgBoss> | undefined;
  private workersStarted = false;

  private log: JobLogger = { info: () => {}, error: () => {} };

  constructor(
    private readonly database: Database,
    private readonly options: { pollingIntervalSeconds?: number } = {},
  ) {}

  /** The app's logger, once the app exists. */
  useLogger(log: JobLogger): void {
    this.log = log;
  }

  handle<T extends Record<string, unknown>>(
    queue: string,
    handler: (data: T, job: Job<T>) => Promise<void>,
    options: QueueOptions = {},
  ): void {
    this.handlers.set(queue, { handler: handler as unknown as Handler, options });
    if (this.workersStarted) void this.startWorker(queue);
  }

  /**
   * A recurring job (cron, UTC): pg-boss keeps the schedule in the database and sends each
   * occurrence once, to one instance, however many run. Applied when the workers start.
   */
  schedule(queue: string, cron: string): void {
    this.schedules.set(queue, cron);
    if (this.workersStarted) void this.applySchedule(queue, cron);
  }

  /**
   * Work to begin once this instance processes jobs (the message sender's prompt kick): not in
   * tests that never start the workers, so those drive such work themselves.
   */
  whenStarted(fn: () => Promise<void> | void): void {
    this.onStart.push(fn);
    if (this.workersStarted)
      void Promise.resolve(fn()).catch((err: unknown) => this.log.error({ err }, 'start hook failed'));
  }

  get started(): boolean {
    return this.workersStarted;
  }

  async start(): Promise<void> {
    await this.ready();
    if (this.workersStarted) return;
    this.workersStarted = true;
    for (const queue of this.handlers.keys()) await this.startWorker(queue);
    for (const [queue, cron] of this.schedules) await this.applySchedule(queue, cron);
    for (const fn of this.onStart) {
      try {
        await fn();
      } catch (err) {
        this.log.error({ err }, 'start hook failed');
      }
    }
  }

  private async applySchedule(queue: string, cron: string): Promise<void> {
    const boss = await this.ready();
    if (!(await boss.getQueue(queue))) await boss.createQueue(queue);
    const options = this.handlers.get(queue)?.options ?? {};
    await boss.schedule(queue, cron, null, {
      retryLimit: options.retryLimit ?? 0,
      expireInSeconds: options.expireInSeconds ?? 15 * 60,
    });
  }

  async send(queue: string, data: Record<string, unknown>): Promise<string> {
    await this.start();
    const boss = await this.ready();
    const options = this.handlers.get(queue)?.options ?? {};
    const id = await boss.send(queue, data, {
      retryLimit: options.retryLimit ?? 3,
      retryBackoff: true,
      retryDelay: 5,
      expireInSeconds: options.expireInSeconds ?? 15 * 60,
      // The worker beats while it runs; a job whose process died is retried within about a
      // minute instead of waiting out its expiry.
      heartbeatSeconds: 30,
    });
    if (!id) throw new Error(`job for ${queue} was not created`);
    return id;
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    this.starting = undefined;
    this.workersStarted = false;
    if (boss) await boss.stop({ graceful: true, timeout: 5000 });
  }

  private ready(): Promise<PgBoss> {
    this.starting ??= (async () => {
      const boss =
        this.database.kind === 'pglite' && this.database.pglite
          ? new PgBoss({ db: fromPglite(this.database.pglite), backend: 'pglite' } as never)
          : new PgBoss({ connectionString: this.database.url, max: 3, application_name: 'linli-jobs' });
      boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
      await boss.start();
      for (const queue of this.handlers.keys()) {
        if (!(await boss.getQueue(queue))) await boss.createQueue(queue);
      }
      this.boss = boss;
      return boss;
    })();
    return this.starting;
  }

  private async startWorker(queue: string): Promise<void> {
    const boss = await this.ready();
    const entry = this.handlers.get(queue);
    if (!entry) return;
    if (!(await boss.getQueue(queue))) await boss.createQueue(queue);
    await boss.work<Record<string, unknown>>(
      queue,
      { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2, batchSize: 1 },
      async ([job]) => {
        if (!job) return;
        try {
          await entry.handler(job.data, job);
        } catch (err) {
          this.log.error({ err, queue, jobId: job.id }, 'job failed');
          throw err;
        }
      },
    );
  }
}

import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../client.js';

/**
 * Bulk writing for the scale generator: rows are buffered per table and sent in batches of a
 * few thousand over one connection inside one transaction — multi-row INSERT statements of
 * literal values through PGlite's `exec`, or COPY … FROM STDIN (text format) on a dedicated
 * client of the pg pool on PostgreSQL, where the next batch is generated while the previous one
 * is being written.
 */
export type Value = string | number | boolean | null | Date | readonly string[];

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

export function literal(value: Value): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return quote(value.toISOString());
  if (Array.isArray(value))
    return quote(`{${value.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`);
  return quote(value as string);
}

/** A value in COPY's text format: \\N for null, backslash escapes for tab, newline and backslash. */
export function copyText(value: Value): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  const text = Array.isArray(value)
    ? `{${value.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`
    : (value as string);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export interface Progress {
  table: string;
  rows: number;
  total: number;
  rowsPerSecond: number;
}

interface TableBuffer {
  columns: string;
  rows: string[];
  written: number;
  total: number;
  started: number;
}

export class BulkWriter {
  private readonly tables = new Map<string, TableBuffer>();
  private client: pg.PoolClient | null = null;
  /** Statements sent but not yet acknowledged (PostgreSQL pipelines up to two). */
  private inFlight: Promise<unknown>[] = [];
  readonly counts: Record<string, number> = {};

  constructor(
    private readonly database: Database,
    private readonly onProgress: ((p: Progress) => void) | undefined,
    private readonly batchRows = 2000,
  ) {}

  async begin(): Promise<void> {
    if (this.database.pool) {
      this.client = await this.database.pool.connect();
      await this.client.query('BEGIN');
      // The bulk load is one transaction: a crash leaves nothing half-written.
      await this.client.query('SET LOCAL synchronous_commit = off');
    } else {
      await this.exec('BEGIN');
    }
  }

  async commit(): Promise<void> {
    await this.flushAll();
    await this.drain();
    await this.exec('COMMIT');
    this.release();
  }

  async rollback(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    this.inFlight = [];
    await this.exec('ROLLBACK').catch(() => {});
    this.release();
  }

  private release() {
    this.client?.release();
    this.client = null;
  }

  /** Runs one statement on the writer's connection (after what is queued). */
  async exec(sql: string): Promise<void> {
    await this.drain();
    await this.send(sql);
  }

  async query<T>(sql: string): Promise<T[]> {
    await this.drain();
    if (this.client) return (await this.client.query(sql)).rows as T[];
    const pglite = this.database.pglite;
    if (!pglite) throw new Error('scale seed: no connection');
    return (await pglite.query<T>(sql)).rows;
  }

  private async send(sql: string): Promise<void> {
    try {
      await this.sendRaw(sql);
    } catch (error) {
      // The statement is megabytes of values: name the table and the cause, not the whole text.
      const e = error as { message?: string; detail?: string };
      throw new Error(
        `scale seed: ${sql.slice(0, 60)}… failed: ${e.message ?? String(error)} ${e.detail ?? ''}`.trim(),
      );
    }
  }

  private async copy(table: string, columns: string, data: string): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('scale seed: COPY needs PostgreSQL');
    try {
      const stream = client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`));
      await pipeline(async function* () {
        yield Buffer.from(data, 'utf8');
      }, stream);
    } catch (error) {
      const e = error as { message?: string; detail?: string };
      throw new Error(`scale seed: COPY ${table} failed: ${e.message ?? String(error)} ${e.detail ?? ''}`.trim());
    }
  }

  private async sendRaw(sql: string): Promise<void> {
    if (this.client) {
      await this.client.query(sql);
      return;
    }
    const pglite = this.database.pglite;
    if (!pglite) throw new Error('scale seed: no connection');
    await pglite.exec(sql);
  }

  private async drain(): Promise<void> {
    const pending = this.inFlight;
    this.inFlight = [];
    await Promise.all(pending);
  }

  /** Declares a table with its columns (snake_case, in the order of the values) and expected total. */
  table(name: string, columns: readonly string[], total: number): void {
    this.tables.set(name, { columns: columns.join(', '), rows: [], written: 0, total, started: performance.now() });
    this.counts[name] = 0;
  }

  /** Buffers one row; the caller flushes (in foreign-key order) when `full` says so. */
  add(name: string, values: readonly Value[]): void {
    const t = this.tables.get(name);
    if (!t) throw new Error(`scale seed: table ${name} not declared`);
    t.rows.push(this.client ? values.map(copyText).join('\t') : `(${values.map(literal).join(',')})`);
  }

  full(name: string): boolean {
    return (this.tables.get(name)?.rows.length ?? 0) >= this.batchRows;
  }

  async flush(name: string): Promise<void> {
    const t = this.tables.get(name);
    if (!t || t.rows.length === 0) return;
    const rows = t.rows;
    t.rows = [];
    for (let i = 0; i < rows.length; i += this.batchRows * 2) {
      const chunk = rows.slice(i, i + this.batchRows * 2);
      if (this.client) {
        // Pipelined: at most two batches outstanding while the next one is generated.
        if (this.inFlight.length >= 2) await this.inFlight.shift();
        const sent = this.copy(name, t.columns, `${chunk.join('\n')}\n`);
        // Awaited later (drain); this only keeps a failure from being reported as unhandled meanwhile.
        sent.catch(() => {});
        this.inFlight.push(sent);
      } else {
        await this.send(`INSERT INTO ${name} (${t.columns}) VALUES ${chunk.join(',')}`);
      }
      t.written += chunk.length;
      this.counts[name] = t.written;
      const seconds = Math.max((performance.now() - t.started) / 1000, 0.001);
      this.onProgress?.({
        table: name,
        rows: t.written,
        total: t.total,
        rowsPerSecond: Math.round(t.written / seconds),
      });
    }
  }

  /** Flushes the given tables in this order (parents before children). */
  async flushAll(names: readonly string[] = [...this.tables.keys()]): Promise<void> {
    for (const name of names) await this.flush(name);
  }
}

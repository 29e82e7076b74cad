import { type Column, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.js';

/**
 * Many rows into one table in one statement whose size does not grow with the row count:
 * `insert into t (a, b) select … from unnest($1::uuid[], $2::text[]) as u(c0, c1)`, one array
 * parameter per column. Drizzle's `insert().values(rows)` builds a parameter (and checks its kind)
 * for every value of every row, which made building the statement cost more than running it for
 * the import's batches; this builds one per column. Works on PostgreSQL and PGlite alike.
 *
 * Every row must give the same columns: a column left out of some rows would get NULL where the
 * others get a value, not its default, so that is refused. Generated columns are never written.
 * Rows are inserted in the order given.
 */
const ORDINAL = 'bulk_row_number';

export async function bulkInsert<T extends PgTable>(q: DbOrTx, table: T, rows: T['$inferInsert'][]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(table) as Record<string, Column>).filter(
    ([key, column]) => !column.generated && rows.some((r) => (r as Record<string, unknown>)[key] !== undefined),
  );
  if (columns.length === 0) throw new Error(`bulkInsert: no columns to write`);
  const params: SQL[] = [];
  const selected: SQL[] = [];
  columns.forEach(([key, column], i) => {
    const type = column.getSQLType();
    const isArray = type.endsWith('[]');
    const values = rows.map((r) => {
      const value = (r as Record<string, unknown>)[key];
      if (value === undefined) {
        if (column.hasDefault) throw new Error(`bulkInsert: column ${column.name} is missing from some rows`);
        return null;
      }
      // An array column travels as its literal text inside a text[] and is cast back per row
      // (unnest would flatten an array of arrays).
      return value === null ? null : column.mapToDriverValue(value);
    });
    params.push(sql`${sql.param(values)}::${sql.raw(isArray ? 'text' : type)}[]`);
    selected.push(isArray ? sql`${sql.identifier(`c${i}`)}::${sql.raw(type)}` : sql`${sql.identifier(`c${i}`)}`);
  });
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const aliases = sql.join(
    columns.map((_, i) => sql.identifier(`c${i}`)),
    sql`, `,
  );
  // In the rows' order, so that an identity or serial column numbers them as given (the audit
  // chain and a ticket's timeline rely on that).
  await q.execute(
    sql`insert into ${table} (${names}) select ${sql.join(selected, sql`, `)} from unnest(${sql.join(params, sql`, `)}) with ordinality as u(${aliases}, ${sql.identifier(ORDINAL)}) order by ${sql.identifier(ORDINAL)}`,
  );
}

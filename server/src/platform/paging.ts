import { count, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client.js';

/**
 * How far a list counts its matches. A page's total is for the pager ("共 N 条"); counting every
 * one of five million tickets to say so would cost more than the page itself, so past this the
 * answer says "more than 2 000" (`totalCapped`: a hundred pages of 20) and the user narrows the
 * filters. Counting costs in proportion to the cap when a filter matches much of the scope
 * (10 000 took ~100 ms of every such page at 5 M tickets; 2 000 about a fifth of that).
 */
export const COUNT_CAP = 2_000;

/** The matches of `where` in `table`, counted up to COUNT_CAP. */
export async function cappedCount(
  db: DbOrTx,
  table: PgTable,
  where: SQL | undefined,
): Promise<{ total: number; totalCapped: boolean }> {
  const matches = db
    .select({ one: sql`1` })
    .from(table)
    .where(where)
    .limit(COUNT_CAP + 1)
    .as('matches');
  const [row] = await db.select({ n: count() }).from(matches);
  const n = row?.n ?? 0;
  return n > COUNT_CAP ? { total: COUNT_CAP, totalCapped: true } : { total: n, totalCapped: false };
}

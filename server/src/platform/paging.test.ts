import { sql } from 'drizzle-orm';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPglite } from '../db/client.js';
import { COUNT_CAP, cappedCount } from './paging.js';

const probe = pgTable('paging_probe', { n: integer('n').notNull() });

describe('cappedCount', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openPglite();
    await database.db.execute(sql`create table paging_probe (n integer not null)`);
    await database.db.execute(sql`insert into paging_probe select g from generate_series(1, ${COUNT_CAP + 1}) g`);
  });
  afterAll(async () => database.close());

  it('counts exactly up to the cap', async () => {
    expect(await cappedCount(database.db, probe, sql`${probe.n} <= 25`)).toEqual({ total: 25, totalCapped: false });
    expect(await cappedCount(database.db, probe, sql`${probe.n} <= ${COUNT_CAP}`)).toEqual({
      total: COUNT_CAP,
      totalCapped: false,
    });
    expect(await cappedCount(database.db, probe, sql`false`)).toEqual({ total: 0, totalCapped: false });
  });

  it('says "more than the cap" past it', async () => {
    expect(await cappedCount(database.db, probe, undefined)).toEqual({ total: COUNT_CAP, totalCapped: true });
  });
});

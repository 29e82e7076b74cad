import { randomUUID } from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import { boolean, date, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInsert } from '../src/db/bulk-insert.js';
import type { Database } from '../src/db/client.js';
import { type OpenedDatabase, openEmpty } from './template-db.js';

/** bulkInsert against drizzle's own insert, on PGlite (npm test) and PostgreSQL (npm run test:pg). */
const sample = pgTable('bulk_sample', {
  id: uuid('id').primaryKey(),
  seq: integer('seq').notNull(),
  name: text('name').notNull(),
  note: text('note'),
  area: numeric('area', { precision: 10, scale: 2 }),
  day: date('day'),
  at: timestamp('at', { withTimezone: true }),
  flag: boolean('flag').notNull().default(false),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  refs: uuid('refs').array(),
  data: jsonb('data'),
  upper: text('upper').generatedAlwaysAs(sql`upper(name)`),
});

/** A table numbered by the database, as the audit log and the ticket timeline are. */
const numbered = pgTable('bulk_numbered', {
  n: integer('n').generatedAlwaysAsIdentity(),
  label: text('label').notNull(),
});

let opened: OpenedDatabase;
let database: Database;

beforeAll(async () => {
  opened = await openEmpty(process.env.TEST_DATABASE_URL);
  database = opened.database;
  await database.db.execute(sql`create table bulk_sample (
    id uuid primary key, seq integer not null, name text not null, note text, area numeric(10, 2),
    day date, at timestamp with time zone, flag boolean not null default false,
    tags text[] not null default '{}'::text[], refs uuid[], data jsonb,
    upper text generated always as (upper(name)) stored)`);
  await database.db.execute(
    sql`create table bulk_numbered (n integer generated always as identity, label text not null)`,
  );
});

afterAll(async () => {
  await database?.close();
  await opened?.drop();
});

const awkward = ['引号"里', '逗号,和{括号}', '反斜杠\\', 'NULL', '', '😀 表情', "单引号'"];

function rowsFrom(start: number, count: number): (typeof sample.$inferInsert)[] {
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    return {
      id: randomUUID(),
      seq: n,
      name: `${awkward[n % awkward.length]}·${n}`,
      note: n % 3 === 0 ? null : `备注 ${n}\n第二行\t制表`,
      area: n % 4 === 0 ? null : (n * 1.25).toFixed(2),
      day: n % 5 === 0 ? null : `2026-0${1 + (n % 9)}-1${n % 10}`,
      at: n % 6 === 0 ? null : new Date(Date.UTC(2026, 10, 26, 8, n % 60, 30, 125)),
      flag: n % 2 === 0,
      tags: n % 7 === 0 ? [] : [awkward[n % awkward.length] as string, `标签${n}`],
      refs: n % 8 === 0 ? null : [randomUUID(), randomUUID()],
      data: n % 9 === 0 ? null : { n, text: awkward[n % awkward.length], list: [1, '二', null] },
    };
  });
}

const read = async (from: number, to: number) =>
  (await database.db.select().from(sample).orderBy(asc(sample.seq))).filter((r) => r.seq >= from && r.seq < to);

describe('bulkInsert', () => {
  it('writes what drizzle’s insert writes, value for value, awkward text and nulls included', async () => {
    const rows = rowsFrom(0, 300);
    await bulkInsert(database.db, sample, rows);
    const viaDrizzle = rows.map((r) => ({ ...r, id: randomUUID(), seq: r.seq + 1000 }));
    await database.db.insert(sample).values(viaDrizzle);
    const bulk = await read(0, 300);
    const plain = await read(1000, 1300);
    expect(bulk).toHaveLength(300);
    // The same rows, but for the ids and sequence numbers the two sets differ in by construction.
    const comparable = (r: (typeof bulk)[number]) => ({
      ...r,
      id: undefined,
      seq: r.seq % 1000,
      name: r.name.split('·')[0],
    });
    expect(bulk.map(comparable)).toEqual(plain.map(comparable));
    // And as given.
    const first = bulk[1];
    expect(first).toMatchObject({ ...rows[1], upper: rows[1]?.name.toUpperCase() });
    expect(bulk.find((r) => r.seq === 0)?.tags).toEqual([]);
  });

  it('leaves columns no row gives to their defaults', async () => {
    await bulkInsert(database.db, sample, [
      { id: randomUUID(), seq: 5000, name: '只给必填' },
      { id: randomUUID(), seq: 5001, name: '只给必填二' },
    ]);
    const rows = await read(5000, 5002);
    expect(rows.map((r) => [r.flag, r.tags, r.note])).toEqual([
      [false, [], null],
      [false, [], null],
    ]);
  });

  it('refuses rows that leave out a defaulted column some others give, writing nothing', async () => {
    await expect(
      bulkInsert(database.db, sample, [
        { id: randomUUID(), seq: 6000, name: '甲', flag: true },
        { id: randomUUID(), seq: 6001, name: '乙' },
      ]),
    ).rejects.toThrow(/flag/);
    expect(await read(6000, 6002)).toEqual([]);
  });

  it('is one statement: a duplicate key rejects the whole set', async () => {
    const rows = rowsFrom(7000, 3);
    rows.push({ ...(rows[0] as (typeof rows)[number]), seq: 7003 });
    await expect(bulkInsert(database.db, sample, rows)).rejects.toThrow();
    expect(await read(7000, 7004)).toEqual([]);
  });

  it('inserts the rows in the order given: an identity column numbers them so', async () => {
    // An order no index or sort would give: shuffled, with text that sorts otherwise.
    const labels = Array.from({ length: 2000 }, (_, i) => `${(i * 7919) % 2000}-${awkward[i % awkward.length]}`);
    await bulkInsert(
      database.db,
      numbered,
      labels.map((label) => ({ label })),
    );
    const back = await database.db.select().from(numbered).orderBy(asc(numbered.n));
    expect(back.map((r) => r.label)).toEqual(labels);
  });

  it('does nothing for no rows', async () => {
    await bulkInsert(database.db, sample, []);
  });
});

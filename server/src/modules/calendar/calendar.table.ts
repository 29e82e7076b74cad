import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organization } from '../org/org.table.js';

/** A working period of a day, local time, "09:00"–"12:00". */
export interface Shift {
  start: string;
  end: string;
}

/**
 * A business calendar (工作日历): the working week, the shifts of a working day and the time
 * zone; the statutory holidays and make-up workdays (调休) of the official schedule apply unless
 * `statutory` is off, and the calendar's own days (`calendarDay`) override both. A company's
 * projects use its default calendar unless a project names another.
 */
export const businessCalendar = pgTable(
  'business_calendar',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** Null: a group-wide calendar any company may use. */
    companyId: uuid('company_id').references(() => organization.id),
    orgPath: text('org_path').notNull(),
    timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
    /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
    workWeek: integer('work_week').array().notNull().default(sql`'{1,2,3,4,5}'::integer[]`),
    shifts: jsonb('shifts').$type<Shift[]>().notNull(),
    /** Follow the official holiday schedule (法定节假日 and 调休). */
    statutory: boolean('statutory').notNull().default(true),
    /** The company's default (one per company; one group-wide default with no company). */
    isDefault: boolean('is_default').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('business_calendar_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    uniqueIndex('business_calendar_one_default_idx')
      .on(sql`coalesce(${t.companyId}, '00000000-0000-0000-0000-000000000000'::uuid)`)
      .where(sql`${t.isDefault}`),
  ],
);

export const calendarDayKinds = ['off', 'work'] as const;

/** A calendar's own day: a project's closed day (off) or an extra working day (work). */
export const calendarDay = pgTable(
  'calendar_day',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    calendarId: uuid('calendar_id')
      .notNull()
      .references(() => businessCalendar.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    kind: text('kind', { enum: calendarDayKinds }).notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('calendar_day_calendar_date_idx').on(t.calendarId, t.date)],
);

export const holidayDayKinds = ['holiday', 'workday'] as const;

/**
 * The official schedule of a year the bundled data (chinese-days) does not have yet, entered by
 * form or imported when the State Council publishes it: days off (holiday) and make-up workdays
 * (workday, 调休). A year counts as published once it has a `holidayYear` row.
 */
export const holidayYear = pgTable('holiday_year', {
  year: integer('year').primaryKey(),
  source: text('source', { enum: ['form', 'import'] }).notNull(),
  note: text('note'),
  createdBy: uuid('created_by').notNull(),
  createdByName: text('created_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const holidayDay = pgTable(
  'holiday_day',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    year: integer('year')
      .notNull()
      .references(() => holidayYear.year, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    kind: text('kind', { enum: holidayDayKinds }).notNull(),
    /** 元旦, 春节, 清明节 … */
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('holiday_day_date_idx').on(t.date)],
);

/**
 * One row whose `version` changes (to a new random value) whenever a calendar, a calendar's own
 * day or the official schedule changes — set by statement triggers on those four tables
 * (migration 0016). The service desk keeps calendar engines in memory under this version, so a
 * deadline costs one small read instead of reloading every holiday; a change committed on any
 * server instance is seen by the next read on all of them. Random rather than counted, so that
 * a rolled-back change can never come back under a version another change later takes.
 */
export const calendarVersion = pgTable(
  'calendar_version',
  {
    id: boolean('id').primaryKey().default(true),
    version: uuid('version').notNull().defaultRandom(),
  },
  (t) => [check('calendar_version_single_row', sql`${t.id}`)],
);

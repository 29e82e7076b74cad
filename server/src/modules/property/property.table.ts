import { sql } from 'drizzle-orm';
import { date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { project } from '../project/project.table.js';

export const roomTypes = ['residence', 'shop', 'office', 'parking', 'storage'] as const;
export type RoomType = (typeof roomTypes)[number];

/** 房态: where a room stands between sale, handover and living in it. */
export const roomStatuses = ['unsold', 'sold', 'delivered', 'occupied', 'vacant', 'decorating'] as const;
export type RoomStatus = (typeof roomStatuses)[number];

/** 楼栋. Its code is the first part of its rooms' codes (3 in 3-2-1201). */
export const building = pgTable(
  'building',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('building_project_code_idx').on(t.projectId, t.code)],
);

/** 单元: a stairwell section of a building. */
export const unit = pgTable(
  'unit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => building.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('unit_building_code_idx').on(t.buildingId, t.code)],
);

/**
 * 房间: one home, shop, office, parking space or storage room. `code` is unique within the
 * project (3-2-1201); `floor` is the floor as labelled in the building (floors such as 4 and
 * 13 may be skipped), areas are square metres with two decimals.
 */
export const room = pgTable(
  'room',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => building.id),
    unitId: uuid('unit_id').references(() => unit.id),
    floor: integer('floor').notNull(),
    number: text('number').notNull(),
    code: text('code').notNull(),
    type: text('type', { enum: roomTypes }).notNull().default('residence'),
    grossArea: numeric('gross_area', { precision: 10, scale: 2 }),
    netArea: numeric('net_area', { precision: 10, scale: 2 }),
    layout: text('layout'),
    orientation: text('orientation'),
    status: text('status', { enum: roomStatuses }).notNull().default('unsold'),
    deliveryDate: date('delivery_date'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('room_project_code_idx').on(t.projectId, t.code),
    index('room_building_floor_idx').on(t.buildingId, t.floor),
    index('room_project_status_idx').on(t.projectId, t.status),
    index('room_code_pattern_idx').using('btree', sql`${t.code} text_pattern_ops`),
    index('room_number_idx').on(t.number),
    index('room_unit_idx').on(t.unitId),
  ],
);

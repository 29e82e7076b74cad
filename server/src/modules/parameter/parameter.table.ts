import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** 业务参数: stored values of the typed settings declared in parameter.catalogue.ts. */
export const businessParameter = pgTable('business_parameter', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

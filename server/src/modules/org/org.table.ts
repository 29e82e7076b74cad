import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const orgKinds = ['group', 'company', 'project_office', 'department'] as const;
export type OrgKind = (typeof orgKinds)[number];

/**
 * The organisation tree: group → company → project office (管理处) → department.
 * `path` is the materialised chain of ids ("/g/c/o/") so that a data scope on a subtree is one
 * indexed prefix match; `companyId` is the tenant boundary copied down from the company node.
 */
export const organization = pgTable(
  'organization',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    parentId: uuid('parent_id'),
    kind: text('kind', { enum: orgKinds }).notNull(),
    name: text('name').notNull(),
    code: text('code').notNull().unique(),
    companyId: uuid('company_id'),
    path: text('path').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    phone: text('phone'),
    address: text('address'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('organization_parent_idx').on(t.parentId),
    index('organization_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
  ],
);

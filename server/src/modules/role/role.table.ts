import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organization } from '../org/org.table.js';
import { appUser } from '../user/user.table.js';

export const role = pgTable('role', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  description: text('description'),
  builtin: boolean('builtin').notNull().default(false),
  permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const scopeKinds = ['all', 'org', 'projects'] as const;
export type ScopeKind = (typeof scopeKinds)[number];

/**
 * A user holds a role within a data scope: everything, an organisation subtree (a company or a
 * project office), or a list of projects. The user's effective scope is the union.
 */
export const roleAssignment = pgTable(
  'role_assignment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => role.id),
    scopeKind: text('scope_kind', { enum: scopeKinds }).notNull(),
    scopeOrgId: uuid('scope_org_id').references(() => organization.id),
    scopeProjectIds: uuid('scope_project_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('role_assignment_user_idx').on(t.userId)],
);

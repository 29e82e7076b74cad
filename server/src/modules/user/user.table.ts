import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organization } from '../org/org.table.js';

/** Staff accounts. Residents log in through the resident portal with SMS codes, not here. */
export const appUser = pgTable(
  'app_user',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    name: text('name').notNull(),
    mobile: text('mobile'),
    email: text('email'),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organization.id),
    orgPath: text('org_path').notNull(),
    companyId: uuid('company_id'),
    positions: text('positions').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    locale: text('locale'),
    /** The agent's telephone extension: where the call center's screen pop goes. */
    extension: text('extension'),
    /** The user's WeChat Official Account openid, for template messages. */
    wechatOpenId: text('wechat_open_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('app_user_username_idx').on(sql`lower(${t.username})`),
    index('app_user_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    uniqueIndex('app_user_extension_idx').on(t.extension),
  ],
);

/**
 * Server-side sessions. The cookie carries a random 256-bit token; only its SHA-256 is stored,
 * so a copy of this table does not let anyone log in.
 */
export const userSession = pgTable(
  'user_session',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('user_session_user_idx').on(t.userId)],
);

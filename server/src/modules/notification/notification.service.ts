import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk-insert.js';
import type { DbOrTx } from '../../db/client.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { publishAll } from '../../platform/realtime.js';
import { notification, ticket } from '../ticket/ticket.table.js';
import type { NotificationDto, NotificationListQuery } from './notification.schema.js';

/**
 * 站内消息: one row per recipient. `notify` is what other modules call, inside their own write
 * transaction (the SLA sweep, instructions, dispatch …): the rows and their realtime events commit
 * with the change that caused them. Texts are Chinese and name the ticket by its public number.
 */
export interface NotifyInput {
  userIds: readonly string[];
  kind: string;
  /** The Chinese title, kept for old clients and kinds the web does not know. */
  title: string;
  /** The values the title was made from (ticket number, level, clock …; dates as ISO strings). */
  params?: Record<string, string>;
  body?: string | null;
  ticketId?: string | null;
  now: Date;
}

/** Writes one notification per distinct recipient and announces each; answers their ids. */
export async function notify(tx: DbOrTx, input: NotifyInput): Promise<string[]> {
  return notifyAll(tx, [input]);
}

/**
 * `notify` for many inputs at once (the SLA sweep's batches): one INSERT (ids made here) and one
 * statement of realtime events for all of them; answers the ids in input and recipient order.
 */
export async function notifyAll(tx: DbOrTx, inputs: readonly NotifyInput[]): Promise<string[]> {
  const values = inputs.flatMap((input) =>
    [...new Set(input.userIds)].map((userId) => ({
      id: randomUUID(),
      userId,
      kind: input.kind,
      title: input.title,
      params: input.params ?? null,
      body: input.body ?? null,
      ticketId: input.ticketId ?? null,
      createdAt: input.now,
    })),
  );
  if (values.length === 0) return [];
  await bulkInsert(tx, notification, values);
  await publishAll(
    tx,
    values.map((row) => ({
      type: 'notification' as const,
      userId: row.userId,
      id: row.id,
      title: row.title,
      ticketId: row.ticketId ?? null,
    })),
  );
  return values.map((r) => r.id);
}

const own = (ctx: AuthedContext) => eq(notification.userId, ctx.actor.id);

export async function listNotifications(
  deps: Deps,
  ctx: AuthedContext,
  q: NotificationListQuery,
): Promise<{ data: NotificationDto[]; total: number; current: number; pageSize: number }> {
  const where = and(own(ctx), q.unread === 'true' ? isNull(notification.readAt) : undefined);
  const rows = await deps.db
    .select({ n: notification, publicNo: ticket.publicNo })
    .from(notification)
    .leftJoin(ticket, eq(ticket.id, notification.ticketId))
    .where(where)
    .orderBy(desc(notification.createdAt), desc(notification.id))
    .limit(q.pageSize)
    .offset((q.current - 1) * q.pageSize);
  const [total] = await deps.db.select({ n: count() }).from(notification).where(where);
  return {
    data: rows.map(({ n, publicNo }) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      params: n.params ?? null,
      body: n.body,
      ticketId: n.ticketId,
      ticketPublicNo: publicNo ?? null,
      read: n.readAt !== null,
      readAt: n.readAt?.toISOString() ?? null,
      createdAt: n.createdAt.toISOString(),
    })),
    total: total?.n ?? 0,
    current: q.current,
    pageSize: q.pageSize,
  };
}

export async function unreadCount(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notification)
    .where(and(eq(notification.userId, userId), isNull(notification.readAt)));
  return row?.n ?? 0;
}

/**
 * Marking read is the user's own bookkeeping on their own rows: not audited (nothing about the
 * business changes), and someone else's notification is 404 like a missing one.
 */
export async function markRead(deps: Deps, ctx: AuthedContext, id: string): Promise<void> {
  const [row] = await deps.db
    .select({ id: notification.id, readAt: notification.readAt })
    .from(notification)
    .where(and(eq(notification.id, id), own(ctx)));
  if (!row) throw new AppError('NOTIFICATION_NOT_FOUND');
  if (!row.readAt) await deps.db.update(notification).set({ readAt: deps.clock() }).where(eq(notification.id, id));
}

export async function markAllRead(deps: Deps, ctx: AuthedContext): Promise<number> {
  const updated = await deps.db
    .update(notification)
    .set({ readAt: deps.clock() })
    .where(and(own(ctx), isNull(notification.readAt)))
    .returning({ id: notification.id });
  return updated.length;
}

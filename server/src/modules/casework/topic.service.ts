// 投诉专题: a group complaint or hot issue (电梯频繁故障) linking many tickets of one project, so
// that one progress update reaches every linked customer's timeline at once.
import { and, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import { scopeRows } from '../../platform/scope.js';
import { project } from '../project/project.table.js';
import { ticket, ticketEvent } from '../ticket/ticket.table.js';
import { appUser } from '../user/user.table.js';
import {
  addTimelineEntry,
  nextPublicNumber,
  type TicketRow,
  visibleProject,
  visibleTicket,
} from './casework.common.js';
import type { TopicDetailDto, TopicDto, TopicInput, TopicListQuery } from './casework.schema.js';
import { complaintTopic } from './casework.table.js';

type TopicRow = typeof complaintTopic.$inferSelect;
const topic = complaintTopic;

function topicVisible(ctx: AuthedContext) {
  return scopeRows(ctx.actor.scope, { path: topic.orgPath, projectId: topic.projectId });
}

async function topicRow(db: DbOrTx, ctx: AuthedContext, id: string): Promise<TopicRow> {
  const [row] = await db
    .select()
    .from(topic)
    .where(and(eq(topic.id, id), topicVisible(ctx)));
  if (!row) throw new AppError('TOPIC_NOT_FOUND');
  return row;
}

async function present(db: DbOrTx, rows: TopicRow[]): Promise<TopicDto[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const projectIds = [...new Set(rows.map((r) => r.projectId))];
  const masterIds = rows.map((r) => r.masterTicketId).filter((x): x is string => !!x);
  const userIds = [...new Set(rows.map((r) => r.createdBy))];
  const [counts, projects, masters, users] = await Promise.all([
    db
      .select({ topicId: ticket.topicId, n: count() })
      .from(ticket)
      .where(inArray(ticket.topicId, ids))
      .groupBy(ticket.topicId),
    db.select({ id: project.id, name: project.name }).from(project).where(inArray(project.id, projectIds)),
    masterIds.length
      ? db
          .select({ id: ticket.id, publicNo: ticket.publicNo, title: ticket.title })
          .from(ticket)
          .where(inArray(ticket.id, masterIds))
      : Promise.resolve([]),
    db.select({ id: appUser.id, name: appUser.name }).from(appUser).where(inArray(appUser.id, userIds)),
  ]);
  const countOf = new Map(counts.map((c) => [c.topicId, c.n]));
  const projectName = new Map(projects.map((p) => [p.id, p.name]));
  const masterOf = new Map(masters.map((m) => [m.id, m]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    publicNo: r.publicNo,
    companyId: r.companyId,
    projectId: r.projectId,
    projectName: projectName.get(r.projectId) ?? '',
    title: r.title,
    description: r.description,
    masterTicket: r.masterTicketId ? (masterOf.get(r.masterTicketId) ?? null) : null,
    state: r.state,
    ticketCount: countOf.get(r.id) ?? 0,
    createdByName: userName.get(r.createdBy) ?? null,
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  }));
}

export async function listTopics(deps: Deps, ctx: AuthedContext, q: TopicListQuery) {
  const conditions: (SQL | undefined)[] = [topicVisible(ctx)];
  if (q.projectId) conditions.push(eq(topic.projectId, q.projectId));
  if (q.state) conditions.push(eq(topic.state, q.state));
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    conditions.push(or(ilike(topic.title, like), ilike(topic.publicNo, like)));
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(topic)
      .where(where)
      .orderBy(sql`case when ${topic.state} = 'open' then 0 else 1 end`, desc(topic.createdAt))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(topic).where(where),
  ]);
  return { data: await present(deps.db, rows), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

export async function getTopic(deps: Deps, ctx: AuthedContext, id: string): Promise<TopicDetailDto> {
  const row = await topicRow(deps.db, ctx, id);
  const [[dto], tickets, updates] = await Promise.all([
    present(deps.db, [row]),
    deps.db.select().from(ticket).where(eq(ticket.topicId, id)).orderBy(ticket.createdAt),
    // One update is one event on each linked ticket, written in one transaction: same instant.
    deps.db
      .select({
        body: ticketEvent.body,
        actorName: ticketEvent.actorName,
        occurredAt: ticketEvent.occurredAt,
        n: count(),
      })
      .from(ticketEvent)
      .where(and(eq(ticketEvent.kind, 'progress'), sql`${ticketEvent.data}->>'topicId' = ${id}`))
      .groupBy(ticketEvent.occurredAt, ticketEvent.body, ticketEvent.actorName)
      .orderBy(desc(ticketEvent.occurredAt))
      .limit(100),
  ]);
  if (!dto) throw new AppError('TOPIC_NOT_FOUND');
  return {
    ...dto,
    tickets: tickets.map((t) => ({
      id: t.id,
      publicNo: t.publicNo,
      title: t.title,
      type: t.type,
      state: t.state,
      contactName: t.contactName,
      isMaster: t.id === row.masterTicketId,
      createdAt: t.createdAt.toISOString(),
    })),
    updates: updates.map((u) => ({
      body: u.body ?? '',
      actorName: u.actorName,
      occurredAt: u.occurredAt.toISOString(),
      ticketCount: u.n,
    })),
  };
}

function requireOpen(row: TopicRow): void {
  if (row.state !== 'open') throw new AppError('TOPIC_CLOSED', { title: row.title });
}

/**
 * Links tickets (already visible to the caller) inside the transaction: each must be of the
 * topic's project and not on another topic; those already on this one are left as they are.
 */
async function linkInTx(
  tx: DbOrTx,
  deps: Deps,
  ctx: AuthedContext,
  row: TopicRow,
  projectName: string,
  tickets: TicketRow[],
): Promise<TicketRow[]> {
  const linked: TicketRow[] = [];
  const now = deps.clock();
  for (const t of tickets) {
    if (t.projectId !== row.projectId) {
      throw new AppError('TOPIC_TICKET_PROJECT', { ticketNo: t.publicNo, project: projectName });
    }
    // Guarded: a concurrent link to another topic makes this update find nothing.
    const [updated] = await tx
      .update(ticket)
      .set({ topicId: row.id, updatedAt: now })
      .where(and(eq(ticket.id, t.id), or(isNull(ticket.topicId), eq(ticket.topicId, row.id))))
      .returning({ id: ticket.id });
    if (!updated) {
      const [other] = await tx
        .select({ publicNo: topic.publicNo })
        .from(topic)
        .innerJoin(ticket, eq(ticket.topicId, topic.id))
        .where(eq(ticket.id, t.id));
      throw new AppError('TOPIC_TICKET_ELSEWHERE', { ticketNo: t.publicNo, topicNo: other?.publicNo ?? '' });
    }
    if (t.topicId === row.id) continue;
    await addTimelineEntry(tx, t.id, ctx.actor, now, {
      kind: 'topic_linked',
      body: `关联到投诉专题 ${row.publicNo}「${row.title}」`,
      data: { topicId: row.id, topicNo: row.publicNo },
    });
    linked.push(t);
  }
  return linked;
}

async function visibleTickets(deps: Deps, ctx: AuthedContext, ids: string[]): Promise<TicketRow[]> {
  const out: TicketRow[] = [];
  for (const id of [...new Set(ids)]) out.push(await visibleTicket(deps.db, ctx, id));
  return out;
}

export async function createTopic(deps: Deps, ctx: AuthedContext, input: TopicInput): Promise<TopicDetailDto> {
  const p = await visibleProject(deps.db, ctx, input.projectId);
  const master = input.masterTicketId ? await visibleTicket(deps.db, ctx, input.masterTicketId) : null;
  const id = await write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    const publicNo = await nextPublicNumber(tx, deps.database, 'ZT', now);
    const [row] = await tx
      .insert(topic)
      .values({
        companyId: p.companyId,
        orgPath: p.orgPath,
        projectId: p.id,
        publicNo,
        title: input.title,
        description: input.description || null,
        masterTicketId: master?.id ?? null,
        createdBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert complaint_topic returned nothing');
    if (master) await linkInTx(tx, deps, ctx, row, p.name, [master]);
    audit.record({
      action: 'topic.create',
      entityType: 'complaint_topic',
      entityId: row.id,
      orgPath: row.orgPath,
      projectId: row.projectId,
      summary: `新建投诉专题 ${publicNo}「${row.title}」`,
      after: row,
    });
    return row.id;
  });
  return getTopic(deps, ctx, id);
}

export async function linkTickets(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  ticketIds: string[],
): Promise<TopicDetailDto> {
  const row = await topicRow(deps.db, ctx, id);
  requireOpen(row);
  const tickets = await visibleTickets(deps, ctx, ticketIds);
  const p = await visibleProject(deps.db, ctx, row.projectId);
  await write(deps, ctx, async (tx, audit) => {
    const linked = await linkInTx(tx, deps, ctx, row, p.name, tickets);
    audit.record({
      action: 'topic.link',
      entityType: 'complaint_topic',
      entityId: row.id,
      orgPath: row.orgPath,
      projectId: row.projectId,
      summary: `投诉专题 ${row.publicNo} 关联工单 ${linked.map((t) => t.publicNo).join('、') || '（均已关联）'}`,
      after: { ticketIds: linked.map((t) => t.id) },
    });
  });
  return getTopic(deps, ctx, id);
}

export async function unlinkTicket(deps: Deps, ctx: AuthedContext, id: string, ticketId: string) {
  const row = await topicRow(deps.db, ctx, id);
  const t = await visibleTicket(deps.db, ctx, ticketId);
  if (t.topicId !== row.id) throw new AppError('TOPIC_TICKET_NOT_LINKED');
  await write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    await tx.update(ticket).set({ topicId: null, updatedAt: now }).where(eq(ticket.id, t.id));
    if (row.masterTicketId === t.id) {
      await tx.update(topic).set({ masterTicketId: null, updatedAt: now }).where(eq(topic.id, row.id));
    }
    await addTimelineEntry(tx, t.id, ctx.actor, now, {
      kind: 'note',
      body: `移出投诉专题 ${row.publicNo}「${row.title}」`,
      data: { topicId: row.id, topicNo: row.publicNo, unlinked: true },
    });
    audit.record({
      action: 'topic.unlink',
      entityType: 'complaint_topic',
      entityId: row.id,
      orgPath: row.orgPath,
      projectId: row.projectId,
      summary: `投诉专题 ${row.publicNo} 移出工单 ${t.publicNo}`,
      before: { ticketId: t.id },
    });
  });
  return getTopic(deps, ctx, id);
}

/**
 * One progress update on every linked ticket's timeline, visible to its customer, in one
 * transaction: either every linked customer sees it or none does.
 */
export async function postTopicUpdate(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  body: string,
): Promise<{ ticketCount: number }> {
  const row = await topicRow(deps.db, ctx, id);
  requireOpen(row);
  return write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    const linked = await tx
      .select({ id: ticket.id, publicNo: ticket.publicNo })
      .from(ticket)
      .where(eq(ticket.topicId, row.id));
    if (linked.length === 0) throw new AppError('TOPIC_NO_TICKETS');
    for (const t of linked) {
      await addTimelineEntry(tx, t.id, ctx.actor, now, {
        kind: 'progress',
        body,
        visibility: 'customer',
        data: { topicId: row.id, topicNo: row.publicNo },
      });
    }
    await tx.update(topic).set({ updatedAt: now }).where(eq(topic.id, row.id));
    audit.record({
      action: 'topic.update',
      entityType: 'complaint_topic',
      entityId: row.id,
      orgPath: row.orgPath,
      projectId: row.projectId,
      summary: `投诉专题 ${row.publicNo} 发布进展，写入 ${linked.length} 张工单`,
      after: { body, ticketNos: linked.map((t) => t.publicNo) },
    });
    return { ticketCount: linked.length };
  });
}

export async function closeTopic(deps: Deps, ctx: AuthedContext, id: string): Promise<TopicDetailDto> {
  const row = await topicRow(deps.db, ctx, id);
  requireOpen(row);
  await write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    await tx.update(topic).set({ state: 'closed', closedAt: now, updatedAt: now }).where(eq(topic.id, row.id));
    audit.record({
      action: 'topic.close',
      entityType: 'complaint_topic',
      entityId: row.id,
      orgPath: row.orgPath,
      projectId: row.projectId,
      summary: `关闭投诉专题 ${row.publicNo}「${row.title}」`,
    });
  });
  return getTopic(deps, ctx, id);
}

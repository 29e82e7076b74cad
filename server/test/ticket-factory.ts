import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { calendarForProject } from '../src/modules/calendar/calendar.service.js';
import { project } from '../src/modules/project/project.table.js';
import { ladderFor } from '../src/modules/ticket/escalation.ladder.js';
import { engineForTicket, scheduleRound, type TicketRow } from '../src/modules/ticket/ticket.sla.js';
import type { TicketState } from '../src/modules/ticket/ticket.states.js';
import { ticket } from '../src/modules/ticket/ticket.table.js';
import { appUser } from '../src/modules/user/user.table.js';
import type { TestApp } from './harness.js';

/**
 * Tickets written straight into the database with exact limits and times (no reception needed), with
 * their round planned by `scheduleRound` exactly as dispatch does.
 */
export interface TicketSeed {
  projectCode?: string;
  type?: 'complaint' | 'repair' | 'consultation' | 'suggestion' | 'query' | 'praise';
  state?: TicketState;
  handlerUsername?: string | null;
  handlerOrgId?: string | null;
  ownerUsername?: string;
  startedAt?: Date;
  responseMinutes?: number | null;
  resolutionMinutes?: number | null;
  clockMode?: 'business' | 'calendar';
  catalogueItemId?: string | null;
  title?: string;
}

export async function userId(t: TestApp, username: string): Promise<string> {
  const [u] = await t.deps.db.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, username));
  if (!u) throw new Error(`no user ${username}`);
  return u.id;
}

export async function createTicket(t: TestApp, seed: TicketSeed = {}): Promise<TicketRow> {
  const db = t.deps.db;
  const [p] = await db
    .select()
    .from(project)
    .where(eq(project.code, seed.projectCode ?? 'SH-LLHY'));
  if (!p) throw new Error('no project');
  const calendar = await calendarForProject(db, p.id);
  const handlerUserId = seed.handlerUsername === null ? null : await userId(t, seed.handlerUsername ?? 'handler');
  const startedAt = seed.startedAt ?? t.clock.now;
  const [row] = await db
    .insert(ticket)
    .values({
      companyId: p.companyId,
      orgPath: p.orgPath,
      projectId: p.id,
      publicNo: `BX-${randomBytes(5).toString('hex').toUpperCase()}`,
      type: seed.type ?? 'repair',
      catalogueItemId: seed.catalogueItemId ?? null,
      title: seed.title ?? '卫生间渗漏',
      content: '楼上卫生间渗水到本户顶棚',
      state: seed.state ?? 'dispatched',
      ownerAgentId: await userId(t, seed.ownerUsername ?? 'kefu'),
      handlerKind: seed.handlerOrgId ? 'department' : 'user',
      handlerUserId: seed.handlerOrgId ? null : handlerUserId,
      handlerOrgId: seed.handlerOrgId ?? null,
      dispatchMethod: 'manual',
      dispatchedAt: startedAt,
      calendarId: calendar?.id ?? null,
      clockMode: seed.clockMode ?? 'business',
      responseMinutes: seed.responseMinutes === undefined ? 60 : seed.responseMinutes,
      resolutionMinutes: seed.resolutionMinutes === undefined ? 480 : seed.resolutionMinutes,
      clockStartedAt: startedAt,
      createdAt: startedAt,
    })
    .returning();
  if (!row) throw new Error('ticket not created');
  await db.transaction(async (tx) => {
    const engine = await engineForTicket(tx, row.calendarId);
    await scheduleRound(tx, row, engine, { warningPercent: 80, ladder: await ladderFor(tx, row) });
  });
  return reload(t, row.id);
}

export async function reload(t: TestApp, id: string): Promise<TicketRow> {
  const [row] = await t.deps.db.select().from(ticket).where(eq(ticket.id, id));
  if (!row) throw new Error('ticket vanished');
  return row;
}

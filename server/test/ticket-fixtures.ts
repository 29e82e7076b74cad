// The service-desk tests' one helper: finding demo rooms, catalogue items, people and
// organisations; shortcuts for the HTTP calls every ticket test makes; and tickets written
// straight to the database — bare rows (`insertTicket`) or with their round planned as dispatch
// plans it (`createTicket`).
import { randomBytes } from 'node:crypto';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { calendarForProject } from '../src/modules/calendar/calendar.service.js';
import { catalogueNode, type TicketType } from '../src/modules/catalogue/catalogue.table.js';
import { organization } from '../src/modules/org/org.table.js';
import { project } from '../src/modules/project/project.table.js';
import { building, room } from '../src/modules/property/property.table.js';
import { ladderFor } from '../src/modules/ticket/escalation.ladder.js';
import { engineForTicket, scheduleRound, type TicketRow } from '../src/modules/ticket/ticket.sla.js';
import type { TicketState } from '../src/modules/ticket/ticket.states.js';
import { ticket } from '../src/modules/ticket/ticket.table.js';
import { appUser } from '../src/modules/user/user.table.js';
import { json, type TestApp } from './harness.js';

export interface TicketSummary {
  id: string;
  publicNo: string;
  type: string;
  title: string;
  state: string;
  severity: string;
  handlerKind: string | null;
  handlerUserId: string | null;
  handlerOrgId: string | null;
  contractorId: string | null;
  handlerName: string | null;
  dispatchMethod: string | null;
  responseDueAt: string | null;
  resolutionDueAt: string | null;
  customerId: string | null;
  roomId: string | null;
  contactPhone: string | null;
  round: number;
  reopenCount: number;
  satisfaction: number | null;
  overdue: boolean;
  paused: boolean;
}

export interface TicketDetail extends TicketSummary {
  content: string;
  resolution: string | null;
  actions: string[];
  events: {
    kind: string;
    fromState: string | null;
    toState: string | null;
    actorName: string | null;
    body: string | null;
    data: Record<string, unknown>;
    attachments: { id: string; url: string; mime: string; kind: string }[];
  }[];
  visits: { round: number; reached: boolean | null; satisfaction: number | null; outcome: string | null }[];
  clock: { pausedMinutes: number; pausedAt: string | null; acceptedAt: string | null; resolutionDueAt: string | null };
  mergedInto: { id: string; publicNo: string } | null;
  duplicates: { id: string; publicNo: string }[];
}

export interface Created {
  reception: { id: string; publicNo: string; customerId: string | null; roomId: string | null };
  tickets: TicketSummary[];
}

// ── finding demo data ──────────────────────────────────────────────────────

async function projectRow(t: TestApp, code: string) {
  const [p] = await t.deps.db.select().from(project).where(eq(project.code, code));
  if (!p) throw new Error(`project ${code} missing`);
  return p;
}

export async function projectId(t: TestApp, code: string): Promise<string> {
  return (await projectRow(t, code)).id;
}

/** A delivered room of a project's building (delivery date set), optionally by building code. */
export async function deliveredRoom(t: TestApp, projectCode: string, buildingCode?: string, offset = 0) {
  const pid = await projectId(t, projectCode);
  const rows = await t.deps.db
    .select({ id: room.id, code: room.code })
    .from(room)
    .innerJoin(building, eq(building.id, room.buildingId))
    .where(
      and(
        eq(room.projectId, pid),
        isNotNull(room.deliveryDate),
        buildingCode ? eq(building.code, buildingCode) : undefined,
      ),
    )
    .orderBy(room.code)
    .limit(offset + 1);
  const r = rows[offset];
  if (!r) throw new Error(`no delivered room in ${projectCode}`);
  return r;
}

export async function catalogueItem(t: TestApp, name: string): Promise<string> {
  const [node] = await t.deps.db
    .select({ id: catalogueNode.id })
    .from(catalogueNode)
    .where(and(eq(catalogueNode.name, name), eq(catalogueNode.kind, 'item')));
  if (!node) throw new Error(`catalogue item ${name} missing`);
  return node.id;
}

export async function userId(t: TestApp, username: string): Promise<string> {
  const [u] = await t.deps.db.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, username));
  if (!u) throw new Error(`user ${username} missing`);
  return u.id;
}

export async function orgId(t: TestApp, code: string): Promise<string> {
  const [o] = await t.deps.db.select({ id: organization.id }).from(organization).where(eq(organization.code, code));
  if (!o) throw new Error(`org ${code} missing`);
  return o.id;
}

/** An item of the catalogue that carries no trade (so no warranty applies) and serves repairs. */
export async function itemWithoutTrade(t: TestApp, type = 'repair'): Promise<string> {
  const rows = await t.deps.db
    .select({ id: catalogueNode.id, ticketTypes: catalogueNode.ticketTypes, department: catalogueNode.department })
    .from(catalogueNode)
    .where(and(eq(catalogueNode.kind, 'item'), isNull(catalogueNode.trade)));
  const found = rows.find((r) => r.ticketTypes.includes(type as never));
  if (!found) throw new Error(`no item for ${type}`);
  return found.id;
}

// ── HTTP shortcuts ─────────────────────────────────────────────────────────

export function expectStatus(response: LightMyRequestResponse, status: number): void {
  expect(response.statusCode, response.body.slice(0, 400)).toBe(status);
}

/** Shortcuts bound to one test app. */
export function ticketApi(t: TestApp) {
  const post = (cookie: string, url: string, payload: object = {}, headers: Record<string, string> = {}) =>
    t.inject({ method: 'POST', url, cookie, payload, headers });
  const get = (cookie: string, url: string) => t.inject({ method: 'GET', url, cookie });
  return {
    post,
    get,
    async reception(cookie: string, payload: object): Promise<Created> {
      const response = await post(cookie, '/api/receptions', payload);
      expectStatus(response, 201);
      return json<Created>(response);
    },
    async detail(cookie: string, id: string): Promise<TicketDetail> {
      const response = await get(cookie, `/api/tickets/${id}`);
      expectStatus(response, 200);
      return json<TicketDetail>(response);
    },
    async act(cookie: string, id: string, action: string, payload: object = {}): Promise<TicketDetail> {
      const response = await post(cookie, `/api/tickets/${id}/${action}`, payload);
      expectStatus(response, 200);
      return json<TicketDetail>(response);
    },
  };
}

// ── tickets written straight to the database ───────────────────────────────

/** Where a directly written ticket lives, and a random public number with the prefix. */
function placedIn(p: { id: string; companyId: string; orgPath: string }, prefix: string) {
  return {
    companyId: p.companyId,
    orgPath: p.orgPath,
    projectId: p.id,
    publicNo: `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`,
  };
}

/**
 * A bare ticket row, for tests of what hangs on tickets (topics, compensation, solutions)
 * without going through the reception: in a project by its code, owned by a user, no clock.
 */
export async function insertTicket(
  t: TestApp,
  input: { projectCode: string; owner?: string; type?: TicketType; state?: TicketState; title?: string },
): Promise<TicketRow> {
  const p = await projectRow(t, input.projectCode);
  const [row] = await t.deps.db
    .insert(ticket)
    .values({
      ...placedIn(p, 'TS'),
      type: input.type ?? 'complaint',
      title: input.title ?? '3 号楼电梯又停了',
      content: '电梯本周第三次停运，老人上下楼困难',
      contactName: '王先生',
      state: input.state ?? 'dispatched',
      ownerAgentId: await userId(t, input.owner ?? 'kefu'),
    })
    .returning();
  if (!row) throw new Error('insert ticket returned nothing');
  return row;
}

/** A ticket with exact limits and times (no reception needed); defaults: a repair at 邻里花园. */
export interface TicketSeed {
  projectCode?: string;
  type?: TicketType;
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

/**
 * A dispatched ticket on its project's calendar, its clock started at `startedAt` (the test
 * clock's now by default) and its round planned by `scheduleRound` exactly as dispatch does.
 */
export async function createTicket(t: TestApp, seed: TicketSeed = {}): Promise<TicketRow> {
  const db = t.deps.db;
  const p = await projectRow(t, seed.projectCode ?? 'SH-LLHY');
  const calendar = await calendarForProject(db, p.id);
  const handlerUserId = seed.handlerUsername === null ? null : await userId(t, seed.handlerUsername ?? 'handler');
  const startedAt = seed.startedAt ?? t.clock.now;
  const [row] = await db
    .insert(ticket)
    .values({
      ...placedIn(p, 'BX'),
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

/** The ticket row as it is now. */
export async function reload(t: TestApp, id: string): Promise<TicketRow> {
  const [row] = await t.deps.db.select().from(ticket).where(eq(ticket.id, id));
  if (!row) throw new Error('ticket vanished');
  return row;
}

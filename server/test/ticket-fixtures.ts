// Fixtures of the service-desk tests: demo rooms, catalogue items, people, and shortcuts for the
// calls every ticket test makes.
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { catalogueNode } from '../src/modules/catalogue/catalogue.table.js';
import { organization } from '../src/modules/org/org.table.js';
import { project } from '../src/modules/project/project.table.js';
import { building, room } from '../src/modules/property/property.table.js';
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

export async function projectId(t: TestApp, code: string): Promise<string> {
  const [p] = await t.deps.db.select({ id: project.id }).from(project).where(eq(project.code, code));
  if (!p) throw new Error(`project ${code} missing`);
  return p.id;
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

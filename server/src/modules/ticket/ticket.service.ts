// Raising tickets (from a reception record) and reading them: list, export rows, detail.
import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database, DbOrTx, Tx } from '../../db/client.js';
import { type AuditRecorder, write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import { beijingDayStart, type Locale } from '../../platform/locale.js';
import { cappedCount } from '../../platform/paging.js';
import type { Secrets } from '../../platform/secrets.js';
import { calendarForProject } from '../calendar/calendar.service.js';
import { catalogueNode } from '../catalogue/catalogue.table.js';
import { searchGrams } from '../customer/customer.service.js';
import { project } from '../project/project.table.js';
import { room } from '../property/property.table.js';
import { appUser } from '../user/user.table.js';
import {
  applyDispatch,
  isHandler,
  type PlannedDispatch,
  plannedFrom,
  referenceError,
  suggestDispatch,
  validateHandler,
} from './dispatch.service.js';
import { nextPublicNumber, ticketPrefixes, typeDefaults } from './ticket.defaults.js';
import {
  loadNames,
  presentSummaries,
  presentSummary,
  type ReceptionRow,
  receptionRow,
  summaryNameRefs,
  ticketRow,
  ticketVisible,
} from './ticket.repository.js';
import type {
  ReceptionTicketInput,
  TicketDetailDto,
  TicketFilter,
  TicketInput,
  TicketSummaryDto,
} from './ticket.schema.js';
import { type ClockView, clockViews, engineForTicket, stopClocks, type TicketRow } from './ticket.sla.js';
import { actionsFrom, finalStates, openStates } from './ticket.states.js';
import {
  receptionRecord,
  returnVisit,
  ticket,
  ticketAttachment,
  ticketEscalation,
  ticketEvent,
} from './ticket.table.js';
import {
  addEvent,
  auditTicket,
  type Doer,
  reschedule,
  type SlaSettings,
  slaSettings,
  transition,
} from './ticket.workflow.js';
import { closableWithoutVisit } from './visit.service.js';

export type ProjectRow = typeof project.$inferSelect;
type CatalogueRow = typeof catalogueNode.$inferSelect;

/** The project of a reception or ticket, which the caller must see (else 422 naming the field). */
export async function projectInScope(deps: Deps, ctx: AuthedContext, projectId: string): Promise<ProjectRow> {
  const [p] = await deps.db.select().from(project).where(eq(project.id, projectId));
  const scope = ctx.actor.scope;
  const visible =
    p && (scope.all || scope.projectIds.includes(p.id) || scope.orgPaths.some((path) => p.orgPath.startsWith(path)));
  if (!p || !visible) throw referenceError(ctx.locale, 'projectId', 'not_found');
  return p;
}

export async function roomOfProject(db: DbOrTx, locale: Locale, roomId: string, projectId: string) {
  const [r] = await db.select({ id: room.id, projectId: room.projectId }).from(room).where(eq(room.id, roomId));
  if (!r) throw referenceError(locale, 'roomId', 'not_found');
  if (r.projectId !== projectId) throw referenceError(locale, 'roomId', 'room_project');
  return r;
}

// ── raising a ticket ───────────────────────────────────────────────────────

/** A ticket checked and planned before the transaction that writes it. */
export interface PreparedTicket {
  input: ReceptionTicketInput;
  item: CatalogueRow | null;
  roomId: string | null;
  plan: PlannedDispatch | null;
  /** Why auto dispatch found nobody (the ticket waits for manual dispatch). */
  unassignedReason: string | null;
}

export async function prepareTicket(
  deps: Deps,
  ctx: Pick<AuthedContext, 'locale'>,
  p: ProjectRow,
  reception: { roomId: string | null },
  input: ReceptionTicketInput,
  now: Date,
): Promise<PreparedTicket> {
  const locale = ctx.locale;
  let item: CatalogueRow | null = null;
  if (input.catalogueItemId) {
    const [node] = await deps.db.select().from(catalogueNode).where(eq(catalogueNode.id, input.catalogueItemId));
    if (!node) throw referenceError(locale, 'catalogueItemId', 'not_found');
    if (node.kind !== 'item') throw referenceError(locale, 'catalogueItemId', 'not_item');
    if (!node.active) throw referenceError(locale, 'catalogueItemId', 'inactive');
    if (node.ticketTypes.length > 0 && !node.ticketTypes.includes(input.type)) {
      throw referenceError(locale, 'catalogueItemId', 'wrong_type');
    }
    item = node;
  }
  const roomId = input.roomId ?? reception.roomId;
  if (input.roomId) await roomOfProject(deps.db, locale, input.roomId, p.id);
  if (input.answer !== undefined && input.type !== 'consultation')
    throw new AppError('TICKET_ANSWER_ONLY_CONSULTATION');
  const mode = input.answer !== undefined ? 'none' : (input.dispatch?.mode ?? 'auto');
  let plan: PlannedDispatch | null = null;
  let unassignedReason: string | null = null;
  if (mode === 'auto') {
    const s = await suggestDispatch(deps.db, {
      projectId: p.id,
      roomId,
      type: input.type,
      catalogueItemId: item?.id ?? null,
      at: now,
    });
    plan = plannedFrom(s);
    if (!plan) unassignedReason = s.reason;
  } else if (mode === 'manual') {
    const handler = await validateHandler(deps, locale, p, input.dispatch ?? {});
    plan = { handler, method: 'manual', reason: locale === 'zh-CN' ? '人工派工' : 'Dispatched by hand' };
  }
  return { input, item, roomId, plan, unassignedReason };
}

export interface TicketSettings extends SlaSettings {
  returnVisitHours: number;
}

export async function ticketSettings(deps: Deps): Promise<TicketSettings> {
  return {
    ...(await slaSettings(deps)),
    returnVisitHours: Number(await deps.parameters.get('service.return_visit_hours')),
  };
}

/**
 * Writes one prepared ticket: its public number, limits from the catalogue item (or the type's
 * defaults), the calendar of its project, the first round's deadlines and timers, the created
 * event; then either the on-the-spot answer (a consultation closed at once) or its dispatch.
 */
export async function insertTicket(
  tx: Tx,
  audit: AuditRecorder,
  args: {
    project: ProjectRow;
    reception: Pick<ReceptionRow, 'id' | 'customerId' | 'callerName' | 'callerPhone' | 'content'>;
    prepared: PreparedTicket;
    owner: NonNullable<Doer>;
    now: Date;
    settings: TicketSettings;
    locale: Locale;
    secrets: Secrets;
    /** Where public numbers are taken (see nextPublicNumber). */
    database: Pick<Database, 'autonomous'>;
  },
): Promise<TicketRow> {
  const { project: p, reception, prepared, owner, now, locale } = args;
  const { input, item } = prepared;
  const defaults = typeDefaults[input.type];
  const calendar = await calendarForProject(tx, p.id);
  const content = input.content ?? reception.content;
  const title = input.title ?? item?.name ?? Array.from(content).slice(0, 30).join('');
  const [created] = await tx
    .insert(ticket)
    .values({
      companyId: p.companyId,
      orgPath: p.orgPath,
      projectId: p.id,
      publicNo: await nextPublicNumber(tx, args.database, ticketPrefixes[input.type], now, p.timeZone),
      receptionId: reception.id,
      type: input.type,
      catalogueItemId: item?.id ?? null,
      roomId: prepared.roomId,
      customerId: reception.customerId,
      contactName: reception.callerName,
      contactPhone: reception.callerPhone,
      title,
      content,
      severity: input.severity ?? item?.severity ?? 'normal',
      state: 'new',
      ownerAgentId: owner.id,
      calendarId: calendar?.id ?? null,
      clockMode: item?.calendarTime ? 'calendar' : 'business',
      responseMinutes: item ? item.responseMinutes : defaults.responseMinutes,
      resolutionMinutes: item ? item.resolutionMinutes : defaults.resolutionMinutes,
      clockStartedAt: now,
      returnVisitRequired: item ? item.returnVisitRequired : defaults.returnVisitRequired,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!created) throw new Error('insert ticket returned nothing');
  await addEvent(tx, created.id, owner, now, {
    kind: 'created',
    toState: 'new',
    body: content,
    data: {
      receptionId: reception.id,
      type: input.type,
      catalogueItemId: item?.id ?? null,
      ...(prepared.unassignedReason ? { unassignedReason: prepared.unassignedReason } : {}),
    },
  });
  auditTicket(audit, created, 'create', '新建工单', { after: created });
  let row = await reschedule(tx, created, args.settings);
  if (input.answer !== undefined) {
    const closed = await transition(
      tx,
      row,
      'answer',
      { resolution: input.answer, resolvedAt: now, closedAt: now },
      now,
      locale,
    );
    await stopClocks(tx, closed, ['response', 'resolution'], now);
    await addEvent(tx, row.id, owner, now, {
      kind: 'closed',
      fromState: row.state,
      toState: closed.state,
      body: input.answer,
      visibility: 'customer',
      data: { action: 'answer' },
    });
    auditTicket(audit, closed, 'answer', '当场答复并关闭');
    return closed;
  }
  if (prepared.plan) row = await applyDispatch(tx, args.secrets, audit, row, prepared.plan, owner, now, locale);
  return row;
}

/** POST /api/tickets: one more ticket on an existing reception record. */
export async function createTicket(deps: Deps, ctx: AuthedContext, input: TicketInput): Promise<TicketSummaryDto> {
  const reception = await receptionRow(deps.db, ctx, input.receptionId).catch((error) => {
    if (error instanceof AppError) throw referenceError(ctx.locale, 'receptionId', 'not_found');
    throw error;
  });
  const p = await projectInScope(deps, ctx, reception.projectId);
  const now = deps.clock();
  const { receptionId: _r, ...fields } = input;
  const prepared = await prepareTicket(deps, ctx, p, reception, fields, now);
  const settings = await ticketSettings(deps);
  const row = await write(deps, ctx, (tx, audit) =>
    insertTicket(tx, audit, {
      project: p,
      reception,
      prepared,
      owner: ctx.actor,
      now,
      settings,
      locale: ctx.locale,
      secrets: deps.secrets,
      database: deps.database,
    }),
  );
  const [summary] = await presentSummaries(deps.db, [row], now);
  return summary as TicketSummaryDto;
}

// ── reading ────────────────────────────────────────────────────────────────

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A day (Beijing) or an instant; `end` makes a day inclusive (before the next day's start). */
export function boundary(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = beijingDayStart(value);
    return end ? new Date(start.getTime() + 86_400_000) : start;
  }
  return new Date(value);
}

async function myOrgId(db: DbOrTx, userId: string): Promise<string | null> {
  const [me] = await db.select({ orgId: appUser.orgId }).from(appUser).where(eq(appUser.id, userId));
  return me?.orgId ?? null;
}

/**
 * The list's search box: part of the title or the contact's name, the ticket number or its
 * beginning (BX-20261124…, any case), or the contact phone's last digits (four or more). Each
 * reading is served by an index, so the cost follows the matches rather than the scope (the
 * `ILIKE '%…%'` over number, title and contact read every ticket of the scope: about a second at
 * five million): the text's one- and two-character pieces (GIN, the same pieces as customer
 * names) with the `ILIKE` kept as the exact check, the number by prefix, the phone reversed by
 * prefix.
 */
function ticketTextMatch(q: string): SQL | undefined {
  const like = `%${escapeLike(q)}%`;
  const digits = q.replace(/\D/g, '');
  const text = sql`customer_name_grams(${ticket.title} || ' ' || coalesce(${ticket.contactName}, ''))`;
  return or(
    and(
      sql`${text} @> ${sql.param(searchGrams(q))}::text[]`,
      or(ilike(ticket.title, like), ilike(ticket.contactName, like)),
    ),
    sql`${ticket.publicNo} like ${`${escapeLike(q.toUpperCase())}%`}`,
    digits.length >= 4 && /^[\d+-]+$/.test(q)
      ? sql`reverse(${ticket.contactPhone}) like ${`${[...digits].reverse().join('')}%`}`
      : undefined,
  );
}

export async function ticketConditions(deps: Deps, ctx: AuthedContext, f: TicketFilter): Promise<SQL | undefined> {
  const now = deps.clock();
  const list: (SQL | undefined)[] = [ticketVisible(ctx.actor.scope)];
  if (f.q) {
    const q = f.q.replace(/\s/g, '');
    if (q) list.push(ticketTextMatch(q));
  }
  if (f.projectId) list.push(eq(ticket.projectId, f.projectId));
  const types = asList(f.type);
  if (types.length) list.push(inArray(ticket.type, types));
  const states = asList(f.state);
  if (states.length) list.push(inArray(ticket.state, states));
  if (f.catalogueNodeId) {
    list.push(
      inArray(
        ticket.catalogueItemId,
        deps.db
          .select({ id: catalogueNode.id })
          .from(catalogueNode)
          .where(sql`${catalogueNode.path} like ${`%/${f.catalogueNodeId}/%`}`),
      ),
    );
  }
  if (f.handlerUserId) list.push(eq(ticket.handlerUserId, f.handlerUserId));
  if (f.mine === 'handler') list.push(eq(ticket.handlerUserId, ctx.actor.id));
  if (f.mine === 'owner') list.push(eq(ticket.ownerAgentId, ctx.actor.id));
  if (f.mine === 'department') {
    const orgId = await myOrgId(deps.db, ctx.actor.id);
    list.push(orgId ? eq(ticket.handlerOrgId, orgId) : sql`false`);
  }
  if (f.overdue) {
    const overdue = or(
      eq(ticket.responseOverdue, true),
      eq(ticket.resolutionOverdue, true),
      and(
        inArray(ticket.state, [...openStates]),
        isNull(ticket.pausedAt),
        isNotNull(ticket.resolutionDueAt),
        lt(ticket.resolutionDueAt, now),
      ),
    ) as SQL;
    list.push(f.overdue === 'true' ? overdue : sql`not (${overdue})`);
  }
  if (f.customerId) list.push(eq(ticket.customerId, f.customerId));
  if (f.roomId) list.push(eq(ticket.roomId, f.roomId));
  if (f.contractorId) list.push(eq(ticket.contractorId, f.contractorId));
  if (f.receptionId) list.push(eq(ticket.receptionId, f.receptionId));
  if (f.from) list.push(gte(ticket.createdAt, boundary(f.from, false)));
  if (f.to) list.push(lt(ticket.createdAt, boundary(f.to, true)));
  return and(...list);
}

function ticketOrder(f: TicketFilter) {
  return f.sort === 'resolution_due_asc'
    ? [sql`${ticket.resolutionDueAt} asc nulls last`, desc(ticket.createdAt), desc(ticket.id)]
    : [desc(ticket.createdAt), desc(ticket.id)];
}

export async function listTickets(
  deps: Deps,
  ctx: AuthedContext,
  q: TicketFilter & { current: number; pageSize: number },
) {
  const where = await ticketConditions(deps, ctx, q);
  const [rows, counted] = await Promise.all([
    deps.db
      .select()
      .from(ticket)
      .where(where)
      .orderBy(...ticketOrder(q))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    cappedCount(deps.db, ticket, where),
  ]);
  return {
    data: await presentSummaries(deps.db, rows, deps.clock()),
    ...counted,
    current: q.current,
    pageSize: q.pageSize,
  };
}

export async function countTickets(deps: Deps, ctx: AuthedContext, f: TicketFilter): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(ticket)
    .where(await ticketConditions(deps, ctx, f));
  return row?.n ?? 0;
}

export async function exportTicketRows(deps: Deps, ctx: AuthedContext, f: TicketFilter, limit: number) {
  const rows = await deps.db
    .select()
    .from(ticket)
    .where(await ticketConditions(deps, ctx, f))
    .orderBy(...ticketOrder(f))
    .limit(limit);
  return presentSummaries(deps.db, rows, deps.clock());
}

// ── detail ─────────────────────────────────────────────────────────────────

const iso = (d: Date | null) => (d ? d.toISOString() : null);
type ActionName = TicketDetailDto['actions'][number];

/** What the caller may do now: the table's actions from the state ∩ their permissions and role. */
export async function actionsFor(
  db: DbOrTx,
  ctx: AuthedContext,
  row: TicketRow,
  demoTools = false,
): Promise<ActionName[]> {
  const has = (p: Parameters<typeof ctx.actor.permissions.has>[0]) => ctx.actor.permissions.has(p);
  const handler = has('ticket.handle') && (await isHandler(db, ctx, row));
  const out = new Set<ActionName>();
  for (const a of actionsFrom(row.state)) {
    if (a === 'dispatch' && has('ticket.dispatch')) out.add('dispatch');
    if (a === 'reassign' && (has('ticket.dispatch') || handler)) out.add('reassign');
    if ((a === 'accept' || a === 'pause' || a === 'resume' || a === 'resolve') && handler) out.add(a);
    if ((a === 'visit_satisfied' || a === 'visit_unsatisfied') && has('ticket.visit')) out.add('visit');
    if (a === 'close' && has('ticket.visit') && (row.state === 'visited' || (await closableWithoutVisit(db, row)))) {
      out.add('close');
    }
    if ((a === 'cancel' || a === 'merge') && has('ticket.cancel')) out.add(a);
  }
  const open = openStates.includes(row.state);
  if (handler && (row.state === 'accepted' || row.state === 'in_progress' || row.state === 'waiting')) {
    out.add('progress');
  }
  if (!finalStates.includes(row.state) && (has('ticket.handle') || has('ticket.create'))) out.add('note');
  if (open && (has('ticket.dispatch') || has('ticket.create'))) out.add('reclassify');
  if (!finalStates.includes(row.state) && has('ticket.instruct')) out.add('instruct');
  if (demoTools && open && has('ticket.configure') && ctx.actor.scope.all) out.add('fast_forward');
  return [...out];
}

export function attachmentUrl(ticketId: string, attachmentId: string): string {
  return `/api/tickets/${ticketId}/attachments/${attachmentId}`;
}

const presentClock = (v: ClockView | null) =>
  v && { ...v, at: v.at.toISOString(), changesAt: v.changesAt ? v.changesAt.toISOString() : null };

/** The live clocks on the ticket's calendar (the handler needs no calendar.read to see them). */
async function slaOf(deps: Deps, row: TicketRow, now: Date): Promise<TicketDetailDto['sla']> {
  if (!row.responseDueAt && !row.resolutionDueAt) return { response: null, resolution: null };
  const engine = await engineForTicket(deps.db, row.calendarId);
  const finished = !openStates.includes(row.state);
  const views = clockViews(engine, row, now, finished);
  return { response: presentClock(views.response), resolution: presentClock(views.resolution) };
}

export async function getTicket(deps: Deps, ctx: AuthedContext, id: string): Promise<TicketDetailDto> {
  const row = await ticketRow(deps.db, ctx, id);
  const now = deps.clock();
  const [events, attachments, visits, escalations, duplicates, merged, reception] = await Promise.all([
    deps.db
      .select()
      .from(ticketEvent)
      .where(eq(ticketEvent.ticketId, id))
      .orderBy(asc(ticketEvent.occurredAt), asc(ticketEvent.seq)),
    deps.db
      .select()
      .from(ticketAttachment)
      .where(and(eq(ticketAttachment.ticketId, id), isNotNull(ticketAttachment.eventId))),
    deps.db.select().from(returnVisit).where(eq(returnVisit.ticketId, id)).orderBy(asc(returnVisit.round)),
    deps.db
      .select()
      .from(ticketEscalation)
      .where(eq(ticketEscalation.ticketId, id))
      .orderBy(asc(ticketEscalation.firedAt), asc(ticketEscalation.level)),
    deps.db
      .select({ id: ticket.id, publicNo: ticket.publicNo })
      .from(ticket)
      .where(and(eq(ticket.mergedIntoId, id), ticketVisible(ctx.actor.scope))),
    row.mergedIntoId
      ? deps.db
          .select({ id: ticket.id, publicNo: ticket.publicNo })
          .from(ticket)
          .where(and(eq(ticket.id, row.mergedIntoId), ticketVisible(ctx.actor.scope)))
      : Promise.resolve([]),
    row.receptionId
      ? deps.db
          .select({ id: receptionRecord.id, publicNo: receptionRecord.publicNo, channel: receptionRecord.channel })
          .from(receptionRecord)
          .where(eq(receptionRecord.id, row.receptionId))
      : Promise.resolve([]),
  ]);
  const refs = summaryNameRefs([row]);
  const names = await loadNames(deps.db, {
    ...refs,
    users: [...refs.users, ...visits.flatMap((v) => [v.agentId, v.visitedBy])],
  });
  const byEvent = new Map<string, typeof attachments>();
  for (const a of attachments) {
    const list = byEvent.get(a.eventId as string) ?? [];
    list.push(a);
    byEvent.set(a.eventId as string, list);
  }
  return {
    ...presentSummary(row, names, now),
    content: row.content,
    resolution: row.resolution,
    cancelReason: row.cancelReason,
    returnVisitRequired: row.returnVisitRequired,
    reception: reception[0] ?? null,
    clock: {
      mode: row.clockMode,
      calendarId: row.calendarId,
      responseMinutes: row.responseMinutes,
      resolutionMinutes: row.resolutionMinutes,
      startedAt: iso(row.clockStartedAt),
      pausedAt: iso(row.pausedAt),
      pausedMinutes: row.pausedMinutes,
      responseDueAt: iso(row.responseDueAt),
      resolutionDueAt: iso(row.resolutionDueAt),
      acceptedAt: iso(row.acceptedAt),
      resolvedAt: iso(row.resolvedAt),
      closedAt: iso(row.closedAt),
      dispatchedAt: iso(row.dispatchedAt),
    },
    sla: await slaOf(deps, row, now),
    actions: await actionsFor(deps.db, ctx, row, deps.config.DEMO_TOOLS),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromState: e.fromState,
      toState: e.toState,
      actorId: e.actorId,
      actorName: e.actorName,
      visibility: e.visibility,
      body: e.body,
      data: (e.data ?? {}) as Record<string, unknown>,
      occurredAt: e.occurredAt.toISOString(),
      attachments: (byEvent.get(e.id) ?? []).map((a) => ({
        id: a.id,
        kind: a.kind,
        fileName: a.fileName,
        size: a.size,
        mime: a.mime,
        url: attachmentUrl(id, a.id),
      })),
    })),
    visits: visits.map((v) => ({
      id: v.id,
      round: v.round,
      agentId: v.agentId,
      agentName: names.users.get(v.agentId) ?? null,
      dueAt: v.dueAt.toISOString(),
      visitedAt: iso(v.visitedAt),
      visitedByName: v.visitedBy ? (names.users.get(v.visitedBy) ?? null) : null,
      reached: v.reached,
      satisfaction: v.satisfaction,
      comment: v.comment,
      outcome: v.outcome,
    })),
    escalations: escalations.map((e) => ({
      id: e.id,
      round: e.round,
      clock: e.clock,
      level: e.level,
      levelName: e.levelName,
      senior: e.senior,
      firedAt: e.firedAt.toISOString(),
    })),
    mergedInto: merged[0] ?? null,
    duplicates,
    version: row.version,
  };
}

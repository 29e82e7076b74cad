// 派工: who should take a ticket (warranty → routing rule → intake duty / load → department), and
// the dispatch and reassignment of a ticket to a person, a department or a contractor.
import { and, asc, count, eq, inArray, isNull, like, or } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import type { Locale } from '../../platform/locale.js';
import type { Secrets } from '../../platform/secrets.js';
import { loadGrants } from '../auth/session.service.js';
import { isoWeekday, localPoint } from '../calendar/calendar.zone.js';
import { catalogueNode, type TicketType } from '../catalogue/catalogue.table.js';
import { contractor, contractorScope } from '../contractor/contractor.table.js';
import { dayIn, resolveWarranty } from '../contractor/warranty.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { room } from '../property/property.table.js';
import { appUser } from '../user/user.table.js';
import { presentSuggestion } from './dispatch.present.js';
import { notifyDispatched } from './ticket.notify.js';
import { ticketRow } from './ticket.repository.js';
import type { DispatchInput, ReassignInput, SuggestInput, SuggestionDto } from './ticket.schema.js';
import type { TicketRow } from './ticket.sla.js';
import { openStates } from './ticket.states.js';
import { type DispatchMethod, dutyAssignment, type HandlerKind, routingRule, ticket } from './ticket.table.js';
import { addEvent, auditTicket, type Doer, transition } from './ticket.workflow.js';

export interface Handler {
  handlerKind: HandlerKind;
  handlerUserId: string | null;
  handlerOrgId: string | null;
  contractorId: string | null;
}

export interface Suggestion extends Partial<Handler> {
  method: DispatchMethod | null;
  reason: string;
  warranty: {
    trade: string;
    contractorId: string | null;
    contractorName: string | null;
    inWarranty: boolean;
    end: string | null;
    reason: string | null;
  } | null;
}

/**
 * The kind of department a `handling_department` code means, found in the project's office by
 * its name or by its code's last segment: 工程部 (engineering) is 工程维修部 / …-GC, and so on.
 * The first department of the office (in tree order) that matches takes the work.
 */
export const departmentHints: Record<string, { names: string[]; codes: string[] }> = {
  customer_service: { names: ['客服'], codes: ['KF'] },
  engineering: { names: ['工程', '维修'], codes: ['GC', 'WX'] },
  security: { names: ['秩序', '安保', '保安'], codes: ['ZX', 'AB'] },
  environment: { names: ['环境', '保洁', '绿化'], codes: ['HJ', 'BJ'] },
  finance: { names: ['财务'], codes: ['CW'] },
  delivery: { names: ['交付'], codes: ['JF'] },
};

/** Without a catalogue item, repairs go to engineering and everything else to customer service. */
export function defaultDepartment(type: TicketType): string {
  return type === 'repair' ? 'engineering' : 'customer_service';
}

const warrantyReasons: Record<string, string> = {
  no_scope: '无承建商施工范围',
  no_start_date: '房间无交付日期',
  not_started: '保修期未开始',
  expired: '已过保修期',
};

interface SuggestContext {
  projectId: string;
  roomId?: string | null;
  type: TicketType;
  catalogueItemId?: string | null;
  at: Date;
}

export async function warrantyStep(db: DbOrTx, roomId: string, trade: string, at: Date) {
  const [r] = await db
    .select({
      id: room.id,
      projectId: room.projectId,
      buildingId: room.buildingId,
      deliveryDate: room.deliveryDate,
      timeZone: project.timeZone,
    })
    .from(room)
    .innerJoin(project, eq(project.id, room.projectId))
    .where(eq(room.id, roomId));
  if (!r) return null;
  const scopes = await db
    .select({ scope: contractorScope, contractor: { id: contractor.id, name: contractor.name } })
    .from(contractorScope)
    .innerJoin(contractor, eq(contractor.id, contractorScope.contractorId))
    .where(
      and(
        eq(contractorScope.projectId, r.projectId),
        eq(contractor.active, true),
        eq(contractorScope.trade, trade),
        or(isNull(contractorScope.buildingId), eq(contractorScope.buildingId, r.buildingId)),
      ),
    );
  return resolveWarranty({
    room: r,
    trade,
    at: dayIn(at, r.timeZone),
    scopes: scopes.map(({ scope, contractor: c }) => ({
      scopeId: scope.id,
      buildingId: scope.buildingId,
      trade: scope.trade,
      warrantyUnit: scope.warrantyUnit,
      warrantyValue: scope.warrantyValue,
      startDate: scope.startDate,
      contractor: c,
    })),
  });
}

/** Minutes since midnight of "HH:MM[:SS]" (24:00 is the end of the day). */
function minutesOf(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/** Open tickets per user as handler: the load that dispatch by load compares. */
export async function loads(db: DbOrTx, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: ticket.handlerUserId, n: count() })
    .from(ticket)
    .where(and(inArray(ticket.handlerUserId, userIds), inArray(ticket.state, [...openStates])))
    .groupBy(ticket.handlerUserId);
  return new Map(rows.map((r) => [r.userId as string, r.n]));
}

export interface DutyHolder {
  id: string;
  name: string;
  /** Inside the duty's weekdays and hours now (in the project's time zone). */
  onDuty: boolean;
}

/**
 * Active staff whose intake duty covers a ticket of this type (and catalogue department kind) in
 * the project, once each, and whether one of their duties holds at `at`.
 */
export async function dutyHolders(
  db: DbOrTx,
  p: { id: string; companyId: string; timeZone: string },
  type: TicketType,
  department: string | null,
  at: Date,
): Promise<DutyHolder[]> {
  const local = localPoint(p.timeZone, at.getTime());
  const weekday = isoWeekday(local.day);
  const minute = Math.floor(local.ms / 60_000);
  const duties = await db
    .select({ duty: dutyAssignment, name: appUser.name, active: appUser.active })
    .from(dutyAssignment)
    .innerJoin(appUser, eq(appUser.id, dutyAssignment.userId))
    .where(and(eq(dutyAssignment.companyId, p.companyId), eq(dutyAssignment.active, true)));
  const out = new Map<string, DutyHolder>();
  for (const { duty, name, active } of duties) {
    if (!active) continue;
    if (duty.projectIds.length && !duty.projectIds.includes(p.id)) continue;
    if (duty.ticketTypes.length && !duty.ticketTypes.includes(type)) continue;
    if (duty.department && department && duty.department !== department) continue;
    if (duty.department && !department && duty.department !== defaultDepartment(type)) continue;
    const now =
      duty.weekdays.includes(weekday) && minute >= minutesOf(duty.startTime) && minute < minutesOf(duty.endTime);
    const known = out.get(duty.userId);
    out.set(duty.userId, { id: duty.userId, name, onDuty: now || (known?.onDuty ?? false) });
  }
  return [...out.values()];
}

/** The department of a kind in the project's office (or, for a project run by a company, the company). */
export async function departmentFor(db: DbOrTx, projectId: string, kind: string) {
  const hints = departmentHints[kind];
  if (!hints) return null;
  const [p] = await db.select({ orgPath: project.orgPath }).from(project).where(eq(project.id, projectId));
  if (!p) return null;
  const departments = await db
    .select({ id: organization.id, name: organization.name, code: organization.code })
    .from(organization)
    .where(
      and(
        eq(organization.kind, 'department'),
        eq(organization.active, true),
        like(organization.path, `${escapeLike(p.orgPath)}%`),
      ),
    )
    .orderBy(asc(organization.path), asc(organization.sortOrder), asc(organization.code));
  return (
    departments.find(
      (d) =>
        hints.names.some((n) => d.name.includes(n)) || hints.codes.some((c) => d.code.toUpperCase().endsWith(`-${c}`)),
    ) ?? null
  );
}

/**
 * Who should take a ticket, in order:
 * (a) a defect of a trade in a room inside a contractor's scope and warranty → the contractor;
 * (b) the first active routing rule (by priority) matching project, type and catalogue subtree;
 * (c) staff on intake duty now (project, type, department kind, weekday and hours in the
 *     project's time zone): one → duty, several → the one with the fewest open tickets (load;
 *     a tie goes by name, so the answer is stable);
 * (d) the item's (or the type's) department kind found in the project's office;
 * (e) nobody: the ticket waits for manual dispatch.
 * Reads only; usable inside a transaction.
 */
export async function suggestDispatch(db: DbOrTx, input: SuggestContext): Promise<Suggestion> {
  const [p] = await db.select().from(project).where(eq(project.id, input.projectId));
  if (!p) return { method: null, reason: '项目不存在', warranty: null };
  const [item] = input.catalogueItemId
    ? await db.select().from(catalogueNode).where(eq(catalogueNode.id, input.catalogueItemId))
    : [];
  const notes: string[] = [];
  let warranty: Suggestion['warranty'] = null;

  // (a) warranty
  if (item?.trade && input.roomId) {
    const w = await warrantyStep(db, input.roomId, item.trade, input.at);
    if (w) {
      warranty = {
        trade: item.trade,
        contractorId: w.contractor?.id ?? null,
        contractorName: w.contractor?.name ?? null,
        inWarranty: w.inWarranty,
        end: w.end,
        reason: w.reason,
      };
      if (w.inWarranty && w.contractor) {
        return {
          method: 'warranty',
          handlerKind: 'contractor',
          handlerUserId: null,
          handlerOrgId: null,
          contractorId: w.contractor.id,
          reason: `在保修期内（至 ${w.end}），由承建商「${w.contractor.name}」保修`,
          warranty,
        };
      }
      notes.push(
        w.contractor
          ? `承建商「${w.contractor.name}」${warrantyReasons[w.reason ?? ''] ?? '不在保修期'}${w.end ? `（保修至 ${w.end}）` : ''}`
          : `${warrantyReasons[w.reason ?? ''] ?? '不在保修期'}`,
      );
    }
  }
  const prefix = notes.length ? `${notes.join('；')}；` : '';

  // (b) routing rules
  const rules = await db
    .select()
    .from(routingRule)
    .where(and(eq(routingRule.companyId, p.companyId), eq(routingRule.active, true)))
    .orderBy(asc(routingRule.priority), asc(routingRule.createdAt));
  const itemPath = item?.path ?? '';
  for (const rule of rules) {
    if (rule.projectIds.length && !rule.projectIds.includes(p.id)) continue;
    if (rule.ticketTypes.length && !rule.ticketTypes.includes(input.type)) continue;
    if (rule.catalogueNodeIds.length && !rule.catalogueNodeIds.some((id) => itemPath.includes(`/${id}/`))) continue;
    if (rule.targetKind === 'user' && rule.targetUserId) {
      const [u] = await db
        .select({ id: appUser.id, active: appUser.active })
        .from(appUser)
        .where(eq(appUser.id, rule.targetUserId));
      if (!u?.active) continue;
      return {
        method: 'rule',
        handlerKind: 'user',
        handlerUserId: u.id,
        handlerOrgId: null,
        contractorId: null,
        reason: `${prefix}按派工规则「${rule.name}」`,
        warranty,
      };
    }
    if (rule.targetKind === 'department' && rule.targetOrgId) {
      const [o] = await db
        .select({ id: organization.id, active: organization.active })
        .from(organization)
        .where(eq(organization.id, rule.targetOrgId));
      if (!o?.active) continue;
      return {
        method: 'rule',
        handlerKind: 'department',
        handlerUserId: null,
        handlerOrgId: o.id,
        contractorId: null,
        reason: `${prefix}按派工规则「${rule.name}」`,
        warranty,
      };
    }
  }

  // (c) intake duties
  const department = item?.department ?? null;
  const onDuty = new Map(
    (await dutyHolders(db, p, input.type, department, input.at)).filter((d) => d.onDuty).map((d) => [d.id, d.name]),
  );
  if (onDuty.size > 0) {
    const load = await loads(db, [...onDuty.keys()]);
    const ranked = [...onDuty]
      .map(([id, name]) => ({ id, name, load: load.get(id) ?? 0 }))
      .sort((a, b) => a.load - b.load || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
    const chosen = ranked[0] as (typeof ranked)[number];
    const several = ranked.length > 1;
    return {
      method: several ? 'load' : 'duty',
      handlerKind: 'user',
      handlerUserId: chosen.id,
      handlerOrgId: null,
      contractorId: null,
      reason: several
        ? `${prefix}值班人员 ${ranked.length} 人，按负载派给在办工单最少的${chosen.name}（${chosen.load} 单）`
        : `${prefix}按受理职责派给值班人员${chosen.name}`,
      warranty,
    };
  }

  // (d) the department kind in the project's office
  const kind = department ?? defaultDepartment(input.type);
  const dept = await departmentFor(db, p.id, kind);
  if (dept) {
    return {
      method: 'department',
      handlerKind: 'department',
      handlerUserId: null,
      handlerOrgId: dept.id,
      contractorId: null,
      reason: `${prefix}按问题的处理部门派给「${dept.name}」`,
      warranty,
    };
  }
  return { method: null, reason: `${prefix}没有匹配的派工规则、值班人员或处理部门，请人工派工`, warranty };
}

export async function suggest(deps: Deps, ctx: AuthedContext, input: SuggestInput): Promise<SuggestionDto> {
  const [p] = await deps.db
    .select({ id: project.id, orgPath: project.orgPath })
    .from(project)
    .where(eq(project.id, input.projectId));
  const scope = ctx.actor.scope;
  const visible =
    p && (scope.all || scope.projectIds.includes(p.id) || scope.orgPaths.some((path) => p.orgPath.startsWith(path)));
  if (!visible) throw new AppError('PROJECT_NOT_FOUND');
  if (input.roomId) {
    const [r] = await deps.db.select({ projectId: room.projectId }).from(room).where(eq(room.id, input.roomId));
    if (r?.projectId !== input.projectId) throw referenceError(ctx.locale, 'roomId', 'room_project');
  }
  const s = await suggestDispatch(deps.db, { ...input, at: deps.clock() });
  return presentSuggestion(deps.db, s);
}

// ── validating a chosen handler ────────────────────────────────────────────

const referenceLabels: Record<string, Record<Locale, string>> = {
  roomId: { 'zh-CN': '房间', 'en-US': 'Room' },
  customerId: { 'zh-CN': '客户', 'en-US': 'Customer' },
  catalogueItemId: { 'zh-CN': '问题分类', 'en-US': 'Catalogue item' },
  receptionId: { 'zh-CN': '接待记录', 'en-US': 'Reception record' },
  projectId: { 'zh-CN': '项目', 'en-US': 'Project' },
  handlerUserId: { 'zh-CN': '处理人', 'en-US': 'Handler' },
  handlerOrgId: { 'zh-CN': '处理部门', 'en-US': 'Handling department' },
  contractorId: { 'zh-CN': '承建商', 'en-US': 'Contractor' },
  targetTicketId: { 'zh-CN': '目标工单', 'en-US': 'Target ticket' },
  attachmentIds: { 'zh-CN': '附件', 'en-US': 'Attachments' },
  userId: { 'zh-CN': '人员', 'en-US': 'Staff member' },
  targetUserId: { 'zh-CN': '处理人', 'en-US': 'Handler' },
  targetOrgId: { 'zh-CN': '处理部门', 'en-US': 'Department' },
  projectIds: { 'zh-CN': '项目', 'en-US': 'Projects' },
  catalogueNodeIds: { 'zh-CN': '问题分类', 'en-US': 'Catalogue nodes' },
  department: { 'zh-CN': '处理部门类别', 'en-US': 'Department kind' },
};

const referenceReasons: Record<string, Record<Locale, string>> = {
  not_found: { 'zh-CN': '不存在或不在您的数据范围内', 'en-US': 'does not exist or is outside your data scope' },
  room_project: { 'zh-CN': '房间不属于该项目', 'en-US': 'the room is not in this project' },
  other_company: { 'zh-CN': '不属于该项目所在公司', 'en-US': "belongs to another company than the project's" },
  inactive: { 'zh-CN': '已停用', 'en-US': 'is disabled' },
  not_item: { 'zh-CN': '请选择具体问题（不能选分类）', 'en-US': 'choose an item, not a category' },
  wrong_type: { 'zh-CN': '该问题不适用于此工单类型', 'en-US': 'the item does not serve this ticket type' },
  out_of_scope: {
    'zh-CN': '该人员的数据范围不包含此项目',
    'en-US': "the person's data scope does not cover this project",
  },
  missing: { 'zh-CN': '请选择处理方', 'en-US': 'choose who handles it' },
  not_department: { 'zh-CN': '请选择部门', 'en-US': 'choose a department' },
};

/** 422 naming the field: 房间无效：房间不属于该项目. */
export function referenceError(locale: Locale, field: string, reason: string): AppError {
  const label = referenceLabels[field]?.[locale] ?? field;
  const why = referenceReasons[reason]?.[locale] ?? reason;
  return new AppError(
    'TICKET_REFERENCE_INVALID',
    { label, reason: why },
    { errors: [{ field, in: 'body', message: `${label}${locale === 'zh-CN' ? '：' : ': '}${why}` }] },
  );
}

/** Whether a person's data scope covers the project (a handler must see the ticket). */
export async function userCoversProject(
  db: DbOrTx,
  userId: string,
  p: { id: string; orgPath: string },
): Promise<boolean> {
  const s = (await loadGrants(db, userId)).scope;
  return s.all || s.projectIds.includes(p.id) || s.orgPaths.some((path) => p.orgPath.startsWith(path));
}

/**
 * A handler chosen by hand: an active person whose data scope covers the project, a department
 * of the project's company, or an active contractor of the company (optionally with a person who
 * follows it up). Read before the transaction (grants are loaded on their own connection).
 */
export async function validateHandler(
  deps: Deps,
  locale: Locale,
  p: { id: string; companyId: string; orgPath: string },
  input: { handlerKind?: HandlerKind; handlerUserId?: string; handlerOrgId?: string; contractorId?: string },
): Promise<Handler> {
  const kind =
    input.handlerKind ??
    (input.contractorId ? 'contractor' : input.handlerOrgId && !input.handlerUserId ? 'department' : 'user');
  const checkUser = async (id: string) => {
    const [u] = await deps.db.select().from(appUser).where(eq(appUser.id, id));
    if (!u || u.companyId !== p.companyId) throw referenceError(locale, 'handlerUserId', 'not_found');
    if (!u.active) throw referenceError(locale, 'handlerUserId', 'inactive');
    if (!(await userCoversProject(deps.db, u.id, p))) throw referenceError(locale, 'handlerUserId', 'out_of_scope');
    return u;
  };
  if (kind === 'user') {
    if (!input.handlerUserId) throw referenceError(locale, 'handlerUserId', 'missing');
    const u = await checkUser(input.handlerUserId);
    return { handlerKind: 'user', handlerUserId: u.id, handlerOrgId: null, contractorId: null };
  }
  if (kind === 'department') {
    if (!input.handlerOrgId) throw referenceError(locale, 'handlerOrgId', 'missing');
    const [o] = await deps.db.select().from(organization).where(eq(organization.id, input.handlerOrgId));
    if (!o || o.companyId !== p.companyId) throw referenceError(locale, 'handlerOrgId', 'not_found');
    if (o.kind !== 'department') throw referenceError(locale, 'handlerOrgId', 'not_department');
    if (!o.active) throw referenceError(locale, 'handlerOrgId', 'inactive');
    const userId = input.handlerUserId ? (await checkUser(input.handlerUserId)).id : null;
    return { handlerKind: 'department', handlerUserId: userId, handlerOrgId: o.id, contractorId: null };
  }
  if (!input.contractorId) throw referenceError(locale, 'contractorId', 'missing');
  const [c] = await deps.db.select().from(contractor).where(eq(contractor.id, input.contractorId));
  if (!c || c.companyId !== p.companyId) throw referenceError(locale, 'contractorId', 'not_found');
  if (!c.active) throw referenceError(locale, 'contractorId', 'inactive');
  const userId = input.handlerUserId ? (await checkUser(input.handlerUserId)).id : null;
  return { handlerKind: 'contractor', handlerUserId: userId, handlerOrgId: null, contractorId: c.id };
}

// ── dispatching ────────────────────────────────────────────────────────────

export interface PlannedDispatch {
  handler: Handler;
  method: DispatchMethod;
  reason: string;
  warranty?: Suggestion['warranty'];
}

export function plannedFrom(s: Suggestion): PlannedDispatch | null {
  if (!s.method || !s.handlerKind) return null;
  return {
    handler: {
      handlerKind: s.handlerKind,
      handlerUserId: s.handlerUserId ?? null,
      handlerOrgId: s.handlerOrgId ?? null,
      contractorId: s.contractorId ?? null,
    },
    method: s.method,
    reason: s.reason,
    warranty: s.warranty,
  };
}

/** Dispatch (from new or reopened): the handler on the row, the event, the audit entry. */
export async function applyDispatch(
  tx: Tx,
  secrets: Secrets,
  audit: { record: Parameters<typeof auditTicket>[0]['record'] },
  row: TicketRow,
  plan: PlannedDispatch,
  doer: Doer,
  now: Date,
  locale: Locale,
  note?: string,
): Promise<TicketRow> {
  const updated = await transition(
    tx,
    row,
    'dispatch',
    { ...plan.handler, dispatchMethod: plan.method, dispatchedAt: now },
    now,
    locale,
  );
  await addEvent(tx, row.id, doer, now, {
    kind: 'dispatched',
    fromState: row.state,
    toState: updated.state,
    body: note ?? null,
    data: {
      ...plan.handler,
      method: plan.method,
      reason: plan.reason,
      warranty: plan.warranty ?? null,
      round: row.round,
    },
  });
  auditTicket(audit, updated, 'dispatch', '派工', { after: { ...plan.handler, method: plan.method } });
  await notifyDispatched(tx, secrets, updated, doer?.id ?? null, now, false);
  return updated;
}

async function projectOf(db: DbOrTx, projectId: string) {
  const [p] = await db.select().from(project).where(eq(project.id, projectId));
  if (!p) throw new AppError('PROJECT_NOT_FOUND');
  return p;
}

async function planFor(
  deps: Deps,
  ctx: AuthedContext,
  row: TicketRow,
  input: DispatchInput | ReassignInput,
): Promise<PlannedDispatch> {
  if (input.mode === 'auto') {
    const s = await suggestDispatch(deps.db, {
      projectId: row.projectId,
      roomId: row.roomId,
      type: row.type,
      catalogueItemId: row.catalogueItemId,
      at: deps.clock(),
    });
    const plan = plannedFrom(s);
    if (!plan) throw new AppError('TICKET_HANDLER_INVALID', { reason: s.reason });
    return plan;
  }
  const p = await projectOf(deps.db, row.projectId);
  const handler = await validateHandler(deps, ctx.locale, p, input);
  return { handler, method: 'manual', reason: ctx.locale === 'zh-CN' ? '人工派工' : 'Dispatched by hand' };
}

export async function dispatchTicket(deps: Deps, ctx: AuthedContext, id: string, input: DispatchInput) {
  const row = await ticketRow(deps.db, ctx, id);
  const plan = await planFor(deps, ctx, row, input);
  await write(deps, ctx, async (tx, audit) => {
    const fresh = await ticketRow(tx, ctx, id);
    if (fresh.version !== row.version) throw new AppError('TICKET_CHANGED');
    await applyDispatch(tx, deps.secrets, audit, fresh, plan, ctx.actor, deps.clock(), ctx.locale, input.note);
  });
}

/** Whether the caller is the ticket's handler: the person, or a member of the handling department. */
export async function isHandler(db: DbOrTx, ctx: AuthedContext, row: TicketRow): Promise<boolean> {
  if (row.handlerUserId === ctx.actor.id) return true;
  if (row.handlerKind === 'department' && row.handlerOrgId) {
    const [me] = await db.select({ orgId: appUser.orgId }).from(appUser).where(eq(appUser.id, ctx.actor.id));
    return me?.orgId === row.handlerOrgId;
  }
  // A contractor's ticket nobody of ours follows up: the dispatchers record its progress.
  if (row.handlerKind === 'contractor' && !row.handlerUserId) return ctx.actor.permissions.has('ticket.dispatch');
  return false;
}

/** 改派 / 转派: to another handler with a reason; the work starts over at dispatched. */
export async function reassignTicket(deps: Deps, ctx: AuthedContext, id: string, input: ReassignInput) {
  const row = await ticketRow(deps.db, ctx, id);
  if (!ctx.actor.permissions.has('ticket.dispatch')) {
    // The current handler may hand the ticket on (转派), with a reason.
    if (!ctx.actor.permissions.has('ticket.handle') || !(await isHandler(deps.db, ctx, row))) {
      throw new AppError('TICKET_NOT_HANDLER', { action: ctx.locale === 'zh-CN' ? '转派' : 'transfer it' });
    }
  }
  const plan = await planFor(deps, ctx, row, input);
  await write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    const before = {
      handlerKind: row.handlerKind,
      handlerUserId: row.handlerUserId,
      handlerOrgId: row.handlerOrgId,
      contractorId: row.contractorId,
    };
    const updated = await transition(
      tx,
      row,
      'reassign',
      { ...plan.handler, dispatchMethod: plan.method, dispatchedAt: now },
      now,
      ctx.locale,
    );
    await addEvent(tx, row.id, ctx.actor, now, {
      kind: 'reassigned',
      fromState: row.state,
      toState: updated.state,
      body: input.reason,
      data: { before, after: plan.handler, method: plan.method, reason: input.reason },
    });
    auditTicket(audit, updated, 'reassign', '改派', { before, after: { ...plan.handler, reason: input.reason } });
    await notifyDispatched(tx, deps.secrets, updated, ctx.actor.id, now, true);
  });
}

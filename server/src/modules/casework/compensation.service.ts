// 赔付: a request on a ticket in integer fen, approved step by step along the chain its amount's
// tier gave it when it was made; a per-project ledger of what was asked, approved and paid.
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import { beijingDay, beijingDayStart } from '../../platform/locale.js';
import { scopeRows } from '../../platform/scope.js';
import { notify } from '../notification/notification.service.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { role, roleAssignment } from '../role/role.table.js';
import { ticketStateLabels } from '../ticket/ticket.labels.js';
import { roleHoldersFor } from '../ticket/ticket.people.js';
import { ticket } from '../ticket/ticket.table.js';
import { appUser } from '../user/user.table.js';
import { addTimelineEntry, nextPublicNumber, visibleTicket, yuan } from './casework.common.js';
import type { CompensationDto, CompensationFilter, CompensationInput, DecideInput } from './casework.schema.js';
import { compensationApproval, compensationRequest, type compensationStates } from './casework.table.js';
import { chainFor, effectiveTiers, roleNames } from './compensation-tier.service.js';

type RequestRow = typeof compensationRequest.$inferSelect;
const c = compensationRequest;

export const compensationStateLabels: Record<(typeof compensationStates)[number], Record<'zh-CN' | 'en-US', string>> = {
  pending: { 'zh-CN': '审批中', 'en-US': 'pending' },
  approved: { 'zh-CN': '审批通过', 'en-US': 'approved' },
  rejected: { 'zh-CN': '已驳回', 'en-US': 'rejected' },
  withdrawn: { 'zh-CN': '已撤回', 'en-US': 'withdrawn' },
  paid: { 'zh-CN': '已支付', 'en-US': 'paid' },
};

function visible(ctx: AuthedContext) {
  return scopeRows(ctx.actor.scope, { path: c.orgPath, projectId: c.projectId });
}

async function requestRow(db: DbOrTx, ctx: AuthedContext, id: string): Promise<RequestRow> {
  const [row] = await db
    .select()
    .from(c)
    .where(and(eq(c.id, id), visible(ctx)));
  if (!row) throw new AppError('COMPENSATION_NOT_FOUND');
  return row;
}

// ── who may approve ────────────────────────────────────────────────────────

interface Grant {
  roleCode: string;
  kind: 'all' | 'org' | 'projects';
  orgPath: string | null;
  projectIds: string[];
}

/** The user's role assignments with the scope each one covers. */
async function grantsOf(db: DbOrTx, userId: string): Promise<Grant[]> {
  const rows = await db
    .select({
      roleCode: role.code,
      kind: roleAssignment.scopeKind,
      orgPath: organization.path,
      projectIds: roleAssignment.scopeProjectIds,
    })
    .from(roleAssignment)
    .innerJoin(role, eq(role.id, roleAssignment.roleId))
    .leftJoin(organization, eq(organization.id, roleAssignment.scopeOrgId))
    .where(eq(roleAssignment.userId, userId));
  return rows;
}

function grantCovers(g: Grant, row: Pick<RequestRow, 'orgPath' | 'projectId'>): boolean {
  if (g.kind === 'all') return true;
  if (g.kind === 'org') return !!g.orgPath && row.orgPath.startsWith(g.orgPath);
  return g.projectIds.includes(row.projectId);
}

function mayDecide(ctx: AuthedContext, grants: Grant[], row: RequestRow): boolean {
  if (row.state !== 'pending' || row.requestedBy === ctx.actor.id) return false;
  if (!ctx.actor.permissions.has('compensation.approve')) return false;
  const stepRole = row.roleCodes[row.currentStep];
  return grants.some((g) => g.roleCode === stepRole && grantCovers(g, row));
}

/** SQL: pending requests whose current step is one of the user's roles for the request's project. */
function awaitingCondition(ctx: AuthedContext, grants: Grant[]): SQL {
  const stepRole = sql`${c.roleCodes}[${c.currentStep} + 1]`;
  const parts = grants.map((g) => {
    const where =
      g.kind === 'all'
        ? sql`true`
        : g.kind === 'org'
          ? sql`${c.orgPath} like ${`${escapeLike(g.orgPath ?? '\u0000')}%`}`
          : g.projectIds.length
            ? inArray(c.projectId, g.projectIds)
            : sql`false`;
    return sql`(${stepRole} = ${g.roleCode} and ${where})`;
  });
  if (!ctx.actor.permissions.has('compensation.approve') || parts.length === 0) return sql`false`;
  return sql`(${c.state} = 'pending' and ${c.requestedBy} <> ${ctx.actor.id} and (${sql.join(parts, sql` or `)}))`;
}

// ── presenting ─────────────────────────────────────────────────────────────

async function present(db: DbOrTx, ctx: AuthedContext, rows: RequestRow[]): Promise<CompensationDto[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [approvals, tickets, projects, grants, names] = await Promise.all([
    db
      .select({ a: compensationApproval, approverName: appUser.name })
      .from(compensationApproval)
      .innerJoin(appUser, eq(appUser.id, compensationApproval.approverId))
      .where(inArray(compensationApproval.requestId, ids)),
    db
      .select({ id: ticket.id, publicNo: ticket.publicNo, title: ticket.title })
      .from(ticket)
      .where(inArray(ticket.id, [...new Set(rows.map((r) => r.ticketId))])),
    db
      .select({ id: project.id, name: project.name })
      .from(project)
      .where(inArray(project.id, [...new Set(rows.map((r) => r.projectId))])),
    grantsOf(db, ctx.actor.id),
    roleNames(
      db,
      rows.flatMap((r) => r.roleCodes),
    ),
  ]);
  const requesters = await db
    .select({ id: appUser.id, name: appUser.name })
    .from(appUser)
    .where(inArray(appUser.id, [...new Set(rows.map((r) => r.requestedBy))]));
  const ticketOf = new Map(tickets.map((t) => [t.id, t]));
  const projectName = new Map(projects.map((p) => [p.id, p.name]));
  const requesterName = new Map(requesters.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    publicNo: r.publicNo,
    companyId: r.companyId,
    projectId: r.projectId,
    projectName: projectName.get(r.projectId) ?? '',
    ticket: ticketOf.get(r.ticketId) ?? { id: r.ticketId, publicNo: '', title: '' },
    amountFen: r.amountFen,
    reason: r.reason,
    state: r.state,
    currentStep: r.currentStep,
    steps: r.roleCodes.map((code, step) => {
      const decided = approvals.find((x) => x.a.requestId === r.id && x.a.step === step);
      return {
        step,
        roleCode: code,
        roleName: names.get(code) ?? code,
        decision: decided?.a.decision ?? null,
        approverName: decided?.approverName ?? null,
        comment: decided?.a.comment ?? null,
        decidedAt: decided?.a.decidedAt.toISOString() ?? null,
      };
    }),
    requestedById: r.requestedBy,
    requestedByName: requesterName.get(r.requestedBy) ?? '',
    requestedAt: r.requestedAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    paidAt: r.paidAt?.toISOString() ?? null,
    paymentNote: r.paymentNote,
    canDecide: mayDecide(ctx, grants, r),
    canWithdraw: r.state === 'pending' && r.requestedBy === ctx.actor.id,
  }));
}

// ── reading ────────────────────────────────────────────────────────────────

async function conditions(deps: Deps, ctx: AuthedContext, f: CompensationFilter): Promise<SQL | undefined> {
  const list: (SQL | undefined)[] = [visible(ctx)];
  if (f.projectId) list.push(eq(c.projectId, f.projectId));
  if (f.ticketId) list.push(eq(c.ticketId, f.ticketId));
  if (f.state) list.push(eq(c.state, f.state));
  if (f.from) list.push(gte(c.requestedAt, beijingDayStart(f.from)));
  if (f.to) list.push(lt(c.requestedAt, new Date(beijingDayStart(f.to).getTime() + 86_400_000)));
  if (f.awaitingMe === 'true') list.push(awaitingCondition(ctx, await grantsOf(deps.db, ctx.actor.id)));
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    list.push(
      or(
        ilike(c.publicNo, like),
        ilike(c.reason, like),
        sql`${c.ticketId} in (select ${ticket.id} from ${ticket} where ${ticket.publicNo} ilike ${like})`,
      ),
    );
  }
  return and(...list);
}

export async function listCompensations(
  deps: Deps,
  ctx: AuthedContext,
  q: CompensationFilter & { current: number; pageSize: number },
) {
  const where = await conditions(deps, ctx, q);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(c)
      .where(where)
      .orderBy(desc(c.requestedAt))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(c).where(where),
  ]);
  return { data: await present(deps.db, ctx, rows), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

export async function exportCompensations(deps: Deps, ctx: AuthedContext, f: CompensationFilter, limit: number) {
  const rows = await deps.db
    .select()
    .from(c)
    .where(await conditions(deps, ctx, f))
    .orderBy(desc(c.requestedAt))
    .limit(limit);
  return present(deps.db, ctx, rows);
}

export async function getCompensation(deps: Deps, ctx: AuthedContext, id: string): Promise<CompensationDto> {
  const [dto] = await present(deps.db, ctx, [await requestRow(deps.db, ctx, id)]);
  if (!dto) throw new AppError('COMPENSATION_NOT_FOUND');
  return dto;
}

/** Per project in the caller's scope: requests of the year (Beijing), approved, paid and pending sums. */
export async function ledger(deps: Deps, ctx: AuthedContext, year?: number) {
  const y = year ?? Number(beijingDay(deps.clock()).slice(0, 4));
  const from = beijingDayStart(`${y}-01-01`);
  const to = beijingDayStart(`${y + 1}-01-01`);
  const sum = (states: string[]) =>
    sql<string>`coalesce(sum(${c.amountFen}) filter (where ${c.state} in (${sql.join(
      states.map((s) => sql`${s}`),
      sql`, `,
    )})), 0)`;
  const rows = await deps.db
    .select({
      projectId: c.projectId,
      projectName: project.name,
      projectCode: project.code,
      n: sql<number>`count(*) filter (where ${c.state} <> 'withdrawn')::int`,
      approved: sum(['approved', 'paid']),
      paid: sum(['paid']),
      pending: sum(['pending']),
    })
    .from(c)
    .innerJoin(project, eq(project.id, c.projectId))
    .where(and(visible(ctx), gte(c.requestedAt, from), lt(c.requestedAt, to)))
    .groupBy(c.projectId, project.name, project.code)
    .orderBy(asc(project.code));
  return {
    year: y,
    projects: rows.map((r) => ({
      projectId: r.projectId,
      projectName: r.projectName,
      count: r.n,
      approvedFen: Number(r.approved),
      paidFen: Number(r.paid),
      pendingFen: Number(r.pending),
    })),
  };
}

// ── writing ────────────────────────────────────────────────────────────────

export async function requestCompensation(
  deps: Deps,
  ctx: AuthedContext,
  ticketId: string,
  input: CompensationInput,
): Promise<CompensationDto> {
  const t = await visibleTicket(deps.db, ctx, ticketId);
  if (t.state === 'cancelled' || t.state === 'merged') {
    throw new AppError('COMPENSATION_TICKET_STATE', { state: ticketStateLabels[t.state][ctx.locale] });
  }
  const { tiers } = await effectiveTiers(deps.db, t.companyId);
  const chain = chainFor(tiers, input.amountFen);
  if (!chain) throw new AppError('COMPENSATION_NO_TIERS');
  const id = await write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    const publicNo = await nextPublicNumber(tx, deps.database, 'PF', now);
    const [row] = await tx
      .insert(c)
      .values({
        companyId: t.companyId,
        orgPath: t.orgPath,
        projectId: t.projectId,
        ticketId: t.id,
        publicNo,
        amountFen: input.amountFen,
        reason: input.reason,
        roleCodes: chain,
        requestedBy: ctx.actor.id,
        requestedAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert compensation_request returned nothing');
    await addTimelineEntry(tx, t.id, ctx.actor, now, {
      kind: 'note',
      body: `申请赔付 ${publicNo}：${yuan(input.amountFen)}，${input.reason}`,
      data: { compensationId: row.id, compensationNo: publicNo, action: 'requested', amountFen: input.amountFen },
    });
    await notifyApprovers(tx, row, chain[0] ?? '', now);
    audit.record({
      action: 'compensation.request',
      entityType: 'compensation_request',
      entityId: row.id,
      orgPath: row.orgPath,
      projectId: row.projectId,
      summary: `${t.publicNo} 申请赔付 ${publicNo} ${yuan(input.amountFen)}`,
      after: row,
    });
    return row.id;
  });
  return getCompensation(deps, ctx, id);
}

/**
 * A decision on the current step: by someone holding compensation.approve and the step's role
 * over the request's project, never the requester. Approving the last step approves the request;
 * rejecting any step rejects it. The row is locked, so two approvers of one step cannot both act.
 */
export async function decideCompensation(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: DecideInput,
): Promise<CompensationDto> {
  const row = await requestRow(deps.db, ctx, id);
  const stateLabel = (s: RequestRow['state']) => compensationStateLabels[s][ctx.locale];
  if (row.state !== 'pending') throw new AppError('COMPENSATION_DECIDED', { state: stateLabel(row.state) });
  if (row.requestedBy === ctx.actor.id) throw new AppError('COMPENSATION_SELF_APPROVAL');
  const grants = await grantsOf(deps.db, ctx.actor.id);
  if (!mayDecide(ctx, grants, row)) {
    const names = await roleNames(deps.db, row.roleCodes);
    const code = row.roleCodes[row.currentStep] ?? '';
    throw new AppError('COMPENSATION_NOT_YOUR_STEP', { role: names.get(code) ?? code });
  }
  await write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    const [current] = await tx.select().from(c).where(eq(c.id, id)).for('update');
    if (current?.state !== 'pending' || current.currentStep !== row.currentStep) {
      throw new AppError('COMPENSATION_DECIDED', { state: stateLabel(current?.state ?? row.state) });
    }
    const step = current.currentStep;
    const roleCode = current.roleCodes[step] ?? '';
    await tx.insert(compensationApproval).values({
      requestId: id,
      step,
      roleCode,
      approverId: ctx.actor.id,
      decision: input.decision,
      comment: input.comment || null,
      decidedAt: now,
    });
    const last = step === current.roleCodes.length - 1;
    const patch =
      input.decision === 'rejected'
        ? { state: 'rejected' as const, decidedAt: now }
        : last
          ? { state: 'approved' as const, decidedAt: now }
          : { currentStep: step + 1 };
    await tx
      .update(c)
      .set({ ...patch, updatedAt: now })
      .where(eq(c.id, id));
    if (input.decision === 'approved' && !last) {
      await notifyApprovers(tx, current, current.roleCodes[step + 1] ?? '', now);
    } else {
      await notify(tx, {
        userIds: [current.requestedBy],
        kind: 'compensation',
        title: `赔付 ${current.publicNo}（${yuan(current.amountFen)}）${input.decision === 'approved' ? '已审批通过' : '已被驳回'}`,
        params: { action: input.decision, publicNo: current.publicNo, amount: yuan(current.amountFen) },
        ticketId: current.ticketId,
        now,
      });
    }
    const names = await roleNames(tx, [roleCode]);
    const verb = input.decision === 'approved' ? '同意' : '驳回';
    const outcome = input.decision === 'rejected' ? '，申请已驳回' : last ? '，审批通过' : `，转第 ${step + 2} 步审批`;
    await addTimelineEntry(tx, current.ticketId, ctx.actor, now, {
      kind: 'note',
      body: `赔付 ${current.publicNo}（${yuan(current.amountFen)}）第 ${step + 1} 步 ${names.get(roleCode) ?? roleCode}${verb}${outcome}${input.comment ? `：${input.comment}` : ''}`,
      data: {
        compensationId: id,
        compensationNo: current.publicNo,
        action: 'decided',
        step,
        roleCode,
        decision: input.decision,
      },
    });
    audit.record({
      action: `compensation.${input.decision === 'approved' ? 'approve' : 'reject'}`,
      entityType: 'compensation_request',
      entityId: id,
      orgPath: current.orgPath,
      projectId: current.projectId,
      summary: `赔付 ${current.publicNo} 第 ${step + 1} 步${verb}${outcome}`,
      before: { state: current.state, currentStep: step },
      after: { ...patch, comment: input.comment ?? null },
    });
  });
  return getCompensation(deps, ctx, id);
}

export async function withdrawCompensation(deps: Deps, ctx: AuthedContext, id: string): Promise<CompensationDto> {
  const row = await requestRow(deps.db, ctx, id);
  if (row.requestedBy !== ctx.actor.id) throw new AppError('COMPENSATION_NOT_REQUESTER');
  await write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    const [updated] = await tx
      .update(c)
      .set({ state: 'withdrawn', decidedAt: now, updatedAt: now })
      .where(and(eq(c.id, id), eq(c.state, 'pending')))
      .returning({ id: c.id });
    if (!updated) {
      const [current] = await tx.select({ state: c.state }).from(c).where(eq(c.id, id));
      throw new AppError('COMPENSATION_NOT_PENDING', {
        state: compensationStateLabels[current?.state ?? row.state][ctx.locale],
      });
    }
    await addTimelineEntry(tx, row.ticketId, ctx.actor, now, {
      kind: 'note',
      body: `撤回赔付申请 ${row.publicNo}（${yuan(row.amountFen)}）`,
      data: { compensationId: id, compensationNo: row.publicNo, action: 'withdrawn' },
    });
    audit.record({
      action: 'compensation.withdraw',
      entityType: 'compensation_request',
      entityId: id,
      orgPath: row.orgPath,
      projectId: row.projectId,
      summary: `撤回赔付申请 ${row.publicNo}`,
    });
  });
  return getCompensation(deps, ctx, id);
}

export async function markPaid(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  paymentNote: string,
): Promise<CompensationDto> {
  const row = await requestRow(deps.db, ctx, id);
  await write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    const [updated] = await tx
      .update(c)
      .set({ state: 'paid', paidAt: now, paymentNote, updatedAt: now })
      .where(and(eq(c.id, id), eq(c.state, 'approved')))
      .returning({ id: c.id });
    if (!updated) {
      const [current] = await tx.select({ state: c.state }).from(c).where(eq(c.id, id));
      throw new AppError('COMPENSATION_NOT_APPROVED', {
        state: compensationStateLabels[current?.state ?? row.state][ctx.locale],
      });
    }
    await addTimelineEntry(tx, row.ticketId, ctx.actor, now, {
      kind: 'note',
      body: `赔付 ${row.publicNo}（${yuan(row.amountFen)}）已支付：${paymentNote}`,
      data: { compensationId: id, compensationNo: row.publicNo, action: 'paid' },
    });
    audit.record({
      action: 'compensation.paid',
      entityType: 'compensation_request',
      entityId: id,
      orgPath: row.orgPath,
      projectId: row.projectId,
      summary: `赔付 ${row.publicNo} 已支付 ${yuan(row.amountFen)}`,
      after: { paymentNote },
    });
  });
  return getCompensation(deps, ctx, id);
}

/** The holders of the step's role over the request's project (not the requester) hear of it. */
async function notifyApprovers(tx: DbOrTx, row: RequestRow, roleCode: string, now: Date): Promise<void> {
  const holders = await roleHoldersFor(tx, roleCode, row.projectId);
  await notify(tx, {
    userIds: holders.filter((id) => id !== row.requestedBy),
    kind: 'compensation',
    title: `赔付 ${row.publicNo}（${yuan(row.amountFen)}）待您审批：${row.reason}`,
    params: { action: 'pending', publicNo: row.publicNo, amount: yuan(row.amountFen), reason: row.reason },
    ticketId: row.ticketId,
    now,
  });
}

import { and, asc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { type AuditRecorder, write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { formatDateTime } from '../../platform/locale.js';
import { type DataScope, requireGroupScope, scopeCoversPath } from '../../platform/scope.js';
import { catalogueNode } from '../catalogue/catalogue.table.js';
import { organization } from '../org/org.table.js';
import { role } from '../role/role.table.js';
import { appUser } from '../user/user.table.js';
import { defaultLadder, type LadderRung, ladderFor } from './escalation.ladder.js';
import type { EscalationPolicyDto, EscalationPolicyInput } from './escalation.schema.js';
import { publishTicket } from './ticket.people.js';
import { engineForTicket, type RungChange, replanEscalations } from './ticket.sla.js';
import { openStates } from './ticket.states.js';
import { escalationLevel, escalationPolicy, ticket } from './ticket.table.js';
import { addEvent, auditTicket } from './ticket.workflow.js';

/**
 * 升级规则. A policy belongs to a company (changed by someone whose scope covers the company) or
 * to the whole group (companyId null: all-data scope only). `ladderFor` (escalation.ladder.ts)
 * picks the most specific active one for a ticket.
 *
 * Changing a policy does not rewrite history (fired escalations stay as they were), but the open
 * tickets of the companies it concerns whose ladder now plans differently get their rungs that
 * have not fired planned again by the new delays, in the same transaction, with a line on each
 * ticket's timeline (`replanOpenTickets`). Who is told at each level is decided when the level
 * fires, from the ladder in force then.
 */

type PolicyRow = typeof escalationPolicy.$inferSelect;

/** Visible: the group's, and those of companies the scope reaches (covers, or has projects in). */
function visible(scope: DataScope, p: Pick<PolicyRow, 'companyId' | 'orgPath'>): boolean {
  if (scope.all || p.companyId === null) return true;
  return (
    scopeCoversPath(scope, p.orgPath) ||
    [...scope.orgPaths, ...scope.projectOrgPaths].some((x) => x.startsWith(p.orgPath))
  );
}

function editable(scope: DataScope, p: Pick<PolicyRow, 'companyId' | 'orgPath'>): boolean {
  if (p.companyId === null) return scope.all;
  return scopeCoversPath(scope, p.orgPath);
}

async function present(deps: Deps, ctx: AuthedContext, rows: PolicyRow[]): Promise<EscalationPolicyDto[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const levels = await deps.db
    .select()
    .from(escalationLevel)
    .where(inArray(escalationLevel.policyId, ids))
    .orderBy(asc(escalationLevel.level));
  const companyIds = rows.map((r) => r.companyId).filter((x): x is string => x !== null);
  const companies = companyIds.length
    ? await deps.db
        .select({ id: organization.id, name: organization.name })
        .from(organization)
        .where(inArray(organization.id, companyIds))
    : [];
  const nodeIds = rows.map((r) => r.catalogueNodeId).filter((x): x is string => x !== null);
  const nodes = nodeIds.length
    ? await deps.db
        .select({ id: catalogueNode.id, name: catalogueNode.name })
        .from(catalogueNode)
        .where(inArray(catalogueNode.id, nodeIds))
    : [];
  const rungs = await rungViews(
    deps,
    levels.map((l) => ({ ...l, userIds: l.userIds })),
  );
  const companyName = new Map(companies.map((c) => [c.id, c.name]));
  const nodeName = new Map(nodes.map((n) => [n.id, n.name]));
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    companyId: p.companyId,
    companyName: p.companyId ? (companyName.get(p.companyId) ?? null) : null,
    ticketType: p.ticketType,
    catalogueNodeId: p.catalogueNodeId,
    catalogueNodeName: p.catalogueNodeId ? (nodeName.get(p.catalogueNodeId) ?? null) : null,
    active: p.active,
    editable: editable(ctx.actor.scope, p),
    levels: rungs.filter((r) => r.policyId === p.id).map(({ policyId: _, ...r }) => r),
    updatedAt: p.updatedAt.toISOString(),
  }));
}

async function rungViews(deps: Deps, rungs: (LadderRung & { policyId?: string })[]) {
  const roles = await deps.db.select({ code: role.code, name: role.name }).from(role);
  const roleName = new Map(roles.map((r) => [r.code, r.name]));
  const userIds = [...new Set(rungs.flatMap((r) => r.userIds))];
  const users = userIds.length
    ? await deps.db.select({ id: appUser.id, name: appUser.name }).from(appUser).where(inArray(appUser.id, userIds))
    : [];
  const userName = new Map(users.map((u) => [u.id, u.name]));
  return rungs.map((r) => ({
    policyId: r.policyId,
    level: r.level,
    name: r.name,
    afterMinutes: r.afterMinutes,
    targetKind: r.targetKind,
    roleCode: r.roleCode,
    roleName: r.roleCode ? (roleName.get(r.roleCode) ?? null) : null,
    userIds: r.userIds,
    users: r.userIds.map((id) => ({ id, name: userName.get(id) ?? '' })),
  }));
}

export async function listPolicies(deps: Deps, ctx: AuthedContext): Promise<EscalationPolicyDto[]> {
  const rows = await deps.db
    .select()
    .from(escalationPolicy)
    .orderBy(asc(escalationPolicy.orgPath), asc(escalationPolicy.name));
  return present(
    deps,
    ctx,
    rows.filter((r) => visible(ctx.actor.scope, r)),
  );
}

export async function defaultLadderView(deps: Deps) {
  return {
    name: '内置默认升级规则',
    description:
      '没有配置适用的升级规则时使用：办结时限到期时报客服主管，之后 4 个工作小时报项目经理，8 个工作小时报公司客服负责人，16 个工作小时报公司领导。',
    levels: (await rungViews(deps, [...defaultLadder])).map(({ policyId: _, ...r }) => r),
  };
}

async function findPolicy(deps: Deps, ctx: AuthedContext, id: string): Promise<PolicyRow> {
  const [row] = await deps.db.select().from(escalationPolicy).where(eq(escalationPolicy.id, id));
  if (!row || !visible(ctx.actor.scope, row)) throw new AppError('ESCALATION_POLICY_NOT_FOUND');
  return row;
}

function requireEditable(ctx: AuthedContext, p: Pick<PolicyRow, 'companyId' | 'orgPath'>): void {
  if (p.companyId === null) requireGroupScope(ctx.actor.scope);
  else if (!scopeCoversPath(ctx.actor.scope, p.orgPath)) throw new AppError('ESCALATION_COMPANY_SCOPE');
}

/** Checks the input and answers where the policy hangs (its company's org path, or '/'). */
async function checked(tx: Tx, ctx: AuthedContext, input: EscalationPolicyInput): Promise<{ orgPath: string }> {
  let orgPath = '/';
  if (input.companyId) {
    const [company] = await tx
      .select({ path: organization.path, kind: organization.kind })
      .from(organization)
      .where(eq(organization.id, input.companyId));
    if (company?.kind !== 'company') throw new AppError('ORG_NOT_FOUND');
    orgPath = company.path;
  }
  requireEditable(ctx, { companyId: input.companyId, orgPath });
  if (input.catalogueNodeId) {
    const [node] = await tx
      .select({ id: catalogueNode.id })
      .from(catalogueNode)
      .where(eq(catalogueNode.id, input.catalogueNodeId));
    if (!node) throw new AppError('CATALOGUE_NODE_NOT_FOUND');
  }
  const levels = [...input.levels].sort((a, b) => a.level - b.level);
  const zh = ctx.locale === 'zh-CN';
  levels.forEach((l, i) => {
    if (l.level !== i + 1) {
      throw new AppError('ESCALATION_LEVELS_INVALID', {
        reason: zh ? '级别须从 1 起连续编号' : 'levels must be numbered 1, 2, 3 … without gaps',
      });
    }
    const previous = levels[i - 1];
    if (previous && l.afterMinutes < previous.afterMinutes) {
      throw new AppError('ESCALATION_LEVELS_INVALID', {
        reason: zh
          ? `第 ${l.level} 级的升级时间不能早于第 ${previous.level} 级`
          : `level ${l.level} cannot come before level ${previous.level}`,
      });
    }
  });
  const roleCodes = new Set((await tx.select({ code: role.code }).from(role)).map((r) => r.code));
  for (const l of levels) {
    if (l.targetKind === 'role') {
      if (!l.roleCode || !roleCodes.has(l.roleCode)) {
        throw new AppError('ESCALATION_ROLE_UNKNOWN', { level: l.level, code: l.roleCode ?? '' });
      }
    } else {
      const ids = [...new Set(l.userIds ?? [])];
      if (ids.length === 0) throw new AppError('ESCALATION_USERS_INVALID', { level: l.level });
      const found = await tx
        .select({ id: appUser.id })
        .from(appUser)
        .where(and(inArray(appUser.id, ids), eq(appUser.active, true)));
      if (found.length !== ids.length) throw new AppError('ESCALATION_USERS_INVALID', { level: l.level });
    }
  }
  return { orgPath };
}

function rungRows(policyId: string, input: EscalationPolicyInput) {
  return input.levels.map((l) => ({
    policyId,
    level: l.level,
    name: l.name,
    afterMinutes: l.afterMinutes,
    targetKind: l.targetKind,
    roleCode: l.targetKind === 'role' ? (l.roleCode ?? null) : null,
    userIds: l.targetKind === 'users' ? [...new Set(l.userIds ?? [])] : [],
  }));
}

const auditView = (input: EscalationPolicyInput) => ({
  name: input.name,
  companyId: input.companyId,
  ticketType: input.ticketType ?? null,
  catalogueNodeId: input.catalogueNodeId ?? null,
  active: input.active,
  levels: input.levels,
});

function rungLine(c: RungChange): string {
  const at = (d: Date | null) => (d ? formatDateTime(d) : '挂起中，恢复后计时');
  if (c.removed) return `第 ${c.level} 级已从规则中移除，不再升级`;
  if (c.added) return `第 ${c.level} 级 ${at(c.after)}`;
  return `第 ${c.level} 级 ${c.before ? formatDateTime(c.before) : '—'} → ${at(c.after)}`;
}

/**
 * After a policy edit: the open tickets of `companyIds` (every company for a group policy, null)
 * whose ladder now plans their not-yet-fired rungs differently are planned again
 * (`replanEscalations`), each with a timeline line and an audit entry. Answers how many changed.
 */
async function replanOpenTickets(
  tx: Tx,
  audit: AuditRecorder,
  ctx: AuthedContext,
  companyIds: (string | null)[],
  policyName: string,
  verb: '新建' | '修改' | '删除',
  now: Date,
): Promise<number> {
  const group = companyIds.includes(null);
  const companies = companyIds.filter((c): c is string => c !== null);
  if (!group && companies.length === 0) return 0;
  const where: SQL[] = [inArray(ticket.state, [...openStates]), isNotNull(ticket.resolutionDueAt)];
  if (!group) where.push(inArray(ticket.companyId, companies));
  const rows = await tx
    .select()
    .from(ticket)
    .where(and(...where))
    .for('update');
  let changed = 0;
  // Many tickets share a calendar and a ladder: each is read once.
  const engines = new Map<string | null, Awaited<ReturnType<typeof engineForTicket>>>();
  const ladders = new Map<string, LadderRung[]>();
  for (const row of rows) {
    const ladderKey = `${row.companyId}|${row.type}|${row.catalogueItemId ?? ''}`;
    const ladder = ladders.get(ladderKey) ?? (await ladderFor(tx, row));
    ladders.set(ladderKey, ladder);
    const engine = engines.get(row.calendarId) ?? (await engineForTicket(tx, row.calendarId));
    engines.set(row.calendarId, engine);
    const changes = await replanEscalations(tx, row, engine, ladder, now);
    if (changes.length === 0) continue;
    changed++;
    const body = `升级规则「${policyName}」已${verb}，未触发的升级重新计划：${changes.map(rungLine).join('；')}`;
    await addEvent(tx, row.id, ctx.actor, now, {
      kind: 'deadline_recomputed',
      body,
      data: {
        cause: 'escalation_policy',
        policyName,
        verb,
        rungs: changes.map((c) => ({
          level: c.level,
          before: c.before?.toISOString() ?? null,
          after: c.after?.toISOString() ?? null,
          removed: c.removed,
        })),
      },
    });
    await tx.update(ticket).set({ updatedAt: now }).where(eq(ticket.id, row.id));
    auditTicket(audit, row, 'escalation_replanned', '升级规则修改，重新计划升级', {
      after: changes.map((c) => ({ level: c.level, after: c.after, removed: c.removed })),
    });
    await publishTicket(tx, row);
  }
  return changed;
}

export async function createPolicy(
  deps: Deps,
  ctx: AuthedContext,
  input: EscalationPolicyInput,
): Promise<EscalationPolicyDto> {
  const id = await write(deps, ctx, async (tx, audit) => {
    const { orgPath } = await checked(tx, ctx, input);
    const now = deps.clock();
    const [row] = await tx
      .insert(escalationPolicy)
      .values({
        companyId: input.companyId,
        orgPath,
        name: input.name,
        ticketType: input.ticketType ?? null,
        catalogueNodeId: input.catalogueNodeId ?? null,
        active: input.active,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('escalation policy not created');
    await tx.insert(escalationLevel).values(rungRows(row.id, input));
    await replanOpenTickets(tx, audit, ctx, [input.companyId], input.name, '新建', now);
    audit.record({
      action: 'escalation_policy.create',
      entityType: 'escalation_policy',
      entityId: row.id,
      summary: `新建升级规则「${input.name}」`,
      after: auditView(input),
      orgPath,
    });
    return row.id;
  });
  return (await present(deps, ctx, [await findPolicy(deps, ctx, id)]))[0] as EscalationPolicyDto;
}

export async function updatePolicy(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: EscalationPolicyInput,
): Promise<EscalationPolicyDto> {
  const existing = await findPolicy(deps, ctx, id);
  requireEditable(ctx, existing);
  const before = (await present(deps, ctx, [existing]))[0];
  await write(deps, ctx, async (tx, audit) => {
    const { orgPath } = await checked(tx, ctx, input);
    await tx
      .update(escalationPolicy)
      .set({
        companyId: input.companyId,
        orgPath,
        name: input.name,
        ticketType: input.ticketType ?? null,
        catalogueNodeId: input.catalogueNodeId ?? null,
        active: input.active,
        updatedAt: deps.clock(),
      })
      .where(eq(escalationPolicy.id, id));
    await tx.delete(escalationLevel).where(eq(escalationLevel.policyId, id));
    await tx.insert(escalationLevel).values(rungRows(id, input));
    await replanOpenTickets(tx, audit, ctx, [existing.companyId, input.companyId], input.name, '修改', deps.clock());
    audit.record({
      action: 'escalation_policy.update',
      entityType: 'escalation_policy',
      entityId: id,
      summary: `修改升级规则「${input.name}」`,
      before,
      after: auditView(input),
      orgPath,
    });
  });
  return (await present(deps, ctx, [await findPolicy(deps, ctx, id)]))[0] as EscalationPolicyDto;
}

export async function deletePolicy(deps: Deps, ctx: AuthedContext, id: string): Promise<void> {
  const existing = await findPolicy(deps, ctx, id);
  requireEditable(ctx, existing);
  const before = (await present(deps, ctx, [existing]))[0];
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(escalationPolicy).where(eq(escalationPolicy.id, id));
    await replanOpenTickets(tx, audit, ctx, [existing.companyId], existing.name, '删除', deps.clock());
    audit.record({
      action: 'escalation_policy.delete',
      entityType: 'escalation_policy',
      entityId: id,
      summary: `删除升级规则「${existing.name}」`,
      before,
      orgPath: existing.orgPath,
    });
  });
}

/** Demo data: the group ladder as the built-in one, and a stricter one for complaints (投诉). */
export async function seedEscalationPolicies(tx: Tx, audit: AuditRecorder, now: Date): Promise<void> {
  const existing = await tx
    .select({ id: escalationPolicy.id })
    .from(escalationPolicy)
    .where(isNull(escalationPolicy.companyId));
  if (existing.length > 0) return;
  const policies: { name: string; ticketType: 'complaint' | null; after: number[] }[] = [
    { name: '集团标准升级规则', ticketType: null, after: defaultLadder.map((r) => r.afterMinutes) },
    { name: '投诉从严升级规则', ticketType: 'complaint', after: [0, 120, 240, 480] },
  ];
  for (const p of policies) {
    const [row] = await tx
      .insert(escalationPolicy)
      .values({ companyId: null, orgPath: '/', name: p.name, ticketType: p.ticketType, createdAt: now, updatedAt: now })
      .returning({ id: escalationPolicy.id });
    if (!row) continue;
    audit.record({
      action: 'escalation_policy.create',
      entityType: 'escalation_policy',
      entityId: row.id,
      orgPath: '/',
      summary: `演示数据：升级规则「${p.name}」`,
    });
    await tx.insert(escalationLevel).values(
      defaultLadder.map((r, i) => ({
        policyId: row.id,
        level: r.level,
        name: r.name,
        afterMinutes: p.after[i] ?? r.afterMinutes,
        targetKind: r.targetKind,
        roleCode: r.roleCode,
        userIds: [],
      })),
    );
  }
}

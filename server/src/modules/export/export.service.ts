// Exports of personal data (QUALITY.md 19): masked, logged, and above a threshold only after approval.
import { and, count, desc, eq, gt, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { sendExport } from '../../platform/excel.js';
import { formatDateTime, type Locale } from '../../platform/locale.js';
import { scopeRoot, scopeRows } from '../../platform/scope.js';
import { localiseIssue, type ValidationIssue } from '../../platform/validation-messages.js';
import { registeredExport } from './export.registry.js';
import type { ExportRequestDto, ExportRequestInput } from './export.schema.js';
import { exportRequest } from './export.table.js';
import type { RegisteredExport } from './personal-export.js';

type ExportRequestRow = typeof exportRequest.$inferSelect;
type Status = ExportRequestRow['status'];

const HOUR = 3_600_000;

// ── the direct export ──────────────────────────────────────────────────────

function approvalRequired(def: RegisteredExport, rowCount: number, threshold: number): AppError {
  return new AppError(
    'EXPORT_APPROVAL_REQUIRED',
    { rowCount, threshold },
    { rowCount, threshold, resource: def.resource },
  );
}

/**
 * GET /api/<list>/export for a list of personal data: up to the threshold the file is sent at
 * once (masked and audited); above it the answer is 403 EXPORT_APPROVAL_REQUIRED with the row
 * count and the threshold, so the client can offer to ask for approval.
 */
export async function exportPersonalData(
  deps: Deps,
  ctx: AuthedContext,
  reply: FastifyReply,
  def: RegisteredExport,
  query: unknown,
): Promise<FastifyReply> {
  const threshold = await deps.parameters.get('export.approval_threshold');
  const rowCount = await def.count(deps, ctx, query);
  if (rowCount > threshold) throw approvalRequired(def, rowCount, threshold);
  const prepared = await def.prepare(deps, ctx, query);
  // Rows added between the count and the read do not slip past the rule.
  if (prepared.rowCount > threshold) throw approvalRequired(def, prepared.rowCount, threshold);
  return sendExport(deps, ctx, reply, prepared);
}

// ── requests ───────────────────────────────────────────────────────────────

const statusWords: Record<Status, Record<Locale, string>> = {
  pending: { 'zh-CN': '待审批', 'en-US': 'pending' },
  approved: { 'zh-CN': '已批准', 'en-US': 'approved' },
  rejected: { 'zh-CN': '已驳回', 'en-US': 'rejected' },
  used: { 'zh-CN': '已下载', 'en-US': 'downloaded' },
  expired: { 'zh-CN': '已过期', 'en-US': 'expired' },
};

/** An approved request past its download window reads as expired; nothing rewrites the row. */
function effectiveStatus(row: ExportRequestRow, now: Date): Status {
  if (row.status === 'approved' && row.expiresAt && row.expiresAt <= now) return 'expired';
  return row.status;
}

function statusCondition(status: Status, now: Date): SQL | undefined {
  if (status === 'approved') return and(eq(exportRequest.status, 'approved'), gt(exportRequest.expiresAt, now));
  if (status === 'expired') {
    return or(
      eq(exportRequest.status, 'expired'),
      and(eq(exportRequest.status, 'approved'), lte(exportRequest.expiresAt, now)),
    );
  }
  return eq(exportRequest.status, status);
}

const canApprove = (ctx: AuthedContext) => ctx.actor.permissions.has('export.approve');

/**
 * The requests a caller sees: their own; and, holding export.approve, those whose org path their
 * data scope covers — a request inside their part of the organisation. An approver decides only
 * what they have authority over: a request reaching beyond their scope (a group-wide export by an
 * all-data administrator holds every company's data) is seen and decided by all-data approvers
 * alone. Project grants do not cover a request: it records an organisation path, not projects.
 */
function visibleTo(ctx: AuthedContext): SQL | undefined {
  const mine = eq(exportRequest.requestedBy, ctx.actor.id);
  if (!canApprove(ctx)) return mine;
  const scope = ctx.actor.scope;
  if (scope.all) return undefined;
  return or(mine, scopeRows(scope, { path: exportRequest.orgPath }));
}

async function present(deps: Deps, ctx: AuthedContext, rows: ExportRequestRow[]): Promise<ExportRequestDto[]> {
  const now = deps.clock();
  return Promise.all(
    rows.map(async (r) => {
      const def = registeredExport(r.resource);
      const status = effectiveStatus(r, now);
      const mine = r.requestedBy === ctx.actor.id;
      return {
        id: r.id,
        resource: r.resource,
        resourceLabel: def?.label[ctx.locale] ?? r.resource,
        query: r.query,
        filters: def ? await def.describe(deps, ctx.locale, r.query).catch(() => []) : [],
        rowCount: r.rowCount,
        reason: r.reason,
        status,
        requestedBy: r.requestedBy,
        requestedByName: r.requestedByName,
        decidedByName: r.decidedByName,
        decidedAt: r.decidedAt?.toISOString() ?? null,
        decisionNote: r.decisionNote,
        expiresAt: r.expiresAt?.toISOString() ?? null,
        usedAt: r.usedAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
        mine,
        canDecide: !mine && status === 'pending' && canApprove(ctx),
        canDownload: mine && status === 'approved' && !!def && ctx.actor.permissions.has(def.permission),
      };
    }),
  );
}

async function visibleRequest(deps: Deps, ctx: AuthedContext, id: string): Promise<ExportRequestRow> {
  const [row] = await deps.db
    .select()
    .from(exportRequest)
    .where(and(eq(exportRequest.id, id), visibleTo(ctx)));
  if (!row) throw new AppError('EXPORT_REQUEST_NOT_FOUND');
  return row;
}

/** The list's export permission, or 403 as if the list's own export endpoint were called. */
function exportFor(ctx: AuthedContext, resource: string): RegisteredExport {
  const def = registeredExport(resource);
  if (!def) throw new AppError('EXPORT_REQUEST_NOT_FOUND');
  if (!ctx.actor.permissions.has(def.permission)) throw new AppError('FORBIDDEN');
  return def;
}

const filterSummary = (filters: { label: string; value: string }[]) =>
  filters.length === 0 ? '无筛选条件' : filters.map((f) => `${f.label}：${f.value}`).join('，');

export async function createExportRequest(
  deps: Deps,
  ctx: AuthedContext,
  input: ExportRequestInput,
): Promise<ExportRequestDto> {
  const def = exportFor(ctx, input.resource);
  const parsed = def.parse(input.query);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      field: ['query', ...issue.path.map(String)].join('.'),
      in: 'body',
      message: localiseIssue(issue as ValidationIssue, ctx.locale),
    }));
    throw new AppError('VALIDATION_FAILED', {}, { errors });
  }
  const query = parsed.data;
  const rowCount = await def.count(deps, ctx, query);
  const filters = await def.describe(deps, 'zh-CN', query);
  const now = deps.clock();
  const orgPath = scopeRoot(ctx.actor.scope);
  const row = await write(deps, ctx, async (tx, audit) => {
    const [created] = await tx
      .insert(exportRequest)
      .values({
        resource: def.resource,
        query,
        rowCount,
        reason: input.reason,
        orgPath,
        requestedBy: ctx.actor.id,
        requestedByName: ctx.actor.name,
        createdAt: now,
      })
      .returning();
    if (!created) throw new Error('insert export request returned nothing');
    audit.record({
      action: 'export_request.create',
      entityType: 'export_request',
      entityId: created.id,
      orgPath,
      summary: `申请导出${def.label['zh-CN']} ${rowCount} 条（${filterSummary(filters)}）`,
      after: { resource: def.resource, query, rowCount, reason: input.reason },
    });
    return created;
  });
  const [dto] = await present(deps, ctx, [row]);
  return dto as ExportRequestDto;
}

export async function listExportRequests(
  deps: Deps,
  ctx: AuthedContext,
  q: { current: number; pageSize: number; status?: Status; mine?: 'true' | 'false' },
) {
  const now = deps.clock();
  const where = and(
    visibleTo(ctx),
    q.mine === 'true' ? eq(exportRequest.requestedBy, ctx.actor.id) : undefined,
    q.status ? statusCondition(q.status, now) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(exportRequest)
      .where(where)
      .orderBy(desc(exportRequest.createdAt), desc(exportRequest.id))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(exportRequest).where(where),
  ]);
  return { data: await present(deps, ctx, rows), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

export async function decideExportRequest(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  decision: 'approve' | 'reject',
  note: string | undefined,
): Promise<ExportRequestDto> {
  const row = await visibleRequest(deps, ctx, id);
  if (row.requestedBy === ctx.actor.id) throw new AppError('EXPORT_SELF_APPROVAL');
  const now = deps.clock();
  const refuseDecided = (status: Status) =>
    new AppError('EXPORT_REQUEST_DECIDED', { status: statusWords[status][ctx.locale] });
  if (row.status !== 'pending') throw refuseDecided(effectiveStatus(row, now));
  const approve = decision === 'approve';
  const hours = await deps.parameters.get('export.download_hours');
  const expiresAt = approve ? new Date(now.getTime() + hours * HOUR) : null;
  const label = registeredExport(row.resource)?.label['zh-CN'] ?? row.resource;
  const updated = await write(deps, ctx, async (tx, audit) => {
    // Only a request still pending is decided: two approvers at once cannot both decide it.
    const [changed] = await tx
      .update(exportRequest)
      .set({
        status: approve ? 'approved' : 'rejected',
        decidedBy: ctx.actor.id,
        decidedByName: ctx.actor.name,
        decidedAt: now,
        decisionNote: note || null,
        expiresAt,
      })
      .where(and(eq(exportRequest.id, id), eq(exportRequest.status, 'pending')))
      .returning();
    if (!changed) return undefined;
    audit.record({
      action: approve ? 'export_request.approve' : 'export_request.reject',
      entityType: 'export_request',
      entityId: id,
      orgPath: row.orgPath,
      summary: approve
        ? `批准 ${row.requestedByName} 导出${label} ${row.rowCount} 条，${hours} 小时内有效`
        : `驳回 ${row.requestedByName} 导出${label} ${row.rowCount} 条：${note ?? ''}`,
      before: { status: 'pending' },
      after: { status: changed.status, note: note || null, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return changed;
  });
  if (!updated) throw refuseDecided(effectiveStatus(await visibleRequest(deps, ctx, id), now));
  const [dto] = await present(deps, ctx, [updated]);
  return dto as ExportRequestDto;
}

/**
 * The approved file, for its requester only, once, within the download window: the stored
 * query runs again now, under the requester's current scope and permissions, masked as always.
 */
export async function downloadExportRequest(
  deps: Deps,
  ctx: AuthedContext,
  reply: FastifyReply,
  id: string,
): Promise<FastifyReply> {
  const row = await visibleRequest(deps, ctx, id);
  if (row.requestedBy !== ctx.actor.id) throw new AppError('EXPORT_NOT_REQUESTER');
  const now = deps.clock();
  if (row.status === 'pending' || row.status === 'rejected') {
    const words =
      row.status === 'pending'
        ? { 'zh-CN': '尚待审批', 'en-US': 'still waiting for approval' }
        : { 'zh-CN': '已被驳回', 'en-US': 'rejected' };
    throw new AppError('EXPORT_NOT_APPROVED', { status: words[ctx.locale] });
  }
  if (row.status === 'used') {
    throw new AppError('EXPORT_ALREADY_DOWNLOADED', { time: row.usedAt ? formatDateTime(row.usedAt) : '' });
  }
  const expired = () => {
    const hours =
      row.expiresAt && row.decidedAt ? Math.round((row.expiresAt.getTime() - row.decidedAt.getTime()) / HOUR) : '';
    return new AppError('EXPORT_REQUEST_EXPIRED', {
      time: row.expiresAt ? formatDateTime(row.expiresAt) : '',
      hours,
    });
  };
  if (effectiveStatus(row, now) === 'expired' || !row.expiresAt) throw expired();
  const def = exportFor(ctx, row.resource);
  const prepared = await def.prepare(deps, ctx, row.query);
  const audit = {
    ...prepared.audit,
    summary: `${prepared.audit.summary ?? ''}，经审批下载（申请时 ${row.rowCount} 条，审批人 ${row.decidedByName ?? ''}）`,
    after: { ...row.query, exportRequestId: row.id },
  };
  return sendExport(deps, ctx, reply, { ...prepared, audit }, async (tx, recorder) => {
    // Once: the request turns used in the transaction that logs the export, or the file is not sent.
    const [used] = await tx
      .update(exportRequest)
      .set({ status: 'used', usedAt: now })
      .where(
        and(
          eq(exportRequest.id, id),
          eq(exportRequest.status, 'approved'),
          isNull(exportRequest.usedAt),
          gt(exportRequest.expiresAt, now),
        ),
      )
      .returning();
    if (!used) throw new AppError('EXPORT_ALREADY_DOWNLOADED', { time: formatDateTime(now) });
    recorder.record({
      action: 'export_request.download',
      entityType: 'export_request',
      entityId: id,
      orgPath: row.orgPath,
      summary: `下载已批准的导出（${prepared.rowCount} 条）`,
      before: { status: 'approved' },
      after: { status: 'used' },
    });
  });
}

// 更名: a customer's name changes through a request and someone else's approval.
import { and, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import { nameKeys } from './customer.names.js';
import { customerRow, customerScope, type Locale } from './customer.repository.js';
import { customer, renameRequest, type renameStatuses } from './customer.table.js';
import type { RenameRequestDto, RenameRequestInput } from './rename.schema.js';

type RenameStatus = (typeof renameStatuses)[number];
type RenameRow = typeof renameRequest.$inferSelect;

const statusWords: Record<RenameStatus, Record<Locale, string>> = {
  pending: { 'zh-CN': '待审批', 'en-US': 'pending' },
  approved: { 'zh-CN': '审批通过', 'en-US': 'approved' },
  rejected: { 'zh-CN': '驳回', 'en-US': 'rejected' },
  withdrawn: { 'zh-CN': '撤回', 'en-US': 'withdrawn' },
};

function selectRequests(db: DbOrTx) {
  return db
    .select({ request: renameRequest, customerCode: customer.code, customerName: customer.name })
    .from(renameRequest)
    .innerJoin(customer, eq(customer.id, renameRequest.customerId));
}

function present(r: { request: RenameRow; customerCode: string; customerName: string }): RenameRequestDto {
  const q = r.request;
  return {
    id: q.id,
    customerId: q.customerId,
    customerCode: r.customerCode,
    customerName: r.customerName,
    oldName: q.oldName,
    newName: q.newName,
    reason: q.reason,
    evidence: q.evidence,
    status: q.status,
    requestedBy: q.requestedBy,
    requestedByName: q.requestedByName,
    createdAt: q.createdAt.toISOString(),
    decidedBy: q.decidedBy,
    decidedByName: q.decidedByName,
    decidedAt: q.decidedAt?.toISOString() ?? null,
    decisionNote: q.decisionNote,
  };
}

export interface RenameFilter {
  status?: RenameStatus;
  customerId?: string;
  q?: string;
}

function conditions(ctx: AuthedContext, f: RenameFilter): SQL | undefined {
  const list: (SQL | undefined)[] = [customerScope(ctx)];
  if (f.status) list.push(eq(renameRequest.status, f.status));
  if (f.customerId) list.push(eq(renameRequest.customerId, f.customerId));
  if (f.q) {
    const k = `%${escapeLike(f.q)}%`;
    list.push(
      or(
        ilike(customer.code, k),
        ilike(customer.name, k),
        ilike(renameRequest.oldName, k),
        ilike(renameRequest.newName, k),
      ),
    );
  }
  return and(...list);
}

export async function listRenameRequests(
  deps: Deps,
  ctx: AuthedContext,
  q: RenameFilter & { current: number; pageSize: number },
) {
  const where = conditions(ctx, q);
  const [rows, [total]] = await Promise.all([
    selectRequests(deps.db)
      // The oldest waiting request first: it has waited longest.
      .where(where)
      .orderBy(...(q.status === 'pending' ? [renameRequest.createdAt] : [desc(renameRequest.createdAt)]))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db
      .select({ n: count() })
      .from(renameRequest)
      .innerJoin(customer, eq(customer.id, renameRequest.customerId))
      .where(where),
  ]);
  return { data: rows.map(present), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

export async function countRenameRequests(deps: Deps, ctx: AuthedContext, f: RenameFilter): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(renameRequest)
    .innerJoin(customer, eq(customer.id, renameRequest.customerId))
    .where(conditions(ctx, f));
  return row?.n ?? 0;
}

export async function exportRenameRequests(deps: Deps, ctx: AuthedContext, f: RenameFilter, limit: number) {
  const rows = await selectRequests(deps.db)
    .where(conditions(ctx, f))
    .orderBy(desc(renameRequest.createdAt))
    .limit(limit);
  return rows.map(present);
}

/** A request the caller may see (through its customer), else 404. */
async function requestInScope(deps: Deps, ctx: AuthedContext, id: string) {
  const [row] = await selectRequests(deps.db).where(and(eq(renameRequest.id, id), customerScope(ctx)));
  if (!row) throw new AppError('RENAME_NOT_FOUND');
  return row;
}

async function requestById(deps: Deps, ctx: AuthedContext, id: string): Promise<RenameRequestDto> {
  return present(await requestInScope(deps, ctx, id));
}

function refuseUnlessPending(ctx: AuthedContext, row: RenameRow): void {
  if (row.status !== 'pending') {
    throw new AppError('RENAME_NOT_PENDING', { status: statusWords[row.status][ctx.locale] });
  }
}

/** 申请更名: one pending request per customer; the name must change. */
export async function requestRename(deps: Deps, ctx: AuthedContext, customerId: string, input: RenameRequestInput) {
  const c = await customerRow(deps, ctx, customerId);
  if (c.anonymisedAt) throw new AppError('CUSTOMER_ANONYMISED');
  const newName = input.newName.trim();
  if (newName === c.name) throw fieldError('RENAME_SAME_NAME', ctx.locale, 'newName');
  const id = await write(deps, ctx, async (tx, audit) => {
    // Lock the customer, so two requests for it at once cannot both pass the check below.
    await tx.select({ id: customer.id }).from(customer).where(eq(customer.id, c.id)).for('update');
    const [pending] = await tx
      .select({ newName: renameRequest.newName })
      .from(renameRequest)
      .where(and(eq(renameRequest.customerId, c.id), eq(renameRequest.status, 'pending')));
    if (pending) throw new AppError('RENAME_PENDING_EXISTS', { newName: pending.newName });
    const [row] = await tx
      .insert(renameRequest)
      .values({
        customerId: c.id,
        orgPath: c.orgPath,
        oldName: c.name,
        newName,
        reason: input.reason,
        evidence: input.evidence || null,
        requestedBy: ctx.actor.id,
        requestedByName: ctx.actor.name,
        createdAt: deps.clock(),
      })
      .returning();
    if (!row) throw new Error('insert rename_request returned nothing');
    audit.record({
      action: 'rename.request',
      entityType: 'rename_request',
      entityId: row.id,
      orgPath: c.orgPath,
      summary: `申请将客户「${c.name}」(${c.code}) 更名为「${newName}」：${input.reason}`,
      after: row,
    });
    return row.id;
  });
  return requestById(deps, ctx, id);
}

/**
 * Approving or rejecting needs customer.approve (the route's guard) and someone other than the
 * requester. Approving renames the customer, with its pinyin search keys, in the same transaction.
 */
export async function decideRename(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  decision: 'approved' | 'rejected',
  note: string | null,
) {
  const found = await requestInScope(deps, ctx, id);
  refuseUnlessPending(ctx, found.request);
  if (found.request.requestedBy === ctx.actor.id) throw new AppError('RENAME_SELF_APPROVAL');
  await write(deps, ctx, async (tx, audit) => {
    // Re-read under lock: a request decided or withdrawn meanwhile is not decided twice.
    const [req] = await tx.select().from(renameRequest).where(eq(renameRequest.id, id)).for('update');
    if (!req) throw new AppError('RENAME_NOT_FOUND');
    refuseUnlessPending(ctx, req);
    const now = deps.clock();
    const [c] = await tx.select().from(customer).where(eq(customer.id, req.customerId)).for('update');
    if (!c) throw new AppError('CUSTOMER_NOT_FOUND');
    if (decision === 'approved') {
      if (c.anonymisedAt) throw new AppError('CUSTOMER_ANONYMISED');
      if (c.name !== req.oldName) throw new AppError('RENAME_NAME_CHANGED', { name: c.name });
      const keys = nameKeys(req.newName);
      const [renamed] = await tx
        .update(customer)
        .set({ name: req.newName, namePinyin: keys.pinyin, nameInitials: keys.initials, updatedAt: now })
        .where(eq(customer.id, c.id))
        .returning({ name: customer.name, namePinyin: customer.namePinyin, nameInitials: customer.nameInitials });
      audit.record({
        action: 'customer.rename',
        entityType: 'customer',
        entityId: c.id,
        orgPath: c.orgPath,
        summary: `客户「${req.oldName}」(${c.code}) 更名为「${req.newName}」（更名申请审批通过）`,
        before: { name: c.name, namePinyin: c.namePinyin, nameInitials: c.nameInitials },
        after: { ...renamed, renameRequestId: req.id },
      });
    }
    await tx
      .update(renameRequest)
      .set({
        status: decision,
        decidedBy: ctx.actor.id,
        decidedByName: ctx.actor.name,
        decidedAt: now,
        decisionNote: note,
      })
      .where(eq(renameRequest.id, id));
    audit.record({
      action: decision === 'approved' ? 'rename.approve' : 'rename.reject',
      entityType: 'rename_request',
      entityId: id,
      orgPath: req.orgPath,
      summary: `${decision === 'approved' ? '审批通过' : '驳回'}客户「${req.oldName}」(${c.code}) 更名为「${req.newName}」的申请${note ? `：${note}` : ''}`,
      before: { status: req.status },
      after: { status: decision, decisionNote: note },
    });
  });
  return requestById(deps, ctx, id);
}

/** 撤回: only the requester, only while it waits. */
export async function withdrawRename(deps: Deps, ctx: AuthedContext, id: string) {
  const found = await requestInScope(deps, ctx, id);
  refuseUnlessPending(ctx, found.request);
  if (found.request.requestedBy !== ctx.actor.id) throw new AppError('RENAME_NOT_REQUESTER');
  await write(deps, ctx, async (tx, audit) => {
    const [req] = await tx.select().from(renameRequest).where(eq(renameRequest.id, id)).for('update');
    if (!req) throw new AppError('RENAME_NOT_FOUND');
    refuseUnlessPending(ctx, req);
    await tx
      .update(renameRequest)
      .set({ status: 'withdrawn', decidedBy: ctx.actor.id, decidedByName: ctx.actor.name, decidedAt: deps.clock() })
      .where(eq(renameRequest.id, id));
    audit.record({
      action: 'rename.withdraw',
      entityType: 'rename_request',
      entityId: id,
      orgPath: req.orgPath,
      summary: `撤回客户「${req.oldName}」(${found.customerCode}) 更名为「${req.newName}」的申请`,
      before: { status: req.status },
      after: { status: 'withdrawn' },
    });
  });
  return requestById(deps, ctx, id);
}

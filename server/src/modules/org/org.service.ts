import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { scopeCoversPath } from '../../platform/scope.js';
import {
  codeTaken,
  countsByOrg,
  findOrgInScope,
  hasDependents,
  listOrgsInScope,
  type OrgRow,
} from './org.repository.js';
import type { OrgNodeDto, OrgTreeNode } from './org.schema.js';
import { type OrgKind, organization } from './org.table.js';

/** Which kind of node may hang under which (the organisation rules of 明源 系统设置). */
const allowedParents: Record<OrgKind, readonly OrgKind[]> = {
  group: [],
  company: ['group'],
  project_office: ['company'],
  department: ['group', 'company', 'project_office', 'department'],
};

export function presentOrg(row: OrgRow, counts?: { projects: number; users: number }): OrgNodeDto {
  return {
    id: row.id,
    parentId: row.parentId,
    kind: row.kind,
    name: row.name,
    code: row.code,
    companyId: row.companyId,
    sortOrder: row.sortOrder,
    phone: row.phone,
    address: row.address,
    active: row.active,
    projectCount: counts?.projects ?? 0,
    userCount: counts?.users ?? 0,
  };
}

export async function orgTree(deps: Deps, ctx: AuthedContext): Promise<OrgTreeNode[]> {
  const rows = await listOrgsInScope(deps.db, ctx.actor.scope);
  const counts = await countsByOrg(deps.db);
  const nodes = new Map<string, OrgTreeNode>(
    rows.map((r) => [r.id, { ...presentOrg(r, counts.get(r.id)), children: [] }]),
  );
  const roots: OrgTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Inserts a node below `parent` (or the root group), computing its path and company. */
export async function insertOrgNode(
  tx: DbOrTx,
  parent: OrgRow | null,
  input: {
    kind: OrgKind;
    name: string;
    code: string;
    sortOrder?: number;
    phone?: string | null;
    address?: string | null;
  },
): Promise<OrgRow> {
  const id = randomUUID();
  const path = `${parent?.path ?? '/'}${id}/`;
  const companyId = input.kind === 'company' ? id : (parent?.companyId ?? null);
  const [row] = await tx
    .insert(organization)
    .values({
      id,
      parentId: parent?.id ?? null,
      kind: input.kind,
      name: input.name,
      code: input.code,
      companyId,
      path,
      sortOrder: input.sortOrder ?? 0,
      phone: input.phone ?? null,
      address: input.address ?? null,
    })
    .returning();
  if (!row) throw new Error('insert organization returned nothing');
  return row;
}

export async function createOrg(
  deps: Deps,
  ctx: AuthedContext,
  input: {
    parentId: string;
    kind: Exclude<OrgKind, 'group'>;
    name: string;
    code: string;
    sortOrder: number;
    phone?: string | null;
    address?: string | null;
  },
): Promise<OrgNodeDto> {
  const parent = await findOrgInScope(deps.db, ctx.actor.scope, input.parentId);
  if (!parent) throw new AppError('ORG_NOT_FOUND');
  // Seeing a node (e.g. the company above one's project) is not the same as managing below it.
  if (!scopeCoversPath(ctx.actor.scope, parent.path)) throw new AppError('ORG_NOT_FOUND');
  if (!allowedParents[input.kind].includes(parent.kind)) {
    throw new AppError('ORG_PARENT_INVALID', {
      reason:
        ctx.locale === 'zh-CN' ? '该类型不能建在所选上级之下' : 'this kind cannot be placed under the chosen parent',
    });
  }
  if (await codeTaken(deps.db, input.code)) throw new AppError('CODE_TAKEN', { code: input.code });
  return write(deps, ctx, async (tx, audit) => {
    const row = await insertOrgNode(tx, parent, input);
    audit.record({
      action: 'org.create',
      entityType: 'organization',
      entityId: row.id,
      orgPath: row.path,
      summary: `新建组织「${row.name}」`,
      after: presentOrg(row),
    });
    return presentOrg(row);
  });
}

export async function updateOrg(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: {
    name: string;
    code: string;
    sortOrder: number;
    phone?: string | null;
    address?: string | null;
    active: boolean;
  },
): Promise<OrgNodeDto> {
  const before = await findOrgInScope(deps.db, ctx.actor.scope, id);
  if (!before || !scopeCoversPath(ctx.actor.scope, before.path)) throw new AppError('ORG_NOT_FOUND');
  if (await codeTaken(deps.db, input.code, id)) throw new AppError('CODE_TAKEN', { code: input.code });
  return write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(organization)
      .set({
        name: input.name,
        code: input.code,
        sortOrder: input.sortOrder,
        phone: input.phone ?? null,
        address: input.address ?? null,
        active: input.active,
        updatedAt: deps.clock(),
      })
      .where(eq(organization.id, id))
      .returning();
    if (!row) throw new AppError('ORG_NOT_FOUND');
    audit.record({
      action: 'org.update',
      entityType: 'organization',
      entityId: id,
      orgPath: row.path,
      summary: `修改组织「${row.name}」`,
      before: presentOrg(before),
      after: presentOrg(row),
    });
    return presentOrg(row);
  });
}

export async function deleteOrg(deps: Deps, ctx: AuthedContext, id: string): Promise<void> {
  const node = await findOrgInScope(deps.db, ctx.actor.scope, id);
  if (!node || !scopeCoversPath(ctx.actor.scope, node.path)) throw new AppError('ORG_NOT_FOUND');
  if (node.kind === 'group' || (await hasDependents(deps.db, node))) throw new AppError('ORG_HAS_CHILDREN');
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(organization).where(eq(organization.id, id));
    audit.record({
      action: 'org.delete',
      entityType: 'organization',
      entityId: id,
      orgPath: node.path,
      summary: `删除组织「${node.name}」`,
      before: presentOrg(node),
    });
  });
}

// Reading customers within the caller's scope, and presenting them as the API shows them.
import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { maskMobile } from '../../platform/mask.js';
import { type DataScope, scopeCompanies, scopeRows } from '../../platform/scope.js';
import { organization } from '../org/org.table.js';
import { scopeByProject } from '../project/project.scope.js';
import { project } from '../project/project.table.js';
import { room } from '../property/property.table.js';
import type { CustomerDto } from './customer.schema.js';
import { customer, customerPhone, type OccupancyRole, occupancy } from './customer.table.js';

export type CustomerRow = typeof customer.$inferSelect;
export type Locale = 'zh-CN' | 'en-US';

export const roleLabels: Record<OccupancyRole, Record<Locale, string>> = {
  owner: { 'zh-CN': '业主', 'en-US': 'owner' },
  tenant: { 'zh-CN': '租户', 'en-US': 'tenant' },
  resident: { 'zh-CN': '住户', 'en-US': 'resident' },
};

/**
 * A customer is visible to whoever's scope covers its company, and to those who see a project
 * where it currently or formerly holds a room.
 */
export function customerScope(ctx: AuthedContext): SQL | undefined {
  const scope = ctx.actor.scope;
  if (scope.all) return undefined;
  const byOrg = scopeRows(scope, { path: customer.orgPath });
  const viaRoom = sql`exists (select 1 from ${occupancy} where ${occupancy.customerId} = ${customer.id} and ${scopeByProject(scope, occupancy.projectId)})`;
  // Implied by the two, and cheap: a candidate of another company (a search's name pieces or
  // phone digits match in every company) is dropped before the per-row room check runs.
  const companies = scopeCompanies(scope);
  return and(companies ? inArray(customer.companyId, companies) : undefined, or(byOrg, viaRoom));
}

// ── presenting ─────────────────────────────────────────────────────────────

/**
 * The rooms of these customers that the caller may see: a customer visible through one project
 * does not show its rooms in projects outside the caller's scope.
 */
export async function occupanciesOf(db: DbOrTx, scope: DataScope, customerIds: string[], onlyCurrent: boolean) {
  if (customerIds.length === 0) return [];
  const rows = await db
    .select({
      occupancy,
      customerName: customer.name,
      roomCode: room.code,
      projectName: project.name,
    })
    .from(occupancy)
    .innerJoin(customer, eq(customer.id, occupancy.customerId))
    .innerJoin(room, eq(room.id, occupancy.roomId))
    .innerJoin(project, eq(project.id, occupancy.projectId))
    .where(
      and(
        inArray(occupancy.customerId, customerIds),
        onlyCurrent ? isNull(occupancy.toDate) : undefined,
        scopeByProject(scope, occupancy.projectId),
      ),
    )
    .orderBy(desc(occupancy.fromDate), asc(room.code));
  return rows.map(presentOccupancy);
}

export type OccupancyJoined = {
  occupancy: typeof occupancy.$inferSelect;
  customerName: string;
  roomCode: string;
  projectName: string;
};

export function presentOccupancy(r: OccupancyJoined) {
  return {
    id: r.occupancy.id,
    customerId: r.occupancy.customerId,
    customerName: r.customerName,
    roomId: r.occupancy.roomId,
    roomCode: r.roomCode,
    projectId: r.occupancy.projectId,
    projectName: r.projectName,
    role: r.occupancy.role,
    fromDate: r.occupancy.fromDate,
    toDate: r.occupancy.toDate,
    note: r.occupancy.note,
    current: r.occupancy.toDate === null,
  };
}

export async function present(db: DbOrTx, scope: DataScope, rows: CustomerRow[]): Promise<CustomerDto[]> {
  const ids = rows.map((r) => r.id);
  const companyIds = [...new Set(rows.map((r) => r.companyId))];
  const [phones, rooms, companies] = await Promise.all([
    ids.length
      ? db
          .select()
          .from(customerPhone)
          .where(inArray(customerPhone.customerId, ids))
          .orderBy(desc(customerPhone.isPrimary), asc(customerPhone.createdAt))
      : Promise.resolve([]),
    occupanciesOf(db, scope, ids, true),
    companyIds.length
      ? db
          .select({ id: organization.id, name: organization.name })
          .from(organization)
          .where(inArray(organization.id, companyIds))
      : Promise.resolve([]),
  ]);
  const companyNames = new Map(companies.map((c) => [c.id, c.name]));
  return rows.map((c) => {
    const own = phones.filter((p) => p.customerId === c.id);
    const primary = own.find((p) => p.isPrimary) ?? own[0];
    return {
      id: c.id,
      code: c.code,
      companyId: c.companyId,
      companyName: companyNames.get(c.companyId) ?? '',
      kind: c.kind,
      name: c.name,
      gender: c.gender,
      birthday: c.birthday,
      idType: c.idType,
      idNumber: c.idNumberMasked,
      mobile: primary ? maskMobile(primary.number) : null,
      phones: own.map((p) => ({ id: p.id, number: maskMobile(p.number), label: p.label, isPrimary: p.isPrimary })),
      source: c.source,
      tags: c.tags,
      notes: c.notes,
      active: c.active,
      anonymised: c.anonymisedAt !== null,
      rooms: rooms.filter((r) => r.customerId === c.id),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  });
}

export async function customerRow(deps: Deps, ctx: AuthedContext, id: string): Promise<CustomerRow> {
  const [row] = await deps.db
    .select()
    .from(customer)
    .where(and(eq(customer.id, id), customerScope(ctx)));
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND');
  return row;
}

// 派工候选: whom a dispatcher may pick by hand for one ticket, without reading the staff and
// organisation registers (call-center agents hold ticket.dispatch but not user.read / org.read).
import { and, asc, count, eq, inArray, like } from 'drizzle-orm';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { escapeLike } from '../../platform/like.js';
import { catalogueNode } from '../catalogue/catalogue.table.js';
import { nameKeys } from '../customer/customer.names.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { appUser } from '../user/user.table.js';
import { dutyHolders, loads, userCoversProject, warrantyStep } from './dispatch.service.js';
import { ticketRow } from './ticket.repository.js';
import type { DispatchCandidatesDto } from './ticket.schema.js';
import { openStates } from './ticket.states.js';
import { ticket } from './ticket.table.js';

/**
 * The departments of the ticket's project office, the active staff of the office and its
 * departments plus whoever's intake duty covers the ticket (each with their open-ticket load and
 * whether on duty now), and the contractor under warranty for its defect, if any. Only people a
 * manual dispatch would accept are listed: same company, data scope covering the project. Names
 * only — no phone, no username.
 */
export async function dispatchCandidates(deps: Deps, ctx: AuthedContext, id: string): Promise<DispatchCandidatesDto> {
  const db = deps.db;
  const row = await ticketRow(db, ctx, id);
  const now = deps.clock();
  const [p] = await db.select().from(project).where(eq(project.id, row.projectId));
  if (!p) throw new Error(`dispatch candidates: project ${row.projectId} missing`);
  const [item] = row.catalogueItemId
    ? await db
        .select({ trade: catalogueNode.trade, department: catalogueNode.department })
        .from(catalogueNode)
        .where(eq(catalogueNode.id, row.catalogueItemId))
    : [];

  const units = await db
    .select({ id: organization.id, name: organization.name, kind: organization.kind })
    .from(organization)
    .where(
      and(
        eq(organization.companyId, p.companyId),
        eq(organization.active, true),
        like(organization.path, `${escapeLike(p.orgPath)}%`),
      ),
    )
    .orderBy(asc(organization.path), asc(organization.sortOrder), asc(organization.code));
  const departments = units.filter((u) => u.kind === 'department');
  const unitName = new Map(units.map((u) => [u.id, u.name]));

  const members = units.length
    ? await db
        .select({ id: appUser.id, name: appUser.name, orgId: appUser.orgId })
        .from(appUser)
        .where(
          and(
            inArray(
              appUser.orgId,
              units.map((u) => u.id),
            ),
            eq(appUser.active, true),
            eq(appUser.companyId, p.companyId),
          ),
        )
    : [];
  const duties = await dutyHolders(db, p, row.type, item?.department ?? null, now);
  const dutyIds = duties.map((d) => d.id).filter((uid) => !members.some((m) => m.id === uid));
  const dutyStaff = dutyIds.length
    ? await db
        .select({ id: appUser.id, name: appUser.name, orgId: appUser.orgId })
        .from(appUser)
        .where(and(inArray(appUser.id, dutyIds), eq(appUser.active, true), eq(appUser.companyId, p.companyId)))
    : [];
  const staff = [...members, ...dutyStaff];
  const covering = new Set<string>();
  for (const s of staff) if (await userCoversProject(db, s.id, p)) covering.add(s.id);
  const otherOrgs = staff.filter((s) => s.orgId && !unitName.has(s.orgId)).map((s) => s.orgId as string);
  if (otherOrgs.length) {
    const rows = await db
      .select({ id: organization.id, name: organization.name })
      .from(organization)
      .where(inArray(organization.id, otherOrgs));
    for (const r of rows) unitName.set(r.id, r.name);
  }

  const listed = staff.filter((s) => covering.has(s.id));
  const load = await loads(
    db,
    listed.map((s) => s.id),
  );
  const duty = new Map(duties.map((d) => [d.id, d]));
  const people = listed
    .map((s) => {
      const keys = nameKeys(s.name);
      return {
        id: s.id,
        name: s.name,
        pinyin: keys.pinyin,
        initials: keys.initials,
        orgName: s.orgId ? (unitName.get(s.orgId) ?? null) : null,
        load: load.get(s.id) ?? 0,
        onDuty: duty.get(s.id)?.onDuty ?? false,
        dutyHolder: duty.has(s.id),
      };
    })
    .sort(
      (a, b) =>
        Number(b.onDuty) - Number(a.onDuty) ||
        Number(b.dutyHolder) - Number(a.dutyHolder) ||
        a.load - b.load ||
        a.name.localeCompare(b.name, 'zh-CN') ||
        a.id.localeCompare(b.id),
    );

  const departmentLoads = departments.length
    ? await db
        .select({ orgId: ticket.handlerOrgId, n: count() })
        .from(ticket)
        .where(
          and(
            eq(ticket.handlerKind, 'department'),
            inArray(
              ticket.handlerOrgId,
              departments.map((d) => d.id),
            ),
            inArray(ticket.state, [...openStates]),
          ),
        )
        .groupBy(ticket.handlerOrgId)
    : [];
  const deptLoad = new Map(departmentLoads.map((r) => [r.orgId as string, r.n]));

  let contractor: DispatchCandidatesDto['contractor'] = null;
  if (item?.trade && row.roomId) {
    const w = await warrantyStep(db, row.roomId, item.trade, now);
    if (w?.inWarranty && w.contractor)
      contractor = { id: w.contractor.id, name: w.contractor.name, warrantyEnd: w.end };
  }

  return {
    departments: departments.map((d) => ({ id: d.id, name: d.name, load: deptLoad.get(d.id) ?? 0 })),
    people,
    contractor,
  };
}

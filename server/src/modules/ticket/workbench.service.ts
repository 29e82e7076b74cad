import { and, asc, count, eq, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { scopeRows } from '../../platform/scope.js';
import { pendingCallbackCount } from '../callcenter/call.service.js';
import { countRenameRequests } from '../customer/rename.service.js';
import { listExportRequests } from '../export/export.service.js';
import { unreadCount } from '../notification/notification.service.js';
import { project } from '../project/project.table.js';
import { appUser } from '../user/user.table.js';
import { openStates } from './ticket.states.js';
import { returnVisit, ticket, ticketEscalation } from './ticket.table.js';
import type { WorkbenchBucket, WorkbenchDto, WorkbenchItem } from './workbench.schema.js';

interface ItemRow {
  ticketId: string;
  publicNo: string;
  title: string;
  state: WorkbenchItem['state'];
  projectName: string;
  resolutionDueAt: Date | null;
  responseOverdue: boolean;
  resolutionOverdue: boolean;
  escalationLevel: number;
}

function item(r: ItemRow): WorkbenchItem {
  return {
    ticketId: r.ticketId,
    publicNo: r.publicNo,
    title: r.title,
    state: r.state,
    projectName: r.projectName,
    resolutionDueAt: r.resolutionDueAt?.toISOString() ?? null,
    overdue: r.responseOverdue || r.resolutionOverdue,
    escalationLevel: r.escalationLevel,
  };
}

/** How many items each list shows; the counts are complete. */
export const WORKBENCH_ITEMS = 5;
const DUE_SOON_MS = 4 * 3_600_000;

/**
 * 工作台: what the signed-in user should look at now. Each list is one count and one short
 * query over indexed columns (handler, department, scope, escalation recipients).
 */
export async function workbench(deps: Deps, ctx: AuthedContext): Promise<WorkbenchDto> {
  const now = deps.clock();
  const me = ctx.actor;
  const [user] = await deps.db.select({ orgId: appUser.orgId }).from(appUser).where(eq(appUser.id, me.id));
  const inScope = scopeRows(me.scope, { path: ticket.orgPath, projectId: ticket.projectId });
  const open = inArray(ticket.state, [...openStates]);
  const mine = and(
    open,
    or(
      eq(ticket.handlerUserId, me.id),
      user ? and(eq(ticket.handlerKind, 'department'), eq(ticket.handlerOrgId, user.orgId)) : undefined,
    ),
  );
  const overdueFlag = or(eq(ticket.responseOverdue, true), eq(ticket.resolutionOverdue, true));
  const supervises = me.permissions.has('ticket.configure') || me.permissions.has('ticket.instruct');
  // Not yet overdue, clocks running (a ticket waiting on the customer is not about to be late).
  const dueSoon = and(
    mine,
    eq(ticket.responseOverdue, false),
    eq(ticket.resolutionOverdue, false),
    isNull(ticket.pausedAt),
    or(eq(ticket.slaWarned, true), lte(ticket.resolutionDueAt, new Date(now.getTime() + DUE_SOON_MS))),
  );
  const overdue = and(open, overdueFlag, supervises ? inScope : mine);
  // The open tickets escalated to me, found from the escalations (GIN on recipients) first: as
  // one `exists` beside the order by deadline, the planner walked every open ticket in deadline
  // order hoping to meet five of mine soon (3 s at 5 M tickets when there were none).
  const escalatedIds = (
    await deps.db
      .selectDistinct({ id: ticketEscalation.ticketId })
      .from(ticketEscalation)
      .innerJoin(ticket, eq(ticket.id, ticketEscalation.ticketId))
      .where(and(sql`${ticketEscalation.recipientIds} @> array[${me.id}]::uuid[]`, open))
  ).map((r) => r.id);
  const escalatedToMe =
    escalatedIds.length > 0 ? and(open, sql`${ticket.id} = any(${sql.param(escalatedIds)}::uuid[])`) : sql`false`;
  const visitWhere = and(
    isNull(returnVisit.visitedAt),
    eq(returnVisit.round, ticket.round),
    me.permissions.has('ticket.visit') ? or(inScope, eq(returnVisit.agentId, me.id)) : eq(returnVisit.agentId, me.id),
  );

  const bucket = async (where: SQL | undefined): Promise<WorkbenchBucket> => {
    const [rows, [total]] = await Promise.all([
      deps.db
        .select({
          ticketId: ticket.id,
          publicNo: ticket.publicNo,
          title: ticket.title,
          state: ticket.state,
          projectName: project.name,
          resolutionDueAt: ticket.resolutionDueAt,
          responseOverdue: ticket.responseOverdue,
          resolutionOverdue: ticket.resolutionOverdue,
          escalationLevel: ticket.escalationLevel,
        })
        .from(ticket)
        .innerJoin(project, eq(project.id, ticket.projectId))
        .where(where)
        .orderBy(sql`${ticket.resolutionDueAt} asc nulls last`, asc(ticket.createdAt))
        .limit(WORKBENCH_ITEMS),
      deps.db.select({ n: count() }).from(ticket).where(where),
    ]);
    return {
      count: total?.n ?? 0,
      items: rows.map(item),
    };
  };

  const visits = async (): Promise<WorkbenchBucket> => {
    const [rows, [total]] = await Promise.all([
      deps.db
        .select({
          ticketId: ticket.id,
          publicNo: ticket.publicNo,
          title: ticket.title,
          state: ticket.state,
          projectName: project.name,
          resolutionDueAt: ticket.resolutionDueAt,
          responseOverdue: ticket.responseOverdue,
          resolutionOverdue: ticket.resolutionOverdue,
          escalationLevel: ticket.escalationLevel,
        })
        .from(returnVisit)
        .innerJoin(ticket, eq(ticket.id, returnVisit.ticketId))
        .innerJoin(project, eq(project.id, ticket.projectId))
        .where(and(visitWhere, eq(ticket.state, 'resolved')))
        .orderBy(asc(returnVisit.dueAt))
        .limit(WORKBENCH_ITEMS),
      deps.db
        .select({ n: count() })
        .from(returnVisit)
        .innerJoin(ticket, eq(ticket.id, returnVisit.ticketId))
        .where(and(visitWhere, eq(ticket.state, 'resolved'))),
    ]);
    return {
      count: total?.n ?? 0,
      items: rows.map(item),
    };
  };

  const renameRequests = me.permissions.has('customer.approve')
    ? await countRenameRequests(deps, ctx, { status: 'pending' })
    : 0;
  let exportRequests = 0;
  if (me.permissions.has('export.approve')) {
    const all = await listExportRequests(deps, ctx, { current: 1, pageSize: 1, status: 'pending' });
    const own = await listExportRequests(deps, ctx, { current: 1, pageSize: 1, status: 'pending', mine: 'true' });
    exportRequests = all.total - own.total;
  }

  return {
    mine: await bucket(mine),
    dueSoon: await bucket(dueSoon),
    overdue: await bucket(overdue),
    toVisit: await visits(),
    toApprove: { count: renameRequests + exportRequests, renameRequests, exportRequests },
    escalatedToMe: await bucket(escalatedToMe),
    callbacks: { count: await pendingCallbackCount(deps, ctx) },
    unreadNotifications: await unreadCount(deps.db, me.id),
    at: now.toISOString(),
  };
}

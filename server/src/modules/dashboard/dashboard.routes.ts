import { and, count, desc, eq, gt, gte } from 'drizzle-orm';
import { z } from 'zod';
import { authed } from '../../platform/http.js';
import { beijingDay, beijingDayStart } from '../../platform/locale.js';
import type { RouteModule } from '../../platform/routes.js';
import { scopeOrgNodes, scopeRows, scopeStaff } from '../../platform/scope.js';
import { auditEntry } from '../audit/audit.table.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { appUser } from '../user/user.table.js';

const summary = z.object({
  projects: z.number().int(),
  orgs: z.number().int(),
  users: z.number().int(),
  activeUsers: z.number().int(),
  lockedUsers: z.number().int(),
  pendingPasswordChange: z.number().int(),
  auditToday: z.number().int().nullable(),
  recentAudit: z
    .array(
      z.object({
        seq: z.number().int(),
        occurredAt: z.string(),
        actorName: z.string().nullable(),
        summary: z.string().nullable(),
        action: z.string(),
      }),
    )
    .nullable(),
});

/** Beijing midnight today. */
function startOfToday(now: Date): Date {
  return beijingDayStart(beijingDay(now));
}

export const dashboardRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/dashboard/summary',
    { schema: { tags: ['dashboard'], summary: '工作台概览（按数据范围统计）', response: { 200: summary } } },
    async (request) => {
      const { actor } = authed(request);
      const now = deps.clock();
      const staff = scopeStaff(actor.scope, appUser.orgPath);
      const count1 = async (p: Promise<{ n: number }[]>) => (await p)[0]?.n ?? 0;
      const canAudit = actor.permissions.has('audit.read');
      const auditScope = scopeRows(actor.scope, { path: auditEntry.orgPath, projectId: auditEntry.projectId });
      const [projects, orgs, users, activeUsers, lockedUsers, pendingPasswordChange, auditToday, recent] =
        await Promise.all([
          count1(
            deps.db
              .select({ n: count() })
              .from(project)
              .where(scopeRows(actor.scope, { path: project.orgPath, projectId: project.id })),
          ),
          count1(
            deps.db.select({ n: count() }).from(organization).where(scopeOrgNodes(actor.scope, organization.path)),
          ),
          count1(deps.db.select({ n: count() }).from(appUser).where(staff)),
          count1(
            deps.db
              .select({ n: count() })
              .from(appUser)
              .where(and(staff, eq(appUser.active, true))),
          ),
          count1(
            deps.db
              .select({ n: count() })
              .from(appUser)
              .where(and(staff, gt(appUser.lockedUntil, now))),
          ),
          count1(
            deps.db
              .select({ n: count() })
              .from(appUser)
              .where(and(staff, eq(appUser.mustChangePassword, true))),
          ),
          canAudit
            ? count1(
                deps.db
                  .select({ n: count() })
                  .from(auditEntry)
                  .where(and(auditScope, gte(auditEntry.occurredAt, startOfToday(now)))),
              )
            : Promise.resolve(null),
          canAudit
            ? deps.db.select().from(auditEntry).where(auditScope).orderBy(desc(auditEntry.seq)).limit(8)
            : Promise.resolve(null),
        ]);
      return {
        projects,
        orgs,
        users,
        activeUsers,
        lockedUsers,
        pendingPasswordChange,
        auditToday,
        recentAudit:
          recent?.map((r) => ({
            seq: r.seq,
            occurredAt: r.occurredAt.toISOString(),
            actorName: r.actorName,
            summary: r.summary,
            action: r.action,
          })) ?? null,
      };
    },
  );
};

import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { catalogueNode } from '../catalogue/catalogue.table.js';
import { escalationLevel, escalationPolicy } from './ticket.table.js';

export interface LadderRung {
  level: number;
  name: string;
  afterMinutes: number;
  targetKind: 'role' | 'users';
  roleCode: string | null;
  userIds: string[];
}

/**
 * The ladder when no policy is configured: 1 客服主管 at the deadline, 2 项目经理 4 business
 * hours later, 3 公司客服负责人 after a business day, 4 公司领导 after two.
 */
export const defaultLadder: readonly LadderRung[] = [
  { level: 1, name: '客服主管', afterMinutes: 0, targetKind: 'role', roleCode: 'supervisor', userIds: [] },
  { level: 2, name: '项目经理', afterMinutes: 240, targetKind: 'role', roleCode: 'project_manager', userIds: [] },
  { level: 3, name: '公司客服负责人', afterMinutes: 480, targetKind: 'role', roleCode: 'service_head', userIds: [] },
  { level: 4, name: '公司领导', afterMinutes: 960, targetKind: 'role', roleCode: 'leadership', userIds: [] },
];

type LadderTicket = { companyId: string; type: string; catalogueItemId: string | null };
type Policy = typeof escalationPolicy.$inferSelect;

/**
 * The escalation ladder for a ticket: the most specific active policy of its company (or the
 * group's, companyId null) — for its catalogue item, else the nearest catalogue ancestor, else
 * its type, else the company default — and the built-in ladder when there is none.
 */
export async function ladderFor(db: DbOrTx, t: LadderTicket): Promise<LadderRung[]> {
  return (await laddersFor(db, [t]))[0] ?? [...defaultLadder];
}

/** `ladderFor` of many tickets with four queries whatever their number; in the tickets' order. */
export async function laddersFor(db: DbOrTx, tickets: readonly LadderTicket[]): Promise<LadderRung[][]> {
  if (tickets.length === 0) return [];
  const itemIds = [...new Set(tickets.flatMap((t) => (t.catalogueItemId ? [t.catalogueItemId] : [])))];
  const paths = new Map(
    itemIds.length > 0
      ? (
          await db
            .select({ id: catalogueNode.id, path: catalogueNode.path })
            .from(catalogueNode)
            .where(inArray(catalogueNode.id, itemIds))
        ).map((n) => [n.id, n.path])
      : [],
  );
  const companyIds = [...new Set(tickets.map((t) => t.companyId))];
  const policies = await db
    .select()
    .from(escalationPolicy)
    .where(
      and(
        eq(escalationPolicy.active, true),
        or(inArray(escalationPolicy.companyId, companyIds), isNull(escalationPolicy.companyId)),
      ),
    );
  const chosen = tickets.map((t) => {
    // path is "/root/.../self/": nearest first.
    const chain = t.catalogueItemId ? (paths.get(t.catalogueItemId) ?? '').split('/').filter(Boolean).reverse() : [];
    return bestPolicy(
      policies.filter((p) => p.companyId === null || p.companyId === t.companyId),
      t,
      chain,
    );
  });
  const policyIds = [...new Set(chosen.flatMap((p) => (p ? [p.id] : [])))];
  const rungs =
    policyIds.length > 0
      ? await db
          .select()
          .from(escalationLevel)
          .where(inArray(escalationLevel.policyId, policyIds))
          .orderBy(asc(escalationLevel.level))
      : [];
  return chosen.map((p) =>
    p
      ? rungs
          .filter((r) => r.policyId === p.id)
          .map((r) => ({
            level: r.level,
            name: r.name,
            afterMinutes: r.afterMinutes,
            targetKind: r.targetKind,
            roleCode: r.roleCode,
            userIds: r.userIds,
          }))
      : [...defaultLadder],
  );
}

/** The most specific of a ticket's company's (and the group's) active policies, if any applies. */
function bestPolicy(policies: readonly Policy[], t: LadderTicket, chain: readonly string[]): Policy | undefined {
  const rank = (p: Policy): number => {
    // Lower is more specific; the company's own beats the group's at the same specificity.
    const own = p.companyId ? 0 : 1;
    if (p.catalogueNodeId) {
      const i = chain.indexOf(p.catalogueNodeId);
      if (i < 0) return Number.POSITIVE_INFINITY;
      if (p.ticketType && p.ticketType !== t.type) return Number.POSITIVE_INFINITY;
      return i * 2 + own;
    }
    if (p.ticketType) return p.ticketType === t.type ? 1000 + own : Number.POSITIVE_INFINITY;
    return 2000 + own;
  };
  return policies
    .map((p) => ({ p, r: rank(p) }))
    .filter((x) => Number.isFinite(x.r))
    .sort((a, b) => a.r - b.r)[0]?.p;
}

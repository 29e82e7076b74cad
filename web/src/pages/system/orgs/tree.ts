import type { components } from '../../../api/schema';

export type OrgNode = components['schemas']['OrgTreeNode'];
export type OrgKind = OrgNode['kind'];

/** The kinds that may be created below a node of each kind (the server's organisation rules). */
export const childKinds: Record<OrgKind, Exclude<OrgKind, 'group'>[]> = {
  group: ['company', 'department'],
  company: ['project_office', 'department'],
  project_office: ['department'],
  department: ['department'],
};

export interface OrgIndex {
  byId: Map<string, OrgNode>;
  /** Projects and staff of a node together with everything below it. */
  totals: Map<string, { projects: number; users: number }>;
  allIds: string[];
}

export function indexTree(roots: OrgNode[]): OrgIndex {
  const byId = new Map<string, OrgNode>();
  const totals = new Map<string, { projects: number; users: number }>();
  const allIds: string[] = [];
  const walk = (node: OrgNode): { projects: number; users: number } => {
    byId.set(node.id, node);
    allIds.push(node.id);
    const sum = { projects: node.projectCount, users: node.userCount };
    for (const child of node.children) {
      const c = walk(child);
      sum.projects += c.projects;
      sum.users += c.users;
    }
    totals.set(node.id, sum);
    return sum;
  };
  for (const root of roots) walk(root);
  return { byId, totals, allIds };
}

/** The node's ancestors, nearest last (the node itself excluded). */
export function ancestorsOf(index: OrgIndex, id: string): OrgNode[] {
  const out: OrgNode[] = [];
  let parentId = index.byId.get(id)?.parentId ?? null;
  while (parentId) {
    const parent = index.byId.get(parentId);
    if (!parent) break;
    out.unshift(parent);
    parentId = parent.parentId;
  }
  return out;
}

export function matches(node: OrgNode, keyword: string): boolean {
  const k = keyword.trim().toLowerCase();
  return !!k && (node.name.toLowerCase().includes(k) || node.code.toLowerCase().includes(k));
}

/** The nodes that match the keyword, with their ancestors so they stay reachable; null keyword keeps all. */
export function filterTree(roots: OrgNode[], keyword: string): OrgNode[] {
  if (!keyword.trim()) return roots;
  const keep = (node: OrgNode): OrgNode | null => {
    const children = node.children.map(keep).filter((c): c is OrgNode => c !== null);
    if (children.length > 0 || matches(node, keyword)) return { ...node, children };
    return null;
  };
  return roots.map(keep).filter((c): c is OrgNode => c !== null);
}

export function collectIds(roots: OrgNode[]): string[] {
  return roots.flatMap((n) => [n.id, ...collectIds(n.children)]);
}

/**
 * Whether the current user may change a node: the server allows it inside the user's own
 * organisation scope only (seeing the company above one's project is not managing it).
 */
export function canManageNode(index: OrgIndex, scope: { all: boolean; orgs: { id: string }[] }, id: string): boolean {
  if (scope.all) return true;
  const scoped = new Set(scope.orgs.map((o) => o.id));
  if (scoped.has(id)) return true;
  return ancestorsOf(index, id).some((a) => scoped.has(a.id));
}

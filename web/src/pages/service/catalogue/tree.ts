import type { components } from '../../../api/schema';

export type CatalogueNode = components['schemas']['CatalogueTreeNode'];
export type TicketType = CatalogueNode['ticketTypes'][number];
export type Severity = NonNullable<CatalogueNode['severity']>;

export const ticketTypes: TicketType[] = ['complaint', 'repair', 'consultation', 'suggestion', 'query', 'praise'];
export const severities: Severity[] = ['low', 'normal', 'high', 'urgent'];
export const severityColors: Record<Severity, string> = {
  low: 'default',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};

/** 房屋质量 › 渗漏 › 卫生间渗漏 is three levels; the server allows five. */
export const MAX_DEPTH = 5;

export interface CatalogueIndex {
  byId: Map<string, CatalogueNode>;
  /** Children of each parent (null: the top level), in order. */
  children: Map<string | null, CatalogueNode[]>;
}

export function indexTree(roots: CatalogueNode[]): CatalogueIndex {
  const byId = new Map<string, CatalogueNode>();
  const children = new Map<string | null, CatalogueNode[]>([[null, roots]]);
  const walk = (node: CatalogueNode) => {
    byId.set(node.id, node);
    children.set(node.id, node.children);
    node.children.forEach(walk);
  };
  roots.forEach(walk);
  return { byId, children };
}

/** The categories above a node, top first. */
export function ancestorsOf(index: CatalogueIndex, id: string): CatalogueNode[] {
  const out: CatalogueNode[] = [];
  let parentId = index.byId.get(id)?.parentId ?? null;
  while (parentId) {
    const parent = index.byId.get(parentId);
    if (!parent) break;
    out.unshift(parent);
    parentId = parent.parentId;
  }
  return out;
}

/** Levels from the top: a top-level category is 1. */
export function depthOf(index: CatalogueIndex, id: string): number {
  return ancestorsOf(index, id).length + 1;
}

/** Levels below a node, the node itself counted (an item or an empty category is 1). */
export function heightOf(node: CatalogueNode): number {
  return 1 + Math.max(0, ...node.children.map(heightOf));
}

/**
 * Where the keyword hits a node's name: by the name itself, or by its pinyin initials when the
 * name is all Chinese (one initial per character), so wsj marks 卫生间 in 卫生间渗漏.
 */
export function matchRange(node: CatalogueNode, keyword: string): [number, number] | null {
  const k = keyword.trim().toLowerCase().replace(/\s+/g, '');
  if (!k) return null;
  const at = node.name.toLowerCase().indexOf(k);
  if (at >= 0) return [at, at + k.length];
  if (node.nameInitials.length === node.name.length) {
    const initials = node.nameInitials.indexOf(k);
    if (initials >= 0) return [initials, initials + k.length];
  }
  return null;
}

/** Name, pinyin initials, full pinyin or the start of the code. */
export function matches(node: CatalogueNode, keyword: string): boolean {
  const k = keyword.trim().toLowerCase().replace(/\s+/g, '');
  if (!k) return false;
  return (
    node.name.toLowerCase().includes(k) ||
    node.nameInitials.includes(k) ||
    node.namePinyin.includes(k) ||
    node.code.toLowerCase().startsWith(k)
  );
}

/**
 * The nodes to show for a keyword: the matching ones with the categories above them, and the
 * whole of a matching category. Inactive nodes (in effect) are dropped unless asked for.
 */
export function filterTree(roots: CatalogueNode[], keyword: string, showInactive: boolean): CatalogueNode[] {
  const searching = keyword.trim() !== '';
  const keep = (node: CatalogueNode, parentMatched: boolean): CatalogueNode | null => {
    if (!showInactive && !node.effectiveActive) return null;
    const hit = searching && matches(node, keyword);
    const children = node.children
      .map((c) => keep(c, parentMatched || hit))
      .filter((c): c is CatalogueNode => c !== null);
    if (!searching || parentMatched || hit || children.length > 0) return { ...node, children };
    return null;
  };
  return roots.map((r) => keep(r, false)).filter((r): r is CatalogueNode => r !== null);
}

export function collectIds(roots: CatalogueNode[], onlyCategories = false): string[] {
  return roots.flatMap((n) =>
    onlyCategories && n.kind !== 'category' ? [] : [n.id, ...collectIds(n.children, onlyCategories)],
  );
}

/** The first item in tree order among the nodes shown (to select after a search). */
export function firstItem(roots: CatalogueNode[]): CatalogueNode | undefined {
  for (const node of roots) {
    if (node.kind === 'item') return node;
    const below = firstItem(node.children);
    if (below) return below;
  }
  return undefined;
}

/** Categories a node may move under: not itself, nothing below it, and deep enough to hold it. */
export function parentChoices(
  index: CatalogueIndex,
  roots: CatalogueNode[],
  moving: { id?: string; kind: CatalogueNode['kind'] },
): CatalogueNode[] {
  const movingNode = moving.id ? index.byId.get(moving.id) : undefined;
  const height = movingNode ? heightOf(movingNode) : 1;
  const walk = (nodes: CatalogueNode[], depth: number): CatalogueNode[] =>
    nodes
      .filter((n) => n.kind === 'category' && n.id !== moving.id)
      .map((n) => ({
        ...n,
        disabled: depth + height > MAX_DEPTH,
        children: walk(n.children, depth + 1),
      }));
  return walk(roots, 1);
}

/** 90 → { amount: 1.5, unit: 'hours' }; 45 → minutes. */
export function splitMinutes(minutes: number): { amount: number; unit: 'minutes' | 'hours' } {
  return minutes % 30 === 0 && minutes >= 60
    ? { amount: minutes / 60, unit: 'hours' }
    : { amount: minutes, unit: 'minutes' };
}

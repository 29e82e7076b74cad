import type { TicketListQuery } from '../types';

/** 全部 / 我处理的 / 我受理的 / 已超时 / 待回访. */
export const quickTabs = ['all', 'handling', 'owned', 'overdue', 'visit'] as const;
export type QuickTab = (typeof quickTabs)[number];

/** What a quick tab adds to the list's filters; it travels as `quickTab` beside the form's values. */
export function tabFilters(tab: QuickTab): { quickTab: QuickTab } {
  return { quickTab: tab };
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const list = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.length > 0 ? (v as string[]) : typeof v === 'string' && v ? [v] : undefined;

/**
 * The query GET /api/tickets takes, from ProTable's params (the filter form, the paging, the
 * quick tab and the filters carried in the address) and its sort. A tab narrows what the form
 * asks: 已超时 forces overdue, 待回访 the resolved state.
 */
export function toQuery(params: Record<string, unknown>, sort: Record<string, unknown> = {}): TicketListQuery {
  const tab = (params.quickTab as QuickTab | undefined) ?? 'all';
  const created = Array.isArray(params.created) ? (params.created as unknown[]) : [];
  const query: TicketListQuery = {
    current: Number(params.current) || 1,
    pageSize: Number(params.pageSize) || 20,
    q: text(params.q),
    projectId: text(params.projectId),
    type: list(params.type) as TicketListQuery['type'],
    state: list(params.state) as TicketListQuery['state'],
    catalogueNodeId: text(params.catalogueNodeId),
    handlerUserId: text(params.handlerUserId),
    overdue: params.overdue === true || params.overdue === 'true' ? 'true' : undefined,
    customerId: text(params.customerId),
    roomId: text(params.roomId),
    from: text(created[0]),
    to: text(created[1]),
    sort: sort.resolutionDueAt === 'ascend' ? 'resolution_due_asc' : undefined,
  };
  if (tab === 'handling') query.mine = 'handler';
  if (tab === 'owned') query.mine = 'owner';
  if (tab === 'overdue') query.overdue = 'true';
  if (tab === 'visit') {
    query.state = ['resolved'];
    query.mine = 'owner';
  }
  for (const key of Object.keys(query) as (keyof TicketListQuery)[]) {
    if (query[key] === undefined) delete query[key];
  }
  return query;
}

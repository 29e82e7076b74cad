import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useQueryData } from '../../components/useQueryData';

export type Solution = paths['/api/solutions/{id}']['get']['responses'][200]['content']['application/json'];
export type Topic = paths['/api/topics']['get']['responses'][200]['content']['application/json']['data'][number];
export type TopicDetail = paths['/api/topics/{id}']['get']['responses'][200]['content']['application/json'];
export type Compensation = paths['/api/compensations/{id}']['get']['responses'][200]['content']['application/json'];
export type CompensationState = Compensation['state'];
export type Tiers = paths['/api/compensation-tiers']['get']['responses'][200]['content']['application/json'];
export type TicketType = Solution['ticketTypes'][number];

export const ticketTypes: TicketType[] = ['complaint', 'repair', 'consultation', 'suggestion', 'query', 'praise'];
export const compensationStates: CompensationState[] = ['pending', 'approved', 'rejected', 'withdrawn', 'paid'];

/** ¥1,234.50 from integer fen (amounts are always fen on the API). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen from a yuan amount typed with at most two decimals (800.5 → 80050), without float drift. */
export function fenFromYuan(value: number | string): number {
  const [whole = '0', decimals = ''] = String(value).split('.');
  return Number(whole) * 100 + Number(decimals.padEnd(2, '0').slice(0, 2));
}

const stateColors: Record<CompensationState, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
  paid: 'purple',
};

export function CompensationStateTag({ state }: { state: CompensationState }) {
  const { t } = useTranslation();
  return (
    <Tag color={stateColors[state]} bordered={false}>
      {t(`casework:compensation.state.${state}`)}
    </Tag>
  );
}

export interface TreeOption {
  value: string;
  title: string;
  children?: TreeOption[];
}

/** The issue catalogue as TreeSelect options (categories and items). */
export function useCatalogueOptions(): TreeOption[] {
  const { data } = useQueryData(
    () => unwrap(api.GET('/api/catalogue/tree', { params: { query: { activeOnly: 'true' } } })),
    [],
  );
  type Node = NonNullable<typeof data>[number];
  const map = (nodes: Node[]): TreeOption[] =>
    nodes.map((n) => ({
      value: n.id,
      title: n.name,
      ...(n.children.length ? { children: map(n.children as Node[]) } : {}),
    }));
  return map(data ?? []);
}

import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useQueryData } from '../../components/useQueryData';

export type Contractor = paths['/api/contractors/{id}']['get']['responses'][200]['content']['application/json'];
export type Scope =
  paths['/api/contractors/{id}/scopes']['get']['responses'][200]['content']['application/json'][number];
export type ScopeBody = paths['/api/contractors/{id}/scopes']['post']['requestBody']['content']['application/json'];
export type RoomWarranties =
  paths['/api/rooms/{id}/warranties']['get']['responses'][200]['content']['application/json'];
export type Warranty = RoomWarranties['items'][number];
export type WarrantyMinimum =
  paths['/api/warranty-minimums']['get']['responses'][200]['content']['application/json'][number];

export function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={active ? 'green' : 'default'} bordered={false} style={{ marginInlineEnd: 0 }}>
      {active ? t('contractors:status.active') : t('contractors:status.disabled')}
    </Tag>
  );
}

/** 在保 / 已过保 / 未交付 / 未开始 for one trade of a room. */
export function WarrantyTag({ warranty }: { warranty: Warranty }) {
  const { t } = useTranslation();
  if (warranty.inWarranty) {
    return (
      <Tag color="green" style={{ marginInlineEnd: 0 }}>
        {t('contractors:warranty.inWarranty')}
      </Tag>
    );
  }
  if (warranty.reason === 'no_start_date') {
    return <Tag style={{ marginInlineEnd: 0 }}>{t('contractors:warranty.noStart')}</Tag>;
  }
  if (warranty.reason === 'not_started') {
    return (
      <Tag color="blue" style={{ marginInlineEnd: 0 }}>
        {t('contractors:warranty.notStarted')}
      </Tag>
    );
  }
  return (
    <Tag color="default" style={{ marginInlineEnd: 0, color: '#8c8c8c' }}>
      {t('contractors:warranty.expired')}
    </Tag>
  );
}

/** The statutory minimum of each trade (《建设工程质量管理条例》第四十条), for the scope form. */
export function useWarrantyMinimums() {
  return useQueryData(() => unwrap(api.GET('/api/warranty-minimums')), []);
}

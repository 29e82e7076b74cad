import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { useQueryData } from './useQueryData';

/**
 * Picks projects within the user's scope (up to 200, searchable by name or code); with
 * `companyId`, only that company's projects.
 */
export function ProjectSelect({ companyId, ...props }: SelectProps & { companyId?: string }) {
  const { t } = useTranslation();
  const { data, loading } = useQueryData(
    () => unwrap(api.GET('/api/projects', { params: { query: { pageSize: 200, current: 1 } } })),
    [],
  );
  return (
    <Select
      showSearch
      allowClear
      loading={loading}
      optionFilterProp="label"
      placeholder={t('common:pickProjects')}
      style={{ width: '100%' }}
      {...props}
      options={(data?.data ?? [])
        .filter((p) => !companyId || p.companyId === companyId)
        .map((p) => ({ value: p.id, label: `${p.name}（${p.code}）` }))}
    />
  );
}

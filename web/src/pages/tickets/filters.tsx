import { Select, type SelectProps, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useQueryData } from '../../components/useQueryData';

type TreeNode = components['schemas']['CatalogueTreeNode'];

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}

const toOptions = (nodes: TreeNode[]): TreeOption[] =>
  nodes.map((n) => ({ value: n.id, title: n.name, children: toOptions(n.children) }));

/** A category or item of the catalogue (a category covers everything under it). */
export function CatalogueNodeSelect(props: { value?: string; onChange?: (value?: string) => void }) {
  const { t } = useTranslation();
  const { data } = useQueryData(
    () => unwrap(api.GET('/api/catalogue/tree', { params: { query: { activeOnly: 'false' } } })),
    [],
  );
  return (
    <TreeSelect
      allowClear
      showSearch
      treeNodeFilterProp="title"
      placeholder={t('tickets:filter.allCatalogue')}
      treeData={toOptions(data ?? [])}
      style={{ width: '100%' }}
      popupMatchSelectWidth={320}
      {...props}
    />
  );
}

/** Staff to filter by handler (needs user.read; the caller hides it otherwise). */
export function StaffSelect(props: SelectProps<string>) {
  const { t } = useTranslation();
  const { data, loading } = useQueryData(
    () => unwrap(api.GET('/api/users', { params: { query: { current: 1, pageSize: 200, active: 'true' } } })),
    [],
  );
  return (
    <Select<string>
      showSearch
      allowClear
      loading={loading}
      optionFilterProp="label"
      placeholder={t('tickets:filter.anyHandler')}
      style={{ width: '100%' }}
      {...props}
      options={(data?.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` }))}
    />
  );
}

import { TreeSelect, type TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { useQueryData } from './useQueryData';

type OrgNode = components['schemas']['OrgTreeNode'];

interface Props extends Omit<TreeSelectProps, 'treeData'> {
  /** Only these kinds can be chosen; others are shown for orientation but disabled. */
  selectableKinds?: OrgNode['kind'][];
}

function toTreeData(
  nodes: OrgNode[],
  selectable: Props['selectableKinds'],
  kindLabel: (k: string) => string,
): TreeSelectProps['treeData'] {
  return nodes.map((n) => ({
    value: n.id,
    title: `${n.name}`,
    label: n.name,
    kind: kindLabel(n.kind),
    disabled: selectable ? !selectable.includes(n.kind) : false,
    children: toTreeData(n.children, selectable, kindLabel),
  }));
}

/** Picks a node of the organisation tree the user can see (company, project office, department). */
export function OrgTreeSelect({ selectableKinds, ...props }: Props) {
  const { t } = useTranslation();
  const { data } = useQueryData(() => unwrap(api.GET('/api/orgs/tree')), []);
  const treeData = useMemo(
    () => toTreeData(data ?? [], selectableKinds, (k) => t(`common:orgKind.${k}`)),
    [data, selectableKinds, t],
  );
  return (
    <TreeSelect
      showSearch
      treeDefaultExpandAll
      treeNodeFilterProp="title"
      placeholder={t('common:pickOrg')}
      allowClear
      style={{ width: '100%' }}
      {...props}
      treeData={treeData}
    />
  );
}

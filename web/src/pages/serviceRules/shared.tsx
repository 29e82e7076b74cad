import { Select, type SelectProps, Tag, TreeSelect, type TreeSelectProps, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useQueryData } from '../../components/useQueryData';
import { ticketTypes } from '../service/catalogue/tree';

type CatalogueNode = components['schemas']['CatalogueTreeNode'];
type OrgNode = components['schemas']['OrgTreeNode'];

export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

export const dash = <Typography.Text type="secondary">-</Typography.Text>;

/** The six ticket types, labelled in the current language. */
export function useTicketTypeOptions() {
  const { t } = useTranslation();
  return ticketTypes.map((value) => ({ value, label: t(`catalogue:ticketType.${value}`) }));
}

/** 全部 when a list filter is empty (the rule applies to any), else the names as tags. */
export function NamesOrAll({ names, max = 3 }: { names: string[]; max?: number }) {
  const { t } = useTranslation();
  if (names.length === 0) return <Typography.Text type="secondary">{t('serviceRules:any')}</Typography.Text>;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {names.slice(0, max).map((n) => (
        <Tag key={n} bordered={false} style={{ marginInlineEnd: 0 }}>
          {n}
        </Tag>
      ))}
      {names.length > max && <Tag bordered={false}>+{names.length - max}</Tag>}
    </span>
  );
}

/** The catalogue (active categories and items) as a tree to pick from; a category covers its subtree. */
export function useCatalogue() {
  const { data } = useQueryData(
    () => unwrap(api.GET('/api/catalogue/tree', { params: { query: { activeOnly: 'true' } } })),
    [],
  );
  return useMemo(() => {
    const names = new Map<string, string>();
    const toTree = (nodes: CatalogueNode[]): NonNullable<TreeSelectProps['treeData']> =>
      nodes.map((n) => {
        names.set(n.id, n.name);
        return { value: n.id, title: n.name, children: toTree(n.children) };
      });
    const treeData = toTree(data ?? []);
    return { treeData, name: (id: string) => names.get(id) ?? id, loaded: !!data };
  }, [data]);
}

export function CatalogueTreeSelect(props: Omit<TreeSelectProps, 'treeData'>) {
  const { t } = useTranslation();
  const { treeData } = useCatalogue();
  return (
    <TreeSelect
      showSearch
      allowClear
      treeNodeFilterProp="title"
      placeholder={t('serviceRules:pickCatalogue')}
      style={{ width: '100%' }}
      {...props}
      treeData={treeData}
    />
  );
}

/**
 * Picks a department (of `companyId` when given: a rule sends work within its company). Project
 * offices and companies are shown for orientation, not chosen; a department is labelled with its
 * office (上海浦东管理处 / 工程维修部) once picked, since several offices have one of the same name.
 */
export function DepartmentSelect({ companyId, ...props }: Omit<TreeSelectProps, 'treeData'> & { companyId?: string }) {
  const { t } = useTranslation();
  const { data } = useQueryData(() => unwrap(api.GET('/api/orgs/tree')), []);
  const treeData = useMemo(() => {
    const toTree = (nodes: OrgNode[], parent?: OrgNode): NonNullable<TreeSelectProps['treeData']> =>
      nodes
        .filter((n) => n.active && (!companyId || n.kind !== 'company' || n.id === companyId))
        .map((n) => ({
          value: n.id,
          title: n.name,
          label: n.kind === 'department' && parent ? `${parent.name} / ${n.name}` : n.name,
          disabled: n.kind !== 'department',
          children: toTree(n.children, n),
        }));
    return toTree(data ?? []);
  }, [data, companyId]);
  return (
    <TreeSelect
      showSearch
      allowClear
      treeDefaultExpandAll
      treeNodeFilterProp="title"
      treeNodeLabelProp="label"
      placeholder={t('serviceRules:pickDepartment')}
      style={{ width: '100%' }}
      {...props}
      treeData={treeData}
    />
  );
}

/** Picks active staff by name, username or mobile (searching on the server as one types). */
export function UserSelect(props: SelectProps) {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState('');
  const { data, loading } = useQueryData(
    () =>
      unwrap(
        api.GET('/api/users', {
          params: { query: { current: 1, pageSize: 50, active: 'true', ...(keyword ? { keyword } : {}) } },
        }),
      ),
    [keyword],
  );
  const options = (data?.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.orgName}）` }));
  return (
    <Select
      showSearch
      allowClear
      loading={loading}
      filterOption={false}
      onSearch={setKeyword}
      placeholder={t('serviceRules:pickUser')}
      style={{ width: '100%' }}
      {...props}
      options={options}
    />
  );
}

/** The names of the projects the user can see, to show the project ids a rule or duty lists. */
export function useProjectNames() {
  const { data } = useQueryData(
    () => unwrap(api.GET('/api/projects', { params: { query: { pageSize: 200, current: 1 } } })),
    [],
  );
  return useMemo(() => {
    const names = new Map((data?.data ?? []).map((p) => [p.id, p.name]));
    return (id: string) => names.get(id) ?? id;
  }, [data]);
}

/** The built-in and custom roles, by code (what an escalation rung names). */
export function useRoleOptions() {
  const { data } = useQueryData(() => unwrap(api.GET('/api/roles/options')), []);
  return useMemo(() => {
    const names = new Map((data ?? []).map((r) => [r.code, r.name]));
    return {
      options: (data ?? []).map((r) => ({ value: r.code, label: r.name })),
      name: (code: string | null | undefined) => (code ? (names.get(code) ?? code) : ''),
    };
  }, [data]);
}

/** 480 分钟 → 8 小时; the ladder is read in hours, edited in hours and minutes. */
export function minutesText(minutes: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (minutes === 0) return t('serviceRules:escalation.atDeadline');
  if (rest === 0) return t('serviceRules:escalation.afterHours', { hours });
  if (hours === 0) return t('serviceRules:escalation.afterMinutes', { minutes: rest });
  return t('serviceRules:escalation.afterHoursMinutes', { hours, minutes: rest });
}

/** 启用 / 停用, as every list of these settings shows it. */
export function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return active ? (
    <Tag color="green" bordered={false}>
      {t('serviceRules:status.active')}
    </Tag>
  ) : (
    <Tag bordered={false}>{t('serviceRules:status.inactive')}</Tag>
  );
}

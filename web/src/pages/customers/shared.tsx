import { Badge, Space, Tag, Typography } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useQueryData } from '../../components/useQueryData';

export type Customer = paths['/api/customers/{id}']['get']['responses'][200]['content']['application/json'];
export type CustomerKind = Customer['kind'];
export type Occupancy =
  paths['/api/customers/{id}/occupancies']['get']['responses'][200]['content']['application/json'][number];
export type OccupancyRole = Occupancy['role'];
export type CreateCustomerBody = paths['/api/customers']['post']['requestBody']['content']['application/json'];
export type UpdateCustomerBody = paths['/api/customers/{id}']['put']['requestBody']['content']['application/json'];

export type Contact =
  paths['/api/customers/{id}/contacts']['get']['responses'][200]['content']['application/json'][number];
export type ContactBody = paths['/api/customers/{id}/contacts']['post']['requestBody']['content']['application/json'];
export type BankAccount =
  paths['/api/customers/{id}/bank-accounts']['get']['responses'][200]['content']['application/json'][number];
export type ContactRecord =
  paths['/api/customers/{id}/contact-records']['get']['responses'][200]['content']['application/json']['data'][number];
export type ContactChannel = ContactRecord['channel'];
export type CustomerEvent =
  paths['/api/customers/{id}/events']['get']['responses'][200]['content']['application/json']['data'][number];

export const contactChannels: ContactChannel[] = ['call', 'visit', 'wechat', 'message', 'email', 'other'];

export const customerKinds: CustomerKind[] = ['person', 'organisation'];
export const occupancyRoles: OccupancyRole[] = ['owner', 'tenant', 'resident'];

/** 业主 blue, 租户 orange, 住户 green: the same in the list, the 360 page and the room drawer. */
export const roleColors: Record<OccupancyRole, string> = { owner: 'blue', tenant: 'orange', resident: 'green' };

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function RoleTag({ role }: { role: OccupancyRole }) {
  const { t } = useTranslation();
  return (
    <Tag color={roleColors[role]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t(`customers:role.${role}`)}
    </Tag>
  );
}

/** 正常, 停用 or 已匿名. */
export function CustomerStatus({ customer }: { customer: Pick<Customer, 'active' | 'anonymised'> }) {
  const { t } = useTranslation();
  if (customer.anonymised) return <Badge status="default" text={t('customers:status.anonymised')} />;
  return customer.active ? (
    <Badge status="success" text={t('customers:status.active')} />
  ) : (
    <Badge status="warning" text={t('customers:status.inactive')} />
  );
}

/**
 * A dictionary (customer_source, customer_tag, id_type): options of the active items and the
 * label of any stored code, in the current language. Unknown codes are shown as they are.
 */
export function useDictionary(code: string) {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const { data, loading } = useQueryData(
    () => unwrap(api.GET('/api/dictionary-items/{code}', { params: { path: { code } } })),
    [code],
  );
  return useMemo(() => {
    const items = data ?? [];
    const names = new Map(items.map((item) => [item.code, english && item.labelEn ? item.labelEn : item.label]));
    return {
      loading,
      options: items.filter((item) => item.active).map((item) => ({ value: item.code, label: names.get(item.code) })),
      label: (value: string | null | undefined) => (value ? (names.get(value) ?? value) : ''),
    };
  }, [data, loading, english]);
}

/**
 * The companies behind the projects the user can see; a user who reaches more than one must
 * say which company a new customer belongs to.
 */
export function useCompanies() {
  const { data, loading } = useQueryData(
    () => unwrap(api.GET('/api/projects', { params: { query: { pageSize: 200, current: 1 } } })),
    [],
  );
  return useMemo(() => {
    const map = new Map<string, string>();
    for (const p of data?.data ?? []) map.set(p.companyId, p.companyName);
    return {
      loading,
      options: [...map].map(([value, label]) => ({ value, label })),
      name: (id: string | undefined) => (id ? map.get(id) : undefined),
    };
  }, [data, loading]);
}

export interface RoomGroup {
  roomId: string;
  roomCode: string;
  projectId: string;
  projectName: string;
  roles: OccupancyRole[];
}

/** One entry per room: an owner who also lives there is 业主 · 住户 on one tag, not two. */
export function groupByRoom(rows: Occupancy[]): RoomGroup[] {
  const out = new Map<string, RoomGroup>();
  for (const o of rows) {
    const group = out.get(o.roomId) ?? {
      roomId: o.roomId,
      roomCode: o.roomCode,
      projectId: o.projectId,
      projectName: o.projectName,
      roles: [],
    };
    if (!group.roles.includes(o.role)) group.roles.push(o.role);
    out.set(o.roomId, group);
  }
  for (const group of out.values()) {
    group.roles.sort((a, b) => occupancyRoles.indexOf(a) - occupancyRoles.indexOf(b));
  }
  return [...out.values()];
}

/** The rooms a customer holds or held, to name one on a contact record or an event. */
export function roomOptions(rows: Occupancy[]) {
  return groupByRoom(rows).map((g) => ({ value: g.roomId, label: `${g.projectName} ${g.roomCode}` }));
}

/** 邻里花园 1-1-1201 业主 */
export function RoomTags({ rows, max = 3 }: { rows: Occupancy[]; max?: number }) {
  const { t } = useTranslation();
  const groups = groupByRoom(rows);
  if (groups.length === 0) return <Typography.Text type="secondary">-</Typography.Text>;
  const shown = groups.slice(0, max);
  return (
    <Space size={[0, 4]} wrap>
      {shown.map((g) => (
        <Tag
          key={g.roomId}
          color={roleColors[g.roles[0] as OccupancyRole]}
          style={{ marginInlineEnd: 4, whiteSpace: 'normal' }}
        >
          {g.projectName} {g.roomCode} {g.roles.map((r) => t(`customers:role.${r}`)).join(' · ')}
        </Tag>
      ))}
      {groups.length > max && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('customers:list.moreRooms', { count: groups.length - max })}
        </Typography.Text>
      )}
    </Space>
  );
}

/**
 * A list page's filters as the address holds them (read by `read`, which drops what it does not
 * accept), so going back to the page finds the same list. Setting a filter to nothing removes it
 * from the address; the address is replaced, not pushed.
 */
export function useAddressFilters<F extends { [K in keyof F]: string | undefined }>(
  read: (params: URLSearchParams) => F,
) {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = read(searchParams);
  const setFilters = (next: Partial<F>) => {
    const merged: Record<string, string | undefined> = { ...filters, ...next };
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(merged)) if (value) params[key] = value;
    setSearchParams(params, { replace: true });
  };
  return { filters, setFilters };
}

/** A filter above a list, its label in front. */
export function FilterField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Space size={8}>
      <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
        {label}
      </Typography.Text>
      {children}
    </Space>
  );
}

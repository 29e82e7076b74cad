import { ProFormDigit } from '@ant-design/pro-components';
import { type FormInstance, Select, type SelectProps, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useQueryData } from '../../components/useQueryData';

export type Room = paths['/api/rooms/{id}']['get']['responses'][200]['content']['application/json'];
export type RoomStatus = Room['status'];
export type RoomType = Room['type'];
export type Building = paths['/api/buildings']['get']['responses'][200]['content']['application/json'][number];
export type RoomGridData = paths['/api/buildings/{id}/grid']['get']['responses'][200]['content']['application/json'];
export type GenerationBody = paths['/api/room-generation']['post']['requestBody']['content']['application/json'];
export type GenerationPreview =
  paths['/api/room-generation/preview']['post']['responses'][200]['content']['application/json'];
export type GenerationResult = paths['/api/room-generation']['post']['responses'][200]['content']['application/json'];

export const roomStatuses: RoomStatus[] = ['unsold', 'sold', 'delivered', 'occupied', 'vacant', 'decorating'];
export const roomTypes: RoomType[] = ['residence', 'shop', 'office', 'parking', 'storage'];

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A query-string id, if it looks like one (anything else is ignored rather than sent). */
export function uuidParam(value: string | null): string | undefined {
  return value && uuidPattern.test(value) ? value : undefined;
}

interface StatusColor {
  /** antd preset for tags */
  tag: string;
  /** strong colour: legend swatch, tile edge */
  solid: string;
  /** tile fill */
  fill: string;
  /** tile border */
  border: string;
  /** text on the tile fill */
  text: string;
}

/** 房态 colours: unsold grey, sold blue, delivered cyan, occupied green, vacant orange, decorating purple. */
export const statusColors: Record<RoomStatus, StatusColor> = {
  unsold: { tag: 'default', solid: '#8c8c8c', fill: '#f5f5f5', border: '#d9d9d9', text: '#595959' },
  sold: { tag: 'blue', solid: '#1677ff', fill: '#e6f4ff', border: '#91caff', text: '#0958d9' },
  delivered: { tag: 'cyan', solid: '#13c2c2', fill: '#e6fffb', border: '#87e8de', text: '#08979c' },
  occupied: { tag: 'green', solid: '#52c41a', fill: '#f6ffed', border: '#b7eb8f', text: '#389e0d' },
  vacant: { tag: 'orange', solid: '#fa8c16', fill: '#fff7e6', border: '#ffd591', text: '#d46b08' },
  decorating: { tag: 'purple', solid: '#722ed1', fill: '#f9f0ff', border: '#d3adf7', text: '#531dab' },
};

/** Square metres with two decimals; empty when unknown. */
export function formatArea(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : value.toFixed(2);
}

/** Floors as labelled in the building: 12, or B1 for the first basement floor. */
export function floorText(floor: number): string {
  return floor < 0 ? `B${-floor}` : String(floor);
}

export function StatusTag({ status }: { status: RoomStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status].tag} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t(`property:status.${status}`)}
    </Tag>
  );
}

export function useStatusOptions() {
  const { t } = useTranslation();
  return useMemo(() => roomStatuses.map((s) => ({ value: s, label: t(`property:status.${s}`) })), [t]);
}

export function useTypeOptions() {
  const { t } = useTranslation();
  return useMemo(() => roomTypes.map((s) => ({ value: s, label: t(`property:type.${s}`) })), [t]);
}

/**
 * 朝向 from the room_orientation dictionary. Rooms store the Chinese label (南, 南北通透), so the
 * option value is the label; English shows labelEn. A stored value not in the dictionary is
 * shown as it is.
 */
export function useOrientations() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const { data, loading } = useQueryData(
    () => unwrap(api.GET('/api/dictionary-items/{code}', { params: { path: { code: 'room_orientation' } } })),
    [],
  );
  return useMemo(() => {
    const items = data ?? [];
    const names = new Map(items.map((item) => [item.label, english && item.labelEn ? item.labelEn : item.label]));
    return {
      loading,
      options: items
        .filter((item) => item.active)
        .map((item) => ({ value: item.label, label: names.get(item.label) ?? item.label })),
      label: (value: string | null | undefined) => (value ? (names.get(value) ?? value) : ''),
    };
  }, [data, loading, english]);
}

/** The buildings (with units) of a project; empty until a project is chosen. */
export function useBuildings(projectId: string | undefined) {
  return useQueryData(
    async () => (projectId ? unwrap(api.GET('/api/buildings', { params: { query: { projectId } } })) : []),
    [projectId],
  );
}

/** Picks a building of the given project. */
export function BuildingSelect({ projectId, ...props }: SelectProps & { projectId: string | undefined }) {
  const { t } = useTranslation();
  const { data, loading } = useBuildings(projectId);
  return (
    <Select
      showSearch
      allowClear
      optionFilterProp="label"
      loading={loading && !!projectId}
      disabled={!projectId}
      placeholder={projectId ? t('property:rooms.pickBuilding') : t('property:rooms.pickProjectFirst')}
      style={{ width: '100%' }}
      {...props}
      options={(data ?? []).map((b) => ({ value: b.id, label: b.name }))}
    />
  );
}

/** Gross and net area in ㎡ with two decimals; the net area may not exceed the gross area. */
export function AreaFields({ placeholder }: { placeholder: string }) {
  const { t } = useTranslation();
  return (
    <>
      <ProFormDigit
        name="grossArea"
        label={t('property:field.grossArea')}
        placeholder={placeholder}
        min={0}
        max={100000}
        fieldProps={{ precision: 2, addonAfter: '㎡', style: { width: '100%' } }}
      />
      <ProFormDigit
        name="netArea"
        label={t('property:field.netArea')}
        placeholder={placeholder}
        min={0}
        max={100000}
        dependencies={['grossArea']}
        fieldProps={{ precision: 2, addonAfter: '㎡', style: { width: '100%' } }}
        rules={[
          ({ getFieldValue }: FormInstance) => ({
            validator: async (_: unknown, value: number | null | undefined) => {
              const gross = getFieldValue('grossArea') as number | null | undefined;
              if (value !== null && value !== undefined && gross !== null && gross !== undefined && value > gross) {
                throw new Error(t('property:form.netTooLarge'));
              }
            },
          }),
        ]}
      />
    </>
  );
}

import {
  type ActionType,
  PageContainer,
  type ProColumns,
  type ProFormInstance,
  ProTable,
} from '@ant-design/pro-components';
import { App, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton, filtersOf } from '../../components/ExportButton';
import { ProjectSelect } from '../../components/ProjectSelect';
import { showProblem } from '../../components/problem';
import { RoomForm } from './RoomForm';
import {
  BuildingSelect,
  floorText,
  formatArea,
  type Room,
  StatusTag,
  useOrientations,
  useStatusOptions,
  useTypeOptions,
  uuidParam,
} from './shared';

type Query = NonNullable<paths['/api/rooms']['get']['parameters']['query']>;

const dash = <Typography.Text type="secondary">-</Typography.Text>;

/** Keeps only what GET /api/rooms accepts; ProTable adds its own keys (such as _timestamp). */
function toQuery(params: Record<string, unknown>): Query {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  return {
    current: Number(params.current) || 1,
    pageSize: Number(params.pageSize) || 20,
    projectId: text(params.projectId),
    buildingId: text(params.buildingId),
    status: text(params.status) as Query['status'],
    type: text(params.type) as Query['type'],
    keyword: text(params.keyword),
  };
}

export default function RoomsPage() {
  const { t, i18n } = useTranslation();
  // English headers and labels run longer; the widths keep the table within a 1440-wide screen.
  const english = i18n.language === 'en-US';
  const w = (zh: number, en: number) => (english ? en : zh);
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can(access.manageProperty);
  const actionRef = useRef<ActionType>(undefined);
  const formRef = useRef<ProFormInstance>(undefined);
  const lastQuery = useRef<Record<string, unknown>>({});
  const [searchParams, setSearchParams] = useSearchParams();
  const [initial] = useState(() => ({
    projectId: uuidParam(searchParams.get('projectId')),
    buildingId: uuidParam(searchParams.get('buildingId')),
  }));
  const [projectId, setProjectId] = useState(initial.projectId);
  const [editing, setEditing] = useState<Room | null>(null);
  const orientations = useOrientations();
  const statusOptions = useStatusOptions();
  const typeOptions = useTypeOptions();

  const area = (value: number | null) => (value === null ? dash : formatArea(value));

  const columns: ProColumns<Room>[] = [
    {
      title: t('property:field.project'),
      dataIndex: 'projectId',
      width: w(88, 80),
      ellipsis: true,
      initialValue: initial.projectId,
      renderFormItem: () => (
        <ProjectSelect
          placeholder={t('property:rooms.allProjects')}
          onChange={(value: string | undefined) => {
            setProjectId(value);
            formRef.current?.setFieldsValue({ buildingId: undefined });
          }}
        />
      ),
      render: (_, r) => r.projectName,
    },
    {
      title: t('property:field.building'),
      dataIndex: 'buildingId',
      width: w(72, 76),
      initialValue: initial.buildingId,
      renderFormItem: () => <BuildingSelect projectId={projectId} />,
      render: (_, r) => r.buildingName,
    },
    {
      title: t('property:field.unit'),
      dataIndex: 'unitName',
      width: w(58, 56),
      search: false,
      render: (_, r) => r.unitName ?? dash,
    },
    {
      title: t('property:field.floor'),
      dataIndex: 'floor',
      width: w(52, 54),
      search: false,
      align: 'right',
      render: (_, r) => floorText(r.floor),
    },
    {
      title: t('property:field.number'),
      dataIndex: 'number',
      width: 60,
      search: false,
      render: (_, r) => <Typography.Text strong>{r.number}</Typography.Text>,
    },
    {
      title: t('property:field.code'),
      dataIndex: 'code',
      width: w(88, 76),
      search: false,
    },
    {
      title: t('property:field.typeShort'),
      dataIndex: 'type',
      width: w(66, 84),
      valueType: 'select',
      fieldProps: { options: typeOptions, placeholder: t('property:rooms.allTypes') },
      render: (_, r) => t(`property:type.${r.type}`),
    },
    {
      title: t('property:field.grossAreaUnit'),
      dataIndex: 'grossArea',
      width: w(100, 86),
      search: false,
      align: 'right',
      render: (_, r) => area(r.grossArea),
    },
    {
      title: t('property:field.netAreaUnit'),
      dataIndex: 'netArea',
      width: w(100, 86),
      search: false,
      align: 'right',
      render: (_, r) => area(r.netArea),
    },
    {
      title: t('property:field.layout'),
      dataIndex: 'layout',
      width: w(104, 100),
      search: false,
      ellipsis: true,
      render: (_, r) => r.layout ?? dash,
    },
    {
      title: t('property:field.orientation'),
      dataIndex: 'orientation',
      width: w(76, 84),
      search: false,
      ellipsis: true,
      render: (_, r) => (r.orientation ? orientations.label(r.orientation) : dash),
    },
    {
      title: t('property:field.status'),
      dataIndex: 'status',
      width: w(78, 88),
      valueType: 'select',
      fieldProps: { options: statusOptions, placeholder: t('property:rooms.allStatuses') },
      render: (_, r) => <StatusTag status={r.status} />,
    },
    {
      title: t('property:field.deliveryDate'),
      dataIndex: 'deliveryDate',
      width: w(98, 92),
      search: false,
      render: (_, r) => r.deliveryDate ?? dash,
    },
    {
      title: t('property:rooms.keyword'),
      dataIndex: 'keyword',
      hideInTable: true,
      tooltip: t('property:rooms.keywordTip'),
      fieldProps: { placeholder: t('property:rooms.keywordPlaceholder'), allowClear: true },
    },
  ];

  if (canManage) {
    columns.push({
      title: t('common:actions'),
      valueType: 'option',
      key: 'option',
      fixed: 'right',
      width: w(56, 70),
      render: (_, r) => [
        <Typography.Link key="edit" onClick={() => setEditing(r)}>
          {t('common:edit')}
        </Typography.Link>,
      ],
    });
  }

  return (
    <PageContainer title={t('property:rooms.title')} content={t('property:rooms.subtitle')}>
      <ProTable<Room>
        rowKey="id"
        actionRef={actionRef}
        formRef={formRef}
        columns={columns}
        size="middle"
        scroll={{ x: 1090 }}
        headerTitle={t('property:rooms.listTitle')}
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: 6 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: true, setting: true, reload: true, fullScreen: false }}
        locale={{ emptyText: t('property:rooms.empty') }}
        onReset={() => setProjectId(initial.projectId)}
        request={async (params) => {
          const query = toQuery(params);
          lastQuery.current = query;
          const next: Record<string, string> = {};
          if (query.projectId) next.projectId = query.projectId;
          if (query.buildingId) next.buildingId = query.buildingId;
          if (
            (next.projectId ?? null) !== searchParams.get('projectId') ||
            (next.buildingId ?? null) !== searchParams.get('buildingId')
          ) {
            setSearchParams(next, { replace: true });
          }
          try {
            const page = await unwrap(api.GET('/api/rooms', { params: { query } }));
            // A link with only a building: fill in its project so the building filter can name it.
            const first = page.data[0];
            if (query.buildingId && !query.projectId && first) {
              setProjectId(first.projectId);
              formRef.current?.setFieldsValue({ projectId: first.projectId });
            }
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          <Link
            key="grid"
            to={
              lastQuery.current.buildingId
                ? `/property/grid?projectId=${lastQuery.current.projectId ?? ''}&buildingId=${lastQuery.current.buildingId}`
                : '/property/grid'
            }
          >
            {t('property:rooms.openGrid')}
          </Link>,
          <ExportButton key="export" path="/api/rooms/export" params={() => filtersOf(lastQuery.current)} />,
        ]}
      />
      {canManage && (
        <RoomForm
          room={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void actionRef.current?.reload();
          }}
        />
      )}
    </PageContainer>
  );
}

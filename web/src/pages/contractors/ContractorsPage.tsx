import { PlusOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Button, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton, filtersOf } from '../../components/ExportButton';
import { ProjectSelect } from '../../components/ProjectSelect';
import { errorText, showProblem } from '../../components/problem';
import { useDictionary } from '../customers/shared';
import { ContractorDrawer } from './ContractorDrawer';
import { ContractorForm } from './ContractorForm';
import { ActiveTag, type Contractor } from './shared';

type Query = NonNullable<paths['/api/contractors']['get']['parameters']['query']>;

const dash = <Typography.Text type="secondary">-</Typography.Text>;

/** Keeps only what GET /api/contractors accepts; ProTable adds its own keys. */
function toQuery(params: Record<string, unknown>): Query {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  return {
    current: Number(params.current) || 1,
    pageSize: Number(params.pageSize) || 20,
    q: text(params.q),
    projectId: text(params.projectId),
    trade: text(params.trade),
    active: text(params.active) as Query['active'],
  };
}

/** 承建商: the builders and installers of the company's projects, their scopes and warranties. */
export default function ContractorsPage() {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const w = (zh: number, en: number) => (english ? en : zh);
  const separator = english ? ', ' : '、';
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can(access.manageContractors);
  const actionRef = useRef<ActionType>(undefined);
  const lastQuery = useRef<Record<string, unknown>>({});
  const trades = useDictionary('trade');
  const [opened, setOpened] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<{ contractor?: Contractor } | null>(null);
  // Contractors of more than one company on the page: each says whose it is.
  const [manyCompanies, setManyCompanies] = useState(false);

  const reload = () => void actionRef.current?.reload();

  const setActive = async (c: Contractor, active: boolean) => {
    try {
      const options = { params: { path: { id: c.id } } };
      await unwrap(
        active ? api.POST('/api/contractors/{id}/enable', options) : api.POST('/api/contractors/{id}/disable', options),
      );
      message.success(active ? t('contractors:message.enabled') : t('contractors:message.disabled'));
      reload();
      setVersion((n) => n + 1);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const columns: ProColumns<Contractor>[] = [
    {
      title: t('contractors:filter.q'),
      dataIndex: 'q',
      hideInTable: true,
      fieldProps: { placeholder: t('contractors:filter.qPlaceholder'), allowClear: true },
    },
    {
      title: t('contractors:filter.project'),
      dataIndex: 'projectId',
      hideInTable: true,
      renderFormItem: () => <ProjectSelect placeholder={t('contractors:filter.allProjects')} />,
    },
    {
      title: t('contractors:filter.trade'),
      dataIndex: 'trade',
      hideInTable: true,
      valueType: 'select',
      fieldProps: { options: trades.options, placeholder: t('contractors:filter.allTrades'), showSearch: true },
    },
    {
      title: t('contractors:filter.status'),
      dataIndex: 'active',
      hideInTable: true,
      valueType: 'select',
      fieldProps: {
        placeholder: t('contractors:filter.allStatuses'),
        options: [
          { value: 'true', label: t('contractors:status.active') },
          { value: 'false', label: t('contractors:status.disabled') },
        ],
      },
    },
    { title: t('contractors:field.code'), dataIndex: 'code', width: 90, search: false },
    {
      title: t('contractors:field.name'),
      dataIndex: 'name',
      search: false,
      width: 240,
      render: (_, c) => (
        <>
          <Typography.Link strong onClick={() => setOpened(c.id)}>
            {c.name}
          </Typography.Link>
          {manyCompanies && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.companyName}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    {
      title: t('contractors:field.contact'),
      dataIndex: 'contactName',
      width: 170,
      search: false,
      render: (_, c) =>
        !c.contactName && !c.contactMobile && !c.phone ? (
          dash
        ) : (
          <div style={{ fontVariantNumeric: 'tabular-nums', lineHeight: 1.6 }}>
            <div>
              {c.contactName}
              {c.contactName && c.contactMobile ? ' ' : ''}
              {c.contactMobile}
            </div>
            {c.phone && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.phone}
              </Typography.Text>
            )}
          </div>
        ),
    },
    {
      title: t('contractors:field.projects'),
      dataIndex: 'projects',
      width: 160,
      search: false,
      render: (_, c) =>
        c.projects.length === 0 ? (
          dash
        ) : (
          <Space size={[4, 4]} wrap>
            {c.projects.map((p) => (
              <Tag key={p.id} bordered={false} color="blue" style={{ marginInlineEnd: 0 }}>
                {p.name}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('contractors:field.trades'),
      dataIndex: 'trades',
      search: false,
      ellipsis: true,
      render: (_, c) =>
        c.trades.length === 0 ? (
          dash
        ) : (
          <Tooltip title={c.trades.map((tr) => tr.label).join(separator)}>
            <span>{c.trades.map((tr) => tr.label).join(separator)}</span>
          </Tooltip>
        ),
    },
    {
      title: t('contractors:field.status'),
      dataIndex: 'status',
      width: w(70, 84),
      search: false,
      render: (_, c) => <ActiveTag active={c.active} />,
    },
    {
      title: t('common:actions'),
      valueType: 'option',
      key: 'option',
      fixed: 'right',
      width: canManage ? w(140, 180) : w(70, 80),
      render: (_, c) => [
        <Typography.Link key="detail" onClick={() => setOpened(c.id)}>
          {t('contractors:detail')}
        </Typography.Link>,
        ...(canManage && c.editable
          ? [
              <Typography.Link key="edit" onClick={() => setEditing({ contractor: c })}>
                {t('common:edit')}
              </Typography.Link>,
              <Popconfirm
                key="active"
                title={t(c.active ? 'contractors:action.confirmDisable' : 'contractors:action.confirmEnable', {
                  name: c.name,
                })}
                onConfirm={() => setActive(c, !c.active)}
              >
                <Typography.Link type={c.active ? 'danger' : undefined}>
                  {c.active ? t('contractors:action.disable') : t('contractors:action.enable')}
                </Typography.Link>
              </Popconfirm>,
            ]
          : []),
      ],
    },
  ];

  return (
    <PageContainer title={t('contractors:title')} content={t('contractors:subtitle')}>
      <ProTable<Contractor>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        size="middle"
        scroll={{ x: w(1100, 1200) }}
        headerTitle={t('contractors:listTitle')}
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: 6 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: true, setting: true, reload: true, fullScreen: false }}
        locale={{ emptyText: t('contractors:empty') }}
        request={async (params) => {
          const query = toQuery(params);
          lastQuery.current = query;
          try {
            const page = await unwrap(api.GET('/api/contractors', { params: { query } }));
            setManyCompanies(new Set(page.data.map((c) => c.companyId)).size > 1);
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          <ExportButton key="export" path="/api/contractors/export" params={() => filtersOf(lastQuery.current)} />,
          canManage && (
            <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              {t('contractors:create')}
            </Button>
          ),
        ]}
      />
      <ContractorDrawer
        contractorId={opened}
        version={version}
        onClose={() => setOpened(null)}
        onEdit={(c) => setEditing({ contractor: c })}
        onChanged={reload}
      />
      {canManage && (
        <ContractorForm
          open={!!editing}
          contractor={editing?.contractor}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            const created = !editing?.contractor;
            setEditing(null);
            reload();
            setVersion((n) => n + 1);
            // A new contractor has no scopes yet: open it so they can be added.
            if (created) setOpened(saved.id);
          }}
        />
      )}
    </PageContainer>
  );
}

import { LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Button, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton } from '../../components/ExportButton';
import { ProjectSelect } from '../../components/ProjectSelect';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { LinkCustomerModal } from './receptions/LinkCustomerModal';
import { type Channel, channels, formatTime, StateTag } from './shared';
import type { Reception, ReceptionListQuery } from './types';

type Row = Omit<Reception, 'tickets'> & { tickets?: unknown };

const dash = <Typography.Text type="secondary">-</Typography.Text>;

function toQuery(params: Record<string, unknown>): ReceptionListQuery {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const received = Array.isArray(params.received) ? (params.received as unknown[]) : [];
  const query: ReceptionListQuery = {
    current: Number(params.current) || 1,
    pageSize: Number(params.pageSize) || 20,
    q: text(params.q),
    projectId: text(params.projectId),
    channel: text(params.channel) as Channel | undefined,
    from: text(received[0]),
    to: text(received[1]),
  };
  for (const key of Object.keys(query) as (keyof ReceptionListQuery)[]) {
    if (query[key] === undefined) delete query[key];
  }
  return query;
}

/** The tickets a reception raised, read when its row is expanded. */
function ReceptionTickets({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data, loading } = useQueryData(
    () => unwrap(api.GET('/api/receptions/{id}', { params: { path: { id } } })),
    [id],
  );
  if (loading && !data) return <Spin size="small" />;
  if (!data || data.tickets.length === 0)
    return <Typography.Text type="secondary">{t('tickets:receptions.noTickets')}</Typography.Text>;
  return (
    <Space direction="vertical" size={4}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{data.content}</Typography.Paragraph>
      {data.tickets.map((ticket) => (
        <Space key={ticket.id} size={8}>
          <Link to={`/service-desk/tickets/${ticket.id}`}>{ticket.publicNo}</Link>
          <Typography.Text>{ticket.title}</Typography.Text>
          <StateTag state={ticket.state} />
          {ticket.handlerName && <Typography.Text type="secondary">{ticket.handlerName}</Typography.Text>}
        </Space>
      ))}
    </Space>
  );
}

/** 接待记录: every contact at the desk, with its tickets; an unknown caller is linked here later. */
export default function ReceptionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const actionRef = useRef<ActionType>(undefined);
  const lastQuery = useRef<ReceptionListQuery>({});
  const [linking, setLinking] = useState<Row | null>(null);

  const columns: ProColumns<Row>[] = [
    {
      title: t('tickets:filter.q'),
      dataIndex: 'q',
      hideInTable: true,
      initialValue: searchParams.get('q') ?? undefined,
      fieldProps: { placeholder: t('tickets:receptions.qPlaceholder'), allowClear: true },
    },
    {
      title: t('tickets:field.project'),
      dataIndex: 'projectId',
      hideInTable: true,
      renderFormItem: () => <ProjectSelect placeholder={t('tickets:filter.allProjects')} />,
    },
    {
      title: t('tickets:field.channel'),
      dataIndex: 'channel',
      hideInTable: true,
      valueType: 'select',
      fieldProps: {
        placeholder: t('tickets:filter.allChannels'),
        options: channels.map((c) => ({ value: c, label: t(`tickets:channel.${c}`) })),
      },
    },
    { title: t('tickets:receptions.received'), dataIndex: 'received', hideInTable: true, valueType: 'dateRange' },
    {
      title: t('tickets:receptions.no'),
      dataIndex: 'publicNo',
      search: false,
      width: 160,
      render: (_, r) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{r.publicNo}</span>,
    },
    {
      title: t('tickets:receptions.receivedAt'),
      dataIndex: 'receivedAt',
      search: false,
      width: 140,
      render: (_, r) => formatTime(r.receivedAt),
    },
    {
      title: t('tickets:field.channel'),
      dataIndex: 'channelCol',
      search: false,
      width: 80,
      render: (_, r) => <Tag bordered={false}>{t(`tickets:channel.${r.channel}`)}</Tag>,
    },
    {
      title: t('tickets:field.caller'),
      dataIndex: 'callerName',
      search: false,
      width: 180,
      render: (_, r) => (
        <div style={{ lineHeight: 1.6 }}>
          {r.customerId ? (
            <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link>
          ) : (
            <Space size={6}>
              <span>{r.callerName ?? t('tickets:receptions.unnamed')}</span>
              <Tag color="warning" bordered={false} style={{ marginInlineEnd: 0 }}>
                {t('tickets:receptions.unlinked')}
              </Tag>
            </Space>
          )}
          {r.callerPhone && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
                {r.callerPhone}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('tickets:field.projectRoom'),
      dataIndex: 'projectName',
      search: false,
      width: 170,
      render: (_, r) => (
        <span>
          {r.projectName}
          {r.roomCode ? <Typography.Text type="secondary"> {r.roomCode}</Typography.Text> : null}
        </span>
      ),
    },
    {
      title: t('tickets:field.content'),
      dataIndex: 'content',
      search: false,
      ellipsis: true,
      render: (_, r) => (
        <Tooltip title={r.content}>
          <span>{r.content}</span>
        </Tooltip>
      ),
    },
    {
      title: t('tickets:receptions.tickets'),
      dataIndex: 'ticketCount',
      search: false,
      width: 70,
      align: 'center',
      render: (_, r) => (r.ticketCount > 0 ? r.ticketCount : dash),
    },
    { title: t('tickets:receptions.agent'), dataIndex: 'agentName', search: false, width: 90 },
    {
      title: t('common:actions'),
      valueType: 'option',
      key: 'option',
      width: 110,
      fixed: 'right',
      render: (_, r) =>
        can(access.createTickets)
          ? [
              <Typography.Link key="link" onClick={() => setLinking(r)}>
                <LinkOutlined /> {r.customerId ? t('tickets:receptions.relink') : t('tickets:receptions.link')}
              </Typography.Link>,
            ]
          : [],
    },
  ];

  return (
    <PageContainer title={t('tickets:receptions.title')} content={t('tickets:receptions.subtitle')}>
      <ProTable<Row>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        size="middle"
        scroll={{ x: 1300 }}
        headerTitle={t('tickets:receptions.listTitle')}
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: 6 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: true, setting: true, reload: true, fullScreen: false }}
        locale={{ emptyText: t('tickets:receptions.empty') }}
        expandable={{ expandedRowRender: (r) => <ReceptionTickets id={r.id} />, rowExpandable: () => true }}
        request={async (params) => {
          const query = toQuery(params);
          lastQuery.current = query;
          try {
            const page = await unwrap(api.GET('/api/receptions', { params: { query } }));
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          can(access.exportTickets) && (
            <ExportButton
              key="export"
              path="/api/receptions/export"
              params={() => {
                const { current: _c, pageSize: _p, ...rest } = lastQuery.current;
                return rest;
              }}
            />
          ),
          can(access.createTickets) && (
            <Button
              key="new"
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/service-desk/reception')}
            >
              {t('tickets:list.newReception')}
            </Button>
          ),
        ]}
      />
      <LinkCustomerModal
        reception={linking}
        onClose={() => setLinking(null)}
        onSaved={() => {
          setLinking(null);
          void actionRef.current?.reload();
        }}
      />
    </PageContainer>
  );
}

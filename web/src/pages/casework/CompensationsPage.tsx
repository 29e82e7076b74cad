import { PlusOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Button, Card, DatePicker, Segmented, Space, Switch, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton, filtersOf } from '../../components/ExportButton';
import { ProjectSelect } from '../../components/ProjectSelect';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { CompensationModal, RequestCompensationModal } from './CompensationModals';
import { type Compensation, type CompensationState, CompensationStateTag, compensationStates, yuan } from './shared';

function Ledger() {
  const { t } = useTranslation();
  const [year, setYear] = useState(dayjs().year());
  const { data, loading } = useQueryData(
    () => unwrap(api.GET('/api/compensations/ledger', { params: { query: { year } } })),
    [year],
  );
  const rows = data?.projects ?? [];
  const total = (key: 'count' | 'approvedFen' | 'paidFen' | 'pendingFen') => rows.reduce((s, r) => s + r[key], 0);
  return (
    <Card
      title={t('casework:ledger.title')}
      extra={
        <DatePicker
          picker="year"
          allowClear={false}
          value={dayjs(`${year}-01-01`)}
          onChange={(d) => d && setYear(d.year())}
        />
      }
    >
      <Table
        rowKey="projectId"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('casework:ledger.empty') }}
        columns={[
          { title: t('casework:ledger.project'), dataIndex: 'projectName' },
          { title: t('casework:ledger.count'), dataIndex: 'count', align: 'right' },
          {
            title: t('casework:ledger.approved'),
            dataIndex: 'approvedFen',
            align: 'right',
            render: (v: number) => yuan(v),
          },
          { title: t('casework:ledger.paid'), dataIndex: 'paidFen', align: 'right', render: (v: number) => yuan(v) },
          {
            title: t('casework:ledger.pending'),
            dataIndex: 'pendingFen',
            align: 'right',
            render: (v: number) => yuan(v),
          },
        ]}
        summary={() =>
          rows.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('casework:ledger.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {total('count')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {yuan(total('approvedFen'))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {yuan(total('paidFen'))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {yuan(total('pendingFen'))}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}

/** 赔付管理: requests by state, the ones waiting for me, the approval chain of each, the ledger. */
export default function CompensationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const actionRef = useRef<ActionType>(undefined);
  const lastQuery = useRef<Record<string, unknown>>({});
  const [state, setState] = useState<CompensationState | 'all'>('all');
  const [awaitingMe, setAwaitingMe] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const [requesting, setRequesting] = useState(false);

  const columns: ProColumns<Compensation>[] = [
    {
      title: t('casework:compensation.search'),
      dataIndex: 'q',
      hideInTable: true,
      fieldProps: { placeholder: t('casework:compensation.searchPlaceholder'), allowClear: true },
    },
    {
      title: t('casework:compensation.project'),
      dataIndex: 'projectId',
      hideInTable: true,
      renderFormItem: () => <ProjectSelect placeholder={t('casework:compensation.allProjects')} />,
    },
    {
      title: t('casework:compensation.requestedAt'),
      dataIndex: 'range',
      valueType: 'dateRange',
      hideInTable: true,
    },
    {
      title: t('casework:compensation.no'),
      dataIndex: 'publicNo',
      search: false,
      width: 170,
      render: (_, r) => <Typography.Link onClick={() => setOpened(r.id)}>{r.publicNo}</Typography.Link>,
    },
    {
      title: t('casework:compensation.ticket'),
      dataIndex: 'ticket',
      search: false,
      render: (_, r) => (
        <>
          <div>{r.ticket.publicNo}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.ticket.title}
          </Typography.Text>
        </>
      ),
    },
    { title: t('casework:compensation.project'), dataIndex: 'projectName', search: false, width: 110 },
    {
      title: t('casework:compensation.amount'),
      dataIndex: 'amountFen',
      search: false,
      width: 120,
      align: 'right',
      render: (_, r) => <Typography.Text strong>{yuan(r.amountFen)}</Typography.Text>,
    },
    { title: t('casework:compensation.reason'), dataIndex: 'reason', search: false, ellipsis: true },
    {
      title: t('casework:compensation.stateLabel'),
      dataIndex: 'state',
      search: false,
      width: 160,
      render: (_, r) => (
        <Space size={4}>
          <CompensationStateTag state={r.state} />
          {r.state === 'pending' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.steps[r.currentStep]?.roleName}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('casework:compensation.requestedBy'), dataIndex: 'requestedByName', search: false, width: 90 },
    {
      title: t('casework:compensation.requestedAt'),
      dataIndex: 'requestedAt',
      search: false,
      width: 140,
      render: (_, r) => dayjs(r.requestedAt).format('YYYY-MM-DD HH:mm'),
    },
    {
      title: t('common:actions'),
      valueType: 'option',
      width: 80,
      render: (_, r) => [
        <Typography.Link key="open" onClick={() => setOpened(r.id)}>
          {r.canDecide ? t('casework:compensation.decide') : t('casework:compensation.view')}
        </Typography.Link>,
      ],
    },
  ];

  const list = (
    <ProTable<Compensation>
      rowKey="id"
      actionRef={actionRef}
      columns={columns}
      size="middle"
      params={{ state, awaitingMe }}
      search={{ labelWidth: 'auto', defaultCollapsed: false, span: 6 }}
      pagination={{ defaultPageSize: 20 }}
      options={{ density: false, setting: false, reload: true, fullScreen: false }}
      headerTitle={
        <Space size="large" wrap>
          <Segmented
            value={state}
            onChange={(v) => setState(v as CompensationState | 'all')}
            options={[
              { value: 'all', label: t('casework:compensation.allStates') },
              ...compensationStates.map((s) => ({ value: s, label: t(`casework:compensation.state.${s}`) })),
            ]}
          />
          {can(access.approveCompensation) && (
            <Space size={6}>
              <Switch checked={awaitingMe} onChange={setAwaitingMe} data-testid="awaiting-me" />
              {t('casework:compensation.awaitingMe')}
            </Space>
          )}
        </Space>
      }
      request={async (params) => {
        const range = params.range as [string, string] | undefined;
        const query = {
          current: Number(params.current) || 1,
          pageSize: Number(params.pageSize) || 20,
          q: typeof params.q === 'string' && params.q.trim() ? params.q.trim() : undefined,
          projectId: (params.projectId as string | undefined) || undefined,
          state: state === 'all' ? undefined : state,
          awaitingMe: awaitingMe ? ('true' as const) : undefined,
          from: range?.[0] ? dayjs(range[0]).format('YYYY-MM-DD') : undefined,
          to: range?.[1] ? dayjs(range[1]).format('YYYY-MM-DD') : undefined,
        };
        lastQuery.current = query;
        try {
          const page = await unwrap(api.GET('/api/compensations', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        } catch (e) {
          showProblem(message, e);
          return { data: [], total: 0, success: false };
        }
      }}
      toolBarRender={() => [
        can(access.requestCompensation) && (
          <Button key="request" type="primary" icon={<PlusOutlined />} onClick={() => setRequesting(true)}>
            {t('casework:compensation.request')}
          </Button>
        ),
        can(access.exportTickets) && (
          <ExportButton key="export" path="/api/compensations/export" params={() => filtersOf(lastQuery.current)} />
        ),
      ]}
    />
  );

  return (
    <PageContainer title={t('casework:compensation.pageTitle')} content={t('casework:compensation.subtitle')}>
      <Tabs
        items={[
          { key: 'list', label: t('casework:compensation.listTab'), children: list },
          { key: 'ledger', label: t('casework:ledger.tab'), children: <Ledger /> },
        ]}
      />
      <RequestCompensationModal
        open={requesting}
        onClose={() => setRequesting(false)}
        onCreated={(created) => {
          setRequesting(false);
          void actionRef.current?.reload();
          setOpened(created.id);
        }}
      />
      <CompensationModal
        compensationId={opened}
        onClose={() => setOpened(null)}
        onChanged={() => void actionRef.current?.reload()}
      />
    </PageContainer>
  );
}

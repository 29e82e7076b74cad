import { PlusOutlined } from '@ant-design/icons';
import {
  type ActionType,
  PageContainer,
  type ProColumns,
  type ProFormInstance,
  ProTable,
} from '@ant-design/pro-components';
import { App, Button, Switch, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton } from '../../components/ExportButton';
import { ProjectSelect } from '../../components/ProjectSelect';
import { showProblem } from '../../components/problem';
import { useCappedPagination } from '../../components/useCappedPagination';
import { CatalogueNodeSelect, StaffSelect } from './filters';
import { type QuickTab, quickTabs, tabFilters, toQuery } from './list/query';
import { SavedViews } from './list/SavedViews';
import { SlaCountdown, useNow } from './SlaCountdown';
import { EscalationBadge, formatTime, StateTag, TypeTag, ticketStates, ticketTypes } from './shared';
import type { TicketListQuery, TicketSummary } from './types';

const dash = <Typography.Text type="secondary">-</Typography.Text>;

/** 工单列表: every ticket the user may see, with quick tabs, filters, saved views and export. */
export default function TicketsPage() {
  const { t, i18n } = useTranslation();
  const pager = useCappedPagination();
  const english = i18n.language === 'en-US';
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const actionRef = useRef<ActionType>(undefined);
  const formRef = useRef<ProFormInstance>(undefined);
  const lastQuery = useRef<TicketListQuery>({});
  const [tab, setTab] = useState<QuickTab>((searchParams.get('tab') as QuickTab) || 'all');
  const now = useNow(30_000);
  // Filters that come in the address (a customer's tickets, from the reception's side panel).
  const customerId = searchParams.get('customerId') ?? undefined;
  const roomId = searchParams.get('roomId') ?? undefined;

  const columns: ProColumns<TicketSummary>[] = [
    {
      title: t('tickets:filter.q'),
      dataIndex: 'q',
      hideInTable: true,
      fieldProps: { placeholder: t('tickets:filter.qPlaceholder'), allowClear: true },
    },
    {
      title: t('tickets:field.project'),
      dataIndex: 'projectId',
      hideInTable: true,
      renderFormItem: () => <ProjectSelect placeholder={t('tickets:filter.allProjects')} />,
    },
    {
      title: t('tickets:field.type'),
      dataIndex: 'type',
      hideInTable: true,
      valueType: 'select',
      fieldProps: {
        mode: 'multiple',
        maxTagCount: 'responsive',
        placeholder: t('tickets:filter.allTypes'),
        options: ticketTypes.map((v) => ({ value: v, label: t(`tickets:type.${v}`) })),
      },
    },
    {
      title: t('tickets:field.state'),
      dataIndex: 'state',
      hideInTable: true,
      valueType: 'select',
      fieldProps: {
        mode: 'multiple',
        maxTagCount: 'responsive',
        placeholder: t('tickets:filter.allStates'),
        options: ticketStates.map((v) => ({ value: v, label: t(`tickets:state.${v}`) })),
      },
    },
    {
      title: t('tickets:field.catalogueItem'),
      dataIndex: 'catalogueNodeId',
      hideInTable: true,
      renderFormItem: () => <CatalogueNodeSelect />,
    },
    ...(can('user.read')
      ? [
          {
            title: t('tickets:field.handler'),
            dataIndex: 'handlerUserId',
            hideInTable: true,
            renderFormItem: () => <StaffSelect />,
          } as ProColumns<TicketSummary>,
        ]
      : []),
    {
      title: t('tickets:filter.created'),
      dataIndex: 'created',
      hideInTable: true,
      valueType: 'dateRange',
    },
    {
      title: t('tickets:filter.overdue'),
      dataIndex: 'overdue',
      hideInTable: true,
      formItemProps: { valuePropName: 'checked' },
      renderFormItem: () => <Switch />,
    },
    {
      title: t('tickets:field.publicNo'),
      dataIndex: 'publicNo',
      search: false,
      width: 170,
      fixed: 'left',
      render: (_, r) => (
        <Link to={`/service-desk/tickets/${r.id}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {r.publicNo}
        </Link>
      ),
    },
    {
      title: t('tickets:field.type'),
      dataIndex: 'typeCol',
      search: false,
      width: 70,
      render: (_, r) => <TypeTag type={r.type} />,
    },
    {
      title: t('tickets:field.title'),
      dataIndex: 'title',
      search: false,
      ellipsis: true,
      width: 200,
      render: (_, r) => (
        <Tooltip title={r.catalogueItemName ? `${r.catalogueItemName} · ${r.title}` : r.title}>
          <span>{r.title}</span>
        </Tooltip>
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
          {r.roomCode && <Typography.Text type="secondary"> {r.roomCode}</Typography.Text>}
        </span>
      ),
    },
    {
      title: t('tickets:field.customer'),
      dataIndex: 'customerName',
      search: false,
      width: 100,
      render: (_, r) =>
        r.customerId ? <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link> : (r.contactName ?? dash),
    },
    {
      title: t('tickets:field.handler'),
      dataIndex: 'handlerName',
      search: false,
      width: 150,
      ellipsis: true,
      render: (_, r) => r.handlerName ?? dash,
    },
    {
      title: t('tickets:field.state'),
      dataIndex: 'stateCol',
      search: false,
      width: english ? 130 : 90,
      render: (_, r) => <StateTag state={r.state} />,
    },
    {
      title: t('tickets:field.deadline'),
      dataIndex: 'resolutionDueAt',
      search: false,
      width: english ? 170 : 150,
      sorter: true,
      render: (_, r) => (
        <SlaCountdown
          dueAt={r.resolutionDueAt}
          overdue={r.overdue}
          paused={r.paused}
          provisional={r.provisional}
          done={['resolved', 'visited', 'closed', 'cancelled', 'merged'].includes(r.state)}
          now={now}
        />
      ),
    },
    {
      title: t('tickets:field.escalation'),
      dataIndex: 'escalationLevel',
      search: false,
      width: 80,
      render: (_, r) => (r.escalationLevel > 0 ? <EscalationBadge level={r.escalationLevel} /> : dash),
    },
    {
      title: t('tickets:field.createdAt'),
      dataIndex: 'createdAt',
      search: false,
      width: 140,
      render: (_, r) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatTime(r.createdAt)}</span>,
    },
  ];

  const fixed = { ...tabFilters(tab), customerId, roomId };

  return (
    <PageContainer
      title={t('tickets:list.title')}
      content={t('tickets:list.subtitle')}
      tabActiveKey={tab}
      tabList={quickTabs.map((key) => ({ key, tab: t(`tickets:list.tab.${key}`) }))}
      onTabChange={(key) => {
        setTab(key as QuickTab);
        const next = new URLSearchParams(searchParams);
        next.set('tab', key);
        setSearchParams(next, { replace: true });
      }}
    >
      <ProTable<TicketSummary>
        rowKey="id"
        actionRef={actionRef}
        formRef={formRef}
        columns={columns}
        size="middle"
        scroll={{ x: 1300 }}
        params={fixed}
        headerTitle={
          customerId || roomId ? (
            <Tag
              closable
              color="blue"
              onClose={() => {
                const next = new URLSearchParams(searchParams);
                next.delete('customerId');
                next.delete('roomId');
                setSearchParams(next, { replace: true });
              }}
            >
              {customerId ? t('tickets:list.customerFilter') : t('tickets:list.roomFilter')}
            </Tag>
          ) : (
            t('tickets:list.listTitle')
          )
        }
        search={{ labelWidth: 'auto', defaultCollapsed: true, span: 6 }}
        pagination={pager.pagination}
        options={{ density: true, setting: true, reload: true, fullScreen: false }}
        locale={{ emptyText: t('tickets:list.empty') }}
        onRow={(r) => ({
          onClick: (e) => {
            // A click on a link inside the row (the number, the customer) goes where the link says.
            if ((e.target as HTMLElement).closest('a')) return;
            navigate(`/service-desk/tickets/${r.id}`);
          },
          style: { cursor: 'pointer' },
        })}
        request={async (params, sort) => {
          const query = toQuery(params, sort);
          lastQuery.current = query;
          try {
            const page = await unwrap(api.GET('/api/tickets', { params: { query } }));
            pager.setCapped(page.totalCapped);
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          <SavedViews
            key="views"
            current={() => ({ ...(formRef.current?.getFieldsValue() ?? {}), tab })}
            onApply={(filters) => {
              const { tab: savedTab, ...rest } = filters as { tab?: QuickTab } & Record<string, unknown>;
              formRef.current?.resetFields();
              formRef.current?.setFieldsValue(rest);
              if (savedTab && quickTabs.includes(savedTab)) setTab(savedTab);
              formRef.current?.submit();
            }}
          />,
          can(access.exportTickets) && (
            <ExportButton
              key="export"
              path="/api/tickets/export"
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
    </PageContainer>
  );
}

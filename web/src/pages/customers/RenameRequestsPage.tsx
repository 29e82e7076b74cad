import { CheckOutlined, CloseOutlined, RollbackOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Badge, Button, Input, Popconfirm, Space, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton } from '../../components/ExportButton';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import {
  NameChange,
  RenameDecisionModal,
  type RenameRequest,
  type RenameStatus,
  RenameStatusTag,
} from './RenameModals';

type Tab = 'pending' | 'approved' | 'rejected' | 'all';
const tabs: Tab[] = ['pending', 'approved', 'rejected', 'all'];
const dash = <Typography.Text type="secondary">-</Typography.Text>;
const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

/**
 * 客户更名: the rename requests of the customers one can see, waiting ones first. Approvers
 * (customer.approve) approve or reject someone else's request; the requester may withdraw theirs.
 */
export default function RenameRequestsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, me } = useSession();
  const canApprove = can(access.approveCustomers);
  const canManage = can(access.manageCustomers);
  const actionRef = useRef<ActionType>(undefined);
  const [searchParams, setSearchParams] = useSearchParams();
  const tabParam = searchParams.get('status') as Tab | null;
  const tab: Tab = tabParam && tabs.includes(tabParam) ? tabParam : 'pending';
  const q = searchParams.get('q')?.trim() || undefined;
  const [text, setText] = useState(q ?? '');
  const [deciding, setDeciding] = useState<{ request: RenameRequest; decision: 'approve' | 'reject' } | null>(null);
  const [changes, setChanges] = useState(0);
  const pending = useQueryData(
    () =>
      unwrap(api.GET('/api/rename-requests', { params: { query: { status: 'pending', pageSize: 1, current: 1 } } })),
    [changes],
  );

  const setParams = (next: { status?: Tab; q?: string }) => {
    const merged = { status: tab, q, ...next };
    const params: Record<string, string> = {};
    if (merged.status && merged.status !== 'pending') params.status = merged.status;
    if (merged.q) params.q = merged.q;
    setSearchParams(params, { replace: true });
  };

  const changed = () => {
    setChanges((n) => n + 1);
    void actionRef.current?.reload();
  };

  const withdraw = async (r: RenameRequest) => {
    try {
      await unwrap(api.POST('/api/rename-requests/{id}/withdraw', { params: { path: { id: r.id } } }));
      message.success(t('customers:rename.withdrawn'));
      changed();
    } catch (e) {
      showProblem(message, e);
    }
  };

  const columns: ProColumns<RenameRequest>[] = [
    {
      title: t('customers:rename.customer'),
      dataIndex: 'customerCode',
      width: 150,
      render: (_, r) => (
        <div style={{ lineHeight: 1.4 }}>
          <Link to={`/customers/${r.customerId}`} style={{ fontWeight: 500 }}>
            {r.customerName}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12, ...numeric }}>
              {r.customerCode}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('customers:rename.change'),
      dataIndex: 'newName',
      width: 220,
      render: (_, r) => <NameChange from={r.oldName} to={r.newName} />,
    },
    {
      title: t('customers:rename.reason'),
      dataIndex: 'reason',
      width: 240,
      render: (_, r) => (
        <div>
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.reason }} style={{ marginBottom: 0 }}>
            {r.reason}
          </Typography.Paragraph>
          {r.evidence && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.evidence }}>
              {t('customers:rename.evidenceShort', { evidence: r.evidence })}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('customers:rename.requester'),
      dataIndex: 'requestedByName',
      width: 140,
      render: (_, r) => (
        <div style={{ lineHeight: 1.4 }}>
          {r.requestedByName}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12, ...numeric }}>
              {dayjs(r.createdAt).format('YYYY-MM-DD HH:mm')}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('customers:rename.statusTitle'),
      dataIndex: 'status',
      width: 100,
      render: (_, r) => <RenameStatusTag status={r.status} />,
    },
    {
      title: t('customers:rename.decision'),
      dataIndex: 'decidedByName',
      width: 200,
      render: (_, r) =>
        r.decidedAt ? (
          <div style={{ lineHeight: 1.4 }}>
            {r.decidedByName ?? dash}
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6, ...numeric }}>
              {dayjs(r.decidedAt).format('YYYY-MM-DD HH:mm')}
            </Typography.Text>
            {r.decisionNote && (
              <Typography.Paragraph
                type="secondary"
                ellipsis={{ rows: 2, tooltip: r.decisionNote }}
                style={{ marginBottom: 0, fontSize: 12 }}
              >
                {r.decisionNote}
              </Typography.Paragraph>
            )}
          </div>
        ) : (
          dash
        ),
    },
    {
      title: t('common:actions'),
      valueType: 'option',
      width: 160,
      fixed: 'right',
      render: (_, r) => {
        if (r.status !== 'pending') return dash;
        const own = r.requestedBy === me?.id;
        const items = [];
        if (canApprove) {
          const approveButtons = (
            <Space size={4} key="decide">
              <Button
                size="small"
                type="primary"
                icon={<CheckOutlined />}
                disabled={own}
                onClick={() => setDeciding({ request: r, decision: 'approve' })}
                data-testid="rename-approve"
              >
                {t('customers:rename.approve')}
              </Button>
              <Button
                size="small"
                danger
                icon={<CloseOutlined />}
                disabled={own}
                onClick={() => setDeciding({ request: r, decision: 'reject' })}
                data-testid="rename-reject"
              >
                {t('customers:rename.reject')}
              </Button>
            </Space>
          );
          items.push(
            own ? (
              <Tooltip key="decide" title={t('customers:rename.ownRequest')}>
                {approveButtons}
              </Tooltip>
            ) : (
              approveButtons
            ),
          );
        }
        if (own && canManage) {
          items.push(
            <Popconfirm
              key="withdraw"
              title={t('customers:rename.withdrawConfirm', { name: r.newName })}
              onConfirm={() => withdraw(r)}
            >
              <Button size="small" type="link" icon={<RollbackOutlined />}>
                {t('customers:rename.withdraw')}
              </Button>
            </Popconfirm>,
          );
        }
        return items.length ? <Space size={4}>{items}</Space> : dash;
      },
    },
  ];

  const status: RenameStatus | undefined = tab === 'all' ? undefined : tab;

  return (
    <PageContainer title={t('customers:rename.listTitle')} content={t('customers:rename.listSubtitle')}>
      <ProTable<RenameRequest, { tab: Tab; q?: string }>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        size="middle"
        search={false}
        params={{ tab, q }}
        scroll={{ x: 1200 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: true, setting: true, reload: true, fullScreen: false }}
        locale={{ emptyText: t(`customers:rename.empty.${tab}`) }}
        toolbar={{
          menu: {
            type: 'tab',
            activeKey: tab,
            onChange: (key) => setParams({ status: (key as Tab) ?? 'pending' }),
            items: tabs.map((key) => ({
              key,
              label:
                key === 'pending' ? (
                  <span data-testid="rename-tab-pending">
                    {t('customers:rename.tab.pending')}
                    <Badge count={pending.data?.total ?? 0} size="small" offset={[6, -2]} />
                  </span>
                ) : (
                  <span data-testid={`rename-tab-${key}`}>{t(`customers:rename.tab.${key}`)}</span>
                ),
            })),
          },
          search: (
            <Input.Search
              allowClear
              style={{ width: 260 }}
              placeholder={t('customers:rename.searchPlaceholder')}
              value={text}
              maxLength={40}
              onChange={(e) => {
                setText(e.target.value);
                if (e.target.value === '' && q) setParams({ q: undefined });
              }}
              onSearch={(value) => setParams({ q: value.trim() || undefined })}
            />
          ),
        }}
        toolBarRender={() => [
          can(access.exportCustomers) && (
            <ExportButton
              key="export"
              path="/api/rename-requests/export"
              params={() => ({ ...(status ? { status } : {}), ...(q ? { q } : {}) })}
            />
          ),
        ]}
        request={async (params) => {
          try {
            const page = await unwrap(
              api.GET('/api/rename-requests', {
                params: {
                  query: {
                    current: Number(params.current) || 1,
                    pageSize: Number(params.pageSize) || 20,
                    ...(status ? { status } : {}),
                    ...(q ? { q } : {}),
                  },
                },
              }),
            );
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
      <RenameDecisionModal
        request={deciding?.request ?? null}
        decision={deciding?.decision ?? 'approve'}
        onClose={() => setDeciding(null)}
        onDone={() => {
          setDeciding(null);
          changed();
        }}
      />
    </PageContainer>
  );
}

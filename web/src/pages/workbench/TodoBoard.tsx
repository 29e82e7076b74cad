import {
  AuditOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  PhoneOutlined,
  RiseOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { ProCard } from '@ant-design/pro-components';
import { Alert, Badge, Empty, List, Space, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { useLiveReload } from '../../app/useLiveEvents';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { Deadline, EscalationBadge, TicketLink, useNow } from './tickets';

export const todoKeys = ['mine', 'dueSoon', 'overdue', 'toVisit', 'toApprove', 'escalatedToMe'] as const;
export type TodoKey = (typeof todoKeys)[number];

export type Workbench = Awaited<ReturnType<typeof loadWorkbench>>;
type TicketBucketKey = Exclude<TodoKey, 'toApprove'>;
type TodoItem = Workbench[TicketBucketKey]['items'][number];

const icons: Record<TodoKey, ReactNode> = {
  mine: <UserOutlined />,
  dueSoon: <ClockCircleOutlined />,
  overdue: <ExclamationCircleOutlined />,
  toVisit: <PhoneOutlined />,
  toApprove: <AuditOutlined />,
  escalatedToMe: <RiseOutlined />,
};

const colors: Record<TodoKey, string> = {
  mine: '#1677ff',
  dueSoon: '#fa8c16',
  overdue: '#f5222d',
  toVisit: '#13c2c2',
  toApprove: '#722ed1',
  escalatedToMe: '#eb2f96',
};

export async function loadWorkbench() {
  return unwrap(api.GET('/api/workbench'));
}

/** The live dot: 实时 while the event stream is open, 重连中 while it is not. */
export function LiveIndicator({ connected }: { connected: boolean }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={connected ? t('workbench:live.onHelp') : t('workbench:live.offHelp')}>
      <span data-testid="live-indicator" data-connected={connected ? 'true' : 'false'}>
        <Badge
          status={connected ? 'processing' : 'default'}
          text={
            <Typography.Text type={connected ? 'success' : 'secondary'}>
              {connected ? t('workbench:live.on') : t('workbench:live.off')}
            </Typography.Text>
          }
        />
      </span>
    </Tooltip>
  );
}

function TodoRow({ item, now }: { item: TodoItem; now: number }) {
  return (
    <List.Item style={{ paddingInline: 0, display: 'block' }} data-testid="todo-item">
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}>
        <TicketLink id={item.ticketId} publicNo={item.publicNo} />
        <span style={{ flex: 1 }} />
        <EscalationBadge level={item.escalationLevel} />
        <Deadline dueAt={item.resolutionDueAt} overdue={item.overdue} paused={item.state === 'waiting'} now={now} />
      </div>
      <div style={{ display: 'flex', gap: 8, marginTop: 2, minWidth: 0 }}>
        <Typography.Text ellipsis={{ tooltip: item.title }} style={{ flex: 1, minWidth: 0 }}>
          {item.title}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, flexShrink: 0 }}>
          {item.projectName}
        </Typography.Text>
      </div>
    </List.Item>
  );
}

/** 待审批: the requests waiting for my decision, each kind linking to its list. */
function Approvals({ data }: { data: Workbench['toApprove'] | undefined }) {
  const { t } = useTranslation();
  if (!data || data.count === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench:todo.empty')} />;
  }
  const rows = [
    { key: 'renameRequests', count: data.renameRequests, to: '/customer/rename-requests' },
    { key: 'exportRequests', count: data.exportRequests, to: '/system/export-approvals' },
  ].filter((r) => r.count > 0);
  return (
    <List
      size="small"
      dataSource={rows}
      renderItem={(r) => (
        <List.Item style={{ paddingInline: 0 }}>
          <Link to={r.to}>{t(`workbench:todo.approval.${r.key}`)}</Link>
          <Typography.Text strong>{r.count}</Typography.Text>
        </List.Item>
      )}
    />
  );
}

/**
 * 我的待办 … 升级给我: one card per to-do list with its count and its first few tickets,
 * reloaded (debounced) when the server says a ticket, the workbench or a notification changed.
 */
/**
 * 待回拨: missed calls nobody has called back yet (with call.read), linking to the call log. A
 * plain function (not a component) so that the board's ProCard sees the card's colSpan.
 */
function callbacksCard(count: number | undefined, t: (key: string, options?: Record<string, unknown>) => string) {
  return (
    <ProCard
      key="callbacks"
      colSpan={{ xs: 24, md: 12, xl: 8 }}
      bordered
      loading={count === undefined}
      data-testid="todo-callbacks"
      title={
        <Space size={8}>
          <span style={{ color: '#fa541c' }}>
            <PhoneOutlined rotate={135} />
          </span>
          {t('workbench:todo.callbacks')}
        </Space>
      }
      extra={
        <Typography.Text
          strong
          style={{ fontSize: 24, color: count ? '#fa541c' : undefined }}
          data-testid="todo-callbacks-count"
        >
          {count ?? '-'}
        </Typography.Text>
      }
      bodyStyle={{ paddingBlock: 8, minHeight: 120 }}
    >
      {count ? (
        <Link to="/service-desk/calls?callback=pending">{t('workbench:todo.callbacksOpen', { count })}</Link>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench:todo.empty')} />
      )}
    </ProCard>
  );
}

export function TodoBoard() {
  const { t } = useTranslation();
  const now = useNow();
  const { can } = useSession();
  const { data, error, reload } = useQueryData(loadWorkbench, []);
  useLiveReload(() => void reload(), ['ticket', 'workbench', 'notification', 'call']);

  if (error && !data) return <Alert type="warning" showIcon message={errorText(error)} style={{ marginBottom: 16 }} />;

  return (
    <ProCard gutter={[16, 16]} wrap ghost data-testid="todo-board">
      {todoKeys.map((key) => {
        const items = key === 'toApprove' ? [] : (data?.[key].items ?? []);
        const count = data?.[key].count;
        return (
          <ProCard
            key={key}
            colSpan={{ xs: 24, md: 12, xl: 8 }}
            bordered
            loading={!data}
            data-testid={`todo-${key}`}
            title={
              <Space size={8}>
                <span style={{ color: colors[key] }}>{icons[key]}</span>
                {t(`workbench:todo.${key}`)}
              </Space>
            }
            extra={
              <Typography.Text
                strong
                style={{ fontSize: 24, color: count ? colors[key] : undefined }}
                data-testid={`todo-${key}-count`}
              >
                {count ?? '-'}
              </Typography.Text>
            }
            bodyStyle={{ paddingBlock: 8, minHeight: 120 }}
          >
            {key === 'toApprove' ? (
              <Approvals data={data?.toApprove} />
            ) : items.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench:todo.empty')} />
            ) : (
              <List
                size="small"
                split
                dataSource={items.slice(0, 5)}
                renderItem={(item) => <TodoRow item={item} now={now} />}
              />
            )}
            {key !== 'toApprove' && count !== undefined && count > Math.min(items.length, 5) && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('workbench:todo.more', { count: count - Math.min(items.length, 5) })}
              </Typography.Text>
            )}
          </ProCard>
        );
      })}
      {can(access.calls) && callbacksCard(data?.callbacks.count, t)}
    </ProCard>
  );
}

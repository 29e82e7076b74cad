import { Alert, List, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { EscalationBadge, TicketLink, TicketStateTag, TicketTypeText } from './tickets';

type Ticket = Awaited<ReturnType<typeof loadTickets>>['data'][number];

async function loadTickets(filter: { customerId?: string; roomId?: string }, current: number, pageSize: number) {
  return unwrap(api.GET('/api/tickets', { params: { query: { ...filter, current, pageSize } } }));
}

/**
 * The tickets of one customer (customer 360) or one room (the room drawer), newest first:
 * number, type, title, state, created, handler, each number opening the ticket.
 */
export function RelatedTickets({
  customerId,
  roomId,
  compact,
  onCount,
}: {
  customerId?: string;
  roomId?: string;
  /** The narrow version for a drawer: fewer columns. */
  compact?: boolean;
  onCount?: (n: number) => void;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(1);
  const pageSize = compact ? 5 : 10;
  const { data, error, loading } = useQueryData(
    () => loadTickets({ customerId, roomId }, current, pageSize),
    [customerId, roomId, current, pageSize],
  );
  useEffect(() => {
    if (data) onCount?.(data.total);
  }, [data, onCount]);

  if (error && !data) return <Alert type="warning" showIcon message={errorText(error)} />;

  if (compact) {
    // The drawer is narrow: one ticket in two lines rather than a table of squeezed columns.
    return (
      <List<Ticket>
        size="small"
        bordered
        loading={loading && !data}
        dataSource={data?.data ?? []}
        data-testid="room-tickets"
        locale={{ emptyText: t('workbench:related.empty') }}
        pagination={
          (data?.total ?? 0) > pageSize
            ? { current, pageSize, total: data?.total, onChange: setCurrent, size: 'small', align: 'center' }
            : false
        }
        renderItem={(r) => (
          <List.Item style={{ display: 'block' }}>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <Space size={6}>
                <TicketLink id={r.id} publicNo={r.publicNo} />
                <EscalationBadge level={r.escalationLevel} />
              </Space>
              <TicketStateTag state={r.state} />
            </div>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginTop: 2 }}>
              <Typography.Text ellipsis={{ tooltip: r.title }} style={{ minWidth: 0 }}>
                <Typography.Text type="secondary">
                  <TicketTypeText type={r.type} />
                </Typography.Text>{' '}
                {r.title}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12, flexShrink: 0 }}>
                {dayjs(r.createdAt).format('YYYY-MM-DD')}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    );
  }

  return (
    <Table<Ticket>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={data?.data ?? []}
      data-testid={customerId ? 'customer-tickets' : 'room-tickets'}
      locale={{ emptyText: t('workbench:related.empty') }}
      pagination={
        (data?.total ?? 0) > pageSize
          ? { current, pageSize, total: data?.total, onChange: setCurrent, size: 'small', showSizeChanger: false }
          : false
      }
      columns={[
        {
          title: t('workbench:related.publicNo'),
          dataIndex: 'publicNo',
          width: 170,
          render: (_, r) => <TicketLink id={r.id} publicNo={r.publicNo} />,
        },
        {
          title: t('workbench:related.type'),
          dataIndex: 'type',
          width: 80,
          render: (_, r) => <TicketTypeText type={r.type} />,
        },
        {
          title: t('workbench:related.title'),
          dataIndex: 'title',
          ellipsis: true,
          render: (_, r) => (
            <Space size={6}>
              {r.title}
              <EscalationBadge level={r.escalationLevel} />
            </Space>
          ),
        },
        {
          title: t('workbench:related.state'),
          dataIndex: 'state',
          width: 100,
          render: (_, r) => <TicketStateTag state={r.state} />,
        },
        {
          title: t('workbench:related.createdAt'),
          dataIndex: 'createdAt',
          width: 140,
          render: (_, r) => dayjs(r.createdAt).format('YYYY-MM-DD HH:mm'),
        },
        {
          title: t('workbench:related.handler'),
          dataIndex: 'handlerName',
          width: 160,
          ellipsis: true,
          render: (_, r) =>
            r.handlerName ?? <Typography.Text type="secondary">{t('workbench:related.noHandler')}</Typography.Text>,
        },
      ]}
    />
  );
}

import { HistoryOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, List, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client';
import { errorText } from '../../../components/problem';
import { useQueryData } from '../../../components/useQueryData';
import { formatTime, StateTag, TypeTag } from '../shared';

/** The caller's last five tickets, so the agent knows what they called about before. */
export function RecentTickets({ customerId, version }: { customerId: string; version: number }) {
  const { t } = useTranslation();
  const { data, error, loading } = useQueryData(
    () =>
      unwrap(
        api.GET('/api/tickets', {
          params: { query: { customerId, pageSize: 5, current: 1, sort: 'created_desc' } },
        }),
      ),
    [customerId, version],
  );
  return (
    <Card
      size="small"
      title={
        <Space size={6}>
          <HistoryOutlined />
          {t('tickets:reception.recent')}
          {data && data.total > 0 && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
              {t('tickets:reception.recentTotal', { count: data.total })}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        data && data.total > 5 ? (
          <Link to={`/service-desk/tickets?customerId=${customerId}`}>{t('tickets:reception.recentAll')}</Link>
        ) : null
      }
      data-testid="recent-tickets"
    >
      {error ? (
        <Alert type="error" showIcon message={errorText(error)} />
      ) : !data ? (
        loading && <Skeleton active paragraph={{ rows: 3 }} />
      ) : data.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets:reception.recentNone')} />
      ) : (
        <List
          size="small"
          dataSource={data.data}
          renderItem={(ticket) => (
            <List.Item style={{ display: 'block', paddingInline: 0 }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <Link to={`/service-desk/tickets/${ticket.id}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {ticket.publicNo}
                </Link>
                <StateTag state={ticket.state} />
              </div>
              <div style={{ marginTop: 2 }}>
                <Space size={6}>
                  <TypeTag type={ticket.type} />
                  <Typography.Text ellipsis style={{ maxWidth: 220 }}>
                    {ticket.title}
                  </Typography.Text>
                </Space>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(ticket.createdAt)}
                {ticket.handlerName ? ` · ${ticket.handlerName}` : ''}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

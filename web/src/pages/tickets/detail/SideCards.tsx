import { Card, Descriptions, Empty, List, Rate, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTime } from '../shared';
import type { TicketDetail } from '../types';

const dash = <Typography.Text type="secondary">-</Typography.Text>;

/** The last dispatch or reassignment on the timeline: how and why the handler was chosen. */
function lastDispatch(ticket: TicketDetail) {
  const event = [...ticket.events]
    .filter((e) => e.kind === 'dispatched' || e.kind === 'reassigned')
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))[0];
  if (!event) return null;
  const data = event.data as Record<string, unknown>;
  const warranty = (data.warranty ?? null) as {
    contractorName?: string | null;
    end?: string | null;
    inWarranty?: boolean;
  } | null;
  return {
    method: typeof data.method === 'string' ? data.method : null,
    reason: typeof data.reason === 'string' ? data.reason : null,
    warranty,
    at: event.occurredAt,
    by: event.actorName,
  };
}

/** The side of the detail page: reception, contact, dispatch, return visits, escalations. */
export function SideCards({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const dispatch = lastDispatch(ticket);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('tickets:side.contact')} data-testid="side-contact">
        <Descriptions size="small" column={1} colon={false} labelStyle={{ width: 72 }}>
          <Descriptions.Item label={t('tickets:field.customer')}>
            {ticket.customerId ? <Link to={`/customers/${ticket.customerId}`}>{ticket.customerName}</Link> : dash}
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets:side.contactName')}>{ticket.contactName ?? dash}</Descriptions.Item>
          <Descriptions.Item label={t('tickets:side.contactPhone')}>
            <span style={{ fontVariantNumeric: 'tabular-nums' }}>{ticket.contactPhone ?? '-'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets:field.projectRoom')}>
            {ticket.projectName}
            {ticket.roomCode ? ` ${ticket.roomCode}` : ''}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={t('tickets:side.reception')} data-testid="side-reception">
        <Descriptions size="small" column={1} colon={false} labelStyle={{ width: 72 }}>
          <Descriptions.Item label={t('tickets:side.receptionNo')}>
            {ticket.reception ? (
              <Link to={`/service-desk/receptions?q=${ticket.reception.publicNo}`}>{ticket.reception.publicNo}</Link>
            ) : (
              dash
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets:field.channel')}>
            {ticket.reception ? t(`tickets:channel.${ticket.reception.channel}`) : dash}
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets:side.ownerAgent')}>{ticket.ownerAgentName}</Descriptions.Item>
          <Descriptions.Item label={t('tickets:field.createdAt')}>{formatTime(ticket.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={t('tickets:side.dispatch')} data-testid="side-dispatch">
        <Descriptions size="small" column={1} colon={false} labelStyle={{ width: 72 }}>
          <Descriptions.Item label={t('tickets:field.handler')}>
            {ticket.handlerName ? (
              <Space size={6}>
                {ticket.handlerKind && (
                  <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
                    {t(`tickets:handlerKind.${ticket.handlerKind}`)}
                  </Tag>
                )}
                <Typography.Text strong>{ticket.handlerName}</Typography.Text>
              </Space>
            ) : (
              <Typography.Text type="warning">{t('tickets:side.notDispatched')}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets:side.method')}>
            {ticket.dispatchMethod ? t(`tickets:dispatchMethod.${ticket.dispatchMethod}`) : dash}
          </Descriptions.Item>
          {dispatch?.reason && (
            <Descriptions.Item label={t('tickets:side.why')}>
              <Typography.Text type="secondary">{dispatch.reason}</Typography.Text>
            </Descriptions.Item>
          )}
          {dispatch?.warranty?.contractorName && (
            <Descriptions.Item label={t('tickets:side.warranty')}>
              <Space size={6} wrap>
                <Tag color={dispatch.warranty.inWarranty ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
                  {dispatch.warranty.inWarranty ? t('tickets:side.inWarranty') : t('tickets:side.outOfWarranty')}
                </Tag>
                <span>{dispatch.warranty.contractorName}</span>
                {dispatch.warranty.end && (
                  <Typography.Text type="secondary">
                    {t('tickets:side.warrantyUntil', { date: dispatch.warranty.end })}
                  </Typography.Text>
                )}
              </Space>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('tickets:side.dispatchedAt')}>
            {formatTime(ticket.clock.dispatchedAt)}
          </Descriptions.Item>
          {ticket.reopenCount > 0 && (
            <Descriptions.Item label={t('tickets:side.reopened')}>
              <Tag color="magenta">{t('tickets:side.reopenCount', { count: ticket.reopenCount })}</Tag>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Card size="small" title={t('tickets:side.visits')} data-testid="side-visits">
        {ticket.visits.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={ticket.returnVisitRequired ? t('tickets:side.noVisits') : t('tickets:side.noVisitNeeded')}
          />
        ) : (
          <List
            size="small"
            dataSource={[...ticket.visits].sort((a, b) => b.round - a.round)}
            renderItem={(v) => (
              <List.Item style={{ display: 'block', paddingInline: 0 }}>
                <Space size={8} wrap>
                  <Typography.Text strong>{t('tickets:side.round', { round: v.round })}</Typography.Text>
                  {v.outcome ? (
                    <Tag
                      color={v.outcome === 'closed' ? 'green' : v.outcome === 'reopened' ? 'magenta' : 'default'}
                      style={{ marginInlineEnd: 0 }}
                    >
                      {t(`tickets:visit.outcome.${v.outcome}`)}
                    </Tag>
                  ) : (
                    <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                      {t('tickets:visit.pending')}
                    </Tag>
                  )}
                  {v.satisfaction !== null && <Rate disabled value={v.satisfaction} style={{ fontSize: 13 }} />}
                </Space>
                {v.comment && <div>{v.comment}</div>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {v.visitedAt
                    ? `${v.visitedByName ?? ''} · ${formatTime(v.visitedAt)}`
                    : t('tickets:visit.due', { time: formatTime(v.dueAt), name: v.agentName ?? '' })}
                </Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>

      <Card size="small" title={t('tickets:side.escalations')} data-testid="side-escalations">
        {ticket.escalations.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets:side.noEscalations')} />
        ) : (
          <List
            size="small"
            dataSource={[...ticket.escalations].sort((a, b) => b.firedAt.localeCompare(a.firedAt))}
            renderItem={(e) => (
              <List.Item style={{ display: 'block', paddingInline: 0 }}>
                <Space size={8} wrap>
                  <Tag color={e.level >= 4 ? 'red' : 'volcano'} style={{ marginInlineEnd: 0 }}>
                    {t('tickets:escalation.badge', { level: e.level })}
                  </Tag>
                  <Typography.Text>{e.levelName}</Typography.Text>
                  {e.senior && <Tag color="red">{t('tickets:escalation.senior')}</Tag>}
                </Space>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`tickets:sla.${e.clock}`)} · {formatTime(e.firedAt)}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}

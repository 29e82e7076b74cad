import { CheckCircleFilled, EnterOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StateTag, TypeTag } from '../shared';
import type { ReceptionCreated } from '../types';

/** Splits BX-20261126-0007 so it reads out in groups on the phone. */
function Spoken({ value }: { value: string }) {
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums', letterSpacing: 1 }}>
      {value.split('-').map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one number, in order
        <span key={i}>
          {i > 0 && <span style={{ color: 'rgba(0,0,0,0.3)', margin: '0 4px' }}>-</span>}
          {part}
        </span>
      ))}
    </span>
  );
}

/**
 * After registering: the ticket numbers, large enough to read out to the caller, copyable, each
 * linking to its ticket; 继续登记 (focused, so Enter starts the next call) resets the form.
 */
export function ReceptionDone({ created, onNext }: { created: ReceptionCreated; onNext: () => void }) {
  const { t } = useTranslation();
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    next.current?.focus();
  }, []);
  return (
    <Card data-testid="reception-done">
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Space size={10} align="center">
          <CheckCircleFilled style={{ color: '#52c41a', fontSize: 28 }} />
          <Typography.Title level={4} style={{ margin: 0 }}>
            {created.tickets.length > 0
              ? t('tickets:done.title', { count: created.tickets.length })
              : t('tickets:done.titleNoTicket')}
          </Typography.Title>
        </Space>
        {created.tickets.map((ticket) => (
          <div
            key={ticket.id}
            data-testid="created-ticket"
            style={{ background: '#f6ffed', border: '1px solid #b7eb8f', borderRadius: 8, padding: '12px 16px' }}
          >
            <Space size={12} align="center" wrap>
              <Typography.Text
                copyable={{ text: ticket.publicNo, tooltips: [t('tickets:done.copy'), t('tickets:done.copied')] }}
                style={{ fontSize: 30, fontWeight: 600 }}
                data-testid="public-no"
              >
                <Spoken value={ticket.publicNo} />
              </Typography.Text>
              <TypeTag type={ticket.type} />
              <StateTag state={ticket.state} />
            </Space>
            <div style={{ marginTop: 4 }}>
              <Typography.Text>{ticket.title}</Typography.Text>
              {ticket.handlerName && (
                <Typography.Text type="secondary">
                  {' · '}
                  {t('tickets:done.handler', { name: ticket.handlerName })}
                </Typography.Text>
              )}
              <Link to={`/service-desk/tickets/${ticket.id}`} style={{ marginLeft: 12 }}>
                {t('tickets:done.open')}
              </Link>
            </div>
          </div>
        ))}
        <Typography.Text type="secondary">
          {t('tickets:done.reception', { no: created.reception.publicNo })}
        </Typography.Text>
        <Button ref={next} type="primary" size="large" icon={<EnterOutlined />} onClick={onNext}>
          {t('tickets:done.next')}
        </Button>
      </Space>
    </Card>
  );
}

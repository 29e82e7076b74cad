import { CheckCircleOutlined, ClockCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Card, Col, Progress, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLimit } from '../../service/catalogue/LimitInput';
import { formatDuration } from '../duration';
import { useNow } from '../SlaCountdown';
import { formatTime } from '../shared';
import type { TicketDetail } from '../types';
import { isStale, liveSecondsLeft } from './sla-live';

type ClockKind = 'response' | 'resolution';

/** The client time at which this ticket answer arrived: the base of the local countdown. */
function useReceivedAt(ticket: TicketDetail): number {
  const [at, setAt] = useState(() => Date.now());
  const seen = useRef(ticket);
  useEffect(() => {
    if (seen.current !== ticket) {
      seen.current = ticket;
      setAt(Date.now());
    }
  }, [ticket]);
  return at;
}

/**
 * 响应时限 and 处理时限, live. The server answers the business time left on the ticket's calendar
 * (the handler needs no access to the calendar); the page counts it down second by second while
 * business time runs, stands still over lunch and at night, and asks again (`onStale`) when a
 * shift starts or ends. 已暂停（等待客户） while paused, red once overdue, met or missed once
 * stopped, and 暂定 when the deadline may move once next year's holidays are published.
 */
export function SlaClocks({ ticket, onStale }: { ticket: TicketDetail; onStale?: () => void }) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const receivedAt = useReceivedAt(ticket);
  const clock = ticket.clock;
  const stale = (['response', 'resolution'] as const).some((k) => {
    const view = ticket.sla[k];
    return view ? isStale(view, receivedAt, now) : false;
  });
  const asked = useRef(0);
  useEffect(() => {
    if (stale && onStale && asked.current !== receivedAt) {
      asked.current = receivedAt;
      onStale();
    }
  }, [stale, receivedAt, onStale]);

  const render = (kind: ClockKind) => {
    const view = ticket.sla[kind];
    const dueAt = kind === 'response' ? clock.responseDueAt : clock.resolutionDueAt;
    const minutes = kind === 'response' ? clock.responseMinutes : clock.resolutionMinutes;
    const overdueFlag = kind === 'response' ? ticket.responseOverdue : ticket.resolutionOverdue;
    const limit = minutes ? formatLimit(t, minutes, clock.mode === 'calendar') : null;
    const business = clock.mode === 'business';
    let body: ReactNode;
    let left: number | null = null;
    if (!dueAt || !view) {
      body = <Typography.Text type="secondary">{t('tickets:sla.notStarted')}</Typography.Text>;
    } else if (view.state === 'stopped') {
      const late = overdueFlag || view.secondsLeft < 0;
      body = (
        <Typography.Text type={late ? 'danger' : 'success'} style={{ fontSize: 16 }}>
          <CheckCircleOutlined /> {late ? t('tickets:sla.doneLate') : t('tickets:sla.doneInTime')}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
            {formatTime(view.at)}
          </Typography.Text>
        </Typography.Text>
      );
    } else if (view.state === 'paused') {
      left = view.secondsLeft;
      const span = formatDuration(Math.abs(left), i18n.language, { business });
      body = (
        <Typography.Text style={{ fontSize: 16, color: '#722ed1' }} data-testid={`sla-${kind}-left`}>
          <PauseCircleOutlined /> {t('tickets:sla.pausedLong')}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
            {left < 0 ? t('tickets:sla.overdueBy', { span }) : t('tickets:sla.left', { span })}
          </Typography.Text>
        </Typography.Text>
      );
    } else {
      left = liveSecondsLeft(view, receivedAt, now);
      const late = overdueFlag || left < 0;
      const span = formatDuration(Math.abs(left), i18n.language, { seconds: true, business });
      body = (
        <Typography.Text
          type={late ? 'danger' : left < 3600 ? 'warning' : undefined}
          strong
          style={{ fontSize: 20, fontVariantNumeric: 'tabular-nums' }}
          data-testid={`sla-${kind}-left`}
        >
          <ClockCircleOutlined />{' '}
          {late
            ? left < 0
              ? t('tickets:sla.overdueBy', { span })
              : t('tickets:sla.overdue')
            : t('tickets:sla.left', { span })}
          {business && (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', marginLeft: 6 }}>
              {view.ticking ? t('tickets:sla.businessTime') : t('tickets:sla.offHours')}
            </Typography.Text>
          )}
        </Typography.Text>
      );
    }
    // The share used, from the server's value moved on by the seconds counted here.
    const used =
      view && minutes && left !== null
        ? Math.round(((minutes * 60 - left) / (minutes * 60)) * 100)
        : (view?.percentUsed ?? null);
    return (
      <div data-testid={`sla-${kind}`}>
        <Space size={6} style={{ marginBottom: 4 }}>
          <Typography.Text type="secondary">{t(`tickets:sla.${kind}`)}</Typography.Text>
          {limit && <Tag bordered={false}>{limit}</Tag>}
          {ticket.provisional && dueAt && view?.state !== 'stopped' && (
            <Tooltip title={t('tickets:sla.provisionalTip')}>
              <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                {t('tickets:sla.provisional')}
              </Tag>
            </Tooltip>
          )}
        </Space>
        <div>{body}</div>
        {view && view.state !== 'stopped' && used !== null && (
          <Tooltip title={t('tickets:sla.used', { percent: used })}>
            <div style={{ maxWidth: 240 }}>
              <Progress
                percent={Math.min(100, Math.max(0, used))}
                showInfo={false}
                size="small"
                status={used >= 100 ? 'exception' : 'normal'}
                strokeColor={used >= 100 ? undefined : used >= 80 ? '#faad14' : undefined}
                style={{ margin: '2px 0' }}
                data-testid={`sla-${kind}-used`}
              />
            </div>
          </Tooltip>
        )}
        {dueAt && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('tickets:sla.dueAt', { time: formatTime(dueAt) })}
            {view && view.state !== 'stopped' && used !== null && ` · ${t('tickets:sla.used', { percent: used })}`}
          </Typography.Text>
        )}
      </div>
    );
  };

  return (
    <Card size="small" data-testid="sla-clocks">
      <Row gutter={16}>
        <Col span={12}>{render('response')}</Col>
        <Col span={12}>{render('resolution')}</Col>
      </Row>
      {ticket.paused && clock.pausedAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('tickets:sla.pausedSince', { time: formatTime(clock.pausedAt) })}
        </Typography.Text>
      )}
    </Card>
  );
}

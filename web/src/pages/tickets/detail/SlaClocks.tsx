import { CheckCircleOutlined, ClockCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Card, Col, Row, Space, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { useQueryData } from '../../../components/useQueryData';
import { formatLimit } from '../../service/catalogue/LimitInput';
import { formatDuration } from '../duration';
import { useNow } from '../SlaCountdown';
import { formatTime } from '../shared';
import type { TicketDetail } from '../types';
import { businessSecondsBetween, type WorkCalendar } from './business-time';

/**
 * The ticket's calendar with the working days of the years between now and its deadlines; null
 * when it cannot be read (a handler without calendar.read, calendar time): the clocks then count
 * plain time.
 */
function useWorkCalendar(calendarId: string | null, years: number[]): WorkCalendar | null {
  const key = [...new Set(years)].sort().join(',');
  const { data } = useQueryData(async () => {
    if (!calendarId || !key) return null;
    try {
      const calendar = await unwrap(api.GET('/api/calendars/{calendarId}', { params: { path: { calendarId } } }));
      const working = new Map<string, boolean>();
      for (const year of key.split(',').map(Number)) {
        const days = await unwrap(
          api.GET('/api/calendars/{calendarId}/year/{year}', { params: { path: { calendarId, year } } }),
        );
        for (const d of days.days) working.set(d.date, d.working);
      }
      return { timeZone: calendar.timeZone, shifts: calendar.shifts, working };
    } catch {
      return null;
    }
  }, [calendarId, key]);
  return data ?? null;
}

type ClockKind = 'response' | 'resolution';

/**
 * 响应时限 and 处理时限, live: the business time left counts down every second (only inside
 * working shifts), 已暂停（等待客户） while paused, red once overdue, met or missed once stopped,
 * and 暂定 when the deadline may move once next year's holidays are published.
 */
export function SlaClocks({ ticket }: { ticket: TicketDetail }) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const clock = ticket.clock;
  const dues = [clock.responseDueAt, clock.resolutionDueAt]
    .filter((d): d is string => !!d)
    .map((d) => new Date(d).getTime());
  const years = [new Date(now).getFullYear(), ...dues.map((d) => new Date(d).getFullYear())];
  const calendar = useWorkCalendar(clock.mode === 'business' ? clock.calendarId : null, years);
  const finished = ['resolved', 'visited', 'closed', 'cancelled', 'merged'].includes(ticket.state);

  const render = (kind: ClockKind) => {
    const dueAt = kind === 'response' ? clock.responseDueAt : clock.resolutionDueAt;
    const minutes = kind === 'response' ? clock.responseMinutes : clock.resolutionMinutes;
    const overdueFlag = kind === 'response' ? ticket.responseOverdue : ticket.resolutionOverdue;
    // A stop from an earlier round (before a reopen restarted the clocks) does not count.
    const rawStop = kind === 'response' ? clock.acceptedAt : clock.resolvedAt;
    const stoppedAt = rawStop && (!clock.startedAt || rawStop >= clock.startedAt) ? rawStop : null;
    const stopped = !!stoppedAt || finished;
    const limit = minutes ? formatLimit(t, minutes, clock.mode === 'calendar') : null;
    let body: ReactNode;
    if (!dueAt) {
      body = <Typography.Text type="secondary">{t('tickets:sla.notStarted')}</Typography.Text>;
    } else if (stopped) {
      const late = overdueFlag || (stoppedAt ? new Date(stoppedAt).getTime() > new Date(dueAt).getTime() : false);
      body = (
        <Typography.Text type={late ? 'danger' : 'success'} style={{ fontSize: 16 }}>
          <CheckCircleOutlined /> {late ? t('tickets:sla.doneLate') : t('tickets:sla.doneInTime')}
          {stoppedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
              {formatTime(stoppedAt)}
            </Typography.Text>
          )}
        </Typography.Text>
      );
    } else if (ticket.paused) {
      body = (
        <Typography.Text style={{ fontSize: 16, color: '#722ed1' }}>
          <PauseCircleOutlined /> {t('tickets:sla.pausedLong')}
        </Typography.Text>
      );
    } else {
      const due = new Date(dueAt).getTime();
      // Between refetches: business time from now to the deadline (plain time without the calendar).
      const business = calendar ? businessSecondsBetween(calendar, now, due) : null;
      const left = business ?? Math.round((due - now) / 1000);
      const late = overdueFlag || left < 0 || due < now;
      const span = formatDuration(left, i18n.language, { seconds: true, business: business !== null });
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
          {business !== null && clock.mode === 'business' && (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', marginLeft: 6 }}>
              {t('tickets:sla.businessTime')}
            </Typography.Text>
          )}
        </Typography.Text>
      );
    }
    return (
      <div data-testid={`sla-${kind}`}>
        <Space size={6} style={{ marginBottom: 4 }}>
          <Typography.Text type="secondary">{t(`tickets:sla.${kind}`)}</Typography.Text>
          {limit && <Tag bordered={false}>{limit}</Tag>}
          {ticket.provisional && dueAt && !stopped && (
            <Tooltip title={t('tickets:sla.provisionalTip')}>
              <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                {t('tickets:sla.provisional')}
              </Tag>
            </Tooltip>
          )}
        </Space>
        <div>{body}</div>
        {dueAt && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('tickets:sla.dueAt', { time: formatTime(dueAt) })}
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

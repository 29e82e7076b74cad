import { RiseOutlined } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StateTag, type TicketState } from '../tickets/shared';

/** The ticket detail page (built by the ticket screens). */
export const ticketPath = (id: string) => `/service-desk/tickets/${id}`;

/** The ticket screens' state tag, one look for a state everywhere. */
export function TicketStateTag({ state }: { state: string }) {
  return <StateTag state={state as TicketState} />;
}

export function TicketTypeText({ type }: { type: string }) {
  const { t } = useTranslation();
  return <>{t(`catalogue:ticketType.${type}`, { defaultValue: type })}</>;
}

export function TicketLink({ id, publicNo }: { id: string; publicNo: string }) {
  return (
    <Link to={ticketPath(id)} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="ticket-link">
      {publicNo}
    </Link>
  );
}

/** The current time, refreshed every `every` ms: deadlines count down without a reload. */
export function useNow(every = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [every]);
  return now;
}

/** 2天3小时 / 3小时15分 / 12分: a duration in words, coarse enough to read at a glance. */
export function durationText(ms: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0 && hours === 0) return t('workbench:duration.days', { days });
  if (days > 0) return t('workbench:duration.daysHours', { days, hours });
  if (hours > 0 && mins === 0) return t('workbench:duration.hours', { hours });
  if (hours > 0) return t('workbench:duration.hoursMinutes', { hours, minutes: mins });
  return t('workbench:duration.minutes', { minutes: mins });
}

/**
 * A deadline as a countdown: 剩余 3小时15分, orange when it is close, 已超时 1小时 in red once
 * past. Paused tickets (waiting on the customer) say so instead of counting.
 */
export function Deadline({
  dueAt,
  overdue,
  paused,
  now,
  soonMinutes = 120,
}: {
  dueAt: string | null | undefined;
  /** The server's word that a limit was missed (the response limit may be, before the resolution one). */
  overdue?: boolean;
  paused?: boolean;
  now: number;
  soonMinutes?: number;
}) {
  const { t } = useTranslation();
  const due = dueAt ? dayjs(dueAt) : null;
  const left = due ? due.valueOf() - now : null;
  const title = due ? t('workbench:deadline.at', { time: due.format('YYYY-MM-DD HH:mm') }) : undefined;
  if (overdue || (left !== null && left < 0 && !paused)) {
    return (
      <Tooltip title={title}>
        <Typography.Text type="danger" strong data-testid="overdue">
          {left !== null && left < 0
            ? t('workbench:deadline.overdue', { duration: durationText(-left, t) })
            : t('workbench:deadline.overdueNow')}
        </Typography.Text>
      </Tooltip>
    );
  }
  if (paused) return <Typography.Text type="secondary">{t('workbench:deadline.paused')}</Typography.Text>;
  if (!due || left === null) return <Typography.Text type="secondary">{t('workbench:deadline.none')}</Typography.Text>;
  return (
    <Tooltip title={title}>
      <Typography.Text type={left < soonMinutes * 60_000 ? 'warning' : 'secondary'}>
        {t('workbench:deadline.left', { duration: durationText(left, t) })}
      </Typography.Text>
    </Tooltip>
  );
}

/** 升级 L2: the highest escalation level the ticket reached; nothing at level 0. */
export function EscalationBadge({ level, count }: { level: number | null | undefined; count?: number | null }) {
  const { t } = useTranslation();
  if (!level) return null;
  return (
    <Tooltip title={count ? t('workbench:escalation.count', { count }) : undefined}>
      <Tag color="red" icon={<RiseOutlined />} bordered={false} style={{ marginInlineEnd: 0 }} data-testid="escalated">
        {t('workbench:escalation.level', { level })}
      </Tag>
    </Tooltip>
  );
}

/** 3分钟前 / 2小时前 / 11-26 09:30: when something happened, relative while recent. */
export function timeAgo(
  at: string,
  now: number,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  const ms = now - dayjs(at).valueOf();
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return t('workbench:ago.justNow');
  if (minutes < 60) return t('workbench:ago.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('workbench:ago.hours', { count: hours });
  const days = Math.floor(hours / 24);
  if (days < 7) return t('workbench:ago.days', { count: days });
  return dayjs(at).format('YYYY-MM-DD HH:mm');
}

import { ClockCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from './duration';
import { formatTime } from './shared';

/** The time now, refreshed every `ms` milliseconds (a countdown re-renders with it). */
export function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * A deadline as the list shows it: 剩余 2 小时 15 分, or 已超时 3 小时 in red once past (or marked
 * overdue by the server), 已暂停 while waiting on the customer, and 暂定 when it may move once next
 * year's holiday schedule is published.
 */
export function SlaCountdown({
  dueAt,
  overdue,
  paused,
  provisional,
  done,
  now,
  seconds = false,
}: {
  dueAt: string | null;
  overdue: boolean;
  paused: boolean;
  provisional?: boolean;
  /** The clock has stopped (responded or resolved): the deadline is shown, not counted. */
  done?: boolean;
  now: number;
  seconds?: boolean;
}) {
  const { t, i18n } = useTranslation();
  if (!dueAt) return <Typography.Text type="secondary">-</Typography.Text>;
  const left = (new Date(dueAt).getTime() - now) / 1000;
  const provisionalTag = provisional ? (
    <Tooltip title={t('tickets:sla.provisionalTip')}>
      <Tag color="warning" bordered={false} style={{ marginInlineStart: 6, marginInlineEnd: 0 }}>
        {t('tickets:sla.provisional')}
      </Tag>
    </Tooltip>
  ) : null;
  if (paused) {
    return (
      <span data-testid="sla-countdown">
        <Typography.Text type="secondary">
          <PauseCircleOutlined /> {t('tickets:sla.paused')}
        </Typography.Text>
        {provisionalTag}
      </span>
    );
  }
  if (done) {
    return (
      <Tooltip title={t('tickets:sla.dueAt', { time: formatTime(dueAt) })}>
        <Typography.Text type={overdue ? 'danger' : 'secondary'} data-testid="sla-countdown">
          {overdue ? t('tickets:sla.wasOverdue') : t('tickets:sla.met')}
        </Typography.Text>
      </Tooltip>
    );
  }
  const late = overdue || left < 0;
  const span = formatDuration(left, i18n.language, { seconds });
  return (
    <span data-testid="sla-countdown">
      <Tooltip title={t('tickets:sla.dueAt', { time: formatTime(dueAt) })}>
        {late ? (
          <Typography.Text type="danger" strong>
            <ClockCircleOutlined /> {left < 0 ? t('tickets:sla.overdueBy', { span }) : t('tickets:sla.overdue')}
          </Typography.Text>
        ) : (
          <Typography.Text type={left < 3600 ? 'warning' : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {t('tickets:sla.left', { span })}
          </Typography.Text>
        )}
      </Tooltip>
      {provisionalTag}
    </span>
  );
}

import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export const ticketTypes = ['repair', 'complaint', 'consultation', 'suggestion', 'query', 'praise'] as const;
export type TicketType = (typeof ticketTypes)[number];

export const channels = ['phone', 'walk_in', 'portal', 'wechat', 'email', 'inspection', 'handover', 'other'] as const;
export type Channel = (typeof channels)[number];

export const ticketStates = [
  'new',
  'dispatched',
  'accepted',
  'in_progress',
  'waiting',
  'resolved',
  'visited',
  'closed',
  'reopened',
  'cancelled',
  'merged',
] as const;
export type TicketState = (typeof ticketStates)[number];

export const severities = ['low', 'normal', 'high', 'urgent'] as const;
export type Severity = (typeof severities)[number];

const stateColors: Record<TicketState, string> = {
  new: 'gold',
  dispatched: 'blue',
  accepted: 'cyan',
  in_progress: 'processing',
  waiting: 'purple',
  resolved: 'green',
  visited: 'lime',
  closed: 'default',
  reopened: 'magenta',
  cancelled: 'default',
  merged: 'default',
};

const typeColors: Record<TicketType, string> = {
  repair: 'blue',
  complaint: 'red',
  consultation: 'cyan',
  suggestion: 'geekblue',
  query: 'orange',
  praise: 'green',
};

const severityColors: Record<Severity, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

export function StateTag({ state }: { state: TicketState }) {
  const { t } = useTranslation();
  return (
    <Tag color={stateColors[state]} style={{ marginInlineEnd: 0 }} data-testid="ticket-state">
      {t(`tickets:state.${state}`)}
    </Tag>
  );
}

export function TypeTag({ type }: { type: TicketType }) {
  const { t } = useTranslation();
  return (
    <Tag color={typeColors[type]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t(`tickets:type.${type}`)}
    </Tag>
  );
}

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <Tag color={severityColors[severity]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t(`tickets:severity.${severity}`)}
    </Tag>
  );
}

/** 升级 L2 with the ladder's name of the level as the tip. */
export function EscalationBadge({ level, name }: { level: number; name?: string | null }) {
  const { t } = useTranslation();
  if (level <= 0) return null;
  const tag = (
    <Tag color={level >= 4 ? 'red' : level >= 2 ? 'volcano' : 'orange'} style={{ marginInlineEnd: 0 }}>
      {t('tickets:escalation.badge', { level })}
    </Tag>
  );
  return name ? <Tooltip title={name}>{tag}</Tooltip> : tag;
}

/** Time as the desk writes it: 2026-11-24 14:30 in the browser's zone (Beijing on the desk). */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '-';
  const d = new Date(value);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

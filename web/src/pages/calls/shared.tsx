import { PhoneOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Call = Json<paths['/api/calls/{id}']['get']['responses'][200]>;
export type CallPop = Json<paths['/api/calls/{id}/pop']['get']['responses'][200]>;
export type PopCustomer = CallPop['customers'][number];
export type CallListQuery = NonNullable<paths['/api/calls']['get']['parameters']['query']>;
export type CallState = Call['state'];

const stateColors: Record<CallState, string> = {
  ringing: 'processing',
  answered: 'success',
  ended: 'default',
  missed: 'error',
};

/** 振铃中 / 通话中 / 已接通 / 未接; an outbound call not yet answered is 呼叫中. */
export function CallStateTag({ state, direction }: { state: CallState; direction?: Call['direction'] }) {
  const { t } = useTranslation();
  const label = state === 'ringing' && direction === 'outbound' ? 'dialling' : state;
  return (
    <Tag color={stateColors[state]} bordered={false} style={{ marginInlineEnd: 0 }} data-testid="call-state">
      {t(`calls:state.${label}`)}
    </Tag>
  );
}

export function DirectionTag({ direction, short }: { direction: Call['direction']; short?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag
      icon={<PhoneOutlined rotate={direction === 'inbound' ? 0 : 90} />}
      color={direction === 'inbound' ? 'blue' : 'cyan'}
      bordered={false}
      style={{ marginInlineEnd: 0 }}
    >
      {t(short ? `calls:directionShort.${direction}` : `calls:direction.${direction}`)}
    </Tag>
  );
}

/** 3分05秒 / 45秒 / 1小时2分. */
export function talkTime(seconds: number | null, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (seconds === null) return '-';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return t('calls:duration.hm', { h, m });
  if (m > 0) return t('calls:duration.ms', { m, s: String(s).padStart(2, '0') });
  return t('calls:duration.s', { s });
}

/** The customer's side of the call (masked by the server). */
export const customerSide = (call: Pick<Call, 'direction' | 'callerNumber' | 'calledNumber'>) =>
  call.direction === 'outbound' ? call.calledNumber : call.callerNumber;

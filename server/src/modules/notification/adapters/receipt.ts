import { cleanProviderText } from './endpoint.js';

/**
 * One delivery report (送达回执) as an SMS provider pushes it, reduced to what the sent log keeps.
 * Phone numbers in the provider's report are never carried over.
 */
export interface DeliveryReport {
  /** The provider's id for the message, as the adapter stored it (Aliyun BizId, Tencent SerialNo / sid). */
  providerMessageId: string;
  /** Our outbound_message id when the provider echoes it (Aliyun out_id); null otherwise. */
  messageId: string | null;
  delivered: boolean;
  /** When the handset received it (or the operator gave up), per the provider; null when unreadable. */
  at: Date | null;
  /** For a failure: the provider's code, our words and the provider's description. */
  error: string | null;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our message id when the value is one (a caller reference another system set is ignored). */
export function ourMessageId(value: string | null | undefined): string | null {
  const v = value?.trim() ?? '';
  return uuid.test(v) ? v.toLowerCase() : null;
}

/** The providers' report times, "YYYY-MM-DD HH:MM:SS" in Beijing time; null when unreadable. */
export function beijingTime(value: string | null | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value?.trim() ?? '');
  if (!m) return null;
  const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** Our words for the operators' standard final states (CMPP/SMPP) a provider passes on. */
const reasons: Record<string, string> = {
  EXPIRED: '短信已过期未送达（手机长时间关机或不在服务区）',
  UNDELIV: '短信无法送达（空号、停机或手机不可用）',
  REJECTD: '短信被运营商拒收',
  DELETED: '短信被运营商删除',
  UNKNOWN: '运营商未返回确定的送达结果',
};

/**
 * The sent log's reason for a failed report: `[code] our words（provider's description）`, in the
 * same form as a failed send (message.sender.ts failureText).
 */
export function receiptFailureText(providerLabel: string, code: string, description: string): string {
  const c = cleanProviderText(code).slice(0, 60) || 'FAIL';
  const ours = reasons[c.toUpperCase()] ?? `${providerLabel}回执：短信未送达`;
  const theirs = cleanProviderText(description);
  const detail = theirs && theirs !== c ? `（${theirs}）` : '';
  return `[${c}] ${ours}${detail}`.slice(0, 1000);
}

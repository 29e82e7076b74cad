import type { DbOrTx } from '../../db/client.js';
import { formatDateTime } from '../../platform/locale.js';
import { maskMobile } from '../../platform/mask.js';
import type { Secrets } from '../../platform/secrets.js';
import { queueMessages } from './message.queue.js';

/**
 * Hooks other modules call inside their own transactions, for events that are not about tickets.
 */

export interface CallbackDueInput {
  /** The agents who should call back (the extension's agent, or the call-back queue's people). */
  userIds: readonly string[];
  /** The caller's number as received; only its masked form goes into the message. */
  callerNumber: string;
  /** The matched customer's name, when the number is known. */
  customerName?: string | null;
  calledAt: Date;
  companyId?: string | null;
  urgent?: boolean;
  now: Date;
}

/**
 * 未接来电回拨提醒 (`callback_due`): queues the template's SMS (and other enabled channels) to the
 * agents, in the caller's transaction (the one that records the missed call or its call-back
 * to-do). Answers how many messages were queued.
 */
export async function queueCallbackDue(tx: DbOrTx, secrets: Secrets, input: CallbackDueInput): Promise<number> {
  return queueMessages(tx, secrets, {
    event: 'callback_due',
    companyId: input.companyId ?? null,
    urgent: input.urgent ?? false,
    recipients: input.userIds.map((userId) => ({ userId })),
    vars: {
      callerPhone: maskMobile(input.callerNumber),
      customerName: input.customerName || '未登记号码',
      callTime: formatDateTime(input.calledAt),
    },
    now: input.now,
  });
}

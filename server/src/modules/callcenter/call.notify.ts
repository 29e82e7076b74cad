// Where the call center hands over to the notification service.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { formatDateTime } from '../../platform/locale.js';
import { maskMobile } from '../../platform/mask.js';
import type { Secrets } from '../../platform/secrets.js';
import { customer } from '../customer/customer.table.js';
import { queueCallbackDue } from '../notification/message.hooks.js';
import { notify } from '../notification/notification.service.js';
import type { callRecord } from './call.table.js';

type CallRow = typeof callRecord.$inferSelect;

/**
 * A missed inbound call became a call-back to-do (callback_state = pending): the agent it rang
 * for gets an in-app notice (the bell; the workbench's 待回拨 count already moves live) and the
 * `callback_due` messages (SMS by default), in the transaction that recorded the missed call.
 * A call that rang at no known extension has nobody to tell; it waits in the call log's 待回拨.
 */
export async function notifyCallbackDue(tx: Tx, secrets: Secrets, call: CallRow, now: Date): Promise<void> {
  if (!call.agentUserId) return;
  let customerName: string | null = null;
  if (call.customerId) {
    const [c] = await tx.select({ name: customer.name }).from(customer).where(eq(customer.id, call.customerId));
    customerName = c?.name ?? null;
  }
  const calledAt = call.ringingAt ?? call.createdAt;
  const number = maskMobile(call.callerNumber);
  await notify(tx, {
    userIds: [call.agentUserId],
    kind: 'callback_due',
    title: `未接来电 ${number}${customerName ? `（${customerName}）` : ''}，请回拨`,
    body: `来电时间 ${formatDateTime(calledAt)}`,
    params: { number, customerName: customerName ?? '', calledAt: calledAt.toISOString() },
    now,
  });
  await queueCallbackDue(tx, secrets, {
    userIds: [call.agentUserId],
    callerNumber: call.callerNumber,
    customerName,
    calledAt,
    companyId: call.companyId,
    now,
  });
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { Deps, RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { aliyunReceiptAnswer, aliyunReports } from './adapters/aliyun-sms.js';
import type { DeliveryReport } from './adapters/receipt.js';
import { tencentReceiptAnswer, tencentReports } from './adapters/tencent-sms.js';
import {
  aliyunReceiptBody,
  type MessageReceiptCounts,
  type ReceiptProvider,
  receiptProviders,
  tencentReceiptBody,
} from './message.schema.js';
import { type MessageChannel, messageChannel, outboundMessage } from './message.table.js';

/**
 * 送达回执: the SMS providers push delivery reports to POST /api/message-receipts/{provider}
 * ?token=…, and the sent log moves from 已发送 to 已送达 or 失败 (with the provider's reason).
 *
 * Authentication: the providers sign nothing we can check, so the URL carries a random token of
 * the channel (`settings.receiptToken`, made when an SMS provider is first saved, kept with the
 * channel when the provider changes so that late reports of the previous provider still land),
 * compared in constant time. The token is never answered in `settings` and never audited.
 *
 * Matching: a report names the message by the provider's id that send() stored in
 * `provider_message_id` (Aliyun BizId, Tencent SerialNo = sid), found through
 * `outbound_message_provider_idx`; an Aliyun report also by out_id (our message id), when that row
 * has no provider id yet or the same one. Reports matching nothing are ignored and counted.
 *
 * The rule: a report moves only a message in state `sent` — to `delivered` (deliveredAt = the
 * provider's report time) or `failed` (error = code and reason). Delivered and failed are final:
 * the first final report wins, a repeated or contradicting later one changes nothing (counted as
 * unchanged), so a report never moves a message backwards. Messages not yet recorded as sent
 * (queued, being retried after an administrator's retry) and cancelled ones are left alone too:
 * a report for an earlier attempt must not end a new one. A batch is one transaction: a malformed
 * body is refused whole (400) before anything changes, so the provider's retry loses nothing.
 *
 * The audit entry and the log line carry counts only, never phone numbers.
 */

export const RECEIPT_TOKEN_KEY = 'receiptToken';

export function isReceiptProvider(value: unknown): value is ReceiptProvider {
  return typeof value === 'string' && (receiptProviders as readonly string[]).includes(value);
}

/** The channel whose messages a provider's reports concern (both SMS providers serve `sms`). */
const receiptChannel: Record<ReceiptProvider, MessageChannel> = { aliyun_sms: 'sms', tencent_sms: 'sms' };

/** The reports in a body of the provider's documented shape; null for any other body. */
function reader<T>(schema: z.ZodType<T>, reports: (body: T) => DeliveryReport[]) {
  return (body: unknown): DeliveryReport[] | null => {
    const parsed = schema.safeParse(body);
    return parsed.success ? reports(parsed.data) : null;
  };
}

const receiptFormats = {
  aliyun_sms: { label: '阿里云短信', read: reader(aliyunReceiptBody, aliyunReports), answer: aliyunReceiptAnswer },
  tencent_sms: { label: '腾讯云短信', read: reader(tencentReceiptBody, tencentReports), answer: tencentReceiptAnswer },
} as const;

export function newReceiptToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The path (with its token) a provider pushes reports to; null without a token. */
export function receiptPath(provider: string, settings: Record<string, string>): string | null {
  const token = settings[RECEIPT_TOKEN_KEY];
  if (!token || !isReceiptProvider(provider)) return null;
  return `/api/message-receipts/${provider}?token=${encodeURIComponent(token)}`;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Whether `token` is the receipt token of the provider's channel (constant time, any length). */
export async function receiptTokenMatches(deps: Deps, provider: ReceiptProvider, token: string): Promise<boolean> {
  const [row] = await deps.db
    .select({ settings: messageChannel.settings })
    .from(messageChannel)
    .where(eq(messageChannel.channel, receiptChannel[provider]));
  const expected = row?.settings[RECEIPT_TOKEN_KEY];
  const same = timingSafeEqual(digest(token), digest(expected ?? ''));
  return Boolean(expected) && token.length > 0 && same;
}

type Outcome = 'delivered' | 'failed' | 'unchanged' | 'unknown';

async function findMessage(tx: Tx, provider: ReceiptProvider, report: DeliveryReport): Promise<string | null> {
  const byProviderId = eq(outboundMessage.providerMessageId, report.providerMessageId);
  const where = report.messageId
    ? or(byProviderId, and(eq(outboundMessage.id, report.messageId), isNull(outboundMessage.providerMessageId)))
    : byProviderId;
  const rows = await tx
    .select({ id: outboundMessage.id, providerMessageId: outboundMessage.providerMessageId })
    .from(outboundMessage)
    .where(and(eq(outboundMessage.provider, provider), where))
    .limit(2);
  // The provider's id first: it names the attempt the report is about.
  const row = rows.find((r) => r.providerMessageId === report.providerMessageId) ?? rows[0];
  return row?.id ?? null;
}

async function applyReport(tx: Tx, provider: ReceiptProvider, report: DeliveryReport, now: Date): Promise<Outcome> {
  const id = await findMessage(tx, provider, report);
  if (!id) return 'unknown';
  const [moved] = await tx
    .update(outboundMessage)
    .set(
      report.delivered
        ? { state: 'delivered', deliveredAt: report.at ?? now, error: null, updatedAt: now }
        : { state: 'failed', error: report.error, nextAttemptAt: null, updatedAt: now },
    )
    .where(and(eq(outboundMessage.id, id), eq(outboundMessage.state, 'sent')))
    .returning({ id: outboundMessage.id });
  if (!moved) return 'unchanged';
  return report.delivered ? 'delivered' : 'failed';
}

export interface ReceiptResult {
  answer: { code: 0; msg: string } | { result: 0; errmsg: string };
  counts: MessageReceiptCounts;
}

/**
 * Records one pushed batch. The body has passed the route's schema (either provider's shape);
 * the provider's own shape is checked here, and a body of the other provider is refused (400).
 */
export async function receiveReceipts(
  deps: Deps,
  ctx: RequestContext,
  provider: ReceiptProvider,
  body: unknown,
): Promise<ReceiptResult> {
  const format = receiptFormats[provider];
  const reports = format.read(body);
  if (!reports) throw new AppError('MESSAGE_RECEIPT_MALFORMED', { provider });
  const counts: MessageReceiptCounts = { received: reports.length, delivered: 0, failed: 0, unchanged: 0, unknown: 0 };
  if (reports.length > 0) {
    await write(deps, ctx, async (tx, audit) => {
      const now = deps.clock();
      for (const report of reports) counts[await applyReport(tx, provider, report, now)]++;
      audit.record({
        action: 'message.receipts',
        entityType: 'outbound_message',
        summary:
          `${format.label}送达回执 ${counts.received} 条：已送达 ${counts.delivered}，失败 ${counts.failed}，` +
          `未改动 ${counts.unchanged}，未知 ${counts.unknown}`,
        after: { provider, ...counts },
      });
    });
  }
  return { answer: format.answer, counts };
}

import { and, asc, eq, lte } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import type { ZodApp } from '../../platform/routes.js';
import { type ProviderDefinition, SendFailure } from './adapters/adapter.js';
import { providerFor } from './adapters/registry.js';
import { type MessageProvider, messageChannel, messageTemplate, outboundMessage } from './message.table.js';

/**
 * 发送任务: sends the queued `outbound_message` rows through each channel's provider.
 *
 * Claim: in a short transaction, `SELECT … FOR UPDATE SKIP LOCKED` takes the most overdue row of
 * the partial index `outbound_message_due_idx` (state `queued`, due now) — the same pattern as
 * the SLA sweep — and takes a lease on it: its attempt counter goes up and its next attempt
 * moves `SEND_LEASE_MINUTES` ahead, so no other sender (on this or another instance) sees it as
 * due while it is being sent. The provider is called after that transaction, never holding a
 * database lock over a network call; then a second transaction records the outcome, but only if
 * the row still carries this attempt's number.
 *
 * Outcomes: sent (or delivered, when the provider already knows, like the outbox) with the
 * provider's message id; a retryable failure (network, throttling, provider 5xx) goes back to
 * `queued` after 1, 5, 15, then 60 minutes, and fails for good at the `MAX_ATTEMPTS`th attempt;
 * a permanent failure (bad number, template not approved, wrong credentials) fails at once. The
 * provider's reason is kept in `error` either way; an administrator may retry a failed message
 * (one more attempt).
 *
 * Quiet hours: a message that is not urgent, due inside its channel's quiet hours (HH:MM–HH:MM
 * in the channel's time zone, possibly across midnight), waits until they end.
 *
 * Never twice: a row is sent only by the sender holding its current attempt. The one accepted
 * at-least-once case is a crash (or a provider call outlasting the lease) between the provider
 * accepting the message and the outcome being recorded: the lease runs out and the row is sent
 * again. Providers receive the row id as their caller reference (OutgoingMessage.id), so those
 * that deduplicate on it send it once even then.
 *
 * Runs every minute as a durable pg-boss job, and at once after any commit that queued messages
 * (the `messages` realtime event, heard by every instance whose job workers run).
 */

export const MESSAGE_SEND_QUEUE = 'message-send';
export const MESSAGE_SEND_CRON = '* * * * *';
/** Waits after the 1st, 2nd, 3rd and 4th failed attempt. */
export const RETRY_DELAYS_MINUTES = [1, 5, 15, 60] as const;
/** The 5th attempt is the last: then the message stays failed unless retried by hand. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;
/** How long a claimed message is invisible to other senders (far longer than any provider call). */
export const SEND_LEASE_MINUTES = 10;

export type ProviderLookup = (code: MessageProvider) => ProviderDefinition | undefined;

export interface SendOptions {
  /** At most this many messages in one run. */
  limit?: number;
  /** Where providers come from (tests register a fake one here); the registry by default. */
  providers?: ProviderLookup;
}

export interface SendSummary {
  sent: number;
  failed: number;
  retrying: number;
  held: number;
}

type ChannelRow = typeof messageChannel.$inferSelect;
type MessageRow = typeof outboundMessage.$inferSelect;

const MINUTE = 60_000;

function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Minutes since local midnight in the time zone. */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => {
      acc[p.type] = p.value;
      return acc;
    }, {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}

/**
 * When the channel's quiet hours end, if `at` falls inside them (null otherwise). Start equal to
 * end, or either unset, means no quiet hours.
 */
export function quietUntil(channel: Pick<ChannelRow, 'quietStart' | 'quietEnd' | 'timeZone'>, at: Date): Date | null {
  if (!channel.quietStart || !channel.quietEnd || channel.quietStart === channel.quietEnd) return null;
  const s = minutesOf(channel.quietStart);
  const e = minutesOf(channel.quietEnd);
  const m = localMinutes(at, channel.timeZone);
  const inside = s < e ? m >= s && m < e : m >= s || m < e;
  if (!inside) return null;
  const wait = (e - m + 1440) % 1440;
  const startOfMinute = at.getTime() - (at.getTime() % MINUTE);
  return new Date(startOfMinute + wait * MINUTE);
}

interface Claim {
  row: MessageRow;
  attempt: number;
  channel: ChannelRow | undefined;
  template: typeof messageTemplate.$inferSelect | undefined;
}

type ClaimOutcome = { kind: 'none' } | { kind: 'held' } | { kind: 'cancelled' } | { kind: 'claimed'; claim: Claim };

/** The due-message claim (one row, skipping rows another sender holds). */
async function claimNext(deps: Deps, now: Date): Promise<ClaimOutcome> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(outboundMessage)
      .where(and(eq(outboundMessage.state, 'queued'), lte(outboundMessage.nextAttemptAt, now)))
      .orderBy(asc(outboundMessage.nextAttemptAt))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!row) return { kind: 'none' } as const;
    const [channel] = await tx.select().from(messageChannel).where(eq(messageChannel.channel, row.channel));
    if (channel && !channel.enabled) {
      await tx
        .update(outboundMessage)
        .set({ state: 'cancelled', error: '发送通道已停用', nextAttemptAt: null, updatedAt: now })
        .where(eq(outboundMessage.id, row.id));
      return { kind: 'cancelled' } as const;
    }
    const until = !row.urgent && channel ? quietUntil(channel, now) : null;
    if (until) {
      await tx
        .update(outboundMessage)
        .set({ nextAttemptAt: until, updatedAt: now })
        .where(eq(outboundMessage.id, row.id));
      return { kind: 'held' } as const;
    }
    const attempt = row.attempts + 1;
    await tx
      .update(outboundMessage)
      .set({
        attempts: attempt,
        nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MINUTES * MINUTE),
        provider: channel?.provider ?? 'outbox',
        updatedAt: now,
      })
      .where(eq(outboundMessage.id, row.id));
    const [template] = row.templateId
      ? await tx.select().from(messageTemplate).where(eq(messageTemplate.id, row.templateId))
      : [];
    return { kind: 'claimed', claim: { row, attempt, channel, template } } as const;
  });
}

/** Decrypted provider credentials of a channel (an empty object when none are set). */
export function channelCredentials(
  deps: Pick<Deps, 'secrets'>,
  channel: ChannelRow | undefined,
): Record<string, string> {
  if (!channel?.credentialsEnc) return {};
  return JSON.parse(deps.secrets.decrypt(channel.credentialsEnc)) as Record<string, string>;
}

type Attempt = { ok: true; providerMessageId: string | null; delivered: boolean } | { ok: false; failure: SendFailure };

/** One provider call; every error becomes a SendFailure (unknown errors count as retryable). */
export async function attemptSend(
  deps: Pick<Deps, 'secrets'>,
  lookup: ProviderLookup,
  channel: ChannelRow | undefined,
  message: Parameters<ReturnType<ProviderDefinition['create']>['send']>[0],
): Promise<Attempt> {
  const code = channel?.provider ?? 'outbox';
  try {
    const definition = lookup(code);
    if (!definition) throw new SendFailure(`服务商 ${code} 未接入本系统`, false, 'PROVIDER_MISSING');
    const adapter = definition.create(channel?.settings ?? {}, channelCredentials(deps, channel));
    const result = await adapter.send(message);
    return { ok: true, providerMessageId: result.providerMessageId, delivered: result.delivered === true };
  } catch (err) {
    if (err instanceof SendFailure) return { ok: false, failure: err };
    const text = err instanceof Error ? err.message : String(err);
    return { ok: false, failure: new SendFailure(text || '发送失败', true) };
  }
}

export function failureText(failure: SendFailure): string {
  return (failure.code ? `[${failure.code}] ${failure.message}` : failure.message).slice(0, 1000);
}

async function sendClaimed(deps: Deps, lookup: ProviderLookup, claim: Claim, now: Date) {
  const { row, attempt, channel, template } = claim;
  const outcome = await attemptSend(deps, lookup, channel, {
    id: row.id,
    channel: row.channel,
    to: deps.secrets.decrypt(row.addressEnc),
    subject: row.subject,
    body: row.body,
    params: row.params,
    smsSignName: template?.smsSignName ?? null,
    smsTemplateCode: template?.smsTemplateCode ?? null,
    wechatTemplateId: template?.wechatTemplateId ?? null,
    url: null,
  });
  const mine = and(
    eq(outboundMessage.id, row.id),
    eq(outboundMessage.state, 'queued'),
    eq(outboundMessage.attempts, attempt),
  );
  if (outcome.ok) {
    await deps.db
      .update(outboundMessage)
      .set({
        state: outcome.delivered ? 'delivered' : 'sent',
        providerMessageId: outcome.providerMessageId,
        sentAt: now,
        deliveredAt: outcome.delivered ? now : null,
        nextAttemptAt: null,
        error: null,
        updatedAt: now,
      })
      .where(mine);
    return 'sent' as const;
  }
  const retry = outcome.failure.retryable && attempt < MAX_ATTEMPTS;
  const delay = RETRY_DELAYS_MINUTES[Math.min(attempt, RETRY_DELAYS_MINUTES.length) - 1] ?? 60;
  await deps.db
    .update(outboundMessage)
    .set({
      state: retry ? 'queued' : 'failed',
      nextAttemptAt: retry ? new Date(now.getTime() + delay * MINUTE) : null,
      error: failureText(outcome.failure),
      updatedAt: now,
    })
    .where(mine);
  return retry ? ('retrying' as const) : ('failed' as const);
}

/** Sends every message due at `now` (at most `limit` in this run). */
export async function sendDue(deps: Deps, now: Date = deps.clock(), options: SendOptions = {}): Promise<SendSummary> {
  const lookup = options.providers ?? providerFor;
  const limit = options.limit ?? 200;
  const summary: SendSummary = { sent: 0, failed: 0, retrying: 0, held: 0 };
  for (let i = 0; i < limit; i++) {
    const claimed = await claimNext(deps, now);
    if (claimed.kind === 'none') break;
    if (claimed.kind === 'held') {
      summary.held++;
      continue;
    }
    if (claimed.kind === 'cancelled') continue;
    summary[await sendClaimed(deps, lookup, claimed.claim, now)]++;
  }
  return summary;
}

/**
 * The durable every-minute job, plus the prompt kick: once this instance runs job workers, a
 * `messages` event (a commit that queued messages, on any instance) sends a job at once.
 */
export function registerSender(app: ZodApp, deps: Deps): void {
  deps.jobs.handle(
    MESSAGE_SEND_QUEUE,
    async () => {
      await sendDue(deps, deps.clock());
    },
    { retryLimit: 0, expireInSeconds: 15 * 60 },
  );
  deps.jobs.schedule(MESSAGE_SEND_QUEUE, MESSAGE_SEND_CRON);
  deps.jobs.whenStarted(async () => {
    let timer: NodeJS.Timeout | undefined;
    app.realtime.onEvent((event) => {
      if (event.type !== 'messages' || timer) return;
      // Several commits in a burst make one run.
      timer = setTimeout(() => {
        timer = undefined;
        deps.jobs.send(MESSAGE_SEND_QUEUE, {}).catch((err: unknown) => app.log.error({ err }, 'message kick failed'));
      }, 200);
      timer.unref();
    });
    await app.realtime.start();
  });
}

import { and, asc, count, desc, eq, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { beijingDayStart } from '../../platform/locale.js';
import { type DataScope, requireGroupScope, scopeRows } from '../../platform/scope.js';
import { organization } from '../org/org.table.js';
import { ticket } from '../ticket/ticket.table.js';
import type { ProviderDefinition } from './adapters/adapter.js';
import { providerFor, providers } from './adapters/registry.js';
import { announceQueued, maskAddress, normaliseAddress } from './message.queue.js';
import { isReceiptProvider, newReceiptToken, RECEIPT_TOKEN_KEY, receiptPath } from './message.receipts.js';
import type {
  MessageChannelDto,
  MessageChannelInput,
  MessageFilter,
  MessageTemplateDto,
  MessageTemplateInput,
  OutboundMessageDto,
} from './message.schema.js';
import { attemptSend, failureText, MAX_ATTEMPTS } from './message.sender.js';
import {
  type MessageChannel,
  type MessageEvent,
  messageChannel,
  messageChannels,
  messageEvents,
  messageTemplate,
  outboundMessage,
} from './message.table.js';
import { messageVariables, render, sampleVars, unknownVariables } from './message.vars.js';

/**
 * 消息设置 and 发送记录: templates (events × channels), channels (provider, settings, credentials,
 * quiet hours), the providers' form definitions, test sends, and the sent log with its export and
 * retry. Templates and channels are group-wide: changing them needs an all-data scope, and every
 * change is audited (credentials never appear in the audit log, only which keys were set).
 */

type TemplateRow = typeof messageTemplate.$inferSelect;
type ChannelRow = typeof messageChannel.$inferSelect;

function templateDto(t: TemplateRow): MessageTemplateDto {
  return {
    id: t.id,
    event: t.event,
    channel: t.channel,
    enabled: t.enabled,
    subject: t.subject,
    body: t.body,
    smsSignName: t.smsSignName,
    smsTemplateCode: t.smsTemplateCode,
    wechatTemplateId: t.wechatTemplateId,
    version: t.version,
    updatedAt: t.updatedAt.toISOString(),
    variables: [...messageVariables[t.event]],
  };
}

export async function listTemplates(deps: Deps): Promise<MessageTemplateDto[]> {
  const rows = await deps.db.select().from(messageTemplate);
  const order = (r: TemplateRow) => messageEvents.indexOf(r.event) * 10 + messageChannels.indexOf(r.channel);
  return rows.sort((a, b) => order(a) - order(b)).map(templateDto);
}

export async function getTemplate(deps: Deps, id: string): Promise<MessageTemplateDto> {
  const [row] = await deps.db.select().from(messageTemplate).where(eq(messageTemplate.id, id));
  if (!row) throw new AppError('MESSAGE_TEMPLATE_NOT_FOUND');
  return templateDto(row);
}

/** Refuses a text naming a variable the event does not offer (422, naming it). */
function checkVariables(ctx: AuthedContext, event: MessageEvent, subject: string | null | undefined, body: string) {
  for (const [field, text] of [
    ['subject', subject],
    ['body', body],
  ] as const) {
    const [unknown] = unknownVariables(event, text);
    if (unknown !== undefined) {
      throw fieldError('MESSAGE_TEMPLATE_UNKNOWN_VARIABLE', ctx.locale, field, {
        name: `{{${unknown}}}`,
        allowed: messageVariables[event].map((v) => v.name).join('、'),
      });
    }
  }
}

export async function updateTemplate(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: MessageTemplateInput,
): Promise<MessageTemplateDto> {
  requireGroupScope(ctx.actor.scope);
  return write(deps, ctx, async (tx, audit) => {
    const [row] = await tx.select().from(messageTemplate).where(eq(messageTemplate.id, id)).for('update');
    if (!row) throw new AppError('MESSAGE_TEMPLATE_NOT_FOUND');
    if (row.version !== input.version) throw new AppError('MESSAGE_TEMPLATE_CHANGED');
    checkVariables(ctx, row.event, input.subject, input.body);
    const now = deps.clock();
    const [updated] = await tx
      .update(messageTemplate)
      .set({
        enabled: input.enabled,
        subject: input.subject,
        body: input.body,
        smsSignName: input.smsSignName,
        smsTemplateCode: input.smsTemplateCode,
        wechatTemplateId: input.wechatTemplateId,
        version: row.version + 1,
        updatedBy: ctx.actor.id,
        updatedAt: now,
      })
      .where(eq(messageTemplate.id, id))
      .returning();
    if (!updated) throw new AppError('MESSAGE_TEMPLATE_NOT_FOUND');
    const pick = (t: TemplateRow) => ({
      enabled: t.enabled,
      subject: t.subject,
      body: t.body,
      smsSignName: t.smsSignName,
      smsTemplateCode: t.smsTemplateCode,
      wechatTemplateId: t.wechatTemplateId,
    });
    audit.record({
      action: 'message_template.update',
      entityType: 'message_template',
      entityId: id,
      summary: `修改消息模板：${row.event} / ${row.channel}`,
      before: pick(row),
      after: pick(updated),
    });
    return templateDto(updated);
  });
}

/** 70 characters fit one SMS; a longer one goes in parts of 67. */
export function smsParts(text: string): number {
  const n = [...text].length;
  if (n === 0) return 0;
  return n <= 70 ? 1 : Math.ceil(n / 67);
}

export function previewTemplate(
  ctx: AuthedContext,
  input: { event: MessageEvent; subject?: string | null; body: string },
): { subject: string | null; body: string; length: number; smsParts: number } {
  checkVariables(ctx, input.event, input.subject, input.body);
  const vars = sampleVars(input.event);
  const body = render(input.body, vars);
  return {
    subject: input.subject ? render(input.subject, vars) : null,
    body,
    length: [...body].length,
    smsParts: smsParts(body),
  };
}

// ── channels ────────────────────────────────────────────────────────────────

function credentialKeys(deps: Deps, row: ChannelRow): Set<string> {
  if (!row.credentialsEnc) return new Set();
  try {
    return new Set(Object.keys(JSON.parse(deps.secrets.decrypt(row.credentialsEnc)) as Record<string, string>));
  } catch {
    return new Set();
  }
}

/** Who reads a channel, and at which address the site was reached (for the receipt URL). */
export interface ChannelView {
  /** Scheme and host the request came to (behind a proxy: as the proxy says, with TRUST_PROXY). */
  origin: string;
  /** Holders of message.manage see the receipt URL; its token lets anyone post reports. */
  manage: boolean;
}

/** The provider's plain settings, without the receipt token (answered only inside receiptUrl). */
function publicSettings(settings: Record<string, string>): Record<string, string> {
  const { [RECEIPT_TOKEN_KEY]: _token, ...rest } = settings;
  return rest;
}

function channelDto(deps: Deps, row: ChannelRow, view: ChannelView): MessageChannelDto {
  const have = credentialKeys(deps, row);
  const fields = providerFor(row.provider)?.credentials.map((f) => f.key) ?? [];
  const keys = [...new Set([...fields, ...have])];
  const path = view.manage ? receiptPath(row.provider, row.settings) : null;
  return {
    channel: row.channel,
    provider: row.provider,
    enabled: row.enabled,
    settings: publicSettings(row.settings),
    credentials: keys.map((key) => ({ key, set: have.has(key) })),
    quietStart: row.quietStart,
    quietEnd: row.quietEnd,
    timeZone: row.timeZone,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    receiptUrl: path ? `${view.origin}${path}` : null,
  };
}

export async function listChannels(deps: Deps, view: ChannelView): Promise<MessageChannelDto[]> {
  const rows = await deps.db.select().from(messageChannel);
  return rows
    .sort((a, b) => messageChannels.indexOf(a.channel) - messageChannels.indexOf(b.channel))
    .map((r) => channelDto(deps, r, view));
}

async function channelRow(deps: Deps, channel: MessageChannel): Promise<ChannelRow> {
  const [row] = await deps.db.select().from(messageChannel).where(eq(messageChannel.channel, channel));
  // Bootstrap makes one row per channel; a missing one is made on first use.
  if (row) return row;
  const [made] = await deps.db.insert(messageChannel).values({ channel }).onConflictDoNothing().returning();
  if (made) return made;
  const [again] = await deps.db.select().from(messageChannel).where(eq(messageChannel.channel, channel));
  if (!again) throw new Error(`message channel ${channel} missing`);
  return again;
}

function definitionFor(ctx: AuthedContext, channel: MessageChannel, provider: string): ProviderDefinition {
  const definition = providerFor(provider as ProviderDefinition['provider']);
  if (!definition?.channels.includes(channel)) {
    throw fieldError('MESSAGE_PROVIDER_UNAVAILABLE', ctx.locale, 'provider', { provider });
  }
  return definition;
}

export async function updateChannel(
  deps: Deps,
  ctx: AuthedContext,
  channel: MessageChannel,
  input: MessageChannelInput,
  view: ChannelView,
): Promise<MessageChannelDto> {
  requireGroupScope(ctx.actor.scope);
  const definition = definitionFor(ctx, channel, input.provider);
  await channelRow(deps, channel);
  return write(deps, ctx, async (tx, audit) => {
    const [row] = await tx.select().from(messageChannel).where(eq(messageChannel.channel, channel)).for('update');
    if (!row) throw new AppError('NOT_FOUND');
    if (row.version !== input.version) throw new AppError('MESSAGE_CHANNEL_CHANGED');
    // Only the provider's own fields are kept.
    const settings: Record<string, string> = {};
    for (const f of definition.settings) {
      const value = input.settings[f.key]?.trim() ?? '';
      if (value) settings[f.key] = value;
      else if (f.required) {
        throw fieldError('MESSAGE_PROVIDER_FIELD_REQUIRED', ctx.locale, `settings.${f.key}`, {
          label: f.label[ctx.locale],
        });
      }
    }
    // The channel's receipt token: made when an SMS provider with delivery receipts is first
    // saved, then kept with the channel (late reports of a previous provider still land).
    const token = row.settings[RECEIPT_TOKEN_KEY] || (isReceiptProvider(input.provider) ? newReceiptToken() : '');
    if (token) settings[RECEIPT_TOKEN_KEY] = token;
    const tokenMade = Boolean(token) && !row.settings[RECEIPT_TOKEN_KEY];
    const sameProvider = row.provider === input.provider;
    const stored: Record<string, string> =
      sameProvider && row.credentialsEnc
        ? (JSON.parse(deps.secrets.decrypt(row.credentialsEnc)) as Record<string, string>)
        : {};
    const credentials: Record<string, string> = {};
    const changedKeys: string[] = [];
    for (const f of definition.credentials) {
      const given = input.credentials[f.key];
      if (given) {
        credentials[f.key] = given;
        changedKeys.push(f.key);
      } else if (stored[f.key]) credentials[f.key] = stored[f.key] as string;
      else if (f.required) {
        throw fieldError('MESSAGE_PROVIDER_FIELD_REQUIRED', ctx.locale, `credentials.${f.key}`, {
          label: f.label[ctx.locale],
        });
      }
    }
    const now = deps.clock();
    const [updated] = await tx
      .update(messageChannel)
      .set({
        provider: input.provider,
        enabled: input.enabled,
        settings,
        credentialsEnc: Object.keys(credentials).length > 0 ? deps.secrets.encrypt(JSON.stringify(credentials)) : null,
        quietStart: input.quietStart,
        quietEnd: input.quietEnd,
        timeZone: input.timeZone,
        version: row.version + 1,
        updatedBy: ctx.actor.id,
        updatedAt: now,
      })
      .where(eq(messageChannel.channel, channel))
      .returning();
    if (!updated) throw new AppError('NOT_FOUND');
    const pick = (r: ChannelRow) => ({
      provider: r.provider,
      enabled: r.enabled,
      settings: publicSettings(r.settings),
      quietStart: r.quietStart,
      quietEnd: r.quietEnd,
      timeZone: r.timeZone,
    });
    audit.record({
      action: 'message_channel.update',
      entityType: 'message_channel',
      summary: `修改发送通道 ${channel}：${definition.label['zh-CN']}`,
      before: pick(row),
      // The credentials' values never reach the audit log: only which ones were replaced.
      after: { ...pick(updated), credentialsChanged: changedKeys, ...(tokenMade ? { receiptTokenMade: true } : {}) },
    });
    return channelDto(deps, updated, view);
  });
}

export function listProviders() {
  return [...providers.values()].map((p) => ({
    provider: p.provider,
    channels: [...p.channels],
    label: p.label,
    settings: p.settings.map((f) => ({ ...f })),
    credentials: p.credentials.map((f) => ({ ...f })),
  }));
}

/**
 * 测试发送: one message to the given address through the channel's saved provider, now (quiet
 * hours do not apply), not kept in the sent log; the attempt and its outcome are audited with the
 * address masked.
 */
export async function sendTest(
  deps: Deps,
  ctx: AuthedContext,
  channel: MessageChannel,
  input: { to: string; body?: string | undefined },
) {
  requireGroupScope(ctx.actor.scope);
  const to = normaliseAddress(channel, input.to);
  if (!to) throw fieldError('MESSAGE_ADDRESS_INVALID', ctx.locale, 'to');
  const row = await channelRow(deps, channel);
  const body = input.body || '【邻里】这是一条测试消息，收到说明发送通道配置正确。';
  const id = crypto.randomUUID();
  const outcome = await attemptSend(deps, providerFor, row, {
    id,
    channel,
    to,
    subject: channel === 'email' ? '邻里发送通道测试' : null,
    body,
    params: { content: body },
    smsSignName: null,
    smsTemplateCode: null,
    wechatTemplateId: null,
    url: null,
  });
  const result = outcome.ok
    ? { ok: true, provider: row.provider, providerMessageId: outcome.providerMessageId, error: null }
    : { ok: false, provider: row.provider, providerMessageId: null, error: failureText(outcome.failure) };
  await write(deps, ctx, async (_tx, audit) => {
    audit.record({
      action: 'message_channel.test',
      entityType: 'message_channel',
      summary: `测试发送 ${channel} 至 ${maskAddress(channel, to)}：${result.ok ? '成功' : `失败（${result.error}）`}`,
      after: { channel, provider: row.provider, to: maskAddress(channel, to), ok: result.ok, error: result.error },
    });
  });
  return result;
}

// ── sent log ────────────────────────────────────────────────────────────────

/** The companies whose business the scope reaches (a company node on any of its paths). */
async function scopeCompanies(deps: Deps, scope: DataScope & { all: false }): Promise<string[]> {
  const ids = new Set<string>();
  for (const p of [...scope.orgPaths, ...scope.projectOrgPaths])
    for (const id of p.split('/').filter(Boolean)) ids.add(id);
  if (ids.size === 0) return [];
  const rows = await deps.db
    .select({ id: organization.id })
    .from(organization)
    .where(and(inArray(organization.id, [...ids]), eq(organization.kind, 'company')));
  return rows.map((r) => r.id);
}

/**
 * Who sees which messages: all-data scopes everything; otherwise a ticket's messages when the
 * ticket is in scope, and other messages (missed-call reminders …) of the companies in scope.
 * Messages of no company (none today) only for all-data scopes.
 */
async function scopeCondition(deps: Deps, scope: DataScope): Promise<SQL | undefined> {
  if (scope.all) return undefined;
  const companies = await scopeCompanies(deps, scope);
  const byTicket = scopeRows(scope, { path: ticket.orgPath, projectId: ticket.projectId });
  const byCompany =
    companies.length > 0
      ? and(isNull(outboundMessage.ticketId), inArray(outboundMessage.companyId, companies))
      : sql`false`;
  return or(and(sql`${outboundMessage.ticketId} is not null`, byTicket), byCompany);
}

function addressHashes(deps: Deps, recipient: string): string[] {
  const hashes = new Set<string>();
  for (const channel of messageChannels) {
    const normalised = normaliseAddress(channel, recipient);
    if (normalised) hashes.add(deps.secrets.hash(normalised));
  }
  return [...hashes];
}

async function conditions(deps: Deps, ctx: AuthedContext, f: MessageFilter): Promise<SQL | undefined> {
  const list: (SQL | undefined)[] = [await scopeCondition(deps, ctx.actor.scope)];
  if (f.channel) list.push(eq(outboundMessage.channel, f.channel));
  if (f.event) list.push(eq(outboundMessage.event, f.event));
  if (f.state) list.push(eq(outboundMessage.state, f.state));
  if (f.from) list.push(gte(outboundMessage.createdAt, beijingDayStart(f.from)));
  if (f.to) list.push(lt(outboundMessage.createdAt, new Date(beijingDayStart(f.to).getTime() + 86_400_000)));
  if (f.ticketNo) list.push(eq(ticket.publicNo, f.ticketNo.toUpperCase()));
  if (f.recipient) {
    const hashes = addressHashes(deps, f.recipient);
    list.push(hashes.length > 0 ? inArray(outboundMessage.addressHash, hashes) : sql`false`);
  }
  return and(...list);
}

type LogRow = { m: typeof outboundMessage.$inferSelect; publicNo: string | null };

function messageDto({ m, publicNo }: LogRow): OutboundMessageDto {
  return {
    id: m.id,
    channel: m.channel,
    event: m.event,
    recipientName: m.recipientName,
    addressMasked: m.addressMasked,
    subject: m.subject,
    body: m.body,
    state: m.state,
    urgent: m.urgent,
    attempts: m.attempts,
    maxAttempts: MAX_ATTEMPTS,
    nextAttemptAt: m.state === 'queued' ? (m.nextAttemptAt?.toISOString() ?? null) : null,
    provider: m.provider,
    providerMessageId: m.providerMessageId,
    error: m.error,
    ticketId: m.ticketId,
    ticketPublicNo: publicNo,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    deliveredAt: m.deliveredAt?.toISOString() ?? null,
  };
}

function logQuery(deps: Deps) {
  return deps.db
    .select({ m: outboundMessage, publicNo: ticket.publicNo })
    .from(outboundMessage)
    .leftJoin(ticket, eq(ticket.id, outboundMessage.ticketId));
}

export async function listMessages(
  deps: Deps,
  ctx: AuthedContext,
  q: MessageFilter & { current: number; pageSize: number },
) {
  const where = await conditions(deps, ctx, q);
  const rows = await logQuery(deps)
    .where(where)
    .orderBy(desc(outboundMessage.createdAt), desc(outboundMessage.id))
    .limit(q.pageSize)
    .offset((q.current - 1) * q.pageSize);
  const [total] = await deps.db
    .select({ n: count() })
    .from(outboundMessage)
    .leftJoin(ticket, eq(ticket.id, outboundMessage.ticketId))
    .where(where);
  return { data: rows.map(messageDto), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

export async function exportMessages(
  deps: Deps,
  ctx: AuthedContext,
  f: MessageFilter,
  limit: number,
): Promise<OutboundMessageDto[]> {
  const rows = await logQuery(deps)
    .where(await conditions(deps, ctx, f))
    .orderBy(asc(outboundMessage.createdAt), asc(outboundMessage.id))
    .limit(limit);
  return rows.map(messageDto);
}

/** 重发: a failed message goes back to the queue for one more attempt, now. */
export async function retryMessage(deps: Deps, ctx: AuthedContext, id: string): Promise<OutboundMessageDto> {
  const scope = await scopeCondition(deps, ctx.actor.scope);
  const [found] = await logQuery(deps).where(and(eq(outboundMessage.id, id), scope));
  if (!found) throw new AppError('MESSAGE_NOT_FOUND');
  return write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    const [updated] = await tx
      .update(outboundMessage)
      .set({ state: 'queued', nextAttemptAt: now, updatedAt: now })
      .where(and(eq(outboundMessage.id, id), eq(outboundMessage.state, 'failed')))
      .returning();
    if (!updated) throw new AppError('MESSAGE_NOT_RETRYABLE');
    await announceQueued(tx);
    audit.record({
      action: 'message.retry',
      entityType: 'outbound_message',
      entityId: id,
      summary: `重发消息（${updated.channel}，${updated.addressMasked}）`,
      before: { state: 'failed', error: found.m.error },
      after: { state: 'queued' },
    });
    return messageDto({ m: updated, publicNo: found.publicNo });
  });
}

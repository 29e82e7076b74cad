import { write } from '../../platform/audit.js';
import type { Deps, RequestContext } from '../../platform/context.js';
import {
  type MessageChannel,
  type MessageEvent,
  messageChannel,
  messageChannels,
  messageTemplate,
} from './message.table.js';

/**
 * The templates a fresh install starts with: Chinese texts for every event on the channels that
 * make sense for it. `enabled` follows the rules of issue 6 (dispatch → handler by SMS, accept and
 * resolve → customer, overdue and escalation → SMS and e-mail, instruction → handler, return
 * visit due → agent, missed call → agent); WeChat templates start disabled, since they need the
 * Official Account's own template id, and so does the SLA warning SMS (the in-app warning is
 * usually enough).
 */
export interface DefaultTemplate {
  event: MessageEvent;
  channel: MessageChannel;
  enabled: boolean;
  subject: string | null;
  body: string;
}

const SIGN = '邻里物业';

export const defaultTemplates: readonly DefaultTemplate[] = [
  {
    event: 'dispatched',
    channel: 'sms',
    enabled: true,
    subject: null,
    body: '{{recipientName}}您好，新工单{{ticketNo}}（{{project}}{{room}}：{{content}}）已派给您，请于{{deadline}}前办结。',
  },
  {
    event: 'dispatched',
    channel: 'wechat',
    enabled: false,
    subject: '您有新的工单',
    body: 'character_string1={{ticketNo}}\nthing2={{content}}\nthing3={{project}}{{room}}\ntime4={{deadline}}',
  },
  {
    event: 'accepted',
    channel: 'sms',
    enabled: true,
    subject: null,
    body: '{{customerName}}您好，您反映的“{{content}}”（工单{{ticketNo}}）已由{{handler}}受理，我们会尽快处理。',
  },
  {
    event: 'accepted',
    channel: 'wechat',
    enabled: false,
    subject: '您的报事已受理',
    body: 'character_string1={{ticketNo}}\nthing2={{content}}\nthing3={{handler}}',
  },
  {
    event: 'resolved',
    channel: 'sms',
    enabled: true,
    subject: null,
    body: '{{customerName}}您好，您反映的“{{content}}”（工单{{ticketNo}}）已处理完毕，感谢您的支持，稍后客服将回访。',
  },
  {
    event: 'resolved',
    channel: 'wechat',
    enabled: false,
    subject: '您的报事已办结',
    body: 'character_string1={{ticketNo}}\nthing2={{content}}\nphrase3=已办结',
  },
  {
    event: 'sla_warning',
    channel: 'sms',
    enabled: false,
    subject: null,
    body: '{{recipientName}}您好，工单{{ticketNo}}（{{content}}）的{{clock}}将于{{deadline}}到期，请抓紧处理。',
  },
  {
    event: 'overdue',
    channel: 'sms',
    enabled: true,
    subject: null,
    body: '{{recipientName}}您好，工单{{ticketNo}}（{{project}}{{room}}：{{content}}）已超过{{clock}}（{{deadline}}），请尽快处理。',
  },
  {
    event: 'overdue',
    channel: 'email',
    enabled: true,
    subject: '【超时】工单{{ticketNo}}已超过{{clock}}',
    body:
      '{{recipientName}}您好：\n\n工单{{ticketNo}}已超过{{clock}}（{{deadline}}到期），请尽快处理。\n\n' +
      '项目：{{project}}\n房号：{{room}}\n客户：{{customerName}}\n诉求：{{content}}\n处理人：{{handler}}\n\n邻里客户服务平台',
  },
  {
    event: 'escalated',
    channel: 'sms',
    enabled: true,
    subject: null,
    body: '{{recipientName}}您好，工单{{ticketNo}}（{{project}}{{room}}：{{content}}）超时未办结，已升级至{{level}}，请督办。',
  },
  {
    event: 'escalated',
    channel: 'email',
    enabled: true,
    subject: '【升级】工单{{ticketNo}}已升级至{{level}}',
    body:
      '{{recipientName}}您好：\n\n工单{{ticketNo}}的{{clock}}（{{deadline}}）已过，已升级至{{level}}，请督办。\n\n' +
      '项目：{{project}}\n房号：{{room}}\n客户：{{customerName}}\n诉求：{{content}}\n处理人：{{handler}}\n\n邻里客户服务平台',
  },
  {
    event: 'escalated',
    channel: 'wechat',
    enabled: false,
    subject: '工单升级提醒',
    body: 'character_string1={{ticketNo}}\nthing2={{content}}\nthing3={{level}}',
  },
  {
    event: 'instruction',
    channel: 'sms',
    enabled: true,
    subject: null,
    body: '{{recipientName}}您好，{{leader}}对工单{{ticketNo}}（{{content}}）作出批示：{{instruction}}',
  },
  {
    event: 'visit_due',
    channel: 'sms',
    enabled: true,
    subject: null,
    body: '{{recipientName}}您好，工单{{ticketNo}}（{{customerName}}，{{project}}{{room}}）的回访时限{{deadline}}已到，请尽快回访。',
  },
  {
    event: 'callback_due',
    channel: 'sms',
    enabled: true,
    subject: null,
    body: '{{recipientName}}您好，{{callTime}}有未接来电：{{callerPhone}}（{{customerName}}），请尽快回拨。',
  },
];

/**
 * Adds the default templates and the channel rows that are missing (at every start, so existing
 * installations get them): an administrator's own texts and settings are never overwritten.
 */
export async function seedMessageDefaults(deps: Deps, ctx: RequestContext): Promise<void> {
  const existing = await deps.db
    .select({ event: messageTemplate.event, channel: messageTemplate.channel })
    .from(messageTemplate);
  const have = new Set(existing.map((t) => `${t.event}:${t.channel}`));
  const missing = defaultTemplates.filter((t) => !have.has(`${t.event}:${t.channel}`));
  const channels = new Set((await deps.db.select({ c: messageChannel.channel }).from(messageChannel)).map((r) => r.c));
  const missingChannels = messageChannels.filter((c) => !channels.has(c));
  if (missing.length === 0 && missingChannels.length === 0) return;
  await write(deps, ctx, async (tx, audit) => {
    let recorded = 0;
    for (const t of missing) {
      const [row] = await tx
        .insert(messageTemplate)
        .values({ ...t, smsSignName: t.channel === 'sms' ? SIGN : null })
        .onConflictDoNothing()
        .returning({ id: messageTemplate.id });
      if (row) {
        recorded++;
        audit.record({
          action: 'message_template.create',
          entityType: 'message_template',
          entityId: row.id,
          summary: `默认消息模板：${t.event} / ${t.channel}`,
        });
      }
    }
    for (const channel of missingChannels) {
      const inserted = await tx
        .insert(messageChannel)
        .values({
          channel,
          provider: 'outbox',
          // SMS not at night: 21:00–08:00 Beijing time, unless urgent.
          quietStart: channel === 'sms' ? '21:00' : null,
          quietEnd: channel === 'sms' ? '08:00' : null,
        })
        .onConflictDoNothing()
        .returning({ channel: messageChannel.channel });
      if (inserted.length > 0) {
        recorded++;
        audit.record({
          action: 'message_channel.create',
          entityType: 'message_channel',
          summary: `发送通道 ${channel}：发件箱`,
        });
      }
    }
    // A write records at least one entry; another instance starting at once may have added them all.
    if (recorded === 0) {
      audit.record({ action: 'message.seed', entityType: 'message_template', summary: '消息模板与发送通道初始化' });
    }
  });
}

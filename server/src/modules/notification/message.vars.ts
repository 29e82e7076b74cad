import type { MessageEvent } from './message.table.js';

/**
 * The variables a template may use, per event: `{{name}}` in a subject or body is replaced by
 * the value the rule supplies. The list is fixed and documented here (and answered by the API
 * for the template editor); a template naming anything else is refused on save.
 */
export interface MessageVariable {
  name: string;
  label: { 'zh-CN': string; 'en-US': string };
  /** What the preview shows. */
  sample: string;
}

const v = (name: string, zh: string, en: string, sample: string): MessageVariable => ({
  name,
  label: { 'zh-CN': zh, 'en-US': en },
  sample,
});

const recipientName = v('recipientName', '收件人姓名', 'Recipient name', '王师傅');
const ticketNo = v('ticketNo', '工单编号', 'Ticket number', 'GD202611240001');
const content = v('content', '诉求内容', 'Request', '厨房水管漏水');
const customerName = v('customerName', '客户姓名', 'Customer name', '张伟');
const room = v('room', '房号', 'Room', '3栋2单元1201');
const project = v('project', '项目', 'Project', '翠湖花园');
const handler = v('handler', '处理人', 'Handler', '李强');
const deadline = v('deadline', '时限', 'Deadline', '2026-11-24 17:30');
const clock = v('clock', '时限类别（响应/办结）', 'Clock (response/resolution)', '办结时限');
const level = v('level', '升级级别', 'Escalation level', '第 1 级（项目经理）');
const leader = v('leader', '批示领导', 'Leader', '陈总');
const instruction = v('instruction', '批示内容', 'Instruction', '请今天内上门处理并回复业主');
const callerPhone = v('callerPhone', '来电号码（脱敏）', 'Caller number (masked)', '138****8000');
const callTime = v('callTime', '来电时间', 'Call time', '2026-11-24 09:12');

const ticketCommon = [ticketNo, content, customerName, room, project];

export const messageVariables: Record<MessageEvent, readonly MessageVariable[]> = {
  dispatched: [recipientName, ...ticketCommon, handler, deadline],
  accepted: [...ticketCommon, handler],
  resolved: [...ticketCommon, handler],
  sla_warning: [recipientName, ...ticketCommon, handler, clock, deadline],
  overdue: [recipientName, ...ticketCommon, handler, clock, deadline],
  escalated: [recipientName, ...ticketCommon, handler, clock, deadline, level],
  instruction: [recipientName, ...ticketCommon, handler, leader, instruction],
  visit_due: [recipientName, ...ticketCommon, handler, deadline],
  callback_due: [recipientName, customerName, callerPhone, callTime],
};

const placeholder = /\{\{\s*([^{}\s]*)\s*\}\}/g;

/** The variable names a text uses, in order of first use. */
export function variablesIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(placeholder)) {
    const name = match[1] ?? '';
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The names in the texts that the event does not know (empty when all are fine). */
export function unknownVariables(event: MessageEvent, ...texts: (string | null | undefined)[]): string[] {
  const known = new Set(messageVariables[event].map((x) => x.name));
  const unknown: string[] = [];
  for (const text of texts) {
    for (const name of variablesIn(text ?? '')) if (!known.has(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

/** Replaces each `{{name}}` with its value; a known variable without a value becomes empty. */
export function render(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(placeholder, (_, name: string) => vars[name] ?? '');
}

/** The sample values of an event's variables, for the preview. */
export function sampleVars(event: MessageEvent): Record<string, string> {
  return Object.fromEntries(messageVariables[event].map((x) => [x.name, x.sample]));
}

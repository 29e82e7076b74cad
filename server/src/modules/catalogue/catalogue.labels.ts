// The words a Chinese service desk uses for the catalogue's coded values, in both directions:
// labels for the export, and the spellings the import accepts (Chinese, English codes, aliases).
import type { Locale } from '../../platform/locale.js';
import { type Severity, severities, type TicketType, ticketTypes } from './catalogue.table.js';

export const ticketTypeLabels: Record<TicketType, Record<Locale, string>> = {
  complaint: { 'zh-CN': '投诉', 'en-US': 'Complaint' },
  repair: { 'zh-CN': '报修', 'en-US': 'Repair' },
  consultation: { 'zh-CN': '咨询', 'en-US': 'Consultation' },
  suggestion: { 'zh-CN': '建议', 'en-US': 'Suggestion' },
  query: { 'zh-CN': '查询', 'en-US': 'Query' },
  praise: { 'zh-CN': '表扬', 'en-US': 'Praise' },
};

/** 紧急程度 on the four-step scale property companies use: 一般 < 较急 < 紧急 < 特急. */
export const severityLabels: Record<Severity, Record<Locale, string>> = {
  low: { 'zh-CN': '一般', 'en-US': 'Low' },
  normal: { 'zh-CN': '较急', 'en-US': 'Normal' },
  high: { 'zh-CN': '紧急', 'en-US': 'High' },
  urgent: { 'zh-CN': '特急', 'en-US': 'Urgent' },
};

const ticketTypeAliases: Record<string, TicketType> = {
  报修: 'repair',
  维修: 'repair',
  报事: 'repair',
  投诉: 'complaint',
  咨询: 'consultation',
  建议: 'suggestion',
  意见: 'suggestion',
  查询: 'query',
  表扬: 'praise',
  感谢: 'praise',
};

const severityAliases: Record<string, Severity> = {
  一般: 'low',
  普通: 'low',
  低: 'low',
  较急: 'normal',
  中: 'normal',
  紧急: 'high',
  高: 'high',
  特急: 'urgent',
  非常紧急: 'urgent',
};

/** 投诉、报修 / 投诉,报修 / complaint;repair → the ticket types, or the first word not understood. */
export function parseTicketTypes(text: string): { types: TicketType[] } | { unknown: string } {
  const types: TicketType[] = [];
  for (const raw of text.split(/[、,，;；/|\s]+/)) {
    const word = raw.trim();
    if (!word) continue;
    const lower = word.toLowerCase();
    const type =
      ticketTypeAliases[word] ??
      (ticketTypes as readonly string[]).find((t) => t === lower) ??
      ticketTypes.find((t) => ticketTypeLabels[t]['en-US'].toLowerCase() === lower);
    if (!type) return { unknown: word };
    if (!types.includes(type as TicketType)) types.push(type as TicketType);
  }
  return { types };
}

export function parseSeverity(text: string): Severity | undefined {
  const word = text.trim();
  const lower = word.toLowerCase();
  return severityAliases[word] ?? ((severities as readonly string[]).find((s) => s === lower) as Severity | undefined);
}

const yes = new Set(['是', '需要', '要', 'y', 'yes', 'true', '1', '√', '✓', 'on']);
const no = new Set(['否', '不需要', '不要', '无', 'n', 'no', 'false', '0', '×', '✗', 'off']);

/** 是/否 and their usual spellings; undefined when it is neither. */
export function parseYesNo(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (yes.has(word)) return true;
  if (no.has(word)) return false;
  return undefined;
}

export function yesNo(value: boolean, locale: Locale): string {
  return locale === 'zh-CN' ? (value ? '是' : '否') : value ? 'Yes' : 'No';
}

/** The separator between the levels of a category path: 房屋质量 › 渗漏 › 卫生间渗漏. */
export const PATH_SEPARATOR = ' › ';

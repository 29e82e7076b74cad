export const locales = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof locales)[number];

/** zh-CN unless the client clearly prefers English. Only the first language tag decides. */
export function localeFromHeader(header: string | undefined): Locale {
  const first = header?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}

/** The calendar day in Beijing (UTC+8, no daylight saving) at an instant, as YYYY-MM-DD. */
export function beijingDay(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The instant a Beijing calendar day (YYYY-MM-DD) begins. */
export function beijingDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per time zone: building an `Intl.DateTimeFormat` costs far more than using it. */
function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormats.set(timeZone, format);
  }
  return format;
}

/** Formats an instant as the service desk reads it: 2026-11-24 14:30, in the given time zone. */
export function formatDateTime(date: Date, timeZone = 'Asia/Shanghai'): string {
  const parts = dateTimeFormat(timeZone).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

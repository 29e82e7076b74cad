/** The parts of a span of time, largest first: days, hours, minutes, seconds. */
export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** `dayHours`: 24 for plain time, 8 for business time (a 工作日 is eight working hours). */
export function durationParts(totalSeconds: number, dayHours = 24): DurationParts {
  const s = Math.max(0, Math.floor(Math.abs(totalSeconds)));
  const day = dayHours * 3600;
  return {
    days: Math.floor(s / day),
    hours: Math.floor((s % day) / 3600),
    minutes: Math.floor((s % 3600) / 60),
    seconds: s % 60,
  };
}

const units = {
  'zh-CN': {
    days: ' 天',
    workday: ' 个工作日',
    workdays: ' 个工作日',
    hours: ' 小时',
    minutes: ' 分',
    seconds: ' 秒',
    join: ' ',
  },
  'en-US': { days: 'd', workday: ' workday', workdays: ' workdays', hours: 'h', minutes: 'm', seconds: 's', join: ' ' },
} as const;

/**
 * A span as people say it on the phone: the two largest units that are not zero ("2 天 3 小时",
 * "3 小时", "15 分 20 秒"); seconds only with `seconds` and under an hour, so a live countdown
 * ticks visibly near its end without a long deadline reading like a stopwatch. With `business`,
 * days are 工作日 of eight working hours ("2 个工作日 3 小时").
 */
export function formatDuration(
  totalSeconds: number,
  language: string,
  { seconds = false, business = false }: { seconds?: boolean; business?: boolean } = {},
): string {
  const u = language === 'en-US' ? units['en-US'] : units['zh-CN'];
  const p = durationParts(totalSeconds, business ? 8 : 24);
  const ordered: [keyof DurationParts, number][] = [
    ['days', p.days],
    ['hours', p.hours],
    ['minutes', p.minutes],
  ];
  if (seconds && p.days === 0 && p.hours === 0) ordered.push(['seconds', p.seconds]);
  const first = ordered.findIndex(([, v]) => v > 0);
  if (first < 0) return seconds ? `0${u.seconds}` : `0${u.minutes}`;
  const shown = ordered.slice(first, first + 2).filter(([, v]) => v > 0);
  return shown
    .map(([k, v]) => `${v}${k === 'days' && business ? (v === 1 ? u.workday : u.workdays) : u[k]}`)
    .join(u.join);
}

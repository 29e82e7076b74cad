/**
 * Business time between two instants on a calendar, for the detail page's live clocks: the
 * server computes deadlines; between refetches the page counts down only the seconds that fall
 * inside working shifts, so a deadline tomorrow at 10:00 reads "1 小时" left at 18:00 today, and
 * the countdown stands still over lunch and at night.
 */
export interface WorkCalendar {
  timeZone: string;
  /** "HH:MM" local; "24:00" ends a shift at midnight. */
  shifts: { start: string; end: string }[];
  /** Local date (YYYY-MM-DD) → working or not, for the days the page knows. */
  working: Map<string, boolean>;
}

/** The offset (ms) of `zone` from UTC at `instant`. */
function offsetAt(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of a local wall time in `zone` (exact for zones without a jump at that time). */
export function zonedInstant(date: string, time: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetAt(guess, zone);
  return guess - offsetAt(first, zone);
}

/** The local date (YYYY-MM-DD) of an instant in `zone`. */
export function localDate(instant: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * Working seconds from `from` to `to` (negative when `to` is earlier), or null when a day in
 * between is not known (the page then falls back to plain time).
 */
export function businessSecondsBetween(cal: WorkCalendar, from: number, to: number): number | null {
  if (to < from) {
    const back = businessSecondsBetween(cal, to, from);
    return back === null ? null : -back;
  }
  let total = 0;
  let date = localDate(from, cal.timeZone);
  const last = localDate(to, cal.timeZone);
  for (let guard = 0; guard < 400; guard += 1) {
    const working = cal.working.get(date);
    if (working === undefined) return null;
    if (working) {
      for (const shift of cal.shifts) {
        const start = zonedInstant(date, shift.start, cal.timeZone);
        const end =
          shift.end === '24:00'
            ? zonedInstant(nextDate(date), '00:00', cal.timeZone)
            : zonedInstant(date, shift.end, cal.timeZone);
        const overlap = Math.min(end, to) - Math.max(start, from);
        if (overlap > 0) total += overlap;
      }
    }
    if (date === last) return Math.floor(total / 1000);
    date = nextDate(date);
  }
  return null;
}

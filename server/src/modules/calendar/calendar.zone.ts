// Local dates and wall-clock times in an IANA time zone, with Intl only (no time-zone library).
// A local day is a day number: days since 1970-01-01 on the proleptic Gregorian calendar.

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone ("Asia/Shanghai", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of a zone at an instant, as milliseconds since the epoch read as if it were UTC. */
function wallClock(timeZone: string, instantMs: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(instantMs));
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of parts) {
    if (p.type === 'year') year = Number(p.value);
    else if (p.type === 'month') month = Number(p.value);
    else if (p.type === 'day') day = Number(p.value);
    else if (p.type === 'hour') hour = Number(p.value);
    else if (p.type === 'minute') minute = Number(p.value);
    else if (p.type === 'second') second = Number(p.value);
    else if (p.type === 'era') bc = p.value.startsWith('B');
  }
  const d = new Date(0);
  d.setUTCFullYear(bc ? 1 - year : year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime() + (((instantMs % 1000) + 1000) % 1000);
}

/** The zone's offset from UTC at an instant, in milliseconds (+08:00 → 28 800 000). */
export function offsetAt(timeZone: string, instantMs: number): number {
  return wallClock(timeZone, instantMs) - instantMs;
}

/**
 * The instant a local wall-clock time happens (Luxon's method). In a daylight-saving gap (a time
 * that does not exist) the time is read with the offset from before the change, so it lands
 * after the gap; in an overlap (a time that happens twice) one of the two is taken. `hint` is an
 * offset likely to be right (the previous day's), which saves a lookup.
 */
export function instantOf(timeZone: string, wallMs: number, hint?: number): number {
  return resolveWall(timeZone, wallMs, hint).instant;
}

/** instantOf, also answering the offset in force at that instant. */
export function resolveWall(timeZone: string, wallMs: number, hint?: number): { instant: number; offset: number } {
  const o1 = hint ?? offsetAt(timeZone, wallMs);
  const t1 = wallMs - o1;
  const o2 = offsetAt(timeZone, t1);
  if (o1 === o2) return { instant: t1, offset: o1 };
  const t2 = t1 - (o2 - o1);
  const o3 = offsetAt(timeZone, t2);
  if (o2 === o3) return { instant: t2, offset: o2 };
  const instant = wallMs - Math.min(o2, o3);
  return { instant, offset: offsetAt(timeZone, instant) };
}

export interface LocalPoint {
  day: number;
  /** Milliseconds since local midnight. */
  ms: number;
}

/** The local day and time of day of an instant. */
export function localPoint(timeZone: string, instantMs: number): LocalPoint {
  const wall = wallClock(timeZone, instantMs);
  const day = Math.floor(wall / DAY_MS);
  return { day, ms: wall - day * DAY_MS };
}

/** 'YYYY-MM-DD' of a day number. */
export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of 'YYYY-MM-DD' (null when the text is not a real date). */
export function dayNumber(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(t / DAY_MS);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** "HH:MM" (00:00–24:00) → minutes since midnight, or null. */
export function parseClock(text: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/** An instant as ISO-8601 with the zone's offset at that instant: 2026-02-24T10:00:00+08:00. */
export function isoWithOffset(timeZone: string, instantMs: number): string {
  const offset = offsetAt(timeZone, instantMs);
  const local = new Date(instantMs + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(Math.round(offset / MINUTE_MS));
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

import { z } from 'zod';
import { dayNumber, isValidTimeZone, parseClock } from './calendar.zone.js';

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, 'code_format');

const clock = z
  .string()
  .trim()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'clock_format')
  .meta({ description: '当地时间 HH:MM，24:00 表示当天结束', example: '09:00' });

const shift = z.strictObject({ start: clock, end: clock });

/** Shifts of a working day: in order, each ending after it starts, none overlapping. */
export const shiftsSchema = z
  .array(shift)
  .min(1)
  .max(6)
  .superRefine((shifts, ctx) => {
    let previousEnd = -1;
    shifts.forEach((s, i) => {
      const start = parseClock(s.start);
      const end = parseClock(s.end);
      if (start === null || end === null) return;
      if (start >= end) ctx.addIssue({ code: 'custom', message: 'shift_order', path: [i, 'end'] });
      else if (start < previousEnd) ctx.addIssue({ code: 'custom', message: 'shifts_overlap', path: [i, 'start'] });
      previousEnd = Math.max(previousEnd, end);
    });
  });

const workWeek = z
  .array(z.number().int().min(1).max(7))
  .max(7)
  .refine((days) => days.length > 0, 'work_week_empty')
  .refine((days) => new Set(days).size === days.length, 'work_week_duplicate')
  .meta({ description: '工作日（ISO 星期：1 = 周一 … 7 = 周日）', example: [1, 2, 3, 4, 5] });

export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isValidTimeZone, 'time_zone_invalid')
  .meta({ description: 'IANA 时区', example: 'Asia/Shanghai' });

export const calendarParams = z.strictObject({ calendarId: z.uuid() });

const calendarFields = {
  code,
  name: z.string().trim().min(1).max(40),
  timeZone: timeZoneSchema.default('Asia/Shanghai'),
  workWeek,
  shifts: shiftsSchema,
  statutory: z.boolean().default(true).meta({ description: '执行国家法定节假日与调休安排' }),
};

export const calendarCreateBody = z.strictObject({
  ...calendarFields,
  companyId: z.uuid().nullable().meta({ description: '所属公司；null 为集团通用日历（仅全部数据范围的管理员）' }),
});

export const calendarUpdateBody = z.strictObject({ ...calendarFields, active: z.boolean().default(true) });

export const calendarProjectsBody = z.strictObject({
  projectIds: z.array(z.uuid()).max(500).meta({ description: '使用该日历的项目（调用者数据范围内）' }),
});

const projectRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const calendarDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  companyId: z.string().nullable(),
  companyName: z.string().nullable(),
  timeZone: z.string(),
  workWeek: z.array(z.number().int()),
  shifts: z.array(z.object({ start: z.string(), end: z.string() })),
  statutory: z.boolean(),
  isDefault: z.boolean(),
  active: z.boolean(),
  /** Business minutes of a working day. */
  minutesPerDay: z.number().int(),
  ownDayCount: z.number().int(),
  /** Projects (in the caller's scope) that name this calendar. */
  projects: z.array(projectRef),
  canManage: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CalendarDto = z.infer<typeof calendarDto>;

// ── own days ───────────────────────────────────────────────────────────────

export const isoDate = z.iso.date().meta({ example: '2026-11-26' });

export const ownDayParams = z.strictObject({ calendarId: z.uuid(), date: isoDate });
export const ownDayBody = z.strictObject({
  kind: z.enum(['off', 'work']).meta({ description: 'off：休息（如社区活动日）；work：上班' }),
  note: z.string().trim().max(60).nullish(),
});
export const ownDayDto = z.object({ date: z.string(), kind: z.enum(['off', 'work']), note: z.string().nullable() });
export const ownDaysQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });

// ── deadline ───────────────────────────────────────────────────────────────

/** 2026-02-13T17:00, 2026-02-13T17:00:00.000Z, 2026-02-13T17:00:00+08:00 (seconds optional). */
const instantPattern =
  /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;

export const deadlineBody = z.strictObject({
  start: z
    .string()
    .trim()
    .regex(instantPattern, 'datetime_invalid')
    .refine((text) => dayNumber(text.slice(0, 10)) !== null, 'datetime_invalid')
    .meta({
      description: 'ISO-8601 起算时间（秒可省略）；不带时区偏移时按日历所在时区的当地时间理解',
      example: '2026-02-13T17:00:00+08:00',
    }),
  minutes: z
    .number()
    .int()
    .min(0)
    .max(5_256_000)
    .meta({ description: '时限（分钟）：business 模式为工作分钟，calendar 模式为自然分钟', example: 240 }),
  mode: z
    .enum(['business', 'calendar'])
    .default('business')
    .meta({ description: 'business：只计班次内的工作时间；calendar：7×24 自然时间（紧急事项）' }),
});

export const deadlineDto = z.object({
  start: z.iso.datetime({ offset: true }),
  deadline: z.iso.datetime({ offset: true }).meta({ description: 'ISO-8601（UTC，Z 结尾）' }),
  provisional: z.boolean().meta({ description: '跨越尚无法定节假日安排的年份：安排公布后需重新计算' }),
  mode: z.enum(['business', 'calendar']),
  timeZone: z.string(),
  localStart: z.string().meta({ description: '日历时区的当地时间 YYYY-MM-DD HH:MM' }),
  localDeadline: z.string().meta({ description: '日历时区的当地时间 YYYY-MM-DD HH:MM' }),
});

// ── year view ──────────────────────────────────────────────────────────────

export const yearParam = z.coerce.number().int().min(2000).max(2100);
export const calendarYearParams = z.strictObject({ calendarId: z.uuid(), year: yearParam });

export const dayKinds = ['workday', 'weekend', 'holiday', 'makeup', 'own_off', 'own_work'] as const;

export const calendarYearDto = z.object({
  calendarId: z.string(),
  year: z.number().int(),
  /** Where the official schedule of the year comes from; null: nobody has it yet. */
  schedule: z.enum(['bundled', 'published']).nullable(),
  statutory: z.boolean(),
  workingDays: z.number().int(),
  days: z.array(
    z.object({
      date: z.string(),
      kind: z.enum(dayKinds),
      working: z.boolean(),
      name: z.string().nullable(),
      nameEn: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
});

// ── official holiday schedules ─────────────────────────────────────────────

export const holidayYearParams = z.strictObject({ year: yearParam });

const holidayDayItem = z.strictObject({
  date: isoDate,
  kind: z.enum(['holiday', 'workday']).meta({ description: 'holiday：放假；workday：调休上班' }),
  name: z.string().trim().min(1).max(20).meta({ example: '春节' }),
});

export const holidayYearBody = z.strictObject({
  days: z.array(holidayDayItem).min(1).max(120),
  note: z.string().trim().max(200).nullish().meta({ description: '依据，如“国办发明电〔2026〕X号”' }),
});

export const holidayYearDto = z.object({
  year: z.number().int(),
  source: z.enum(['bundled', 'published']).nullable(),
  origin: z.enum(['form', 'import']).nullable(),
  note: z.string().nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.iso.datetime().nullable(),
  days: z.array(
    z.object({
      date: z.string(),
      kind: z.enum(['holiday', 'workday']),
      name: z.string(),
      nameEn: z.string().nullable(),
    }),
  ),
});

export const holidayYearsDto = z.object({
  today: z.string(),
  currentYear: z.number().int(),
  nextYear: z.number().int(),
  /** This year, and from 1 November next year, when nobody has their official schedule. */
  missing: z.array(z.number().int()),
  warning: z.boolean(),
  years: z.array(
    z.object({
      year: z.number().int(),
      source: z.enum(['bundled', 'published']),
      origin: z.enum(['form', 'import']).nullable(),
      holidays: z.number().int(),
      workdays: z.number().int(),
      note: z.string().nullable(),
      updatedBy: z.string().nullable(),
      updatedAt: z.iso.datetime().nullable(),
    }),
  ),
});

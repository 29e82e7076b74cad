// The official holiday schedules (法定节假日安排) the bundled data lacks: every autumn the State
// Council's General Office publishes next year's days off and make-up working days, and until a
// newer chinese-days ships them an administrator enters them by form or imports a list. The
// schedule is national, so only all-data administrators change it.
import { asc, count, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { beijingDay, type Locale } from '../../platform/locale.js';
import { requireGroupScope } from '../../platform/scope.js';
import { normaliseHeader } from '../import/import.fields.js';
import { isBlank, readRows } from '../import/import.reader.js';
import { receiveUpload } from '../import/import.service.js';
import { parseDate, text } from '../import/import.values.js';
import { onHolidayScheduleChanged } from './calendar.events.js';
import { bundledYear, bundledYearList, isBundledYear, type OfficialKind } from './calendar.holidays.js';
import { holidayDay, holidayYear } from './calendar.table.js';

/** The warning about next year's missing schedule starts on this day of the year (1 November). */
export const NEXT_YEAR_WARNING_FROM = '11-01';

export interface HolidayDayInput {
  date: string;
  kind: OfficialKind;
  name: string;
}

function today(deps: Deps): string {
  return beijingDay(deps.clock());
}

async function publishedYear(deps: Deps, year: number) {
  const [row] = await deps.db.select().from(holidayYear).where(eq(holidayYear.year, year));
  return row;
}

/** Which years have an official schedule (bundled or published), and whether one is missing. */
export async function listHolidayYears(deps: Deps) {
  const day = today(deps);
  const currentYear = Number(day.slice(0, 4));
  const nextYear = currentYear + 1;
  const [published, counts] = await Promise.all([
    deps.db.select().from(holidayYear).orderBy(asc(holidayYear.year)),
    deps.db
      .select({ year: holidayDay.year, kind: holidayDay.kind, n: count() })
      .from(holidayDay)
      .groupBy(holidayDay.year, holidayDay.kind),
  ]);
  const years = new Map<
    number,
    {
      year: number;
      source: 'bundled' | 'published';
      origin: 'form' | 'import' | null;
      holidays: number;
      workdays: number;
      note: string | null;
      updatedBy: string | null;
      updatedAt: string | null;
    }
  >();
  for (const y of bundledYearList(nextYear + 5)) {
    const days = [...bundledYear(y).values()];
    years.set(y, {
      year: y,
      source: 'bundled',
      origin: null,
      holidays: days.filter((d) => d.kind === 'holiday').length,
      workdays: days.filter((d) => d.kind === 'workday').length,
      note: null,
      updatedBy: null,
      updatedAt: null,
    });
  }
  for (const p of published) {
    if (years.has(p.year)) continue; // a newer chinese-days has it now: the bundled one applies
    const n = (kind: OfficialKind) => counts.find((c) => c.year === p.year && c.kind === kind)?.n ?? 0;
    years.set(p.year, {
      year: p.year,
      source: 'published',
      origin: p.source,
      holidays: n('holiday'),
      workdays: n('workday'),
      note: p.note,
      updatedBy: p.createdByName,
      updatedAt: p.updatedAt.toISOString(),
    });
  }
  const missing = [currentYear];
  if (day.slice(5) >= NEXT_YEAR_WARNING_FROM) missing.push(nextYear);
  const stillMissing = missing.filter((y) => !years.has(y));
  return {
    today: day,
    currentYear,
    nextYear,
    missing: stillMissing,
    warning: stillMissing.length > 0,
    years: [...years.values()].sort((a, b) => b.year - a.year),
  };
}

/** One year's official days, bundled or published; no days for a year nobody has. */
export async function getHolidayYear(deps: Deps, year: number) {
  if (isBundledYear(year)) {
    return {
      year,
      source: 'bundled' as const,
      origin: null,
      note: null,
      updatedBy: null,
      updatedAt: null,
      days: [...bundledYear(year).entries()]
        .map(([date, d]) => ({ date, kind: d.kind, name: d.name, nameEn: d.nameEn }))
        .sort((a, b) => a.date.localeCompare(b.date)),
    };
  }
  const row = await publishedYear(deps, year);
  if (!row) {
    return { year, source: null, origin: null, note: null, updatedBy: null, updatedAt: null, days: [] };
  }
  const days = await deps.db
    .select({ date: holidayDay.date, kind: holidayDay.kind, name: holidayDay.name })
    .from(holidayDay)
    .where(eq(holidayDay.year, year))
    .orderBy(asc(holidayDay.date));
  return {
    year,
    source: 'published' as const,
    origin: row.source,
    note: row.note,
    updatedBy: row.createdByName,
    updatedAt: row.updatedAt.toISOString(),
    days: days.map((d) => ({ ...d, nameEn: null })),
  };
}

function requireEditableYear(ctx: AuthedContext, year: number): void {
  requireGroupScope(ctx.actor.scope);
  if (isBundledYear(year)) throw new AppError('HOLIDAY_YEAR_BUNDLED', { year });
}

function invalid(locale: Locale, problems: { field: string; message: string }[]): AppError {
  const first = problems[0]?.message ?? '';
  const more =
    problems.length > 1 ? (locale === 'zh-CN' ? ` 等 ${problems.length} 处` : ` and ${problems.length - 1} more`) : '';
  return new AppError(
    'HOLIDAY_DAYS_INVALID',
    { reason: `${first}${more}` },
    { errors: problems.map((p) => ({ field: p.field, in: 'body', message: p.message })) },
  );
}

/** Dates inside the year, each once. */
function checkDays(locale: Locale, year: number, days: HolidayDayInput[]): void {
  const zh = locale === 'zh-CN';
  const seen = new Map<string, number>();
  const problems: { field: string; message: string }[] = [];
  days.forEach((d, i) => {
    if (!d.date.startsWith(`${year}-`)) {
      problems.push({
        field: `days.${i}.date`,
        message: zh ? `${d.date} 不在 ${year} 年内` : `${d.date} is not in ${year}`,
      });
    }
    const earlier = seen.get(d.date);
    if (earlier !== undefined) {
      problems.push({
        field: `days.${i}.date`,
        message: zh
          ? `${d.date} 重复出现（第 ${earlier + 1} 条与第 ${i + 1} 条）`
          : `${d.date} is listed twice (${earlier + 1} and ${i + 1})`,
      });
    } else seen.set(d.date, i);
  });
  if (problems.length) throw invalid(locale, problems);
}

async function saveYear(
  deps: Deps,
  ctx: AuthedContext,
  year: number,
  days: HolidayDayInput[],
  source: 'form' | 'import',
  note: string | null,
) {
  const before = await getHolidayYear(deps, year);
  const now = deps.clock();
  await write(deps, ctx, async (tx, audit) => {
    await tx
      .insert(holidayYear)
      .values({
        year,
        source,
        note,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.name,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: holidayYear.year,
        set: { source, note, createdBy: ctx.actor.id, createdByName: ctx.actor.name, updatedAt: now },
      });
    await tx.delete(holidayDay).where(eq(holidayDay.year, year));
    const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
    await tx.insert(holidayDay).values(sorted.map((d) => ({ year, date: d.date, kind: d.kind, name: d.name })));
    const holidays = sorted.filter((d) => d.kind === 'holiday').length;
    audit.record({
      action: before.source ? 'holiday_year.update' : 'holiday_year.publish',
      entityType: 'holiday_year',
      entityId: String(year),
      summary: `${before.source ? '更新' : '录入'} ${year} 年法定节假日安排（${source === 'import' ? '导入' : '表单'}）：放假 ${holidays} 天，调休上班 ${sorted.length - holidays} 天`,
      before: before.source ? { days: before.days.map(({ date, kind, name }) => ({ date, kind, name })) } : undefined,
      after: { note, days: sorted },
    });
  });
}

export async function putHolidayYear(
  deps: Deps,
  ctx: AuthedContext,
  year: number,
  input: { days: HolidayDayInput[]; note?: string | null },
  log?: FastifyRequest['log'],
) {
  requireEditableYear(ctx, year);
  checkDays(ctx.locale, year, input.days);
  await saveYear(deps, ctx, year, input.days, 'form', input.note || null);
  await onHolidayScheduleChanged(deps, year, log);
  return getHolidayYear(deps, year);
}

export async function deleteHolidayYear(deps: Deps, ctx: AuthedContext, year: number, log?: FastifyRequest['log']) {
  requireEditableYear(ctx, year);
  const before = await getHolidayYear(deps, year);
  if (!before.source) throw new AppError('HOLIDAY_YEAR_NOT_FOUND', { year });
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(holidayYear).where(eq(holidayYear.year, year));
    audit.record({
      action: 'holiday_year.delete',
      entityType: 'holiday_year',
      entityId: String(year),
      summary: `删除 ${year} 年法定节假日安排`,
      before: { days: before.days.map(({ date, kind, name }) => ({ date, kind, name })) },
    });
  });
  await onHolidayScheduleChanged(deps, year, log);
}

// ── import ─────────────────────────────────────────────────────────────────

const MAX_IMPORT_ROWS = 400;

const columnNames: Record<'date' | 'kind' | 'name', string[]> = {
  date: ['日期', 'date'],
  kind: ['类型', '类别', '安排', 'kind', 'type'],
  name: ['名称', '节日', '节假日', '节日名称', 'name', 'holiday'],
};

const kindWords: Record<string, OfficialKind> = {
  放假: 'holiday',
  休息: 'holiday',
  休: 'holiday',
  假: 'holiday',
  假期: 'holiday',
  节假日: 'holiday',
  holiday: 'holiday',
  off: 'holiday',
  调休上班: 'workday',
  上班: 'workday',
  补班: 'workday',
  调休: 'workday',
  班: 'workday',
  workday: 'workday',
  work: 'workday',
};

/** "2027-02-06至2027-02-12" (or ~, ～, —): every day of the range; otherwise one date. */
function datesOf(cell: Parameters<typeof parseDate>[0]): string[] | null {
  if (typeof cell === 'string') {
    const parts = cell.split(/\s*(?:至|~|～|—|到)\s*/);
    if (parts.length === 2) {
      const from = parseDate(parts[0] ?? null);
      const to = parseDate(parts[1] ?? null);
      if (!from.ok || !to.ok || !from.value || !to.value || to.value < from.value) return null;
      const out: string[] = [];
      for (let t = Date.parse(from.value); t <= Date.parse(to.value) && out.length < 60; t += 86_400_000) {
        out.push(new Date(t).toISOString().slice(0, 10));
      }
      return out;
    }
  }
  const one = parseDate(cell);
  return one.ok && one.value ? [one.value] : null;
}

/**
 * A list of days off and make-up working days from XLSX or CSV: columns 日期, 类型 (放假 or 调休上班),
 * 名称, under any title rows. All or nothing: any bad row refuses the file with every row's reason.
 */
export async function importHolidayYear(deps: Deps, ctx: AuthedContext, year: number, request: FastifyRequest) {
  requireEditableYear(ctx, year);
  const zh = ctx.locale === 'zh-CN';
  const upload = await receiveUpload(deps, request, ctx.locale);
  const days: HolidayDayInput[] = [];
  const problems: { row: number; reason: string }[] = [];
  try {
    let columns: { date: number; kind: number; name: number } | null = null;
    let rows = 0;
    let lastName: string | null = null;
    for await (const row of readRows(deps.files.path(upload.file.key), upload.format)) {
      if (isBlank(row)) continue;
      if (!columns) {
        const headers = row.cells.map((c) => normaliseHeader(text(c) ?? ''));
        const find = (names: string[]) => headers.findIndex((h) => names.includes(h));
        const found = { date: find(columnNames.date), kind: find(columnNames.kind), name: find(columnNames.name) };
        if (found.date >= 0 && found.kind >= 0) columns = found;
        else if (row.row >= 10) break;
        continue;
      }
      if (++rows > MAX_IMPORT_ROWS) {
        problems.push({ row: row.row, reason: zh ? `最多 ${MAX_IMPORT_ROWS} 行` : `at most ${MAX_IMPORT_ROWS} rows` });
        break;
      }
      const dates = datesOf(row.cells[columns.date] ?? null);
      const kindText = normaliseHeader(text(row.cells[columns.kind] ?? null) ?? '');
      const kind = kindWords[kindText];
      // A name left blank under a named row belongs to the same holiday (merged cells read that way).
      const name: string | null = (columns.name >= 0 ? text(row.cells[columns.name] ?? null) : null) ?? lastName;
      if (!dates) {
        problems.push({ row: row.row, reason: zh ? '日期无法识别' : 'the date cannot be read' });
        continue;
      }
      if (!kind) {
        problems.push({
          row: row.row,
          reason: zh ? '类型须为“放假”或“调休上班”' : 'the type must be 放假 (day off) or 调休上班 (make-up workday)',
        });
        continue;
      }
      if (!name || name.length > 20) {
        problems.push({
          row: row.row,
          reason: zh ? '请填写节日名称（20 字以内）' : 'give the holiday name (20 characters at most)',
        });
        continue;
      }
      lastName = name;
      for (const date of dates) days.push({ date, kind, name });
    }
    if (!columns) {
      throw new AppError('HOLIDAY_IMPORT_INVALID', {
        reason: zh
          ? '没有找到表头：需要“日期”“类型”“名称”三列'
          : 'no header row found: the file needs the columns 日期 (date), 类型 (type) and 名称 (name)',
      });
    }
  } finally {
    await deps.files.remove(upload.file.key);
  }
  const seen = new Map<string, number>();
  for (const d of days) {
    if (!d.date.startsWith(`${year}-`)) {
      problems.push({ row: 0, reason: zh ? `${d.date} 不在 ${year} 年内` : `${d.date} is not in ${year}` });
    }
    seen.set(d.date, (seen.get(d.date) ?? 0) + 1);
  }
  for (const [date, n] of seen) {
    if (n > 1) problems.push({ row: 0, reason: zh ? `${date} 重复出现` : `${date} is listed twice` });
  }
  if (problems.length === 0 && days.length === 0) {
    problems.push({ row: 0, reason: zh ? '文件中没有日期' : 'the file lists no days' });
  }
  if (problems.length > 0) {
    const describe = (p: { row: number; reason: string }) =>
      p.row > 0 ? (zh ? `第 ${p.row} 行：${p.reason}` : `row ${p.row}: ${p.reason}`) : p.reason;
    throw new AppError(
      'HOLIDAY_IMPORT_INVALID',
      {
        reason:
          problems
            .slice(0, 3)
            .map(describe)
            .join(zh ? '；' : '; ') +
          (problems.length > 3 ? (zh ? ` 等 ${problems.length} 处` : ` and ${problems.length - 3} more`) : ''),
      },
      { rows: problems },
    );
  }
  await saveYear(deps, ctx, year, days, 'import', upload.fileName ? `导入文件：${upload.fileName}` : null);
  await onHolidayScheduleChanged(deps, year, request.log);
  return getHolidayYear(deps, year);
}

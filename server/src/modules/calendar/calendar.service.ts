// Business calendars (工作日历): who sees and changes them, their own days, the year view and the
// deadline arithmetic as a service. The arithmetic itself is calendar.engine.ts.
//
// Scope: a group-wide calendar (no company) is seen by everyone who may read calendars and changed
// only by all-data administrators, like the dictionaries; a company's calendar is seen by whoever
// works somewhere in that company (its subtree, an office or a project under it) and changed only by
// someone whose scope covers the whole company. Anything else is 404.
import { and, asc, count, eq, gte, inArray, isNull, like, lte, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { Actor, AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import { type DataScope, requireGroupScope, scopeCoversPath, scopeRows } from '../../platform/scope.js';
import { findOrgInScope } from '../org/org.repository.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { BusinessCalendar, CalendarRangeError, type ClockMode } from './calendar.engine.js';
import { type HolidaySource, holidaySource } from './calendar.holidays.js';
import type { CalendarDto } from './calendar.schema.js';
import { businessCalendar, calendarDay, holidayDay, holidayYear, type Shift } from './calendar.table.js';
import { isoWithOffset, resolveWall } from './calendar.zone.js';

export type CalendarRow = typeof businessCalendar.$inferSelect;

const company = alias(organization, 'calendar_company');

// ── scope ──────────────────────────────────────────────────────────────────

/** Every prefix of a path: /g/c/o/ → /g/, /g/c/, /g/c/o/. */
function ancestors(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

/** Calendars the caller may see: group-wide ones, and those of a company the caller works in. */
export function calendarVisible(scope: DataScope): SQL | undefined {
  if (scope.all) return undefined;
  const within = new Set<string>();
  for (const p of [...scope.orgPaths, ...scope.projectOrgPaths]) for (const a of ancestors(p)) within.add(a);
  const conditions: SQL[] = [isNull(businessCalendar.companyId)];
  for (const p of scope.orgPaths) conditions.push(like(businessCalendar.orgPath, `${escapeLike(p)}%`));
  if (within.size > 0) conditions.push(inArray(businessCalendar.orgPath, [...within]));
  return or(...conditions);
}

export function canManageCalendar(scope: DataScope, row: Pick<CalendarRow, 'companyId' | 'orgPath'>): boolean {
  if (row.companyId === null) return scope.all;
  return scopeCoversPath(scope, row.orgPath);
}

function requireManage(ctx: AuthedContext, row: CalendarRow): void {
  if (row.companyId === null) requireGroupScope(ctx.actor.scope);
  else if (!canManageCalendar(ctx.actor.scope, row)) throw new AppError('CALENDAR_COMPANY_SCOPE');
}

async function visibleCalendar(db: DbOrTx, scope: DataScope, id: string): Promise<CalendarRow> {
  const [row] = await db
    .select()
    .from(businessCalendar)
    .where(and(eq(businessCalendar.id, id), calendarVisible(scope)))
    .limit(1);
  if (!row) throw new AppError('CALENDAR_NOT_FOUND');
  return row;
}

// ── presenting ─────────────────────────────────────────────────────────────

function minutesPerDay(shifts: Shift[]): number {
  return shifts.reduce((n, s) => {
    const [sh, sm] = s.start.split(':').map(Number);
    const [eh, em] = s.end.split(':').map(Number);
    return n + ((eh ?? 0) * 60 + (em ?? 0) - ((sh ?? 0) * 60 + (sm ?? 0)));
  }, 0);
}

async function present(db: DbOrTx, actor: Actor, rows: CalendarRow[]): Promise<CalendarDto[]> {
  if (rows.length === 0) return [];
  const scope = actor.scope;
  const manager = actor.permissions.has('calendar.manage');
  const ids = rows.map((r) => r.id);
  const companyIds = [...new Set(rows.map((r) => r.companyId).filter((c): c is string => c !== null))];
  const [companies, dayCounts, projects] = await Promise.all([
    companyIds.length
      ? db
          .select({ id: organization.id, name: organization.name })
          .from(organization)
          .where(inArray(organization.id, companyIds))
      : Promise.resolve([]),
    db
      .select({ id: calendarDay.calendarId, n: count() })
      .from(calendarDay)
      .where(inArray(calendarDay.calendarId, ids))
      .groupBy(calendarDay.calendarId),
    db
      .select({ id: project.id, code: project.code, name: project.name, calendarId: project.calendarId })
      .from(project)
      .where(and(inArray(project.calendarId, ids), scopeRows(scope, { path: project.orgPath, projectId: project.id })))
      .orderBy(asc(project.code)),
  ]);
  const companyName = new Map(companies.map((c) => [c.id, c.name]));
  const days = new Map(dayCounts.map((d) => [d.id, d.n]));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    companyId: r.companyId,
    companyName: r.companyId ? (companyName.get(r.companyId) ?? null) : null,
    timeZone: r.timeZone,
    workWeek: [...r.workWeek].sort((a, b) => a - b),
    shifts: r.shifts,
    statutory: r.statutory,
    isDefault: r.isDefault,
    active: r.active,
    minutesPerDay: minutesPerDay(r.shifts),
    ownDayCount: days.get(r.id) ?? 0,
    projects: projects.filter((p) => p.calendarId === r.id).map(({ id, code, name }) => ({ id, code, name })),
    canManage: manager && canManageCalendar(scope, r),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

async function presentOne(db: DbOrTx, actor: Actor, row: CalendarRow): Promise<CalendarDto> {
  const [dto] = await present(db, actor, [row]);
  if (!dto) throw new Error('present calendar returned nothing');
  return dto;
}

// ── reading ────────────────────────────────────────────────────────────────

export async function listCalendars(deps: Deps, ctx: AuthedContext): Promise<CalendarDto[]> {
  const rows = await deps.db
    .select({ calendar: businessCalendar })
    .from(businessCalendar)
    .leftJoin(company, eq(company.id, businessCalendar.companyId))
    .where(calendarVisible(ctx.actor.scope))
    // Group-wide first, then by company; the default first within each.
    .orderBy(
      sql`${businessCalendar.companyId} is not null`,
      asc(company.code),
      sql`${businessCalendar.isDefault} desc`,
      asc(businessCalendar.code),
    );
  return present(
    deps.db,
    ctx.actor,
    rows.map((r) => r.calendar),
  );
}

export async function getCalendar(deps: Deps, ctx: AuthedContext, id: string): Promise<CalendarDto> {
  return presentOne(deps.db, ctx.actor, await visibleCalendar(deps.db, ctx.actor.scope, id));
}

// ── writing ────────────────────────────────────────────────────────────────

interface CalendarFields {
  code: string;
  name: string;
  timeZone: string;
  workWeek: number[];
  shifts: Shift[];
  statutory: boolean;
}

async function codeTaken(db: DbOrTx, code: string, exceptId?: string): Promise<boolean> {
  const rows = await db
    .select({ id: businessCalendar.id })
    .from(businessCalendar)
    .where(eq(businessCalendar.code, code));
  return rows.some((r) => r.id !== exceptId);
}

const normalise = (input: CalendarFields) => ({
  code: input.code,
  name: input.name,
  timeZone: input.timeZone,
  workWeek: [...input.workWeek].sort((a, b) => a - b),
  shifts: input.shifts.map((s) => ({ start: s.start, end: s.end })),
  statutory: input.statutory,
});

export async function createCalendar(
  deps: Deps,
  ctx: AuthedContext,
  input: CalendarFields & { companyId: string | null },
): Promise<CalendarDto> {
  const scope = ctx.actor.scope;
  let owner: { companyId: string | null; orgPath: string } = { companyId: null, orgPath: '/' };
  if (input.companyId === null) {
    requireGroupScope(scope);
  } else {
    const org = await findOrgInScope(deps.db, scope, input.companyId);
    if (org?.kind !== 'company') throw new AppError('ORG_NOT_FOUND');
    if (!scopeCoversPath(scope, org.path)) throw new AppError('CALENDAR_COMPANY_SCOPE');
    owner = { companyId: org.id, orgPath: org.path };
  }
  if (await codeTaken(deps.db, input.code)) throw new AppError('CODE_TAKEN', { code: input.code });
  const row = await write(deps, ctx, async (tx, audit) => {
    const [created] = await tx
      .insert(businessCalendar)
      .values({ ...normalise(input), ...owner })
      .returning();
    if (!created) throw new Error('insert calendar returned nothing');
    audit.record({
      action: 'calendar.create',
      entityType: 'business_calendar',
      entityId: created.id,
      orgPath: created.orgPath,
      summary: `新建工作日历「${created.name}」`,
      after: created,
    });
    return created;
  });
  return presentOne(deps.db, ctx.actor, row);
}

export async function updateCalendar(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: CalendarFields & { active: boolean },
): Promise<CalendarDto> {
  const scope = ctx.actor.scope;
  const before = await visibleCalendar(deps.db, scope, id);
  requireManage(ctx, before);
  if (await codeTaken(deps.db, input.code, id)) throw new AppError('CODE_TAKEN', { code: input.code });
  if (!input.active && before.active) {
    if (before.isDefault) throw new AppError('CALENDAR_DEFAULT_INACTIVE');
    const [users] = await deps.db.select({ n: count() }).from(project).where(eq(project.calendarId, id));
    if ((users?.n ?? 0) > 0) throw new AppError('CALENDAR_IN_USE', { count: users?.n ?? 0 });
  }
  const row = await write(deps, ctx, async (tx, audit) => {
    const [updated] = await tx
      .update(businessCalendar)
      .set({ ...normalise(input), active: input.active, updatedAt: deps.clock() })
      .where(eq(businessCalendar.id, id))
      .returning();
    if (!updated) throw new AppError('CALENDAR_NOT_FOUND');
    audit.record({
      action: 'calendar.update',
      entityType: 'business_calendar',
      entityId: id,
      orgPath: updated.orgPath,
      summary: `修改工作日历「${updated.name}」`,
      before,
      after: updated,
    });
    return updated;
  });
  return presentOne(deps.db, ctx.actor, row);
}

/** Makes the calendar its company's default (or the group default, for a group-wide one). */
export async function setDefaultCalendar(deps: Deps, ctx: AuthedContext, id: string): Promise<CalendarDto> {
  const scope = ctx.actor.scope;
  const target = await visibleCalendar(deps.db, scope, id);
  requireManage(ctx, target);
  if (!target.active) throw new AppError('CALENDAR_INACTIVE', { name: target.name });
  const row = await write(deps, ctx, async (tx, audit) => {
    const sameOwner =
      target.companyId === null ? isNull(businessCalendar.companyId) : eq(businessCalendar.companyId, target.companyId);
    // The old default first: one default per company is a unique index.
    const previous = await tx
      .update(businessCalendar)
      .set({ isDefault: false, updatedAt: deps.clock() })
      .where(and(sameOwner, eq(businessCalendar.isDefault, true), sql`${businessCalendar.id} <> ${id}`))
      .returning({ id: businessCalendar.id, name: businessCalendar.name });
    const [updated] = await tx
      .update(businessCalendar)
      .set({ isDefault: true, updatedAt: deps.clock() })
      .where(eq(businessCalendar.id, id))
      .returning();
    if (!updated) throw new AppError('CALENDAR_NOT_FOUND');
    audit.record({
      action: 'calendar.set_default',
      entityType: 'business_calendar',
      entityId: id,
      orgPath: updated.orgPath,
      summary: `设为默认工作日历「${updated.name}」`,
      before: { defaults: previous },
      after: { default: { id, name: updated.name } },
    });
    return updated;
  });
  return presentOne(deps.db, ctx.actor, row);
}

/**
 * The projects (within the caller's scope) that name this calendar: those listed now do, those
 * that did and are not listed go back to their company's default. A company's calendar serves
 * only that company's projects.
 */
export async function setCalendarProjects(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  projectIds: string[],
): Promise<CalendarDto> {
  const scope = ctx.actor.scope;
  const target = await visibleCalendar(deps.db, scope, id);
  const wanted = [...new Set(projectIds)];
  if (wanted.length > 0 && !target.active) throw new AppError('CALENDAR_INACTIVE', { name: target.name });
  const inScope = scopeRows(scope, { path: project.orgPath, projectId: project.id });
  const found = wanted.length
    ? await deps.db
        .select({ id: project.id, name: project.name, companyId: project.companyId, calendarId: project.calendarId })
        .from(project)
        .where(and(inArray(project.id, wanted), inScope))
    : [];
  if (found.length !== wanted.length) throw new AppError('PROJECT_NOT_FOUND');
  const foreign = found.find((p) => target.companyId !== null && p.companyId !== target.companyId);
  if (foreign) throw new AppError('CALENDAR_PROJECT_COMPANY', { name: foreign.name });
  const current = await deps.db
    .select({ id: project.id, name: project.name })
    .from(project)
    .where(and(eq(project.calendarId, id), inScope));
  const added = found.filter((p) => p.calendarId !== id);
  const removed = current.filter((p) => !wanted.includes(p.id));
  if (added.length > 0 || removed.length > 0) {
    await write(deps, ctx, async (tx, audit) => {
      if (added.length) {
        await tx
          .update(project)
          .set({ calendarId: id, updatedAt: deps.clock() })
          .where(
            inArray(
              project.id,
              added.map((p) => p.id),
            ),
          );
      }
      if (removed.length) {
        await tx
          .update(project)
          .set({ calendarId: null, updatedAt: deps.clock() })
          .where(
            inArray(
              project.id,
              removed.map((p) => p.id),
            ),
          );
      }
      audit.record({
        action: 'calendar.set_projects',
        entityType: 'business_calendar',
        entityId: id,
        orgPath: target.orgPath,
        summary: `工作日历「${target.name}」适用项目：新增 ${added.length} 个，移出 ${removed.length} 个`,
        before: { projects: current.map((p) => p.name) },
        after: { added: added.map((p) => p.name), removed: removed.map((p) => p.name) },
      });
    });
  }
  return presentOne(deps.db, ctx.actor, target);
}

// ── own days ───────────────────────────────────────────────────────────────

export async function listOwnDays(deps: Deps, ctx: AuthedContext, id: string, year?: number) {
  const cal = await visibleCalendar(deps.db, ctx.actor.scope, id);
  const conditions: (SQL | undefined)[] = [eq(calendarDay.calendarId, cal.id)];
  if (year !== undefined) {
    conditions.push(gte(calendarDay.date, `${year}-01-01`), lte(calendarDay.date, `${year}-12-31`));
  }
  const rows = await deps.db
    .select()
    .from(calendarDay)
    .where(and(...conditions))
    .orderBy(asc(calendarDay.date));
  return rows.map((r) => ({ date: r.date, kind: r.kind, note: r.note }));
}

/** Adds the own day of a date, or changes the one there. */
export async function putOwnDay(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  date: string,
  input: { kind: 'off' | 'work'; note?: string | null },
) {
  const cal = await visibleCalendar(deps.db, ctx.actor.scope, id);
  requireManage(ctx, cal);
  const [before] = await deps.db
    .select()
    .from(calendarDay)
    .where(and(eq(calendarDay.calendarId, id), eq(calendarDay.date, date)));
  return write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(calendarDay)
      .values({ calendarId: id, date, kind: input.kind, note: input.note || null })
      .onConflictDoUpdate({
        target: [calendarDay.calendarId, calendarDay.date],
        set: { kind: input.kind, note: input.note || null },
      })
      .returning();
    if (!row) throw new Error('upsert calendar day returned nothing');
    const label = row.kind === 'off' ? '休息' : '上班';
    audit.record({
      action: before ? 'calendar.day_update' : 'calendar.day_create',
      entityType: 'business_calendar',
      entityId: id,
      orgPath: cal.orgPath,
      summary: `工作日历「${cal.name}」${date} 设为${label}${row.note ? `（${row.note}）` : ''}`,
      before: before ?? undefined,
      after: row,
    });
    return { date: row.date, kind: row.kind, note: row.note };
  });
}

export async function deleteOwnDay(deps: Deps, ctx: AuthedContext, id: string, date: string): Promise<void> {
  const cal = await visibleCalendar(deps.db, ctx.actor.scope, id);
  requireManage(ctx, cal);
  const [before] = await deps.db
    .select()
    .from(calendarDay)
    .where(and(eq(calendarDay.calendarId, id), eq(calendarDay.date, date)));
  if (!before) throw new AppError('CALENDAR_DAY_NOT_FOUND', { date });
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(calendarDay).where(eq(calendarDay.id, before.id));
    audit.record({
      action: 'calendar.day_delete',
      entityType: 'business_calendar',
      entityId: id,
      orgPath: cal.orgPath,
      summary: `工作日历「${cal.name}」取消 ${date} 的自定义日期`,
      before,
    });
  });
}

// ── the engine, for this module and for the service desk ───────────────────

/** The official schedule as the database knows it: bundled years plus the published ones. */
export async function loadHolidaySource(db: DbOrTx): Promise<HolidaySource> {
  const [years, days] = await Promise.all([
    db.select({ year: holidayYear.year }).from(holidayYear),
    db.select({ date: holidayDay.date, kind: holidayDay.kind, name: holidayDay.name }).from(holidayDay),
  ]);
  return holidaySource({ years: years.map((y) => y.year), days });
}

/** The arithmetic of one calendar with its own days and the current official schedule. */
export async function calendarEngine(
  db: DbOrTx,
  row: CalendarRow,
  holidays?: HolidaySource,
): Promise<BusinessCalendar> {
  const [own, source] = await Promise.all([
    db
      .select({ date: calendarDay.date, kind: calendarDay.kind, note: calendarDay.note })
      .from(calendarDay)
      .where(eq(calendarDay.calendarId, row.id)),
    holidays ? Promise.resolve(holidays) : loadHolidaySource(db),
  ]);
  return new BusinessCalendar(
    { timeZone: row.timeZone, workWeek: row.workWeek, shifts: row.shifts, statutory: row.statutory },
    own,
    source,
  );
}

/**
 * The calendar a project's time limits run on: the one it names (if still active), else its
 * company's default, else the group default. Null only on an installation without any calendar.
 */
export async function calendarForProject(db: DbOrTx, projectId: string): Promise<CalendarRow | null> {
  const [p] = await db
    .select({ calendarId: project.calendarId, companyId: project.companyId })
    .from(project)
    .where(eq(project.id, projectId));
  if (!p) return null;
  const candidates = await db
    .select()
    .from(businessCalendar)
    .where(
      and(
        eq(businessCalendar.active, true),
        or(
          p.calendarId ? eq(businessCalendar.id, p.calendarId) : sql`false`,
          and(eq(businessCalendar.isDefault, true), eq(businessCalendar.companyId, p.companyId)),
          and(eq(businessCalendar.isDefault, true), isNull(businessCalendar.companyId)),
        ),
      ),
    );
  return (
    candidates.find((c) => c.id === p.calendarId) ??
    candidates.find((c) => c.companyId === p.companyId) ??
    candidates.find((c) => c.companyId === null) ??
    null
  );
}

/** "YYYY-MM-DD HH:MM" in the calendar's zone. */
function localText(timeZone: string, instant: Date): string {
  return isoWithOffset(timeZone, instant.getTime()).slice(0, 16).replace('T', ' ');
}

/** A start without an offset is local time in the calendar's zone. */
function parseStart(timeZone: string, start: string): Date {
  if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(start)) return new Date(start);
  return new Date(resolveWall(timeZone, Date.parse(`${start}Z`)).instant);
}

export async function computeDeadline(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: { start: string; minutes: number; mode: ClockMode },
) {
  const cal = await visibleCalendar(deps.db, ctx.actor.scope, id);
  const engine = await calendarEngine(deps.db, cal);
  const start = parseStart(cal.timeZone, input.start);
  try {
    const result = engine.addBusinessMinutes(start, input.minutes, input.mode);
    return {
      start: start.toISOString(),
      deadline: result.deadline.toISOString(),
      provisional: result.provisional,
      mode: input.mode,
      timeZone: cal.timeZone,
      localStart: localText(cal.timeZone, start),
      localDeadline: localText(cal.timeZone, result.deadline),
    };
  } catch (error) {
    if (error instanceof CalendarRangeError) throw new AppError('CALENDAR_RANGE');
    throw error;
  }
}

export async function calendarYear(deps: Deps, ctx: AuthedContext, id: string, year: number) {
  const cal = await visibleCalendar(deps.db, ctx.actor.scope, id);
  const holidays = await loadHolidaySource(deps.db);
  const engine = await calendarEngine(deps.db, cal, holidays);
  const days = engine.year(year).map((d) => ({
    date: d.date,
    kind: d.kind,
    working: d.working,
    name: d.name,
    nameEn: d.nameEn,
    note: d.note,
  }));
  return {
    calendarId: cal.id,
    year,
    schedule: holidays.source(year),
    statutory: cal.statutory,
    workingDays: days.filter((d) => d.working).length,
    days,
  };
}

import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeHolidayScheduleChanged } from '../src/modules/calendar/calendar.events.js';
import { calendarForProject } from '../src/modules/calendar/calendar.service.js';
import { calendarDay } from '../src/modules/calendar/calendar.table.js';
import { isoWithOffset } from '../src/modules/calendar/calendar.zone.js';
import { engineForTicket } from '../src/modules/ticket/ticket.sla.js';
import { Factory, type OrgNode, unique } from './factories.js';
import { createTestApp, json, type TestApp } from './harness.js';

interface Calendar {
  id: string;
  code: string;
  name: string;
  companyId: string | null;
  companyName: string | null;
  timeZone: string;
  workWeek: number[];
  shifts: { start: string; end: string }[];
  statutory: boolean;
  isDefault: boolean;
  active: boolean;
  minutesPerDay: number;
  ownDayCount: number;
  projects: { id: string; code: string; name: string }[];
  canManage: boolean;
}

let t: TestApp;
let admin: Factory;
let cookies: Record<'admin' | 'kefu' | 'hz' | 'supervisor' | 'handler', string>;
let calendars: Record<string, Calendar>;
let orgs: { sh: OrgNode; hz: OrgNode; shOffice: OrgNode };

beforeAll(async () => {
  t = await createTestApp();
  admin = await Factory.asAdmin(t);
  cookies = {
    admin: await t.login('admin'),
    kefu: await t.login('kefu'),
    hz: await t.login('hz_admin'),
    supervisor: await t.login('supervisor'),
    handler: await t.login('handler'),
  };
  const list = json<Calendar[]>(await t.inject({ method: 'GET', url: '/api/calendars', cookie: cookies.admin }));
  calendars = Object.fromEntries(list.map((c) => [c.code, c]));
  orgs = { sh: await admin.orgByCode('SH'), hz: await admin.orgByCode('HZ'), shOffice: await admin.orgByCode('SH-PD') };
});

afterAll(async () => {
  await t?.close();
});

const get = (url: string, cookie = cookies.admin) => t.inject({ method: 'GET', url, cookie });
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, cookie = cookies.admin) =>
  t.inject({ method, url, cookie, ...(payload ? { payload } : {}) });
const cal = (code: string): Calendar => {
  const found = calendars[code];
  if (!found) throw new Error(`no calendar ${code}`);
  return found;
};
function expectProblem(response: LightMyRequestResponse, status: number, code: string) {
  expect({ status: response.statusCode, code: json(response).code }, response.body).toEqual({ status, code });
}
function fieldsOf(response: LightMyRequestResponse): string[] {
  return (json<{ errors?: { field: string }[] }>(response).errors ?? []).map((e) => e.field);
}

const hangzhouBody = () => ({
  code: unique('HZ-CAL'),
  name: '杭州公司客服日历',
  companyId: orgs.hz.id,
  timeZone: 'Asia/Shanghai',
  workWeek: [1, 2, 3, 4, 5],
  shifts: [
    { start: '08:30', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
  statutory: true,
});

describe('seeded calendars', () => {
  it('has the group default 标准工作日历, the 24-hour duty calendar, the Shanghai default and 邻里花园', () => {
    expect(cal('STANDARD')).toMatchObject({
      name: '标准工作日历',
      companyId: null,
      isDefault: true,
      workWeek: [1, 2, 3, 4, 5],
      shifts: [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '18:00' },
      ],
      statutory: true,
      timeZone: 'Asia/Shanghai',
      minutesPerDay: 450,
    });
    expect(cal('DUTY-24H')).toMatchObject({
      name: '24小时值班',
      workWeek: [1, 2, 3, 4, 5, 6, 7],
      shifts: [{ start: '00:00', end: '24:00' }],
      statutory: false,
      minutesPerDay: 1440,
    });
    expect(cal('SH-KF')).toMatchObject({
      name: '上海公司客服日历',
      companyName: '邻里物业上海公司',
      isDefault: true,
      workWeek: [1, 2, 3, 4, 5, 6],
      minutesPerDay: 480,
    });
    expect(cal('SH-LLHY-KF')).toMatchObject({ ownDayCount: 1, projects: [{ code: 'SH-LLHY', name: '邻里花园' }] });
    expect(Object.values(calendars).every((c) => c.canManage)).toBe(true);
  });

  it('resolves a project calendar: its own, else the company default, else the group default', async () => {
    const projects = await admin.projects();
    const byCode = (code: string) => projects.find((p) => p.code === code)?.id as string;
    expect((await calendarForProject(t.deps.db, byCode('SH-LLHY')))?.code).toBe('SH-LLHY-KF');
    expect((await calendarForProject(t.deps.db, byCode('SH-BJYH')))?.code).toBe('SH-KF');
    expect((await calendarForProject(t.deps.db, byCode('HZ-XXYL')))?.code).toBe('STANDARD');
  });
});

describe('who sees and changes which calendar', () => {
  it('shows a Shanghai agent the group calendars and Shanghai’s, read-only', async () => {
    const list = json<Calendar[]>(await get('/api/calendars', cookies.kefu));
    expect(list.map((c) => c.code).sort()).toEqual(['DUTY-24H', 'SH-KF', 'SH-LLHY-KF', 'STANDARD']);
    expect(list.every((c) => !c.canManage)).toBe(true);
    // The supervisor of one office sees the company's calendars too.
    const supervisor = json<Calendar[]>(await get('/api/calendars', cookies.supervisor));
    expect(supervisor.map((c) => c.code)).toContain('SH-KF');
  });

  it('hides Shanghai’s calendars from the Hangzhou administrator (404 everywhere)', async () => {
    const list = json<Calendar[]>(await get('/api/calendars', cookies.hz));
    expect(list.map((c) => c.code).sort()).toEqual(['DUTY-24H', 'STANDARD']);
    expect(list.every((c) => !c.canManage)).toBe(true);
    const sh = cal('SH-KF');
    const base = `/api/calendars/${sh.id}`;
    expectProblem(await get(base, cookies.hz), 404, 'CALENDAR_NOT_FOUND');
    expectProblem(await get(`${base}/year/2026`, cookies.hz), 404, 'CALENDAR_NOT_FOUND');
    expectProblem(await get(`${base}/days`, cookies.hz), 404, 'CALENDAR_NOT_FOUND');
    expectProblem(
      await send('POST', `${base}/deadline`, { start: '2026-11-24T09:00:00+08:00', minutes: 60 }, cookies.hz),
      404,
      'CALENDAR_NOT_FOUND',
    );
    expectProblem(
      await send('PUT', base, { ...hangzhouBody(), companyId: undefined, code: sh.code }, cookies.hz),
      404,
      'CALENDAR_NOT_FOUND',
    );
    expectProblem(await send('POST', `${base}/default`, undefined, cookies.hz), 404, 'CALENDAR_NOT_FOUND');
    expectProblem(await send('PUT', `${base}/days/2026-12-01`, { kind: 'off' }, cookies.hz), 404, 'CALENDAR_NOT_FOUND');
    expectProblem(await send('DELETE', `${base}/days/2026-12-01`, undefined, cookies.hz), 404, 'CALENDAR_NOT_FOUND');
    expectProblem(await send('PUT', `${base}/projects`, { projectIds: [] }, cookies.hz), 404, 'CALENDAR_NOT_FOUND');
    // Creating one for the Shanghai company: the company does not exist for them either.
    expectProblem(
      await send('POST', '/api/calendars', { ...hangzhouBody(), companyId: orgs.sh.id }, cookies.hz),
      404,
      'ORG_NOT_FOUND',
    );
  });

  it('lets only all-data administrators change group-wide calendars', async () => {
    const standard = cal('STANDARD');
    const { companyId: _, ...body } = { ...hangzhouBody(), code: standard.code, name: standard.name };
    expectProblem(await send('PUT', `/api/calendars/${standard.id}`, body, cookies.hz), 403, 'GROUP_SETTING');
    expectProblem(
      await send('POST', '/api/calendars', { ...hangzhouBody(), companyId: null }, cookies.hz),
      403,
      'GROUP_SETTING',
    );
    expectProblem(
      await send('PUT', `/api/calendars/${standard.id}/days/2026-12-01`, { kind: 'off' }, cookies.hz),
      403,
      'GROUP_SETTING',
    );
    // Reading and computing on them is open to every reader.
    const due = await send(
      'POST',
      `/api/calendars/${standard.id}/deadline`,
      { start: '2026-11-24T09:00:00+08:00', minutes: 60 },
      cookies.hz,
    );
    expect(due.statusCode).toBe(200);
  });

  it('refuses a company calendar to a manager whose scope is one office of the company', async () => {
    const role = await admin.createRole({ permissions: ['calendar.read', 'calendar.manage'] });
    const { cookie } = await admin.activeUser({
      orgId: orgs.shOffice.id,
      assignments: [{ roleId: role.id, scopeKind: 'org', scopeOrgId: orgs.shOffice.id }],
    });
    const sh = cal('SH-KF');
    expect((await get(`/api/calendars/${sh.id}`, cookie)).statusCode).toBe(200);
    expectProblem(
      await send('PUT', `/api/calendars/${sh.id}/days/2026-12-01`, { kind: 'off' }, cookie),
      403,
      'CALENDAR_COMPANY_SCOPE',
    );
    // Nor may they create one for the company, which lies outside their scope.
    expectProblem(
      await send('POST', '/api/calendars', { ...hangzhouBody(), companyId: orgs.sh.id }, cookie),
      404,
      'ORG_NOT_FOUND',
    );
  });

  it('answers 403 to roles without the permission', async () => {
    expectProblem(await get('/api/calendars', cookies.handler), 403, 'FORBIDDEN');
    expectProblem(await get('/api/holiday-years', cookies.handler), 403, 'FORBIDDEN');
    expectProblem(
      await send(
        'POST',
        `/api/calendars/${cal('STANDARD').id}/deadline`,
        { start: '2026-11-24T09:00:00Z', minutes: 1 },
        cookies.handler,
      ),
      403,
      'FORBIDDEN',
    );
    expectProblem(await send('POST', '/api/calendars', hangzhouBody(), cookies.kefu), 403, 'FORBIDDEN');
    expectProblem(
      await send('PUT', `/api/calendars/${cal('SH-KF').id}/days/2026-12-01`, { kind: 'off' }, cookies.supervisor),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await send(
        'PUT',
        '/api/holiday-years/2027',
        { days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] },
        cookies.kefu,
      ),
      403,
      'FORBIDDEN',
    );
  });
});

describe('creating and changing calendars', () => {
  let hangzhou: Calendar;

  it('creates a Hangzhou calendar as the Hangzhou administrator', async () => {
    const response = await send('POST', '/api/calendars', { ...hangzhouBody(), workWeek: [5, 1, 2, 3, 4] }, cookies.hz);
    expect(response.statusCode, response.body).toBe(200);
    hangzhou = json<Calendar>(response);
    expect(hangzhou).toMatchObject({
      companyName: '邻里物业杭州公司',
      isDefault: false,
      active: true,
      workWeek: [1, 2, 3, 4, 5],
      minutesPerDay: 450,
      canManage: true,
    });
    // The Shanghai agent does not see it.
    expect((await get(`/api/calendars/${hangzhou.id}`, cookies.kefu)).statusCode).toBe(404);
    const audit = json<{ data: { action: string }[] }>(await get(`/api/audit?entityId=${hangzhou.id}`));
    expect(audit.data.map((e) => e.action)).toContain('calendar.create');
  });

  it('refuses bad shifts, an empty working week and an unknown time zone', async () => {
    const cases: [object, string][] = [
      [
        {
          shifts: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '18:00' },
          ],
        },
        'shifts.1.start',
      ],
      [
        {
          shifts: [
            { start: '13:30', end: '18:00' },
            { start: '09:00', end: '12:00' },
          ],
        },
        'shifts.1.start',
      ],
      [{ shifts: [{ start: '12:00', end: '09:00' }] }, 'shifts.0.end'],
      [{ shifts: [{ start: '9:00', end: '12:00' }] }, 'shifts.0.start'],
      [{ shifts: [{ start: '09:00', end: '24:30' }] }, 'shifts.0.end'],
      [{ shifts: [{ start: '24:00', end: '24:00' }] }, 'shifts.0.end'],
      [{ shifts: [] }, 'shifts'],
      [{ workWeek: [] }, 'workWeek'],
      [{ workWeek: [1, 1, 2] }, 'workWeek'],
      [{ workWeek: [0, 1] }, 'workWeek.0'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ code: '工作日历' }, 'code'],
    ];
    for (const [change, field] of cases) {
      const response = await send('POST', '/api/calendars', { ...hangzhouBody(), ...change }, cookies.hz);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(response), JSON.stringify(change)).toContain(field);
    }
    const overlap = await t.inject({
      method: 'POST',
      url: '/api/calendars',
      cookie: cookies.hz,
      payload: {
        ...hangzhouBody(),
        shifts: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '18:00' },
        ],
      },
    });
    expect(JSON.stringify(json(overlap))).toContain('班次须按时间先后排列且不能重叠');
    expectProblem(
      await send('POST', '/api/calendars', { ...hangzhouBody(), code: 'STANDARD' }, cookies.hz),
      409,
      'CODE_TAKEN',
    );
  });

  it('updates shifts, and refuses to deactivate a default or a calendar projects use', async () => {
    const { companyId: _, ...body } = hangzhouBody();
    const updated = await send(
      'PUT',
      `/api/calendars/${hangzhou.id}`,
      {
        ...body,
        code: hangzhou.code,
        shifts: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      },
      cookies.hz,
    );
    expect(updated.statusCode, updated.body).toBe(200);
    expect(json<Calendar>(updated).minutesPerDay).toBe(480);

    const sh = cal('SH-KF');
    const shBody = {
      code: sh.code,
      name: sh.name,
      timeZone: sh.timeZone,
      workWeek: sh.workWeek,
      shifts: sh.shifts,
      statutory: sh.statutory,
    };
    expectProblem(
      await send('PUT', `/api/calendars/${sh.id}`, { ...shBody, active: false }),
      409,
      'CALENDAR_DEFAULT_INACTIVE',
    );
    const garden = cal('SH-LLHY-KF');
    expectProblem(
      await send('PUT', `/api/calendars/${garden.id}`, {
        ...shBody,
        code: garden.code,
        name: garden.name,
        active: false,
      }),
      409,
      'CALENDAR_IN_USE',
    );
  });

  it('makes the Hangzhou calendar the company default, which Hangzhou projects then use', async () => {
    const xxyl = await admin.projectByCode('HZ-XXYL');
    const response = await send('POST', `/api/calendars/${hangzhou.id}/default`, undefined, cookies.hz);
    expect(response.statusCode, response.body).toBe(200);
    expect(json<Calendar>(response).isDefault).toBe(true);
    expect((await calendarForProject(t.deps.db, xxyl.id))?.id).toBe(hangzhou.id);
    // A second Hangzhou calendar taking over leaves exactly one default.
    const other = json<Calendar>(await send('POST', '/api/calendars', hangzhouBody(), cookies.hz));
    await send('POST', `/api/calendars/${other.id}/default`, undefined, cookies.hz);
    const list = json<Calendar[]>(await get('/api/calendars', cookies.hz));
    expect(list.filter((c) => c.companyId === orgs.hz.id && c.isDefault).map((c) => c.id)).toEqual([other.id]);
    await send('POST', `/api/calendars/${hangzhou.id}/default`, undefined, cookies.hz);
  });

  it('gives projects a calendar, only within the company and the caller’s scope', async () => {
    const xxyl = await admin.projectByCode('HZ-XXYL');
    const llhy = await admin.projectByCode('SH-LLHY');
    const garden = cal('SH-LLHY-KF');
    const assigned = await send(
      'PUT',
      `/api/calendars/${cal('DUTY-24H').id}/projects`,
      { projectIds: [xxyl.id] },
      cookies.hz,
    );
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(json<Calendar>(assigned).projects.map((p) => p.code)).toEqual(['HZ-XXYL']);
    expect((await calendarForProject(t.deps.db, xxyl.id))?.code).toBe('DUTY-24H');
    // A Shanghai project is not theirs to give.
    expectProblem(
      await send('PUT', `/api/calendars/${cal('DUTY-24H').id}/projects`, { projectIds: [llhy.id] }, cookies.hz),
      404,
      'PROJECT_NOT_FOUND',
    );
    // A company calendar serves only its own company's projects.
    expectProblem(
      await send('PUT', `/api/calendars/${garden.id}/projects`, { projectIds: [llhy.id, xxyl.id] }),
      422,
      'CALENDAR_PROJECT_COMPANY',
    );
    // Taking a project off a calendar sends it back to the company default.
    const cleared = await send('PUT', `/api/calendars/${cal('DUTY-24H').id}/projects`, { projectIds: [] }, cookies.hz);
    expect(json<Calendar>(cleared).projects).toEqual([]);
    expect((await calendarForProject(t.deps.db, xxyl.id))?.id).toBe(hangzhou.id);
  });
});

describe('own days', () => {
  it('adds, changes, lists by year and removes an own day', async () => {
    const sh = cal('SH-KF');
    const url = `/api/calendars/${sh.id}/days/2026-12-24`;
    const added = await send('PUT', url, { kind: 'off', note: '年终盘点' });
    expect(added.statusCode, added.body).toBe(200);
    expect(json(added)).toEqual({ date: '2026-12-24', kind: 'off', note: '年终盘点' });
    const changed = await send('PUT', url, { kind: 'work', note: null });
    expect(json(changed)).toEqual({ date: '2026-12-24', kind: 'work', note: null });
    await send('PUT', `/api/calendars/${sh.id}/days/2027-01-15`, { kind: 'off' });
    expect(json<{ date: string }[]>(await get(`/api/calendars/${sh.id}/days?year=2026`)).map((d) => d.date)).toEqual([
      '2026-12-24',
    ]);
    expect(json<unknown[]>(await get(`/api/calendars/${sh.id}/days`))).toHaveLength(2);
    const year = json<{ days: { date: string; kind: string }[] }>(await get(`/api/calendars/${sh.id}/year/2026`));
    expect(year.days.find((d) => d.date === '2026-12-24')?.kind).toBe('own_work');
    expect((await send('DELETE', url)).statusCode).toBe(200);
    expectProblem(await send('DELETE', url), 404, 'CALENDAR_DAY_NOT_FOUND');
    expect((await send('DELETE', `/api/calendars/${sh.id}/days/2027-01-15`)).statusCode).toBe(200);
  });

  it('reach the service desk’s deadlines at once, and an uncommitted one never does', async () => {
    const sh = cal('SH-KF');
    const formatInstant = (d: Date) => isoWithOffset('Asia/Shanghai', d.getTime());
    // Thursday 2026-12-24 17:00 Shanghai plus two business hours: Friday morning; with the 25th
    // off, Saturday morning (this calendar works Saturdays).
    const start = new Date('2026-12-24T09:00:00Z');
    const deadline = async (db: Parameters<typeof engineForTicket>[0] = t.deps.db) =>
      formatInstant((await engineForTicket(db, sh.id)).addBusinessMinutes(start, 120).deadline);
    const before = await deadline();
    expect(before.slice(0, 10)).toBe('2026-12-25');
    expect(await engineForTicket(t.deps.db, sh.id)).toBe(await engineForTicket(t.deps.db, sh.id));
    expect((await send('PUT', `/api/calendars/${sh.id}/days/2026-12-25`, { kind: 'off' })).statusCode).toBe(200);
    const after = await deadline();
    expect(after.slice(0, 10)).toBe('2026-12-26');

    // A change inside a transaction is seen by that transaction only, and forgotten with it.
    class RolledBack extends Error {}
    await expect(
      t.deps.db.transaction(async (tx) => {
        await tx.delete(calendarDay).where(eq(calendarDay.calendarId, sh.id));
        expect(await deadline(tx)).toBe(before);
        throw new RolledBack();
      }),
    ).rejects.toThrow(RolledBack);
    expect(await deadline()).toBe(after);
    expect((await send('DELETE', `/api/calendars/${sh.id}/days/2026-12-25`)).statusCode).toBe(200);
    expect(await deadline()).toBe(before);
  });

  it('refuses a date that does not exist and an unknown kind', async () => {
    const sh = cal('SH-KF');
    expectProblem(
      await send('PUT', `/api/calendars/${sh.id}/days/2026-02-30`, { kind: 'off' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await send('PUT', `/api/calendars/${sh.id}/days/2026-12-01`, { kind: 'holiday' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await get(`/api/calendars/${sh.id}/days?year=abc`), 400, 'VALIDATION_FAILED');
  });
});

describe('POST /api/calendars/{calendarId}/deadline', () => {
  const deadline = (code: string, payload: object, cookie = cookies.kefu) =>
    send('POST', `/api/calendars/${cal(code).id}/deadline`, payload, cookie);

  it('crosses the 2026 Spring Festival from the make-up Saturday', async () => {
    const response = await deadline('STANDARD', { start: '2026-02-14T17:00:00+08:00', minutes: 120 });
    expect(response.statusCode, response.body).toBe(200);
    expect(json(response)).toEqual({
      start: '2026-02-14T09:00:00.000Z',
      deadline: '2026-02-24T02:00:00.000Z',
      provisional: false,
      mode: 'business',
      timeZone: 'Asia/Shanghai',
      localStart: '2026-02-14 17:00',
      localDeadline: '2026-02-24 10:00',
    });
    expect(Number.isNaN(Date.parse(json<{ deadline: string }>(response).deadline))).toBe(false);
  });

  it('reads a start without an offset as the calendar’s local time, and accepts Z', async () => {
    const local = json(await deadline('STANDARD', { start: '2026-11-24T12:30', minutes: 60 }));
    expect(local).toMatchObject({ localDeadline: '2026-11-24 14:30', deadline: '2026-11-24T06:30:00.000Z' });
    const utc = json(await deadline('STANDARD', { start: '2026-11-24T04:30:00Z', minutes: 60 }));
    expect(utc).toMatchObject({ localDeadline: '2026-11-24 14:30' });
    const short = json(await deadline('STANDARD', { start: '2026-11-24T12:30+08:00', minutes: 60 }));
    expect(short).toMatchObject({ localDeadline: '2026-11-24 14:30' });
  });

  it('skips 邻里花园’s community day, and counts every minute around the clock or in calendar mode', async () => {
    // Friday 11 December 17:00: 30 minutes left that day, Saturday 12th closed, Monday from 08:30.
    expect(json(await deadline('SH-LLHY-KF', { start: '2026-12-11T17:00:00+08:00', minutes: 60 }))).toMatchObject({
      localDeadline: '2026-12-14 09:00',
    });
    // The company calendar works that Saturday.
    expect(json(await deadline('SH-KF', { start: '2026-12-11T17:00:00+08:00', minutes: 60 }))).toMatchObject({
      localDeadline: '2026-12-12 09:00',
    });
    expect(json(await deadline('DUTY-24H', { start: '2026-02-16T23:30:00+08:00', minutes: 60 }))).toMatchObject({
      localDeadline: '2026-02-17 00:30',
      provisional: false,
    });
    expect(
      json(await deadline('STANDARD', { start: '2026-11-27T20:00:00+08:00', minutes: 240, mode: 'calendar' })),
    ).toMatchObject({ localDeadline: '2026-11-28 00:00', mode: 'calendar' });
  });

  it('refuses bad input', async () => {
    for (const payload of [
      { start: '2026-11-24 09:00', minutes: 60 },
      { start: 'tomorrow', minutes: 60 },
      { start: '2026-02-30T09:00:00+08:00', minutes: 60 },
      { start: '2026-11-24T24:00:00+08:00', minutes: 60 },
      { start: '2026-11-24T09:00:00+08:00', minutes: -1 },
      { start: '2026-11-24T09:00:00+08:00', minutes: 1.5 },
      { start: '2026-11-24T09:00:00+08:00', minutes: '60' },
      { start: '2026-11-24T09:00:00+08:00' },
      { start: '2026-11-24T09:00:00+08:00', minutes: 60, mode: 'fast' },
      { start: '2026-11-24T09:00:00+08:00', minutes: 60, extra: true },
    ]) {
      expectProblem(await deadline('STANDARD', payload), 400, 'VALIDATION_FAILED');
    }
    expectProblem(
      await deadline('STANDARD', { start: '2026-11-24T09:00:00+08:00', minutes: 5_256_000 }),
      422,
      'CALENDAR_RANGE',
    );
    expectProblem(
      await send('POST', '/api/calendars/00000000-0000-4000-8000-000000000000/deadline', {
        start: '2026-11-24T09:00:00Z',
        minutes: 1,
      }),
      404,
      'CALENDAR_NOT_FOUND',
    );
    expectProblem(
      await send('POST', '/api/calendars/nope/deadline', { start: '2026-11-24T09:00:00Z', minutes: 1 }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('the year view', () => {
  it('shows 2026 with holidays, make-up days and their names', async () => {
    const response = await get(`/api/calendars/${cal('STANDARD').id}/year/2026`, cookies.kefu);
    expect(response.statusCode).toBe(200);
    const year = json<{
      schedule: string;
      workingDays: number;
      days: { date: string; kind: string; name: string | null; working: boolean }[];
    }>(response);
    expect(year.schedule).toBe('bundled');
    expect(year.days).toHaveLength(365);
    const day = (date: string) => year.days.find((d) => d.date === date);
    expect(day('2026-02-14')).toMatchObject({ kind: 'makeup', name: '春节', working: true });
    expect(day('2026-02-17')).toMatchObject({ kind: 'holiday', name: '春节', working: false });
    expect(day('2026-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节' });
    expect(day('2026-10-10')).toMatchObject({ kind: 'makeup', name: '国庆节' });
    expect(day('2026-11-26')).toMatchObject({ kind: 'workday', name: null });
    expect(day('2026-11-29')).toMatchObject({ kind: 'weekend' });
    expect(year.workingDays).toBe(year.days.filter((d) => d.working).length);

    const garden = json<{ days: { date: string; kind: string; note: string | null }[] }>(
      await get(`/api/calendars/${cal('SH-LLHY-KF').id}/year/2026`),
    );
    expect(garden.days.find((d) => d.date === '2026-12-12')).toMatchObject({ kind: 'own_off', note: '社区活动日' });
  });

  it('refuses a year out of range', async () => {
    const id = cal('STANDARD').id;
    expectProblem(await get(`/api/calendars/${id}/year/1999`), 400, 'VALIDATION_FAILED');
    expectProblem(await get(`/api/calendars/${id}/year/2101`), 400, 'VALIDATION_FAILED');
    expectProblem(await get(`/api/calendars/${id}/year/twenty`), 400, 'VALIDATION_FAILED');
  });
});

describe('official holiday schedules', () => {
  const changed: number[] = [];
  let unsubscribe: () => void;
  beforeAll(() => {
    unsubscribe = subscribeHolidayScheduleChanged(async (_deps, year) => {
      changed.push(year);
    });
  });
  afterAll(() => unsubscribe());

  const deadline2027 = async () =>
    json<{ localDeadline: string; provisional: boolean }>(
      await send('POST', `/api/calendars/${cal('STANDARD').id}/deadline`, {
        start: '2026-12-31T17:00:00+08:00',
        minutes: 120,
      }),
    );

  const schedule2027 = [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-01-02', kind: 'holiday', name: '元旦' },
    { date: '2027-01-03', kind: 'holiday', name: '元旦' },
    { date: '2027-02-06', kind: 'workday', name: '春节' },
  ];

  it('warns in November that 2027 is missing, and lists the bundled years', async () => {
    const response = await get('/api/holiday-years', cookies.kefu);
    expect(response.statusCode).toBe(200);
    const body = json<{
      today: string;
      missing: number[];
      warning: boolean;
      years: { year: number; source: string; holidays: number; workdays: number }[];
    }>(response);
    expect(body).toMatchObject({
      today: '2026-11-24',
      currentYear: 2026,
      nextYear: 2027,
      missing: [2027],
      warning: true,
    });
    expect(body.years.find((y) => y.year === 2026)).toMatchObject({ source: 'bundled', holidays: 33, workdays: 6 });
    expect(body.years.some((y) => y.year === 2027)).toBe(false);
    expect(json(await get('/api/holiday-years/2026'))).toMatchObject({ source: 'bundled' });
    expect(json(await get('/api/holiday-years/2027'))).toMatchObject({ source: null, days: [] });
  });

  it('does not warn about next year before 1 November', async () => {
    const now = t.clock.now;
    t.clock.set('2026-10-31T12:00:00+08:00');
    try {
      expect(json(await get('/api/holiday-years'))).toMatchObject({ missing: [], warning: false });
    } finally {
      t.clock.set(now);
    }
  });

  it('refuses years the bundled data covers, dates outside the year, duplicates and non-administrators', async () => {
    expectProblem(await send('PUT', '/api/holiday-years/2026', { days: schedule2027 }), 409, 'HOLIDAY_YEAR_BUNDLED');
    expectProblem(await send('DELETE', '/api/holiday-years/2026'), 409, 'HOLIDAY_YEAR_BUNDLED');
    const outside = await send('PUT', '/api/holiday-years/2027', {
      days: [...schedule2027, { date: '2028-01-01', kind: 'holiday', name: '元旦' }],
    });
    expectProblem(outside, 422, 'HOLIDAY_DAYS_INVALID');
    expect(fieldsOf(outside)).toEqual(['days.4.date']);
    const twice = await send('PUT', '/api/holiday-years/2027', { days: [...schedule2027, schedule2027[0]] });
    expectProblem(twice, 422, 'HOLIDAY_DAYS_INVALID');
    expect(json(twice).detail).toContain('2027-01-01');
    for (const days of [
      [],
      [{ date: '2027-02-30', kind: 'holiday', name: '春节' }],
      [{ date: '2027-01-01', kind: 'off', name: '元旦' }],
      [{ date: '2027-01-01', kind: 'holiday', name: '' }],
    ]) {
      expectProblem(await send('PUT', '/api/holiday-years/2027', { days }), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await send('PUT', '/api/holiday-years/1999', { days: schedule2027 }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await send('PUT', '/api/holiday-years/2027', { days: schedule2027 }, cookies.hz),
      403,
      'GROUP_SETTING',
    );
    expectProblem(await send('DELETE', '/api/holiday-years/2027'), 404, 'HOLIDAY_YEAR_NOT_FOUND');
    expect(changed).toEqual([]);
  });

  it('publishing 2027 makes deadlines across New Year final, and tells the service desk', async () => {
    expect(await deadline2027()).toMatchObject({ localDeadline: '2027-01-01 10:00', provisional: true });
    const response = await send('PUT', '/api/holiday-years/2027', {
      days: schedule2027,
      note: '国办发明电〔2026〕X号',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(json(response)).toMatchObject({ year: 2027, source: 'published', origin: 'form', updatedBy: '周敏' });
    expect(changed).toEqual([2027]);
    expect(await deadline2027()).toMatchObject({ localDeadline: '2027-01-04 10:00', provisional: false });
    const listed = json<{
      warning: boolean;
      years: { year: number; source: string; holidays: number; workdays: number }[];
    }>(await get('/api/holiday-years'));
    expect(listed.warning).toBe(false);
    expect(listed.years.find((y) => y.year === 2027)).toMatchObject({ source: 'published', holidays: 3, workdays: 1 });
    const year = json<{ schedule: string; days: { date: string; kind: string }[] }>(
      await get(`/api/calendars/${cal('STANDARD').id}/year/2027`),
    );
    expect(year.schedule).toBe('published');
    expect(year.days.find((d) => d.date === '2027-02-06')?.kind).toBe('makeup');
    const audit = json<{ data: { action: string }[] }>(await get('/api/audit?entityId=2027'));
    expect(audit.data.map((e) => e.action)).toContain('holiday_year.publish');
  });

  it('deleting 2027 makes them provisional again', async () => {
    expect((await send('DELETE', '/api/holiday-years/2027')).statusCode).toBe(200);
    expect(changed).toEqual([2027, 2027]);
    expect(await deadline2027()).toMatchObject({ provisional: true });
  });
});

describe('POST /api/holiday-years/{year}/import', () => {
  async function upload(year: number | string, file?: { name: string; data: Buffer }, cookie = cookies.admin) {
    const form = new FormData();
    if (file) form.append('file', new Blob([new Uint8Array(file.data)]), file.name);
    const encoded = new Response(form);
    return t.inject({
      method: 'POST',
      url: `/api/holiday-years/${year}/import`,
      cookie,
      headers: { 'content-type': encoded.headers.get('content-type') as string },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
  }
  const csv = (text: string) => ({ name: '2028年节假日.csv', data: Buffer.from(text, 'utf8') });

  it('imports a CSV with a title row, a range of days and a name left blank under its holiday', async () => {
    const response = await upload(
      2028,
      csv(
        [
          '国务院办公厅关于2028年部分节假日安排的通知',
          '日期,类型,名称',
          '2028-01-01,放假,元旦',
          '2028/1/25至2028/1/31,放假,春节',
          '2028-01-22,调休上班,',
          '2028年2月12日,调休上班,春节',
          '',
        ].join('\n'),
      ),
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = json<{ source: string; origin: string; days: { date: string; kind: string; name: string }[] }>(
      response,
    );
    expect(body).toMatchObject({ source: 'published', origin: 'import' });
    expect(body.days).toHaveLength(10);
    expect(body.days.find((d) => d.date === '2028-01-22')).toEqual({
      date: '2028-01-22',
      kind: 'workday',
      name: '春节',
      nameEn: null,
    });
    expect(body.days.filter((d) => d.kind === 'holiday').map((d) => d.date)).toContain('2028-01-28');
  });

  it('imports an XLSX and replaces what was there', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('2028');
    sheet.addRow(['日期', '类型', '名称']);
    sheet.addRow([new Date(Date.UTC(2028, 3, 2)), '放假', '清明节']);
    sheet.addRow(['2028-04-03', '放假', '清明节']);
    sheet.addRow(['2028-04-04', '放假', '清明节']);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await upload(2028, { name: '清明.xlsx', data });
    expect(response.statusCode, response.body).toBe(200);
    expect(json<{ days: { date: string }[] }>(response).days.map((d) => d.date)).toEqual([
      '2028-04-02',
      '2028-04-03',
      '2028-04-04',
    ]);
  });

  it('refuses the whole file with each bad row’s reason', async () => {
    const response = await upload(
      2029,
      csv(
        [
          '日期,类型,名称',
          '2029-01-01,放假,元旦',
          '2029-13-01,放假,元旦',
          '2029-02-10,加班,春节',
          '2030-01-01,放假,元旦',
          '2029-01-01,放假,元旦',
        ].join('\n'),
      ),
    );
    expectProblem(response, 422, 'HOLIDAY_IMPORT_INVALID');
    const body = json<{ detail: string; rows: { row: number; reason: string }[] }>(response);
    expect(body.rows.map((r) => r.row)).toEqual([3, 4, 0, 0]);
    expect(body.detail).toContain('第 3 行');
    expect(json(await get('/api/holiday-years/2029'))).toMatchObject({ source: null });
  });

  it('refuses a file without the columns, no file, a bundled year and other companies’ administrators', async () => {
    expectProblem(await upload(2029, csv('甲,乙\n1,2\n')), 422, 'HOLIDAY_IMPORT_INVALID');
    expectProblem(await upload(2029), 422, 'IMPORT_FILE_MISSING');
    expectProblem(await upload(2026, csv('日期,类型,名称\n2026-01-01,放假,元旦\n')), 409, 'HOLIDAY_YEAR_BUNDLED');
    expectProblem(await upload(2029, csv('日期,类型,名称\n2029-01-01,放假,元旦\n'), cookies.hz), 403, 'GROUP_SETTING');
    expectProblem(await upload('abc', csv('日期,类型,名称\n')), 400, 'VALIDATION_FAILED');
  });
});

import { z } from 'zod';
import { authed } from '../../platform/http.js';
import { okResponse, type RouteModule } from '../../platform/routes.js';
import {
  calendarCreateBody,
  calendarDto,
  calendarParams,
  calendarProjectsBody,
  calendarUpdateBody,
  calendarYearDto,
  calendarYearParams,
  deadlineBody,
  deadlineDto,
  holidayYearBody,
  holidayYearDto,
  holidayYearParams,
  holidayYearsDto,
  ownDayBody,
  ownDayDto,
  ownDayParams,
  ownDaysQuery,
} from './calendar.schema.js';
import {
  calendarYear,
  computeDeadline,
  createCalendar,
  deleteOwnDay,
  getCalendar,
  listCalendars,
  listOwnDays,
  putOwnDay,
  setCalendarProjects,
  setDefaultCalendar,
  updateCalendar,
} from './calendar.service.js';
import {
  deleteHolidayYear,
  getHolidayYear,
  importHolidayYear,
  listHolidayYears,
  putHolidayYear,
} from './holiday-year.service.js';

const tags = ['calendar'];

export const calendarRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/calendars',
    {
      config: { permission: 'calendar.read' },
      schema: { tags, summary: '工作日历列表（集团通用与本公司的）', response: { 200: z.array(calendarDto) } },
    },
    async (request) => listCalendars(deps, authed(request)),
  );

  app.post(
    '/api/calendars',
    {
      config: { permission: 'calendar.manage' },
      schema: { tags, summary: '新建工作日历', body: calendarCreateBody, response: { 200: calendarDto } },
    },
    async (request) => createCalendar(deps, authed(request), request.body),
  );

  app.get(
    '/api/calendars/:calendarId',
    {
      config: { permission: 'calendar.read' },
      schema: { tags, summary: '工作日历详情', params: calendarParams, response: { 200: calendarDto } },
    },
    async (request) => getCalendar(deps, authed(request), request.params.calendarId),
  );

  app.put(
    '/api/calendars/:calendarId',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: '修改工作日历（工作日、班次、是否执行法定节假日、时区、启用）',
        params: calendarParams,
        body: calendarUpdateBody,
        response: { 200: calendarDto },
      },
    },
    async (request) => updateCalendar(deps, authed(request), request.params.calendarId, request.body),
  );

  app.post(
    '/api/calendars/:calendarId/default',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: '设为所属公司（或集团）的默认日历',
        params: calendarParams,
        response: { 200: calendarDto },
      },
    },
    async (request) => setDefaultCalendar(deps, authed(request), request.params.calendarId),
  );

  app.put(
    '/api/calendars/:calendarId/projects',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: '设置使用该日历的项目（未列出的原项目改用公司默认日历）',
        params: calendarParams,
        body: calendarProjectsBody,
        response: { 200: calendarDto },
      },
    },
    async (request) => setCalendarProjects(deps, authed(request), request.params.calendarId, request.body.projectIds),
  );

  app.get(
    '/api/calendars/:calendarId/days',
    {
      config: { permission: 'calendar.read' },
      schema: {
        tags,
        summary: '日历的自定义日期（休息日、上班日），可按年份筛选',
        params: calendarParams,
        querystring: ownDaysQuery,
        response: { 200: z.array(ownDayDto) },
      },
    },
    async (request) => listOwnDays(deps, authed(request), request.params.calendarId, request.query.year),
  );

  app.put(
    '/api/calendars/:calendarId/days/:date',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: '设置某日为自定义休息日或上班日（优先于法定节假日与工作周）',
        params: ownDayParams,
        body: ownDayBody,
        response: { 200: ownDayDto },
      },
    },
    async (request) => putOwnDay(deps, authed(request), request.params.calendarId, request.params.date, request.body),
  );

  app.delete(
    '/api/calendars/:calendarId/days/:date',
    {
      config: { permission: 'calendar.manage' },
      schema: { tags, summary: '取消某日的自定义设置', params: ownDayParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteOwnDay(deps, authed(request), request.params.calendarId, request.params.date);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/calendars/:calendarId/deadline',
    {
      config: { permission: 'calendar.read' },
      schema: {
        tags,
        summary: '按日历计算截止时间（工作分钟或 7×24 自然时间）',
        description:
          '从 start 起计 minutes 分钟后的截止时间。工作时间模式只计工作日班次内的分钟；午休、下班后、周末与节假日开始的，从下一个班次起算；minutes 为 0 时即为 start。' +
          '跨越尚无法定节假日安排的年份时 provisional 为 true，安排录入后应重新计算。',
        params: calendarParams,
        body: deadlineBody,
        response: { 200: deadlineDto },
      },
    },
    async (request) => computeDeadline(deps, authed(request), request.params.calendarId, request.body),
  );

  app.get(
    '/api/calendars/:calendarId/year/:year',
    {
      config: { permission: 'calendar.read' },
      schema: {
        tags,
        summary: '全年日历：每一天是工作日、周末、法定节假日、调休上班还是自定义日期',
        params: calendarYearParams,
        response: { 200: calendarYearDto },
      },
    },
    async (request) => calendarYear(deps, authed(request), request.params.calendarId, request.params.year),
  );

  // ── official holiday schedules ───────────────────────────────────────────

  app.get(
    '/api/holiday-years',
    {
      config: { permission: 'calendar.read' },
      schema: {
        tags,
        summary: '已有法定节假日安排的年份（内置或录入），以及是否缺少下一年的安排（每年 11 月 1 日起提醒）',
        response: { 200: holidayYearsDto },
      },
    },
    async () => listHolidayYears(deps),
  );

  app.get(
    '/api/holiday-years/:year',
    {
      config: { permission: 'calendar.read' },
      schema: {
        tags,
        summary: '某年的法定节假日安排（放假与调休上班日）',
        params: holidayYearParams,
        response: { 200: holidayYearDto },
      },
    },
    async (request) => getHolidayYear(deps, request.params.year),
  );

  app.put(
    '/api/holiday-years/:year',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: '录入（或整体替换）某年的法定节假日安排；内置年份不可录入',
        params: holidayYearParams,
        body: holidayYearBody,
        response: { 200: holidayYearDto },
      },
    },
    async (request) => putHolidayYear(deps, authed(request), request.params.year, request.body, request.log),
  );

  app.post(
    '/api/holiday-years/:year/import',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: '从 Excel（.xlsx）或 CSV 导入某年的法定节假日安排（整体替换）',
        description:
          'multipart/form-data：file。表头为 日期、类型（放假 / 调休上班）、名称；日期可写成区间“2027-02-06至2027-02-12”。有任何一行不正确则全部不导入，并列出每行原因。',
        consumes: ['multipart/form-data'],
        params: holidayYearParams,
        response: { 200: holidayYearDto },
      },
    },
    async (request) => importHolidayYear(deps, authed(request), request.params.year, request),
  );

  app.delete(
    '/api/holiday-years/:year',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: '删除录入的某年法定节假日安排',
        params: holidayYearParams,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      await deleteHolidayYear(deps, authed(request), request.params.year, request.log);
      return { ok: true as const };
    },
  );
};

import { eq } from 'drizzle-orm';
import { businessCalendar, calendarDay } from '../../modules/calendar/calendar.table.js';
import { project } from '../../modules/project/project.table.js';
import type { AuditRecorder } from '../../platform/audit.js';
import type { Tx } from '../client.js';

const shanghaiHours = {
  timeZone: 'Asia/Shanghai',
  workWeek: [1, 2, 3, 4, 5, 6],
  shifts: [
    { start: '08:30', end: '12:00' },
    { start: '13:00', end: '17:30' },
  ],
  statutory: true,
};

/**
 * The demo's business calendars, beside the group's 标准工作日历 from bootstrap: a round-the-clock
 * duty calendar for urgent items, the Shanghai company's default (Monday to Saturday), and
 * 邻里花园's own calendar with a closed day for its community event.
 */
export async function seedDemoCalendars(
  tx: Tx,
  audit: AuditRecorder,
  shanghai: { id: string; path: string },
  llhy: { id: string; name: string },
): Promise<void> {
  const rows = await tx
    .insert(businessCalendar)
    .values([
      {
        code: 'DUTY-24H',
        name: '24小时值班',
        companyId: null,
        orgPath: '/',
        timeZone: 'Asia/Shanghai',
        workWeek: [1, 2, 3, 4, 5, 6, 7],
        // "24:00" ends the shift at midnight: every minute of every day counts.
        shifts: [{ start: '00:00', end: '24:00' }],
        statutory: false,
      },
      {
        code: 'SH-KF',
        name: '上海公司客服日历',
        companyId: shanghai.id,
        orgPath: shanghai.path,
        ...shanghaiHours,
        isDefault: true,
      },
      {
        code: 'SH-LLHY-KF',
        name: '邻里花园客服日历',
        companyId: shanghai.id,
        orgPath: shanghai.path,
        ...shanghaiHours,
      },
    ])
    .returning();
  for (const row of rows) {
    audit.record({
      action: 'calendar.create',
      entityType: 'business_calendar',
      entityId: row.id,
      orgPath: row.orgPath,
      summary: `演示数据：工作日历「${row.name}」`,
    });
  }
  const garden = rows.find((r) => r.code === 'SH-LLHY-KF');
  if (!garden) throw new Error('demo seed: 邻里花园客服日历 missing');
  await tx.insert(calendarDay).values({ calendarId: garden.id, date: '2026-12-12', kind: 'off', note: '社区活动日' });
  await tx.update(project).set({ calendarId: garden.id }).where(eq(project.id, llhy.id));
  audit.record({
    action: 'calendar.set_projects',
    entityType: 'business_calendar',
    entityId: garden.id,
    orgPath: garden.orgPath,
    projectId: llhy.id,
    summary: `演示数据：${llhy.name}使用「${garden.name}」，2026-12-12 社区活动日休息`,
  });
}

import { and, count, eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEntry } from '../src/modules/audit/audit.table.js';
import { BusinessCalendar, type CalendarSpec } from '../src/modules/calendar/calendar.engine.js';
import { bundledOnly } from '../src/modules/calendar/calendar.holidays.js';
import { defaultLadder } from '../src/modules/ticket/escalation.ladder.js';
import { engineForTicket, pauseClocks, planRound, resumeClocks } from '../src/modules/ticket/ticket.sla.js';
import { claimDueQuery, fireBatch, fireNext, sweepDue } from '../src/modules/ticket/ticket.sweep.js';
import {
  notification,
  returnVisit,
  slaTimer,
  ticket,
  ticketEscalation,
  ticketEvent,
} from '../src/modules/ticket/ticket.table.js';
import { verifyAuditChain } from '../src/platform/audit-verify.js';
import { Factory } from './factories.js';
import { createTestApp, HOUR, ok, type TestApp } from './harness.js';
import { createTicket, reload, userId } from './ticket-fixtures.js';

// ── planRound: pure ────────────────────────────────────────────────────────

const standard: CalendarSpec = {
  timeZone: 'Asia/Shanghai',
  workWeek: [1, 2, 3, 4, 5],
  shifts: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ],
  statutory: true,
};
const roundTheClock: CalendarSpec = {
  timeZone: 'Asia/Shanghai',
  workWeek: [1, 2, 3, 4, 5, 6, 7],
  shifts: [{ start: '00:00', end: '24:00' }],
  statutory: false,
};
const cal = (spec: CalendarSpec = standard) => new BusinessCalendar(spec, [], bundledOnly);
const bj = (local: string) => new Date(`${local}:00+08:00`);
const wall = (d: Date | null) =>
  d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : null;

const plan = (
  start: string,
  resolutionMinutes: number,
  extra: Partial<Parameters<typeof planRound>[1]> = {},
  engine = cal(),
) =>
  planRound(engine, {
    startedAt: bj(start),
    mode: 'business',
    responseMinutes: null,
    resolutionMinutes,
    pausedMinutes: 0,
    warningPercent: 80,
    ladder: defaultLadder,
    ...extra,
  });
const fireTimes = (p: ReturnType<typeof planRound>) =>
  Object.fromEntries(p.timers.map((t) => [`${t.clock}.${t.kind}${t.level ? t.level : ''}`, wall(t.fireAt)]));

describe('planRound on 标准工作日历 (Mon–Fri 09:00–12:00, 13:30–18:00)', () => {
  it('crosses the 2026 Spring Festival', () => {
    // From the make-up Saturday 14 February 17:00, two working hours end on Tuesday 24 February.
    const p = plan('2026-02-14T17:00', 120);
    expect(wall(p.resolutionDueAt)).toBe('2026-02-24 10:00');
    // 80 % = 96 minutes: the hour on Saturday, 36 minutes after the holiday.
    expect(fireTimes(p)['resolution.warning']).toBe('2026-02-24 09:36');
    // Level 2 four working hours after the deadline: 10:00 → 12:00 (2 h), 13:30 → 15:30.
    expect(fireTimes(p)['resolution.escalation2']).toBe('2026-02-24 15:30');
    expect(p.provisional).toBe(false);
  });

  it('lands on a make-up Saturday', () => {
    expect(wall(plan('2026-02-13T17:00', 120).resolutionDueAt)).toBe('2026-02-14 10:00');
    expect(wall(plan('2026-02-27T17:30', 60).resolutionDueAt)).toBe('2026-02-28 09:30');
  });

  it('starts in the lunch break and after hours', () => {
    expect(wall(plan('2026-11-24T12:30', 60).resolutionDueAt)).toBe('2026-11-24 14:30');
    expect(wall(plan('2026-11-24T20:00', 30).resolutionDueAt)).toBe('2026-11-25 09:30');
    expect(wall(plan('2026-11-27T19:00', 30).resolutionDueAt)).toBe('2026-11-30 09:30');
  });

  it('a pause overnight costs nothing: the paused business minutes move the deadline exactly that far', () => {
    const engine = cal();
    // Paused Tuesday 17:00, resumed Wednesday 10:00: 60 + 60 business minutes.
    const paused = engine.businessMinutesBetween(bj('2026-11-24T17:00'), bj('2026-11-25T10:00')).minutes;
    expect(paused).toBe(120);
    const p = plan('2026-11-24T09:00', 480, { pausedMinutes: paused });
    // 480 minutes from Tuesday 09:00 end Wednesday 09:30; plus 120 → 11:30.
    expect(wall(plan('2026-11-24T09:00', 480).resolutionDueAt)).toBe('2026-11-25 09:30');
    expect(wall(p.resolutionDueAt)).toBe('2026-11-25 11:30');
  });

  it('runs around the clock in calendar time', () => {
    const p = plan('2026-02-16T10:00', 24 * 60, { mode: 'calendar' }, cal(roundTheClock));
    expect(wall(p.resolutionDueAt)).toBe('2026-02-17 10:00');
  });

  it('plans the response clock with its warning and overdue mark, escalations on the resolution clock only', () => {
    const p = plan('2026-11-24T09:30', 480, { responseMinutes: 60 });
    expect(wall(p.responseDueAt)).toBe('2026-11-24 10:30');
    expect(fireTimes(p)['response.warning']).toBe('2026-11-24 10:18');
    expect(p.timers.filter((t) => t.kind === 'escalation').every((t) => t.clock === 'resolution')).toBe(true);
  });
});

describe('planRound properties (fast-check)', () => {
  // Starts between 2025-12-01 and 2026-11-30 (inside the bundled schedules), any minute.
  const startArb = fc
    .integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2026, 10, 30) })
    .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));
  const ladderArb = fc
    .array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 5 })
    .map((xs) => [...xs].sort((a, b) => a - b).map((afterMinutes, i) => ({ level: i + 1, afterMinutes })));
  const inputArb = fc.record({
    startedAt: startArb,
    limit: fc.integer({ min: 1, max: 5 * 450 }),
    response: fc.option(fc.integer({ min: 1, max: 480 }), { nil: null }),
    paused: fc.integer({ min: 0, max: 3 * 450 }),
    warningPercent: fc.integer({ min: 50, max: 99 }),
    ladder: ladderArb,
    calendar: fc.constantFrom(standard, roundTheClock),
  });

  it('due ≥ start, warning ≤ due, the limit plus the pause in business minutes, escalations in level order', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const engine = cal(i.calendar);
        const mode = i.calendar === roundTheClock ? 'calendar' : 'business';
        const base = {
          startedAt: i.startedAt,
          mode,
          responseMinutes: i.response,
          resolutionMinutes: i.limit,
          warningPercent: i.warningPercent,
          ladder: i.ladder,
        } as const;
        const p = planRound(engine, { ...base, pausedMinutes: i.paused });
        const due = p.resolutionDueAt as Date;
        expect(due.getTime()).toBeGreaterThanOrEqual(i.startedAt.getTime());
        expect(engine.businessMinutesBetween(i.startedAt, due, mode).minutes).toBe(i.limit + i.paused);
        // The pause shifts the deadline by exactly that many business minutes.
        const unpaused = planRound(engine, { ...base, pausedMinutes: 0 }).resolutionDueAt as Date;
        expect(engine.businessMinutesBetween(unpaused, due, mode).minutes).toBe(i.paused);
        for (const clock of ['response', 'resolution'] as const) {
          const clockDue = clock === 'response' ? p.responseDueAt : p.resolutionDueAt;
          const warning = p.timers.find((t) => t.clock === clock && t.kind === 'warning');
          if (warning && clockDue) expect(warning.fireAt.getTime()).toBeLessThanOrEqual(clockDue.getTime());
        }
        const escalations = p.timers.filter((t) => t.kind === 'escalation').sort((a, b) => a.level - b.level);
        expect(escalations.map((e) => e.level)).toEqual(i.ladder.map((r) => r.level));
        for (let k = 1; k < escalations.length; k++) {
          expect(escalations[k]?.fireAt.getTime()).toBeGreaterThanOrEqual(escalations[k - 1]?.fireAt.getTime() ?? 0);
        }
        expect(escalations[0]?.fireAt.getTime()).toBeGreaterThanOrEqual(due.getTime());
      }),
      { numRuns: 150 },
    );
  });
});

// ── the sweep, against the database ───────────────────────────────────────

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

// Each test starts with nothing pending from the tests before it.
const FAR_FUTURE = new Date('2035-01-01T00:00:00Z');
beforeEach(async () => {
  await sweepDue(t.deps, FAR_FUTURE, { limit: 10_000 });
});

async function timers(ticketId: string) {
  return t.deps.db.select().from(slaTimer).where(eq(slaTimer.ticketId, ticketId));
}
async function timerAt(ticketId: string, kind: string, level = 0, clock = 'resolution') {
  const found = (await timers(ticketId)).find((x) => x.kind === kind && x.level === level && x.clock === clock);
  if (!found?.fireAt) throw new Error(`no pending ${clock} ${kind} ${level}`);
  return found.fireAt;
}
async function events(ticketId: string, kind?: string) {
  const rows = await t.deps.db.select().from(ticketEvent).where(eq(ticketEvent.ticketId, ticketId));
  return kind ? rows.filter((r) => r.kind === kind) : rows;
}
async function notificationsOf(username: string, ticketId: string) {
  return t.deps.db
    .select()
    .from(notification)
    .where(and(eq(notification.userId, await userId(t, username)), eq(notification.ticketId, ticketId)));
}

describe('sweepDue', () => {
  it('warns at 80 %, marks overdue at the deadline, and tells the handler and the owner agent', async () => {
    t.clock.set('2026-11-24T01:30:00Z'); // Tuesday 09:30 in Beijing
    const tk = await createTicket(t, { responseMinutes: 60, resolutionMinutes: 480 });
    // 邻里花园客服日历: Mon–Sat 08:30–12:00, 13:00–17:30. 480 minutes end Wednesday 09:30.
    expect(wall(tk.resolutionDueAt)).toBe('2026-11-25 09:30');
    expect(wall(tk.responseDueAt)).toBe('2026-11-24 10:30');

    // Nothing is due yet.
    expect(await sweepDue(t.deps, t.clock.now)).toEqual({ fired: 0, cancelled: 0 });

    const warnAt = await timerAt(tk.id, 'warning');
    t.clock.set(warnAt);
    const first = await sweepDue(t.deps, t.clock.now);
    // Response warning and overdue, resolution warning.
    expect(first.fired).toBe(3);
    const warned = await reload(t, tk.id);
    expect(warned).toMatchObject({ slaWarned: true, responseOverdue: true, resolutionOverdue: false });
    const warning = (await events(tk.id, 'sla_warning')).find(
      (e) => (e.data as { clock: string }).clock === 'resolution',
    );
    expect(warning?.body).toBe(`工单 ${tk.publicNo} 的办结时限已用去 80%，将于 2026-11-25 09:30 到期`);
    expect(warning?.actorId).toBeNull();
    for (const who of ['handler', 'kefu']) {
      const mine = await notificationsOf(who, tk.id);
      expect(mine.map((n) => n.kind).sort()).toEqual(['overdue', 'sla_warning', 'sla_warning']);
    }
    expect(await notificationsOf('supervisor', tk.id)).toEqual([]);

    t.clock.set(tk.resolutionDueAt as Date);
    const second = await sweepDue(t.deps, t.clock.now);
    // The overdue mark and level 1 (at the deadline).
    expect(second.fired).toBe(2);
    expect(await reload(t, tk.id)).toMatchObject({ resolutionOverdue: true, escalationLevel: 1, escalationCount: 1 });
    expect((await events(tk.id, 'overdue')).map((e) => e.body)).toContain(
      `工单 ${tk.publicNo} 已超过办结时限（2026-11-25 09:30 到期），请尽快处理`,
    );
    // Audited as the system, in the chain.
    const audits = await t.deps.db.select().from(auditEntry).where(eq(auditEntry.entityId, tk.id));
    expect(audits.map((a) => a.action).sort()).toEqual([
      'ticket.escalated',
      'ticket.overdue',
      'ticket.overdue',
      'ticket.sla_warning',
      'ticket.sla_warning',
    ]);
    expect(audits.every((a) => a.actorId === null)).toBe(true);
    // Repeating the sweep at the same instant does nothing.
    expect(await sweepDue(t.deps, t.clock.now)).toEqual({ fired: 0, cancelled: 0 });
  });

  it('tells every member of a handling department', async () => {
    t.clock.set('2026-11-24T01:30:00Z');
    const [handler] = await t.deps.db
      .execute<{ org_id: string }>(sql`select org_id from app_user where username = 'handler'`)
      .then((r) => (r as unknown as { rows: { org_id: string }[] }).rows);
    const tk = await createTicket(t, { handlerOrgId: handler?.org_id, responseMinutes: null });
    t.clock.set(await timerAt(tk.id, 'warning'));
    await sweepDue(t.deps, t.clock.now);
    expect((await notificationsOf('handler', tk.id)).map((n) => n.kind)).toEqual(['sla_warning']);
  });

  it('survives a crash between claiming and committing: the timer fires once, on the next sweep', async () => {
    t.clock.set('2026-11-24T01:30:00Z');
    const tk = await createTicket(t, { responseMinutes: null });
    t.clock.set(await timerAt(tk.id, 'warning'));
    await expect(
      fireNext(t.deps, t.clock.now, {
        afterMark: () => {
          throw new Error('process killed');
        },
      }),
    ).rejects.toThrow('process killed');
    // Rolled back: not fired, no effect.
    expect((await timers(tk.id)).find((x) => x.kind === 'warning')?.firedAt).toBeNull();
    expect(await reload(t, tk.id)).toMatchObject({ slaWarned: false });
    expect(await events(tk.id, 'sla_warning')).toEqual([]);
    expect(await sweepDue(t.deps, t.clock.now)).toEqual({ fired: 1, cancelled: 0 });
    expect(await events(tk.id, 'sla_warning')).toHaveLength(1);
    expect(await sweepDue(t.deps, t.clock.now)).toEqual({ fired: 0, cancelled: 0 });
  });

  it('has each timer take effect once when sweeps run at the same time', async () => {
    t.clock.set('2026-11-24T01:30:00Z');
    const tickets = await Promise.all([1, 2, 3].map(() => createTicket(t, { responseMinutes: 30 })));
    // Past every rung of the ladder.
    t.clock.set(await timerAt(tickets[0]?.id as string, 'escalation', 4));
    t.clock.advance(HOUR);
    const results = await Promise.all([1, 2, 3].map(() => sweepDue(t.deps, t.clock.now)));
    const fired = results.reduce((n, r) => n + r.fired, 0);
    // Per ticket: 2 warnings, 2 overdue marks, 4 escalations; none twice.
    expect(fired).toBe(3 * 8);
    for (const tk of tickets) {
      expect((await events(tk.id)).map((e) => e.kind).sort()).toEqual([
        'escalated',
        'escalated',
        'escalated',
        'escalated',
        'overdue',
        'overdue',
        'sla_warning',
        'sla_warning',
      ]);
      const [esc] = await t.deps.db
        .select({ n: count() })
        .from(ticketEscalation)
        .where(eq(ticketEscalation.ticketId, tk.id));
      expect(esc?.n).toBe(4);
      expect(await reload(t, tk.id)).toMatchObject({ escalationLevel: 4, escalationCount: 4 });
    }
    expect(await sweepDue(t.deps, t.clock.now)).toEqual({ fired: 0, cancelled: 0 });
  });

  it('cancels the timers of a ticket that is no longer open', async () => {
    t.clock.set('2026-11-24T01:30:00Z');
    const tk = await createTicket(t, { responseMinutes: null });
    await t.deps.db.update(ticket).set({ state: 'cancelled' }).where(eq(ticket.id, tk.id));
    t.clock.set(await timerAt(tk.id, 'escalation', 1));
    const result = await sweepDue(t.deps, t.clock.now);
    // Warning, due and level 1 were due.
    expect(result).toEqual({ fired: 0, cancelled: 3 });
    expect(await events(tk.id)).toEqual([]);
  });

  it('holds the timers of a paused ticket until it resumes, then fires them on the moved deadline', async () => {
    t.clock.set('2026-11-24T01:30:00Z'); // Tuesday 09:30
    const tk = await createTicket(t, { responseMinutes: null, resolutionMinutes: 480 });
    // Waiting on the customer from Tuesday 16:30 …
    const pausedAt = new Date('2026-11-24T08:30:00Z');
    await t.deps.db.transaction((tx) => pauseClocks(tx, tk, pausedAt));
    // … through the original deadline and every rung: nothing fires.
    t.clock.set(await reload(t, tk.id).then((r) => new Date((r.resolutionDueAt as Date).getTime() + 5 * 24 * HOUR)));
    expect(await sweepDue(t.deps, t.clock.now)).toEqual({ fired: 0, cancelled: 0 });
    expect(await events(tk.id, 'escalated')).toEqual([]);
    // Resumed on Wednesday at 10:30: the pause cost 60 + 120 business minutes.
    const resumedAt = new Date('2026-11-25T02:30:00Z');
    const paused = await reload(t, tk.id);
    await t.deps.db.transaction(async (tx) => {
      const engine = await engineForTicket(tx, paused.calendarId);
      const r = await resumeClocks(tx, paused, engine, resumedAt, { warningPercent: 80, ladder: defaultLadder });
      expect(r.pausedMinutes).toBe(180);
    });
    const resumed = await reload(t, tk.id);
    // 480 + 180 business minutes from Tuesday 09:30 end Wednesday 12:00 + 30 → 13:30.
    expect(wall(resumed.resolutionDueAt)).toBe('2026-11-25 13:30');
    t.clock.set(resumedAt);
    // The warning moved too (80 % of 480 plus the 180 paused minutes: Wednesday 10:54).
    expect((await sweepDue(t.deps, t.clock.now)).fired).toBe(0);
    t.clock.set(resumed.resolutionDueAt as Date);
    expect((await sweepDue(t.deps, t.clock.now)).fired).toBe(3); // warning, overdue, level 1
    expect((await events(tk.id, 'escalated')).map((e) => (e.data as { level: number }).level)).toEqual([1]);
  });

  it('claims through the partial due index, whatever the number of rows not due', async () => {
    const tk = await createTicket(t, { responseMinutes: null });
    // Many timers that are not due: fired history and far-future ones.
    const future = new Date('2040-01-01T00:00:00Z'); // beyond what the other tests sweep
    for (let batch = 0; batch < 8; batch++) {
      await t.deps.db.insert(slaTimer).values(
        Array.from({ length: 500 }, (_, i) => ({
          ticketId: tk.id,
          round: 100 + batch * 500 + i,
          clock: 'resolution' as const,
          kind: 'due' as const,
          level: 0,
          fireAt: future,
          firedAt: i % 2 === 0 ? future : null,
        })),
      );
    }
    await t.deps.db.execute(sql`analyze sla_timer`);
    const plan = await t.deps.db.transaction(async (tx) => {
      const result = await tx.execute(sql`explain ${claimDueQuery(tx, new Date('2026-11-24T01:30:00Z'))}`);
      return (result as unknown as { rows: Record<string, string>[] }).rows.map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('sla_timer_due_idx');
    expect(plan).not.toMatch(/Seq Scan on sla_timer/);
  });
});

describe('sweepDue in batches', () => {
  it('fires one timer per ticket per batch, so a ticket’s timers due together fire in order', async () => {
    t.clock.set('2026-11-24T01:30:00Z');
    const tk = await createTicket(t, { responseMinutes: null });
    // Warning, overdue mark, levels 1 and 2 all due at once.
    t.clock.set(await timerAt(tk.id, 'escalation', 2));
    expect(await fireBatch(t.deps, t.clock.now, 200)).toEqual(['fired']);
    expect(await reload(t, tk.id)).toMatchObject({ slaWarned: true, resolutionOverdue: false });
    expect(await sweepDue(t.deps, t.clock.now)).toEqual({ fired: 3, cancelled: 0 });
    const escalated = (await events(tk.id, 'escalated')).map(
      (e) => e.data as { level: number; escalationCount: number },
    );
    expect(escalated.map((e) => [e.level, e.escalationCount]).sort()).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(await reload(t, tk.id)).toMatchObject({
      resolutionOverdue: true,
      escalationLevel: 2,
      escalationCount: 2,
    });
  });

  it('cancels, holds and fires in one batch, each ticket by its own state', async () => {
    t.clock.set('2026-11-24T01:30:00Z');
    const [finished, paused, open] = await Promise.all([1, 2, 3].map(() => createTicket(t, { responseMinutes: null })));
    if (!finished || !paused || !open) throw new Error('tickets not created');
    await t.deps.db.update(ticket).set({ state: 'closed' }).where(eq(ticket.id, finished.id));
    // Paused behind the sweep's back: the timer is still planned, so the sweep holds it.
    await t.deps.db.update(ticket).set({ pausedAt: t.clock.now }).where(eq(ticket.id, paused.id));
    t.clock.set(await timerAt(open.id, 'warning'));
    const outcomes = await fireBatch(t.deps, t.clock.now, 200);
    expect([...outcomes].sort()).toEqual(['cancelled', 'fired', 'held']);
    const warningOf = async (id: string) => (await timers(id)).find((x) => x.kind === 'warning');
    expect(await warningOf(finished.id)).toMatchObject({ firedAt: null, cancelledAt: t.clock.now });
    expect(await warningOf(paused.id)).toMatchObject({ firedAt: null, cancelledAt: null, fireAt: null });
    expect(await warningOf(open.id)).toMatchObject({ firedAt: t.clock.now, cancelledAt: null });
    expect(await events(finished.id)).toEqual([]);
    expect(await events(paused.id)).toEqual([]);
    expect((await events(open.id)).map((e) => e.kind)).toEqual(['sla_warning']);
    expect(await reload(t, paused.id)).toMatchObject({ slaWarned: false });
  });

  it('audits many tickets’ timers as one valid chain, an entry per effect', async () => {
    t.clock.set('2026-11-24T01:30:00Z');
    const tickets = await Promise.all(Array.from({ length: 6 }, () => createTicket(t, { responseMinutes: null })));
    t.clock.set(await timerAt(tickets[0]?.id as string, 'escalation', 4));
    t.clock.advance(HOUR);
    // Per ticket: warning, overdue mark, four escalations; six batches of six tickets.
    expect(await sweepDue(t.deps, t.clock.now)).toEqual({ fired: 36, cancelled: 0 });
    const ids = tickets.map((x) => x.id);
    const audits = await t.deps.db.select().from(auditEntry).where(inArray(auditEntry.entityId, ids));
    expect(audits).toHaveLength(36);
    for (const id of ids) {
      expect(audits.filter((a) => a.entityId === id && a.action === 'ticket.escalated')).toHaveLength(4);
    }
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ ok: true, broken: null });
  });

  it('fires each timer once when two sweeps of small batches run at the same time', async () => {
    t.clock.set('2026-11-24T01:30:00Z');
    const tickets = await Promise.all(Array.from({ length: 10 }, () => createTicket(t, { responseMinutes: 30 })));
    t.clock.set(await timerAt(tickets[0]?.id as string, 'escalation', 4));
    t.clock.advance(HOUR);
    const results = await Promise.all([1, 2].map(() => sweepDue(t.deps, t.clock.now, { limit: 1000, batchSize: 3 })));
    // Per ticket: 2 warnings, 2 overdue marks, 4 escalations.
    expect(results.reduce((n, r) => n + r.fired, 0)).toBe(10 * 8);
    for (const tk of tickets) {
      expect((await events(tk.id)).map((e) => e.kind).sort()).toEqual([
        'escalated',
        'escalated',
        'escalated',
        'escalated',
        'overdue',
        'overdue',
        'sla_warning',
        'sla_warning',
      ]);
      const counts = (await events(tk.id, 'escalated')).map(
        (e) => (e.data as { escalationCount: number }).escalationCount,
      );
      expect(counts.sort()).toEqual([1, 2, 3, 4]);
      expect(await reload(t, tk.id)).toMatchObject({ escalationLevel: 4, escalationCount: 4 });
    }
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ ok: true, broken: null });
    expect(await sweepDue(t.deps, t.clock.now)).toEqual({ fired: 0, cancelled: 0 });
  });
});

describe('the workbench after the sweep', () => {
  it('shows the handler what is due soon, overdue and escalated, and the supervisor what was escalated to them', async () => {
    // The earlier tests' tickets are finished, so that this one is among the first few items.
    await t.deps.db.update(ticket).set({ state: 'closed' });
    t.clock.set('2026-12-01T01:30:00Z'); // Tuesday 09:30
    const tk = await createTicket(t, { responseMinutes: null, resolutionMinutes: 60, title: '电梯异响' });
    const handler = await t.login('handler');
    const before = ok<{ dueSoon: { items: { ticketId: string }[] } }>(
      await t.inject({ method: 'GET', url: '/api/workbench', cookie: handler }),
    );
    expect(before.dueSoon.items.map((i) => i.ticketId)).toContain(tk.id);
    t.clock.set(tk.resolutionDueAt as Date);
    await sweepDue(t.deps, t.clock.now);
    const after = ok<{
      overdue: { items: { ticketId: string; overdue: boolean; escalationLevel: number; projectName: string }[] };
      unreadNotifications: number;
    }>(await t.inject({ method: 'GET', url: '/api/workbench', cookie: await t.login('handler') }));
    const item = after.overdue.items.find((i) => i.ticketId === tk.id);
    expect(item).toMatchObject({ overdue: true, escalationLevel: 1, projectName: '邻里花园' });
    expect(after.unreadNotifications).toBeGreaterThan(0);
    const supervisor = ok<{ escalatedToMe: { items: { ticketId: string }[] }; overdue: { count: number } }>(
      await t.inject({ method: 'GET', url: '/api/workbench', cookie: await t.login('supervisor') }),
    );
    expect(supervisor.escalatedToMe.items.map((i) => i.ticketId)).toContain(tk.id);
    expect(supervisor.overdue.count).toBeGreaterThan(0);
    // 杭州's administrator sees none of it.
    const hz = ok<{ overdue: { count: number }; escalatedToMe: { count: number } }>(
      await t.inject({ method: 'GET', url: '/api/workbench', cookie: await t.login('hz_admin') }),
    );
    expect(hz.overdue.count).toBe(0);
    expect(hz.escalatedToMe.count).toBe(0);
  });

  it('lists return visits to make and requests to approve', async () => {
    await t.deps.db.update(ticket).set({ state: 'closed' });
    t.clock.set('2026-12-01T01:30:00Z');
    const resolved = await createTicket(t, { state: 'resolved', responseMinutes: null, title: '门禁故障' });
    await t.deps.db.insert(returnVisit).values({
      ticketId: resolved.id,
      round: 1,
      agentId: await userId(t, 'kefu'),
      dueAt: new Date('2026-12-02T01:30:00Z'),
    });
    const admin = await Factory.asAdmin(t);
    const office = await admin.orgByCode('SH-PD');
    // A clerk of 浦东管理处 asks to export the staff list; 客服主管 of 浦东 may approve it.
    const clerkRole = await admin.createRole({ permissions: ['user.read'] });
    const clerk = await admin.activeUser({
      orgId: office.id,
      assignments: [{ roleId: clerkRole.id, scopeKind: 'org', scopeOrgId: office.id }],
    });
    ok(
      await t.inject({
        method: 'POST',
        url: '/api/export-requests',
        cookie: clerk.cookie,
        payload: { resource: 'users', query: {}, reason: '年度人员名册核对' },
      }),
      201,
    );
    const kefu = ok<{ toVisit: { count: number; items: { ticketId: string }[] } }>(
      await t.inject({ method: 'GET', url: '/api/workbench', cookie: await t.login('kefu') }),
    );
    expect(kefu.toVisit.count).toBe(1);
    expect(kefu.toVisit.items.map((i) => i.ticketId)).toEqual([resolved.id]);
    const supervisor = ok<{ toApprove: { count: number; exportRequests: number; renameRequests: number } }>(
      await t.inject({ method: 'GET', url: '/api/workbench', cookie: await t.login('supervisor') }),
    );
    // The demo data holds pending rename requests (更名) in 浦东 too.
    expect(supervisor.toApprove.exportRequests).toBe(1);
    expect(supervisor.toApprove.count).toBe(1 + supervisor.toApprove.renameRequests);
    // The handler approves nothing and visits nothing.
    const handler = ok<{ toApprove: { count: number }; toVisit: { count: number } }>(
      await t.inject({ method: 'GET', url: '/api/workbench', cookie: await t.login('handler') }),
    );
    expect(handler).toMatchObject({ toApprove: { count: 0 }, toVisit: { count: 0 } });
  });
});

describe('the detail page’s live clocks, computed by the server on the ticket’s calendar', () => {
  interface Clock {
    state: string;
    secondsLeft: number;
    minutesLeft: number;
    percentUsed: number;
    at: string;
    ticking: boolean;
    changesAt: string | null;
  }
  type Sla = { response: Clock | null; resolution: Clock | null };
  const sla = async (id: string, cookie: string) =>
    ok<{ sla: Sla; clock: { calendarId: string } }>(
      await t.inject({ method: 'GET', url: `/api/tickets/${id}`, cookie }),
    );

  // 邻里花园's calendar: Monday to Saturday, 08:30–12:00 and 13:00–17:30, statutory holidays.
  it('counts business minutes across the lunch break, for a handler who cannot read calendars', async () => {
    t.clock.set(bj('2026-11-26 11:00')); // Thursday
    const tk = await createTicket(t, { responseMinutes: 90, resolutionMinutes: 480 });
    // In the lunch break: 30 minutes of the response limit left, standing still until 13:00.
    t.clock.set(bj('2026-11-26 12:30'));
    const handler = await t.login('handler');
    const lunch = await sla(tk.id, handler);
    expect(
      (await t.inject({ method: 'GET', url: `/api/calendars/${lunch.clock.calendarId}`, cookie: handler })).statusCode,
    ).toBe(403);
    expect(lunch.sla.response).toMatchObject({
      state: 'running',
      secondsLeft: 30 * 60,
      minutesLeft: 30,
      percentUsed: 67,
      ticking: false,
      changesAt: bj('2026-11-26 13:00').toISOString(),
      at: bj('2026-11-26 12:30').toISOString(),
    });
    // 11:00–12:00 and 13:00–17:30 today, then 08:30–11:00 on Friday: 480 minutes in all.
    expect(lunch.sla.resolution).toMatchObject({ minutesLeft: 420, percentUsed: 13, ticking: false });
    // After lunch it ticks again until the end of the afternoon shift.
    t.clock.set(bj('2026-11-26 13:15'));
    const afternoon = await sla(tk.id, await t.login('handler'));
    expect(afternoon.sla.response).toMatchObject({
      secondsLeft: 15 * 60,
      ticking: true,
      changesAt: bj('2026-11-26 17:30').toISOString(),
    });
    // Overdue: negative, in business minutes (13:30 → 14:10 is 40 minutes), past 100 %.
    t.clock.set(bj('2026-11-26 14:10'));
    const late = await sla(tk.id, await t.login('handler'));
    expect(late.sla.response).toMatchObject({ minutesLeft: -40, secondsLeft: -40 * 60, percentUsed: 144 });
  });

  it('skips the New Year holiday and counts the make-up Sunday', async () => {
    // Wednesday 31 December 2025 17:00; 1–3 January 2026 are off, Sunday 4 January is a make-up workday.
    t.clock.set(bj('2025-12-31 17:00'));
    const tk = await createTicket(t, { responseMinutes: null, resolutionMinutes: 120 });
    expect(wall(tk.resolutionDueAt)).toBe('2026-01-04 10:00');
    t.clock.set(bj('2026-01-02 10:00'));
    const holiday = await sla(tk.id, await t.login('handler'));
    expect(holiday.sla.response).toBeNull();
    expect(holiday.sla.resolution).toMatchObject({
      state: 'running',
      minutesLeft: 90,
      percentUsed: 25,
      ticking: false,
      changesAt: bj('2026-01-04 08:30').toISOString(),
    });
  });

  it('freezes a paused clock at the pause, and stops the response clock at acceptance', async () => {
    t.clock.set(bj('2026-11-26 09:00'));
    const tk = await createTicket(t, { responseMinutes: 60, resolutionMinutes: 480 });
    t.clock.set(bj('2026-11-26 09:20'));
    let handler = await t.login('handler');
    ok(await t.inject({ method: 'POST', url: `/api/tickets/${tk.id}/accept`, cookie: handler }));
    t.clock.set(bj('2026-11-26 10:00'));
    handler = await t.login('handler');
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/tickets/${tk.id}/pause`,
        cookie: handler,
        payload: { reason: '等业主在家' },
      }),
    );
    // A day later the paused value has not moved: 480 − 60 minutes used.
    t.clock.set(bj('2026-11-27 15:00'));
    handler = await t.login('handler');
    const paused = await sla(tk.id, handler);
    expect(paused.sla.resolution).toMatchObject({
      state: 'paused',
      minutesLeft: 420,
      at: bj('2026-11-26 10:00').toISOString(),
      ticking: false,
      changesAt: null,
    });
    expect(paused.sla.response).toMatchObject({ state: 'stopped', minutesLeft: 40, percentUsed: 33 });
    // Resumed: the same 420 minutes, ticking on.
    ok(await t.inject({ method: 'POST', url: `/api/tickets/${tk.id}/resume`, cookie: handler, payload: {} }));
    const resumed = await sla(tk.id, handler);
    expect(resumed.sla.resolution).toMatchObject({ state: 'running', minutesLeft: 420, ticking: true });
  });
});

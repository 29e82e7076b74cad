// Due SLA timers for the sweep checks (3 and 4): tickets made through the API, their timers moved
// into the past in SQL, the sweep job sent as its every-minute schedule would, and the count of
// each timer's effects afterwards.
import type pg from 'pg';
import { PgBoss } from 'pg-boss';
import { SLA_SWEEP_QUEUE } from '../src/modules/ticket/ticket.sweep.js';
import { assert, call, receptionBody, scalar, sleep } from './lib.js';

/** Makes `receptions` × 10 open repair tickets through `base` and moves all their timers into the past. */
export async function dueTickets(pool: pg.Pool, base: string, cookie: string, receptions: number): Promise<string[]> {
  const template = await receptionBody(pool, '');
  const ticket = template.tickets[0];
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < receptions) {
      const i = next++;
      const answer = await call(base, 'POST', '/api/receptions', {
        cookie,
        body: {
          ...template,
          content: `rel-sweep ${i} 公共区域照明故障`,
          tickets: Array.from({ length: 10 }, () => ticket),
        },
      });
      assert(answer.status === 201, `reception for the sweep: ${answer.status} ${answer.text.slice(0, 200)}`);
      ids.push(...(answer.body as { tickets: { id: string }[] }).tickets.map((t) => t.id));
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  // All pending timers of these tickets into the past, in their order (the latest a minute ago).
  await pool.query(
    `with pending as (select id, fire_at from sla_timer
        where ticket_id = any($1::uuid[]) and fired_at is null and cancelled_at is null and fire_at is not null),
      shift as (select max(fire_at) - now() + interval '1 minute' as by from pending)
     update sla_timer s set fire_at = s.fire_at - shift.by from pending, shift where s.id = pending.id`,
    [ids],
  );
  return ids;
}

export async function dueCount(pool: pg.Pool, ids: string[]): Promise<number> {
  return scalar<number>(
    pool,
    `select count(*) from sla_timer where ticket_id = any($1::uuid[])
       and fired_at is null and cancelled_at is null and fire_at is not null and fire_at <= now()`,
    [ids],
  );
}

export async function firedCount(pool: pg.Pool, ids: string[]): Promise<number> {
  return scalar<number>(
    pool,
    'select count(*) from sla_timer where ticket_id = any($1::uuid[]) and fired_at is not null',
    [ids],
  );
}

/** Sends `count` sweep jobs now (the schedule sends one a minute; this does not wait for it). */
export async function kickSweep(url: string, count = 1): Promise<void> {
  const boss = new PgBoss({ connectionString: url, max: 1, supervise: false, schedule: false, migrate: false });
  boss.on('error', () => {});
  await boss.start();
  try {
    for (let i = 0; i < count; i++) await boss.send(SLA_SWEEP_QUEUE, {}, { retryLimit: 0, expireInSeconds: 300 });
  } finally {
    await boss.stop({ graceful: false, timeout: 2000 });
  }
}

/** Kicks the sweep until no timer of `ids` is due (at most `timeoutMs`). */
export async function sweepUntilDone(pool: pg.Pool, url: string, ids: string[], timeoutMs: number): Promise<number> {
  const started = Date.now();
  let lastKick = 0;
  while (Date.now() - started < timeoutMs) {
    if ((await dueCount(pool, ids)) === 0) return Date.now() - started;
    if (Date.now() - lastKick > 8000) {
      await kickSweep(url);
      lastKick = Date.now();
    }
    await sleep(200);
  }
  const jobs = await pool.query(
    'select name, state, count(*)::int as n from pgboss.job where name = $1 group by 1, 2',
    [SLA_SWEEP_QUEUE],
  );
  throw new Error(
    `timers still due after ${timeoutMs} ms: ${await dueCount(pool, ids)}; jobs ${JSON.stringify(jobs.rows)}`,
  );
}

export interface TimerAudit {
  timers: number;
  fired: number;
  cancelled: number;
  unfired: number;
  /** Fired timers whose effect is not exactly one timeline event. */
  wrongEffects: number;
  /** Timeline events of the sweep's kinds on these tickets, against fired timers. */
  events: number;
  escalations: number;
  firedEscalations: number;
}

/** Each fired timer against its effect: one sla_warning / overdue / escalated event, one escalation row. */
export async function auditTimers(pool: pg.Pool, ids: string[]): Promise<TimerAudit> {
  const { rows } = await pool.query<Record<string, string>>(
    `with mine as (select * from sla_timer where ticket_id = any($1::uuid[])),
     effects as (
       select m.id, (select count(*) from ticket_event e
          where e.ticket_id = m.ticket_id
            and e.kind = case m.kind when 'warning' then 'sla_warning' when 'due' then 'overdue' else 'escalated' end
            and e.data->>'clock' = m.clock and (e.data->>'round')::int = m.round
            and (m.kind <> 'escalation' or (e.data->>'level')::int = m.level)) as n
       from mine m where m.fired_at is not null)
     select
       (select count(*) from mine) as timers,
       (select count(*) from mine where fired_at is not null) as fired,
       (select count(*) from mine where cancelled_at is not null) as cancelled,
       (select count(*) from mine where fired_at is null and cancelled_at is null
          and fire_at is not null and fire_at <= now()) as unfired,
       (select count(*) from effects where n <> 1) as wrong_effects,
       (select count(*) from ticket_event where ticket_id = any($1::uuid[])
          and kind in ('sla_warning', 'overdue', 'escalated')) as events,
       (select count(*) from ticket_escalation where ticket_id = any($1::uuid[])) as escalations,
       (select count(*) from mine where fired_at is not null and kind = 'escalation') as fired_escalations`,
    [ids],
  );
  const r = rows[0] ?? {};
  const n = (k: string) => Number(r[k] ?? -1);
  return {
    timers: n('timers'),
    fired: n('fired'),
    cancelled: n('cancelled'),
    unfired: n('unfired'),
    wrongEffects: n('wrong_effects'),
    events: n('events'),
    escalations: n('escalations'),
    firedEscalations: n('fired_escalations'),
  };
}

export function describeAudit(a: TimerAudit): string {
  return (
    `${a.timers} timers: ${a.fired} fired, ${a.cancelled} cancelled, ${a.unfired} left due; ` +
    `${a.events} events for ${a.fired} fired (${a.wrongEffects} not exactly once), ` +
    `${a.escalations} escalation rows for ${a.firedEscalations} fired escalations`
  );
}

export function assertExactlyOnce(a: TimerAudit): void {
  const text = describeAudit(a);
  assert(a.fired > 0, `nothing fired: ${text}`);
  assert(a.unfired === 0, `timers left unfired: ${text}`);
  assert(a.wrongEffects === 0 && a.events === a.fired, `a timer's effect not exactly once: ${text}`);
  assert(a.escalations === a.firedEscalations, `escalation rows do not match: ${text}`);
}

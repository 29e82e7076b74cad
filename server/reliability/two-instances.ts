// Check 4: two instances on one PostgreSQL (ports 27120 and 27121). A session made on A works on
// B; a ticket written on A and a signed CTI ringing event sent to A reach the agent's SSE stream
// on B; due SLA timers swept by both at once fire exactly once each.
import { randomUUID } from 'node:crypto';
import { ctiHeaders } from '../src/modules/callcenter/cti.signature.js';
import { assert, call, login, openPool, receptionBody, ServerProcess, SseClient, scalar, sleep } from './lib.js';
import type { Check } from './run.js';
import {
  assertExactlyOnce,
  auditTimers,
  describeAudit,
  dueCount,
  dueTickets,
  kickSweep,
  sweepUntilDone,
} from './sweep.js';

export const twoInstances: Check = {
  name: 'two-instances',
  async run(ctx) {
    const url = await ctx.createDatabase('two');
    const pool = openPool(url);
    let sse: SseClient | undefined;
    let handlerSse: SseClient | undefined;
    try {
      const a = new ServerProcess({ port: 27120, databaseUrl: url, ctx });
      const b = new ServerProcess({ port: 27121, databaseUrl: url, ctx });
      await Promise.all([a.start(), b.start()]);
      const cookie = await login(a.base, 'kefu', ctx.password);

      // The session cookie of A on B.
      const me = await call(b.base, 'GET', '/api/auth/me', { cookie });
      assert(me.status === 200, `A's session on B: ${me.status} ${me.text.slice(0, 200)}`);
      const username =
        (me.body as { username?: string; user?: { username?: string } }).username ??
        (me.body as { user?: { username?: string } }).user?.username;
      assert(username === 'kefu', `A's session on B is ${username}, not kefu`);

      // A write on A (a reception, then its ticket dispatched to the user "handler"), seen on B's
      // streams: the ticket event by the agent, the notification by the handler.
      sse = await SseClient.open(b.base, cookie);
      const handlerCookie = await login(b.base, 'handler', ctx.password);
      handlerSse = await SseClient.open(b.base, handlerCookie);
      const created = await call(a.base, 'POST', '/api/receptions', {
        cookie,
        body: await receptionBody(pool, `rel-two ${randomUUID()} 门禁卡失效`),
      });
      assert(created.status === 201, `reception on A: ${created.status} ${created.text.slice(0, 200)}`);
      const ticketId = (created.body as { tickets: { id: string }[] }).tickets[0]?.id;
      const handlerId = await scalar<string>(pool, "select id from app_user where username = 'handler'");
      const t0 = Date.now();
      const dispatched = await call(a.base, 'POST', `/api/tickets/${ticketId}/dispatch`, {
        cookie,
        body: { mode: 'manual', handlerKind: 'user', handlerUserId: handlerId },
      });
      assert(dispatched.status === 200, `dispatch on A: ${dispatched.status} ${dispatched.text.slice(0, 200)}`);
      const ticketEvent = await sse.waitFor(
        (e) => e.event === 'ticket' && (e.data as { ticketId?: string }).ticketId === ticketId,
        5000,
      );
      assert(ticketEvent, `the dispatch on A did not reach the agent's stream on B within 5 s`);
      const ticketMs = ticketEvent.at - t0;
      const note = await handlerSse.waitFor(
        (e) => e.event === 'notification' && (e.data as { ticketId?: string }).ticketId === ticketId,
        5000,
      );
      assert(note, `the dispatch on A did not reach the handler's stream on B as a notification within 5 s`);
      const noteMs = note.at - t0;
      handlerSse.close();

      // The screen pop: ringing at kefu's extension, sent to A, on B's stream.
      const extension = await scalar<string>(pool, "select extension from app_user where username = 'kefu'");
      assert(extension, 'kefu has no extension');
      const callId = `rel-two-${randomUUID()}`;
      const body = JSON.stringify({
        event: 'ringing',
        callId,
        direction: 'inbound',
        callerNumber: '13800138000',
        calledNumber: '4008200000',
        extension,
        occurredAt: new Date().toISOString(),
      });
      const t1 = Date.now();
      const rang = await fetch(`${a.base}/api/cti/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ctiHeaders(ctx.ctiSecret, body) },
        body,
      });
      assert(rang.ok, `CTI ringing on A: ${rang.status} ${await rang.text()}`);
      const pop = await sse.waitFor(
        (e) => e.event === 'call' && (e.data as { state?: string }).state === 'ringing',
        5000,
      );
      assert(pop, `the ringing call sent to A did not reach kefu's stream on B within 5 s`);
      const popMs = pop.at - t1;
      sse.close();
      sse = undefined;

      // Due timers, swept by both instances at once (two jobs; each instance's worker takes one).
      const ids = await dueTickets(pool, a.base, cookie, 2);
      const due = await dueCount(pool, ids);
      await kickSweep(url, 2);
      const sweepMs = await sweepUntilDone(pool, url, ids, 90_000);
      await kickSweep(url, 2);
      await sleep(3000);
      const audit = await auditTimers(pool, ids);
      assertExactlyOnce(audit);
      assert(a.alive && b.alive, 'an instance died');
      return (
        `session of A accepted by B; dispatch on A reached B as a ticket event in ${ticketMs} ms and as the handler's notification in ${noteMs} ms; ` +
        `screen pop on B ${popMs} ms after the ringing on A; ${due} due timers swept in ${(sweepMs / 1000).toFixed(1)} s: ${describeAudit(audit)}`
      );
    } finally {
      sse?.close();
      handlerSse?.close();
      await pool.end();
    }
  },
};

import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../src/modules/notification/notification.service.js';
import type { ZodApp } from '../src/platform/routes.js';
import { createTestApp, ok, type TestApp } from './harness.js';
import { createTicket, userId } from './ticket-fixtures.js';

let t: TestApp;
let other: ZodApp;

beforeAll(async () => {
  t = await createTestApp();
  // A second instance on the same database: on PostgreSQL its own LISTEN connection.
  other = await t.buildApp({});
});

afterAll(async () => {
  await t?.close();
});

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** An open SSE stream and the events read from it so far. */
class Stream {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  ended = false;
  private buffer = '';
  private waiters: (() => void)[] = [];

  constructor(readonly body: Readable) {
    body.setEncoding('utf8');
    body.on('data', (chunk: string) => {
      this.buffer += chunk;
      let cut = this.buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = this.buffer.slice(0, cut);
        this.buffer = this.buffer.slice(cut + 2);
        const lines = block.split('\n');
        const name = lines.find((l) => l.startsWith('event: '))?.slice(7);
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
        if (name && data) this.events.push({ event: name, data: JSON.parse(data) });
        for (const l of lines) if (l.startsWith(':')) this.comments.push(l.slice(1).trim());
        cut = this.buffer.indexOf('\n\n');
      }
      this.wake();
    });
    body.on('end', () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Waits until `test` holds (fails after 15 s rather than hanging the suite). */
  async until(test: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!test()) {
      if (Date.now() > deadline)
        throw new Error(`stream: gave up waiting for ${what}; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  close() {
    this.body.destroy();
  }
}

async function connect(app: ZodApp, cookie: string): Promise<Stream> {
  const response = await app.inject({ method: 'GET', url: '/api/events', headers: { cookie }, payloadAsStream: true });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
  const stream = new Stream(response.stream());
  await stream.until(() => stream.comments.includes('connected'), 'the connected comment');
  return stream;
}

describe('GET /api/events', () => {
  it('refuses a request without a session', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/events' });
    expect(response.statusCode).toBe(401);
  });

  it('delivers a notification written through one instance to a client of another', async () => {
    const ticket = await createTicket(t);
    const handlerStream = await connect(other, await t.login('handler'));
    // 杭州公司's administrator: neither concerned nor in scope.
    const outsider = await connect(other, await t.login('hz_admin'));
    const supervisor = await connect(t.app, await t.login('supervisor'));
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/instructions`,
        cookie: await t.login('leader'),
        payload: { body: '请今天之内上门处理，并向业主致歉' },
      }),
      201,
    );
    await handlerStream.until(
      () =>
        handlerStream.events.some((e) => e.event === 'notification') &&
        handlerStream.events.some((e) => e.event === 'ticket'),
      'notification and ticket events',
    );
    const note = handlerStream.events.find((e) => e.event === 'notification');
    expect(Object.keys(note?.data ?? {}).sort()).toEqual(['id', 'ticketId', 'title']);
    expect(note?.data.ticketId).toBe(ticket.id);
    expect(String(note?.data.title)).toContain(ticket.publicNo);
    const change = handlerStream.events.find((e) => e.event === 'ticket');
    expect(change?.data).toEqual({ ticketId: ticket.id, publicNo: ticket.publicNo, state: 'dispatched' });
    expect(handlerStream.events.some((e) => e.event === 'workbench')).toBe(true);
    // The supervisor of 浦东管理处 sees the ticket's change (scope) but gets no notification.
    await supervisor.until(() => supervisor.events.some((e) => e.event === 'ticket'), 'the ticket event in scope');
    expect(supervisor.events.some((e) => e.event === 'notification')).toBe(false);
    // Another event after the instruction proves the outsider's stream is live and got nothing before it.
    const hzAdminTicket = await createTicket(t, {
      projectCode: 'HZ-XXYL',
      handlerUsername: 'hz_admin',
      ownerUsername: 'hz_admin',
    });
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/tickets/${hzAdminTicket.id}/instructions`,
        cookie: await t.login('leader'),
        payload: { body: '请关注' },
      }),
      201,
    );
    await outsider.until(
      () => outsider.events.some((e) => e.event === 'notification'),
      'the outsider’s own notification',
    );
    expect(outsider.events.filter((e) => e.event === 'ticket').map((e) => e.data.ticketId)).toEqual([hzAdminTicket.id]);
    for (const s of [handlerStream, outsider, supervisor]) s.close();
  });

  it('sends nothing for a write that rolls back', async () => {
    const ticket = await createTicket(t);
    const stream = await connect(t.app, await t.login('handler'));
    const id = await userId(t, 'handler');
    await expect(
      t.deps.db.transaction(async (tx) => {
        await notify(tx, { userIds: [id], kind: 'note', title: '回滚的消息', ticketId: ticket.id, now: t.clock.now });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await t.deps.db.transaction(async (tx) => {
      await notify(tx, { userIds: [id], kind: 'note', title: '提交的消息', ticketId: ticket.id, now: t.clock.now });
    });
    await stream.until(() => stream.events.some((e) => e.event === 'notification'), 'the committed notification');
    expect(stream.events.filter((e) => e.event === 'notification').map((e) => e.data.title)).toEqual(['提交的消息']);
    stream.close();
  });

  // PostgreSQL only: PGlite's listener is in-process and has no connection to lose.
  it.skipIf(!process.env.TEST_DATABASE_URL)('listens again after its connection is cut', async () => {
    const ticket = await createTicket(t);
    const stream = await connect(other, await t.login('handler'));
    const id = await userId(t, 'handler');
    const cut = await t.deps.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = 'linli-realtime' and datname = current_database()`,
    );
    expect((cut as unknown as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    // A NOTIFY sent while no one listens is gone; send until the reconnected listener hears one.
    for (let i = 0; i < 60 && !stream.events.some((e) => e.event === 'notification'); i++) {
      await t.deps.db.transaction(async (tx) => {
        await notify(tx, { userIds: [id], kind: 'note', title: '重连后的消息', ticketId: ticket.id, now: t.clock.now });
      });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(stream.events.find((e) => e.event === 'notification')?.data.title).toBe('重连后的消息');
    stream.close();
  });

  it('ends a stream at its heartbeat once the session has ended', async () => {
    const cookie = await t.login('handler');
    const stream = await connect(other, cookie);
    const kept = await connect(other, await t.login('handler'));
    await other.realtime.heartbeatAll();
    await stream.until(() => stream.comments.includes('heartbeat'), 'a heartbeat');
    expect(stream.ended).toBe(false);
    ok(await t.inject({ method: 'POST', url: '/api/auth/logout', cookie }));
    await other.realtime.heartbeatAll();
    await stream.until(() => stream.ended, 'the end of the logged-out stream');
    // The same user's other session goes on.
    expect(kept.ended).toBe(false);
    kept.close();
  });

  it('ends open streams when the app closes', async () => {
    const third = await t.buildApp({});
    const stream = await connect(third, await t.login('handler'));
    expect(third.realtime.connectionCount).toBe(1);
    await third.close();
    await stream.until(() => stream.ended, 'the end of the stream');
    expect(third.realtime.connectionCount).toBe(0);
  });
});

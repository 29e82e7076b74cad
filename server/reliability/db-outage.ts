// Check 2: the database goes away under load. The server reaches PostgreSQL through a TCP proxy
// (127.0.0.1:27110); under a steady stream of reads and writes the proxy drops every connection
// and refuses new ones for 5 s, then comes back. During the outage each request must end fast
// (< 6 s) with 503, Retry-After and a problem+json body — never a 500, never a hang; after it
// the same process answers 2xx again within 10 s; every acknowledged write is in the database.
import { randomUUID } from 'node:crypto';
import {
  type Answer,
  assert,
  call,
  login,
  openPool,
  receptionBody,
  ServerProcess,
  SseClient,
  scalar,
  sleep,
  TcpProxy,
  withDatabase,
} from './lib.js';
import type { Check } from './run.js';

const PROXY_PORT = 27110;
const OUTAGE_MS = 5000;

interface Sample {
  kind: 'read' | 'write' | 'health';
  start: number;
  end: number;
  status: number | 'network' | 'timeout';
  retryAfter: string | null;
  problem: boolean;
  detail: string;
}

export const dbOutage: Check = {
  name: 'db-outage',
  async run(ctx) {
    const url = await ctx.createDatabase('outage');
    const direct = new URL(url);
    const proxy = new TcpProxy(PROXY_PORT, { host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.up();
    const proxied = withDatabase(`postgres://${direct.username}@127.0.0.1:${PROXY_PORT}/x`, direct.pathname.slice(1));
    const pool = openPool(url);
    try {
      const server = new ServerProcess({ port: 27111, databaseUrl: proxied, ctx });
      await server.start();
      const pid = server.pid;
      const cookie = await login(server.base, 'kefu', ctx.password);
      const template = await receptionBody(pool, '');
      const samples: Sample[] = [];
      const acked: string[] = [];
      let stop = false;

      const record = async (kind: Sample['kind'], run: () => Promise<Answer>) => {
        const start = Date.now();
        try {
          const a = await run();
          const problem = (a.headers.get('content-type') ?? '').startsWith('application/problem+json');
          samples.push({
            kind,
            start,
            end: Date.now(),
            status: a.status,
            retryAfter: a.headers.get('retry-after'),
            problem,
            detail: a.text.slice(0, 160),
          });
          return a;
        } catch (error) {
          const timeout = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
          samples.push({
            kind,
            start,
            end: Date.now(),
            status: timeout ? 'timeout' : 'network',
            retryAfter: null,
            problem: false,
            detail: String(error),
          });
          return null;
        }
      };
      const writer = async () => {
        while (!stop) {
          const content = `rel-outage ${randomUUID()} 电梯异响`;
          const a = await record('write', () =>
            call(server.base, 'POST', '/api/receptions', {
              cookie,
              body: { ...template, content },
              headers: { 'idempotency-key': randomUUID() },
              timeoutMs: 15_000,
            }),
          );
          if (a?.status === 201) acked.push((a.body as { reception: { id: string } }).reception.id);
          await sleep(50);
        }
      };
      const reader = async () => {
        while (!stop) {
          await record('read', () =>
            call(server.base, 'GET', '/api/tickets?pageSize=20', { cookie, timeoutMs: 15_000 }),
          );
          await record('health', () => call(server.base, 'GET', '/api/health', { timeoutMs: 15_000 }));
          await sleep(50);
        }
      };
      // A live-update stream opened before the outage, to see it carry events after it.
      const sse = await SseClient.open(server.base, cookie);
      const load = [writer(), writer(), reader(), reader()];
      await sleep(2000);
      const downAt = Date.now();
      await proxy.down();
      await sleep(OUTAGE_MS);
      await proxy.up();
      const upAt = Date.now();
      // Recovery: a read and a write answered 2xx after the proxy is back.
      let recoveredAt = 0;
      while (Date.now() - upAt < 15_000) {
        const okAfter = (kind: Sample['kind']) =>
          samples.some((s) => s.kind === kind && s.start >= upAt && typeof s.status === 'number' && s.status < 300);
        if (okAfter('read') && okAfter('write') && okAfter('health')) {
          recoveredAt = Math.max(
            ...(['read', 'write', 'health'] as const).map(
              (kind) =>
                samples.find(
                  (s) => s.kind === kind && s.start >= upAt && typeof s.status === 'number' && s.status < 300,
                )?.end ?? 0,
            ),
          );
          break;
        }
        await sleep(100);
      }
      await sleep(1500);
      stop = true;
      await Promise.all(load);
      // The realtime listener lost its connection too: a dispatch now still reaches the stream.
      const created = await call(server.base, 'POST', '/api/receptions', {
        cookie,
        body: { ...template, content: `rel-outage ${randomUUID()} 停车杆故障` },
      });
      const ticketId = (created.body as { tickets?: { id: string }[] }).tickets?.[0]?.id;
      const handlerId = await scalar<string>(pool, "select id from app_user where username = 'handler'");
      const dispatched = await call(server.base, 'POST', `/api/tickets/${ticketId}/dispatch`, {
        cookie,
        body: { mode: 'manual', handlerKind: 'user', handlerUserId: handlerId },
      });
      const live = await sse.waitFor(
        (e) => e.event === 'ticket' && (e.data as { ticketId?: string }).ticketId === ticketId,
        10_000,
      );
      sse.close();

      const during = samples.filter((s) => s.start >= downAt && s.start < upAt);
      const refused = during.filter((s) => s.status === 503);
      const slow = during.filter((s) => s.end - s.start >= 6000);
      const bad = samples.filter(
        (s) => typeof s.status !== 'number' || (s.status >= 300 && s.status !== 503) || s.status === 500,
      );
      const malformed = samples.filter((s) => s.status === 503 && (!s.retryAfter || !s.problem));
      const longest = Math.max(0, ...during.map((s) => s.end - s.start));
      const found = await pool.query<{ id: string }>('select id from reception_record where id = any($1::uuid[])', [
        acked,
      ]);
      const missing = acked.length - found.rows.length;
      const recoveryMs = recoveredAt ? recoveredAt - upAt : -1;
      const detail =
        `${samples.length} requests, ${during.length} during the 5 s outage (${refused.length}×503, ` +
        `longest ${longest} ms), recovered ${recoveryMs} ms after the database came back, ` +
        `${acked.length} writes acknowledged, ${missing} missing, same process ${server.pid === pid && server.alive}, ` +
        `live updates after it ${live ? 'yes' : 'no'}`;
      const show = (list: Sample[]) =>
        list
          .slice(0, 3)
          .map((s) => `${s.kind} ${s.status} after ${s.end - s.start} ms: ${s.detail}`)
          .join(' | ');
      assert(server.pid === pid && server.alive, `the server process died; ${detail}\n${server.log}`);
      assert(bad.length === 0, `${bad.length} answers neither 2xx nor 503 (${show(bad)}); ${detail}`);
      assert(slow.length === 0, `${slow.length} requests took 6 s or more (${show(slow)}); ${detail}`);
      assert(refused.length > 0, `no 503 during the outage; ${detail}`);
      assert(malformed.length === 0, `503 without Retry-After or problem+json (${show(malformed)}); ${detail}`);
      assert(recoveryMs >= 0 && recoveryMs <= 10_000, `no 2xx within 10 s after the database came back; ${detail}`);
      assert(missing === 0, `acknowledged writes missing; ${detail}`);
      assert(
        created.status === 201 && dispatched.status === 200,
        `write after the outage: ${created.status}/${dispatched.status}`,
      );
      assert(live, `no live update on a stream opened before the outage within 10 s of a dispatch after it; ${detail}`);
      return detail;
    } finally {
      await pool.end();
      await proxy.down();
    }
  },
};

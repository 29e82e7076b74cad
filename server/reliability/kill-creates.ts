// Check 1: SIGKILL during creates. Clients stream receptions (each with one ticket) with a fresh
// Idempotency-Key per logical create; servers are killed with SIGKILL at random moments; every
// unacknowledged create is retried with the SAME key against a server started afresh until it is
// acknowledged. At the end every acknowledged create exists exactly once.
//
// To fit 100 kills in the time, `--slots` server processes share the database (ports 27101…):
// one serves, the others are starting or ready; a kill moves the clients to the next ready one
// while the killed one starts again. Each process is fresh (nothing of the killed one survives
// but the database), which is what a restart is.
import { randomUUID } from 'node:crypto';
import { assert, call, login, openPool, receptionBody, ServerProcess, say, scalar, sleep } from './lib.js';
import type { Check } from './run.js';

const MARK = 'rel-kill';
const WORKERS = 3;

export const killCreates: Check = {
  name: 'kill-creates',
  async run(ctx) {
    const cycles = Number(ctx.options.cycles ?? 100);
    const slotCount = Math.max(1, Number(ctx.options.slots ?? 2));
    assert(Number.isInteger(cycles) && cycles >= 1, `--cycles must be a positive integer (${ctx.options.cycles})`);
    const url = await ctx.createDatabase('kill');
    const pool = openPool(url);
    try {
      const slots = Array.from(
        { length: slotCount },
        (_, i) => new ServerProcess({ port: 27101 + i, databaseUrl: url, ctx }),
      );
      const starting = new Map<ServerProcess, Promise<number>>();
      const startSlot = (s: ServerProcess) => {
        const p = s.start();
        p.catch(() => {});
        starting.set(s, p);
        return p;
      };
      const startMs: number[] = [];
      await Promise.all(slots.map((s) => startSlot(s).then((ms) => startMs.push(ms))));
      let current = 0;
      const cookie = await login(slots[0]?.base ?? '', 'kefu', ctx.password);
      const template = await receptionBody(pool, '');

      const acked = new Map<string, { marker: string; receptionId: string; ticketIds: string[] }>();
      const stats = { attempts: 0, replays: 0, inProgress: 0, networkErrors: 0, unavailable: 0 };
      let stop = false;
      let inFlight = 0;
      const unexpected: string[] = [];

      const worker = async () => {
        while (!stop) {
          const key = randomUUID();
          const marker = `${MARK} ${key}`;
          const body = { ...template, content: `${marker} 卫生间漏水` };
          // A claim left without an answer says 409 forever: 30 s of nothing but 409 is a failure.
          let first409 = 0;
          for (;;) {
            if (first409 && Date.now() - first409 > 30_000) {
              unexpected.push(`create ${key}: 409 IDEMPOTENCY_IN_PROGRESS for 30 s (a claim left without an answer)`);
              break;
            }
            const server = slots[current];
            if (!server) throw new Error('no slot');
            stats.attempts++;
            inFlight++;
            try {
              const answer = await call(server.base, 'POST', '/api/receptions', {
                cookie,
                body,
                headers: { 'idempotency-key': key },
                timeoutMs: 20_000,
              });
              if (answer.status === 201) {
                if (answer.headers.get('idempotent-replayed') === 'true') stats.replays++;
                const b = answer.body as { reception: { id: string }; tickets: { id: string }[] };
                acked.set(key, { marker, receptionId: b.reception.id, ticketIds: b.tickets.map((t) => t.id) });
                break;
              }
              if (answer.status === 409) {
                stats.inProgress++;
                first409 ||= Date.now();
              } else if (answer.status === 503) stats.unavailable++;
              else {
                unexpected.push(`${answer.status} ${answer.text.slice(0, 200)}`);
                break;
              }
            } catch {
              stats.networkErrors++;
              first409 = 0;
            } finally {
              inFlight--;
            }
            await sleep(30);
          }
        }
      };

      const started = Date.now();
      const workers = Array.from({ length: WORKERS }, () => worker());
      const restartMs: number[] = [];
      const inFlightAtKill: number[] = [];
      let lastLine = Date.now();
      try {
        for (let cycle = 1; cycle <= cycles && unexpected.length === 0; cycle++) {
          const victim = slots[current];
          const next = (current + 1) % slots.length;
          const nextSlot = slots[next];
          if (!victim || !nextSlot) throw new Error('no slot');
          // The next process is up before this one dies (with one slot: it starts after the kill).
          if (nextSlot !== victim) {
            if (!nextSlot.alive) startSlot(nextSlot);
            await starting.get(nextSlot);
          }
          // Serve for a random moment, with at least one create answered by this process.
          const before = acked.size;
          await sleep(150 + Math.random() * 450);
          const waitFrom = Date.now();
          while (acked.size === before && unexpected.length === 0) {
            if (Date.now() - waitFrom > 60_000) throw new Error(`no create answered within 60 s (kill ${cycle})`);
            await sleep(20);
          }
          inFlightAtKill.push(inFlight);
          await victim.kill9();
          if (nextSlot === victim) {
            const t = Date.now();
            await startSlot(victim);
            restartMs.push(Date.now() - t);
          } else {
            void startSlot(victim).then(
              (ms) => restartMs.push(ms),
              () => {},
            );
          }
          current = next;
          if (Date.now() - lastLine > 15_000) {
            say(`  kill-creates: ${cycle}/${cycles} kills, ${acked.size} acknowledged`);
            lastLine = Date.now();
          }
        }
      } finally {
        stop = true;
      }
      await Promise.race([
        Promise.all(workers),
        sleep(60_000).then(() => {
          throw new Error('the clients did not finish their last creates within 60 s');
        }),
      ]);
      const elapsed = Date.now() - started;
      assert(unexpected.length === 0, `unexpected answers: ${unexpected.slice(0, 3).join(' | ')}`);

      // Every acknowledged create exactly once, under the id it was acknowledged with.
      const rows = await pool.query<{ id: string; content: string }>(
        'select id, content from reception_record where content like $1',
        [`${MARK} %`],
      );
      const byMarker = new Map<string, string[]>();
      for (const r of rows.rows) {
        const marker = r.content.slice(0, MARK.length + 1 + 36);
        byMarker.set(marker, [...(byMarker.get(marker) ?? []), r.id]);
      }
      let lost = 0;
      let duplicates = 0;
      for (const a of acked.values()) {
        const ids = byMarker.get(a.marker) ?? [];
        if (!ids.includes(a.receptionId)) lost++;
        if (ids.length > 1) duplicates += ids.length - 1;
      }
      const strays = [...byMarker.keys()].filter((m) => ![...acked.values()].some((a) => a.marker === m)).length;
      const ticketIds = [...acked.values()].flatMap((a) => a.ticketIds);
      const tickets = await scalar<number>(pool, 'select count(*) from ticket where id = any($1::uuid[])', [ticketIds]);
      const ticketRows = await scalar<number>(
        pool,
        'select count(*) from ticket t join reception_record r on r.id = t.reception_id where r.content like $1',
        [`${MARK} %`],
      );
      const stuck = await scalar<number>(pool, 'select count(*) from idempotency_key where response_status is null');
      const avgRestart = restartMs.length ? Math.round(restartMs.reduce((a, b) => a + b, 0) / restartMs.length) : 0;
      const detail =
        `${acked.size} acknowledged, ${cycles} kills, lost=${lost}, duplicates=${duplicates}, ` +
        `unacknowledged rows=${strays}, tickets ${tickets}/${ticketIds.length} (rows ${ticketRows}), stuck keys=${stuck}; ` +
        `${inFlightAtKill.reduce((x, y) => x + y, 0)} creates in flight at the kills ` +
        `(${inFlightAtKill.filter((n) => n > 0).length} kills hit one); ` +
        `${stats.attempts} attempts, ${stats.replays} replayed, ${stats.inProgress}×409, ${stats.unavailable}×503, ` +
        `${stats.networkErrors} network errors; ${slotCount} slots, start ${Math.max(...startMs)} ms, ` +
        `restart avg ${avgRestart} ms, ${(elapsed / 1000).toFixed(1)} s`;
      assert(acked.size > 0, `nothing acknowledged: ${detail}`);
      assert(lost === 0 && duplicates === 0 && strays === 0, detail);
      assert(tickets === ticketIds.length && ticketRows === ticketIds.length, detail);
      assert(stuck === 0, detail);
      return detail;
    } finally {
      await pool.end();
    }
  },
};

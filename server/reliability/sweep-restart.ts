// Check 3: SIGKILL while the SLA sweep fires a backlog of due timers, a restart, the sweep again:
// each timer fired exactly once (one timeline event, one escalation row), none left due.

import { assert, login, openPool, ServerProcess, say, sleep } from './lib.js';
import type { Check } from './run.js';
import {
  assertExactlyOnce,
  auditTimers,
  describeAudit,
  dueCount,
  dueTickets,
  firedCount,
  kickSweep,
  sweepUntilDone,
} from './sweep.js';

const RECEPTIONS = 3;

export const sweepRestart: Check = {
  name: 'sweep-restart',
  async run(ctx) {
    const url = await ctx.createDatabase('sweep');
    const pool = openPool(url);
    try {
      const server = new ServerProcess({ port: 27130, databaseUrl: url, ctx });
      await server.start();
      const cookie = await login(server.base, 'kefu', ctx.password);
      const ids = await dueTickets(pool, server.base, cookie, RECEPTIONS);
      const due = await dueCount(pool, ids);
      assert(due > 0, 'no due timers prepared');
      say(`  sweep-restart: ${ids.length} tickets with ${due} due timers`);
      await kickSweep(url);
      // Kill once the sweep is under way, at a random point of its first half.
      const killAt = 3 + Math.floor(Math.random() * (due / 2));
      const deadline = Date.now() + 30_000;
      let firedAtKill = 0;
      while (Date.now() < deadline) {
        firedAtKill = await firedCount(pool, ids);
        if (firedAtKill >= killAt) break;
        await sleep(20);
      }
      await server.kill9();
      const firedAfterKill = await firedCount(pool, ids);
      assert(firedAtKill > 0, `the sweep did not start within 30 s (${due} due)`);
      assert(firedAfterKill < due, `the sweep finished before the kill (${firedAfterKill}/${due} fired)`);
      const restartMs = await server.start();
      const finishMs = await sweepUntilDone(pool, url, ids, 90_000);
      // A last sweep finds nothing more to do (nothing fires twice).
      await kickSweep(url);
      await sleep(3000);
      const audit = await auditTimers(pool, ids);
      assertExactlyOnce(audit);
      return (
        `${ids.length} tickets, ${due} due; killed with ${firedAfterKill} fired, restart ${restartMs} ms, ` +
        `rest fired in ${(finishMs / 1000).toFixed(1)} s; ${describeAudit(audit)}`
      );
    } finally {
      await pool.end();
    }
  },
};

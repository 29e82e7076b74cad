import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DbOrTx } from '../db/client.js';
import { canonicalJson } from './audit.js';
import type { AuthedContext, Deps } from './context.js';
import { AppError } from './errors.js';
import { idempotencyKey } from './idempotency.table.js';

/** Keys are remembered this long; a client retrying later than that is making a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
const PURGE_EVERY_MS = 60_000;
/** When each database's expired keys were last purged (by its clock). */
const purgedAt = new WeakMap<object, number>();

export interface StoredReply {
  status: number;
  body: unknown;
}

/**
 * Runs a create at most once per `Idempotency-Key` (QUALITY.md 16). Without the header the create
 * simply runs. With it:
 *
 * - the key is claimed first (`INSERT … ON CONFLICT DO NOTHING`, committed on its own), so a
 *   concurrent duplicate finds the claim and gets 409 IDEMPOTENCY_IN_PROGRESS instead of
 *   running the create a second time;
 * - after the create, its status and body are stored on the claim; a later repeat with the same
 *   body (hashed with the route) gets exactly that answer, marked `Idempotent-Replayed: true`;
 * - the same key with another body or route is 422 IDEMPOTENCY_KEY_REUSED;
 * - a create that fails releases the claim, so the client's retry runs it again.
 *
 * On PostgreSQL the claim, the create and the stored answer are one transaction (`run` gets
 * deps whose `db` is that transaction; the create's own transaction becomes a savepoint): a
 * process killed anywhere in between leaves either all of them or none, so the client's retry
 * with the same key is answered from the stored reply or runs the create afresh — never a stuck
 * claim (409 for a day) nor a second create. A concurrent duplicate waits on the uncommitted
 * claim and then replays its answer. PGlite (one connection, one process) keeps the claim in a
 * transaction of its own: queries outside a transaction would wait on it forever.
 *
 * Keys belong to the user (two agents may use the same key) and expire after 24 hours; expired
 * claims are purged as new ones arrive (at most once a minute).
 */
export async function idempotent(
  deps: Deps,
  ctx: AuthedContext,
  request: FastifyRequest,
  reply: FastifyReply,
  run: (deps: Deps) => Promise<StoredReply>,
): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  if (header === undefined) {
    const result = await run(deps);
    return reply.code(result.status).send(result.body);
  }
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !KEY_PATTERN.test(key)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
  const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
  const requestHash = createHash('sha256')
    .update(canonicalJson({ route, body: request.body ?? null }))
    .digest('hex');
  const userId = ctx.actor.id;
  const now = deps.clock();
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);

  // Expired keys (every user's) are purged at most once a minute per process: a purge on every
  // create was a round trip each, and concurrent purges of the same rows wait on each other.
  // A retry that meets its own expired key replaces it in claimKey.
  const lastPurge = purgedAt.get(deps.db);
  if (lastPurge === undefined || Math.abs(now.getTime() - lastPurge) >= PURGE_EVERY_MS) {
    purgedAt.set(deps.db, now.getTime());
    await deps.db.delete(idempotencyKey).where(lt(idempotencyKey.createdAt, cutoff));
  }

  if (deps.database.kind === 'postgresql') {
    const outcome = await deps.db.transaction(
      async (tx): Promise<{ replay: StoredReply } | { result: StoredReply }> => {
        const claim = await claimKey(tx, { userId, key, route, requestHash, now, cutoff });
        if (claim) return { replay: claim };
        const result = await run({ ...deps, db: tx });
        const body = storedBody(result);
        await tx
          .update(idempotencyKey)
          .set({ responseStatus: result.status, responseBody: body })
          .where(and(eq(idempotencyKey.userId, userId), eq(idempotencyKey.key, key)));
        return { result };
      },
    );
    if ('replay' in outcome) return replay(reply, outcome.replay);
    return reply.code(outcome.result.status).send(outcome.result.body);
  }

  const claim = await claimKey(deps.db, { userId, key, route, requestHash, now, cutoff });
  if (claim) return replay(reply, claim);
  const mine = and(eq(idempotencyKey.userId, userId), eq(idempotencyKey.key, key));
  let result: StoredReply;
  try {
    result = await run(deps);
  } catch (error) {
    await deps.db
      .delete(idempotencyKey)
      .where(mine)
      .catch(() => {});
    throw error;
  }
  await deps.db
    .update(idempotencyKey)
    .set({ responseStatus: result.status, responseBody: storedBody(result) })
    .where(mine);
  return reply.code(result.status).send(result.body);
}

/** Stored as the client will read it (dates as ISO strings). */
function storedBody(result: StoredReply): unknown {
  return JSON.parse(JSON.stringify(result.body ?? null)) as unknown;
}

function replay(reply: FastifyReply, stored: StoredReply): FastifyReply {
  return reply.code(stored.status).header('idempotent-replayed', 'true').send(stored.body);
}

/**
 * Claims the key: null when this request may run the create, else the stored answer to replay;
 * throws while another request with the key is running, or for the key used with another body.
 */
async function claimKey(
  db: DbOrTx,
  claim: { userId: string; key: string; route: string; requestHash: string; now: Date; cutoff: Date },
): Promise<StoredReply | null> {
  const insert = () =>
    db
      .insert(idempotencyKey)
      .values({
        userId: claim.userId,
        key: claim.key,
        route: claim.route,
        requestHash: claim.requestHash,
        createdAt: claim.now,
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKey.key });
  if ((await insert()).length > 0) return null;
  const mine = and(eq(idempotencyKey.userId, claim.userId), eq(idempotencyKey.key, claim.key));
  const [existing] = await db.select().from(idempotencyKey).where(mine);
  if (existing && existing.createdAt < claim.cutoff) {
    // Expired but not purged yet: a new request, as if the key had never been used.
    await db.delete(idempotencyKey).where(and(mine, lt(idempotencyKey.createdAt, claim.cutoff)));
    if ((await insert()).length > 0) return null;
    throw new AppError('IDEMPOTENCY_IN_PROGRESS');
  }
  if (!existing) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
  if (existing.requestHash !== claim.requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  if (existing.responseStatus === null) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
  return { status: existing.responseStatus, body: existing.responseBody };
}

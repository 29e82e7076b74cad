import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson } from './audit.js';
import type { AuthedContext, Deps } from './context.js';
import { AppError } from './errors.js';
import { idempotencyKey } from './idempotency.table.js';

/** Keys are remembered this long; a client retrying later than that is making a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

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
 * Keys belong to the user (two agents may use the same key) and expire after 24 hours; expired
 * claims are purged as new ones arrive.
 */
export async function idempotent(
  deps: Deps,
  ctx: AuthedContext,
  request: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<StoredReply>,
): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  if (header === undefined) {
    const result = await run();
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

  // Opportunistic purge of expired keys (every user's; the index on created_at serves it).
  await deps.db.delete(idempotencyKey).where(lt(idempotencyKey.createdAt, cutoff));

  const claimed = await deps.db
    .insert(idempotencyKey)
    .values({ userId, key, route, requestHash, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKey.key });
  if (claimed.length === 0) {
    const [existing] = await deps.db
      .select()
      .from(idempotencyKey)
      .where(and(eq(idempotencyKey.userId, userId), eq(idempotencyKey.key, key)));
    if (!existing) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
    if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (existing.responseStatus === null) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
    return reply.code(existing.responseStatus).header('idempotent-replayed', 'true').send(existing.responseBody);
  }

  const mine = and(eq(idempotencyKey.userId, userId), eq(idempotencyKey.key, key));
  let result: StoredReply;
  try {
    result = await run();
  } catch (error) {
    await deps.db
      .delete(idempotencyKey)
      .where(mine)
      .catch(() => {});
    throw error;
  }
  // Stored as the client will read it (dates as ISO strings).
  const body = JSON.parse(JSON.stringify(result.body ?? null)) as unknown;
  await deps.db.update(idempotencyKey).set({ responseStatus: result.status, responseBody: body }).where(mine);
  return reply.code(result.status).send(result.body);
}

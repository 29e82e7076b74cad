import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receptionRecord } from '../src/modules/ticket/ticket.table.js';
import { idempotencyKey } from '../src/platform/idempotency.table.js';
import { createTestApp, expectChineseProblem, expectProblem, HOUR, json, type TestApp } from './harness.js';
import { expectStatus, projectId, userId } from './ticket-fixtures.js';

let t: TestApp;
let kefu: string;
let llhy: string;

beforeAll(async () => {
  t = await createTestApp();
  kefu = await t.login('kefu');
  llhy = await projectId(t, 'SH-LLHY');
});

afterAll(async () => {
  await t?.close();
});

const post = (cookie: string, key: string | null, payload: object, url = '/api/receptions') =>
  t.inject({ method: 'POST', url, cookie, payload, headers: key ? { 'idempotency-key': key } : {} });

async function receptionsWith(content: string): Promise<number> {
  const rows = await t.deps.db
    .select({ id: receptionRecord.id })
    .from(receptionRecord)
    .where(eq(receptionRecord.content, content));
  return rows.length;
}

const body = (content: string) => ({
  projectId: llhy,
  channel: 'phone',
  content,
  tickets: [{ type: 'repair', dispatch: { mode: 'none' } }],
});

describe('Idempotency-Key on creates (QUALITY 16)', () => {
  it('answers a repeat with the same body with the stored response, creating nothing more', async () => {
    const first = await post(kefu, 'key-same-1', body('幂等：同一请求'));
    expectStatus(first, 201);
    const again = await post(kefu, 'key-same-1', body('幂等：同一请求'));
    expectStatus(again, 201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again)).toEqual(json(first));
    expect(await receptionsWith('幂等：同一请求')).toBe(1);
    // Without a key, the same body is a new reception.
    expectStatus(await post(kefu, null, body('幂等：同一请求')), 201);
    expect(await receptionsWith('幂等：同一请求')).toBe(2);
  });

  it('refuses the same key with another body (422) and keeps the first answer for the first body', async () => {
    expectStatus(await post(kefu, 'key-other-body', body('幂等：第一份')), 201);
    expectChineseProblem(await post(kefu, 'key-other-body', body('幂等：第二份')), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await receptionsWith('幂等：第二份')).toBe(0);
    // The same key on another create endpoint is another request too.
    const reception = await t.deps.db
      .select({ id: receptionRecord.id })
      .from(receptionRecord)
      .where(eq(receptionRecord.content, '幂等：第一份'));
    expectProblem(
      await post(kefu, 'key-other-body', { receptionId: reception[0]?.id, type: 'repair' }, '/api/tickets'),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('answers 409 while the first request with the key is still running', async () => {
    // A claim without a stored response is a request in flight.
    await t.deps.db.insert(idempotencyKey).values({
      userId: await userId(t, 'kefu'),
      key: 'key-in-flight',
      route: 'POST /api/receptions',
      requestHash: 'in-flight',
      createdAt: t.clock.now,
    });
    const response = await post(kefu, 'key-in-flight', body('幂等：处理中'));
    // The stored hash is another body's: a different body is 422; the same one would be 409.
    expectProblem(response, 422, 'IDEMPOTENCY_KEY_REUSED');
    await t.deps.db
      .update(idempotencyKey)
      .set({ requestHash: await hashOf(body('幂等：处理中')) })
      .where(eq(idempotencyKey.key, 'key-in-flight'));
    expectChineseProblem(await post(kefu, 'key-in-flight', body('幂等：处理中')), 409, 'IDEMPOTENCY_IN_PROGRESS');
    expect(await receptionsWith('幂等：处理中')).toBe(0);
  });

  it('runs two concurrent duplicates once: the other waits (409) or replays the same answer', async () => {
    const [a, b] = await Promise.all([
      post(kefu, 'key-concurrent', body('幂等：并发')),
      post(kefu, 'key-concurrent', body('幂等：并发')),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect([
      [201, 409],
      [201, 201],
    ]).toContainEqual(statuses);
    if (statuses[1] === 201) expect(json(a)).toEqual(json(b));
    else expect(json(a.statusCode === 409 ? a : b).code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(await receptionsWith('幂等：并发')).toBe(1);
    // Once the first has answered, a retry gets its answer.
    const retry = await post(kefu, 'key-concurrent', body('幂等：并发'));
    expectStatus(retry, 201);
    expect(json(retry)).toEqual(json(a.statusCode === 201 ? a : b));
  });

  it('releases the key when the create fails, and forgets keys after 24 hours', async () => {
    const bad = { ...body('幂等：失败后重试'), projectId: '00000000-0000-4000-8000-000000000000' };
    expectProblem(await post(kefu, 'key-retry', bad), 422, 'TICKET_REFERENCE_INVALID');
    // The failed attempt left no claim: the same key with the corrected body runs.
    expectStatus(await post(kefu, 'key-retry', body('幂等：失败后重试')), 201);

    t.clock.advance(25 * HOUR);
    kefu = await t.login('kefu');
    expectStatus(await post(kefu, 'key-retry', body('幂等：一天以后')), 201);
    const rows = await t.deps.db
      .select()
      .from(idempotencyKey)
      .where(and(eq(idempotencyKey.key, 'key-retry'), eq(idempotencyKey.userId, await userId(t, 'kefu'))));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.responseStatus).toBe(201);
  });

  it('treats a key expired since the last purge as new', async () => {
    expectStatus(await post(kefu, 'key-expiring', body('幂等：昨天')), 201);
    // A purge runs a little before the key expires (another create, more than a minute later) …
    t.clock.advance(24 * HOUR - 30_000);
    kefu = await t.login('kefu');
    expectStatus(await post(kefu, 'key-other', body('幂等：清理之前')), 201);
    // … and the next comes 40 s later: the key has expired, but no purge has removed it yet.
    t.clock.advance(40_000);
    const again = await post(kefu, 'key-expiring', body('幂等：今天'));
    expectStatus(again, 201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await receptionsWith('幂等：今天')).toBe(1);
  });

  it('keeps keys per user and refuses a malformed key', async () => {
    const supervisor = await t.login('supervisor');
    expectStatus(await post(kefu, 'key-shared', body('幂等：客服')), 201);
    expectStatus(await post(supervisor, 'key-shared', body('幂等：主管')), 201);
    expectProblem(await post(kefu, 'x'.repeat(201), body('幂等：键太长')), 400, 'IDEMPOTENCY_KEY_INVALID');
  });
});

async function hashOf(payload: object): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { canonicalJson } = await import('../src/platform/audit.js');
  return createHash('sha256')
    .update(canonicalJson({ route: 'POST /api/receptions', body: payload }))
    .digest('hex');
}

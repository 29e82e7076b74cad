import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { auditEntry } from '../src/modules/audit/audit.table.js';
import { RECEIPT_TOKEN_KEY } from '../src/modules/notification/message.receipts.js';
import { messageChannel, outboundMessage } from '../src/modules/notification/message.table.js';
import { redactUrl } from '../src/platform/logger.js';
import type { ZodApp } from '../src/platform/routes.js';
import { createTestApp, expectChineseProblem, ok, sheetRows, type TestApp } from './harness.js';

/**
 * 送达回执: the SMS providers' delivery reports move the sent log from 已发送 to 已送达 or 失败.
 * Bodies come from test/fixtures/providers/*-receipts.json (the providers' documented shapes).
 */

let t: TestApp;
let admin: string;

interface Fixture<T> {
  delivered: T[];
  failed: T[];
  answer: Record<string, unknown>;
}
interface AliyunReport {
  phone_number: string;
  report_time: string;
  success: boolean;
  err_code: string;
  err_msg: string;
  biz_id: string;
  out_id: string;
  [key: string]: unknown;
}
interface TencentReport {
  user_receive_time: string;
  mobile: string;
  report_status: string;
  errmsg: string;
  description: string;
  sid: string;
  [key: string]: unknown;
}

function fixture<T>(name: string): Fixture<T> {
  return JSON.parse(readFileSync(new URL(`./fixtures/providers/${name}.json`, import.meta.url), 'utf8'));
}
const aliyun = fixture<AliyunReport>('aliyun-sms-receipts');
const tencent = fixture<TencentReport>('tencent-sms-receipts');

function aliyunReport(kind: 'delivered' | 'failed', ids: { bizId: string; outId?: string }): AliyunReport {
  const base = aliyun[kind][0];
  if (!base) throw new Error(`no aliyun ${kind} fixture`);
  return { ...base, biz_id: ids.bizId, out_id: ids.outId ?? base.out_id };
}

function tencentReport(kind: 'delivered' | 'failed', sid: string): TencentReport {
  const base = tencent[kind][0];
  if (!base) throw new Error(`no tencent ${kind} fixture`);
  return { ...base, sid };
}

type Row = typeof outboundMessage.$inferSelect;

/** A message the sender recorded as sent through the provider, with the provider's id. */
async function sentMessage(
  provider: 'aliyun_sms' | 'tencent_sms',
  providerMessageId: string | null,
  state: Row['state'] = 'sent',
): Promise<Row> {
  const [row] = await t.deps.db
    .insert(outboundMessage)
    .values({
      channel: 'sms',
      event: 'dispatched',
      addressEnc: t.deps.secrets.encrypt('13900000001'),
      addressHash: t.deps.secrets.hash('13900000001'),
      addressMasked: '139****0001',
      body: '【邻里】您的报修已派工',
      state,
      attempts: 1,
      provider,
      providerMessageId,
      sentAt: t.clock.now,
    })
    .returning();
  if (!row) throw new Error('insert failed');
  return row;
}

const reload = async (id: string): Promise<Row> => {
  const [row] = await t.deps.db.select().from(outboundMessage).where(eq(outboundMessage.id, id));
  if (!row) throw new Error('message vanished');
  return row;
};

async function channel(): Promise<{ version: number; settings: Record<string, string>; receiptUrl: string | null }> {
  const list = ok<{ channel: string; version: number; settings: Record<string, string>; receiptUrl: string | null }[]>(
    await t.inject({ method: 'GET', url: '/api/message-channels', cookie: admin }),
  );
  const sms = list.find((c) => c.channel === 'sms');
  if (!sms) throw new Error('no sms channel');
  return sms;
}

async function useProvider(provider: 'aliyun_sms' | 'tencent_sms' | 'outbox') {
  const { version } = await channel();
  const settings = provider === 'tencent_sms' ? { smsSdkAppId: '1400000000' } : {};
  const credentials =
    provider === 'aliyun_sms'
      ? { accessKeyId: 'LTAI-test', accessKeySecret: 'secret-test' }
      : provider === 'tencent_sms'
        ? { secretId: 'AKID-test', secretKey: 'secret-test' }
        : {};
  return t.inject({
    method: 'PUT',
    url: '/api/message-channels/sms',
    cookie: admin,
    payload: { version, provider, enabled: true, settings, credentials, quietStart: '21:00', quietEnd: '08:00' },
  });
}

async function storedToken(): Promise<string> {
  const [row] = await t.deps.db.select().from(messageChannel).where(eq(messageChannel.channel, 'sms'));
  const token = row?.settings[RECEIPT_TOKEN_KEY];
  if (!token) throw new Error('no receipt token');
  return token;
}

function post(provider: string, body: unknown, token?: string | null, contentType = 'application/json') {
  return t.inject({
    method: 'POST',
    url: `/api/message-receipts/${provider}${token === null || token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`,
    headers: { 'content-type': contentType },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  ok(await useProvider('aliyun_sms'));
});

afterAll(async () => {
  await t?.close();
});

describe('the receipt URL', () => {
  it('is made when an SMS provider is saved, answered to managers only, never in settings or the audit log', async () => {
    const token = await storedToken();
    expect(token.length).toBeGreaterThanOrEqual(32);
    const sms = await channel();
    expect(sms.receiptUrl).toBe(`http://localhost:80/api/message-receipts/aliyun_sms?token=${token}`);
    expect(sms.settings).not.toHaveProperty(RECEIPT_TOKEN_KEY);
    // A reader of the sent log without message.manage sees no token.
    const supervisor = await t.login('supervisor');
    const read = ok<{ channel: string; receiptUrl: string | null }[]>(
      await t.inject({ method: 'GET', url: '/api/message-channels', cookie: supervisor }),
    );
    expect(read.find((c) => c.channel === 'sms')?.receiptUrl).toBeNull();
    const audits = await t.deps.db.select().from(auditEntry).where(eq(auditEntry.action, 'message_channel.update'));
    expect(audits.length).toBeGreaterThan(0);
    expect(JSON.stringify(audits)).not.toContain(token);
    expect(audits.some((a) => JSON.stringify(a.after).includes('receiptTokenMade'))).toBe(true);
  });

  it('keeps the token when the channel is saved again or switches provider; a behind-proxy origin follows the request', async () => {
    const token = await storedToken();
    const saved = ok<{ receiptUrl: string }>(await useProvider('tencent_sms'));
    expect(saved.receiptUrl).toBe(`http://localhost:80/api/message-receipts/tencent_sms?token=${token}`);
    ok(await useProvider('aliyun_sms'));
    expect(await storedToken()).toBe(token);
    const other = ok<{ channel: string; receiptUrl: string }[]>(
      await t.inject({
        method: 'GET',
        url: '/api/message-channels',
        cookie: admin,
        headers: { host: 'kefu.example.cn' },
      }),
    );
    expect(other.find((c) => c.channel === 'sms')?.receiptUrl).toBe(
      `http://kefu.example.cn/api/message-receipts/aliyun_sms?token=${token}`,
    );
  });
});

describe('the receipt token', () => {
  it('refuses a missing, wrong or other provider’s token with 401 problem+json, changing nothing', async () => {
    const message = await sentMessage('aliyun_sms', `biz-${randomUUID()}`);
    const body = [aliyunReport('delivered', { bizId: String(message.providerMessageId) })];
    const token = await storedToken();
    for (const response of [
      await post('aliyun_sms', body),
      await post('aliyun_sms', body, ''),
      await post('aliyun_sms', body, 'x'.repeat(token.length)),
      await post('aliyun_sms', body, `${token}x`),
      await post('smtp', body, token),
      await post('outbox', body, token),
    ]) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expectChineseProblem(response, 401, 'MESSAGE_RECEIPT_TOKEN_INVALID');
    }
    // The token check comes before the body is read: an unreadable body without a token is a 401 too.
    expectChineseProblem(await post('aliyun_sms', '{not json'), 401, 'MESSAGE_RECEIPT_TOKEN_INVALID');
    expect((await reload(message.id)).state).toBe('sent');
  });

  it('refuses every report while the channel has no token yet', async () => {
    const [row] = await t.deps.db.select().from(messageChannel).where(eq(messageChannel.channel, 'sms'));
    const settings = row?.settings ?? {};
    const { [RECEIPT_TOKEN_KEY]: token, ...rest } = settings;
    await t.deps.db.update(messageChannel).set({ settings: rest }).where(eq(messageChannel.channel, 'sms'));
    try {
      expectChineseProblem(await post('aliyun_sms', [], token), 401, 'MESSAGE_RECEIPT_TOKEN_INVALID');
      expectChineseProblem(await post('aliyun_sms', [], ''), 401, 'MESSAGE_RECEIPT_TOKEN_INVALID');
    } finally {
      await t.deps.db.update(messageChannel).set({ settings }).where(eq(messageChannel.channel, 'sms'));
    }
  });
});

describe('Aliyun 状态报告', () => {
  it('marks a sent message delivered at the report time and answers as Aliyun expects', async () => {
    const message = await sentMessage('aliyun_sms', `biz-${randomUUID()}`);
    const response = await post(
      'aliyun_sms',
      [aliyunReport('delivered', { bizId: String(message.providerMessageId) })],
      await storedToken(),
    );
    expect(ok(response)).toEqual({
      ...aliyun.answer,
      counts: { received: 1, delivered: 1, failed: 0, unchanged: 0, unknown: 0 },
    });
    const row = await reload(message.id);
    expect(row.state).toBe('delivered');
    // report_time 2017-01-01 11:12:14 is Beijing time.
    expect(row.deliveredAt?.toISOString()).toBe('2017-01-01T03:12:14.000Z');
    expect(row.error).toBeNull();
    const [audit] = await t.auditEntries(response);
    expect(audit?.action).toBe('message.receipts');
    expect(audit?.summary).toContain('已送达 1');
    // The sent log's export shows when it was delivered.
    const sheet = await sheetRows(
      await t.inject({ method: 'GET', url: '/api/messages/export?state=delivered', cookie: admin }),
    );
    const deliveredColumn = sheet[0]?.indexOf('送达时间') ?? -1;
    expect(deliveredColumn).toBeGreaterThan(0);
    expect(sheet.some((r) => String(r[deliveredColumn]).startsWith('2017-01-01 11:12'))).toBe(true);
  });

  it('marks a failed report failed with the provider’s code and reason, in Chinese', async () => {
    const message = await sentMessage('aliyun_sms', `biz-${randomUUID()}`);
    const body = ok<{ counts: { failed: number } }>(
      await post(
        'aliyun_sms',
        [aliyunReport('failed', { bizId: String(message.providerMessageId) })],
        await storedToken(),
      ),
    );
    expect(body.counts.failed).toBe(1);
    const row = await reload(message.id);
    expect(row.state).toBe('failed');
    expect(row.deliveredAt).toBeNull();
    expect(row.error).toBe('[UNDELIV] 短信无法送达（空号、停机或手机不可用）（用户接收失败）');
  });

  it('finds a message by out_id (our id) when it has no provider id, but not one sent again under a new id', async () => {
    const token = await storedToken();
    const noId = await sentMessage('aliyun_sms', null);
    ok(await post('aliyun_sms', [aliyunReport('delivered', { bizId: 'biz-unrecorded', outId: noId.id })], token));
    expect((await reload(noId.id)).state).toBe('delivered');
    // A report of an earlier attempt (old BizId) must not end the current one.
    const resent = await sentMessage('aliyun_sms', `biz-new-${randomUUID()}`);
    const answer = ok<{ counts: { unknown: number } }>(
      await post('aliyun_sms', [aliyunReport('failed', { bizId: 'biz-old-attempt', outId: resent.id })], token),
    );
    expect(answer.counts.unknown).toBe(1);
    expect((await reload(resent.id)).state).toBe('sent');
  });

  it('is idempotent and never moves a message backwards: the first final report wins', async () => {
    const token = await storedToken();
    const message = await sentMessage('aliyun_sms', `biz-${randomUUID()}`);
    const bizId = String(message.providerMessageId);
    ok(await post('aliyun_sms', [aliyunReport('delivered', { bizId })], token));
    const first = await reload(message.id);
    const again = ok<{ counts: Record<string, number> }>(
      await post(
        'aliyun_sms',
        [aliyunReport('delivered', { bizId }), aliyunReport('failed', { bizId }), aliyunReport('delivered', { bizId })],
        token,
      ),
    );
    expect(again.counts).toEqual({ received: 3, delivered: 0, failed: 0, unchanged: 3, unknown: 0 });
    const after = await reload(message.id);
    expect(after.state).toBe('delivered');
    expect(after.deliveredAt?.toISOString()).toBe(first.deliveredAt?.toISOString());
    expect(after.error).toBeNull();
    // A failed message stays failed when a late "delivered" arrives.
    const failed = await sentMessage('aliyun_sms', `biz-${randomUUID()}`);
    const failedId = String(failed.providerMessageId);
    ok(await post('aliyun_sms', [aliyunReport('failed', { bizId: failedId })], token));
    ok(await post('aliyun_sms', [aliyunReport('delivered', { bizId: failedId })], token));
    expect((await reload(failed.id)).state).toBe('failed');
  });

  it('leaves queued and cancelled messages alone, and counts ids it does not know', async () => {
    const token = await storedToken();
    const queued = await sentMessage('aliyun_sms', `biz-${randomUUID()}`, 'queued');
    const cancelled = await sentMessage('aliyun_sms', `biz-${randomUUID()}`, 'cancelled');
    // Another provider's message with the same id is not this report's.
    const tencentOne = await sentMessage('tencent_sms', `biz-${randomUUID()}`);
    const answer = ok<{ counts: Record<string, number> }>(
      await post(
        'aliyun_sms',
        [
          aliyunReport('delivered', { bizId: String(queued.providerMessageId) }),
          aliyunReport('delivered', { bizId: String(cancelled.providerMessageId) }),
          aliyunReport('delivered', { bizId: String(tencentOne.providerMessageId) }),
          aliyunReport('delivered', { bizId: 'never-sent-by-us', outId: randomUUID() }),
        ],
        token,
      ),
    );
    expect(answer.counts).toEqual({ received: 4, delivered: 0, failed: 0, unchanged: 2, unknown: 2 });
    expect((await reload(queued.id)).state).toBe('queued');
    expect((await reload(cancelled.id)).state).toBe('cancelled');
    expect((await reload(tencentOne.id)).state).toBe('sent');
  });

  it('answers an empty batch without writing anything', async () => {
    const response = await post('aliyun_sms', [], await storedToken());
    expect(ok(response)).toMatchObject({ code: 0, counts: { received: 0 } });
    expect(await t.auditEntries(response)).toEqual([]);
  });
});

describe('Tencent 状态回调', () => {
  it('marks delivered and failed reports by sid, with text/plain accepted, and answers as Tencent expects', async () => {
    const token = await storedToken();
    const good = await sentMessage('tencent_sms', `2019:${randomUUID()}`);
    const bad = await sentMessage('tencent_sms', `2019:${randomUUID()}`);
    const response = await post(
      'tencent_sms',
      [
        tencentReport('delivered', String(good.providerMessageId)),
        tencentReport('failed', String(bad.providerMessageId)),
        tencentReport('failed', 'unknown-sid'),
      ],
      token,
      'text/plain; charset=utf-8',
    );
    expect(ok(response)).toEqual({
      ...tencent.answer,
      counts: { received: 3, delivered: 1, failed: 1, unchanged: 0, unknown: 1 },
    });
    const delivered = await reload(good.id);
    expect(delivered.state).toBe('delivered');
    expect(delivered.deliveredAt?.toISOString()).toBe('2015-10-17T00:03:04.000Z');
    const failed = await reload(bad.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe('[EXPIRED] 短信已过期未送达（手机长时间关机或不在服务区）（用户短信送达失败）');
    // Again: nothing moves.
    const again = ok<{ counts: Record<string, number> }>(
      await post('tencent_sms', [tencentReport('delivered', String(bad.providerMessageId))], token),
    );
    expect(again.counts).toMatchObject({ unchanged: 1, delivered: 0 });
    expect((await reload(bad.id)).state).toBe('failed');
  });

  it('gives an unknown operator code the provider’s own words', async () => {
    const message = await sentMessage('tencent_sms', `2019:${randomUUID()}`);
    ok(
      await post(
        'tencent_sms',
        [{ ...tencentReport('failed', String(message.providerMessageId)), errmsg: 'MK:0005', description: '' }],
        await storedToken(),
      ),
    );
    expect((await reload(message.id)).error).toBe('[MK:0005] 腾讯云短信回执：短信未送达');
  });
});

describe('malformed bodies', () => {
  it('refuses an unreadable or wrongly shaped batch whole with 400 problem+json, changing nothing', async () => {
    const token = await storedToken();
    const message = await sentMessage('aliyun_sms', `biz-${randomUUID()}`);
    const good = aliyunReport('delivered', { bizId: String(message.providerMessageId) });
    const tencentMessage = await sentMessage('tencent_sms', `2019:${randomUUID()}`);
    const cases: [string, unknown][] = [
      ['aliyun_sms', '{"biz_id": '],
      ['aliyun_sms', ''],
      ['aliyun_sms', { ...good }],
      ['aliyun_sms', [good, { ...good, biz_id: undefined }]],
      ['aliyun_sms', [{ ...good, success: 'maybe' }]],
      // The other provider's shape on this provider's URL.
      ['aliyun_sms', [tencentReport('delivered', String(message.providerMessageId))]],
      ['tencent_sms', [good]],
      [
        'tencent_sms',
        [{ ...tencentReport('delivered', String(tencentMessage.providerMessageId)), report_status: 'OK' }],
      ],
    ];
    for (const [provider, body] of cases) {
      const response = await post(provider, body, token);
      expect(response.headers['content-type'], JSON.stringify(body)).toMatch(/^application\/problem\+json/);
      expectChineseProblem(response, 400, 'MESSAGE_RECEIPT_MALFORMED');
      expect(await t.auditEntries(response)).toEqual([]);
    }
    expect((await reload(message.id)).state).toBe('sent');
    expect((await reload(tencentMessage.id)).state).toBe('sent');
    // The same batch, well formed, then lands: nothing was lost.
    expect(ok<{ counts: { delivered: number } }>(await post('aliyun_sms', [good], token)).counts.delivered).toBe(1);
  });
});

describe('personal data', () => {
  let logged: ZodApp;
  const lines: string[] = [];

  beforeAll(async () => {
    logged = await buildApp(
      { ...t.deps, config: { ...t.deps.config, LOG_LEVEL: 'info' } },
      { logStream: { write: (line) => lines.push(line) } },
    );
    await logged.ready();
  });

  afterAll(async () => {
    await logged?.close();
  });

  it('logs and audits counts only: no phone numbers, no token', async () => {
    const token = await storedToken();
    const one = await sentMessage('aliyun_sms', `biz-${randomUUID()}`);
    const two = await sentMessage('tencent_sms', `2019:${randomUUID()}`);
    const send = (provider: string, body: unknown, withToken: string) =>
      logged.inject({
        method: 'POST',
        url: `/api/message-receipts/${provider}?token=${encodeURIComponent(withToken)}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const responses = [
      await send('aliyun_sms', [aliyunReport('failed', { bizId: String(one.providerMessageId) })], token),
      await send('tencent_sms', [tencentReport('delivered', String(two.providerMessageId))], token),
      await send('aliyun_sms', [aliyunReport('delivered', { bizId: 'x' })], 'wrong-token'),
      await send('tencent_sms', '[{"mobile":"13900000004"', token),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 401, 400]);
    const log = lines.join('\n');
    expect(log).toContain('delivery receipts recorded');
    expect(log).toContain('delivery receipt refused');
    expect(log).toContain('[redacted]');
    for (const secret of [token, 'wrong-token', '13900000001', '13900000002', '13900000003', '13900000004']) {
      expect(log).not.toContain(secret);
      for (const response of responses) expect(response.body).not.toContain(secret);
    }
    const audits = await t.deps.db.select().from(auditEntry).where(eq(auditEntry.action, 'message.receipts'));
    expect(audits.length).toBeGreaterThan(0);
    const audited = JSON.stringify(audits);
    for (const phone of ['13900000001', '13900000002', '13900000003', '13900000004']) {
      expect(audited).not.toContain(phone);
    }
    expect((await reload(one.id)).error).not.toMatch(/1390000000\d/);
  });

  it('redacts a token in any logged URL', () => {
    expect(redactUrl('/api/message-receipts/aliyun_sms?token=abc&x=1')).toBe(
      '/api/message-receipts/aliyun_sms?token=[redacted]&x=1',
    );
    expect(redactUrl('/api/users?page=1')).toBe('/api/users?page=1');
  });
});

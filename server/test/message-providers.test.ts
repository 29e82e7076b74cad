import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OutgoingMessage, SendFailure } from '../src/modules/notification/adapters/adapter.js';
import { aliyunSmsProvider } from '../src/modules/notification/adapters/aliyun-sms.js';
import { providersForChannel } from '../src/modules/notification/adapters/registry.js';
import { smtpProvider } from '../src/modules/notification/adapters/smtp.js';
import { e164, orderedParams, tencentSmsProvider } from '../src/modules/notification/adapters/tencent-sms.js';
import { clearWechatTokens, wechatMpProvider } from '../src/modules/notification/adapters/wechat-mp.js';

/**
 * Contract tests for the real message providers: each adapter talks to a local server on
 * 127.0.0.1 (through its endpoint override) that records the request and answers with a recorded
 * provider response from test/fixtures/providers. No database.
 */

interface Canned {
  status: number;
  body?: unknown;
  /** A body sent verbatim (numbers JSON cannot hold). */
  raw?: string;
}

function fixtures<T = Canned>(name: string): Record<string, T> {
  return JSON.parse(readFileSync(new URL(`./fixtures/providers/${name}.json`, import.meta.url), 'utf8'));
}

function canned(all: Record<string, Canned>, name: string): Canned {
  const found = all[name];
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
}

interface Listenable {
  listen(port: number, host: string, callback: () => void): unknown;
  once(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  removeAllListeners(event: 'error'): unknown;
}

/** Binds on 127.0.0.1 to the first free port of this worktree's range (4200–4299). */
async function listenInRange(server: Listenable): Promise<number> {
  for (let port = 4200; port <= 4299; port++) {
    const bound = await new Promise<boolean>((resolve, reject) => {
      server.once('error', (error) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    server.removeAllListeners('error');
    if (bound) return port;
  }
  throw new Error('no free port in 4200–4299');
}

interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP server that records every request and answers from per-path queues of canned responses. */
async function startRecorder() {
  const requests: Recorded[] = [];
  const queues = new Map<string, Canned[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://recorder');
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const next = queues.get(url.pathname)?.shift();
      if (!next) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Code: 'NoCannedResponse', Message: `nothing queued for ${url.pathname}` }));
        return;
      }
      res.writeHead(next.status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(next.raw ?? JSON.stringify(next.body));
    });
  });
  const port = await listenInRange(server);
  return {
    port,
    requests,
    reply(path: string, ...responses: Canned[]) {
      queues.set(path, [...(queues.get(path) ?? []), ...responses]);
    },
    reset() {
      requests.length = 0;
      queues.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  const port = await listenInRange(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failureOf(promise: Promise<unknown>): Promise<SendFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SendFailure);
    return error as SendFailure;
  }
  throw new Error('expected the send to fail');
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, as Alibaba Cloud's canonical query string wants it. */
const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function smsMessage(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    id: '0f8e6a52-5d0c-4b8e-9a43-3c1f7f0e2a11',
    channel: 'sms',
    to: '13800138000',
    subject: null,
    body: '【邻里物业】张三您好，工单 GD20260001 已派给您，请于 11月27日 18:00 前处理。',
    params: { customerName: '张三', ticketNo: 'GD20260001', deadline: '11月27日 18:00' },
    smsSignName: '邻里物业',
    smsTemplateCode: 'SMS_465280123',
    ...overrides,
  };
}

describe('provider registry', () => {
  it('offers the outbox first and the real providers by channel, each field labelled in both languages', () => {
    expect(providersForChannel('sms').map((p) => p.provider)).toEqual(['outbox', 'aliyun_sms', 'tencent_sms']);
    expect(providersForChannel('email').map((p) => p.provider)).toEqual(['outbox', 'smtp']);
    expect(providersForChannel('wechat').map((p) => p.provider)).toEqual(['outbox', 'wechat_mp']);
    for (const definition of [aliyunSmsProvider, tencentSmsProvider, smtpProvider, wechatMpProvider]) {
      for (const field of [...definition.settings, ...definition.credentials]) {
        expect(field.label['zh-CN']).toMatch(/\S/);
        expect(field.label['en-US']).toMatch(/\S/);
      }
      const settingKeys = definition.settings.map((f) => f.key);
      expect(settingKeys.includes('endpoint') || settingKeys.includes('host')).toBe(true);
    }
  });
});

describe('settings that cannot work', () => {
  it('make an adapter whose sends fail for good instead of throwing on creation', async () => {
    for (const definition of [aliyunSmsProvider, tencentSmsProvider, wechatMpProvider]) {
      const adapter = definition.create({ endpoint: 'ftp://127.0.0.1:4200', appId: 'wx1', smsSdkAppId: '1' }, {});
      const failure = await failureOf(adapter.send(smsMessage({ wechatTemplateId: 'T' })));
      expect(failure.retryable).toBe(false);
      expect(failure.code).toBe('ENDPOINT_INVALID');
      expect(failure.message).toContain('接口地址只能是 http 或 https');
    }
  });
});

describe('Aliyun SMS (Dysmsapi SendSms)', () => {
  const responses = fixtures('aliyun-sms');
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  const credentials = { accessKeyId: 'LTAI5tTestKeyId000001', accessKeySecret: 'aliyun-test-secret' };
  const adapter = () => aliyunSmsProvider.create({ endpoint: `http://127.0.0.1:${recorder.port}` }, credentials);

  beforeAll(async () => {
    recorder = await startRecorder();
  });
  afterAll(() => recorder.close());
  beforeEach(() => recorder.reset());

  it('sends SendSms 2017-05-25 with the business fields and a valid ACS3-HMAC-SHA256 signature', async () => {
    recorder.reply('/', canned(responses, 'ok'));
    const result = await adapter().send(smsMessage());
    expect(result.providerMessageId).toBe('9006197469364984400');

    expect(recorder.requests).toHaveLength(1);
    const request = recorder.requests[0];
    if (!request) throw new Error('no request');
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/');
    expect(request.headers['x-acs-action']).toBe('SendSms');
    expect(request.headers['x-acs-version']).toBe('2017-05-25');
    expect(Object.fromEntries(request.query)).toEqual({
      PhoneNumbers: '13800138000',
      SignName: '邻里物业',
      TemplateCode: 'SMS_465280123',
      TemplateParam: JSON.stringify({ customerName: '张三', ticketNo: 'GD20260001', deadline: '11月27日 18:00' }),
      OutId: '0f8e6a52-5d0c-4b8e-9a43-3c1f7f0e2a11',
    });

    // The signature, recomputed from what arrived as the ACS3-HMAC-SHA256 algorithm defines it.
    const authorization = String(request.headers.authorization);
    const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
    expect(match, authorization).not.toBeNull();
    const [, keyId, signedHeaders, signature] = match as unknown as [string, string, string, string];
    expect(keyId).toBe(credentials.accessKeyId);
    const signed = signedHeaders.split(';');
    expect(signed).toEqual(expect.arrayContaining(['host', 'x-acs-action', 'x-acs-date', 'x-acs-version']));
    expect(request.headers['x-acs-content-sha256']).toBe(sha256(request.body));
    const canonicalQuery = [...request.query.keys()]
      .sort()
      .map((key) => `${key}=${rfc3986(request.query.get(key) ?? '')}`)
      .join('&');
    const canonicalHeaders = signed.map((name) => `${name}:${String(request.headers[name] ?? '').trim()}\n`).join('');
    const canonicalRequest = [
      'POST',
      '/',
      canonicalQuery,
      canonicalHeaders,
      signedHeaders,
      request.headers['x-acs-content-sha256'],
    ].join('\n');
    const expected = hmac(credentials.accessKeySecret, `ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`).toString('hex');
    expect(signature).toBe(expected);
  });

  it.each([
    ['mobileIllegal', false, 'isv.MOBILE_NUMBER_ILLEGAL', '手机号码格式不正确'],
    ['templateIllegal', false, 'isv.SMS_TEMPLATE_ILLEGAL', '短信模板不存在或未通过审核'],
    ['signatureIllegal', false, 'isv.SMS_SIGNATURE_ILLEGAL', '短信签名不存在或未通过审核'],
    ['businessLimit', true, 'isv.BUSINESS_LIMIT_CONTROL', '发送频率限制'],
    ['throttling', true, 'Throttling.User', '限流'],
    ['accessKeyNotFound', false, 'InvalidAccessKeyId.NotFound', 'AccessKeyId 不存在'],
    ['serviceUnavailable', true, 'ServiceUnavailable', '阿里云短信发送失败'],
  ])('maps the recorded %s answer to a failure (retryable %s, code %s)', async (name, retryable, code, words) => {
    const response = canned(responses, name);
    recorder.reply('/', response);
    const failure = await failureOf(adapter().send(smsMessage()));
    expect(failure.retryable).toBe(retryable);
    expect(failure.code).toBe(code);
    expect(failure.message).toContain(words);
    // The provider's own message is kept after ours.
    expect(failure.message).toContain((response.body as { Message: string }).Message);
    expect(recorder.requests).toHaveLength(1);
  });

  it('calls a refused connection retryable, and refuses a message without template code before sending', async () => {
    const offline = aliyunSmsProvider.create({ endpoint: `http://127.0.0.1:${await deadPort()}` }, credentials);
    const refused = await failureOf(offline.send(smsMessage()));
    expect(refused.retryable).toBe(true);
    expect(refused.code).toBe('ECONNREFUSED');
    // The SDK's error quotes the request URL, phone number included: the sent log must not.
    expect(refused.message).not.toContain('13800138000');

    const missing = await failureOf(adapter().send(smsMessage({ smsTemplateCode: null })));
    expect(missing.retryable).toBe(false);
    expect(missing.code).toBe('TEMPLATE_CODE_MISSING');
    expect(recorder.requests).toHaveLength(0);
  });
});

describe('Tencent Cloud SMS (SendSms 2021-01-11)', () => {
  const responses = fixtures('tencent-sms');
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  const credentials = { secretId: 'AKIDtestSecretId0000000000000001', secretKey: 'tencent-test-secret-key' };
  const settings = () => ({
    // `sms.localhost` keeps the service name the SDK signs with ("sms") and still reaches 127.0.0.1.
    endpoint: `http://sms.localhost:${recorder.port}`,
    smsSdkAppId: '1400787878',
    region: 'ap-guangzhou',
    paramOrder: 'customerName, ticketNo, deadline',
  });

  beforeAll(async () => {
    recorder = await startRecorder();
  });
  afterAll(() => recorder.close());
  beforeEach(() => recorder.reset());

  it('sends the business fields in order with a valid TC3-HMAC-SHA256 signature', async () => {
    recorder.reply('/', canned(responses, 'ok'));
    const result = await tencentSmsProvider.create(settings(), credentials).send(smsMessage());
    expect(result.providerMessageId).toBe('5000:1045710669157053657849499619');

    expect(recorder.requests).toHaveLength(1);
    const request = recorder.requests[0];
    if (!request) throw new Error('no request');
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/');
    expect(request.headers['x-tc-action']).toBe('SendSms');
    expect(request.headers['x-tc-version']).toBe('2021-01-11');
    expect(request.headers['x-tc-region']).toBe('ap-guangzhou');
    expect(JSON.parse(request.body)).toEqual({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400787878',
      SignName: '邻里物业',
      TemplateId: 'SMS_465280123',
      TemplateParamSet: ['张三', 'GD20260001', '11月27日 18:00'],
      SessionContext: '0f8e6a52-5d0c-4b8e-9a43-3c1f7f0e2a11',
    });

    const authorization = String(request.headers.authorization);
    const match =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    expect(match, authorization).not.toBeNull();
    const [, secretId, date, signedHeaders, signature] = match as unknown as [string, string, string, string, string];
    expect(secretId).toBe(credentials.secretId);
    const timestamp = String(request.headers['x-tc-timestamp']);
    expect(date).toBe(new Date(Number(timestamp) * 1000).toISOString().slice(0, 10));
    const signed = signedHeaders.split(';');
    expect(signed).toEqual(expect.arrayContaining(['content-type', 'host']));
    // The SDK signs the host name without the port (public endpoints have none).
    const canonicalValue = (name: string) => {
      const value = String(request.headers[name] ?? '')
        .trim()
        .toLowerCase();
      return name === 'host' ? value.replace(/:\d+$/, '') : value;
    };
    const canonicalHeaders = signed.map((name) => `${name}:${canonicalValue(name)}\n`).join('');
    const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256(request.body)].join('\n');
    const scope = `${date}/sms/tc3_request`;
    const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${scope}\n${sha256(canonicalRequest)}`;
    const signingKey = hmac(hmac(hmac(`TC3${credentials.secretKey}`, date), 'sms'), 'tc3_request');
    expect(signature).toBe(hmac(signingKey, stringToSign).toString('hex'));
  });

  it.each([
    ['incorrectPhoneNumber', false, 'InvalidParameterValue.IncorrectPhoneNumber', '手机号码格式不正确'],
    ['phoneDailyLimit', true, 'LimitExceeded.PhoneNumberDailyLimit', '发送频率限制'],
    ['templateUnapproved', false, 'FailedOperation.TemplateIncorrectOrUnapproved', '短信模板不存在或未通过审核'],
    ['signatureFailure', false, 'AuthFailure.SignatureFailure', 'SecretKey 不正确'],
    ['internalTimeout', true, 'InternalError.Timeout', '腾讯云短信发送失败'],
  ])('maps the recorded %s answer to a failure (retryable %s, code %s)', async (name, retryable, code, words) => {
    const response = canned(responses, name);
    recorder.reply('/', response);
    const failure = await failureOf(tencentSmsProvider.create(settings(), credentials).send(smsMessage()));
    expect(failure.retryable).toBe(retryable);
    expect(failure.code).toBe(code);
    expect(failure.message).toContain(words);
    const body = (response.body as { Response: { Error?: { Message: string }; SendStatusSet?: { Message: string }[] } })
      .Response;
    expect(failure.message).toContain(body.Error?.Message ?? body.SendStatusSet?.[0]?.Message);
  });

  it('calls a refused connection retryable and refuses a template variable the message lacks', async () => {
    const offline = tencentSmsProvider.create(
      { ...settings(), endpoint: `http://127.0.0.1:${await deadPort()}` },
      credentials,
    );
    const refused = await failureOf(offline.send(smsMessage()));
    expect(refused.retryable).toBe(true);
    expect(refused.code).toBe('ECONNREFUSED');

    const missing = await failureOf(
      tencentSmsProvider.create({ ...settings(), paramOrder: 'customerName,room' }, credentials).send(smsMessage()),
    );
    expect(missing.retryable).toBe(false);
    expect(missing.code).toBe('TEMPLATE_PARAM_MISSING');
    expect(missing.message).toContain('room');
    expect(recorder.requests).toHaveLength(0);
  });

  it('writes numbers with the country code and orders unnamed positional variables by number', () => {
    expect(e164('13800138000')).toBe('+8613800138000');
    expect(e164('8613800138000')).toBe('+8613800138000');
    expect(e164('+85261234567')).toBe('+85261234567');
    expect(orderedParams({ '2': 'b', '10': 'c', '1': 'a' }, undefined)).toEqual(['a', 'b', 'c']);
    expect(orderedParams({ x: '1', y: '2' }, 'y,x')).toEqual(['2', '1']);
  });
});

interface CapturedMail {
  from: string;
  to: string[];
  user: string | undefined;
  data: string;
}

/** Decodes one RFC 2047 encoded-word header ("=?UTF-8?B?...?=" or "?Q?") or returns it as is. */
function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function parseMail(data: string): { headers: Map<string, string>; text: string } {
  const split = data.indexOf('\r\n\r\n');
  const head = data.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const raw = data.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  let text = raw;
  if (encoding === 'base64') text = Buffer.from(raw, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = raw
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    text = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return { headers, text: text.replace(/\r\n$/, '') };
}

describe('SMTP (nodemailer)', () => {
  const replies = fixtures<{ responseCode: number; message: string }>('smtp');
  const captured: CapturedMail[] = [];
  /** The reply the next RCPT TO gets, if any. */
  let rcptReply: { responseCode: number; message: string } | null = null;
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'notice@linli.example' && auth.password === 'app-password') {
          callback(null, { user: auth.username });
          return;
        }
        const reply = replies.badCredentials;
        callback(Object.assign(new Error(reply?.message), { responseCode: reply?.responseCode }));
      },
      onRcptTo(_address, _session, callback) {
        if (rcptReply) callback(Object.assign(new Error(rcptReply.message), { responseCode: rcptReply.responseCode }));
        else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          captured.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
            data: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    port = await listenInRange(server);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    captured.length = 0;
    rcptReply = null;
  });

  const settings = () => ({
    host: '127.0.0.1',
    port: String(port),
    secure: 'false',
    from: '邻里物业 <notice@linli.example>',
  });
  const credentials = { user: 'notice@linli.example', password: 'app-password' };
  const mail = (): OutgoingMessage => ({
    id: '6b1d3c0e-8f57-4f0c-b1e4-2f7a5d9c0b22',
    channel: 'email',
    to: 'supervisor@linli.example',
    subject: '工单 GD20260001 已超时',
    body: '王主管您好：\n工单 GD20260001（3栋 2单元 1201）已超过处理时限，请督办。',
    params: { ticketNo: 'GD20260001' },
  });

  it('logs in, sends the envelope, subject and text body, and returns the message id', async () => {
    const result = await smtpProvider.create(settings(), credentials).send(mail());
    expect(captured).toHaveLength(1);
    const got = captured[0];
    if (!got) throw new Error('no mail');
    expect(got.user).toBe('notice@linli.example');
    expect(got.from).toBe('notice@linli.example');
    expect(got.to).toEqual(['supervisor@linli.example']);
    const parsed = parseMail(got.data);
    expect(decodeHeader(parsed.headers.get('subject') ?? '')).toBe('工单 GD20260001 已超时');
    expect(parsed.headers.get('to')).toBe('supervisor@linli.example');
    expect(decodeHeader(parsed.headers.get('from') ?? '')).toContain('notice@linli.example');
    expect(parsed.headers.get('x-linli-message-id')).toBe('6b1d3c0e-8f57-4f0c-b1e4-2f7a5d9c0b22');
    expect(parsed.headers.get('content-type')).toMatch(/^text\/plain; charset=utf-8/);
    expect(parsed.text.replace(/\r\n/g, '\n')).toBe(mail().body);
    expect(result.providerMessageId).toBe(parsed.headers.get('message-id'));
  });

  it('calls a 4xx reply retryable and a 5xx reply final, with the server code and words', async () => {
    rcptReply = replies.mailboxBusy ?? null;
    const busy = await failureOf(smtpProvider.create(settings(), credentials).send(mail()));
    expect(busy.retryable).toBe(true);
    expect(busy.code).toBe('SMTP 450');
    expect(busy.message).toContain('稍后重试');
    expect(busy.message).toContain('Mailbox temporarily unavailable');

    rcptReply = replies.mailboxNotFound ?? null;
    const gone = await failureOf(smtpProvider.create(settings(), credentials).send(mail()));
    expect(gone.retryable).toBe(false);
    expect(gone.code).toBe('SMTP 550');
    expect(gone.message).toContain('Mailbox not found');
    expect(gone.message).toContain('s***@linli.example');
    expect(gone.message).not.toContain('supervisor@linli.example');
    expect(captured).toHaveLength(0);
  });

  it('calls wrong credentials final and a refused connection retryable', async () => {
    const denied = await failureOf(smtpProvider.create(settings(), { ...credentials, password: 'wrong' }).send(mail()));
    expect(denied.retryable).toBe(false);
    expect(denied.code).toBe('SMTP 535');
    expect(denied.message).toContain('用户名和密码');

    const offline = smtpProvider.create({ ...settings(), port: String(await deadPort()) }, credentials);
    const refused = await failureOf(offline.send(mail()));
    expect(refused.retryable).toBe(true);
    expect(refused.code).toMatch(/^E(CONNECTION|SOCKET)$/);
  });
});

describe('WeChat Official Account template messages', () => {
  const responses = fixtures('wechat-mp');
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  const settings = () => ({ appId: 'wx8d3f2a1b0c9e7d65', endpoint: `http://127.0.0.1:${recorder.port}` });
  const credentials = { appSecret: 'wechat-test-app-secret' };
  const adapter = () => wechatMpProvider.create(settings(), credentials);
  const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    id: '9a7c5e3f-1b2d-4c6e-8f0a-b1c2d3e4f506',
    channel: 'wechat',
    to: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    subject: '工单进度提醒',
    body: '您的报修工单 GD20260001 已受理',
    params: { thing1: '厨房水管漏水', character_string2: 'GD20260001', time3: '2026-11-27 09:30' },
    wechatTemplateId: 'ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY',
    url: 'https://linli.example/m/tickets/GD20260001',
    ...overrides,
  });
  const sendPath = '/cgi-bin/message/template/send';
  const tokenPath = '/cgi-bin/stable_token';

  beforeAll(async () => {
    recorder = await startRecorder();
  });
  afterAll(() => recorder.close());
  beforeEach(() => {
    recorder.reset();
    clearWechatTokens();
  });

  it('maps the template’s fields from `field=value` lines of the text, cut to each field type’s limit', async () => {
    recorder.reply(tokenPath, canned(responses, 'token'));
    recorder.reply(sendPath, canned(responses, 'ok'));
    await adapter().send(
      message({
        body: 'character_string1=BX-20261127-0001\nthing2=卫生间渗漏，楼上卫生间用水后顶棚滴水更明显，请尽快上门\ntime3=2026-11-27 17:30',
        params: { ticketNo: 'BX-20261127-0001' },
      }),
    );
    const send = recorder.requests.find((r) => r.path === sendPath);
    expect(JSON.parse(send?.body ?? '{}').data).toEqual({
      character_string1: { value: 'BX-20261127-0001' },
      thing2: { value: '卫生间渗漏，楼上卫生间用水后顶棚滴水更…' },
      time3: { value: '2026-11-27 17:30' },
    });
  });

  it('fetches a stable token once, reuses it, and sends touser, template_id, url and data', async () => {
    recorder.reply(tokenPath, canned(responses, 'token'));
    recorder.reply(sendPath, canned(responses, 'ok'), canned(responses, 'okBigMsgid'));
    const first = await adapter().send(message());
    // A second adapter for the same account (the service creates one per send) keeps the token.
    const second = await adapter().send(message());
    expect(first.providerMessageId).toBe('200228332');
    expect(second.providerMessageId).toBe('3147483653297233922');

    expect(recorder.requests.map((r) => r.path)).toEqual([tokenPath, sendPath, sendPath]);
    const [token, send] = recorder.requests;
    if (!token || !send) throw new Error('missing requests');
    expect(token.method).toBe('POST');
    expect(JSON.parse(token.body)).toEqual({
      grant_type: 'client_credential',
      appid: 'wx8d3f2a1b0c9e7d65',
      secret: 'wechat-test-app-secret',
      force_refresh: false,
    });
    expect(send.method).toBe('POST');
    expect(send.query.get('access_token')).toBe('ACCESS_TOKEN_ONE');
    expect(send.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(send.body)).toEqual({
      touser: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      template_id: 'ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY',
      url: 'https://linli.example/m/tickets/GD20260001',
      data: {
        thing1: { value: '厨房水管漏水' },
        character_string2: { value: 'GD20260001' },
        time3: { value: '2026-11-27 09:30' },
      },
      client_msg_id: '9a7c5e3f-1b2d-4c6e-8f0a-b1c2d3e4f506',
    });
    expect(recorder.requests[2]?.query.get('access_token')).toBe('ACCESS_TOKEN_ONE');
  });

  it('shares one token fetch between sends at the same moment', async () => {
    recorder.reply(tokenPath, canned(responses, 'token'));
    recorder.reply(sendPath, canned(responses, 'ok'), canned(responses, 'ok'), canned(responses, 'ok'));
    await Promise.all([adapter().send(message()), adapter().send(message()), adapter().send(message())]);
    expect(recorder.requests.filter((r) => r.path === tokenPath)).toHaveLength(1);
    expect(recorder.requests.filter((r) => r.path === sendPath)).toHaveLength(3);
  });

  it('refreshes the token once on 40001 and sends again with the new one', async () => {
    recorder.reply(tokenPath, canned(responses, 'token'), canned(responses, 'tokenRefreshed'));
    recorder.reply(sendPath, canned(responses, 'invalidToken'), canned(responses, 'ok'));
    const result = await adapter().send(message());
    expect(result.providerMessageId).toBe('200228332');
    expect(recorder.requests.map((r) => r.path)).toEqual([tokenPath, sendPath, tokenPath, sendPath]);
    expect(JSON.parse(recorder.requests[2]?.body ?? '{}').force_refresh).toBe(true);
    expect(recorder.requests[3]?.query.get('access_token')).toBe('ACCESS_TOKEN_TWO');

    // The refreshed token is the one kept.
    recorder.reply(sendPath, canned(responses, 'ok'));
    await adapter().send(message());
    expect(recorder.requests.at(-1)?.query.get('access_token')).toBe('ACCESS_TOKEN_TWO');
    expect(recorder.requests.filter((r) => r.path === tokenPath)).toHaveLength(2);
  });

  it('does not loop when the fresh token is refused too', async () => {
    recorder.reply(tokenPath, canned(responses, 'token'), canned(responses, 'tokenRefreshed'));
    recorder.reply(sendPath, canned(responses, 'invalidToken'), canned(responses, 'invalidToken'));
    const failure = await failureOf(adapter().send(message()));
    expect(failure.code).toBe('40001');
    expect(failure.retryable).toBe(true);
    expect(recorder.requests).toHaveLength(4);
  });

  it.each([
    ['invalidOpenid', false, '40003', 'openid 无效'],
    ['invalidTemplate', false, '40037', '模板 ID 无效'],
    ['dailyQuota', true, '45009', '每日限额'],
    ['systemBusy', true, '-1', '系统繁忙'],
  ])('maps the recorded %s answer to a failure (retryable %s, code %s)', async (name, retryable, code, words) => {
    const response = canned(responses, name);
    recorder.reply(tokenPath, canned(responses, 'token'));
    recorder.reply(sendPath, response);
    const failure = await failureOf(adapter().send(message()));
    expect(failure.retryable).toBe(retryable);
    expect(failure.code).toBe(code);
    expect(failure.message).toContain(words);
    expect(failure.message).toContain((response.body as { errmsg: string }).errmsg);
  });

  it('calls a wrong AppSecret final, a refused connection retryable, and needs a template id', async () => {
    recorder.reply(tokenPath, canned(responses, 'tokenBadSecret'));
    const denied = await failureOf(adapter().send(message()));
    expect(denied.retryable).toBe(false);
    expect(denied.code).toBe('40125');
    expect(denied.message).toContain('AppSecret 无效');

    const offline = wechatMpProvider.create(
      { ...settings(), endpoint: `http://127.0.0.1:${await deadPort()}` },
      credentials,
    );
    const refused = await failureOf(offline.send(message()));
    expect(refused.retryable).toBe(true);
    expect(refused.code).toBe('ECONNREFUSED');

    const noTemplate = await failureOf(adapter().send({ ...message(), wechatTemplateId: null }));
    expect(noTemplate.retryable).toBe(false);
    expect(noTemplate.code).toBe('TEMPLATE_ID_MISSING');
  });
});

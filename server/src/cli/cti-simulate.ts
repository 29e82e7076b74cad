/**
 * npm run cti:simulate -- --from 13800138000 --ext 8001 [--answer-after 3] [--hangup-after 20]
 *                         [--missed] [--outbound] [--to 4008200000] [--url http://127.0.0.1:3000]
 *
 * A telephone switch in a terminal: sends one call's signed events (ringing, then answered and
 * hangup, or missed) to POST /api/cti/events, printing each event and the server's answer. It
 * signs with the server's secret: CTI_SECRET when set, else the one derived from the master key
 * (SECRET_KEY, or the key file in DATA_DIR that the server made at first start) exactly as the
 * server derives it. Run it from the same directory and environment as `npm start`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { CTI_SIGNATURE_HEADER, CTI_TIMESTAMP_HEADER, ctiHeaders } from '../modules/callcenter/cti.signature.js';
import { Secrets } from '../platform/secrets.js';

const usage = `用法 / usage:
  npm run cti:simulate -- --from <主叫号码> --ext <分机> [--answer-after 秒] [--hangup-after 秒]
                          [--missed] [--outbound] [--to <被叫号码>] [--recording <URL>] [--url <服务器地址>]
例 / example:
  npm run cti:simulate -- --from 13800138000 --ext 8001
  npm run cti:simulate -- --from 13800138000 --ext 8001 --missed
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      from: { type: 'string' },
      ext: { type: 'string' },
      to: { type: 'string', default: '4008200000' },
      'answer-after': { type: 'string', default: '3' },
      'hangup-after': { type: 'string', default: '20' },
      missed: { type: 'boolean', default: false },
      outbound: { type: 'boolean', default: false },
      recording: { type: 'string' },
      'call-id': { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
}
try {
  args = parse();
} catch (error) {
  fail((error as Error).message);
}
const v = args.values;
if (v.help) {
  process.stdout.write(usage);
  process.exit(0);
}
if (!v.from) fail('缺少 --from（主叫号码） / --from is required');
if (!v.ext) fail('缺少 --ext（坐席分机） / --ext is required');
const seconds = (name: string, value: string | undefined) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 3600) fail(`--${name} 须为 0–3600 的秒数 / must be seconds (0–3600)`);
  return n;
};
const answerAfter = seconds('answer-after', v['answer-after']);
const hangupAfter = seconds('hangup-after', v['hangup-after']);

const config = loadConfig();
const base = (v.url ?? `http://127.0.0.1:${config.PORT}`).replace(/\/+$/, '');

/** The server's signing secret, without ever creating a key file. */
function secret(): string {
  if (config.CTI_SECRET) return config.CTI_SECRET;
  let key: Buffer;
  if (config.SECRET_KEY) key = Buffer.from(config.SECRET_KEY, 'base64');
  else if (existsSync(config.keyFile)) key = Buffer.from(readFileSync(config.keyFile, 'utf8').trim(), 'base64');
  else {
    fail(
      `找不到主密钥 ${config.keyFile}：请先启动一次服务器（npm start），或与服务器使用相同的 DATA_DIR、SECRET_KEY 或 CTI_SECRET。\n` +
        `No master key at ${config.keyFile}: start the server once, or use the same DATA_DIR, SECRET_KEY or CTI_SECRET as the server.`,
    );
  }
  return new Secrets(key).ctiSecret;
}
const signingSecret = secret();

const callId = v['call-id'] ?? `sim-${Date.now()}-${randomBytes(3).toString('hex')}`;
const direction = v.outbound ? 'outbound' : 'inbound';
const callerNumber = v.outbound ? v.ext : v.from;
const calledNumber = v.outbound ? v.from : v.to;

const words: Record<string, string> = { ringing: '振铃', answered: '接听', hangup: '挂机', missed: '未接' };

async function send(event: 'ringing' | 'answered' | 'hangup' | 'missed', extra: Record<string, string> = {}) {
  const payload = {
    event,
    callId,
    direction,
    callerNumber,
    calledNumber,
    extension: v.ext,
    occurredAt: new Date().toISOString(),
    ...extra,
  };
  const body = JSON.stringify(payload);
  const headers = ctiHeaders(signingSecret, body);
  process.stdout.write(`\n→ ${words[event]} ${event}  ${base}/api/cti/events\n`);
  process.stdout.write(`  ${CTI_TIMESTAMP_HEADER}: ${headers[CTI_TIMESTAMP_HEADER]}\n`);
  process.stdout.write(`  ${CTI_SIGNATURE_HEADER}: ${headers[CTI_SIGNATURE_HEADER]?.slice(0, 19)}…\n`);
  process.stdout.write(`  ${body}\n`);
  let response: Response;
  try {
    response = await fetch(`${base}/api/cti/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  } catch (error) {
    process.stderr.write(
      `✗ 无法连接 ${base}（服务器是否已启动？） / cannot reach the server: ${(error as Error).message}\n`,
    );
    process.exit(1);
  }
  const text = await response.text();
  process.stdout.write(`← ${response.status} ${text}\n`);
  if (!response.ok) process.exit(1);
}

const wait = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));

await send('ringing');
await wait(answerAfter);
if (v.missed) {
  await send('missed');
} else {
  await send('answered');
  await wait(hangupAfter);
  await send('hangup', v.recording ? { recordingUrl: v.recording } : {});
}
process.stdout.write(`\n通话 ${callId} 已模拟完毕 / call simulated.\n`);

import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { count } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holidayYear } from '../src/modules/calendar/calendar.table.js';
import { catalogueNode } from '../src/modules/catalogue/catalogue.table.js';
import { importJob } from '../src/modules/import/import.table.js';
import { IMAGE_MAX_MB } from '../src/modules/ticket/attachment.service.js';
import { ticketAttachment } from '../src/modules/ticket/ticket.table.js';
import { createTestApp, hasChinese, type TestApp } from '../test/harness.js';
import { createTicket } from '../test/ticket-fixtures.js';
import { fillPath, multipartBody, type Operation, operationsOf, safeJson } from './openapi.js';

/**
 * Abuse of every multipart upload in the OpenAPI document (issue 7): the EICAR test string under
 * harmless names, polyglots (an image with a ZIP or a script behind it, HTML dressed as a
 * workbook), path-traversal file names, a file just over the endpoint's limit and a wrong
 * content type. Each is refused with a 4xx problem+json in Chinese and leaves nothing behind —
 * no file under the files directory, no row — or, where only the name is odd and the content
 * valid, is accepted under a clean name, its file inside the files directory.
 *
 * Extends test/ticket-life.test.ts ("checks uploads"), which covers the ticket attachment's own
 * rules (type by bytes, GPS removal, 9 per update) and cleanFileName; test/import.test.ts covers
 * the import size limit at 1 MB. Here every upload endpoint gets the same battery.
 */

/** The import limit in this file's app: small, so that "just over" is a small file. */
const IMPORT_MAX_MB = 1;
const MB = 1024 * 1024;

let t: TestApp;
let admin: string;
let handler: string;
let uploads: Operation[];
let filesDir: string;

interface Target {
  values: Record<string, string>;
  fields: Record<string, string>;
  cookie: () => string;
  /** A file this endpoint accepts. */
  valid: () => Promise<{ name: string; data: Buffer }>;
  /** Its size limit in bytes. */
  maxBytes: number;
}
const targets: Record<string, Target> = {};

const eicar = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');
const zipTail = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.alloc(26),
  Buffer.from([0x50, 0x4b, 0x05, 0x06]),
  Buffer.alloc(18),
]);
const script = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');
const htmlWorkbook = Buffer.from(
  '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>楼栋</td><td>房号</td></tr>' +
    '<tr><td>12栋</td><td><script>alert(1)</script></td></tr></table></body></html>',
);
const exe = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(64, 0x90),
  Buffer.from('This program cannot be run in DOS mode'),
]);

const importCsv = '楼栋,房号\n12栋,3901\n';
const catalogueCsv =
  '一级分类,二级分类,问题名称,编码,适用类型,处理部门,紧急程度,响应时限（小时）,处理时限（小时）,是否回访,专业,是否按自然时间\n' +
  '上传测试,,上传测试问题,,报修,工程部,一般,1,8,是,,否\n';
const holidayCsv = '日期,类型,名称\n2030-01-01,放假,元旦\n';

let jpeg: Buffer;
let png: Buffer;

beforeAll(async () => {
  t = await createTestApp({ env: { IMPORT_MAX_MB: String(IMPORT_MAX_MB) } });
  admin = await t.login('admin');
  handler = await t.login('handler');
  filesDir = t.deps.config.filesDir;
  uploads = operationsOf(t.app).filter((o) => o.multipart);
  jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#8a5' } })
    .jpeg()
    .toBuffer();
  png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
    .png()
    .toBuffer();

  const projects = (
    safeJson(await t.inject({ method: 'GET', url: '/api/projects', cookie: admin })) as {
      data: { id: string; code: string }[];
    }
  ).data;
  const llhy = projects.find((p) => p.code === 'SH-LLHY')?.id as string;
  // A ticket the handler has accepted, so that it may add photos.
  const ticket = await createTicket(t, { title: '上传校验' });
  const accepted = await t.inject({ method: 'POST', url: `/api/tickets/${ticket.id}/accept`, cookie: handler });
  expect(accepted.statusCode, accepted.body).toBe(200);

  const csv = (text: string) => async () => ({ name: 'data.csv', data: Buffer.from(text) });
  const importTarget: Target = {
    values: {},
    fields: { type: 'rooms-customers', projectId: llhy },
    cookie: () => admin,
    valid: csv(importCsv),
    maxBytes: IMPORT_MAX_MB * MB,
  };
  targets['POST /api/imports'] = importTarget;
  targets['POST /api/imports/preview'] = importTarget;
  targets['POST /api/catalogue/import'] = { ...importTarget, fields: {}, valid: csv(catalogueCsv) };
  // A year with no bundled schedule, so the group administrator may replace it.
  targets['POST /api/holiday-years/{year}/import'] = {
    ...importTarget,
    values: { year: '2030' },
    fields: {},
    valid: csv(holidayCsv),
  };
  targets['POST /api/tickets/{id}/attachments'] = {
    values: { id: ticket.id },
    fields: {},
    cookie: () => handler,
    valid: async () => ({ name: 'photo.png', data: png }),
    maxBytes: IMAGE_MAX_MB * MB,
  };
}, 120_000);

afterAll(async () => {
  await t?.close();
});

// ── what is stored ─────────────────────────────────────────────────────────

/**
 * The files under a directory, `depth` levels down. Other tests' temporary directories come and
 * go meanwhile (the parent of the files directory is the system's temporary directory): an entry
 * that vanishes between the listing and its stat is skipped, not an error.
 */
function filesUnder(dir: string, depth = Number.POSITIVE_INFINITY): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    let isDirectory: boolean;
    try {
      isDirectory = lstatSync(path).isDirectory();
    } catch {
      return [];
    }
    if (!isDirectory) return [path];
    return depth > 1 ? filesUnder(path, depth - 1) : [];
  });
}

async function stored(): Promise<{ files: string[]; rows: number[] }> {
  const rows: number[] = [];
  for (const table of [importJob, ticketAttachment, holidayYear, catalogueNode]) {
    const [row] = await t.deps.db.select({ n: count() }).from(table);
    rows.push(row?.n ?? 0);
  }
  return { files: filesUnder(filesDir).sort(), rows };
}

/** Places a traversal name could have reached, outside the files directory. */
function escaped(): string[] {
  const parent = resolve(filesDir, '..');
  // A traversal name lands next to the files directory or a level below it, not deep elsewhere.
  return filesUnder(parent, 2).filter((f) => {
    const rel = relative(filesDir, f);
    return rel.startsWith('..') && /passwd|x\.jpg|evil/.test(f);
  });
}

// ── sending ────────────────────────────────────────────────────────────────

async function send(
  op: Operation,
  file: { name: string; data: Buffer; type?: string },
  app = t.app,
): Promise<LightMyRequestResponse> {
  const target = targets[op.key] as Target;
  const form = multipartBody(target.fields, file);
  return app.inject({
    method: op.method,
    url: fillPath(op.path, target.values),
    headers: { ...form.headers, cookie: target.cookie() },
    payload: form.payload,
  });
}

/** A refusal as the house style asks: 4xx, problem+json, title and detail in Chinese. */
function refusal(response: LightMyRequestResponse, label: string): string | null {
  const body = safeJson(response) as { title?: string; detail?: string; status?: number } | null;
  if (response.statusCode < 400 || response.statusCode >= 500)
    return `${label}: ${response.statusCode} ${response.body.slice(0, 200)}`;
  if (!/^application\/problem\+json/.test(String(response.headers['content-type'])))
    return `${label}: ${response.statusCode} not problem+json`;
  if (!hasChinese.test(body?.title ?? '') || !hasChinese.test(body?.detail ?? ''))
    return `${label}: ${response.statusCode} title/detail not in Chinese: ${response.body.slice(0, 200)}`;
  return null;
}

/** Sends a file that must be refused, and checks that nothing was kept. */
async function expectRefused(
  op: Operation,
  file: { name: string; data: Buffer; type?: string },
  label: string,
  problems: string[],
  app = t.app,
) {
  const before = await stored();
  const response = await send(op, file, app);
  const wrong = refusal(response, `${op.key} ${label}`);
  if (wrong) problems.push(wrong);
  const after = await stored();
  if (JSON.stringify(after) !== JSON.stringify(before)) {
    problems.push(
      `${op.key} ${label}: kept something (${before.files.length}→${after.files.length} files, rows ${before.rows}→${after.rows})`,
    );
  }
}

describe('upload abuse on every multipart endpoint', () => {
  it('knows how to reach every upload endpoint of the document', () => {
    expect(uploads.map((o) => o.key).sort()).toEqual(Object.keys(targets).sort());
    expect(uploads.length).toBeGreaterThanOrEqual(5);
  });

  it('accepts a valid file on each (so that the refusals below are about the abuse)', async () => {
    const before = await stored();
    for (const op of uploads) {
      const response = await send(op, await (targets[op.key] as Target).valid());
      expect(response.statusCode, `${op.key}: ${response.body.slice(0, 300)}`).toBeLessThan(300);
    }
    // What a kept upload looks like to the checks below: a file under the files directory and a row.
    const after = await stored();
    expect(after.files.length).toBeGreaterThan(before.files.length);
    expect(after.rows).not.toEqual(before.rows);
  });

  it('refuses the EICAR test file as text, photo or workbook, and polyglots, keeping nothing', async () => {
    const problems: string[] = [];
    const cases: [string, Buffer, string][] = [
      ['EICAR as .txt', eicar, 'eicar.txt'],
      ['EICAR renamed .jpg', eicar, 'eicar.jpg'],
      ['EICAR renamed .xlsx', eicar, 'eicar.xlsx'],
      ['JPEG + EICAR', Buffer.concat([jpeg, eicar]), 'photo.jpg'],
      ['JPEG + ZIP', Buffer.concat([jpeg, zipTail]), 'photo.jpg'],
      ['PNG + HTML script', Buffer.concat([png, script]), 'photo.png'],
      ['HTML dressed as .xlsx', htmlWorkbook, 'rooms.xlsx'],
      ['Windows program as .jpg', exe, 'photo.jpg'],
      ['empty file', Buffer.alloc(0), 'empty.csv'],
    ];
    let sent = 0;
    for (const op of uploads) {
      for (const [label, data, name] of cases) {
        await expectRefused(
          op,
          { name, data, type: name.endsWith('.jpg') ? 'image/jpeg' : 'application/octet-stream' },
          label,
          problems,
        );
        sent++;
      }
    }
    console.log(`upload abuse: ${sent} malicious files over ${uploads.length} endpoints`);
    if (problems.length) console.log(problems.join('\n'));
    expect(problems).toEqual([]);
  }, 120_000);

  it('never lets a file name choose where the file goes', async () => {
    const names = [
      '../../etc/passwd',
      '..\\..\\x.jpg',
      '/etc/passwd',
      'C:\\Windows\\evil.jpg',
      '....//....//evil.csv',
      'evil\u0000.jpg',
      '%2e%2e%2fevil.csv',
      `${'长'.repeat(300)}.csv`,
    ];
    const problems: string[] = [];
    for (const op of uploads) {
      const valid = await (targets[op.key] as Target).valid();
      for (const name of names) {
        const response = await send(op, { name, data: valid.data });
        if (response.statusCode >= 400) {
          const wrong = refusal(response, `${op.key} name ${JSON.stringify(name.slice(0, 40))}`);
          if (wrong) problems.push(wrong);
          continue;
        }
        // Accepted: under a clean name, if it says one.
        const fileName = (safeJson(response) as { fileName?: unknown } | null)?.fileName;
        if (
          typeof fileName === 'string' &&
          (/[/\\]/.test(fileName) || fileName.includes(String.fromCharCode(0)) || fileName.startsWith('..'))
        ) {
          problems.push(`${op.key} kept the name ${JSON.stringify(fileName)}`);
        }
      }
    }
    // Every stored file is inside the files directory, and nothing appeared beside it.
    const root = realpathSync(filesDir);
    for (const file of filesUnder(filesDir)) {
      if (!realpathSync(file).startsWith(root + sep)) problems.push(`stored outside: ${file}`);
    }
    expect(escaped()).toEqual([]);
    if (problems.length) console.log(problems.join('\n'));
    expect(problems).toEqual([]);
  }, 120_000);

  it("refuses a file just over each endpoint's limit with 413, keeping nothing", async () => {
    const problems: string[] = [];
    for (const op of uploads) {
      const target = targets[op.key] as Target;
      const valid = await target.valid();
      const padding = Buffer.alloc(target.maxBytes - valid.data.length + 1, valid.name.endsWith('.csv') ? 0x0a : 0x00);
      const before = await stored();
      const response = await send(op, { name: valid.name, data: Buffer.concat([valid.data, padding]) });
      if (response.statusCode !== 413)
        problems.push(`${op.key}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      const wrong = refusal(response, `${op.key} over the limit`);
      if (wrong) problems.push(wrong);
      const after = await stored();
      if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${op.key}: kept part of an oversize file`);
    }
    if (problems.length) console.log(problems.join('\n'));
    expect(problems).toEqual([]);
  }, 120_000);

  it('refuses a wrong content type, keeping nothing', async () => {
    const problems: string[] = [];
    for (const op of uploads) {
      const target = targets[op.key] as Target;
      const url = fillPath(op.path, target.values);
      const valid = await target.valid();
      const bodies: [string, string, string | Buffer][] = [
        ['JSON', 'application/json', JSON.stringify({ file: valid.data.toString('base64'), name: valid.name })],
        ['plain text', 'text/plain', valid.data],
        ['octet stream', 'application/octet-stream', valid.data],
        ['form without a boundary', 'multipart/form-data', valid.data],
      ];
      for (const [label, type, payload] of bodies) {
        const before = await stored();
        const response = await t.inject({
          method: op.method,
          url,
          headers: { 'content-type': type, cookie: target.cookie() },
          payload,
        });
        const wrong = refusal(response, `${op.key} ${label}`);
        if (wrong) problems.push(wrong);
        const after = await stored();
        if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${op.key} ${label}: kept something`);
      }
    }
    if (problems.length) console.log(problems.join('\n'));
    expect(problems).toEqual([]);
  }, 120_000);
});

import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './harness.js';

// The demo workbooks were written by LibreOffice (see fixtures/import/README.md): an XLSX with a
// merged title, a note line and a two-level header, and the same list as a GB18030 CSV.
const fixture = (name: string) => readFileSync(new URL(`./fixtures/import/${name}`, import.meta.url));

interface ImportResult {
  status: string;
  headerRow: number;
  totalRows: number;
  acceptedRows: number;
  rejectedRows: { row: number; reason: string }[];
  created: number;
  updated: number;
}

describe('importing the demo workbooks made by a spreadsheet program', () => {
  let t: TestApp;
  let admin: string;

  async function run(name: string, fields: Record<string, string> = {}): Promise<ImportResult> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(fixture(name))]), name);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const body = new Response(form);
    const response: LightMyRequestResponse = await t.inject({
      method: 'POST',
      url: '/api/imports',
      cookie: admin,
      headers: { 'content-type': body.headers.get('content-type') as string },
      payload: Buffer.from(await body.arrayBuffer()),
    });
    expect(response.statusCode, response.body).toBe(202);
    const { id } = json<{ id: string }>(response);
    for (let i = 0; i < 400; i++) {
      const result = json<ImportResult>(await t.inject({ method: 'GET', url: `/api/imports/${id}`, cookie: admin }));
      if (result.status === 'done' || result.status === 'failed') return result;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error('import did not finish');
  }

  async function roomsOfBuilding9() {
    const projects = json<{ data: { id: string; code: string }[] }>(
      await t.inject({ method: 'GET', url: '/api/projects?pageSize=50', cookie: admin }),
    );
    const llhy = projects.data.find((p) => p.code === 'SH-LLHY')?.id;
    const r = await t.inject({
      method: 'GET',
      url: `/api/rooms?projectId=${llhy}&keyword=9-&pageSize=200`,
      cookie: admin,
    });
    return json<{ total: number; data: { code: string }[] }>(r);
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('all-or-nothing reports the seven bad rows and writes nothing', async () => {
    const result = await run('rooms-customers-demo.xlsx', { mode: 'all-or-nothing' });
    expect(result.status).toBe('failed');
    expect(result.rejectedRows.map((r) => r.row)).toEqual([13, 19, 25, 33, 37, 43, 48]);
    expect(result.created).toBe(0);
    expect((await roomsOfBuilding9()).total).toBe(0);
  });

  it('skip-bad-rows imports the rest, with the reasons at the rows the spreadsheet shows', async () => {
    const result = await run('rooms-customers-demo.xlsx');
    expect(result).toMatchObject({ status: 'done', headerRow: 4, totalRows: 56, acceptedRows: 49, updated: 0 });
    const reasons = Object.fromEntries(result.rejectedRows.map((r) => [r.row, r.reason]));
    expect(reasons[13]).toMatch(/证件号码.*校验/);
    expect(reasons[19]).toMatch(/手机号码“1376218459”/);
    expect(reasons[25]).toMatch(/房号不能为空/);
    expect(reasons[33]).toMatch(/房屋类型“会所”无法识别/);
    expect(reasons[37]).toMatch(/建筑面积“约89”不是数字/);
    expect(reasons[43]).toMatch(/与第 42 行重复/);
    expect(reasons[48]).toMatch(/入伙日期“2024年13月5日”/);
    expect((await roomsOfBuilding9()).total).toBe(42);

    // The organisation owner and a customer found by the last four digits of a normalised mobile.
    const org = json<{ data: { name: string; kind: string }[] }>(
      await t.inject({ method: 'GET', url: `/api/customers?q=${encodeURIComponent('浦江智联')}`, cookie: admin }),
    );
    expect(org.data).toEqual([expect.objectContaining({ name: '上海浦江智联科技有限公司', kind: 'organisation' })]);
  });

  it('the same list as a GB18030 CSV changes nothing, and neither does the workbook again', async () => {
    const csv = await run('rooms-customers-demo.csv');
    expect(csv).toMatchObject({ status: 'done', headerRow: 4, acceptedRows: 49, created: 0, updated: 0 });
    const again = await run('rooms-customers-demo.xlsx');
    expect(again).toMatchObject({ status: 'done', acceptedRows: 49, created: 0, updated: 0 });
  });
});

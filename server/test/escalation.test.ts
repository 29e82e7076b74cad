import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, type TestApp } from './harness.js';
import { createTicket } from './ticket-factory.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

describe('smoke', () => {
  it('lists policies, the default ladder and the workbench', async () => {
    const admin = await t.login('admin');
    const policies = ok<{ name: string; levels: unknown[] }[]>(
      await t.inject({ method: 'GET', url: '/api/escalation-policies', cookie: admin }),
    );
    expect(policies.map((p) => p.name).sort()).toEqual(['投诉从严升级规则', '集团标准升级规则']);
    ok(await t.inject({ method: 'GET', url: '/api/escalation-policies/default', cookie: admin }));
    await createTicket(t);
    const wb = ok<{ mine: { count: number } }>(
      await t.inject({ method: 'GET', url: '/api/workbench', cookie: await t.login('handler') }),
    );
    expect(wb.mine.count).toBe(1);
  });
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  const s = Date.now();
  t = await createTestApp();
  console.log('open ms', Date.now() - s);
});
afterAll(() => t?.close());

test('smoke', async () => {
  const cookie = await t.login('admin');
  const r = await t.inject({ method: 'GET', url: '/api/auth/me', cookie });
  expect(r.statusCode).toBe(200);
  console.log(t.app.printRoutes({ commonPrefix: false, includeMeta: ['config'] }).slice(0, 3000));
  const bad = await t.inject({
    method: 'POST',
    url: '/api/users',
    cookie,
    payload: { username: 'abc', name: 'x', orgId: '00000000-0000-4000-8000-000000000000', mobile: '123', extra: 1 },
  });
  console.log(bad.statusCode, bad.headers['content-type'], bad.body);
});

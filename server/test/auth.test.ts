import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGrants, resolveSession } from '../src/modules/auth/session.service.js';
import { businessParameter } from '../src/modules/parameter/parameter.table.js';
import { appUser, userSession } from '../src/modules/user/user.table.js';
import { formatDateTime } from '../src/platform/locale.js';
import { Factory } from './factories.js';
import { createTestApp, DEMO_PASSWORD, HOUR, json, MINUTE, sessionCookie, type TestApp } from './harness.js';

let t: TestApp;
let admin: Factory;
let shOfficeId: string;
let shOrgId: string;
let supervisorRoleId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await Factory.asAdmin(t);
  shOfficeId = (await admin.orgByCode('SH-PD-KF')).id;
  shOrgId = (await admin.orgByCode('SH')).id;
  supervisorRoleId = (await admin.roleByCode('supervisor')).id;
});

afterAll(async () => {
  await t?.close();
});

const password = 'Str0ng&Fresh-2026';

/** A fresh active account (password already changed) so that lockouts do not touch the demo users. */
async function freshUser() {
  const factory = await Factory.asAdmin(t);
  return factory.activeUser({ orgId: shOfficeId }, password);
}

function attempt(username: string, pw: string, headers: Record<string, string> = {}, remoteAddress?: string) {
  return t.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: pw },
    headers,
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

function me(cookie: string) {
  return t.inject({ method: 'GET', url: '/api/auth/me', cookie });
}

describe('login', () => {
  it('sets an HttpOnly SameSite=Lax session cookie and returns the user', async () => {
    const response = await attempt('admin', DEMO_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'linli_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    // 256 random bits, base64url.
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const body = json<{ user: Record<string, unknown>; expiresAt: string }>(response);
    expect(body.user).toMatchObject({
      username: 'admin',
      name: '周敏',
      mobile: '139****0001',
      orgName: '集团客服管理中心',
      mustChangePassword: false,
      passwordPolicy: 'default',
      scope: { all: true, orgs: [], projects: [] },
    });
    expect(body.user.permissions).toContain('user.manage');
    // Absolute lifetime: 12 hours from now, also the cookie's expiry.
    expect(body.expiresAt).toBe(new Date(t.clock.now.getTime() + 12 * HOUR).toISOString());
    expect(cookie?.expires?.toISOString()).toBe(body.expiresAt);
  });

  it('stores only a hash of the session token', async () => {
    const cookie = await t.login('kefu');
    const token = cookie.split('=')[1] as string;
    const rows = await t.deps.db.select({ id: userSession.id }).from(userSession);
    expect(rows.some((r) => r.id === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id))).toBe(true);
  });

  it('marks the cookie Secure when the site is served over HTTPS', async () => {
    const secureApp = await t.buildApp({ COOKIE_SECURE: 'true' });
    const response = await secureApp.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'kefu', password: DEMO_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    expect(response.cookies.find((c) => c.name === 'linli_session')?.secure).toBe(true);
  });

  it('accepts the username in any case', async () => {
    expect((await attempt('KeFu', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a wrong password with a problem+json INVALID_CREDENTIALS in Chinese by default', async () => {
    const { user } = await freshUser();
    const response = await attempt(user.username, 'wrong-password');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.cookies).toHaveLength(0);
    expect(json(response)).toMatchObject({
      type: 'https://linli.dev/problems/invalid-credentials',
      status: 401,
      code: 'INVALID_CREDENTIALS',
      title: '用户名或密码错误，连续输错 5 次将锁定账号',
      detail: '用户名或密码错误，连续输错 5 次将锁定账号',
      instance: '/api/auth/login',
      requestId: response.headers['x-request-id'],
    });
  });

  it('answers in English when the browser prefers it', async () => {
    const { user } = await freshUser();
    const response = await attempt(user.username, 'wrong-password', { 'accept-language': 'en-US,en;q=0.9' });
    expect(response.statusCode).toBe(401);
    expect(json(response).detail).toBe('Wrong username or password; 5 failures in a row lock the account');
  });

  it('gives an unknown username exactly the same answer as a wrong password', async () => {
    const { user } = await freshUser();
    const wrong = await attempt(user.username, 'wrong-password');
    const unknown = await attempt('no-such-user', 'wrong-password');
    expect(unknown.statusCode).toBe(wrong.statusCode);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(json(unknown))).toEqual(strip(json(wrong)));
  });

  it('refuses a disabled account with the right password', async () => {
    const { user } = await freshUser();
    const cookie = await t.login('admin');
    expect((await t.inject({ method: 'POST', url: `/api/users/${user.id}/disable`, cookie })).statusCode).toBe(200);
    const response = await attempt(user.username, password);
    expect(response.statusCode).toBe(403);
    expect(json(response).code).toBe('ACCOUNT_DISABLED');
    expect((await t.inject({ method: 'POST', url: `/api/users/${user.id}/enable`, cookie })).statusCode).toBe(200);
    expect((await attempt(user.username, password)).statusCode).toBe(200);
  });
});

describe('account lockout', () => {
  it('locks the account for 30 minutes after 5 consecutive failures, refusing even the right password', async () => {
    const { user } = await freshUser();
    for (let i = 1; i <= 4; i++) {
      const response = await attempt(user.username, `wrong-${i}`);
      expect(response.statusCode, `attempt ${i}`).toBe(401);
    }
    const start = t.clock.now;
    const fifth = await attempt(user.username, 'wrong-5');
    expect(fifth.statusCode).toBe(423);
    const body = json(fifth);
    expect(body.code).toBe('ACCOUNT_LOCKED');
    const lockedUntil = new Date(body.lockedUntil as string);
    expect(lockedUntil.getTime()).toBe(start.getTime() + 30 * MINUTE);
    // The unlock time as the user reads it, in Beijing time.
    expect(body.detail).toBe(`账号已锁定，请于 ${formatDateTime(lockedUntil)} 后重试，或联系管理员解锁`);

    const right = await attempt(user.username, password);
    expect(right.statusCode).toBe(423);
    expect(json(right).code).toBe('ACCOUNT_LOCKED');

    // The lock lives in the database: another server instance refuses too.
    const other = await t.buildApp({});
    const elsewhere = await other.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password },
    });
    expect(elsewhere.statusCode).toBe(423);

    const listed = await t.inject({ method: 'GET', url: `/api/users/${user.id}`, cookie: await t.login('admin') });
    expect(json(listed)).toMatchObject({ locked: true, lockedUntil: lockedUntil.toISOString() });

    t.clock.advance(29 * MINUTE);
    expect((await attempt(user.username, password)).statusCode).toBe(423);
    t.clock.advance(2 * MINUTE);
    expect((await attempt(user.username, password)).statusCode).toBe(200);
  });

  it('counts only consecutive failures: a success starts the count again', async () => {
    const { user } = await freshUser();
    for (let i = 0; i < 4; i++) expect((await attempt(user.username, 'nope')).statusCode).toBe(401);
    expect((await attempt(user.username, password)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(user.username, 'nope')).statusCode).toBe(401);
    expect((await attempt(user.username, password)).statusCode).toBe(200);
  });

  it('can be lifted by an administrator', async () => {
    const { user } = await freshUser();
    for (let i = 0; i < 5; i++) await attempt(user.username, 'nope');
    expect((await attempt(user.username, password)).statusCode).toBe(423);

    const cookie = await t.login('admin');
    const unlocked = await t.inject({ method: 'POST', url: `/api/users/${user.id}/unlock`, cookie });
    expect(unlocked.statusCode).toBe(200);
    expect(json(unlocked)).toMatchObject({ locked: false, lockedUntil: null });
    const [row] = await t.deps.db.select().from(appUser).where(eq(appUser.id, user.id));
    expect(row).toMatchObject({ failedLoginCount: 0, lockedUntil: null });

    expect((await attempt(user.username, password)).statusCode).toBe(200);
  });

  it('may not be lifted by someone without user.manage', async () => {
    const { user } = await freshUser();
    const cookie = await t.login('supervisor');
    const response = await t.inject({ method: 'POST', url: `/api/users/${user.id}/unlock`, cookie });
    expect(response.statusCode).toBe(403);
    expect(json(response).code).toBe('FORBIDDEN');
  });
});

describe('per-address login limit', () => {
  it('answers 429 with Retry-After once an address has failed too often, without counting successes', async () => {
    const limited = await t.buildApp({ LOGIN_FAILURES_PER_MINUTE: '3' });
    const { user } = await freshUser();
    const login = (username: string, pw: string, remoteAddress: string) =>
      limited.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: pw }, remoteAddress });

    // A call centre behind one address logging in together is never limited.
    for (let i = 0; i < 5; i++) expect((await login('kefu', DEMO_PASSWORD, '198.51.100.20')).statusCode).toBe(200);

    for (let i = 0; i < 3; i++) {
      expect((await login('no-such-user', 'guess', '198.51.100.10')).statusCode).toBe(401);
    }
    const fourth = await login(user.username, 'guess', '198.51.100.10');
    expect(fourth.statusCode).toBe(429);
    expect(fourth.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(fourth).code).toBe('LOGIN_RATE_LIMITED');
    const retryAfter = Number(fourth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(json(fourth).detail).toContain(`${retryAfter} 秒`);
    // Even the right password waits, and the limited attempt did not count against the account.
    expect((await login(user.username, password, '198.51.100.10')).statusCode).toBe(429);
    const [row] = await t.deps.db.select().from(appUser).where(eq(appUser.id, user.id));
    expect(row?.failedLoginCount).toBe(0);

    // Another address is not affected.
    expect((await login(user.username, password, '198.51.100.11')).statusCode).toBe(200);
    expect((await login('kefu', DEMO_PASSWORD, '198.51.100.20')).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('carry the same permissions and scope as the role assignments say, for every kind of scope', async () => {
    // A fresh administrator session: earlier tests move the clock past the shared one's idle limit.
    const admin = await Factory.asAdmin(t);
    const sh = await admin.orgByCode('SH');
    const projects = await admin.projects();
    const [p1, p2] = projects;
    if (!p1 || !p2) throw new Error('the demo has two projects');
    const handlerRoleId = (await admin.roleByCode('handler')).id;
    const mixed = await admin.activeUser(
      {
        orgId: shOfficeId,
        assignments: [
          { roleId: supervisorRoleId, scopeKind: 'org', scopeOrgId: sh.id },
          { roleId: handlerRoleId, scopeKind: 'projects', scopeProjectIds: [p1.id, p2.id] },
        ],
      },
      password,
    );
    const onlyProjects = await admin.activeUser(
      { orgId: shOfficeId, assignments: [{ roleId: handlerRoleId, scopeKind: 'projects', scopeProjectIds: [p2.id] }] },
      password,
    );
    const none = await admin.activeUser({ orgId: shOfficeId, assignments: [] }, password);
    const cases = [
      { username: 'admin', cookie: await t.login('admin') },
      { username: 'kefu', cookie: await t.login('kefu') },
      { username: mixed.user.username, cookie: mixed.cookie },
      { username: onlyProjects.user.username, cookie: onlyProjects.cookie },
      { username: none.user.username, cookie: none.cookie },
    ];
    for (const c of cases) {
      const token = c.cookie.split('=')[1] as string;
      const actor = await resolveSession(t.deps, token);
      const grants = await loadGrants(t.deps.db, actor.id);
      expect(actor.username).toBe(c.username);
      expect([...actor.permissions].sort()).toEqual([...grants.permissions].sort());
      expect(actor.scope).toEqual(grants.scope);
    }
    const byName = async (username: string) =>
      resolveSession(t.deps, cases.find((c) => c.username === username)?.cookie.split('=')[1] as string);
    expect((await byName('admin')).scope).toEqual({ all: true });
    const m = (await byName(mixed.user.username)).scope;
    if (m.all) throw new Error('a mixed scope is not all');
    expect(m.orgPaths).toHaveLength(1);
    expect(m.orgPaths[0]).toMatch(new RegExp(`/${sh.id}/$`));
    expect([...m.projectIds].sort()).toEqual([p1.id, p2.id].sort());
    const o = (await byName(onlyProjects.user.username)).scope;
    expect(o).toMatchObject({ all: false, orgPaths: [], projectIds: [p2.id] });
    const n = await byName(none.user.username);
    expect(n.permissions.size).toBe(0);
    expect(n.scope).toMatchObject({ all: false, orgPaths: [], projectIds: [] });
  });

  it('end after 30 minutes without activity', async () => {
    const cookie = await t.login('kefu');
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(31 * MINUTE);
    const response = await me(cookie);
    expect(response.statusCode).toBe(401);
    expect(json(response).code).toBe('SESSION_EXPIRED');
    expect(json(response).detail).toBe('登录已过期，请重新登录');
    // The stale cookie is cleared.
    expect(response.cookies.find((c) => c.name === 'linli_session')?.value).toBe('');
  });

  it('stay alive while used', async () => {
    const cookie = await t.login('kefu');
    t.clock.advance(20 * MINUTE);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(20 * MINUTE);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(20 * MINUTE);
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('end 12 hours after login however active', async () => {
    const cookie = await t.login('kefu');
    const start = t.clock.now.getTime();
    let lastOk = 0;
    for (;;) {
      t.clock.advance(25 * MINUTE);
      const response = await me(cookie);
      if (response.statusCode !== 200) {
        expect(response.statusCode).toBe(401);
        expect(json(response).code).toBe('SESSION_EXPIRED');
        break;
      }
      lastOk = t.clock.now.getTime() - start;
    }
    expect(lastOk).toBeGreaterThan(11.5 * HOUR);
    expect(lastOk).toBeLessThan(12 * HOUR);
    expect(t.clock.now.getTime() - start).toBeGreaterThanOrEqual(12 * HOUR);
  });

  it('end on logout', async () => {
    const cookie = await t.login('kefu');
    const response = await t.inject({ method: 'POST', url: '/api/auth/logout', cookie });
    expect(response.statusCode).toBe(200);
    expect(response.cookies.find((c) => c.name === 'linli_session')?.value).toBe('');
    const after = await me(cookie);
    expect(after.statusCode).toBe(401);
    expect(json(after).code).toBe('SESSION_EXPIRED');
  });

  it('end on logout on this device only', async () => {
    const desk = await t.login('supervisor');
    const phone = await t.login('supervisor');
    expect((await t.inject({ method: 'POST', url: '/api/auth/logout', cookie: desk })).statusCode).toBe(200);
    expect((await me(desk)).statusCode).toBe(401);
    expect((await me(phone)).statusCode).toBe(200);
  });

  it('refuse requests without a cookie or with a forged one', async () => {
    const none = await t.inject({ method: 'GET', url: '/api/auth/me' });
    expect(none.statusCode).toBe(401);
    expect(json(none).code).toBe('UNAUTHENTICATED');
    const forged = await me('linli_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(forged.statusCode).toBe(401);
    expect(json(forged).code).toBe('SESSION_EXPIRED');
  });

  it('all end when the password changes, and the changing browser gets a fresh one', async () => {
    const { user } = await freshUser();
    const first = await t.login(user.username, password);
    const second = await t.login(user.username, password);
    const newPassword = 'An0ther&Strong-2026';
    const response = await t.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      cookie: first,
      payload: { currentPassword: password, newPassword },
    });
    expect(response.statusCode).toBe(200);
    const fresh = sessionCookie(response);
    expect(fresh).not.toBe(first);
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(401);
    expect((await me(fresh)).statusCode).toBe(200);
    expect((await attempt(user.username, password)).statusCode).toBe(401);
    expect((await attempt(user.username, newPassword)).statusCode).toBe(200);
  });

  it('end when the user is disabled', async () => {
    const { user, cookie } = await freshUser();
    expect((await me(cookie)).statusCode).toBe(200);
    const adminCookie = await t.login('admin');
    const disabled = await t.inject({ method: 'POST', url: `/api/users/${user.id}/disable`, cookie: adminCookie });
    expect(disabled.statusCode).toBe(200);
    expect(json(disabled).active).toBe(false);
    const after = await me(cookie);
    expect(after.statusCode).toBe(401);
    expect(json(after).code).toBe('SESSION_EXPIRED');
    // Enabling again does not revive the old session.
    await t.inject({ method: 'POST', url: `/api/users/${user.id}/enable`, cookie: adminCookie });
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('end when an administrator resets the password', async () => {
    const { user, cookie } = await freshUser();
    const adminCookie = await t.login('admin');
    const reset = await t.inject({
      method: 'POST',
      url: `/api/users/${user.id}/reset-password`,
      cookie: adminCookie,
      payload: {},
    });
    expect(reset.statusCode).toBe(200);
    const issued = json<{ issuedPassword: string; user: { mustChangePassword: boolean } }>(reset);
    expect(issued.user.mustChangePassword).toBe(true);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await attempt(user.username, password)).statusCode).toBe(401);
    const login = await attempt(user.username, issued.issuedPassword);
    expect(login.statusCode).toBe(200);
    expect(json<{ user: { mustChangePassword: boolean } }>(login).user.mustChangePassword).toBe(true);
  });
});

describe('issued passwords', () => {
  it('must be changed before anything else can be done', async () => {
    const cookie = await t.login('admin');
    const created = await t.inject({
      method: 'POST',
      url: '/api/users',
      cookie,
      payload: {
        username: 'new.supervisor',
        name: '新主管',
        orgId: shOfficeId,
        assignments: [{ roleId: supervisorRoleId, scopeKind: 'org', scopeOrgId: shOrgId }],
      },
    });
    expect(created.statusCode).toBe(200);
    const { issuedPassword, user } = json<{ issuedPassword: string; user: { mustChangePassword: boolean } }>(created);
    expect(issuedPassword).toHaveLength(12);
    expect(user.mustChangePassword).toBe(true);

    const login = await attempt('new.supervisor', issuedPassword);
    expect(login.statusCode).toBe(200);
    expect(json<{ user: { mustChangePassword: boolean } }>(login).user.mustChangePassword).toBe(true);
    const pending = sessionCookie(login);

    for (const url of ['/api/users', '/api/orgs/tree', '/api/projects', '/api/dashboard/summary']) {
      const response = await t.inject({ method: 'GET', url, cookie: pending });
      expect(response.statusCode, url).toBe(403);
      expect(json(response).code, url).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    const meResponse = await me(pending);
    expect(meResponse.statusCode).toBe(200);
    expect(json(meResponse).mustChangePassword).toBe(true);

    const changed = await t.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      cookie: pending,
      payload: { currentPassword: issuedPassword, newPassword: 'Zhuguan#2026' },
    });
    expect(changed.statusCode).toBe(200);
    expect(json(changed).mustChangePassword).toBe(false);
    const ready = sessionCookie(changed);
    for (const url of ['/api/users', '/api/orgs/tree', '/api/projects', '/api/dashboard/summary']) {
      expect((await t.inject({ method: 'GET', url, cookie: ready })).statusCode, url).toBe(200);
    }
  });
});

describe('password policy', () => {
  async function change(cookie: string, currentPassword: string, newPassword: string, locale?: string) {
    return t.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      cookie,
      payload: { currentPassword, newPassword },
      headers: locale ? { 'accept-language': locale } : {},
    });
  }

  it('refuses short and common passwords with PASSWORD_TOO_WEAK and the reason', async () => {
    const { cookie } = await freshUser();
    const short = await change(cookie, password, 'Ab1!x');
    expect(short.statusCode).toBe(400);
    expect(json(short)).toMatchObject({ code: 'PASSWORD_TOO_WEAK', detail: '密码不符合要求：至少 8 位' });
    const common = await change(cookie, password, 'Password123', 'en-US');
    expect(common.statusCode).toBe(400);
    expect(json(common)).toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
      detail: 'The password does not meet the policy: must not be a common password',
    });
  });

  it('refuses a wrong current password and an unchanged one', async () => {
    const { cookie } = await freshUser();
    const wrong = await change(cookie, 'not-my-password', 'Brand#New-2026');
    expect(wrong.statusCode).toBe(400);
    expect(json(wrong).code).toBe('PASSWORD_WRONG');
    const same = await change(cookie, password, password);
    expect(same.statusCode).toBe(400);
    expect(json(same).code).toBe('PASSWORD_REUSED');
  });

  it('applies to passwords set by an administrator', async () => {
    const cookie = await t.login('admin');
    const response = await t.inject({
      method: 'POST',
      url: '/api/users',
      cookie,
      payload: { username: 'weak.one', name: '弱密码', orgId: shOfficeId, password: 'password1' },
    });
    expect(response.statusCode).toBe(400);
    expect(json(response).code).toBe('PASSWORD_TOO_WEAK');
    const list = await t.inject({ method: 'GET', url: '/api/users?keyword=weak.one', cookie });
    expect(json(list).total).toBe(0);
  });

  it('under the dengbao profile requires three character classes and a change every 90 days', async () => {
    const { user, cookie } = await freshUser();
    const adminCookie = await t.login('admin');
    const set = await t.inject({
      method: 'PUT',
      url: '/api/parameters/security.password_policy',
      cookie: adminCookie,
      payload: { value: 'dengbao' },
    });
    expect(set.statusCode).toBe(200);
    expect(json(set)).toMatchObject({ value: 'dengbao', isDefault: false });
    try {
      expect(json(await me(cookie)).passwordPolicy).toBe('dengbao');
      const weak = await change(cookie, password, 'abcdefgh1');
      expect(weak.statusCode).toBe(400);
      expect(json(weak)).toMatchObject({
        code: 'PASSWORD_TOO_WEAK',
        detail: '密码不符合要求：须包含大写字母、小写字母、数字、符号中的至少三类',
      });
      const issued = await t.inject({
        method: 'POST',
        url: '/api/users',
        cookie: adminCookie,
        payload: { username: 'weak.two', name: '弱密码', orgId: shOfficeId, password: 'abcdefgh1' },
      });
      expect(issued.statusCode).toBe(400);
      expect(json(issued).code).toBe('PASSWORD_TOO_WEAK');

      const strong = await change(cookie, password, 'Abcdefgh1');
      expect(strong.statusCode).toBe(200);

      // 91 days later the password has expired: login works, everything else waits for a change.
      t.clock.advance(91 * 24 * HOUR);
      const login = await attempt(user.username, 'Abcdefgh1');
      expect(login.statusCode).toBe(200);
      expect(json<{ user: { mustChangePassword: boolean } }>(login).user.mustChangePassword).toBe(true);
      const blocked = await t.inject({ method: 'GET', url: '/api/orgs/tree', cookie: sessionCookie(login) });
      expect(blocked.statusCode).toBe(403);
      expect(json(blocked).code).toBe('PASSWORD_CHANGE_REQUIRED');
      const renewed = await change(sessionCookie(login), 'Abcdefgh1', 'Renewed#2027');
      expect(renewed.statusCode).toBe(200);
      expect(
        (await t.inject({ method: 'GET', url: '/api/orgs/tree', cookie: sessionCookie(renewed) })).statusCode,
      ).toBe(200);
    } finally {
      // Every demo password has expired too by now, so the setting is put back directly.
      await t.deps.db.delete(businessParameter).where(eq(businessParameter.key, 'security.password_policy'));
      t.deps.parameters.invalidate();
    }
    // Under the default profile an old password does not expire.
    t.clock.advance(200 * 24 * HOUR);
    const login = await attempt('kefu', DEMO_PASSWORD);
    expect(json<{ user: { mustChangePassword: boolean } }>(login).user.mustChangePassword).toBe(false);
  });
});

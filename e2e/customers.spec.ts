import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

/** 迁入 on the customer 360 page: a room of 邻里花园 found by its code, in the given role. */
async function moveInto(page: Page, roomCode: string, role: '业主' | '租户'): Promise<void> {
  await page.getByTestId('move-in').click();
  const modal = page.locator('.ant-modal-content');
  await modal.getByLabel('项目').click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: '邻里花园' })
    .first()
    .click();
  await modal.getByLabel('房间').click();
  await page.keyboard.type(roomCode);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: roomCode })
    .first()
    .click();
  await modal.getByText(role).first().click();
  await page.getByRole('button', { name: /确认迁入/ }).click();
}

test('an agent finds customers by pinyin initials and phone suffix, registers a new owner, and the room shows who lives there', async () => {
  const page = await newPage(running.browser());
  await login(page, running.server().url, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(`${running.server().url}/customers`);
  await page.getByTestId('customer-link').first().waitFor();

  // The tag filter: VIP customers only, each row tagged VIP, the filter kept in the address.
  await page.getByTestId('tag-filter').click();
  await page.locator('.ant-select-dropdown').getByTitle('VIP', { exact: true }).click();
  await page.waitForURL(/tag=vip/);
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('.ant-table-tbody tr.ant-table-row')];
    return rows.length > 0 && rows.every((r) => r.textContent?.includes('VIP'));
  });
  await screenshot(page, 'customers-tag-vip');
  await page.goto(`${running.server().url}/customers`);
  await page.getByTestId('customer-link').first().waitFor();

  // Pinyin initials of the first listed customer find that customer.
  const firstName = ((await page.getByTestId('customer-link').first().textContent()) ?? '').trim();
  const search = page.getByPlaceholder(/姓名 \/ 拼音首字母/);
  const { pinyin } = await import('pinyin-pro');
  const initials = pinyin(firstName, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' }).join('');
  await search.fill(initials);
  await search.press('Enter');
  await page.waitForFunction(
    (name) => [...document.querySelectorAll('[data-testid=customer-link]')].some((a) => a.textContent?.includes(name)),
    firstName,
  );
  await screenshot(page, 'customers-search-initials');

  // The last four digits of a masked mobile find its owner.
  const masked =
    (await page
      .locator('td')
      .filter({ hasText: /^1\d\d\*\*\*\*\d{4}$/ })
      .first()
      .textContent()) ?? '';
  await search.fill(masked.slice(-4));
  await search.press('Enter');
  await page.waitForFunction(
    (suffix) => [...document.querySelectorAll('td')].some((td) => td.textContent?.endsWith(suffix)),
    masked.slice(-4),
  );

  // Register a new customer; a wrong check digit is caught before sending.
  await search.fill('');
  await page.getByRole('button', { name: /新建客户/ }).click();
  const drawer = page.locator('.ant-drawer-content');
  await drawer.getByLabel('姓名').fill('欧阳明远');
  await drawer.getByLabel('证件号码').fill('310104198503121234');
  await drawer.getByLabel('手机号').click();
  await drawer
    .getByText(/校验位/)
    .first()
    .waitFor();
  await drawer.getByLabel('证件号码').fill('310104198503121235');
  await drawer.getByLabel('手机号').fill('139 2000 0101');
  await screenshot(page, 'customers-create');
  await page.getByRole('button', { name: /创建并查看/ }).click();
  await page.waitForURL(/\/customers\/[0-9a-f-]{36}/);
  await page.getByTestId('customer-name').waitFor();
  const idText = (await page.getByTestId('id-number').textContent()) ?? '';
  assert.match(idText, /310104\*+1235/, 'the ID number is masked');
  assert.equal(await page.getByTestId('id-number-reveal').count(), 0, 'an agent cannot reveal');

  // Move the customer into a room of 邻里花园 as owner.
  await moveInto(page, '1-1-1801', '业主');
  await page.getByTestId('room-link').first().waitFor();
  await screenshot(page, 'customers-360');

  // The room on the room-status grid lists the new owner.
  await page.getByTestId('room-link').first().click();
  await page.waitForURL(/property\/grid/);
  const occupants = page.getByTestId('room-occupants');
  await occupants.waitFor();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=room-occupants]')?.textContent?.includes('欧阳明远'),
  );
  await page.waitForTimeout(500);
  await screenshot(page, 'customers-room-occupants');
});

test('an agent moves a customer into a room as tenant and out again; the 360 page and the room keep the history', async () => {
  const page = await newPage(running.browser());
  const url = running.server().url;
  await login(page, url, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  const get = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(`${url}${path}`);
    assert.equal(response.status(), 200, `${path}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  // A room of 邻里花园 without a tenant, and a customer who does not live there.
  const projects = await get<{ data: { id: string; name: string }[] }>('/api/projects?pageSize=200');
  const llhy = projects.data.find((p) => p.name === '邻里花园');
  assert.ok(llhy);
  const rooms = await get<{ data: { id: string; code: string }[] }>(
    `/api/rooms?projectId=${llhy.id}&status=occupied&pageSize=50`,
  );
  let target: { id: string; code: string } | undefined;
  for (const room of rooms.data.slice(5)) {
    const held = await get<{ role: string; current: boolean }[]>(`/api/rooms/${room.id}/occupancies`);
    if (!held.some((o) => o.current && o.role === 'tenant')) {
      target = room;
      break;
    }
  }
  assert.ok(target, 'a room without a tenant');
  const customers = await get<{ data: { id: string; name: string; rooms: { roomId: string }[] }[] }>(
    '/api/customers?pageSize=50&kind=person',
  );
  const tenant = customers.data.find((c) => !c.rooms.some((r) => r.roomId === target?.id));
  assert.ok(tenant);

  await page.goto(`${url}/customers/${tenant.id}`);
  await page.getByTestId('customer-name').waitFor();
  const historyBefore = await page.getByTestId('occupancy-history').count();
  await moveInto(page, target.code, '租户');
  const current = page.getByTestId('occupancy-current').filter({ hasText: target.code }).filter({ hasText: '租户' });
  await current.waitFor();
  await screenshot(page, 'customers-tenant-in');

  // Out again: the relation stays as history, on the customer and on the room.
  await current.getByTestId('move-out').click();
  await page.getByRole('button', { name: /确认迁出/ }).click();
  await current.waitFor({ state: 'detached' });
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=occupancy-history]').length > n,
    historyBefore,
  );
  assert.match(
    (await page.getByTestId('occupancy-history').filter({ hasText: target.code }).first().textContent()) ?? '',
    /租户/,
  );
  await screenshot(page, 'customers-tenant-out');
  const history = await get<{ customerId: string; role: string; current: boolean; toDate: string | null }[]>(
    `/api/rooms/${target.id}/occupancies`,
  );
  const ended = history.find((o) => o.customerId === tenant.id && o.role === 'tenant');
  assert.ok(ended && !ended.current && ended.toDate, 'the room keeps the ended tenancy');
});

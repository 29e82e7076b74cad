import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login, logout, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

interface Page_<T> {
  data: T[];
}
interface Room {
  id: string;
  code: string;
  projectId: string;
  buildingId: string;
  status: string;
}
interface Customer {
  id: string;
  code: string;
  name: string;
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${running.server().url}${path}`);
  assert.equal(response.status(), 200, `${path}: ${response.status()}`);
  return (await response.json()) as T;
}

const visibleOption = (page: Page, text: string) =>
  page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();

test('an agent registers a move-in from the room drawer and requests a rename; a supervisor approves it', async () => {
  const url = running.server().url;
  const page = await newPage(running.browser());
  await login(page, url, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);

  // A handed-over room of 邻里花园 and a Shanghai customer who owns another flat there.
  const projects = await getJson<Page_<{ id: string; code: string }>>(page, '/api/projects?pageSize=200');
  const llhy = projects.data.find((p) => p.code === 'SH-LLHY');
  assert.ok(llhy);
  const delivered = await getJson<Page_<Room>>(page, `/api/rooms?projectId=${llhy.id}&status=delivered&pageSize=50`);
  const room = delivered.data[0];
  assert.ok(room, 'a delivered room in 邻里花园');
  const occupied = await getJson<Page_<Room>>(page, `/api/rooms?projectId=${llhy.id}&status=occupied&pageSize=50`);
  const elsewhere = await getJson<{ customerId: string; role: string; current: boolean }[]>(
    page,
    `/api/rooms/${occupied.data[5]?.id}/occupancies`,
  );
  const ownerId = elsewhere.find((o) => o.current && o.role === 'owner')?.customerId;
  assert.ok(ownerId);
  const buyer = await getJson<Customer>(page, `/api/customers/${ownerId}`);

  // 办理入伙 from the room drawer on the room-status grid.
  await page.goto(`${url}/property/grid?projectId=${llhy.id}&buildingId=${room.buildingId}&roomId=${room.id}`);
  const drawer = page.getByTestId('room-drawer');
  await page.getByTestId('room-move-in').click();
  await page.getByTestId('move-in-consequences').waitFor();
  const modal = page.locator('.ant-modal-content:visible');
  // Saving without a customer is stopped with a Chinese message under the field.
  await modal.getByRole('button', { name: /确认入伙/ }).click();
  await modal.getByText('请选择入伙的客户').waitFor();
  await page.getByTestId('move-in-customer').click();
  await page.keyboard.type(buyer.name);
  await visibleOption(page, buyer.code).click();
  const contractNo = `HT-E2E-${Date.now() % 100000}`;
  await modal.getByLabel('购房合同号').fill(contractNo);
  await modal.getByLabel('收楼书号').fill('SL-E2E-0001');
  await modal.getByLabel('业主验收').fill('验收合格，钥匙 3 套、门禁卡 2 张已领取');
  await screenshot(page, 'move-in-form');
  await modal.getByRole('button', { name: /确认入伙/ }).click();

  // The drawer shows the new owner as the billing target, the room occupied and the registration.
  await page.waitForFunction(
    ({ code }) => document.querySelector('[data-testid=room-move-ins]')?.textContent?.includes(code),
    { code: contractNo },
  );
  await page.waitForFunction(
    (name) => document.querySelector('[data-testid=billing-target]')?.textContent?.includes(name),
    buyer.name,
  );
  assert.match((await page.getByTestId('billing-target').textContent()) ?? '', /业主/);
  assert.match((await drawer.locator('.ant-drawer-title').textContent()) ?? '', /已入住/);
  await screenshot(page, 'move-in-room-drawer');

  // The move-in list finds it by contract number.
  await page.goto(`${url}/customer/move-ins`);
  const search = page.getByPlaceholder('房号 / 客户名称 / 合同号 / 收楼书号');
  await search.fill(contractNo);
  await search.press('Enter');
  await page.waitForFunction((code) => {
    const owners = [...document.querySelectorAll('[data-testid=move-in-owner]')];
    return owners.length === 1 && document.querySelector('.ant-table-tbody')?.textContent?.includes(code);
  }, contractNo);
  await screenshot(page, 'move-in-list');

  // On the customer page: the name is not edited directly, a rename is requested.
  await page.goto(`${url}/customers/${buyer.id}`);
  await page.getByTestId('customer-name').waitFor();
  await page.getByRole('button', { name: /编\s*辑/ }).click();
  const form = page.locator('.ant-drawer-content:visible');
  assert.equal(await form.getByLabel('姓名').isDisabled(), true, 'the name is locked in the edit form');
  await form.getByRole('button', { name: /取\s*消/ }).click();
  await page.getByTestId('rename-request').click();
  const dialog = page.locator('.ant-modal-content:visible');
  await dialog.getByLabel('新名称').fill(buyer.name);
  await dialog.getByRole('button', { name: /提交申请/ }).click();
  await dialog.getByText('新名称与当前名称相同').waitFor();
  const newName = `${buyer.name.slice(0, 1)}若溪`;
  await dialog.getByLabel('新名称').fill(newName);
  await dialog.getByText('身份证姓名已变更').click();
  await dialog.getByLabel('证明材料').fill('派出所更名证明');
  await dialog.getByRole('button', { name: /提交申请/ }).click();
  await page.getByTestId('rename-pending').waitFor();
  assert.match((await page.getByTestId('rename-pending').textContent()) ?? '', new RegExp(newName));
  assert.equal((await page.getByTestId('customer-name').textContent())?.trim(), buyer.name, 'not renamed yet');
  await screenshot(page, 'rename-requested');
  await logout(page);

  // The supervisor approves it; the name changes.
  await login(page, url, 'supervisor', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(`${url}/customer/rename-requests`);
  const row = page.locator('.ant-table-row').filter({ hasText: newName });
  await row.waitFor();
  await screenshot(page, 'rename-approval-list');
  await row.getByTestId('rename-approve').click();
  const approve = page.locator('.ant-modal-content:visible');
  await approve.getByLabel('审批意见').fill('已核对新身份证原件');
  await approve.getByRole('button', { name: /通过并更名/ }).click();
  await page.getByText(`已通过，客户名称已改为“${newName}”`).waitFor();
  await page.getByTestId('rename-tab-approved').click();
  await page.locator('.ant-table-row').filter({ hasText: newName }).waitFor();

  await page.goto(`${url}/customers/${buyer.id}`);
  await page.waitForFunction(
    (name) => document.querySelector('[data-testid=customer-name]')?.textContent?.trim() === name,
    newName,
  );
  assert.match((await page.getByTestId('former-names').textContent()) ?? '', new RegExp(buyer.name));
  await page.getByTestId('billing-target-tag').waitFor();
  await screenshot(page, 'rename-approved-customer');
});

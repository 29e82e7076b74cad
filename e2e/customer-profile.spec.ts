import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

/** Picks an option of the open antd select whose text matches. */
async function pickOption(page: Page, text: string | RegExp) {
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

test('an agent records a family member, a bank account and a contact record on a customer’s 360 page', async () => {
  const url = running.server().url;
  const page = await newPage(running.browser());
  await login(page, url, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);

  // A new owner of 邻里花园 2-2-1601, registered through the API as the agent.
  const projects = await (await page.request.get(`${url}/api/projects?pageSize=200`)).json();
  const llhy = projects.data.find((p: { name: string }) => p.name === '邻里花园');
  const rooms = await (await page.request.get(`${url}/api/rooms?projectId=${llhy.id}&keyword=2-2-1601`)).json();
  const room = rooms.data.find((r: { code: string }) => r.code === '2-2-1601');
  const created = await page.request.post(`${url}/api/customers`, {
    data: {
      kind: 'person',
      name: '司马家宁',
      mobile: '13920000202',
      moveIn: { roomId: room.id, role: 'owner', fromDate: '2026-01-01' },
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const customer = await created.json();

  await page.goto(`${url}/customers/${customer.id}`);
  await page.getByTestId('profile-tabs').waitFor();
  await page.getByText('暂无家庭成员或紧急联系人').waitFor();

  // 家庭成员: the form refuses a wrong mobile in Chinese before anything is sent.
  await page.getByTestId('add-family').click();
  const modal = page.locator('.ant-modal-content:visible');
  await modal.getByLabel('姓名').fill('司马静怡');
  await modal.getByLabel('与客户关系').click();
  await pickOption(page, '配偶');
  await modal.getByLabel('手机号').fill('1380013800');
  await modal.getByRole('button', { name: /保\s*存/ }).click();
  await modal.getByText('请输入有效的 11 位手机号').waitFor();
  await modal.getByLabel('手机号').fill('139 2000 0303');
  await modal.getByText('女').click();
  await modal.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByTestId('contact-name').filter({ hasText: '司马静怡' }).waitFor();
  const contactMobile = (await page.getByTestId('contact-mobile').first().textContent()) ?? '';
  assert.equal(contactMobile.trim(), '139****0303', 'the family member’s mobile is masked');
  assert.equal(await page.getByTestId('contact-mobile-reveal').count(), 0, 'an agent cannot reveal');
  await screenshot(page, 'customer-profile-contacts');

  // 银行账户: the first account becomes the primary one and is shown masked; the same number again is refused.
  await page.getByTestId('tab-bank').click();
  await page.getByTestId('add-bank-account').click();
  const bank = page.locator('.ant-modal-content:visible');
  await bank.getByLabel('开户银行').fill('中国工商银行');
  await bank.getByLabel('开户网点').fill('上海浦东支行');
  assert.equal(await bank.getByLabel('开户名').inputValue(), '司马家宁', 'the holder defaults to the customer');
  await bank.getByLabel('银行账号').fill('6222 0210 0112 3456 789');
  await bank.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByTestId('bank-primary').waitFor();
  const masked = (await page.getByTestId('bank-account-number').first().textContent()) ?? '';
  assert.equal(masked.trim(), '6222 **** **** 6789', 'the account number is masked');
  await page.getByTestId('add-bank-account').click();
  const again = page.locator('.ant-modal-content:visible');
  await again.getByLabel('开户银行').fill('中国工商银行');
  await again.getByLabel('银行账号').fill('6222021001123456789');
  await again.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('该客户已登记过银行账号 6222 **** **** 6789，不能重复添加').first().waitFor();
  await again.getByRole('button', { name: /取\s*消/ }).click();
  await screenshot(page, 'customer-profile-bank');

  // 沟通记录: recorded by the agent, about the customer's room, shown at the top of the timeline.
  await page.getByTestId('tab-records').click();
  await page.getByTestId('add-record').click();
  const record = page.locator('.ant-modal-content:visible');
  await record.getByText('上门/来访').click();
  await record.getByLabel('沟通内容').fill('业主到客服中心办理银行托收，已登记工商银行账户。');
  await record.getByRole('button', { name: /保\s*存/ }).click();
  const entry = page.getByTestId('contact-record').first();
  await entry.getByText('业主到客服中心办理银行托收').waitFor();
  const text = (await entry.textContent()) ?? '';
  assert.match(text, /上门\/来访/);
  assert.match(text, /2-2-1601/);
  assert.match(text, /记录人 张晓梅/);
  await screenshot(page, 'customer-profile-records');

  // The tabs count what was added.
  assert.match((await page.getByTestId('tab-contacts').textContent()) ?? '', /1/);
  assert.match((await page.getByTestId('tab-bank').textContent()) ?? '', /1/);
  assert.match((await page.getByTestId('tab-records').textContent()) ?? '', /1/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

test('an agent finds customers by pinyin initials and phone suffix, registers a new owner, and the room shows who lives there', async () => {
  const page = await newPage(running.browser());
  await login(page, running.server().url, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
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
  await page.getByTestId('move-in').click();
  const modal = page.locator('.ant-modal-content');
  await modal.getByLabel('项目').click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: '邻里花园' })
    .first()
    .click();
  await modal.getByLabel('房间').click();
  await page.keyboard.type('1-1-1801');
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: '1-1-1801' })
    .first()
    .click();
  await modal.getByText('业主').first().click();
  await page.getByRole('button', { name: /确认迁入/ }).click();
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

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, login, logout, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

const formItem = (page: Page, root: Locator, label: string) =>
  root
    .locator('.ant-form-item')
    .filter({ has: page.locator(`label:text-is("${label}")`) })
    .first();

async function pick(page: Page, item: Locator, text: string, tree = false): Promise<void> {
  await item.locator('.ant-select-selector').click();
  await page.keyboard.type(text);
  const option = tree ? '.ant-select-tree-title' : '.ant-select-item-option';
  await page.locator(`.ant-select-dropdown:visible ${option}`, { hasText: text }).first().click();
}

async function menuLabels(page: Page): Promise<string[]> {
  const labels = new Set<string>();
  const collect = async () => {
    for (const text of await page.locator('.ant-pro-sider .ant-menu-title-content').allInnerTexts())
      labels.add(text.trim());
  };
  await collect();
  // Open each group in turn (the menu may keep only one open) and read its entries.
  const groups = page.locator('.ant-pro-sider .ant-menu-submenu-title');
  for (let i = 0; i < (await groups.count()); i++) {
    await groups.nth(i).click();
    await page.waitForTimeout(400);
    await collect();
  }
  return [...labels];
}

test('an administrator creates a user scoped to one project, who then sees only what the role allows, and both show in the audit log', async () => {
  const page = await newPage(running.browser());
  await login(page, running.server().url, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);

  // 1. Create the user with the call-center agent role on project 邻里花园 only.
  await page.goto(`${running.server().url}/system/users`);
  await page.locator('.ant-table-row').first().waitFor();
  await page.getByRole('button', { name: '新建用户' }).click();
  const drawer = page.locator('.ant-drawer-content');
  await drawer.waitFor();
  await formItem(page, drawer, '用户名').locator('input').fill('e2e_agent');
  await formItem(page, drawer, '姓名').locator('input').fill('孙丽娜');
  await formItem(page, drawer, '手机号').locator('input').fill('+86 139-2000-0088');
  await pick(page, formItem(page, drawer, '所属组织'), '上海浦东管理处', true);
  await drawer.getByTestId('add-assignment').click();
  const grant = drawer.getByTestId('assignment-0');
  await pick(page, formItem(page, grant, '角色'), '客服专员');
  await grant.getByText('指定项目').click();
  await pick(page, formItem(page, grant, '项目'), '邻里花园');
  await page.keyboard.press('Escape');
  await screenshot(page, 'users-create-scoped');
  await drawer.getByRole('button', { name: /创\s*建/ }).click();
  const issued = page.getByTestId('issued-password');
  await issued.waitFor();
  const password = (await issued.innerText()).trim();
  assert.ok(password.length >= 8, `issued password shown: ${password}`);
  await screenshot(page, 'users-issued-password');
  await page.getByTestId('issued-password-done').click();
  const row = page.locator('.ant-table-row', { hasText: 'e2e_agent' });
  await row.waitFor();
  const rowText = await row.innerText();
  assert.match(rowText, /客服专员（邻里花园）/);
  assert.match(rowText, /139\*\*\*\*0088/, 'the mobile is shown masked');
  await logout(page);

  // 2. The new user logs in with the issued password and must change it first.
  await login(page, running.server().url, 'e2e_agent', password);
  await page.waitForURL(/\/change-password/);
  await page.getByText('首次登录请先修改').waitFor();
  await screenshot(page, 'change-password-forced');
  await page.getByLabel('原密码').fill(password);
  await page.getByLabel('新密码', { exact: true }).fill('Sun#Lina-2026');
  await page.getByLabel('确认新密码').fill('Sun#Lina-2026');
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.waitForURL(/\/workbench/);

  // 3. The menu shows what the role allows, nothing more.
  await page.getByText('常用功能').waitFor();
  await screenshot(page, 'workbench-scoped-agent');
  const labels = await menuLabels(page);
  assert.ok(labels.includes('工作台'), labels.join(','));
  assert.ok(labels.includes('项目管理'), labels.join(','));
  for (const hidden of ['用户管理', '角色权限', '组织架构', '审计日志', '业务参数']) {
    assert.ok(!labels.includes(hidden), `${hidden} must be hidden: ${labels.join(',')}`);
  }
  assert.ok(labels.includes('数据字典'), 'the agent may read dictionaries');

  // 4. The project list holds the one project in scope.
  await page.goto(`${running.server().url}/system/projects`);
  await page.locator('.ant-table-row').first().waitFor();
  const projects = await page.locator('.ant-table-row').allInnerTexts();
  assert.equal(projects.length, 1, projects.join('\n'));
  assert.match(projects[0] ?? '', /邻里花园/);
  await screenshot(page, 'projects-scoped-agent');

  // 5. A page outside the role answers 403 even when typed in.
  await page.goto(`${running.server().url}/system/users`);
  await page.getByText('您没有访问此页面的权限').waitFor();
  await logout(page);

  // 6. The administrator finds both actions in the audit log.
  await login(page, running.server().url, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(`${running.server().url}/audit`);
  // The background jobs (time limits, messages) write entries too: search for her name.
  await page.getByPlaceholder('摘要中的文字').fill('孙丽娜');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const created = page.locator('.ant-table-row', { hasText: '新建用户「孙丽娜」(e2e_agent)' });
  const changed = page.locator('.ant-table-row', { hasText: '孙丽娜 修改了密码' });
  await created.waitFor();
  await changed.waitFor();
  assert.match(await created.innerText(), /周敏/);
  assert.match(await changed.innerText(), /孙丽娜/);
  await screenshot(page, 'audit-log');
});

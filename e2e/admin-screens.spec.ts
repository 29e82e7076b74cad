import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  DEMO_PASSWORD,
  launchBrowser,
  login,
  newPage,
  type RunningServer,
  screenshot,
  startServer,
} from './support.js';

let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await login(page, server.url, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const screens: { path: string; ready: string; name: string }[] = [
  { path: '/system/orgs', ready: '上海浦东管理处', name: 'orgs' },
  { path: '/system/projects', ready: '邻里花园', name: 'projects' },
  { path: '/system/users', ready: 'hz_admin', name: 'users' },
  { path: '/system/roles', ready: '客服主管', name: 'roles' },
  { path: '/settings/dictionaries', ready: '受理渠道', name: 'dictionaries' },
  { path: '/settings/parameters', ready: '连续登录失败锁定次数', name: 'parameters' },
  // The newest entries: the demo tickets and what the time-limit sweep did to them at start.
  { path: '/audit', ready: '工单', name: 'audit' },
];

test('every administration screen opens with its demo data and no script error', async () => {
  for (const screen of screens) {
    await page.goto(`${server.url}${screen.path}`);
    await page.locator('main').getByText(screen.ready).first().waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, `screen-${screen.name}`);
  }
  assert.deepEqual(pageErrors, []);
});

test('list exports download Excel files named in Chinese', async () => {
  for (const [path, file] of [
    ['/system/users', '用户.xlsx'],
    ['/system/projects', '项目.xlsx'],
    ['/system/roles', '角色.xlsx'],
    ['/settings/dictionaries', '数据字典.xlsx'],
    ['/audit', '审计日志.xlsx'],
  ] as const) {
    await page.goto(`${server.url}${path}`);
    const button = page.getByRole('button', { name: /导出 Excel/ });
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    assert.equal(download.suggestedFilename(), file);
  }
});

test('the English interface is complete on the administration screens', async () => {
  await page.evaluate(() => localStorage.setItem('linli.language', 'en-US'));
  for (const [path, ready] of [
    ['/system/users', 'Users'],
    ['/system/roles', 'Roles'],
    ['/audit', 'Audit log'],
  ] as const) {
    await page.goto(`${server.url}${path}`);
    await page.locator('.ant-page-header-heading-title', { hasText: ready }).first().waitFor();
    await page.waitForTimeout(300);
    // Demo data stays Chinese; the interface's own labels must not.
    const chrome = await page.locator('.ant-pro-sider, .ant-page-header, .ant-pro-table-search, thead').allInnerTexts();
    const leftovers = chrome.join('\n').match(/[\u4e00-\u9fff]+/g) ?? [];
    assert.deepEqual(leftovers, [], `${path} still shows ${leftovers.join(' ')}`);
    await screenshot(page, `screen-en${path.replaceAll('/', '-')}`);
  }
  await page.evaluate(() => localStorage.setItem('linli.language', 'zh-CN'));
});

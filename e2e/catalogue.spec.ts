import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

interface Hit {
  name: string;
  pathText: string;
  resolutionMinutes: number;
  trade: string | null;
}

/** The reception's search, called as the page's session. */
async function search(page: Page, q: string): Promise<Hit[]> {
  const response = await page.request.get(`${running.server().url}/api/catalogue/search?q=${encodeURIComponent(q)}`);
  assert.equal(response.status(), 200);
  return (await response.json()) as Hit[];
}

async function pick(page: Page, fieldId: string, option: string): Promise<void> {
  await page.locator(`#${fieldId}`).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

test('an administrator finds 卫生间渗漏 by typing wsj, changes its resolution limit, adds an item and imports a sheet', async () => {
  const page = await newPage(running.browser());
  await login(page, running.server().url, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  // From the menu: 客服设置 → 投诉问题标准库, seeded on every installation.
  const sider = page.locator('.ant-pro-sider');
  await sider.getByText('客服设置', { exact: true }).click();
  await sider.getByText('投诉问题标准库', { exact: true }).click();
  await page.waitForURL(/\/service\/catalogue/);
  await page.getByTestId('catalogue-node-01').waitFor();
  assert.equal(await page.getByTestId('catalogue-detail-title').textContent(), '房屋质量');

  // Pinyin initials as an agent would type them: wsj → 卫生间渗漏 (and 污水井堵塞外溢).
  const searchBox = page.getByPlaceholder('名称、拼音首字母或编码，如 wsj');
  await searchBox.fill('wsj');
  const leak = page.getByTestId('catalogue-node-010103');
  await leak.waitFor();
  assert.equal(await page.getByTestId('catalogue-node-0103').count(), 0, '门窗 is filtered out');
  await screenshot(page, 'catalogue-1-search-wsj');

  await leak.click();
  await page.getByTestId('catalogue-detail-title').getByText('卫生间渗漏').waitFor();
  assert.equal(await page.locator('#resolutionMinutes').inputValue(), '24');
  await page.getByText('3 个工作日').waitFor();
  assert.ok(await page.getByText('卫生间、厨房和外墙防渗漏').isVisible(), 'the trade that decides the warranty');
  await screenshot(page, 'catalogue-2-item');

  // 处理时限 from 24 to 16 working hours (2 working days).
  await page.locator('#resolutionMinutes').fill('16');
  await page.getByText('2 个工作日').waitFor();
  await page.getByTestId('catalogue-save').click();
  await page.getByText('已保存').waitFor();
  const [changed] = await search(page, 'wsjsl');
  assert.equal(changed?.resolutionMinutes, 16 * 60);

  // A limit shorter than the response limit is refused in the form, in Chinese.
  await page.locator('#resolutionMinutes').fill('1');
  await page.locator('#responseMinutes').fill('2');
  await page.getByTestId('catalogue-save').click();
  await page.getByText('处理时限不能短于响应时限').waitFor();
  await page.getByRole('button', { name: /还\s*原/ }).click();

  // A new item under 渗漏, reached through the breadcrumb.
  await searchBox.fill('');
  await page.locator('.ant-breadcrumb').getByText('渗漏', { exact: true }).click();
  await page.getByTestId('catalogue-detail-title').getByText('渗漏').waitFor();
  await page.getByTestId('catalogue-add-item').click();
  await page.getByText('在「渗漏」下新建问题').waitFor();
  await page.locator('#name').fill('管井渗漏');
  await pick(page, 'department', '工程部');
  await page.locator('.ant-radio-button-wrapper', { hasText: '较急' }).click();
  await page.locator('#responseMinutes').fill('2');
  await page.locator('#resolutionMinutes').fill('24');
  await pick(page, 'trade', '卫生间、厨房和外墙防渗漏');
  await screenshot(page, 'catalogue-3-new-item');
  await page.getByTestId('catalogue-save').click();
  await page.getByText('已创建').waitFor();
  await page.getByTestId('catalogue-detail-title').getByText('管井渗漏').waitFor();
  assert.equal(await page.locator('#code').inputValue(), '010108', 'the next code under 0101');
  const [added] = await search(page, 'gjsl');
  assert.deepEqual(
    { name: added?.name, pathText: added?.pathText, trade: added?.trade },
    { name: '管井渗漏', pathText: '房屋质量 › 渗漏 › 管井渗漏', trade: 'wet_room_waterproofing' },
  );

  // Import: a sheet with a bad row writes nothing and says which row and why …
  const header =
    '一级分类,二级分类,问题名称,适用类型,处理部门,紧急程度,响应时限（小时）,处理时限（小时）,是否回访,专业';
  const bad = `${header}\n智能家居,智能门禁,人脸识别失败,报修,工程部,较急,2,24,是,设备设施（电梯、消防、弱电）\n智能家居,智能门禁,访客码无效,报修,厨房部,一般,1,0.5,否,\n`;
  await page.getByTestId('catalogue-import').click();
  const fileInput = page.locator('.ant-modal input[type=file]');
  await fileInput.setInputFiles({ name: '标准库补充.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByTestId('catalogue-import-file').getByText('标准库补充.csv').waitFor();
  await page.getByRole('button', { name: /开始导入/ }).click();
  const rejected = page.getByTestId('catalogue-import-rejected');
  await rejected.waitFor();
  assert.match((await rejected.textContent()) ?? '', /2 行中有 1 行有误，未导入任何数据/);
  assert.match((await rejected.textContent()) ?? '', /处理部门“厨房部”/);
  assert.match((await rejected.textContent()) ?? '', /处理时限不能短于响应时限/);
  await screenshot(page, 'catalogue-4-import-rejected');

  // … and the corrected sheet goes in whole.
  await page.getByRole('button', { name: /重新选择文件/ }).click();
  const good = bad.replace('厨房部,一般,1,0.5', '工程部,一般,0.5,4');
  await fileInput.setInputFiles({ name: '标准库补充.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByRole('button', { name: /开始导入/ }).click();
  await page.getByText('导入完成').waitFor();
  assert.ok(await page.getByText(/新建分类 2 个，新建问题 2 个/).isVisible());
  await screenshot(page, 'catalogue-5-import-done');
  await page.getByRole('button', { name: /关\s*闭/ }).click();
  await searchBox.fill('fkm');
  await page.getByText('访客码无效').waitFor();

  // Disabling an item keeps it in the tree, marked, and out of reception's search.
  await page.getByText('访客码无效').click();
  await page.getByRole('button', { name: /停\s*用/ }).click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /停\s*用/ })
    .click();
  await page.getByText('已停用', { exact: true }).waitFor();
  assert.deepEqual(await search(page, 'fkm'), []);
  await screenshot(page, 'catalogue-6-disabled');

  assert.deepEqual(consoleErrors, []);
});

test('an agent reads the catalogue but has nothing to change', async () => {
  const page = await newPage(running.browser());
  await login(page, running.server().url, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(`${running.server().url}/service/catalogue`);
  await page.getByTestId('catalogue-node-01').waitFor();
  assert.equal(await page.getByTestId('catalogue-import').count(), 0);
  assert.equal(await page.getByTestId('catalogue-save').count(), 0);
  assert.equal(await page.getByRole('button', { name: /新建一级分类/ }).count(), 0);
  assert.equal(await page.locator('#name').isDisabled(), true);
});

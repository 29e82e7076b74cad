import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD, login, newPage, root, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();
const demoWorkbook = join(root, 'server/test/fixtures/import/rooms-customers-demo.xlsx');

test('an administrator imports the LibreOffice demo workbook of 邻里花园 9栋, skipping its bad rows, and finds the rooms and customers', async () => {
  const page = await newPage(running.browser());
  await login(page, running.server().url, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  // From here on (the login page's 401 for "who am I" is expected), the console stays clean but
  // for the browser's note on the deliberately refused .xls (415).
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource.* 415 /.test(msg.text())) consoleErrors.push(msg.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  // From the menu: 房产资料 → 批量导入.
  const sider = page.locator('.ant-pro-sider');
  await sider.getByText('房产资料', { exact: true }).click();
  await sider.getByText('批量导入', { exact: true }).click();
  await page.waitForURL(/\/property\/import/);
  await page.getByText('可以导入的文件').waitFor();
  assert.ok(await page.getByText('跳过错误行').first().isVisible());
  await screenshot(page, 'import-1-upload');

  // 1. 上传文件. An old .xls is refused with the advice to save it as .xlsx.
  const fileInput = page.locator('input[type=file]');
  const oleHeader = Buffer.alloc(512);
  oleHeader.writeUInt32BE(0xd0cf11e0, 0);
  oleHeader.writeUInt32BE(0xa1b11ae1, 4);
  await fileInput.setInputFiles({ name: '业主资料.xls', mimeType: 'application/vnd.ms-excel', buffer: oleHeader });
  await page.getByTestId('import-next').click();
  const uploadError = page.getByTestId('import-upload-error');
  await uploadError.waitFor();
  assert.match((await uploadError.textContent()) ?? '', /另存为.*\.xlsx/);
  await screenshot(page, 'import-1-xls-refused');

  // A sheet without a project column, for a user with several projects, asks for the project.
  const noProject = '楼栋,单元,房号,客户姓名\n9栋,1单元,101,张建华\n';
  await fileInput.setInputFiles({ name: '房号清单.csv', mimeType: 'text/csv', buffer: Buffer.from(noProject) });
  await page.getByTestId('import-next').click();
  await page.getByText('表中没有“项目名称”或“项目编码”列').first().waitFor();
  assert.equal(await page.getByTestId('import-next').isDisabled(), true, 'no going on without a project');
  await screenshot(page, 'import-1-needs-project');

  // The demo workbook: kept in the page until the preview, not uploaded on its own.
  await fileInput.setInputFiles(demoWorkbook);
  await page.getByTestId('import-file').getByText('rooms-customers-demo.xlsx').waitFor();
  assert.equal(await page.getByTestId('import-upload-error').count(), 0);
  await page.waitForTimeout(300); // the button's colour change as it is enabled
  assert.equal(await page.getByRole('radio', { name: /跳过错误行/ }).isChecked(), true, 'skip bad rows is the default');
  await screenshot(page, 'import-1-file-chosen');
  await page.getByTestId('import-next').click();

  // 2. 核对列对应: header found on row 4 under the merged title, the columns mapped by name.
  const found = page.getByTestId('import-header-row');
  await found.waitFor();
  assert.match((await found.textContent()) ?? '', /表头在第 4 行，共 20 列，已自动对应 20 个字段/);
  for (const [field, header] of [
    ['projectName', '项目名称'],
    ['building', '楼栋'],
    ['roomNumber', '房号'],
    ['customerName', '客户姓名'],
  ] as const) {
    const chosen = (await page.getByTestId(`map-${field}`).locator('.ant-select-selection-item').textContent()) ?? '';
    assert.match(chosen, new RegExp(`· ${header}$`), `${field} is mapped to ${header}`);
  }
  // The first rows are checked: row 13 carries a wrong ID check digit.
  const problem13 = page.getByTestId('sample-problem-13');
  await problem13.waitFor();
  assert.match((await problem13.textContent()) ?? '', /校验位/);
  await screenshot(page, 'import-2-mapping');
  await page.getByTestId('import-sample').scrollIntoViewIfNeeded();
  await screenshot(page, 'import-2-sample');

  // Leaving out a required field blocks the import; putting it back lets it go on.
  await page.getByTestId('map-roomNumber').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '不导入' }).click();
  await page.getByTestId('mapping-blocked').getByText(/房号/).waitFor();
  assert.equal(await page.getByTestId('import-start').isDisabled(), true);
  await page.getByTestId('map-roomNumber').click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: /^E · 房号/ })
    .click();
  await page.getByTestId('mapping-blocked').waitFor({ state: 'detached' });
  await page.getByTestId('sample-problem-13').waitFor();

  // 3. 导入: progress, then the outcome with the seven rejected rows.
  await page.getByTestId('import-start').click();
  const result = page.getByTestId('import-result');
  // The progress shows while the job runs (it may be done before a screenshot can catch it).
  await page.locator('[data-testid=import-progress], [data-testid=import-result]').first().waitFor();
  if (await page.getByTestId('import-progress').isVisible()) await screenshot(page, 'import-3-progress');
  await result.waitFor({ timeout: 90_000 });
  const summary = (await result.textContent()) ?? '';
  assert.match(summary, /导入完成/);
  assert.match(summary, /共 56 行：已导入 49 行，7 行有误被跳过/);
  const rejected = page.getByTestId('rejected-rows');
  await rejected.waitFor();
  const row13 = rejected.locator('tr', { hasText: '第 13 行' });
  assert.match((await row13.textContent()) ?? '', /证件号码.*校验位/);
  const rowNumbers = await rejected.locator('tbody tr td:first-child').allTextContents();
  assert.deepEqual(rowNumbers, ['第 13 行', '第 19 行', '第 25 行', '第 33 行', '第 37 行', '第 43 行', '第 48 行']);
  await screenshot(page, 'import-3-result');

  // The rejected rows as a workbook, with their sheet row and reason.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-rejections').click(),
  ]);
  assert.match(download.suggestedFilename(), /rooms-customers-demo-错误行\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  const sheet = book.worksheets[0];
  assert.ok(sheet);
  assert.equal(sheet.getCell('A1').text, '原行号');
  assert.equal(sheet.getCell('B1').text, '错误原因');
  assert.equal(sheet.getCell('A2').text, '13');
  assert.match(sheet.getCell('B2').text, /校验位/);
  assert.equal(sheet.actualRowCount, 8);

  // 导入记录 lists it.
  await page.getByRole('tab', { name: '导入记录' }).click();
  const history = page.getByTestId('import-history');
  await history.getByText('rooms-customers-demo.xlsx').waitFor();
  const entry = history.locator('tr', { hasText: 'rooms-customers-demo.xlsx' });
  assert.match((await entry.textContent()) ?? '', /周敏/);
  assert.match((await entry.getByTestId('import-status').textContent()) ?? '', /完成（有错误行）/);
  await screenshot(page, 'import-4-history');
  await entry.getByRole('button', { name: /查\s*看/ }).click();
  const drawer = page.locator('.ant-drawer-content');
  await drawer.getByTestId('import-result').waitFor();
  assert.match((await drawer.textContent()) ?? '', /第 13 行/);
  await page.waitForTimeout(500); // let the drawer finish sliding in
  await screenshot(page, 'import-4-history-detail');
  await drawer.locator('.ant-drawer-close').click();

  // The new rooms of 9栋 on the room-status grid; 1单元 502 (row 13 only) was not created.
  await page.goto(`${running.server().url}/property/grid`);
  await page.locator('[data-testid=grid-project]').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '邻里花园' }).click();
  await page.getByTestId('building-9').click();
  await page.getByTestId('room-tile-9-1-101').waitFor();
  await page.getByTestId('room-tile-9-2-1501').waitFor();
  assert.equal(await page.getByTestId('room-tile-9-1-502').count(), 0, 'the room of a rejected row is not created');
  await screenshot(page, 'import-5-grid');

  // A customer from the file: 谢浩然 owns 1单元 1201 and 1202.
  await page.goto(`${running.server().url}/customers`);
  const search = page.getByPlaceholder(/姓名 \/ 拼音首字母/);
  await search.fill('谢浩然');
  await search.press('Enter');
  await page.waitForFunction(() => {
    const links = [...document.querySelectorAll('[data-testid=customer-link]')];
    return links.length === 1 && links[0]?.textContent === '谢浩然';
  });
  const link = page.getByTestId('customer-link');
  const customerRow = page.locator('tr', { has: link });
  assert.match((await customerRow.textContent()) ?? '', /9-1-1201/);
  await screenshot(page, 'import-6-customer');

  assert.deepEqual(consoleErrors, [], 'no errors in the browser console');
});

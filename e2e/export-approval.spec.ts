import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

test('an export of all customers needs approval: the administrator asks, the leader approves, the administrator downloads once', async () => {
  const url = running.server().url;

  // The administrator exports every customer: more than 200 rows of personal data.
  const admin = await newPage(running.browser());
  await login(admin, url, 'admin', DEMO_PASSWORD);
  await admin.waitForURL(/\/workbench/);
  await admin.goto(`${url}/customers`);
  await admin.getByTestId('customer-link').first().waitFor();
  await admin.getByRole('button', { name: /导出 Excel/ }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByText('导出个人信息需要审批').waitFor();
  const alert = (await dialog.getByText(/本次导出包含 \d+ 条个人信息/).textContent()) ?? '';
  const rowCount = Number(/包含 (\d+) 条/.exec(alert)?.[1]);
  assert.ok(rowCount > 200, `more than 200 rows (${alert})`);
  assert.match(alert, /超过 200 条/);
  await screenshot(admin, 'export-approval-required');

  // A purpose is required; a quick purpose fills the box.
  await dialog.getByRole('button', { name: /提交申请/ }).click();
  await dialog.getByText('请填写导出用途').waitFor();
  await dialog.getByText('年度业主满意度回访').click();
  await dialog.getByRole('button', { name: /提交申请/ }).click();
  await admin.getByText(/导出申请已提交/).waitFor();
  await admin.getByRole('button', { name: /查看我的导出申请/ }).click();
  await admin.waitForURL(/\/system\/my-exports/);
  const mine = admin.locator('.ant-table-row').first();
  await mine.getByText('待审批').waitFor();
  assert.match((await mine.textContent()) ?? '', new RegExp(`${rowCount}`));

  // The leader, an approver with all data (a group-wide request is beyond any office's approver),
  // finds it among the pending requests and approves it.
  const leader = await newPage(running.browser());
  await login(leader, url, 'leader', DEMO_PASSWORD);
  await leader.waitForURL(/\/workbench/);
  await leader.getByRole('menuitem', { name: /系统设置/ }).click();
  await leader.getByRole('menuitem', { name: /导出审批/ }).click();
  await leader.waitForURL(/\/system\/export-approvals/);
  const pending = leader.locator('.ant-table-row').filter({ hasText: '周敏' }).first();
  await pending.getByText('年度业主满意度回访').waitFor();
  await screenshot(leader, 'export-approvals');
  await pending.getByRole('button', { name: /批\s*准/ }).click();
  const decision = leader.getByRole('dialog');
  await decision.getByText(`周敏 申请导出客户 ${rowCount} 条`).waitFor();
  await decision.getByRole('textbox').fill('同意，仅用于回访');
  await decision.getByRole('button', { name: /批\s*准/ }).click();
  await leader.getByText('已批准').first().waitFor();
  await leader.getByRole('tab', { name: '已批准' }).click();
  await leader.locator('.ant-table-row').filter({ hasText: '周敏' }).getByText('陈志强').waitFor();

  // The administrator downloads the file once; it is still masked.
  await admin.reload();
  const approved = admin.locator('.ant-table-row').first();
  await approved.getByText('已批准').waitFor();
  await screenshot(admin, 'my-export-requests');
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    approved.getByRole('button', { name: /下\s*载/ }).click(),
  ]);
  assert.equal(download.suggestedFilename(), '客户.xlsx');
  const path = await download.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  assert.ok(sheet);
  assert.equal(sheet.actualRowCount - 1, rowCount);
  const text: string[] = [];
  sheet.eachRow((row) => {
    text.push((row.values as unknown[]).map((v) => String(v ?? '')).join('\t'));
  });
  const all = text.join('\n');
  assert.doesNotMatch(all, /(^|\D)1[3-9]\d{9}(\D|$)/, 'no full mobile number');
  assert.doesNotMatch(all, /\d{17}[\dX]/, 'no full resident ID');
  assert.match(all, /1\d\d\*{4}\d{4}/, 'masked mobiles');

  await approved.getByText('已下载').waitFor();
  assert.equal(await approved.getByRole('button', { name: /下\s*载/ }).count(), 0, 'downloaded once');
});

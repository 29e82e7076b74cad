import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { DEMO_PASSWORD, login, logout, newPage, screenshot, serverAndBrowser } from './support.js';

// DEMO_TOOLS: the demo's fast-forward of a ticket's time limits, as `npm start` has it.
const running = serverAndBrowser({ DEMO_TOOLS: 'true' });

/** A small site photo, made here so the journey needs no binary fixture. */
async function photo(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'linli-photo-')), '卫生间渗水.jpg');
  const jpeg = await sharp({ create: { width: 96, height: 72, channels: 3, background: '#6b8fb3' } })
    .jpeg({ quality: 80 })
    .toBuffer();
  writeFileSync(file, jpeg);
  return file;
}

const stateIs = (page: Page, label: string) =>
  page.getByTestId('ticket-state').first().filter({ hasText: label }).waitFor();

/** Clicks an action of the detail page's bar (antd spaces two-character labels: 接 单; the icon names itself first). */
async function action(page: Page, label: string): Promise<void> {
  const pattern = new RegExp(`${[...label].join('\\s*')}$`);
  try {
    await page.getByTestId('action-bar').getByRole('button', { name: pattern }).click();
  } catch (error) {
    await screenshot(page, `service-desk-no-${label}`);
    throw error;
  }
}

async function submitDialog(page: Page): Promise<void> {
  await page
    .locator('.ant-modal-content:visible')
    .getByRole('button', { name: /提\s*交/ })
    .click();
  try {
    await page.locator('.ant-modal-content:visible').waitFor({ state: 'detached' });
  } catch (error) {
    await screenshot(page, 'service-desk-dialog-stayed');
    throw error;
  }
}

test('an agent registers a leak for a known owner by keyboard; the contractor ticket is worked, reopened on an unsatisfied visit, and closed', async () => {
  const base = running.server().url;
  const page = await newPage(running.browser());
  await login(page, base, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);

  // 客服中心 → 接待登记: the search box has the focus.
  await page.getByText('客服中心', { exact: true }).click();
  await page.getByRole('link', { name: '接待登记', exact: true }).click();
  await page.waitForURL(/\/service-desk\/reception/);
  const search = page.getByTestId('caller-search');
  await search.waitFor();
  assert.equal(await search.getAttribute('placeholder'), '姓名 / 拼音首字母 / 手机尾号 / 房号');

  // 唐平 by pinyin initials; Enter picks her and her room.
  await page.keyboard.type('tp');
  const option = page.getByTestId('caller-options').getByRole('option').first();
  await option.filter({ hasText: '唐平' }).waitFor();
  assert.match((await option.textContent()) ?? '', /邻里花园 1-1-1002.*业主/);
  await screenshot(page, 'service-desk-caller-search');
  await page.keyboard.press('Enter');
  await page.getByTestId('caller-card').filter({ hasText: '唐平' }).waitFor();
  await page.getByTestId('recent-tickets').waitFor();

  // The issue by its initials, Enter to pick: the suggestion routes it to the builder under warranty.
  await page.keyboard.type('wsjsl');
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '卫生间渗漏' })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
  const suggestion = page.getByTestId('ticket-item-0').getByTestId('dispatch-suggestion');
  await suggestion.filter({ hasText: '中建八局第三建设有限公司' }).waitFor();
  assert.match(
    (await suggestion.textContent()) ?? '',
    /保修期内.*派给承建商.*中建八局第三建设有限公司.*保修期内（至 2028-06-30）/,
  );

  // The focus is in the content; Ctrl+Enter registers.
  await page.keyboard.type('卫生间地面渗水，楼下天花板有水渍');
  await page.waitForTimeout(300);
  await screenshot(page, 'service-desk-reception');
  await page.keyboard.press('Control+Enter');
  const done = page.getByTestId('reception-done');
  await done.waitFor();
  const publicNo = ((await done.getByTestId('public-no').textContent()) ?? '').replace(/\s/g, '');
  assert.match(publicNo, /^BX-\d{8}-\d{4}$/);
  await screenshot(page, 'service-desk-reception-done');

  // The ticket: dispatched to the contractor by warranty.
  await done.getByRole('link', { name: '查看工单' }).click();
  await page.waitForURL(/\/service-desk\/tickets\/[0-9a-f-]{36}$/);
  const ticketUrl = page.url();
  await page.getByTestId('ticket-public-no').filter({ hasText: publicNo }).waitFor();
  await stateIs(page, '已派工');
  assert.match((await page.getByTestId('side-dispatch').textContent()) ?? '', /中建八局第三建设有限公司.*保修期内/);
  await page.getByTestId('sla-response-left').waitFor();
  await screenshot(page, 'service-desk-ticket-dispatched');
  await logout(page);

  // Time passes past the limits: on the demo an administrator fast-forwards them from the page,
  // one time point a click (warnings, overdue, then each escalation level) up to 公司领导.
  await login(page, base, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(ticketUrl);
  await stateIs(page, '已派工');
  const escalations = page.getByTestId('side-escalations');
  for (let click = 0; click < 10 && !/升级 L4/.test((await escalations.textContent()) ?? ''); click += 1) {
    const answered = page.waitForResponse((r) => r.url().endsWith('/sla/fast-forward'));
    const reread = page.waitForResponse(
      (r) => r.request().method() === 'GET' && /\/api\/tickets\/[0-9a-f-]{36}$/.test(r.url()),
    );
    await action(page, '演示：时限快进');
    assert.equal((await answered).status(), 200);
    await reread;
  }
  await escalations.getByText('升级 L4').waitFor();
  await escalations.getByText('升级 L1').waitFor();
  await screenshot(page, 'service-desk-escalated');
  await logout(page);

  // 公司领导 reads the escalated ticket and writes an instruction (领导批示) on it.
  await login(page, base, 'leader', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(ticketUrl);
  await action(page, '领导批示');
  await page
    .locator('.ant-modal-content:visible')
    .getByLabel('批示内容')
    .fill('请承建商今日内上门处理，明早前反馈结果');
  await submitDialog(page);
  await page.getByTestId('ticket-timeline').getByText('请承建商今日内上门处理，明早前反馈结果').waitFor();
  await screenshot(page, 'service-desk-instruction');
  await logout(page);

  // 客服主管 holds ticket.handle in 浦东 and follows the contractor's work: accepts, posts a photo, resolves.
  await login(page, base, 'supervisor', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(ticketUrl);
  await stateIs(page, '已派工');
  await action(page, '接单');
  await stateIs(page, '已接单');
  await action(page, '更新进度');
  const progress = page.locator('.ant-modal-content:visible');
  await progress.getByLabel('进度内容').fill('已联系中建八局，师傅上门查看，确认为卫生间防水层破损');
  await progress.locator('input[type=file]').setInputFiles(await photo());
  await progress.locator('.ant-upload-list-item-done').waitFor();
  await screenshot(page, 'service-desk-progress');
  await submitDialog(page);
  await stateIs(page, '处理中');
  const timeline = page.getByTestId('ticket-timeline');
  await timeline.locator('.ant-image img').first().waitFor();
  await action(page, '办结');
  await page
    .locator('.ant-modal-content:visible')
    .getByLabel('处理结果')
    .fill('重做卫生间防水层并闭水试验 48 小时，无渗漏');
  await submitDialog(page);
  await stateIs(page, '已办结');
  await screenshot(page, 'service-desk-ticket-resolved');
  await logout(page);

  // The agent calls back: unsatisfied (2 stars) — warned, then reopened and sent to the contractor again.
  await login(page, base, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(ticketUrl);
  await stateIs(page, '已办结');
  await action(page, '回访');
  const visit = page.locator('.ant-modal-content:visible');
  await visit.locator('.ant-rate-star').nth(1).click();
  await visit.getByText('工单将重开并重新派工').waitFor();
  await visit.getByLabel('客户意见').fill('楼下仍有水渍，不满意');
  await screenshot(page, 'service-desk-visit-unsatisfied');
  await submitDialog(page);
  await stateIs(page, '已派工');
  await page.getByTestId('side-dispatch').getByText('已重开 1 次').waitFor();
  await timeline.getByTestId('event-reopened').waitFor();
  await logout(page);

  // Second round: accepted and resolved again.
  await login(page, base, 'supervisor', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(ticketUrl);
  await action(page, '接单');
  await stateIs(page, '已接单');
  await action(page, '办结');
  await page
    .locator('.ant-modal-content:visible')
    .getByLabel('处理结果')
    .fill('更换楼板渗漏点止水带，楼下天花板已干燥');
  await submitDialog(page);
  await stateIs(page, '已办结');
  await logout(page);

  // A satisfied visit closes it.
  await login(page, base, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(ticketUrl);
  await stateIs(page, '已办结');
  await action(page, '回访');
  const satisfied = page.locator('.ant-modal-content:visible');
  // Five stars, once the dialog has settled: the fifth star shows full before submitting.
  await satisfied.locator('.ant-rate-star').nth(4).click();
  await satisfied.locator('.ant-rate-star-full').nth(4).waitFor();
  await submitDialog(page);
  await stateIs(page, '已关闭');
  const visits = (await page.getByTestId('side-visits').textContent()) ?? '';
  assert.match(visits, /满意，已关闭/);
  assert.match(visits, /不满意，已重开/);
  await page.waitForTimeout(300);
  await screenshot(page, 'service-desk-ticket-closed');

  // The list finds it by its number; the reception is on record.
  await page.getByRole('link', { name: '工单列表', exact: true }).click();
  await page.waitForURL(/\/service-desk\/tickets(\?|$)/);
  await page.locator('.ant-table-row').first().waitFor();
  await screenshot(page, 'service-desk-ticket-list');
  await page.getByPlaceholder('工单号、标题、联系电话、联系人').fill(publicNo);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await page.locator('.ant-table-row', { hasText: publicNo }).waitFor();
  await page.getByRole('link', { name: '接待记录', exact: true }).click();
  await page.waitForURL(/\/service-desk\/receptions/);
  await page.locator('.ant-table-row', { hasText: '唐平' }).first().waitFor();
  await screenshot(page, 'service-desk-receptions');
});

test('an agent without the staff register dispatches to a named person by pinyin; the handler sees the business-time countdown', async () => {
  const base = running.server().url;
  const page = await newPage(running.browser());
  await login(page, base, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  // A repair left for a manual dispatch (recorded through the API the reception screen uses).
  const projects = (await (await page.request.get(`${base}/api/projects?current=1&pageSize=50`)).json()) as {
    data: { id: string; name: string }[];
  };
  const garden = projects.data.find((p) => p.name === '邻里花园');
  assert.ok(garden);
  const created = await page.request.post(`${base}/api/receptions`, {
    data: {
      projectId: garden.id,
      channel: 'phone',
      content: '2 号楼电梯厅照明不亮',
      tickets: [{ type: 'repair', title: '电梯厅照明不亮', dispatch: { mode: 'none' } }],
    },
  });
  assert.equal(created.status(), 201);
  const ticketId = ((await created.json()) as { tickets: { id: string }[] }).tickets[0]?.id;
  await page.goto(`${base}/service-desk/tickets/${ticketId}`);
  await stateIs(page, '待派工');

  const pickLi = async (dialog: ReturnType<Page['locator']>, personLabel: RegExp) => {
    await dialog.getByText(personLabel).first().click();
    await dialog.locator('#handlerUserId').click();
    await page.keyboard.type('ljg');
    const li = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '李建国' });
    await li.waitFor();
    return li;
  };

  await action(page, '派工');
  const dialog = page.locator('.ant-modal-content:visible');
  await dialog.getByText('指定处理方').click();
  const li = await pickLi(dialog, /^个人$/);
  assert.match((await li.textContent()) ?? '', /李建国.*工程维修部.*在办 \d+ 单/);
  await screenshot(page, 'service-desk-dispatch-candidates');
  await li.click();
  await submitDialog(page);
  await stateIs(page, '已派工');
  assert.match((await page.getByTestId('side-dispatch').textContent()) ?? '', /李建国/);

  // The same dialog in English (改派 / reassign), then left without changing anything.
  await page.evaluate(() => localStorage.setItem('linli.language', 'en-US'));
  await page.reload();
  await page
    .getByTestId('action-bar')
    .getByRole('button', { name: /Reassign/ })
    .click();
  const en = page.locator('.ant-modal-content:visible');
  await en.getByText('Pick by hand').click();
  await pickLi(en, /^Person$/);
  await screenshot(page, 'service-desk-dispatch-candidates-en');
  // Escape closes the list, then the dialog.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await en.waitFor({ state: 'detached' });
  await page.evaluate(() => localStorage.setItem('linli.language', 'zh-CN'));
  await page.reload();
  await stateIs(page, '已派工');
  await logout(page);

  // 李建国 cannot read calendars; the countdown comes from the server.
  await login(page, base, 'handler', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(`${base}/service-desk/tickets/${ticketId}`);
  await page.getByTestId('sla-response-left').waitFor();
  assert.match((await page.getByTestId('sla-clocks').textContent()) ?? '', /剩余|已超时/);
  await page.getByTestId('sla-response-used').waitFor();
  await screenshot(page, 'service-desk-countdown');
  await page.evaluate(() => localStorage.setItem('linli.language', 'en-US'));
  await page.reload();
  await page.getByTestId('sla-response-left').waitFor();
  assert.match((await page.getByTestId('sla-clocks').textContent()) ?? '', /left|Overdue/);
  await screenshot(page, 'service-desk-countdown-en');
  await page.evaluate(() => localStorage.setItem('linli.language', 'zh-CN'));
});

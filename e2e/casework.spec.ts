import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login, logout, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

async function openMenu(page: Page, group: string, item: string, url: RegExp): Promise<void> {
  const link = page.getByRole('link', { name: item, exact: true });
  if (!(await link.isVisible())) await page.getByRole('menu').getByText(group, { exact: true }).click();
  await link.waitFor();
  await page.waitForTimeout(300);
  await link.click();
  await page.waitForURL(url);
}

/** Closes the open modal by its × and waits until it is gone. */
async function closeModal(page: Page): Promise<void> {
  await page.locator('.ant-modal-wrap:visible .ant-modal-close').click();
  await page
    .locator('.ant-modal-wrap:visible')
    .waitFor({ state: 'detached' })
    .catch(() => {});
  await page.waitForTimeout(300);
}

/** Picks the options of the ticket search that hold `text`: the first `count` of them. */
async function pickTickets(page: Page, text: string, count: number): Promise<void> {
  const picker = page.getByTestId('ticket-picker');
  for (let i = 0; i < count; i++) {
    await picker.click();
    await picker.locator('input').fill(text);
    const options = page.locator(
      '.ant-select-dropdown:visible .ant-select-item-option:not(.ant-select-item-option-selected)',
      {
        hasText: text,
      },
    );
    await options.first().waitFor();
    await options.first().click();
  }
  await page.keyboard.press('Escape');
}

test('a topic with two tickets gets one update; ¥800 compensation is approved by 客服主管 then 项目经理', async () => {
  const page = await newPage(running.browser());
  const base = running.server().url;

  // 客服主管 opens a complaint topic in 邻里花园 and links two lighting tickets to it.
  await login(page, base, 'supervisor', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await openMenu(page, '客服中心', '投诉专题', /\/service-desk\/topics$/);
  await page.getByText('3 号楼电梯频繁故障').first().waitFor();
  await screenshot(page, 'casework-topics');
  await page.getByRole('button', { name: /新建专题/ }).click();
  const form = page.locator('.ant-modal-content');
  await form.getByLabel('项目').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '邻里花园' }).first().click();
  await form.getByLabel('专题标题').fill('南区楼道照明反复故障');
  await form.getByLabel('情况说明').fill('南区多栋楼道灯近期反复熄灭，业主多次报修。');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await page.waitForURL(/\/service-desk\/topics\/[0-9a-f-]{36}/);
  await page.getByText('还没有关联工单').waitFor();
  await pickTickets(page, '灯', 2);
  await page.getByRole('button', { name: /关\s*联/ }).click();
  await page.getByText('关联工单（2）').waitFor();

  // One progress update goes to both tickets.
  await page.getByRole('button', { name: /发布进展/ }).click();
  const dialog = page.locator('.ant-modal-content').filter({ hasText: '发布进展' });
  await dialog.getByText('全部 2 张关联工单').waitFor();
  await dialog.locator('textarea').fill('已更换南区 3 栋、5 栋的楼道灯控制器，今晚起恢复正常照明。');
  await dialog.getByRole('button', { name: /发\s*布/ }).click();
  await page.getByText('已写入 2 张工单').waitFor();
  await page.waitForTimeout(300);
  await screenshot(page, 'casework-topic-detail');
  await logout(page);

  // 客服专员 asks for ¥800 on one of those tickets.
  await login(page, base, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await openMenu(page, '客服中心', '赔付管理', /\/service-desk\/compensations/);
  await page.getByRole('button', { name: /申请赔付/ }).click();
  const request = page.locator('.ant-modal-content').filter({ hasText: '赔付金额' });
  await request.getByTestId('ticket-picker').click();
  await request.getByTestId('ticket-picker').locator('input').fill('灯');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '灯' }).first().click();
  await request.locator('.ant-modal-title').click();
  await request.getByLabel('赔付金额（元）').fill('800');
  await request.getByLabel('赔付原因').fill('楼道长期无照明，业主夜间摔伤就医，协商补偿医药费');
  await page.waitForTimeout(400);
  await screenshot(page, 'casework-compensation-request');
  await request.getByRole('button', { name: /提交申请/ }).click();
  const detail = page.locator('.ant-modal-content').filter({ hasText: '审批链' });
  await detail.getByText('¥800.00').waitFor();
  await detail.getByText('第 1 步 客服主管').waitFor();
  await detail.getByText('第 2 步 项目经理').waitFor();
  await closeModal(page);
  await logout(page);

  // 客服主管 approves step 1 from 待我审批.
  await login(page, base, 'supervisor', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(`${base}/service-desk/compensations`);
  await page.getByTestId('awaiting-me').click();
  const row = page.locator('.ant-table-row', { hasText: '¥800.00' }).first();
  await row.getByText('审批', { exact: true }).click();
  const decide = page.locator('.ant-modal-content').filter({ hasText: '审批链' });
  await decide.getByText('当前步骤由“客服主管”审批').waitFor();
  await decide.locator('textarea').fill('情况属实，同意');
  await page.waitForTimeout(600);
  await screenshot(page, 'casework-compensation-decide');
  await decide.getByRole('button', { name: /同\s*意/ }).click();
  await decide.getByText('王海燕 同意').waitFor();
  await closeModal(page);
  await logout(page);

  // 项目经理 approves step 2: the request is approved.
  await login(page, base, 'pm', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.goto(`${base}/service-desk/compensations`);
  await page.getByTestId('awaiting-me').click();
  await page.locator('.ant-table-row', { hasText: '¥800.00' }).first().getByText('审批', { exact: true }).click();
  const second = page.locator('.ant-modal-content').filter({ hasText: '审批链' });
  await second.getByText('当前步骤由“项目经理”审批').waitFor();
  await second.getByRole('button', { name: /同\s*意/ }).click();
  await second.getByText('孙立伟 同意').waitFor();
  await second.locator('.ant-tag', { hasText: '审批通过' }).waitFor();
  await page.waitForTimeout(300);
  await screenshot(page, 'casework-compensation-approved');
  await closeModal(page);

  // The ledger counts it as approved for 邻里花园.
  await page.getByRole('tab', { name: '赔付台账' }).click();
  const ledgerRow = page.locator('.ant-table-row', { hasText: '邻里花园' });
  await ledgerRow.waitFor();
  assert.match((await ledgerRow.textContent()) ?? '', /¥800\.00/);
  await screenshot(page, 'casework-ledger');
  await logout(page);
});

test('the solution base finds an answer by pinyin initials; the tiers page shows the group defaults', async () => {
  const page = await newPage(running.browser());
  const base = running.server().url;
  await login(page, base, 'supervisor', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await openMenu(page, '客服中心', '解决方案库', /\/service-desk\/solutions/);
  await page.getByText('房屋保修期说明').first().waitFor();
  await screenshot(page, 'casework-solutions');
  await page.getByPlaceholder('标题、拼音首字母（如 mjkbb）或关键词').fill('mjkbb');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('.ant-table-row').length === 1);
  assert.match((await page.locator('.ant-table-row').textContent()) ?? '', /门禁卡补办/);
  await page.locator('.ant-table-row').getByText('门禁卡补办').click();
  // A group article is read-only to a project office's supervisor.
  await page.locator('.ant-drawer').getByText('查看解决方案').waitFor();
  await page.waitForTimeout(300);
  await screenshot(page, 'casework-solution-drawer');
  await page.locator('.ant-drawer-close').click();

  await openMenu(page, '客服设置', '赔付审批档位', /\/service\/compensation-tiers/);
  await page.getByText('沿用集团默认').waitFor();
  await page.getByText('超过 ¥5,000.00').waitFor();
  await screenshot(page, 'casework-tiers');
});

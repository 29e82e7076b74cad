import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

interface PageOf<T> {
  data: T[];
  total: number;
}
interface Message {
  id: string;
  event: string;
  channel: string;
  state: string;
  provider: string | null;
  recipientName: string | null;
  addressMasked: string;
  body: string;
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${running.server().url}${path}`);
  assert.equal(response.status(), 200, `${path}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Lets a drawer or switch finish its animation before a screenshot. */
async function settled(page: Page): Promise<void> {
  await page.waitForTimeout(500);
}

/** Polls until `check` answers a value (the send job runs right after the commit). */
async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('an administrator edits a template with its preview; a dispatch sends the handler an SMS to the outbox', async () => {
  const url = running.server().url;
  const page = await newPage(running.browser());
  await login(page, url, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);

  // 消息模板: the dispatch SMS, edited with a variable chip and checked in the preview.
  await page.goto(`${url}/settings/message-templates`);
  await page.getByTestId('template-dispatched-sms').click();
  const body = page.locator('textarea#body');
  await body.fill('{{recipientName}}您好：新工单{{ticketNo}}，{{project}}{{room}}，');
  await body.press('End');
  await page.getByTestId('template-variables').getByText('诉求内容').click();
  await body.press('End');
  await body.pressSequentially('。请尽快处理');
  const preview = page.getByTestId('template-preview');
  await preview.getByText('王师傅您好：新工单GD202611240001，翠湖花园3栋2单元1201，厨房水管漏水。请尽快处理').waitFor();
  await settled(page);
  await screenshot(page, 'messages-templates-zh-CN');
  // An unknown variable is refused by the preview (and by the save).
  await body.fill('{{recipientName}}：{{ownerPhone}}');
  await preview.getByText(/变量 \{\{ownerPhone\}\} 不存在/).waitFor();
  await body.fill(
    '{{recipientName}}您好，新工单{{ticketNo}}（{{project}}{{room}}：{{content}}）已派给您，请于{{deadline}}前办结。',
  );
  await page.getByTestId('template-save').click();
  await page.getByText('模板已保存').waitFor();

  // 发送通道: the outbox, said so; SMS quiet hours off, so the journey does not wait for the morning.
  await page.goto(`${url}/settings/message-channels`);
  const sms = page.getByTestId('channel-sms');
  await sms.getByText('未配置服务商，消息保存在发件箱，不会实际发送。').waitFor();
  await sms.locator('.ant-picker-clear').click({ force: true });
  await page.getByTestId('channel-save-sms').click();
  await page.getByText('发送通道已保存').waitFor();
  await settled(page);
  await screenshot(page, 'messages-channels-zh-CN');

  // A call about a leak, dispatched by hand to 维修工 (handler) through the API.
  const projects = await getJson<PageOf<{ id: string; code: string }>>(page, '/api/projects?pageSize=200');
  const llhy = projects.data.find((p) => p.code === 'SH-LLHY');
  assert.ok(llhy);
  const users = await getJson<PageOf<{ id: string; username: string; name: string }>>(
    page,
    '/api/users?keyword=handler&pageSize=20',
  );
  const handler = users.data.find((u) => u.username === 'handler');
  assert.ok(handler);
  const created = await page.request.post(`${url}/api/receptions`, {
    data: {
      projectId: llhy.id,
      channel: 'phone',
      callerName: '李女士',
      callerPhone: '13800138000',
      content: '来电：厨房下水管漏水，地面有积水。',
      tickets: [{ type: 'repair', title: '厨房下水管漏水', dispatch: { mode: 'manual', handlerUserId: handler.id } }],
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const ticket = ((await created.json()) as { tickets: { id: string; publicNo: string }[] }).tickets[0];
  assert.ok(ticket);

  // The send job runs right after the commit: the SMS is delivered to the outbox.
  const sent = await eventually(async () => {
    const page1 = await getJson<PageOf<Message>>(page, `/api/messages?ticketNo=${ticket.publicNo}`);
    return page1.data.find((m) => m.event === 'dispatched' && m.channel === 'sms' && m.state === 'delivered');
  }, 'the handler’s SMS');
  assert.equal(sent.provider, 'outbox');
  assert.equal(sent.recipientName, handler.name);
  assert.match(sent.body, new RegExp(`新工单${ticket.publicNo}`));

  // 发送记录: found by ticket number, with the outbox said so, and its details.
  await page.goto(`${url}/settings/message-log`);
  await page
    .getByTestId('outbox-alert')
    .getByText(/未配置服务商，消息保存在发件箱，不会实际发送/)
    .waitFor();
  await page.getByPlaceholder('工单编号').fill(ticket.publicNo);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const row = page.locator('.ant-table-row').filter({ hasText: ticket.publicNo }).first();
  await row.getByText('已送达').waitFor();
  await row.getByText('发件箱').waitFor();
  await row.getByTestId('message-detail').click();
  const drawer = page.getByTestId('message-detail-drawer');
  await drawer.getByText(new RegExp(`新工单${ticket.publicNo}`)).waitFor();
  await drawer.getByText(`outbox-${sent.id}`).waitFor();
  await settled(page);
  await screenshot(page, 'messages-log-zh-CN');

  // The same three screens in English.
  await page.evaluate(() => localStorage.setItem('linli.language', 'en-US'));
  await page.goto(`${url}/settings/message-templates`);
  await page.getByTestId('template-escalated-email').click();
  await page
    .getByTestId('template-preview')
    .getByText(/GD202611240001/)
    .first()
    .waitFor();
  await screenshot(page, 'messages-templates-en-US');
  await page.goto(`${url}/settings/message-channels`);
  await page
    .getByTestId('channel-email')
    .getByText(/kept in the outbox/)
    .waitFor();
  await screenshot(page, 'messages-channels-en-US');
  await page.goto(`${url}/settings/message-log`);
  await page.getByTestId('outbox-alert').waitFor();
  await page.locator('.ant-table-row').first().waitFor();
  await page.locator('.ant-table-row').first().getByTestId('message-detail').click();
  await page.getByTestId('message-detail-drawer').waitFor();
  await settled(page);
  await screenshot(page, 'messages-log-en-US');
  await page.evaluate(() => localStorage.setItem('linli.language', 'zh-CN'));

  // The handler reads the dispatch in their own language in 消息中心.
  const handlerPage = await newPage(running.browser());
  await login(handlerPage, url, 'handler', DEMO_PASSWORD);
  await handlerPage.waitForURL(/\/workbench/);
  await handlerPage.evaluate(() => localStorage.setItem('linli.language', 'en-US'));
  await handlerPage.goto(`${url}/notifications`);
  await handlerPage.getByText(`New ticket ${ticket.publicNo}: 厨房下水管漏水`, { exact: false }).first().waitFor();
  await screenshot(handlerPage, 'messages-notifications-en-US');
});

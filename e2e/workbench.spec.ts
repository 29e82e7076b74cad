import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

// DEMO_TOOLS: the demo's fast-forward fires a ticket's time limits now, to see escalations.
const running = serverAndBrowser({ DEMO_TOOLS: 'true' });

interface PageOf<T> {
  data: T[];
  total: number;
}
interface Ticket {
  id: string;
  publicNo: string;
  title: string;
  customerId: string | null;
  roomId: string | null;
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${running.server().url}${path}`);
  assert.equal(response.status(), 200, `${path}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** A second user in their own browser context, signed in through the API (no screen needed). */
async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await newPage(browser);
  const response = await page.request.post(`${running.server().url}/api/auth/login`, {
    data: { username, password: DEMO_PASSWORD },
  });
  assert.equal(response.status(), 200, await response.text());
  return page;
}

const visibleOption = (page: Page, text: string | RegExp) =>
  page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();

/** The ticket raised by the first journey, for the customer 360 and room checks. */
let raised: Ticket | undefined;

test('the supervisor’s workbench and bell update live when leadership writes an instruction', async () => {
  const url = running.server().url;
  const page = await newPage(running.browser());
  await login(page, url, 'supervisor', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.getByTestId('todo-board').waitFor();
  await page.locator('[data-testid=live-indicator][data-connected=true]').waitFor();
  await page.getByTestId('todo-mine-count').waitFor();

  // A call about a leak at a room of 邻里花园 with a known owner, recorded by the supervisor
  // (who becomes the ticket's owner agent) through the API.
  const projects = await getJson<PageOf<{ id: string; code: string }>>(page, '/api/projects?pageSize=200');
  const llhy = projects.data.find((p) => p.code === 'SH-LLHY');
  assert.ok(llhy, '邻里花园');
  const occupied = await getJson<PageOf<{ id: string; code: string; buildingId: string }>>(
    page,
    `/api/rooms?projectId=${llhy.id}&status=occupied&pageSize=20`,
  );
  const room = occupied.data[3];
  assert.ok(room);
  const occupants = await getJson<{ customerId: string; role: string; current: boolean }[]>(
    page,
    `/api/rooms/${room.id}/occupancies`,
  );
  const customerId = occupants.find((o) => o.current && o.role === 'owner')?.customerId;
  assert.ok(customerId, 'the room has an owner');
  const created = await page.request.post(`${url}/api/receptions`, {
    data: {
      projectId: llhy.id,
      channel: 'phone',
      customerId,
      roomId: room.id,
      content: '业主来电：卫生间天花板渗水，楼上可能漏水，请尽快上门查看。',
      tickets: [{ type: 'repair', title: '卫生间天花板渗水', dispatch: { mode: 'auto' } }],
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const ticket = ((await created.json()) as { tickets: Ticket[] }).tickets[0];
  assert.ok(ticket);
  raised = ticket;

  // Nothing reloads the page from here on: a marker on the window would be lost if it did.
  await page.evaluate(() => {
    (window as unknown as { __stay: boolean }).__stay = true;
  });
  const unreadBefore = Number(
    (await page.request.get(`${url}/api/notifications/unread-count`).then((r) => r.json())).count,
  );

  // 领导批示 from another browser: the owner agent (the supervisor) is notified.
  const leader = await signedIn(running.browser(), 'leader');
  const instructed = await leader.request.post(`${url}/api/tickets/${ticket.id}/instructions`, {
    data: { body: '请工程部今天下班前上门处理，并向业主说明原因。' },
  });
  assert.equal(instructed.status(), 201, await instructed.text());

  // The bell's count goes up without a reload.
  await page.waitForFunction(
    (n) =>
      Number(document.querySelector('[data-testid=notification-count] .ant-badge-count')?.getAttribute('title')) >= n,
    unreadBefore + 1,
  );

  // Time passes beyond every limit (the demo's fast-forward, as the administrator): the ticket
  // escalates to the supervisor, whose 升级给我 card lists it, overdue in red, without a reload.
  const countOf = async (key: string) => Number((await page.getByTestId(`todo-${key}-count`).textContent())?.trim());
  const escalatedBefore = await countOf('escalatedToMe');
  const admin = await signedIn(running.browser(), 'admin');
  const forwarded = await admin.request.post(`${url}/api/tickets/${ticket.id}/sla/fast-forward`, {
    data: { all: true },
  });
  assert.ok(forwarded.ok(), await forwarded.text());
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=todo-escalatedToMe-count]')?.textContent) > n,
    escalatedBefore,
  );
  const escalated = page.getByTestId('todo-escalatedToMe');
  await escalated.getByTestId('overdue').first().waitFor();
  await escalated.getByTestId('escalated').first().waitFor();
  // The ticket itself is in the list behind the card (the card shows the five due first).
  const bucket = await getJson<{ escalatedToMe: { items: { ticketId: string }[]; count: number } }>(
    page,
    '/api/workbench',
  );
  assert.ok(bucket.escalatedToMe.count > escalatedBefore);
  assert.equal(await page.evaluate(() => (window as unknown as { __stay?: boolean }).__stay), true, 'no reload');
  await screenshot(page, 'workbench-live');

  // The bell lists them (the instruction and the escalation); a click marks one read and opens the ticket.
  // Unread messages about our ticket (the sweep keeps writing about the demo's own tickets).
  const unreadAboutOurs = async () =>
    (
      await getJson<PageOf<{ ticketId: string | null }>>(page, '/api/notifications?unread=true&pageSize=100')
    ).data.filter((n) => n.ticketId === ticket.id).length;
  // The sweep keeps announcing the demo's own tickets too, and a burst of them (the first
  // sweep after the server starts fires every demo timer due) can push ours below the bell's
  // latest eight: then the leader writes again and the bell is opened anew.
  const item = page.getByTestId('notification-item').filter({ hasText: ticket.publicNo }).first();
  for (let attempt = 1; ; attempt += 1) {
    await page.getByTestId('notification-bell').click();
    try {
      await item.waitFor({ timeout: 8_000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.getByTestId('notification-bell').click();
      await page.getByTestId('notification-popover').waitFor({ state: 'hidden' });
      const again = await leader.request.post(`${url}/api/tickets/${ticket.id}/instructions`, {
        data: { body: `请尽快回复处理进度（第 ${attempt + 1} 次批示）。` },
      });
      assert.equal(again.status(), 201, await again.text());
    }
  }
  assert.match((await page.getByTestId('notification-popover').textContent()) ?? '', new RegExp(ticket.publicNo));
  await screenshot(page, 'notification-bell');
  const unreadNow = await unreadAboutOurs();
  await item.click();
  await page.waitForURL(new RegExp(`/service-desk/tickets/${ticket.id}`));
  const unreadAfter = await unreadAboutOurs();
  assert.equal(unreadAfter, unreadNow - 1, 'opening it marked it read');

  // 消息中心: every message, with the unread filter.
  await page.goto(`${url}/notifications`);
  await page.getByTestId('notification-row').first().waitFor();
  const mine = await getJson<PageOf<{ kind: string; ticketId: string | null }>>(
    page,
    '/api/notifications?pageSize=100',
  );
  assert.ok(
    mine.data.some((n) => n.kind === 'instruction' && n.ticketId === ticket.id),
    'the instruction reached the supervisor as the ticket’s owner agent',
  );
  await screenshot(page, 'notifications-page');
  await page.getByTestId('notification-filter').getByText('未读').click();
  await page.getByText('暂无消息').or(page.getByTestId('notification-row').first()).waitFor();
  await leader.context().close();
  await admin.context().close();
});

test('the administrator configures an escalation ladder, a routing rule and an intake duty', async () => {
  const url = running.server().url;
  const page = await newPage(running.browser());
  await login(page, url, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);

  // 升级规则: the demo has the group's ladders; the built-in one is shown read-only; a new ladder
  // starts from its levels.
  await page.goto(`${url}/service/escalation`);
  await page.locator('.ant-table-tbody').getByText('集团标准升级规则', { exact: true }).waitFor();
  await page.getByTestId('default-ladder').waitFor();
  assert.match((await page.getByTestId('default-ladder').textContent()) ?? '', /客服主管[\s\S]*公司领导/);
  await page.getByText('超过 3 次升级将通知集团领导').first().waitFor();
  await screenshot(page, 'escalation-default');
  await page.getByRole('button', { name: /新建升级规则/ }).click();
  const editor = page.getByTestId('policy-editor');
  await editor.getByRole('button', { name: /保\s*存/ }).click();
  await editor.getByText('请输入名称').waitFor();
  await editor.getByLabel('名称', { exact: true }).fill('投诉加急升级');
  await editor.getByLabel('工单类型').click();
  await visibleOption(page, '投诉').click();
  // The first level after one hour instead of at the deadline.
  const firstHours = editor.getByTestId('levels-editor').locator('tbody tr').first().locator('input').nth(1);
  await firstHours.fill('1');
  await screenshot(page, 'escalation-editor');
  await editor.getByRole('button', { name: /保\s*存/ }).click();
  await page.locator('.ant-table-tbody').getByText('投诉加急升级', { exact: true }).waitFor();
  await screenshot(page, 'escalation-policies');

  // 派工规则: the form refuses an empty save in Chinese, then takes a rule for the engineering department.
  await page.goto(`${url}/service/routing-rules`);
  await page.getByRole('button', { name: /新建规则/ }).click();
  const drawer = page.locator('.ant-drawer-content:visible');
  await drawer.getByRole('button', { name: /保\s*存/ }).click();
  await drawer.getByText('请输入名称').waitFor();
  await drawer.getByLabel('所属公司').click();
  await visibleOption(page, '上海').click();
  await drawer.getByLabel('名称').fill('邻里花园报修派工程维修部');
  await drawer.getByLabel('优先级').fill('10');
  await drawer.getByLabel('工单类型').click();
  await visibleOption(page, '报修').click();
  await page.keyboard.press('Escape');
  // The engineering department of 上海浦东管理处 (闵行 and 杭州 have one of the same name).
  await drawer.getByLabel('责任部门').click();
  await page
    .locator(
      'xpath=//div[contains(@class,"ant-select-tree-treenode")][.//span[text()="上海浦东管理处"]]/following-sibling::div[1]',
    )
    .click();
  assert.match((await drawer.textContent()) ?? '', /上海浦东管理处 \/ 工程维修部/);
  await screenshot(page, 'routing-rule-form');
  await drawer.getByRole('button', { name: /保\s*存/ }).click();
  await page.locator('.ant-table-tbody').getByText('邻里花园报修派工程维修部', { exact: true }).waitFor();
  await screenshot(page, 'routing-rules');

  // 受理职责: a weekday shift for the engineering handler.
  await page.goto(`${url}/service/duties`);
  await page.getByRole('button', { name: /新建职责/ }).click();
  const duty = page.locator('.ant-drawer-content:visible');
  await duty.getByLabel('人员').click();
  await page.keyboard.type('李建国');
  await visibleOption(page, '李建国').click();
  await screenshot(page, 'duty-form');
  await duty.getByRole('button', { name: /保\s*存/ }).click();
  await page.locator('.ant-table-tbody').getByText('李建国', { exact: true }).waitFor();
  await screenshot(page, 'duties');
});

test('the customer 360 page and the room list the tickets', async () => {
  assert.ok(raised, 'the first journey raised a ticket');
  const url = running.server().url;
  const page = await newPage(running.browser());
  await login(page, url, 'supervisor', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await screenshot(page, 'workbench');

  await page.goto(`${url}/customers/${raised.customerId}`);
  await page.getByTestId('tab-tickets').click();
  const list = page.getByTestId('customer-tickets');
  await list.getByText(raised.publicNo).waitFor();
  await screenshot(page, 'customer-tickets');
  await list.getByText(raised.publicNo).click();
  await page.waitForURL(new RegExp(`/service-desk/tickets/${raised.id}`));

  const room = await getJson<{ id: string; projectId: string; buildingId: string }>(
    page,
    `/api/rooms/${raised.roomId}`,
  );
  await page.goto(`${url}/property/grid?projectId=${room.projectId}&buildingId=${room.buildingId}&roomId=${room.id}`);
  const section = page.getByTestId('room-tickets-section');
  await section.getByText(raised.publicNo).waitFor();
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'room-tickets');
  assert.match(
    (await page.getByTestId('room-new-reception').locator('xpath=..').getAttribute('href')) ?? '',
    new RegExp(`/service-desk/reception\\?roomId=${room.id}`),
  );
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newPage, root, screenshot, serverAndBrowser } from './support.js';

// The switch and the server share this secret (without it the server would derive one from its
// own key file, as the simulator does when run beside `npm start`).
const CTI_SECRET = 'e2e-call-center-secret-2026';
// DEMO_TOOLS: the demo's fast-forward of a ticket's time limits, as `npm start` has it.
const running = serverAndBrowser({ CTI_SECRET, DEMO_TOOLS: 'true' });

/** The repair raised from the screen pop (first journey), followed by the last one. */
let raised: { publicNo: string; url: string } | undefined;

/** The simulator, as a person would run it: npm run cti:simulate -- --from … --ext … */
function simulate(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'server/src/cli/cti-simulate.ts'), ...args, '--url', running.server().url],
      { cwd: root, env: { ...process.env, CTI_SECRET }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** The live connection is open (the pop can only arrive on it). */
async function live(page: Page): Promise<void> {
  await page.locator('[data-testid="live-indicator"][data-connected="true"]').waitFor();
}

test('a demo owner calls: the pop shows their rooms and open tickets, and a repair is raised from it', async () => {
  const base = running.server().url;
  const page = await newPage(running.browser());
  await login(page, base, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await live(page);
  // The agent's extension in the user menu; the missed demo calls in the 待回拨 to-do.
  assert.match((await page.getByTestId('current-extension').textContent()) ?? '', /8001/);
  await page.getByTestId('todo-callbacks').getByText('去处理').waitFor();
  await page.getByTestId('todo-callbacks').scrollIntoViewIfNeeded();
  await screenshot(page, 'call-center-workbench');
  await page.evaluate(() => window.scrollTo(0, 0));

  // The owner of 邻里花园 1-1-1001 calls the hotline; extension 8001 rings.
  const call = simulate(['--from', '13800138000', '--ext', '8001', '--answer-after', '2', '--hangup-after', '1']);
  const pop = page.getByTestId('call-pop');
  await pop.getByTestId('pop-number').filter({ hasText: '138****8000' }).waitFor();
  const customer = pop.getByTestId('pop-customer');
  await customer.getByTestId('pop-room').filter({ hasText: '邻里花园 1-1-1001' }).first().waitFor();
  assert.match((await customer.getByTestId('pop-room').first().textContent()) ?? '', /业主/);
  await customer.getByTestId('warranty-in').first().waitFor();
  // The demo's open repair of that room: a leak with the waterproofing contractor.
  await customer.getByTestId('pop-ticket').filter({ hasText: '卫生间渗漏' }).first().waitFor();
  assert.doesNotMatch((await pop.textContent()) ?? '', /13800138000/);
  await page.waitForTimeout(400);
  await screenshot(page, 'call-center-pop');

  const simulated = await call;
  assert.equal(simulated.code, 0, simulated.output);
  assert.equal(simulated.output.match(/← 200 \{"ok":true\}/g)?.length, 3, simulated.output);
  await pop.getByTestId('call-state').filter({ hasText: '已接通' }).waitFor();

  // 新建接待: the reception page with the caller, the room and the call.
  await customer.getByTestId('pop-new-reception').click();
  await page.waitForURL(/\/service-desk\/reception\?callId=/);
  await page.getByTestId('from-call').filter({ hasText: '138****8000' }).waitFor();
  await page.getByTestId('caller-card').filter({ hasText: '1-1-1001' }).waitFor();
  await page.waitForTimeout(300);
  // A repair by its initials, then the content; Ctrl+Enter registers.
  await page.getByTestId('catalogue-picker-0').click();
  await page.keyboard.type('gdls');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '管道漏水' }).first().waitFor();
  await page.keyboard.press('Enter');
  // Picking the issue moves the focus to the content.
  await page.waitForTimeout(300);
  await page.keyboard.type('来电：厨房水槽下水管漏水');
  await screenshot(page, 'call-center-reception');
  await page.keyboard.press('Control+Enter');
  const done = page.getByTestId('reception-done');
  await done.waitFor();
  const publicNo = ((await done.getByTestId('public-no').textContent()) ?? '').replace(/\s/g, '');
  assert.match(publicNo, /^BX-\d{8}-\d{4}$/);
  const ticketHref = await done.getByTestId('created-ticket').first().getByRole('link').getAttribute('href');
  assert.ok(ticketHref);
  raised = { publicNo, url: `${base}${ticketHref}` };

  // 通话记录: the call with its talk time and the reception it raised.
  await page.goto(`${base}/service-desk/calls`);
  const firstRow = page.locator('.ant-table-tbody tr.ant-table-row').first();
  await firstRow.filter({ hasText: '138****8000' }).waitFor();
  assert.match((await firstRow.textContent()) ?? '', /JD-\d{8}-\d{4}/);
  await screenshot(page, 'call-center-calls');

  // 待回拨: call one back (log-only adapter) and mark it done.
  await page.goto(`${base}/service-desk/calls?callback=pending`);
  const pending = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '待回拨' }).first();
  await pending.waitFor();
  const before = await page.locator('.ant-table-tbody tr.ant-table-row').count();
  await pending.getByTestId('call-back').click();
  await page
    .locator('.ant-message')
    .getByText(/已通过分机 8001 发起外呼/)
    .waitFor();
  await screenshot(page, 'call-center-callbacks');
  await pending.getByTestId('mark-called-back').click();
  const dialog = page.locator('.ant-modal-content:visible');
  await dialog.getByRole('textbox').fill('已回拨，业主说问题已自行解决');
  await dialog.getByRole('button', { name: /标记已回拨/ }).click();
  await page.locator('.ant-message').getByText('已标记为已回拨').waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length < n, before);
});

test('the same in English: the pop of an unknown number offers a new customer; the call log', async () => {
  const base = running.server().url;
  const page = await newPage(running.browser(), 'en-US');
  await login(page, base, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.evaluate(() => localStorage.setItem('linli.language', 'en-US'));
  await page.reload();
  await live(page);

  const known = simulate(['--from', '13800138000', '--ext', '8001', '--answer-after', '1', '--missed']);
  const pop = page.getByTestId('call-pop');
  await pop.getByTestId('pop-ticket').first().waitFor();
  await pop.getByText(/Open tickets/).waitFor();
  assert.equal((await known).code, 0);
  await pop.getByTestId('call-state').filter({ hasText: 'Missed' }).waitFor();
  await page.waitForTimeout(400);
  await screenshot(page, 'call-center-pop-en');
  await page.locator('.ant-drawer-close').click();

  const unknown = simulate(['--from', '166 0000 1111', '--ext', '8001', '--answer-after', '0', '--missed']);
  await pop.getByTestId('pop-number').filter({ hasText: '166****1111' }).waitFor();
  await pop.getByTestId('pop-no-match').waitFor();
  await page.waitForTimeout(300);
  await screenshot(page, 'call-center-pop-unknown-en');
  assert.equal((await unknown).code, 0);
  await pop.getByTestId('pop-new-customer').click();
  await page.waitForURL(/\/customers$/);
  // The customer form opens with the caller's number filled in.
  const mobile = page.locator('input#mobile');
  await mobile.waitFor();
  assert.equal(await mobile.inputValue(), '16600001111');

  await page.goto(`${base}/service-desk/calls`);
  await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
  await page.waitForTimeout(300);
  await screenshot(page, 'call-center-calls-en');
});

test('the repair raised from the call: the dispatch SMS in the outbox, and the escalation e-mail once its limit has passed', async () => {
  assert.ok(raised, 'the first journey raised a repair');
  const { publicNo, url } = raised;
  const base = running.server().url;
  const page = await newPage(running.browser());
  await login(page, base, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);

  // 发送记录, by the ticket's number: the dispatch SMS went to the outbox (held until 08:00 when
  // the journey runs in the night's quiet hours, delivered otherwise).
  const search = async () => {
    await page.goto(`${base}/settings/message-log`);
    await page.getByPlaceholder('工单编号').fill(publicNo);
    await page.getByRole('button', { name: /查\s*询/ }).click();
  };
  await search();
  const dispatchSms = page
    .locator('.ant-table-row')
    .filter({ hasText: '派工' })
    .filter({ hasText: '短信' })
    .filter({ hasText: /发件箱|待发送/ })
    .first();
  await dispatchSms.waitFor();
  await page.getByTestId('outbox-alert').waitFor();
  await screenshot(page, 'call-center-dispatch-sms');

  // Time passes past the limits: the demo's fast-forward from the ticket page, until it escalates.
  await page.goto(url);
  const escalations = page.getByTestId('side-escalations');
  for (let click = 0; click < 10 && !/升级 L1/.test((await escalations.textContent()) ?? ''); click += 1) {
    const answered = page.waitForResponse((r) => r.url().endsWith('/sla/fast-forward'));
    const reread = page.waitForResponse(
      (r) => r.request().method() === 'GET' && /\/api\/tickets\/[0-9a-f-]{36}$/.test(r.url()),
    );
    await page
      .getByTestId('action-bar')
      .getByRole('button', { name: /演示：时限快进$/ })
      .click();
    assert.equal((await answered).status(), 200);
    await reread;
  }
  await escalations.getByText('升级 L1').waitFor();

  // The escalation e-mail to that level's people, delivered to the outbox (e-mail has no quiet hours).
  await search();
  const email = page
    .locator('.ant-table-row')
    .filter({ hasText: '升级' })
    .filter({ hasText: '邮件' })
    .filter({ hasText: '已送达' })
    .first();
  await email.waitFor({ timeout: 30_000 });
  // The list refreshes while messages are on their way: click when the row holds still.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await email.getByTestId('message-detail').click({ timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
  const drawer = page.getByTestId('message-detail-drawer');
  await drawer.getByText(new RegExp(publicNo)).first().waitFor();
  await page.waitForTimeout(300);
  await screenshot(page, 'call-center-escalation-email');
});

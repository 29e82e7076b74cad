import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

/** The input of an antd field with a test id, whether the id lands on the input or on its wrapper. */
const inputOf = (scope: Page | ReturnType<Page['locator']>, testId: string) =>
  scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`);

/** Types a start into the try-it box and computes a limit in hours; answers the deadline shown. */
async function tryDeadline(page: Page, start: string, hours: number): Promise<string> {
  // The page may still be drawing the calendar under the first keystrokes: type until the field holds it.
  const field = inputOf(page, 'try-start');
  for (let attempt = 1; (await field.inputValue()) !== start; attempt += 1) {
    if (attempt > 3) assert.fail(`the start field holds ${await field.inputValue()}, not ${start}`);
    await field.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(start);
    await page.keyboard.press('Enter');
  }
  await inputOf(page, 'try-amount').fill(String(hours));
  await page.getByTestId('try-compute').click();
  // Enter in the picker already computes with the old limit: wait for the answer to this limit.
  await page.waitForFunction(
    ([from, minutes]) => {
      const text = document.querySelector('[data-testid=try-result]')?.textContent ?? '';
      return text.includes(from) && text.includes(minutes);
    },
    [start, ` ${hours * 60} `] as const,
  );
  return ((await page.getByTestId('try-deadline').textContent()) ?? '').trim();
}

test('an administrator reads 2026 on the calendar, computes a deadline across 春节 and enters 2027’s New Year', async () => {
  const page = await newPage(running.browser());
  await login(page, running.server().url, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);

  // Through the menu: 客服设置 → 工作日历.
  await page.getByRole('menuitem', { name: /客服设置/ }).click();
  await page.getByRole('link', { name: '工作日历', exact: true }).click();
  await page.waitForURL(/\/service\/calendars/);
  await page.getByTestId('year-view').waitFor();
  assert.equal(((await page.getByTestId('calendar-title').textContent()) ?? '').trim(), '标准工作日历');
  // The warning that 2027's schedule is missing is live (today is after 1 November).
  await page.getByTestId('holiday-warning').waitFor();

  // The 2026 Spring Festival: 15–23 February off, Saturdays 14 and 28 worked.
  // The days are drawn before the year's schedule arrives: wait for each kind, don't read it once.
  const day = (date: string, kind: string) => page.locator(`[data-date="${date}"][data-kind="${kind}"]`).waitFor();
  await day('2026-02-17', 'holiday');
  await day('2026-02-14', 'makeup');
  await day('2026-02-28', 'makeup');
  await day('2026-10-01', 'holiday');
  await page.getByTestId('month-2').getByText('15–23 日 春节 · 休').waitFor();
  await page.getByTestId('month-2').scrollIntoViewIfNeeded();
  await screenshot(page, 'calendar-year-2026');

  // Two business hours from the make-up Saturday afternoon land after the holiday.
  await page.getByTestId('try-it').scrollIntoViewIfNeeded();
  assert.equal(await tryDeadline(page, '2026-02-14 17:00', 2), '2026-02-24 10:00');
  assert.equal(await page.getByTestId('try-provisional').count(), 0);
  await screenshot(page, 'calendar-try-it');

  // Across New Year into 2027, nobody knows the schedule yet: provisional.
  assert.equal(await tryDeadline(page, '2026-12-31 17:00', 2), '2027-01-01 10:00');
  await page.getByTestId('try-provisional').waitFor();

  // 法定节假日: enter 元旦 2027 (1–3 January off).
  await page.getByRole('link', { name: '法定节假日' }).click();
  await page.waitForURL(/\/service\/holidays/);
  await page.getByTestId('holiday-warning').waitFor();
  await page.getByTestId('holiday-year-2027').waitFor();
  await screenshot(page, 'calendar-holidays-missing');
  await page.getByTestId('holiday-year-2027').getByRole('button', { name: /录入/ }).click();
  const drawer = page.locator('.ant-drawer-content');
  // The drawer opens on the missing year.
  await page.waitForFunction(
    () => (document.querySelector('[data-testid=holiday-year]') as HTMLInputElement | null)?.value === '2027',
  );
  const range = inputOf(drawer, 'holiday-range');
  await range.first().click();
  await range.first().fill('2027-01-01');
  await page.keyboard.press('Enter');
  await range.nth(1).fill('2027-01-03');
  await page.keyboard.press('Enter');
  await inputOf(drawer, 'holiday-name').fill('元旦');
  await drawer.getByTestId('holiday-add').click();
  await drawer.getByText('2027-01-03 星期日').waitFor();
  assert.equal(await drawer.locator('.ant-table-tbody tr').count(), 3);
  await screenshot(page, 'calendar-holiday-form');
  await drawer.getByTestId('holiday-save').click();
  await page.getByText('2027 年的安排已保存，相关时限将重新计算').waitFor();
  await page.getByTestId('holiday-warning').waitFor({ state: 'detached' });
  await page.getByTestId('holiday-year-2027').getByText('管理员录入').waitFor();

  // Back on the calendar the same limit now skips 1–3 January and is final.
  await page.getByRole('link', { name: '工作日历', exact: true }).click();
  await page.getByTestId('try-it').waitFor();
  assert.equal(await tryDeadline(page, '2026-12-31 17:00', 2), '2027-01-04 10:00');
  assert.equal(await page.getByTestId('try-provisional').count(), 0);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

async function submitAndWait(page: Page): Promise<void> {
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
    page.getByRole('button', { name: /登\s*录/ }).click(),
  ]);
}

// The shell journey runs first: the lockout journey uses up this address's failed-login allowance.
test('the login page and workbench render in Chinese and switch to English', async () => {
  const page = await newPage(running.browser());
  await page.goto(`${running.server().url}/login`);
  await screenshot(page, 'login');
  await login(page, running.server().url, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);
  await page.getByText('常用功能').waitFor();
  await screenshot(page, 'workbench');
  // The language menu opens on hover: try it again if the first hover's menu closed under the click.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await page.getByTestId('language-switch').hover();
      await page.getByRole('menuitem', { name: 'English' }).click({ timeout: 5_000 });
      await page.getByText('Shortcuts').waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.mouse.move(0, 0);
    }
  }
  await screenshot(page, 'workbench-en');
});

test('five wrong passwords lock the account and the login page says until when', async () => {
  const page = await newPage(running.browser());
  await login(page, running.server().url, 'kefu', 'wrong-password-1');
  const error = page.getByTestId('login-error');
  await assert.doesNotReject(error.waitFor());
  assert.match((await error.textContent()) ?? '', /用户名或密码错误/);
  for (let i = 2; i <= 5; i++) {
    await page.getByPlaceholder('密码').fill(`wrong-password-${i}`);
    await submitAndWait(page);
  }
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="login-error"]')?.textContent?.includes('锁定'),
  );
  const text = (await error.textContent()) ?? '';
  assert.match(text, /账号已锁定，请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 后重试/);
  await screenshot(page, 'login-locked');

  // The right password is refused while the lock lasts.
  await page.getByPlaceholder('密码').fill(DEMO_PASSWORD);
  await submitAndWait(page);
  assert.match((await error.textContent()) ?? '', /账号已锁定/);
  assert.match(page.url(), /\/login/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

async function generate(page: Page, expected: string): Promise<void> {
  await page
    .getByRole('button', { name: /生\s*成/ })
    .first()
    .click();
  await page
    .locator('.ant-popconfirm:visible')
    .getByRole('button', { name: /生\s*成/ })
    .click();
  // Generating a building is a write of many rows: on a busy machine it may take longer than a click.
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid=generation-result]')?.textContent?.includes(text),
    expected,
    { timeout: 60_000 },
  );
}

test('the delivery team generates a building, sees it on the room-status grid, and a second run creates nothing', async () => {
  const page = await newPage(running.browser());
  await login(page, running.server().url, 'delivery', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);

  await page.goto(`${running.server().url}/property/generation`);
  await page.locator('[data-testid=gen-project]').click();
  await page.locator('.ant-select-item-option', { hasText: '邻里花园' }).click();
  await page.locator('#buildingCode').fill('6');
  await page.keyboard.press('Tab');
  await page.locator('#units').fill('2');
  await page.locator('#floorFrom').fill('1');
  await page.locator('#floorTo').fill('11');
  await page.locator('#roomsPerFloor').fill('2');
  await page.getByLabel('建筑面积').fill('98.5');
  await page.getByLabel('套内面积').fill('80.25');
  await page.getByRole('button', { name: /预\s*览/ }).click();
  const summary = page.locator('[data-testid=generation-summary]');
  await summary.waitFor();
  // Floors 1–11 without the default skipped floor 4: 10 floors × 2 units × 2 rooms.
  assert.match((await summary.textContent()) ?? '', /共 40 间，已存在 0 间，将新增 40 间/);
  await screenshot(page, 'generation-preview');

  await generate(page, '新增 40 间，跳过 0 间');
  await generate(page, '新增 0 间，跳过 40 间');

  await page.getByRole('button', { name: '查看房态图' }).click();
  const grid = page.locator('[data-testid=room-grid]');
  await grid.waitFor();
  await page.locator('[data-testid=room-tile-6-1-1101]').waitFor();
  assert.equal(await page.locator('[data-testid=room-tile-6-1-401]').count(), 0, 'floor 4 is skipped');
  await screenshot(page, 'generation-grid');

  await page.locator('[data-testid=room-tile-6-2-1102]').click();
  const drawer = page.locator('.ant-drawer');
  await drawer.getByText('6-2-1102').first().waitFor();
  assert.match((await drawer.textContent()) ?? '', /98\.50/);
  await page.waitForTimeout(500); // let the drawer finish sliding in
  await screenshot(page, 'generation-room-drawer');

  // Edit the room: a net area above the gross area is refused in the form, a valid one saved.
  await drawer.getByRole('button', { name: /编\s*辑/ }).click();
  const modal = page.locator('.ant-modal');
  await modal.locator('#netArea').fill('120');
  await modal.getByText('套内面积不能大于建筑面积').first().waitFor();
  await modal.locator('#netArea').fill('81.5');
  await modal.getByRole('button', { name: /保\s*存/ }).click();
  await page.waitForFunction(() => document.querySelector('.ant-drawer')?.textContent?.includes('81.50'));
});

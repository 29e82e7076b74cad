import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

/** Opens the select labelled `label` inside `scope` and picks the option containing `option`. */
async function pick(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  // The header's live updates re-render the page now and then: a dropdown may close under the
  // click. Pick again until the field shows the option.
  for (let attempt = 1; ; attempt += 1) {
    await scope.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    try {
      await scope.locator('.ant-select-selection-item', { hasText: option }).first().waitFor({ timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

test('an administrator registers a waterproofing contractor for one building; a room there shows it in warranty', async () => {
  const page = await newPage(running.browser());
  const base = running.server().url;
  await login(page, base, 'admin', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);

  // 承建商 in the 客服设置 menu.
  await page.getByText('客服设置').click();
  await page.getByRole('link', { name: '承建商', exact: true }).click();
  await page.waitForURL(/\/service\/contractors/);
  await page.getByText('中建八局第三建设有限公司').first().waitFor();

  // A new contractor: the credit code and the mobile as typed from a business card.
  await page.getByRole('button', { name: /新建承建商/ }).click();
  const form = page.locator('.ant-modal-content');
  await pick(page, form, '所属公司', '邻里物业上海公司');
  await form.getByLabel('承建商名称').fill('北京东方雨虹防水技术股份有限公司');
  // A wrong check character is refused by the server, under its field.
  await form.getByLabel('统一社会信用代码').fill('91110000102154785X');
  await form.getByLabel('联系人', { exact: true }).fill('马卫东');
  await form.getByLabel('联系人手机').fill('+86 138-1766-2045');
  await form.getByLabel('联系电话').fill('400-650-6666');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('统一社会信用代码不正确').first().waitFor();
  await form.getByLabel('统一社会信用代码').fill('');
  await form.getByRole('button', { name: /保\s*存/ }).click();

  // The new contractor opens with no scopes yet; its mobile is stored normalised and shown in full.
  const drawer = page.getByTestId('contractor-drawer');
  await drawer.getByText('北京东方雨虹防水技术股份有限公司').first().waitFor();
  await drawer.getByText('13817662045').waitFor();
  await drawer.getByText('尚未登记施工范围').waitFor();

  // Roof waterproofing of 邻里花园 2栋: the statutory minimum is filled in and explained.
  await drawer.getByRole('button', { name: /新增施工范围/ }).click();
  const scopeForm = page.locator('.ant-modal-content').filter({ hasText: '新增施工范围' });
  await pick(page, scopeForm, '项目', '邻里花园');
  await pick(page, scopeForm, '楼栋', '2栋');
  await pick(page, scopeForm, '专业', '屋面防水');
  await scopeForm.getByTestId('statutory-note').getByText('法定最低保修期：5年').waitFor();
  assert.equal(await scopeForm.getByTestId('warranty-value').inputValue(), '5');
  // Shorter than the law allows is refused with the statutory minimum named.
  await scopeForm.getByTestId('warranty-value').fill('3');
  await scopeForm.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('不得短于法定最低保修期5年').first().waitFor();
  await scopeForm.getByTestId('warranty-value').fill('10');
  await screenshot(page, 'contractor-scope-form');
  await scopeForm.getByRole('button', { name: /保\s*存/ }).click();

  const scopes = drawer.getByTestId('contractor-scopes');
  await scopes.getByText('屋面防水').waitFor();
  const row = await scopes.locator('tbody tr').first().textContent();
  assert.match(row ?? '', /邻里花园.*2栋.*屋面防水.*10年.*按各房间交付日期/);
  await page.waitForTimeout(400);
  await screenshot(page, 'contractor-drawer');

  // A lived-in room of 2栋 (delivered 2023-06-30): its roof is this contractor's until 2033-06-30.
  const get = async <T>(url: string): Promise<T> => (await page.request.get(`${base}${url}`)).json() as Promise<T>;
  const projects = await get<{ data: { id: string; code: string }[] }>('/api/projects?pageSize=50');
  const llhy = projects.data.find((p) => p.code === 'SH-LLHY');
  assert.ok(llhy);
  const buildings = await get<{ id: string; code: string }[]>(`/api/buildings?projectId=${llhy.id}`);
  const b2 = buildings.find((b) => b.code === '2');
  assert.ok(b2);
  const rooms = await get<{ data: { id: string; code: string; deliveryDate: string | null }[] }>(
    `/api/rooms?projectId=${llhy.id}&buildingId=${b2.id}&status=occupied&pageSize=1`,
  );
  const room = rooms.data[0];
  assert.ok(room?.deliveryDate);
  await page.goto(`${base}/property/grid?projectId=${llhy.id}&buildingId=${b2.id}&roomId=${room.id}`);
  const roof = page.getByTestId('room-warranties').getByTestId('warranty-roof_waterproofing');
  await roof.getByText('北京东方雨虹防水技术股份有限公司').waitFor();
  const text = (await roof.textContent()) ?? '';
  assert.match(text, /在保/);
  assert.match(text, /按楼栋/);
  assert.match(text, /保修至 2033-06-30/);
  // The electrical warranty of the same room has run out (two years from 2023-06-30).
  assert.match((await page.getByTestId('warranty-electrical').textContent()) ?? '', /已过保/);
  await roof.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await page.waitForTimeout(400);
  await screenshot(page, 'contractor-room-warranty');

  // The lookup the service desk will call agrees.
  const answer = await get<{ contractor: { name: string } | null; inWarranty: boolean; basis: string; end: string }>(
    `/api/rooms/${room.id}/warranty?trade=roof_waterproofing`,
  );
  assert.deepEqual(
    { name: answer.contractor?.name, inWarranty: answer.inWarranty, basis: answer.basis, end: answer.end },
    { name: '北京东方雨虹防水技术股份有限公司', inWarranty: true, basis: 'building', end: '2033-06-30' },
  );
});

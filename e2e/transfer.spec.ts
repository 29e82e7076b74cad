import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD, login, newPage, screenshot, serverAndBrowser } from './support.js';

const running = serverAndBrowser();

interface Occupant {
  customerId: string;
  customerName: string;
  role: string;
  toDate: string | null;
}

test('an agent transfers a room to a new owner; the room history and both customers show it', async () => {
  const page = await newPage(running.browser());
  const base = running.server().url;
  await login(page, base, 'kefu', DEMO_PASSWORD);
  await page.waitForURL(/\/workbench/);

  // An occupied room of 邻里花园 with one owner, and a customer of the same company who is not
  // its owner, found through the API the screens use.
  // page.request carries the browser's session cookie.
  const get = async <T>(url: string): Promise<T> => (await page.request.get(`${base}${url}`)).json() as Promise<T>;
  const projects = await get<{ data: { id: string; code: string }[] }>('/api/projects?pageSize=50');
  const llhy = projects.data.find((p) => p.code === 'SH-LLHY');
  assert.ok(llhy);
  const rooms = await get<{ data: { id: string; code: string; buildingId: string }[] }>(
    `/api/rooms?projectId=${llhy.id}&status=occupied&pageSize=50`,
  );
  let found: { room: (typeof rooms.data)[number]; owner: Occupant } | undefined;
  for (const room of rooms.data) {
    const owners = (await get<Occupant[]>(`/api/rooms/${room.id}/occupancies`)).filter(
      (p) => p.role === 'owner' && p.toDate === null,
    );
    if (owners.length === 1 && owners[0]) {
      found = { room, owner: owners[0] };
      break;
    }
  }
  assert.ok(found, 'the demo data has an occupied room with one owner');
  const ownerId = found.owner.customerId;
  const candidates = await get<{ data: { id: string; kind: string; name: string; code: string }[] }>(
    '/api/customers?q=wang&pageSize=50&active=true',
  );
  const buyer = candidates.data.find((c) => c.id !== ownerId && c.kind === 'person');
  assert.ok(buyer, 'a customer named Wang to buy the room');

  await page.goto(
    `${base}/property/grid?projectId=${llhy.id}&buildingId=${found.room.buildingId}&roomId=${found.room.id}`,
  );
  const occupants = page.getByTestId('room-occupants');
  await occupants.getByTestId('occupant-current').first().waitFor();
  await page.getByTestId('room-transfer').click();

  const modal = page.locator('.ant-modal-content');
  await modal.getByText(found.owner.customerName).first().waitFor();
  // The new owner is found by the search box: by name, as the agent types it.
  await modal.locator('.ant-select-selector').first().click();
  await page.keyboard.type(buyer.name);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: buyer.code });
  await option.first().click();
  await modal.getByLabel('备注').fill('二手房买卖，已签网签合同');
  await screenshot(page, 'transfer-form');
  await page.getByRole('button', { name: /确认过户/ }).click();

  // The room now shows the buyer as owner and the seller in its history.
  await page.waitForFunction(
    (name) =>
      [...document.querySelectorAll('[data-testid=occupant-current]')].some((e) => e.textContent?.includes(name)),
    buyer.name,
  );
  await page.waitForFunction(
    (name) =>
      [...document.querySelectorAll('[data-testid=occupant-history]')].some((e) => e.textContent?.includes(name)),
    found.owner.customerName,
  );
  await page.waitForTimeout(400);
  await screenshot(page, 'transfer-room-history');

  const after = await get<Occupant[]>(`/api/rooms/${found.room.id}/occupancies`);
  const currentOwners = after.filter((o) => o.role === 'owner' && o.toDate === null).map((o) => o.customerId);
  assert.deepEqual(currentOwners, [buyer.id]);
  assert.ok(after.some((o) => o.customerId === found.owner.customerId && o.role === 'owner' && o.toDate !== null));

  // The buyer's 360 page lists the room as owner; the seller's keeps it as history.
  await page.goto(`${base}/customers/${buyer.id}`);
  await page.getByTestId('customer-name').waitFor();
  await page.getByTestId('room-link').filter({ hasText: found.room.code }).first().waitFor();
  await screenshot(page, 'transfer-buyer-360');
  await page.goto(`${base}/customers/${found.owner.customerId}`);
  await page.getByTestId('customer-name').waitFor();
  await page.getByText(found.room.code).first().waitFor();
});

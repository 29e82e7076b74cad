import { launchBrowser, login, newPage, DEMO_PASSWORD } from '../support.js';
const base = process.env.BASE ?? 'http://127.0.0.1:4300';
const shot = (n: string) => `/tmp/wt/shots/${n}.png`;
const browser = await launchBrowser();
const page = await newPage(browser);
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console', m.type(), m.text().slice(0, 300)); });
page.on('pageerror', (e) => console.log('pageerror', e.message));
await login(page, base, process.env.USER_NAME ?? 'kefu', DEMO_PASSWORD);
await page.waitForURL(/workbench/);
const path = process.env.PAGE ?? '/service-desk/reception';
await page.goto(base + path);
await page.waitForTimeout(2500);
if (process.env.STEPS === 'reception') {
  await page.keyboard.type('tp');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: shot('r1-search') });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  await page.keyboard.type('wsjsl');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: shot('r2-catalogue') });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1500);
  await page.keyboard.type('卫生间地面渗水到楼下');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: shot('r3-filled'), fullPage: true });
  await page.keyboard.press('Control+Enter');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: shot('r4-done'), fullPage: true });
} else {
  await page.screenshot({ path: shot(process.env.NAME ?? 'page'), fullPage: true });
}
await browser.close();

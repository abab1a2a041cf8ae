import { chromium } from 'playwright-core';

const [,, url, out, width = '1280', login] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
if (login) {
  await page.goto(new URL('/login', url).href);
  await page.fill('input[name=email]', login);
  await page.fill('input[name=password]', 'allmende-demo');
  await Promise.all([page.waitForNavigation(), page.press('input[name=password]', 'Enter')]);
}
if (process.env.EN) { await page.goto(url); await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'English' }).click()]); }
const res = await page.goto(url);
console.log(res.status());
await page.screenshot({ path: out, fullPage: process.env.FULL !== '0' });
const sw = await page.evaluate(() => document.documentElement.scrollWidth);
console.log('scrollWidth', sw);
await browser.close();

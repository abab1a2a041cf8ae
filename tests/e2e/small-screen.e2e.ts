// Narrow phones (320 CSS pixels, WCAG 1.4.10 reflow) and a desktop window: no horizontal scrolling, no axe
// violations; screenshots of both go to test-results/ for a look by eye.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { closeContexts, expectNoAxeViolations, expectNoHorizontalScroll, launchBrowser, openPage, screenshot } from './helpers.ts';

const PAGES = [
	{ path: '/', name: 'home' },
	{ path: '/login', name: 'login' },
	{ path: '/register', name: 'register' }
];

describe('screen sizes', () => {
	let server: TestServer;
	let browser: Browser;

	beforeAll(async () => {
		server = await startServer();
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});
	afterEach(async () => {
		await closeContexts(browser);
	});

	test('at 320 px the public pages fit the width', async () => {
		const page = await openPage(browser, server.url, { width: 320, height: 640 });
		for (const p of PAGES) {
			await page.goto(p.path);
			await expectNoHorizontalScroll(page, 320);
			await expectNoAxeViolations(page, `${p.path} at 320 px`);
			await screenshot(page, `${p.name}-320`);
		}
	});

	test('at 1280 px the public pages pass axe', async () => {
		const page = await openPage(browser, server.url, { width: 1280, height: 900 });
		for (const p of PAGES) {
			await page.goto(p.path);
			await expectNoHorizontalScroll(page, 1280);
			await expectNoAxeViolations(page, p.path);
			await screenshot(page, p.name);
		}
	});
});

// Narrow phones (320 CSS pixels, WCAG 1.4.10 reflow) and a desktop window: no horizontal scrolling, no axe
// violations; screenshots of both go to test-results/ for a look by eye.
import { describe, test } from 'vitest';
import { expectNoAxeViolations, expectNoHorizontalScroll, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

const PAGES = [
	{ path: '/', name: 'home' },
	{ path: '/login', name: 'login' },
	{ path: '/register', name: 'register' }
];

describe('screen sizes', () => {
	const env = useServerAndBrowser();

	test('at 320 px the public pages fit the width', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 320, height: 640 });
		for (const p of PAGES) {
			await page.goto(p.path);
			await expectNoHorizontalScroll(page, 320);
			await expectNoAxeViolations(page, `${p.path} at 320 px`);
			await screenshot(page, `${p.name}-320`);
		}
	});

	test('at 1280 px the public pages pass axe', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 1280, height: 900 });
		for (const p of PAGES) {
			await page.goto(p.path);
			await expectNoHorizontalScroll(page, 1280);
			await expectNoAxeViolations(page, p.path);
			await screenshot(page, p.name);
		}
	});
});

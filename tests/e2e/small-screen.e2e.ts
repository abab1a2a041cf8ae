// Narrow phones (320 CSS pixels, WCAG 1.4.10 reflow) and a desktop window: no horizontal scrolling, no axe
// violations; screenshots of both go to test-results/ for a look by eye.
import { describe, test } from 'vitest';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

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

	test('in dark mode the pages keep their contrast, also with form errors and for admins', async () => {
		const page = await openPage(env.browser, env.server.url, { colorScheme: 'dark' });
		for (const p of PAGES) {
			await page.goto(p.path);
			await expectNoAxeViolations(page, `${p.path} dark`);
		}
		await page.goto('/login');
		await page.locator('main').getByRole('button', { name: 'Anmelden' }).click();
		await page.getByRole('alert').waitFor();
		await expectNoAxeViolations(page, '/login dark with errors');
		await logIn(page, 'dorf1@example.org', DEMO_PASSWORD);
		for (const path of ['/account', '/altengeseke/', '/altengeseke/admin', '/admin']) {
			await page.goto(path);
			await expectNoAxeViolations(page, `${path} dark`);
		}
		await screenshot(page, 'village-admin-dark');
	});
});

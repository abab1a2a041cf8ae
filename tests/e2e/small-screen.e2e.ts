// Narrow phones (320 CSS pixels, WCAG 1.4.10 reflow) and a desktop window: no horizontal scrolling, no axe
// violations; screenshots of both go to test-results/ for a look by eye.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

const PAGES = [
	{ path: '/', name: 'home', heading: 'Kreis Soest' },
	{ path: '/login', name: 'login', heading: 'Anmelden' },
	{ path: '/register', name: 'register', heading: 'Registrieren' }
];

/** Opens the page and expects it to answer 200 with this main heading: axe alone passes an error page too. */
async function openAndExpect(page: Page, path: string, heading: string): Promise<void> {
	const response = await page.goto(path);
	expect(response?.status(), `HTTP status of ${path}`).toBe(200);
	expect(new URL(page.url()).pathname, `${path} is not redirected`).toBe(path);
	expect(await page.locator('main').getByRole('heading', { level: 1 }).innerText(), `main heading of ${path}`).toBe(heading);
}

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
			await openAndExpect(page, p.path, p.heading);
			await expectNoAxeViolations(page, `${p.path} dark`);
		}
		await page.goto('/login');
		await page.locator('main').getByRole('button', { name: 'Anmelden' }).click();
		await page.getByRole('alert').waitFor();
		await expectNoAxeViolations(page, '/login dark with errors');
		await logIn(page, 'dorf1@example.org', DEMO_PASSWORD);
		const adminPages = [
			{ path: '/account', heading: 'Mein Konto' },
			{ path: '/altengeseke/', heading: 'Altengeseke' },
			{ path: '/altengeseke/admin', heading: 'Altengeseke verwalten' },
			{ path: '/admin', heading: 'Verwaltung' }
		];
		for (const p of adminPages) {
			await openAndExpect(page, p.path, p.heading);
			await expectNoAxeViolations(page, `${p.path} dark`);
		}
		await screenshot(page, 'village-admin-dark');
	});
});

// The language switch in the header: German by default, English on request, and back.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, openPage, useServerAndBrowser } from './helpers.ts';

describe('language switch', () => {
	const env = useServerAndBrowser();

	test('switch the login page to English and back to German', async () => {
		const page = await openPage(env.browser, env.server.url);
		const main = page.locator('main');
		const header = page.locator('header');

		await page.goto('/login');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Anmelden');
		expect(await page.title()).toBe('Anmelden – Allmende');
		expect(await page.locator('html').getAttribute('lang')).toBe('de');
		await expectNoAxeViolations(page);

		await header.getByRole('button', { name: 'English' }).click();
		await main.getByRole('heading', { level: 1, name: 'Log in', exact: true }).waitFor();
		expect(new URL(page.url()).pathname).toBe('/login');
		expect(await page.title()).toBe('Log in – Allmende');
		expect(await page.locator('html').getAttribute('lang')).toBe('en');
		expect(await main.getByRole('textbox', { name: 'Password', exact: true }).count()).toBe(1);
		await expectNoAxeViolations(page, '/login in English');

		// The choice sticks for the next page.
		await page.goto('/register');
		expect(await page.locator('html').getAttribute('lang')).toBe('en');
		await expectNoAxeViolations(page, '/register in English');

		await header.getByRole('button', { name: 'Deutsch' }).click();
		await main.getByRole('heading', { level: 1, name: 'Registrieren', exact: true }).waitFor();
		expect(new URL(page.url()).pathname).toBe('/register');
		expect(await page.locator('html').getAttribute('lang')).toBe('de');
		await expectNoAxeViolations(page, '/register back in German');
	});
});

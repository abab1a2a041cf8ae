// The language switch in the header: German by default, English on request, and back.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { closeContexts, expectNoAxeViolations, launchBrowser, openPage } from './helpers.ts';

describe('language switch', () => {
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

	test('switch the login page to English and back to German', async () => {
		const page = await openPage(browser, server.url);
		const main = page.locator('main');
		const header = page.locator('header');

		await page.goto('/login');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Anmelden');
		expect(await page.title()).toBe('Anmelden – Allmende');
		expect(await page.locator('html').getAttribute('lang')).toBe('de');
		await expectNoAxeViolations(page);

		await header.getByRole('button', { name: 'English' }).click();
		await expect.poll(() => main.getByRole('heading', { level: 1 }).innerText()).toBe('Log in');
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
		await expect.poll(() => main.getByRole('heading', { level: 1 }).innerText()).toBe('Registrieren');
		expect(new URL(page.url()).pathname).toBe('/register');
		expect(await page.locator('html').getAttribute('lang')).toBe('de');
		await expectNoAxeViolations(page, '/register back in German');
	});
});

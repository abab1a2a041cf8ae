// On an old phone the page is usable (server-rendered) seconds before its script takes over. Whatever a person
// typed or ticked in that time must still be there afterwards: hydration must not put back the server's values.
// The scripts are held back here for 2 s, so the steps certainly happen before hydration.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, logIn, openPage, useServerAndBrowser } from './helpers.ts';

const HOLD_MS = 2_000;

async function holdScripts(page: Page): Promise<void> {
	await page.route('**/_app/immutable/**', async (route) => {
		await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
		await route.continue();
	});
}

/** Waits until the held-back scripts have loaded and run. */
async function waitForScripts(page: Page): Promise<void> {
	await page.waitForLoadState('networkidle');
	await page.waitForTimeout(300);
}

describe('before the page script takes over', () => {
	const env = useServerAndBrowser();

	test('a typed e-mail address stays in the login form', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
		await holdScripts(page);
		await page.goto('/login', { waitUntil: 'commit' });
		const email = page.locator('main').getByRole('textbox', { name: 'E-Mail-Adresse', exact: true });
		await email.fill('frueh@example.org');
		await waitForScripts(page);
		expect(await email.inputValue()).toBe('frueh@example.org');
	});

	test('a ticked village setting stays ticked', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
		await logIn(page, 'dorf1@example.org', DEMO_PASSWORD);
		await holdScripts(page);
		await page.goto('/altengeseke/admin/settings', { waitUntil: 'commit' });
		const box = page.locator('main').getByRole('checkbox', { name: 'Mitglieder dürfen Projekte anlegen' });
		expect(await box.isChecked()).toBe(false);
		await box.check();
		await waitForScripts(page);
		expect(await box.isChecked()).toBe(true);
	});

	test('an editor opened before the page came alive stays open', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
		await logIn(page, 'dorf2@example.org', DEMO_PASSWORD);
		await holdScripts(page);
		await page.goto('/koerbecke/links', { waitUntil: 'commit' });
		const editor = page.locator('main details', { has: page.locator('summary', { hasText: 'Bearbeiten' }) }).first();
		await editor.locator('> summary').click();
		expect(await editor.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
		await waitForScripts(page);
		expect(await editor.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
	});

	test('words typed into the Projektpool search stay, and the search runs with all of them', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
		await holdScripts(page);
		await page.goto('/projects', { waitUntil: 'commit' });
		const field = page.locator('main').getByRole('searchbox', { name: 'Projekte durchsuchen' });
		// the first letters before the page comes alive, the rest after it (search as you type)
		await field.fill('mit');
		await waitForScripts(page);
		expect(await field.inputValue()).toBe('mit');
		await field.pressSequentially('fahr', { delay: 50 });
		await page.waitForURL(/[?&]q=mitfahr(&|$)/, { timeout: 15_000 });
		expect(await field.inputValue()).toBe('mitfahr');
		expect(await page.locator('main').getByRole('heading', { level: 3, name: /Mitfahrb/ }).count()).toBeGreaterThan(1);
	});
});

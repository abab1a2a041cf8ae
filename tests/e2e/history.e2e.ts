// The village's history reads as sentences (a link moved up names the link and the way), and the account page
// shows what was saved at once: the new name, the new language in the select and in the header. On a phone:
// 390 px, and no sideways scrolling at 320 px.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, expectNoHorizontalScroll, logIn, openPage, useServerAndBrowser } from './helpers.ts';

const PASSWORD = 'allmende-demo';
const PHONE = { width: 390, height: 800 };

/** Opens a village's history and gives its list of entries (the one place to change when the history moves). */
async function openHistory(page: Page, slug: string): Promise<Locator> {
	await page.goto(`/${slug}/admin/history`);
	return page.locator('main');
}

/** Checks a page with axe, and at 320 px for sideways scrolling (then back to the phone's width). */
async function check(page: Page, label: string, javaScript = true) {
	await (javaScript ? expectNoAxeViolations(page, label) : expectNoAxeViolationsWithoutJavaScript(page, label));
	await page.setViewportSize({ width: 320, height: 800 });
	await expectNoHorizontalScroll(page, 320);
	await page.setViewportSize(PHONE);
}

describe('history and account', () => {
	const env = useServerAndBrowser();

	test('an admin moves a link up and reads it as a sentence in the village’s history; ids only behind Details', async () => {
		const page = await openPage(env.browser, env.server.url, PHONE);
		await logIn(page, 'dorf2@example.org', PASSWORD);
		await page.goto('/koerbecke/links');
		const title = 'Ärztlicher Bereitschaftsdienst 116117';
		await page.getByRole('button', { name: new RegExp(`^Nach oben\\W+${title}$`) }).click();
		await page.getByRole('status').filter({ hasText: title }).waitFor();

		const history = await openHistory(page, 'koerbecke');
		const entry = history.getByRole('listitem').filter({ hasText: `Bernd Körbecke hat den Link ‚${title}‘ nach oben verschoben` });
		expect(await entry.count()).toBe(1);
		expect(await entry.locator('time').innerText()).toMatch(/^heute \d\d:\d\d$/);
		// no codes, ids or JSON in what one reads; they are in the details, closed
		const visible = await history.evaluate((el) => (el as HTMLElement).innerText);
		expect(visible).not.toMatch(/links\.(move|reorder)|[0-9a-f]{8}-[0-9a-f]{4}-|[{[]"/);
		await entry.getByText('Details').click();
		expect(await entry.getByRole('definition').first().innerText()).toBe('links.move');
		await check(page, 'the village history');

		// in English, the same entry in English
		await page.goto('/account');
		await page.getByRole('button', { name: 'English', exact: true }).click();
		await page.getByRole('button', { name: 'Deutsch', exact: true }).waitFor();
		await openHistory(page, 'koerbecke');
		expect(await history.getByRole('listitem').filter({ hasText: `Bernd Körbecke moved the link ‘${title}’ up` }).count()).toBe(1);
		await expectNoAxeViolations(page, 'the village history in English');
	});

	for (const javaScript of [true, false]) {
		test(`the account shows the saved name and language at once (${javaScript ? 'with' : 'without'} JavaScript)`, async () => {
			const page = await openPage(env.browser, env.server.url, { ...PHONE, javaScript });
			const main = page.locator('main');
			if (javaScript) await logIn(page, 'redaktion@example.org', PASSWORD);
			else {
				await page.goto('/login');
				await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('redaktion@example.org');
				await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(PASSWORD);
				await main.getByRole('button', { name: 'Anmelden' }).click();
				await page.waitForURL('**/account', { timeout: 30_000 });
			}
			const name = javaScript ? 'Clara Neumann' : 'Clara Ohne-Skript';
			await main.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
			await main.getByRole('button', { name: 'Speichern', exact: true }).click();
			await main.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
			expect(new URL(page.url()).search).toBe('?saved=profile');
			expect(await main.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(name);

			// English: the select says so, the header offers German, the page speaks English — without a reload
			await main.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
			await main.getByRole('button', { name: 'Speichern', exact: true }).click();
			await main.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
			const select = main.getByRole('combobox', { name: 'Language' });
			expect(await select.inputValue()).toBe('en');
			expect(await select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('English');
			const header = page.locator('header');
			expect(await header.getByRole('button', { name: 'Deutsch', exact: true }).count()).toBe(1);
			expect(await header.getByRole('button', { name: 'English', exact: true }).count()).toBe(0);
			expect(await main.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(name);

			// the devices: readable names, the current one marked, its last use; no raw user agent
			const devices = main.locator('section', { has: page.getByRole('heading', { name: 'Signed-in devices' }) }).getByRole('listitem');
			const current = devices.filter({ hasText: '(this device)' });
			expect(await current.count()).toBe(1);
			expect(await current.innerText()).toMatch(/^(Browser on Linux|Chrome on Linux|Unknown device) \(this device\)\n+Last used: today \d\d:\d\d/);
			expect(await main.innerText()).not.toContain('Mozilla/5.0');
			await check(page, '/account in English', javaScript);

			// back to German for the next test's helpers
			await main.getByRole('combobox', { name: 'Language' }).selectOption('de');
			await main.getByRole('button', { name: 'Save', exact: true }).click();
			await main.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
		});
	}
});

// Old slugs redirect forever (issue 11, finding 4): the county's admin gives Körbecke a new short name in the
// browser; the old address, a page under it and the old QR poster's address all lead to the new one.
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectNoAxeViolations, logIn, openPage, useServerAndBrowser } from './helpers.ts';

describe('renaming a village’s slug', () => {
	const env = useServerAndBrowser();

	test('the county admin renames Körbecke; old links and the old QR code lead to the new address', async () => {
		// what the printed poster says before the rename (its QR code encodes this address)
		const visitor = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
		await visitor.goto('/koerbecke/poster');
		const printed = await visitor.locator('.address strong').innerText();
		expect(printed, 'the app address on the poster').toMatch(/\/koerbecke$/);
		const oldAddress = `${new URL(env.server.url).protocol}//${printed}/`;

		const page = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
		const main = page.locator('main');
		await logIn(page, 'kreis@example.org', DEMO_PASSWORD);
		await page.goto('/admin?q=Körbecke');
		await main.getByRole('link', { name: 'Körbecke: Stammdaten und Farben (Kreis)' }).click();
		await page.waitForURL(/\/admin\/tenants\/[^/]+$/);
		await expectNoAxeViolations(page, '/admin/tenants/<koerbecke>');
		const slug = main.getByRole('textbox', { name: 'Kurzname in der Adresse', exact: true });
		expect(await slug.inputValue()).toBe('koerbecke');
		await slug.fill('koerbecke-am-see');
		await main.getByRole('button', { name: 'Speichern' }).first().click();
		await main.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();

		// the old address, a module page below it with its query, and the QR poster's address
		for (const [from, to] of [
			['/koerbecke/', '/koerbecke-am-see/'],
			['/koerbecke/calendar?view=list', '/koerbecke-am-see/calendar?view=list'],
			[new URL(oldAddress!).pathname, '/koerbecke-am-see/']
		] as [string, string][]) {
			const response = await visitor.goto(from);
			expect(response?.status(), from).toBe(200);
			const url = new URL(visitor.url());
			expect(url.pathname + url.search, from).toBe(to);
		}
		await visitor.locator('main').getByRole('heading', { level: 1 }).waitFor();
		await expectNoAxeViolations(visitor, '/koerbecke-am-see/ reached from the old address');
		// the app's manifest (an installed app asks for it again) follows too, with the new scope
		const manifest = await visitor.request.get('/koerbecke/manifest.webmanifest');
		expect(manifest.status()).toBe(200);
		expect(((await manifest.json()) as { scope: string }).scope).toMatch(/\/koerbecke-am-see\/$/);
	});
});

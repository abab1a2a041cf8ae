// /account/tokens in the browser: create a token (shown once, copyable), see it listed, revoke it after a
// confirmation in words; form errors name their field; works at 320 px, in English, and without JavaScript.
import { describe, expect, test } from 'vitest';
import {
	DEMO_PASSWORD,
	expectErrorSummaryLinksReachFields,
	expectNoAxeViolations,
	expectNoAxeViolationsWithoutJavaScript,
	expectNoHorizontalScroll,
	logIn,
	openPage,
	screenshot,
	useServerAndBrowser
} from './helpers.ts';

describe('API tokens', () => {
	const env = useServerAndBrowser();

	test('create, copy, list and revoke a token with the keyboard and mouse; errors name the field', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 844 });
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
		const main = page.locator('main');
		await logIn(page, 'redaktion@example.org', DEMO_PASSWORD);
		await main.getByRole('link', { name: 'API-Tokens verwalten' }).click();
		await main.getByRole('heading', { level: 1, name: 'API-Tokens' }).waitFor();
		await expectNoAxeViolations(page);
		await expectNoHorizontalScroll(page, 390);

		// The editor of Altengeseke is offered Altengeseke only, and roles up to editor.
		const place = main.getByRole('combobox', { name: 'Ort' });
		expect(await place.locator('option').allInnerTexts()).toEqual(['Altengeseke (Dorf) – Ihre Rolle: Redaktion']);
		expect(await main.getByRole('combobox', { name: 'Rolle' }).locator('option').allInnerTexts()).toEqual(['Mitglied', 'Moderation', 'Redaktion']);

		// An empty name: the error is next to the field and the summary leads there.
		await main.getByRole('button', { name: 'Token anlegen' }).click();
		await main.getByRole('alert').waitFor();
		expect(await page.locator('#f-tokenName-error').innerText()).toBe('Name des Tokens: Bitte ausfüllen.');
		await expectNoAxeViolations(page, '/account/tokens with errors');
		await expectErrorSummaryLinksReachFields(page);

		await main.getByRole('textbox', { name: 'Name des Tokens' }).fill('Website Heimatverein');
		await main.getByRole('combobox', { name: 'Rolle' }).selectOption('editor');
		await main.getByRole('spinbutton', { name: 'Gültigkeit in Tagen' }).fill('30');
		await main.getByRole('button', { name: 'Token anlegen' }).click();
		await main.getByRole('heading', { level: 2, name: 'Ihr neues Token „Website Heimatverein“' }).waitFor();
		const secret = await main.getByRole('textbox', { name: 'Token (geheim halten)' }).inputValue();
		expect(secret).toMatch(/^alm_[\w-]{43}$/);
		expect(await main.getByText('Es wird nicht noch einmal angezeigt').count()).toBe(1);
		await expectNoAxeViolations(page, '/account/tokens with a new token');
		await expectNoHorizontalScroll(page, 390);
		await screenshot(page, 'account-tokens-created-390');

		await main.getByRole('button', { name: 'Token kopieren' }).click();
		await main.getByRole('status').filter({ hasText: 'Das Token ist in der Zwischenablage.' }).waitFor();
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

		// It works on the API, and the page never shows the secret again.
		const api = await fetch(`${env.server.url}/api/v1/villages/altengeseke/app`, { headers: { authorization: `Bearer ${secret}` } });
		expect(api.status).toBe(200);
		await page.goto('/account/tokens');
		expect(await page.content()).not.toContain(secret);
		const card = main.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Website Heimatverein' }) });
		expect(await card.innerText()).toContain('gültig');

		// Revoking asks once, in words; the keyboard opens the question.
		await card.getByText('Token „Website Heimatverein“ widerrufen …').focus();
		await page.keyboard.press('Enter');
		await card.getByText('werden sofort abgewiesen. Das lässt sich nicht rückgängig machen.').waitFor();
		await expectNoAxeViolations(page, '/account/tokens revoke question');
		await card.getByRole('button', { name: 'Token „Website Heimatverein“ endgültig widerrufen' }).click();
		await main.getByRole('status').filter({ hasText: 'Das Token ist widerrufen.' }).waitFor();
		expect(await main.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Website Heimatverein' }) }).innerText()).toContain('widerrufen am');
		await expectNoAxeViolations(page, '/account/tokens after revoking');
		const refused = await fetch(`${env.server.url}/api/v1/villages/altengeseke/app`, { headers: { authorization: `Bearer ${secret}` } });
		expect(refused.status).toBe(401);
	});

	test('at 320 px and 1280 px, in German and English, the page fits and passes axe', async () => {
		for (const width of [320, 1280]) {
			const page = await openPage(env.browser, env.server.url, { width, height: 900 });
			const main = page.locator('main');
			await logIn(page, 'kreis@example.org', DEMO_PASSWORD);
			await page.goto('/account/tokens');
			// the county admin reaches every place: the county, each municipality with its villages
			expect(await main.getByRole('combobox', { name: 'Ort' }).locator('optgroup').count()).toBe(15);
			await main.getByRole('textbox', { name: 'Name des Tokens' }).fill('Import Kreisdaten');
			await main.getByRole('button', { name: 'Token anlegen' }).click();
			await main.getByRole('heading', { level: 2, name: 'Ihr neues Token „Import Kreisdaten“' }).waitFor();
			await expectNoHorizontalScroll(page, width);
			await expectNoAxeViolations(page, `/account/tokens at ${width} px`);
			await screenshot(page, `account-tokens-de-${width}`);
			await page.goto('/account/tokens');
			await page.getByRole('button', { name: 'English' }).click();
			await main.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
			await expectNoHorizontalScroll(page, width);
			await expectNoAxeViolations(page, `/account/tokens in English at ${width} px`);
			await screenshot(page, `account-tokens-en-${width}`);
		}
	});

	test('works without JavaScript: create and revoke are plain form posts', async () => {
		const page = await openPage(env.browser, env.server.url, { javaScript: false, width: 390, height: 844 });
		const main = page.locator('main');
		await page.goto('/login');
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('dorf2@example.org');
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(DEMO_PASSWORD);
		await main.getByRole('button', { name: 'Anmelden' }).click();
		await page.waitForURL('**/account', { timeout: 30_000 });
		await page.goto('/account/tokens');
		await expectNoAxeViolationsWithoutJavaScript(page);
		await main.getByRole('textbox', { name: 'Name des Tokens' }).fill('Ohne Skript');
		await main.getByRole('button', { name: 'Token anlegen' }).click();
		await main.getByRole('heading', { level: 2, name: 'Ihr neues Token „Ohne Skript“' }).waitFor();
		expect(await main.getByRole('textbox', { name: 'Token (geheim halten)' }).inputValue()).toMatch(/^alm_/);
		// no copy button without scripts: the field is there to select and copy
		expect(await main.getByRole('button', { name: 'Token kopieren' }).count()).toBe(0);
		await expectNoAxeViolationsWithoutJavaScript(page, '/account/tokens with a new token');
		await main.getByText('Token „Ohne Skript“ widerrufen …').click();
		await main.getByRole('button', { name: 'Token „Ohne Skript“ endgültig widerrufen' }).click();
		await main.getByRole('status').filter({ hasText: 'Das Token ist widerrufen.' }).waitFor();
		await expectNoAxeViolationsWithoutJavaScript(page, '/account/tokens after revoking');
	});
});

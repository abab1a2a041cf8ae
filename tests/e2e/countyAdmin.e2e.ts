// The county's administration in a browser (issue 11, findings 1–3 and the overview): the overview at /admin at
// 320, 390 and 1280 px with its "Dorf finden" box (typing, and a plain search without JavaScript); an empty name
// brings the person to the error (in view at 390 px, with and without JavaScript); the tenant page's colours with
// picker, preview and the contrast sentence; a logo over the limit refused with the size, before and after sending.
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectErrorSummaryLinksReachFields, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, expectNoHorizontalScroll, logIn, openPage, screenshot, useServerAndBrowser, waitForAccountPage } from './helpers.ts';
import type { Page } from 'playwright-core';

/** Logs in through the form without relying on scripts (for pages opened with JavaScript off). */
async function logInPlain(page: Page, email: string): Promise<void> {
	await page.goto('/login');
	const main = page.locator('main');
	await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(email);
	await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(DEMO_PASSWORD);
	await main.getByRole('button', { name: 'Anmelden' }).click();
	await waitForAccountPage(page);
}

/** true when the element is (at least partly) inside the viewport. */
const inView = (page: Page, selector: string) =>
	page.locator(selector).first().evaluate((el) => {
		const r = el.getBoundingClientRect();
		return r.bottom > 0 && r.top < window.innerHeight;
	});

describe("the county's administration", () => {
	const env = useServerAndBrowser();

	test('the overview: every village with its state, found by typing; no sideways scrolling at 320 px', async () => {
		for (const width of [1280, 390, 320]) {
			const page = await openPage(env.browser, env.server.url, { width, height: 900 });
			const main = page.locator('main');
			await logIn(page, 'kreis@example.org', DEMO_PASSWORD);
			await page.goto('/admin');
			await main.getByText('56 von 56 Dörfern').waitFor();
			await expectNoHorizontalScroll(page, width);
			if (width !== 320) await expectNoAxeViolations(page, `/admin at ${width} px`);
			await screenshot(page, `county-admin-${width}`);
			const card = main.locator('li.village', { has: page.getByRole('heading', { name: 'Altengeseke', exact: true }) });
			expect(await card.innerText()).toMatch(/Live: Version \d+ seit/);
			expect(await card.innerText()).toContain('1 Admin');
			expect(await card.getByRole('link', { name: 'Altengeseke: Dorf verwalten' }).getAttribute('href')).toBe('/altengeseke/admin');
			expect(await main.getByText('Kein Admin – bitte jemanden ernennen').count()).toBeGreaterThan(10);
			// typing filters at once
			await main.getByRole('searchbox', { name: 'Name des Dorfes oder der Kommune' }).pressSequentially('korbe');
			await main.getByText('1 von 56 Dörfern').waitFor();
			expect(await main.locator('li.village:visible').count()).toBe(1);
			expect(await main.locator('li.village:visible h4').innerText()).toBe('Körbecke');
			await expectNoHorizontalScroll(page, width);
			if (width === 390) await expectNoAxeViolations(page, '/admin filtered at 390 px');
			await page.context().close();
		}
	});

	test('without JavaScript the search is a plain GET', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, javaScript: false });
		const main = page.locator('main');
		await logInPlain(page, 'kreis@example.org');
		await page.goto('/admin');
		await main.getByRole('searchbox', { name: 'Name des Dorfes oder der Kommune' }).fill('Möhnesee');
		await main.getByRole('button', { name: 'Suchen' }).click();
		await page.waitForURL((url) => url.searchParams.get('q') === 'Möhnesee');
		expect(await main.getByText('4 von 56 Dörfern').count()).toBe(1);
		expect((await main.locator('li.village h4').allInnerTexts()).sort()).toEqual(['Delecke', 'Günne', 'Körbecke', 'Völlinghausen']);
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolationsWithoutJavaScript(page, '/admin?q=Möhnesee');
	});

	for (const javaScript of [true, false]) {
		test(`an empty or duplicate village name brings the person to the error at 390 px (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
			const page = await openPage(env.browser, env.server.url, { width: 390, height: 800, javaScript });
			const main = page.locator('main');
			if (javaScript) await logIn(page, 'kreis@example.org', DEMO_PASSWORD);
			else await logInPlain(page, 'kreis@example.org');
			await page.goto('/admin');
			const create = main.locator('details').filter({ has: page.locator('summary', { hasText: /^Dorf in Wickede \(Ruhr\) anlegen$/ }) });
			await create.locator('summary').click();
			await create.getByRole('button', { name: 'Dorf anlegen' }).click();
			await create.getByRole('alert').waitFor();
			expect(await create.getByRole('alert').innerText()).toContain('Name: ');
			expect(await inView(page, '[role="alert"]'), 'the error summary is in view').toBe(true);
			if (javaScript) {
				expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
				await expectNoAxeViolations(page, '/admin with an empty name');
			} else await expectNoAxeViolationsWithoutJavaScript(page, '/admin with an empty name');
			await expectErrorSummaryLinksReachFields(page, '/admin with an empty name');
			// the same name as a village of Wickede (Ruhr), other capitals and spaces
			await create.getByRole('textbox', { name: 'Name', exact: true }).fill('wie hagen');
			await create.getByRole('button', { name: 'Dorf anlegen' }).click();
			await expect.poll(() => create.getByRole('alert').innerText()).toContain('In Wickede (Ruhr) gibt es schon ein Dorf');
			expect(await inView(page, '[role="alert"]'), 'the error summary is in view').toBe(true);
			expect(await create.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('wie hagen');
			await expectNoHorizontalScroll(page, 390);
		});
	}

	test('colours on the tenant page: picker, preview and the contrast sentence before saving; a logo over the limit is refused at once', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
		const main = page.locator('main');
		await logIn(page, 'kreis@example.org', DEMO_PASSWORD);
		await page.goto('/admin?q=Delecke');
		await main.getByRole('link', { name: 'Delecke: Stammdaten und Farben (Kreis)' }).click();
		await page.waitForURL(/\/admin\/tenants\/[^/]+$/);
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Delecke (Dorf): Stammdaten und Farben (Kreis)');
		expect(await main.getByRole('link', { name: 'Dorf verwalten' }).getAttribute('href')).toBe('/delecke/admin');
		expect(await main.getByRole('link', { name: 'Zum App-Baukasten von Delecke' }).first().getAttribute('href')).toMatch(/^\/delecke\/builder/);
		await expectNoAxeViolations(page, '/admin/tenants/<delecke>');
		await expectNoHorizontalScroll(page, 390);
		const primary = main.getByRole('textbox', { name: 'Hauptfarbe', exact: true });
		expect(await main.getByLabel('Farbe wählen: Hauptfarbe').count()).toBe(1);
		await primary.fill('#ffff66');
		await expect.poll(() => main.getByText(/Ihre Hauptfarbe #ffff66 ist auf weißem Grund zu hell/).count()).toBe(1);
		await main.getByRole('button', { name: 'Speichern' }).first().click();
		await main.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
		expect(await main.getByRole('status').innerText()).toContain('die App verwendet dort eine angepasste Farbe');
		expect(await main.getByText(/Ihre Hauptfarbe #ffff66 ist auf weißem Grund zu hell/).count()).toBe(1);
		await expectNoAxeViolations(page, '/admin/tenants/<delecke> after saving a light colour');

		// a photo just over the upload limit: refused in the browser, before a long upload
		const logo = main.locator('section#logo');
		let posted = false;
		page.on('request', (r) => {
			if (r.method() === 'POST' && r.url().includes('uploadLogo')) posted = true;
		});
		await logo.getByLabel(/^Logo/).setInputFiles({ name: 'IMG_2048.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(10 * 1024 * 1024 + 1024, 0xff) }, { timeout: 60_000 });
		await logo.getByText('Logo: Die Datei ist zu groß (höchstens 10 MB).').waitFor();
		await logo.getByRole('button', { name: 'Logo hochladen' }).click();
		expect(posted, 'the file was not sent').toBe(false);
		expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');
		await expectNoAxeViolations(page, '/admin/tenants/<delecke> with a logo too large');
	});

	test('without JavaScript a logo over the body limit is answered at the field with the size', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 800, javaScript: false });
		const main = page.locator('main');
		await logInPlain(page, 'dorf1@example.org');
		await page.goto('/altengeseke/builder?tab=look');
		const logoForm = main.locator('form[action^="?/image&field=logo"]');
		await logoForm.locator('input[type="file"]').setInputFiles({ name: 'IMG_4096.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(12 * 1024 * 1024 + 64 * 1024, 0xff) }, { timeout: 60_000 });
		await logoForm.getByRole('button', { name: 'Hochladen', exact: true }).click({ timeout: 60_000 });
		await main.locator('#image-logo-error').filter({ hasText: 'Logo: Die Datei ist zu groß (höchstens 10 MB).' }).waitFor({ timeout: 60_000 });
		expect(await main.getByText('Bitte ausfüllen').count()).toBe(0);
		expect(await inView(page, '#image-logo-error'), 'the message is in view').toBe(true);
	});
});

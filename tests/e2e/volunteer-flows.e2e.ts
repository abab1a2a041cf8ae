// What volunteers do on a narrow phone (320 CSS pixels): a citizen resets a forgotten password, renames
// herself, changes the password and logs out; a village admin creates a club, uploads the village logo and
// finds both in the audit log. Every page state is checked with axe and for horizontal scrolling.
import sharp from 'sharp';
import type { Page, Response } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoHorizontalScroll, logIn, mailLink, openPage, useServerAndBrowser } from './helpers.ts';

const WIDTH = 320;

async function check(page: Page, label: string): Promise<void> {
	await expectNoHorizontalScroll(page, WIDTH);
	await expectNoAxeViolations(page, `${label} at ${WIDTH} px`);
}

/** The answer to the next form post (a native one: before any redirect is followed). */
function nextPost(page: Page): Promise<Response> {
	return page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest());
}

describe('volunteer flows at 320 px', () => {
	const env = useServerAndBrowser();

	test('a citizen resets her password from the mail, renames herself, changes the password and logs out', async () => {
		const email = 'buerger@example.org';
		const resetPassword = 'Der Kirschbaum blüht im April';
		const newPassword = 'Im Mai tanzen wir um den Baum';
		const newName = 'Dieter B. aus Altengeseke';
		const page = await openPage(env.browser, env.server.url, { width: WIDTH, height: 640 });
		const main = page.locator('main');

		// From the login page to "forgot password".
		await page.goto('/login');
		await main.getByRole('link', { name: 'Passwort vergessen?' }).click();
		await page.waitForURL((url) => url.pathname === '/reset');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Passwort zurücksetzen');
		await check(page, '/reset');
		// By keyboard: type the address, Tab to the button, Enter.
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(email);
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Link senden');
		await page.keyboard.press('Enter');
		await main.getByRole('status').filter({ hasText: 'Falls zu dieser Adresse ein Konto gehört, haben wir einen Link geschickt.' }).waitFor();
		await check(page, '/reset sent');

		// The link from the mail leads to the form for the new password.
		const link = await mailLink(page, email);
		expect(new URL(link).pathname).toMatch(/^\/reset\/[^/]+$/);
		const linkResponse = await page.goto(link);
		expect(linkResponse?.status()).toBe(200);
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Neues Passwort festlegen');
		await check(page, '/reset/<token>');
		// A too short password is refused, with the error at the field.
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill('kurz');
		await main.getByRole('button', { name: 'Passwort speichern' }).click();
		await main.getByRole('alert').waitFor();
		expect(await main.getByRole('alert').innerText()).toContain('Passwort');
		expect(await main.getByRole('textbox', { name: 'Passwort', exact: true }).getAttribute('aria-invalid')).toBe('true');
		await check(page, '/reset/<token> with an error');
		// A good one is saved: the server sends us to the login, which says so.
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(resetPassword);
		const resetPost = nextPost(page);
		await page.keyboard.press('Enter');
		const resetAnswer = await resetPost;
		expect(resetAnswer.status()).toBe(303);
		expect(resetAnswer.headers()['location']).toBe('/login?reset=1');
		await page.waitForURL((url) => url.pathname === '/login');
		expect(await main.getByRole('status').innerText()).toContain('Ihr Passwort ist geändert. Bitte melden Sie sich neu an.');
		await check(page, '/login after the reset');
		// The link is used up.
		await page.goto(link);
		expect(await main.getByRole('alert').innerText()).toContain('Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt.');
		await check(page, '/reset/<token> used');

		// The old password no longer works, the new one does (logIn checks the page with axe).
		await page.goto('/login');
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(email);
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(DEMO_PASSWORD);
		await page.keyboard.press('Enter');
		await main.getByRole('alert').filter({ hasText: 'E-Mail-Adresse oder Passwort stimmen nicht.' }).waitFor();
		await logIn(page, email, resetPassword);
		await check(page, '/account');

		// The profile: a new display name, saved with Enter in the field.
		const nameField = main.getByRole('textbox', { name: 'Name', exact: true });
		expect(await nameField.inputValue()).toBe('Dieter Bürger');
		await nameField.fill(newName);
		await nameField.press('Enter');
		await main.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
		await check(page, '/account after saving the profile');
		// It stays after a fresh load of the page.
		await page.goto('/account');
		expect(await nameField.inputValue()).toBe(newName);

		// The password form: a wrong current password is refused, the right one changes it.
		const pwForm = main.locator('form[action="?/password"]');
		await pwForm.getByRole('textbox', { name: 'Aktuelles Passwort', exact: true }).fill('nicht das Passwort');
		await pwForm.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill(newPassword);
		await pwForm.getByRole('button', { name: 'Passwort ändern' }).click();
		await page.locator('#pw-current-error').waitFor();
		expect(await page.locator('#pw-current-error').innerText()).toBe('Aktuelles Passwort: Das Passwort stimmt nicht.');
		await check(page, '/account with a password error');
		await pwForm.getByRole('textbox', { name: 'Aktuelles Passwort', exact: true }).fill(resetPassword);
		await pwForm.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill(newPassword);
		await pwForm.getByRole('textbox', { name: 'Neues Passwort', exact: true }).press('Enter');
		await main.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
		expect(await page.locator('#pw-current-error').count()).toBe(0);
		await check(page, '/account after changing the password');

		// Log out from the header: the server answers with a redirect home, and the account is closed to us.
		const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
		const logoutPost = nextPost(page);
		await nav.getByRole('button', { name: 'Abmelden' }).click();
		const logoutAnswer = await logoutPost;
		expect(logoutAnswer.status()).toBe(303);
		expect(logoutAnswer.headers()['location']).toBe('/');
		await page.waitForURL((url) => url.pathname === '/');
		expect(await nav.getByRole('link', { name: 'Anmelden' }).count()).toBe(1);
		expect(await nav.getByRole('button', { name: 'Abmelden' }).count()).toBe(0);
		await check(page, '/ after logging out');
		await page.goto('/account');
		expect(new URL(page.url()).pathname).toBe('/login');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Anmelden');

		// The reset password is gone; the changed one opens the account with the new name.
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(email);
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(resetPassword);
		await page.keyboard.press('Enter');
		await main.getByRole('alert').filter({ hasText: 'E-Mail-Adresse oder Passwort stimmen nicht.' }).waitFor();
		await logIn(page, email, newPassword);
		expect(await nameField.inputValue()).toBe(newName);
		expect(await main.getByText(`E-Mail-Adresse: ${email}`).count()).toBe(1);
	});

	test('a village admin creates a club, uploads the logo and finds both in the audit log', async () => {
		const club = 'Lauftreff Altengeseke';
		const page = await openPage(env.browser, env.server.url, { width: WIDTH, height: 640 });
		const main = page.locator('main');
		await logIn(page, 'dorf1@example.org', DEMO_PASSWORD);

		// The village administration, from the account page.
		await main.getByRole('listitem').filter({ hasText: 'Altengeseke' }).getByRole('link', { name: 'Dorf verwalten' }).click();
		await page.waitForURL((url) => url.pathname === '/altengeseke/admin');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Altengeseke verwalten');
		await check(page, '/altengeseke/admin');

		// A new club on the clubs' page, sent with Enter from its name field.
		await page.getByRole('navigation', { name: 'Bereiche der Dorfverwaltung' }).getByRole('link', { name: 'Vereine' }).click();
		await page.waitForURL((url) => url.pathname === '/altengeseke/admin/clubs');
		await check(page, '/altengeseke/admin/clubs');
		const create = main.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Verein anlegen' }) });
		expect(await main.getByRole('heading', { level: 2, name: club }).count()).toBe(0);
		await create.getByRole('textbox', { name: 'Beschreibung', exact: true }).fill('Dienstags um 18 Uhr an der Kirche.');
		await create.getByRole('textbox', { name: 'Name des Vereins', exact: true }).fill(club);
		await create.getByRole('textbox', { name: 'Name des Vereins', exact: true }).press('Enter');
		await main.getByRole('status').filter({ hasText: 'Verein angelegt.' }).waitFor();
		const card = main.locator('article', { has: page.getByRole('heading', { level: 2, name: club }) });
		await card.waitFor();
		expect(await card.innerText()).toContain('Mitglieder: 0');
		await check(page, '/altengeseke/admin/clubs after creating a club');
		// Still there after a fresh load (which posts nothing again: the address is the clubs' page).
		expect(new URL(page.url()).pathname).toBe('/altengeseke/admin/clubs');
		await page.reload();
		expect(await main.getByRole('heading', { level: 2, name: club }).count()).toBe(1);

		// The village's own page in the administration, from the overview.
		await page.goto('/admin');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Verwaltung');
		await check(page, '/admin');
		await main.getByRole('link', { name: 'Altengeseke: Stammdaten und Farben (Dorf)' }).click();
		await page.waitForURL(/\/admin\/tenants\/[^/]+$/);
		const tenantPath = new URL(page.url()).pathname;
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toContain('Altengeseke');
		await check(page, '/admin/tenants/<altengeseke>');

		// A logo: a small PNG made here, chosen in the file field and uploaded.
		const png = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 30, g: 110, b: 60, alpha: 1 } } }).png().toBuffer();
		const logo = main.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Logo' }) });
		expect(await logo.getByRole('img', { name: 'Aktuelles Logo' }).count()).toBe(0);
		await logo.getByLabel(/^Logo/).setInputFiles({ name: 'wappen.png', mimeType: 'image/png', buffer: png });
		const uploadPost = nextPost(page);
		await logo.getByRole('button', { name: 'Logo hochladen' }).click();
		expect((await uploadPost).status()).toBeLessThan(400);
		await main.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
		expect(new URL(page.url()).pathname).toBe(tenantPath);
		const current = logo.getByRole('img', { name: 'Aktuelles Logo' });
		await current.waitFor();
		const logoUrl = await current.getAttribute('src');
		expect(logoUrl).toBeTruthy();
		await check(page, '/admin/tenants/<altengeseke> with a logo');

		// The village app shows it in its header, loaded (not a broken image).
		const appResponse = await page.goto('/altengeseke/');
		expect(appResponse?.status()).toBe(200);
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Altengeseke');
		const headerLogo = page.locator('header.app-header a.brand img');
		expect(await headerLogo.getAttribute('src')).toBe(logoUrl);
		await expect.poll(() => headerLogo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
		const logoResponse = await page.request.get(logoUrl!);
		expect(logoResponse.status()).toBe(200);
		expect(logoResponse.headers()['content-type']).toMatch(/^image\//);
		await check(page, '/altengeseke/ with a logo');

		// The audit log says, in words, who did what where.
		await page.goto('/admin');
		await main.getByRole('link', { name: 'Protokoll' }).click();
		await page.waitForURL((url) => url.pathname === '/admin/audit');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Protokoll');
		await check(page, '/admin/audit');
		const created = main.getByRole('listitem').filter({ hasText: `Anna Altengeseke hat den Verein ‚${club}‘ angelegt` });
		expect(await created.count()).toBe(1);
		expect(await created.innerText()).toContain('in Altengeseke');
		const logoEntry = main.getByRole('listitem').filter({ hasText: /^Anna Altengeseke hat ein neues Logo hochgeladen \(\d+(,\d)? KB\)/ });
		expect(await logoEntry.count()).toBe(1);
		// the action's code and ids only behind "Details"
		expect(await created.locator('p').first().innerText()).not.toContain('club.create');
		await created.getByText('Details').click();
		expect(await created.getByRole('definition').first().innerText()).toBe('club.create');
	});
});

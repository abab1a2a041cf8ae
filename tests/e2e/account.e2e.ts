// The life of an account in the browser: form errors, register, verify, log in, export, delete.
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { expectErrorSummaryLinksReachFields, expectNoAxeViolations, logIn, openPage, register, useServerAndBrowser, verifyFromMailbox } from './helpers.ts';

describe('account', () => {
	const env = useServerAndBrowser();

	test('registering with an invalid e-mail address shows an error next to the field that names it', async () => {
		const page = await openPage(env.browser, env.server.url);
		await page.goto('/register');
		await expectNoAxeViolations(page);
		const main = page.locator('main');
		await main.getByRole('textbox', { name: 'Name', exact: true }).fill('Erika Beispiel');
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('erika-at-example');
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill('ein langes gutes Passwort');
		await main.getByRole('button', { name: 'Konto anlegen' }).click();

		const fieldError = page.locator('#f-email-error');
		await fieldError.waitFor();
		expect(await fieldError.innerText()).toBe('E-Mail-Adresse: Bitte eine gültige E-Mail-Adresse eingeben, z. B. name@example.org.');
		expect(await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).getAttribute('aria-invalid')).toBe('true');
		expect(await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).getAttribute('aria-describedby')).toContain('f-email-error');
		expect(await main.getByRole('alert').innerText()).toContain('E-Mail-Adresse: Bitte eine gültige E-Mail-Adresse eingeben');
		// What was typed stays, except the password.
		expect(await main.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('Erika Beispiel');
		expect(await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).inputValue()).toBe('erika-at-example');
		await expectNoAxeViolations(page, '/register with errors');
		// The error summary leads to the field: follow its link with the keyboard.
		await expectErrorSummaryLinksReachFields(page);
		await main.getByRole('alert').getByRole('link').focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 5000 }).toBe('f-email');
	});

	test('a wrong password shows the error message and no server error', async () => {
		const page = await openPage(env.browser, env.server.url);
		await page.goto('/login');
		await expectNoAxeViolations(page);
		const main = page.locator('main');
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('dorf1@example.org');
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill('not-the-password');
		await main.getByRole('button', { name: 'Anmelden' }).click();

		await main.getByRole('alert').waitFor();
		expect(await main.getByRole('alert').innerText()).toContain('E-Mail-Adresse oder Passwort stimmen nicht.');
		expect(new URL(page.url()).pathname).toBe('/login');
		expect(await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).inputValue()).toBe('dorf1@example.org');
		await expectNoAxeViolations(page, '/login with error');
		// closeContexts (afterEach) fails the test if any response was a 5xx.
	});

	test('an invalid verification link says so and offers a new one', async () => {
		const page = await openPage(env.browser, env.server.url);
		const main = page.locator('main');
		const response = await page.goto('/verify?token=kein-echter-link');
		expect(response?.status()).toBeLessThan(500);
		expect(await main.getByRole('alert').innerText()).toContain('Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt.');
		expect(await main.getByRole('button', { name: 'Bestätigungslink erneut senden' }).count()).toBe(1);
		await expectNoAxeViolations(page, '/verify with an invalid token');
	});

	test('register, verify, log in, export the data and delete the account', async () => {
		const account = { name: 'Erika Mustermann', email: 'erika@example.net', password: 'Sonnenblumen am Feldrand' };
		const page = await openPage(env.browser, env.server.url);
		const main = page.locator('main');

		await register(page, account);

		// Logging in before the address is confirmed is refused, with a way to get a new link.
		await page.goto('/login');
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(account.email);
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(account.password);
		await main.getByRole('button', { name: 'Anmelden' }).click();
		await main.getByRole('alert').waitFor();
		expect(await main.getByRole('alert').innerText()).toContain('Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse');
		await expectNoAxeViolations(page, '/login unverified');
		await main.getByRole('button', { name: 'Bestätigungslink erneut senden' }).click();
		await page.waitForURL((url) => url.pathname === '/verify');
		expect(await main.getByRole('status').innerText()).toContain('ist ein neuer Link unterwegs');
		await expectNoAxeViolations(page, '/verify after resending');

		await verifyFromMailbox(page, account.email);
		await logIn(page, account.email, account.password);
		expect(await main.getByText(`E-Mail-Adresse: ${account.email}`).count()).toBe(1);
		expect(await main.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(account.name);

		// Export: a JSON download with the account in it.
		const [download] = await Promise.all([page.waitForEvent('download'), main.getByRole('link', { name: 'Meine Daten herunterladen' }).click()]);
		expect(download.suggestedFilename()).toMatch(/^allmende-export-\d{4}-\d{2}-\d{2}\.json$/);
		const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
		expect(exported.format).toBe('allmende-account-export/1');
		expect(exported.account.email).toBe(account.email);
		expect(exported.account.displayName).toBe(account.name);
		expect(JSON.stringify(exported)).not.toContain(account.password);

		// Delete: the confirmation is required, and the current password must be right.
		const deleteForm = main.locator('form[action="?/delete"]');
		await deleteForm.getByRole('textbox', { name: 'Aktuelles Passwort', exact: true }).fill(account.password);
		await deleteForm.getByRole('button', { name: 'Konto löschen' }).click();
		await page.locator('#del-confirm-error').waitFor();
		expect(await page.locator('#del-confirm-error').innerText()).toContain('Bitte bestätigen Sie, dass das Konto gelöscht werden soll.');
		await expectNoAxeViolations(page, '/account with delete errors');
		await expectErrorSummaryLinksReachFields(page, '/account, delete without confirmation');

		await deleteForm.getByRole('textbox', { name: 'Aktuelles Passwort', exact: true }).fill('falsches Passwort hier');
		await deleteForm.getByRole('checkbox', { name: 'Ja, mein Konto endgültig löschen' }).check();
		await deleteForm.getByRole('button', { name: 'Konto löschen' }).click();
		await page.locator('#del-password-error').waitFor();
		expect(await page.locator('#del-password-error').innerText()).toBe('Aktuelles Passwort: Das Passwort stimmt nicht.');
		await expectErrorSummaryLinksReachFields(page, '/account, delete with a wrong password');

		await deleteForm.getByRole('textbox', { name: 'Aktuelles Passwort', exact: true }).fill(account.password);
		await deleteForm.getByRole('checkbox', { name: 'Ja, mein Konto endgültig löschen' }).check();
		await deleteForm.getByRole('button', { name: 'Konto löschen' }).click();
		await page.waitForURL((url) => url.pathname === '/');
		await expectNoAxeViolations(page, '/ after deleting the account');
		// Logged out: the header offers to log in, and the account page sends us to the login.
		const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
		expect(await nav.getByRole('link', { name: 'Anmelden' }).count()).toBe(1);
		expect(await nav.getByRole('link', { name: 'Mein Konto' }).count()).toBe(0);
		await page.goto('/account');
		expect(new URL(page.url()).pathname).toBe('/login');
		await expectNoAxeViolations(page, '/login (redirected from /account)');

		// The old credentials no longer work.
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(account.email);
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(account.password);
		await main.getByRole('button', { name: 'Anmelden' }).click();
		await main.getByRole('alert').waitFor();
		expect(await main.getByRole('alert').innerText()).toContain('E-Mail-Adresse oder Passwort stimmen nicht.');
		expect(new URL(page.url()).pathname).toBe('/login');
		await expectNoAxeViolations(page, '/login after deleting the account');
	});
});

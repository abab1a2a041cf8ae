// The village admins' home on a phone (390 px): a neighbour asks to become a member through the village's join
// link, the admin approves on the Mitglieder page and later makes her an editor (she gets a mail saying what she can
// now do); every section is reached with the keyboard alone; every section page passes axe and does not scroll
// sideways at 320 px.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, expectErrorSummaryLinksReachFields, expectNoAxeViolations, expectNoHorizontalScroll, logIn, mailLink, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

const PHONE = { width: 390, height: 800 };
const SECTIONS = [
	{ name: 'Überblick', path: '/altengeseke/admin', heading: 'Altengeseke verwalten' },
	{ name: 'Mitglieder', path: '/altengeseke/admin/members', heading: 'Mitglieder' },
	{ name: 'Vereine', path: '/altengeseke/admin/clubs', heading: 'Vereine' },
	{ name: 'Verlauf', path: '/altengeseke/admin/history', heading: 'Verlauf' }
];

const sectionNav = (page: Page) => page.getByRole('navigation', { name: 'Bereiche der Dorfverwaltung' });

describe('the village admins’ home', () => {
	const env = useServerAndBrowser();
	const nina = { name: 'Nina Nachbar', email: 'nina.nachbar@example.net', password: 'Ich wohne gleich nebenan' };

	test('a neighbour asks to join through the join link; the admin approves; she is a member', async () => {
		const admin = await openPage(env.browser, env.server.url, PHONE);
		const adminMain = admin.locator('main');
		await logIn(admin, 'dorf1@example.org', DEMO_PASSWORD);
		await admin.goto('/altengeseke/admin');
		await sectionNav(admin).getByRole('link', { name: 'Mitglieder' }).click();
		await admin.waitForURL((url) => url.pathname === '/altengeseke/admin/members');
		expect(await sectionNav(admin).getByRole('link', { name: 'Mitglieder' }).getAttribute('aria-current')).toBe('page');
		// the join link to share, with its QR code to print
		const share = adminMain.locator('section', { has: admin.getByRole('heading', { level: 2, name: 'Mitglied werden: Link und QR-Code' }) });
		const joinLink = await share.getByRole('link').first().getAttribute('href');
		expect(new URL(joinLink!).pathname).toBe('/altengeseke/join');
		expect(await share.getByRole('img', { name: /^QR-Code mit dem Link .*altengeseke\/join$/ }).count()).toBe(1);
		await expectNoAxeViolations(admin, '/altengeseke/admin/members');

		// Nina has no account yet: she opens the link, registers from there and comes back to ask.
		const nachbar = await openPage(env.browser, env.server.url, PHONE);
		const main = nachbar.locator('main');
		await nachbar.goto(new URL(joinLink!).pathname);
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Mitglied werden in Altengeseke');
		await expectNoAxeViolations(nachbar, '/altengeseke/join signed out');
		await expectNoHorizontalScroll(nachbar, 390);
		await main.getByRole('link', { name: 'Registrieren' }).click();
		await nachbar.waitForURL((url) => url.pathname === '/register' && url.searchParams.get('next') === '/altengeseke/join');
		await main.getByRole('textbox', { name: 'Name', exact: true }).fill(nina.name);
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(nina.email);
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(nina.password);
		await main.getByRole('button', { name: 'Konto anlegen' }).click();
		await main.getByRole('status').filter({ hasText: `Wir haben eine E-Mail an ${nina.email} geschickt` }).waitFor();
		await nachbar.goto(await mailLink(nachbar, nina.email, 'Bitte bestätigen Sie Ihre E-Mail-Adresse'));
		await main.getByRole('status').filter({ hasText: 'Ihre E-Mail-Adresse ist bestätigt' }).waitFor();
		await main.getByRole('link', { name: 'Anmelden' }).click();
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(nina.email);
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(nina.password);
		await main.getByRole('button', { name: 'Anmelden' }).click();
		await nachbar.waitForURL((url) => url.pathname === '/altengeseke/join');

		// A message over the limit is refused with an error naming the field; what was typed stays.
		const message = main.getByRole('textbox', { name: 'Nachricht an die Admins' });
		await message.fill('x'.repeat(501));
		await main.getByRole('button', { name: 'Anfrage senden' }).click();
		await main.getByRole('alert').waitFor();
		expect(await main.getByRole('alert').innerText()).toContain('Nachricht an die Admins');
		await expectErrorSummaryLinksReachFields(nachbar, '/altengeseke/join with an error');
		expect(await message.inputValue()).toHaveLength(501);
		await message.fill('Ich wohne am Kirchweg 3 und helfe gern beim Dorffest.');
		await main.getByRole('button', { name: 'Anfrage senden' }).click();
		await main.getByRole('status').filter({ hasText: 'Ihre Anfrage ist angekommen.' }).waitFor();
		// Post/Redirect/Get: no "?/…" in the address, and a reload asks nothing twice
		expect(new URL(nachbar.url()).search).toBe('?saved=requested');
		await expectNoAxeViolations(nachbar, '/altengeseke/join after asking');
		await screenshot(nachbar, 'village-join-asked-390');
		await nachbar.reload();
		expect(await main.getByRole('button', { name: 'Anfrage senden' }).count()).toBe(0);
		await nachbar.goto('/altengeseke/join');
		await main.getByRole('status').filter({ hasText: 'Sie haben schon gefragt.' }).waitFor();

		// The admin sees the request (on the overview too) and approves it.
		await admin.goto('/altengeseke/admin');
		await adminMain.getByRole('link', { name: 'Offene Anfragen „Mitglied werden“: 1' }).click();
		await admin.waitForURL((url) => url.pathname === '/altengeseke/admin/members');
		const requests = adminMain.getByRole('list', { name: 'Anfragen „Mitglied werden“' });
		const request = requests.getByRole('listitem').filter({ hasText: nina.email });
		expect(await request.innerText()).toContain('Ich wohne am Kirchweg 3');
		await expectNoAxeViolations(admin, '/altengeseke/admin/members with a request');
		await screenshot(admin, 'village-admin-members-request-390');
		await request.getByRole('button', { name: `Aufnehmen – ${nina.name}` }).click();
		await adminMain.getByRole('status').filter({ hasText: 'Anfrage angenommen' }).waitFor();
		expect(new URL(admin.url()).search).toBe('?saved=approved');
		expect(await adminMain.getByText('Keine offenen Anfragen.').count()).toBe(1);
		const ninaCard = adminMain.getByRole('list', { name: 'Mitglieder und Rollen' }).getByRole('listitem').filter({ hasText: nina.email });
		expect(await ninaCard.getByRole('combobox', { name: `Rolle von ${nina.name}` }).inputValue()).toBe('member');

		// Nina is told by mail and is a member now.
		expect(new URL(await mailLink(nachbar, nina.email, 'Willkommen in Altengeseke')).pathname).toBe('/altengeseke/');
		await nachbar.goto('/altengeseke/join');
		await main.getByRole('status').filter({ hasText: 'Sie sind schon Mitglied in Altengeseke.' }).waitFor();

		// The admin makes her an editor; she gets a mail saying what she can now do, and where.
		await ninaCard.getByRole('combobox', { name: `Rolle von ${nina.name}` }).selectOption('editor');
		await ninaCard.getByRole('button', { name: `Rolle ändern – ${nina.name}` }).click();
		await adminMain.getByRole('status').filter({ hasText: 'Rolle geändert.' }).waitFor();
		expect(await ninaCard.getByRole('combobox', { name: `Rolle von ${nina.name}` }).inputValue()).toBe('editor');
		expect(new URL(await mailLink(nachbar, nina.email, 'Sie sind jetzt Redaktion in Altengeseke')).pathname).toBe('/altengeseke/');
		expect(await nachbar.locator('article.mail', { hasText: 'Sie sind jetzt Redaktion in Altengeseke' }).first().innerText()).toContain('Projekte im Projektpool anlegen und pflegen');

		// The history records it, newest first.
		await sectionNav(admin).getByRole('link', { name: 'Verlauf' }).click();
		await admin.waitForURL((url) => url.pathname === '/altengeseke/admin/history');
		const history = await adminMain.innerText();
		expect(history).toContain('Nina Nachbar möchte Mitglied werden');
		expect(history).toContain('Anna Altengeseke hat Nina Nachbar als Mitglied aufgenommen');
		expect(history).toContain('Anna Altengeseke hat Nina Nachbar die Rolle ‚Redaktion‘ gegeben');
		// newest first
		expect(history.indexOf('die Rolle ‚Redaktion‘ gegeben')).toBeLessThan(history.indexOf('als Mitglied aufgenommen'));
	});

	test('every section is reached with the keyboard alone, through the section navigation', async () => {
		const page = await openPage(env.browser, env.server.url, PHONE);
		await logIn(page, 'dorf1@example.org', DEMO_PASSWORD);
		await page.goto('/altengeseke/admin');
		for (const section of [...SECTIONS.slice(1), SECTIONS[0]!]) {
			// Tab from the top of the page until the section's link has the focus, then Enter
			await page.locator('body').focus();
			let reached = false;
			for (let i = 0; i < 40 && !reached; i++) {
				await page.keyboard.press('Tab');
				reached = await page.evaluate((name) => {
					const el = document.activeElement;
					return !!el && el.closest('nav[aria-label="Bereiche der Dorfverwaltung"]') !== null && el.textContent?.trim() === name;
				}, section.name);
			}
			expect(reached, `Tab reaches "${section.name}" in the section navigation`).toBe(true);
			await page.keyboard.press('Enter');
			await page.waitForURL((url) => url.pathname === section.path);
			expect(await page.locator('main').getByRole('heading', { level: 1 }).innerText()).toBe(section.heading);
			expect(await sectionNav(page).getByRole('link', { name: section.name, exact: true }).getAttribute('aria-current')).toBe('page');
		}
		// the App section leads to the builder
		expect(await sectionNav(page).getByRole('link', { name: 'App', exact: true }).getAttribute('href')).toBe('/altengeseke/builder');
	});

	test('every section page passes axe and does not scroll sideways at 320 px, German and English', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 320, height: 640 });
		await logIn(page, 'dorf1@example.org', DEMO_PASSWORD);
		for (const section of SECTIONS) {
			await page.goto(section.path);
			await expectNoHorizontalScroll(page, 320);
			await expectNoAxeViolations(page, `${section.path} at 320 px`);
			await screenshot(page, `village-admin-${section.path.split('/').pop()}-320`);
		}
		await page.goto('/altengeseke/join');
		await expectNoHorizontalScroll(page, 320);
		await expectNoAxeViolations(page, '/altengeseke/join as an admin at 320 px');
		// English
		await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: env.server.url }]);
		for (const section of SECTIONS) {
			await page.goto(section.path);
			await page.getByRole('navigation', { name: 'Sections of the village administration' }).waitFor();
			await expectNoHorizontalScroll(page, 320);
			await expectNoAxeViolations(page, `${section.path} in English at 320 px`);
			await screenshot(page, `village-admin-${section.path.split('/').pop()}-en-320`);
		}
	});
});

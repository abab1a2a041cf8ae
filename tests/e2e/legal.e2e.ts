// The legal pages in a browser, at 390 px in German and at 1280 px in English: the footers of the platform and of
// a village app lead to Impressum, Datenschutz and Barrierefreiheit; a village admin enters the village's contact
// data and writes its own Impressum (a script in it is dropped); a visitor without an account reports a barrier
// (a first try without a description is refused at its field) and the county's admin finds it in the
// notifications. axe on every page state; no sideways scrolling, also at 320 px.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectErrorSummaryLinksReachFields, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, useServerAndBrowser } from './helpers.ts';

const TEXT = {
	de: {
		legalNav: 'Rechtliches',
		links: [['Impressum', 'Impressum'], ['Datenschutz', 'Datenschutzerklärung'], ['Barrierefreiheit', 'Erklärung zur Barrierefreiheit']],
		settings: 'Einstellungen',
		contact: 'Kontakt für Impressum und Datenschutz',
		body: 'Verantwortliche Stelle (z. B. Verein oder Ortsausschuss)',
		address: 'Postanschrift',
		save: 'Speichern',
		contactSaved: 'Die Kontaktdaten sind gespeichert.',
		// the link's text and, for screen readers, the page it edits
		edit: /^Text bearbeiten\W+Impressum$/,
		editHeading: 'Impressum bearbeiten',
		text: 'Text',
		textSaved: 'Der Text ist gespeichert.',
		view: 'Seite ansehen',
		reset: 'Standardtext wieder verwenden',
		resetDone: 'Die Seite zeigt wieder den Standardtext.',
		formHeading: 'Barriere melden',
		page: 'Seite (Adresse oder Name der Seite)',
		description: 'Beschreibung',
		reply: 'E-Mail-Adresse für eine Antwort',
		send: 'Meldung senden',
		thanks: 'Danke für Ihre Meldung'
	},
	en: {
		legalNav: 'Legal',
		links: [['Legal notice', 'Legal notice (Impressum)'], ['Privacy', 'Privacy policy'], ['Accessibility', 'Accessibility statement']],
		settings: 'Settings',
		contact: 'Contact for the legal notice and privacy policy',
		body: 'Responsible body (e.g. association or village committee)',
		address: 'Postal address',
		save: 'Save',
		contactSaved: 'The contact details are saved.',
		edit: /^Edit text\W+Legal notice \(Impressum\)$/,
		editHeading: 'Edit Legal notice (Impressum)',
		text: 'Text',
		textSaved: 'The text is saved.',
		view: 'View page',
		reset: 'Use the default text again',
		resetDone: 'The page shows the default text again.',
		formHeading: 'Report a barrier',
		page: 'Page (address or name of the page)',
		description: 'Description',
		reply: 'E-mail address for a reply',
		send: 'Send report',
		thanks: 'Thank you for your report'
	}
} as const;

async function inLanguage(page: Page, locale: 'de' | 'en') {
	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url() === 'about:blank' ? 'http://localhost/' : page.url()).origin }]);
}

/** Follows each link of the footer's legal navigation from `start` and checks the page it reaches. */
async function footerLinksReachThePages(page: Page, start: string, prefix: string, t: (typeof TEXT)['de' | 'en'], width: number) {
	for (const [link, heading] of t.links) {
		await page.goto(start);
		await page.locator('footer').getByRole('navigation', { name: t.legalNav }).getByRole('link', { name: link, exact: true }).click();
		await page.locator('main').getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
		expect(new URL(page.url()).pathname.startsWith(`${prefix}/`)).toBe(true);
		await expectNoHorizontalScroll(page, width);
		await expectNoAxeViolations(page, `${new URL(page.url()).pathname} at ${width} px`);
	}
}

describe('legal pages', () => {
	const env = useServerAndBrowser();

	test.each([
		{ locale: 'de' as const, width: 390, height: 800 },
		{ locale: 'en' as const, width: 1280, height: 900 }
	])('$locale at $width px: footers, the village Impressum, a barrier report the county sees', async ({ locale, width, height }) => {
		const t = TEXT[locale];
		const url = env.server.url;

		// a visitor: the platform's footer and the village app's footer reach the legal pages
		const visitor = await openPage(env.browser, url, { width, height });
		await visitor.goto('/');
		await inLanguage(visitor, locale);
		await footerLinksReachThePages(visitor, '/', '', t, width);
		await footerLinksReachThePages(visitor, '/altengeseke/', '/altengeseke', t, width);
		// the developer mailbox is not linked in a public footer
		expect(await visitor.locator('footer a[href="/dev/mailbox"]').count()).toBe(0);

		// the village admin enters contact data and writes an own Impressum
		const admin = await openPage(env.browser, url, { width, height });
		await logIn(admin, 'dorf1@example.org', DEMO_PASSWORD);
		await inLanguage(admin, locale);
		await admin.goto('/altengeseke/admin/settings');
		const main = admin.locator('main');
		await main.getByRole('heading', { level: 1, name: t.settings }).waitFor();
		await expectNoHorizontalScroll(admin, width);
		await expectNoAxeViolations(admin, `settings at ${width} px`);
		const contact = main.getByRole('region', { name: t.contact });
		await contact.getByRole('textbox', { name: t.body }).fill(`Dorfgemeinschaft Altengeseke ${locale}`);
		await contact.getByRole('textbox', { name: t.address }).fill('Kirchstraße 1\n59609 Anröchte');
		await contact.getByRole('button', { name: t.save }).click();
		await main.getByRole('status').filter({ hasText: t.contactSaved }).waitFor();
		expect(new URL(admin.url()).search).toBe('?saved=contact');
		await main.getByRole('link', { name: t.edit }).click();
		await main.getByRole('heading', { level: 1, name: t.editHeading }).waitFor();
		const textarea = main.getByRole('textbox', { name: t.text });
		// the default to start from already names what was just entered
		expect(await textarea.inputValue()).toContain(`Dorfgemeinschaft Altengeseke ${locale}`);
		await expectNoHorizontalScroll(admin, width);
		await expectNoAxeViolations(admin, `the Impressum editor at ${width} px`);
		await textarea.fill(`# Unser Impressum ${locale}\n\nDorfgemeinschaft Altengeseke\n\n<script>window.hacked = 1</script>`);
		await main.getByRole('button', { name: t.save, exact: true }).click();
		await main.getByRole('status').filter({ hasText: t.textSaved }).waitFor();
		await main.getByRole('status').getByRole('link', { name: t.view }).click();
		await main.getByRole('heading', { level: 2, name: `Unser Impressum ${locale}` }).waitFor();
		expect(await admin.evaluate(() => (window as { hacked?: number }).hacked)).toBeUndefined();
		expect(await main.locator('script').count()).toBe(0);
		await expectNoAxeViolations(admin, `the own Impressum at ${width} px`);
		// the visitor sees it too
		await visitor.goto('/altengeseke/impressum');
		await visitor.locator('main').getByRole('heading', { level: 2, name: `Unser Impressum ${locale}` }).waitFor();
		// and the admin goes back to the default (which follows the contact data again)
		await admin.goto('/altengeseke/admin/settings/impressum');
		await main.getByRole('button', { name: t.reset }).click();
		await main.getByRole('status').filter({ hasText: t.resetDone }).waitFor();
		expect(await main.getByRole('textbox', { name: t.text }).inputValue()).toContain(`Dorfgemeinschaft Altengeseke ${locale}`);
		await expectNoAxeViolations(admin, `the Impressum editor after a reset at ${width} px`);

		// the visitor reports a barrier: first without a description (refused at the field, the page address stays)
		await visitor.goto('/altengeseke/barrierefreiheit?page=/altengeseke/news');
		const form = visitor.locator('main').getByRole('region', { name: t.formHeading });
		expect(await form.getByRole('textbox', { name: t.page }).inputValue()).toBe('/altengeseke/news');
		await form.getByRole('button', { name: t.send }).click();
		await visitor.locator('main').getByRole('alert').waitFor();
		expect(await form.getByRole('textbox', { name: t.description }).getAttribute('aria-invalid')).toBe('true');
		expect(await form.getByRole('textbox', { name: t.page }).inputValue()).toBe('/altengeseke/news');
		await expectErrorSummaryLinksReachFields(visitor);
		await expectNoAxeViolations(visitor, `the barrier form with an error at ${width} px`);
		const description = `Der Knopf „Mehr“ ist nicht erreichbar (${locale}, ${width} px).`;
		await form.getByRole('textbox', { name: t.description }).fill(description);
		await form.getByRole('textbox', { name: t.reply, exact: false }).fill('leserin@example.org');
		await form.getByRole('button', { name: t.send }).click();
		await visitor.locator('main').getByRole('heading', { level: 1, name: t.thanks }).waitFor();
		expect(new URL(visitor.url()).search).toBe('?sent=1');
		await expectNoHorizontalScroll(visitor, width);
		await expectNoAxeViolations(visitor, `the thank-you at ${width} px`);

		// the county's admin finds it among the notifications
		const county = await openPage(env.browser, url, { width, height });
		await logIn(county, 'kreis@example.org', DEMO_PASSWORD);
		await inLanguage(county, locale);
		await county.goto('/account/notifications');
		await county.locator('main').getByText(description, { exact: false }).first().waitFor();
		await expectNoAxeViolations(county, `the county's notifications at ${width} px`);
	});

	test('the legal pages, the settings and the editor fit a 320 px screen', async () => {
		const admin = await openPage(env.browser, env.server.url, { width: 320, height: 640 });
		await logIn(admin, 'dorf1@example.org', DEMO_PASSWORD);
		for (const path of ['/impressum', '/datenschutz', '/barrierefreiheit', '/altengeseke/impressum', '/altengeseke/datenschutz', '/altengeseke/barrierefreiheit', '/altengeseke/admin/settings', '/altengeseke/admin/settings/datenschutz']) {
			await admin.goto(path);
			await admin.locator('main h1').waitFor();
			await expectNoHorizontalScroll(admin, 320);
		}
		// and the county's own page for the platform's legal pages
		const county = await openPage(env.browser, env.server.url, { width: 320, height: 640 });
		await logIn(county, 'kreis@example.org', DEMO_PASSWORD);
		for (const path of ['/admin/legal', '/admin/legal/impressum']) {
			await county.goto(path);
			await county.locator('main h1').waitFor();
			await expectNoHorizontalScroll(county, 320);
			await expectNoAxeViolations(county, `${path} at 320 px`);
		}
	});
});

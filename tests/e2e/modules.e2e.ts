// Village-app modules in the browser, as a new village admin would try them (issue 3, "Done when"): the admin of
// Altengeseke switches the links module on, adds links, orders them by keyboard and by dragging, sees them in
// the village app, changes a setting and switches the module off again; the published app configuration
// (GET /api/v1/villages/<slug>/app) is checked after each step. Then an editor of Körbecke does the same
// work with JavaScript switched off.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, SCREENSHOT_DIR, expectBuilderAccessible, expectErrorSummaryLinksReachFields, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, logIn, openPage, publishApp, screenshot, useServerAndBrowser } from './helpers.ts';

interface AppConfig {
	village: { slug: string; name: string };
	modules: { id: string; name: { de: string; en: string }; url: string; settings: Record<string, unknown> }[];
}
interface LinksList {
	groups: { id: string; name: string; links: { id: string; title: string; url: string }[] }[];
}

const NOTDIENSTE = [
	{ title: 'Apotheken-Notdienst', url: 'https://www.aponet.de', description: 'Welche Apotheke hat heute Dienst?' },
	{ title: 'Bereitschaftsdienst 116117', url: 'https://www.116117.de', description: '' },
	{ title: 'Giftnotruf', url: 'https://giftnotruf.de', description: '' }
];

describe('village-app modules', () => {
	const env = useServerAndBrowser();

	/** GETs a JSON endpoint of the test server (as an anonymous client) and returns the status and the body. */
	async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
		const response = await fetch(`${env.server.url}${path}`);
		const body = response.headers.get('content-type')?.includes('application/json') ? await response.json() : await response.text();
		return { status: response.status, body: body as T };
	}
	const appConfig = async (slug: string) => {
		const { status, body } = await getJson<AppConfig>(`/api/v1/villages/${slug}/app`);
		expect(status, `GET /api/v1/villages/${slug}/app`).toBe(200);
		return body;
	};
	const linksOf = async (slug: string) => {
		const { status, body } = await getJson<LinksList>(`/api/v1/villages/${slug}/links/links`);
		expect(status, `GET /api/v1/villages/${slug}/links/links`).toBe(200);
		return body;
	};
	/** The titles of one group's links, in order, as the links API lists them. */
	const apiTitles = async (slug: string, groupName: string) => (await linksOf(slug)).groups.find((g) => g.name === groupName)?.links.map((l) => l.title);

	/** The section of one link group on the links page (a region named by its heading). */
	const groupOn = (page: Page, name: string) => page.locator('main').getByRole('region', { name, exact: true });
	/** The titles of a group's links, in order, as the page shows them. */
	const pageTitles = (page: Page, groupName: string) => groupOn(page, groupName).locator('li .link-title').allInnerTexts();
	const appNav = (page: Page) => page.getByRole('navigation', { name: 'Navigation der Dorf-App' });
	const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
	/** The text as read, with line breaks of the layout (flex items) folded into single spaces. */
	const textOf = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();
	const textsOf = async (locator: Locator) => (await locator.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());

	test('a village admin switches the links module on, keeps links, sees them in the app and switches it off', async () => {
		const admin = await openPage(env.browser, env.server.url);
		const main = admin.locator('main');
		await logIn(admin, 'dorf1@example.org', DEMO_PASSWORD);

		// 1. Altengeseke's demo app has the everyday modules, calendar, news and projects: the admin switches them off first,
		// so the app has no modules: an empty home, no module navigation, the links page is 404.
		expect((await appConfig('altengeseke')).modules.map((mod) => mod.id)).toEqual(['calendar', 'news', 'projects']);
		await admin.goto('/altengeseke/builder?tab=modules');
		for (const name of ['Veranstaltungen', 'Dorf-News', 'Unsere Projekte']) {
			await main.getByRole('button', { name: `${name} ausschalten`, exact: true }).click();
			await main.getByRole('button', { name: `${name} einschalten`, exact: true }).waitFor();
		}
		// the builder changes only the draft: the app stays as it is until it is published
		expect((await appConfig('altengeseke')).modules.map((mod) => mod.id)).toEqual(['calendar', 'news', 'projects']);
		await publishApp(admin, 'altengeseke');
		expect((await appConfig('altengeseke')).modules).toEqual([]);
		expect((await getJson('/api/v1/villages/altengeseke/links/links')).status, 'links API while the module is off').toBe(404);
		await admin.goto('/altengeseke/');
		await expectNoAxeViolations(admin, '/altengeseke/ without modules');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Altengeseke');
		expect(await main.innerText()).toContain('Die Dorf-Admins schalten die Bausteine der App im App-Baukasten ein.');
		expect(await appNav(admin).getByRole('link').count(), 'module links in the app navigation').toBe(0);
		const notYet = await admin.goto('/altengeseke/links');
		expect(notYet?.status(), '/altengeseke/links while the module is off').toBe(404);
		await expectNoAxeViolations(admin, '/altengeseke/links (404)');

		// The admin finds "App bauen" in the app's header, switches the links module on and publishes.
		await admin.goto('/altengeseke/');
		await admin.getByRole('link', { name: 'App bauen', exact: true }).click();
		await admin.waitForURL((url) => url.pathname === '/altengeseke/builder');
		await main.getByRole('heading', { level: 1, name: 'App von Altengeseke bauen' }).waitFor();
		await admin.getByRole('link', { name: 'Bausteine', exact: true }).click();
		await admin.waitForURL(/tab=modules/);
		await expectBuilderAccessible(admin);
		const modules = main.getByRole('region', { name: 'Bausteine der App' });
		const linksCard = modules.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: /^Wichtige Links/ }) });
		expect(await textOf(linksCard.getByRole('heading'))).toBe('Wichtige Links (ausgeschaltet)');
		await linksCard.getByRole('button', { name: 'Wichtige Links einschalten', exact: true }).click();
		await main.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
		expect(await textOf(linksCard.getByRole('heading'))).toBe('Wichtige Links (eingeschaltet)');
		await expectBuilderAccessible(admin, '/altengeseke/builder after switching the links module on');
		expect((await appConfig('altengeseke')).modules, 'the app before publishing').toEqual([]);
		await publishApp(admin, 'altengeseke', 'Wichtige Links dazu');
		await admin.goto('/altengeseke/');

		const switchedOn = await appConfig('altengeseke');
		expect(switchedOn.modules.map((mod) => mod.id)).toEqual(['links']);
		expect(switchedOn.modules[0]!.name.de).toBe('Wichtige Links');
		expect(switchedOn.modules[0]!.url).toBe(`${env.server.url}/altengeseke/links`);
		expect(switchedOn.modules[0]!.settings).toEqual({ title: 'Wichtige Links', widgetCount: 4, showDescriptions: true });
		expect(await linksOf('altengeseke')).toEqual({ groups: [] });

		// 2. The navigation now leads to the links page, where the admin first adds a group.
		await appNav(admin).getByRole('link', { name: 'Wichtige Links', exact: true }).click();
		await admin.waitForURL((url) => url.pathname === '/altengeseke/links');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Wichtige Links');
		expect(await main.innerText()).toContain('Legen Sie zuerst eine Gruppe an');
		await expectNoAxeViolations(admin, '/altengeseke/links, empty, as admin');
		const editor = main.getByRole('region', { name: 'Links bearbeiten', exact: true });
		await editor.getByRole('textbox', { name: 'Name der Gruppe', exact: true }).fill('Notdienste');
		await editor.getByRole('button', { name: 'Gruppe anlegen', exact: true }).click();
		await groupOn(admin, 'Notdienste').waitFor();
		await expectNoAxeViolations(admin, '/altengeseke/links after adding a group');

		// A javascript: address is refused with an error naming the field; what was typed stays.
		const field = (name: string) => editor.getByRole('textbox', { name, exact: true });
		expect(await editor.getByRole('combobox', { name: 'Gruppe', exact: true }).locator('option:checked').innerText()).toBe('Notdienste');
		await field('Titel').fill('Böser Link');
		await field('Adresse (URL)').fill('javascript:alert(1)');
		await field('Beschreibung (optional)').fill('Soll nicht gehen');
		await editor.getByRole('button', { name: 'Link hinzufügen', exact: true }).click();
		await editor.getByRole('alert').waitFor();
		expect(await editor.getByRole('alert').innerText()).toContain('Adresse (URL): Erlaubt sind Internetadressen mit https:// oder http://');
		expect(await field('Adresse (URL)').getAttribute('aria-invalid')).toBe('true');
		await expectNoAxeViolations(admin, '/altengeseke/links with a link error');
		await expectErrorSummaryLinksReachFields(admin, '/altengeseke/links with a link error');
		expect.soft(await field('Titel').inputValue(), 'the title typed before the error').toBe('Böser Link');
		expect.soft(await field('Adresse (URL)').inputValue(), 'the address typed before the error').toBe('javascript:alert(1)');
		expect.soft(await field('Beschreibung (optional)').inputValue(), 'the description typed before the error').toBe('Soll nicht gehen');
		expect(await groupOn(admin, 'Notdienste').getByRole('listitem').count(), 'links after the refused one').toBe(0);

		// Three real links, one after the other.
		for (const link of NOTDIENSTE) {
			await field('Titel').fill(link.title);
			await field('Adresse (URL)').fill(link.url);
			await field('Beschreibung (optional)').fill(link.description);
			await editor.getByRole('button', { name: 'Link hinzufügen', exact: true }).click();
			await groupOn(admin, 'Notdienste').getByRole('link', { name: new RegExp(`^${link.title}`) }).waitFor();
			await expectNoAxeViolations(admin, `/altengeseke/links after adding "${link.title}"`);
		}
		expect(await editor.getByRole('alert').count(), 'error summary after adding valid links').toBe(0);
		expect(await pageTitles(admin, 'Notdienste')).toEqual(['Apotheken-Notdienst', 'Bereitschaftsdienst 116117', 'Giftnotruf']);
		expect(await groupOn(admin, 'Notdienste').getByRole('link', { name: /^Apotheken-Notdienst/ }).getAttribute('href')).toBe('https://www.aponet.de');
		await screenshot(admin, 'links-page-editor');
		const added = await linksOf('altengeseke');
		expect(added.groups.map((g) => g.name)).toEqual(['Notdienste']);
		expect(added.groups[0]!.links.map((l) => l.title)).toEqual(['Apotheken-Notdienst', 'Bereitschaftsdienst 116117', 'Giftnotruf']);
		const idOf = (title: string) => added.groups[0]!.links.find((l) => l.title === title)!.id;
		const pharmacy = idOf('Apotheken-Notdienst');

		// 3. Keyboard only: from the first link, Tab reaches its "Nach unten" button ("Nach oben" is disabled there);
		// Enter moves the link one down, and the focus stays on that button for the next press.
		await groupOn(admin, 'Notdienste').getByRole('link', { name: /^Apotheken-Notdienst/ }).focus();
		await admin.keyboard.press('Tab');
		expect(await focusedId(admin), 'focus after Tab from the first link').toBe(`down-${pharmacy}`);
		await admin.keyboard.press('Enter');
		await expect.poll(() => pageTitles(admin, 'Notdienste'), { timeout: 5_000 }).toEqual(['Bereitschaftsdienst 116117', 'Apotheken-Notdienst', 'Giftnotruf']);
		expect(await apiTitles('altengeseke', 'Notdienste')).toEqual(['Bereitschaftsdienst 116117', 'Apotheken-Notdienst', 'Giftnotruf']);
		await expect.poll(() => focusedId(admin), { timeout: 2_000, message: 'focus after moving the link down' }).toBe(`down-${pharmacy}`);
		expect(await main.getByRole('status').filter({ hasText: 'ist jetzt an Position' }).innerText()).toBe('„Apotheken-Notdienst“ ist jetzt an Position 2.');
		await expectNoAxeViolations(admin, '/altengeseke/links after a move by keyboard');

		await admin.keyboard.press('Enter');
		await expect.poll(() => pageTitles(admin, 'Notdienste'), { timeout: 5_000 }).toEqual(['Bereitschaftsdienst 116117', 'Giftnotruf', 'Apotheken-Notdienst']);
		expect(await apiTitles('altengeseke', 'Notdienste')).toEqual(['Bereitschaftsdienst 116117', 'Giftnotruf', 'Apotheken-Notdienst']);
		expect(await main.getByRole('status').filter({ hasText: 'ist jetzt an Position' }).innerText()).toBe('„Apotheken-Notdienst“ ist jetzt an Position 3.');
		// Now last, its "Nach unten" button is disabled; the keyboard focus must not fall back to the start of
		// the page but stay with the moved link (WCAG 2.4.3), e.g. on its "Nach oben" button.
		expect(await admin.locator(`#down-${pharmacy}`).isDisabled(), '"Nach unten" of the last link').toBe(true);
		const focusWithLink = (id: string) => !!document.activeElement && document.activeElement !== document.body && !!document.getElementById(id)?.closest('li')?.contains(document.activeElement);
		await admin.waitForFunction(focusWithLink, `down-${pharmacy}`, { timeout: 2_000 }).catch(() => undefined);
		expect
			.soft(
				await admin.evaluate(focusWithLink, `down-${pharmacy}`),
				`the keyboard focus stays with the moved link after it became the last one (focused: ${await admin.evaluate(() => (document.activeElement ? `<${document.activeElement.tagName.toLowerCase()}${document.activeElement.id ? ` id="${document.activeElement.id}"` : ''}>` : 'nothing'))})`
			)
			.toBe(true);
		await expectNoAxeViolations(admin, '/altengeseke/links after moving a link to the end');

		// 4. With the mouse: dragging the last link onto the first puts it first.
		const dragItem = (title: string) => groupOn(admin, 'Notdienste').getByRole('listitem').filter({ has: admin.getByRole('link', { name: new RegExp(`^${title}`) }) });
		await dragItem('Apotheken-Notdienst').dragTo(dragItem('Bereitschaftsdienst 116117'));
		await expect.poll(() => apiTitles('altengeseke', 'Notdienste'), { timeout: 5_000 }).toEqual(['Apotheken-Notdienst', 'Bereitschaftsdienst 116117', 'Giftnotruf']);
		await expect.poll(() => pageTitles(admin, 'Notdienste'), { timeout: 5_000 }).toEqual(['Apotheken-Notdienst', 'Bereitschaftsdienst 116117', 'Giftnotruf']);
		await expectNoAxeViolations(admin, '/altengeseke/links after dragging a link');

		// 5. The links are in the app: a widget on the home screen …
		await admin.goto('/altengeseke/');
		await expectNoAxeViolations(admin, '/altengeseke/ with the links widget');
		const widget = main.getByRole('region', { name: 'Wichtige Links', exact: true });
		expect(await textsOf(widget.getByRole('listitem'))).toEqual(['Apotheken-Notdienst (externe Seite)', 'Bereitschaftsdienst 116117 (externe Seite)', 'Giftnotruf (externe Seite)']);
		await widget.getByRole('link', { name: 'Alle Links', exact: true }).waitFor();
		expect(await widget.getByRole('link', { name: 'Alle Links', exact: true }).getAttribute('href')).toBe('/altengeseke/links');
		await screenshot(admin, 'village-home-links-widget');

		// … and the links page for an anonymous visitor, without any editing forms.
		const visitor = await openPage(env.browser, env.server.url);
		await visitor.goto('/altengeseke/');
		await expectNoAxeViolations(visitor, '/altengeseke/ as a visitor');
		await appNav(visitor).getByRole('link', { name: 'Wichtige Links', exact: true }).click();
		await visitor.waitForURL((url) => url.pathname === '/altengeseke/links');
		await expectNoAxeViolations(visitor, '/altengeseke/links as a visitor');
		expect(await pageTitles(visitor, 'Notdienste')).toEqual(['Apotheken-Notdienst', 'Bereitschaftsdienst 116117', 'Giftnotruf']);
		expect(await visitor.locator('main').innerText()).toContain('Welche Apotheke hat heute Dienst?');
		expect(await visitor.locator('main form').count(), 'forms on the links page for a visitor').toBe(0);
		expect(await visitor.locator('main').getByRole('button').count(), 'buttons on the links page for a visitor').toBe(0);
		expect(await visitor.locator('main [draggable="true"]').count(), 'draggable entries for a visitor').toBe(0);

		// 6. A setting: a wrong number of home-screen links is refused at its field (the heading typed stays);
		// then the heading "Notfall & Co" and two links on the home screen are saved.
		await admin.goto('/altengeseke/builder?tab=modules');
		const settings = modules.locator('details').filter({ has: admin.locator('summary', { hasText: 'Einstellungen für Wichtige Links' }) });
		await settings.locator('summary').click();
		await expectBuilderAccessible(admin, '/altengeseke/builder with the links settings open');
		expect(await settings.getByRole('textbox', { name: 'Überschrift', exact: true }).inputValue()).toBe('Wichtige Links');
		expect(await settings.getByRole('spinbutton', { name: 'Links auf dem Startbildschirm', exact: true }).inputValue()).toBe('4');
		expect(await settings.getByRole('checkbox', { name: 'Beschreibungen anzeigen', exact: true }).isChecked()).toBe(true);
		await screenshot(admin, 'village-admin-modules-full');
		await modules.screenshot({ path: `${SCREENSHOT_DIR}/village-admin-modules.png` });
		await settings.getByRole('textbox', { name: 'Überschrift', exact: true }).fill('Notfall & Co');
		await settings.getByRole('spinbutton', { name: 'Links auf dem Startbildschirm', exact: true }).fill('99');
		await settings.getByRole('button', { name: 'Speichern', exact: true }).click();
		await main.getByRole('alert').waitFor();
		expect(await main.getByRole('alert').innerText()).toContain('Links auf dem Startbildschirm');
		await expectBuilderAccessible(admin, '/altengeseke/builder with a settings error');
		await expectErrorSummaryLinksReachFields(admin, '/altengeseke/builder with a settings error');
		expect.soft(await settings.getByRole('textbox', { name: 'Überschrift', exact: true }).inputValue(), 'the heading typed before the error').toBe('Notfall & Co');
		expect((await appConfig('altengeseke')).modules[0]!.settings.title, 'title after a refused settings form').toBe('Wichtige Links');
		await settings.getByRole('textbox', { name: 'Überschrift', exact: true }).fill('Notfall & Co');
		await settings.getByRole('spinbutton', { name: 'Links auf dem Startbildschirm', exact: true }).fill('2');
		await settings.getByRole('button', { name: 'Speichern', exact: true }).click();
		await main.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
		await expectBuilderAccessible(admin, '/altengeseke/builder after saving the links settings');
		expect((await appConfig('altengeseke')).modules[0]!.settings.title, 'title before publishing').toBe('Wichtige Links');
		await publishApp(admin, 'altengeseke');
		expect((await appConfig('altengeseke')).modules[0]!.settings).toEqual({ title: 'Notfall & Co', widgetCount: 2, showDescriptions: true });
		await admin.goto('/altengeseke/links');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Notfall & Co');
		await expectNoAxeViolations(admin, '/altengeseke/links with its new heading');
		await admin.goto('/altengeseke/');
		// the heading names the module everywhere in the app: the navigation entry and the widget too
		await appNav(admin).getByRole('link', { name: 'Notfall & Co', exact: true }).waitFor();
		const renamedWidget = main.getByRole('region', { name: 'Notfall & Co', exact: true });
		expect(await textsOf(renamedWidget.getByRole('listitem'))).toEqual(['Apotheken-Notdienst (externe Seite)', 'Bereitschaftsdienst 116117 (externe Seite)']);
		await expectNoAxeViolations(admin, '/altengeseke/ with two links in the widget');

		// 7. A plain member sees the links but no editing forms; the village's editor gets them.
		const member = await openPage(env.browser, env.server.url);
		await logIn(member, 'buerger@example.org', DEMO_PASSWORD);
		await member.goto('/altengeseke/links');
		await expectNoAxeViolations(member, '/altengeseke/links as a member');
		expect(await pageTitles(member, 'Notdienste')).toEqual(['Apotheken-Notdienst', 'Bereitschaftsdienst 116117', 'Giftnotruf']);
		expect(await member.locator('main form').count(), 'forms on the links page for a member').toBe(0);
		expect(await member.locator('main').getByRole('region', { name: 'Links bearbeiten' }).count()).toBe(0);
		const editorPerson = await openPage(env.browser, env.server.url);
		await logIn(editorPerson, 'redaktion@example.org', DEMO_PASSWORD);
		await editorPerson.goto('/altengeseke/links');
		await expectNoAxeViolations(editorPerson, '/altengeseke/links as the editor');
		await editorPerson.locator('main').getByRole('region', { name: 'Links bearbeiten', exact: true }).waitFor();
		expect(await editorPerson.locator(`#down-${pharmacy}`).isEnabled(), 'the editor can move links').toBe(true);

		// 8. Switched off: the page and the API answer 404, the app lists no module, the navigation shows none.
		await admin.goto('/altengeseke/builder?tab=modules');
		await linksCard.getByRole('button', { name: 'Wichtige Links ausschalten', exact: true }).click();
		await main.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
		expect(await textOf(linksCard.getByRole('heading'))).toBe('Wichtige Links (ausgeschaltet)');
		await expectBuilderAccessible(admin, '/altengeseke/builder after switching the links module off');
		await publishApp(admin, 'altengeseke');
		expect((await appConfig('altengeseke')).modules).toEqual([]);
		expect((await getJson('/api/v1/villages/altengeseke/links/links')).status, 'links API after switching off').toBe(404);
		const gone = await admin.goto('/altengeseke/links');
		expect(gone?.status(), '/altengeseke/links after switching off').toBe(404);
		await expectNoAxeViolations(admin, '/altengeseke/links (404 after switching off)');
		expect(await visitor.goto('/altengeseke/links').then((r) => r?.status()), '/altengeseke/links for the visitor after switching off').toBe(404);
		await admin.goto('/altengeseke/');
		expect(await appNav(admin).getByRole('link').count(), 'module links in the app navigation after switching off').toBe(0);
		expect(await main.getByRole('region', { name: 'Wichtige Links' }).count(), 'links widget after switching off').toBe(0);
		await expectNoAxeViolations(admin, '/altengeseke/ after switching the links module off');
	});

	test('without JavaScript, an editor adds a link and moves it with the "Nach oben" form', async () => {
		const page = await openPage(env.browser, env.server.url, { javaScript: false });
		const main = page.locator('main');
		// Logging in is a plain form post, too (logIn would run axe in this page, which cannot work here).
		await page.goto('/login');
		await expectNoAxeViolationsWithoutJavaScript(page);
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('dorf2@example.org');
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(DEMO_PASSWORD);
		await main.getByRole('button', { name: 'Anmelden' }).click();
		await page.waitForURL('**/account', { timeout: 30_000 });
		await page.goto('/koerbecke/');
		await expectNoAxeViolationsWithoutJavaScript(page);
		await appNav(page).getByRole('link', { name: 'Wichtige Links', exact: true }).click();
		await page.waitForURL((url) => url.pathname === '/koerbecke/links');
		expect(await page.getByRole('link', { name: 'Dorf verwalten', exact: true }).count(), 'logged in as the admin of Körbecke').toBe(1);
		await expectNoAxeViolationsWithoutJavaScript(page);
		const before = await apiTitles('koerbecke', 'Notdienste');
		expect(before, 'the demo links of Körbecke').toEqual(['Apotheken-Notdienst', 'Ärztlicher Bereitschaftsdienst 116117']);
		expect(await pageTitles(page, 'Notdienste')).toEqual(before);

		// Adding: the form posts, the page comes back with the new link at the end of its group.
		const editor = main.getByRole('region', { name: 'Links bearbeiten', exact: true });
		await editor.getByRole('combobox', { name: 'Gruppe', exact: true }).selectOption({ label: 'Notdienste' });
		await editor.getByRole('textbox', { name: 'Titel', exact: true }).fill('Giftnotruf NRW');
		await editor.getByRole('textbox', { name: 'Adresse (URL)', exact: true }).fill('https://giftnotruf.de');
		await editor.getByRole('combobox', { name: 'Symbol', exact: true }).selectOption('phone');
		await editor.getByRole('button', { name: 'Link hinzufügen', exact: true }).click();
		await main.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
		expect(await pageTitles(page, 'Notdienste')).toEqual(['Apotheken-Notdienst', 'Ärztlicher Bereitschaftsdienst 116117', 'Giftnotruf NRW']);
		await expectNoAxeViolationsWithoutJavaScript(page, '/koerbecke/links after adding a link');
		const added = (await linksOf('koerbecke')).groups.find((g) => g.name === 'Notdienste')!.links.find((l) => l.title === 'Giftnotruf NRW');
		expect(added?.url).toBe('https://giftnotruf.de');

		// Moving up: a plain form post; the page reloads with the new order and says where the link is now.
		await page.locator(`#up-${added!.id}`).click();
		await main.getByRole('status').filter({ hasText: 'ist jetzt an Position' }).waitFor({ state: 'attached' });
		expect(await main.getByRole('status').filter({ hasText: 'ist jetzt an Position' }).innerText()).toBe('„Giftnotruf NRW“ ist jetzt an Position 2.');
		expect(await pageTitles(page, 'Notdienste')).toEqual(['Apotheken-Notdienst', 'Giftnotruf NRW', 'Ärztlicher Bereitschaftsdienst 116117']);
		expect(await apiTitles('koerbecke', 'Notdienste')).toEqual(['Apotheken-Notdienst', 'Giftnotruf NRW', 'Ärztlicher Bereitschaftsdienst 116117']);
		await expectNoAxeViolationsWithoutJavaScript(page, '/koerbecke/links after moving a link');
	});
});

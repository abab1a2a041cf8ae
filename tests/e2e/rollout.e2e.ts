// The staged rollout in a browser: the county's admin withdraws "Veranstaltungen" (the calendar) in Möhnesee and
// marks "Dorf-News" as a pilot; Körbecke's admin (Körbecke lies in Möhnesee) sees the calendar kept on but
// marked, switches it off, and then is not offered it any more — and a forged post is refused by the server.
// The municipality's admin reads the rollout and sees which of its villages have published an app. axe on
// every page state, 390 px and 1280 px, German and English, no sideways scrolling.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { createUser } from '../../src/lib/server/auth/accounts.ts';
import { newId } from '../../src/lib/server/ids.ts';
import { grantRole } from '../../src/lib/server/tenancy/memberships.ts';
import { openServerDb } from '../helpers/server.ts';
import { DEMO_PASSWORD, expectBuilderAccessible, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

describe('staged rollout of modules', () => {
	const env = useServerAndBrowser();

	/** The card of one module on /admin/modules (a list item named by its heading). */
	const card = (page: Page, name: string) => page.locator('main').getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: new RegExp(`^${name}`) }) });
	/** The card of one module in a village's App-Baukasten. */
	const villageCard = (page: Page, name: string) => page.locator('main li.module').filter({ has: page.getByRole('heading', { level: 3, name: new RegExp(name) }) });

	/** A village's card on /admin (a list item named by its heading). */
	const villageOverviewCard = (page: Page, name: string) => page.locator('main li.village').filter({ has: page.getByRole('heading', { level: 4, name, exact: true }) });

	async function atBothWidths(page: Page, path: string, label: string) {
		for (const width of [390, 1280]) {
			await page.setViewportSize({ width, height: 900 });
			await page.goto(path);
			await expectNoHorizontalScroll(page, width);
			if (path.includes('/builder')) await expectBuilderAccessible(page, `${label} at ${width} px`);
			else await expectNoAxeViolations(page, `${label} at ${width} px`);
			await screenshot(page, `rollout-${label.replaceAll(' ', '-')}-${width}`);
		}
	}

	test('the county withdraws the calendar in Möhnesee; Körbecke keeps it until switched off, then is not offered it', async () => {
		const county = await openPage(env.browser, env.server.url, { width: 1280, height: 900 });
		await logIn(county, 'kreis@example.org', DEMO_PASSWORD);
		await county.goto('/admin');
		// every village of the county with its app's state; Altengeseke's demo app is published as version 1
		const altengeseke = await villageOverviewCard(county, 'Altengeseke').innerText();
		expect(altengeseke).toMatch(/Live: Version 1 seit /);
		expect(altengeseke).toContain('Eingeschaltete Bausteine: Veranstaltungen, Dorf-News');
		await expectNoAxeViolations(county, 'the county’s administration with the villages’ apps');
		await county.locator('main').getByRole('link', { name: /Bausteine freigeben/ }).click();
		await county.locator('main').getByRole('heading', { level: 1, name: 'Bausteine freigeben' }).waitFor();
		await expectNoAxeViolations(county, 'the rollout before any decision');
		// before any decision, everything is released everywhere
		const calendar = card(county, 'Veranstaltungen');
		expect(await calendar.getByRole('radio', { name: 'In allen Kommunen, außer den abgewählten' }).isChecked()).toBe(true);
		expect(await calendar.getByRole('checkbox', { name: /^Möhnesee/ }).isChecked()).toBe(true);

		// Möhnesee unticked, saved (a plain form post)
		await calendar.getByRole('checkbox', { name: /^Möhnesee/ }).uncheck();
		await calendar.getByRole('button', { name: 'Freigabe von Veranstaltungen speichern' }).click();
		await county.locator('main').getByRole('status').filter({ hasText: 'Freigabe von Veranstaltungen gespeichert.' }).waitFor();
		expect(await card(county, 'Veranstaltungen').getByRole('checkbox', { name: /^Möhnesee/ }).isChecked()).toBe(false);
		expect(await card(county, 'Veranstaltungen').getByRole('checkbox', { name: /^Anröchte/ }).isChecked()).toBe(true);
		await expectNoAxeViolations(county, 'the rollout after saving');

		// "Dorf-News" marked as pilot with the keyboard only: Space on the checkbox, Tab to the button, Enter
		const news = card(county, 'Dorf-News');
		await news.getByRole('checkbox', { name: 'Als „Pilot“ kennzeichnen' }).focus();
		await county.keyboard.press('Space');
		const save = news.getByRole('button', { name: 'Freigabe von Dorf-News speichern' });
		for (let i = 0; i < 40 && !(await save.evaluate((el) => el === document.activeElement)); i++) await county.keyboard.press('Tab');
		await county.keyboard.press('Enter');
		await county.locator('main').getByRole('status').filter({ hasText: 'Freigabe von Dorf-News gespeichert.' }).waitFor();
		expect(await card(county, 'Dorf-News').getByRole('heading', { level: 2 }).innerText()).toContain('Pilot');
		await atBothWidths(county, '/admin/modules', 'county de');

		// Körbecke's admin: the calendar is still on, marked; the pilot badge is on the news
		const village = await openPage(env.browser, env.server.url, { width: 390, height: 900 });
		await logIn(village, 'dorf2@example.org', DEMO_PASSWORD);
		await village.goto('/koerbecke/builder?tab=modules');
		const cal = villageCard(village, 'Veranstaltungen');
		expect(await cal.innerText()).toContain('In Ihrer Gemeinde nicht mehr freigegeben.');
		expect(await villageCard(village, 'Dorf-News').getByRole('heading', { level: 3 }).innerText()).toContain('Pilot');
		await expectNoHorizontalScroll(village, 390);
		await expectBuilderAccessible(village, 'the builder with a withdrawn module on');
		await screenshot(village, 'rollout-village-withdrawn-390');

		// switched off, it is no longer offered
		await cal.getByRole('button', { name: 'Veranstaltungen ausschalten' }).click();
		await village.locator('main').getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
		const off = villageCard(village, 'Veranstaltungen');
		expect(await off.innerText()).toContain('In Ihrer Gemeinde noch nicht freigegeben');
		expect(await off.getByRole('button', { name: 'Veranstaltungen einschalten' }).count()).toBe(0);
		// a module that is released stays offered
		expect(await villageCard(village, 'Wichtige Links').innerText()).not.toContain('freigegeben');
		await atBothWidths(village, '/koerbecke/builder?tab=modules', 'village de');

		// the server refuses a forged post, naming the module
		const forged = await village.request.post('/koerbecke/builder?/moduleToggle', { form: { moduleId: 'calendar', enabled: 'on' }, headers: { origin: env.server.url, accept: 'text/html' }, maxRedirects: 0 });
		expect(forged.status()).toBe(409);
		expect(await forged.text()).toContain('Veranstaltungen ist in Ihrer Gemeinde noch nicht freigegeben.');

		// the same pages in English
		for (const page of [county, village]) await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: env.server.url }]);
		await atBothWidths(county, '/admin/modules', 'county en');
		expect(await card(county, 'Events').getByRole('checkbox', { name: /^Möhnesee/ }).isChecked()).toBe(false);
		await atBothWidths(village, '/koerbecke/builder?tab=modules', 'village en');
		expect(await villageCard(village, 'Events').innerText()).toContain('Not yet released in your municipality');
	});

	test('the municipality’s admin reads the rollout and sees which villages have published an app', async () => {
		// Möhnesee's admin, and a published app of Körbecke (version 2), as the builder would leave it
		const { db } = openServerDb(env.server.databaseUrl);
		try {
			const id = async (slug: string) => (await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
			const [moehnesee, koerbecke] = [await id('moehnesee'), await id('koerbecke')];
			const user = await createUser(db, { email: 'gemeinde-moehnesee@example.org', password: DEMO_PASSWORD, displayName: 'Gemeinde Möhnesee', verified: true });
			await grantRole(db, { tenantId: moehnesee, userId: user.id, role: 'admin' });
			// version 1 is the demo's own
			for (const version of [2]) await db.insertInto('appVersions').values({ id: newId(), tenantId: koerbecke, version, config: '{}', note: '', publishedBy: null, publishedAt: Date.UTC(2026, 10, 20 + version, 9) }).execute();
			await db.updateTable('tenants').set({ appVersion: 2 }).where('id', '=', koerbecke).execute();
		} finally {
			await db.destroy();
		}
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 900 });
		await logIn(page, 'gemeinde-moehnesee@example.org', DEMO_PASSWORD);
		await page.goto('/admin');
		const main = page.locator('main');
		const koerbecke = villageOverviewCard(page, 'Körbecke');
		expect(await koerbecke.innerText()).toMatch(/Live: Version 2 seit 22\.11\.2026/);
		expect(await koerbecke.innerText()).toContain('Eingeschaltete Bausteine:');
		const delecke = await villageOverviewCard(page, 'Delecke').innerText();
		expect(delecke).toContain('Noch nicht live: keine App veröffentlicht');
		expect(delecke).not.toContain('Eingeschaltete Bausteine');
		await atBothWidths(page, '/admin', 'municipality admin');

		// the rollout, read-only: Möhnesee only, no form
		await main.getByRole('link', { name: 'Freigegebene Bausteine in Ihren Kommunen' }).click();
		await main.getByRole('heading', { level: 1, name: 'Bausteine freigeben' }).waitFor();
		expect(await main.locator('form').count()).toBe(0);
		expect(await card(page, 'Veranstaltungen').innerText()).toContain('Möhnesee:');
		await atBothWidths(page, '/admin/modules', 'municipality rollout');
	});
});

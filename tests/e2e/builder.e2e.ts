// The App-Baukasten as a volunteer uses it: Körbecke's admin (dorf2@) turns a fresh village into a published
// app with three modules — wizard (names, logo, colours with the contrast guard's words, template), modules
// ordered by keyboard, the live preview beside it, "Veröffentlichen" — while an anonymous visitor sees nothing
// of the draft until it is published, by page or API. Then the published app matches the preview, and Chromium
// could install it. axe on every builder state (the preview's frame is the app, checked on its own pages).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grantRole } from '../../src/lib/server/tenancy/memberships.ts';
import { insertTenant, getTenantBySlug } from '../../src/lib/server/tenancy/tenants.ts';
import { openServerDb } from '../helpers/server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, DEMO_PASSWORD, expectBuilderAccessible, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, useServerAndBrowser } from './helpers.ts';

/** The words a person sees in the app's header and navigation (tab bar on a phone). */
async function appShell(page: Page) {
	return page.evaluate(() => ({
		name: document.querySelector('.brand-name')?.textContent?.trim(),
		tabs: [...document.querySelectorAll('.tab-bar > ul > li > a span')].map((s) => s.textContent?.trim()),
		widgets: [...document.querySelectorAll('.widget h2')].map((h) => h.textContent?.trim()),
		header: getComputedStyle(document.querySelector('.app-header')!).backgroundColor
	}));
}

describe('the App-Baukasten', () => {
	const env = useServerAndBrowser();
	let db: ReturnType<typeof openServerDb>['db'];
	beforeAll(async () => {
		db = openServerDb(env.server.databaseUrl).db;
		// a fresh village in Möhnesee, with Körbecke's admin as its admin: nothing switched on, never published
		const muni = (await getTenantBySlug(db, 'moehnesee'))!;
		const village = await insertTenant(db, { kind: 'village', slug: 'neuhaus', name: 'Neuhaus', parent: muni });
		const user = await db.selectFrom('users').select('id').where('email', '=', 'dorf2@example.org').executeTakeFirstOrThrow();
		await grantRole(db, { tenantId: village.id, userId: user.id, role: 'admin' });
	});
	afterAll(async () => db?.destroy());

	test('dorf2@ builds and publishes the app of a fresh village; nobody sees the draft before', async () => {
		const started = Date.now();
		const page = await openPage(env.browser, env.server.url, { width: 1280, height: 1000 });
		await logIn(page, 'dorf2@example.org', DEMO_PASSWORD);
		const visitor = await openPage(env.browser, env.server.url, { width: 390, height: 844 });
		const main = page.locator('main');

		// first visit: the wizard, step 1 of 4
		await page.goto('/neuhaus/builder');
		await main.getByRole('heading', { level: 1, name: 'Die App von Neuhaus einrichten' }).waitFor();
		await expectBuilderAccessible(page, 'wizard, names');
		await main.getByRole('textbox', { name: /^Name/ }).fill('Neuhaus am See');
		await main.getByRole('textbox', { name: 'Kurzname' }).fill('Neuhaus');
		await main.getByRole('textbox', { name: 'Beschreibung' }).fill('Das Dorf am Südufer des Möhnesees.');
		await main.getByRole('button', { name: 'Weiter' }).click();

		// step 2: a logo (a phone photo would do; here a small PNG)
		await main.getByRole('heading', { level: 2, name: 'Logo' }).waitFor();
		const logo = await sharp({ create: { width: 300, height: 300, channels: 4, background: '#2b5797' } }).png().toBuffer();
		await main.getByLabel('Bilddatei für das Logo (PNG, JPEG, WebP)').setInputFiles({ name: 'wappen.png', mimeType: 'image/png', buffer: logo });
		await main.getByRole('button', { name: 'Hochladen' }).click();

		// step 3: a colour too light for text: the builder says in words what the app uses instead
		await main.getByRole('heading', { level: 2, name: 'Farben' }).waitFor();
		await expectBuilderAccessible(page, 'wizard, colours');
		await main.getByRole('textbox', { name: 'Hauptfarbe', exact: true }).fill('#ffff66');
		await expect.poll(() => main.getByText(/Ihre Hauptfarbe #ffff66 ist auf weißem Grund zu hell/).count()).toBe(1);
		await main.getByRole('button', { name: 'Weiter' }).click();

		// step 4: a template
		await page.waitForURL(/step=template/).catch(async (e: unknown) => {
			await page.screenshot({ path: 'test-results/builder-colours-failed.png', fullPage: true });
			throw e;
		});
		await main.getByRole('heading', { level: 2, name: 'Vorlage' }).waitFor();
		await main.getByRole('radio', { name: /Dorf klein/ }).check();
		await main.getByRole('button', { name: 'Vorlage übernehmen' }).click();

		// the modules: three switched on by the template; move Dorf-News down by keyboard, focus stays on the button
		await page.waitForURL(/tab=modules/);
		await main.getByRole('heading', { level: 2, name: 'Bausteine der App' }).waitFor();
		await expectBuilderAccessible(page, 'modules');
		const onNames = () => main.locator('li.module:not(.off) h3').allInnerTexts();
		expect((await onNames()).map((t) => t.replace(/\s*\(.*\)$/, '').replace(/^⠿\s*/, '').trim())).toEqual(['Dorf-News', 'Veranstaltungen', 'Wichtige Links']);
		// the preview's app says it listens; it is marked, to see that an edit does not load it again
		await page.locator('iframe[name="preview-frame"][data-ready="true"]').waitFor();
		const previewTabs = () => page.frameLocator('iframe[name="preview-frame"]').locator('.tab-bar > ul > li > a span').allInnerTexts();
		await expect.poll(previewTabs).toEqual(['Start', 'Dorf-News', 'Veranstaltungen', 'Wichtige Links']);
		await page.evaluate(() => Object.assign(document.querySelector<HTMLIFrameElement>('iframe[name="preview-frame"]')!.contentWindow!, { notReloaded: true }));
		const down = main.getByRole('button', { name: /Nach unten\s*: Dorf-News/ });
		await down.focus();
		await page.keyboard.press('Enter');
		await expect.poll(async () => (await onNames())[0]).toContain('Veranstaltungen');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('down-news');
		await expect.poll(previewTabs).toEqual(['Start', 'Veranstaltungen', 'Dorf-News', 'Wichtige Links']);
		expect(await page.evaluate(() => 'notReloaded' in document.querySelector<HTMLIFrameElement>('iframe[name="preview-frame"]')!.contentWindow!), 'the preview fetched the draft without loading the page again').toBe(true);

		// the preview shows the draft; the public app does not, nor does the API
		const frame = page.frameLocator('iframe[name="preview-frame"]');
		await expect.poll(() => frame.locator('.brand-name').textContent()).toBe('Neuhaus am See');
		await visitor.goto('/neuhaus/');
		expect((await appShell(visitor)).name).toBe('Neuhaus');
		expect((await appShell(visitor)).tabs).toEqual(['Start']);
		const draftApi = await (await visitor.request.get('/api/v1/villages/neuhaus/app')).json();
		expect([draftApi.version, draftApi.village.name, draftApi.modules]).toEqual([0, 'Neuhaus', []]);
		// …and asking for the preview without the right gets the published app
		await visitor.goto('/neuhaus/?preview=draft');
		expect((await appShell(visitor)).name).toBe('Neuhaus');

		// publish, with the changes listed in words first
		await page.getByRole('link', { name: /Veröffentlichen/ }).first().click();
		await main.getByRole('heading', { level: 2, name: 'Veröffentlichen' }).waitFor();
		const pending = await main.locator('section[aria-labelledby="publish-h"] li').allInnerTexts();
		expect(pending).toEqual(expect.arrayContaining(['Name geändert („Neuhaus“ → „Neuhaus am See“)', 'Logo geändert', 'Hauptfarbe geändert', 'Dorf-News eingeschaltet', 'Startseite geändert']));
		await expectBuilderAccessible(page, 'publish');
		await main.getByRole('textbox', { name: 'Notiz zur Version (optional)' }).fill('Erste Fassung');
		const previewShell = await (async () => {
			const previewPage = await openPage(env.browser, env.server.url, { width: 390, height: 844 });
			await previewPage.context().addCookies(await page.context().cookies());
			await previewPage.goto('/neuhaus/?preview=draft');
			return appShell(previewPage);
		})();
		await main.getByRole('button', { name: 'Veröffentlichen', exact: true }).click();
		await main.getByText('Veröffentlicht. Alle sehen jetzt die neue Version der App.').waitFor();
		expect(await main.getByText('Version 1', { exact: true }).count()).toBe(1);

		// the published app is what the preview showed
		await visitor.goto('/neuhaus/');
		const published = await appShell(visitor);
		expect(published).toEqual(previewShell);
		expect(published.tabs).toEqual(['Start', 'Veranstaltungen', 'Dorf-News', 'Wichtige Links']);
		await expectNoAxeViolations(visitor, 'the published app at 390 px');
		await expectNoHorizontalScroll(visitor, 390);
		const api = await (await visitor.request.get('/api/v1/villages/neuhaus/app')).json();
		expect([api.version, api.village.name, api.modules.map((x: { id: string }) => x.id)]).toEqual([1, 'Neuhaus am See', ['calendar', 'news', 'links']]);

		// the builder at 390 px: no sideways scrolling, axe clean
		await page.setViewportSize({ width: 390, height: 844 });
		for (const tab of ['look', 'modules', 'home', 'publish']) {
			await page.goto(`/neuhaus/builder?tab=${tab}`);
			await expectNoHorizontalScroll(page, 390);
			await expectBuilderAccessible(page, `${tab} at 390 px`);
		}
		console.log(`the App-Baukasten, from a fresh village to a published app: ${Math.round((Date.now() - started) / 1000)} s in the browser`);
	});

	test('the published app of the fresh village is installable', async () => {
		const profile = mkdtempSync(join(tmpdir(), 'allmende-profile-'));
		const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, locale: 'de-DE' });
		try {
			const page = await context.newPage();
			await page.goto(`${env.server.url}/neuhaus/`);
			const cdp = await context.newCDPSession(page);
			const manifest = await cdp.send('Page.getAppManifest');
			expect(manifest.errors).toEqual([]);
			expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({ name: 'Neuhaus am See', short_name: 'Neuhaus' });
			expect((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors).toEqual([]);
		} finally {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		}
	});

	test('anyone but the village’s builders is turned away from the builder', async () => {
		const anonymous = await openPage(env.browser, env.server.url);
		const response = await anonymous.goto('/neuhaus/builder');
		expect(new URL(anonymous.url()).pathname).toBe('/login');
		expect(response?.status()).toBe(200);
		const other = await openPage(env.browser, env.server.url);
		await logIn(other, 'dorf1@example.org', DEMO_PASSWORD);
		expect((await other.goto('/neuhaus/builder'))?.status()).toBe(403);
		// the builder has a shell of its own; its refusal still leads back to the village's app
		expect(await other.locator('main h1').innerText()).toBe('Kein Zugriff');
		expect(await other.locator('main').getByRole('link', { name: 'Zur Startseite' }).getAttribute('href')).toBe('/neuhaus/');
	});
});

// The projects map (/map) in a browser, with the tiles stubbed (a 1×1 PNG; no test ever fetches a real tile):
// markers and clusters, the list alternative with the same projects, a filter by category, the way through by
// keyboard only, places without coordinates and hidden projects, and axe on every state (de and en, 390 and
// 1280 px, with and without JavaScript).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bumpContentVersion } from '../../src/lib/server/db/contentVersion.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { openServerDb } from '../helpers/server.ts';
import { expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, expectNoHorizontalScroll, openPage, useServerAndBrowser } from './helpers.ts';

const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGPo6u0BAAMEAYEA0pOVAAAAAElFTkSuQmCC', 'base64');

/** Every request that leaves the test server is answered here: tiles with the pixel, anything else refused and noted. */
async function stubTiles(context: BrowserContext, origin: string): Promise<{ tiles: number; foreign: string[] }> {
	const seen = { tiles: 0, foreign: [] as string[] };
	await context.route(
		(url) => url.origin !== origin,
		(route) => {
			const url = new URL(route.request().url());
			if (url.hostname === 'tile.openstreetmap.org' && /^\/\d+\/\d+\/\d+\.png$/.test(url.pathname)) {
				seen.tiles++;
				return route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL });
			}
			seen.foreign.push(url.href);
			return route.abort();
		}
	);
	return seen;
}

/** The numbers on the visible markers and clusters, added up: the projects the map shows. */
const mapProjectCount = (page: Page) => page.locator('.map .map-badge > span[aria-hidden="true"]').evaluateAll((spans) => spans.reduce((sum, s) => sum + Number(s.textContent), 0));
const listLinks = (page: Page) => page.locator('#map-list a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!).sort());

describe('projects map', () => {
	const env = useServerAndBrowser();
	let db: Db;
	beforeAll(() => {
		db = openServerDb(env.server.databaseUrl).db;
	});
	afterAll(() => db?.destroy());

	async function openMap(options: { width?: number; locale?: 'en'; path?: string } = {}) {
		const page = await openPage(env.browser, env.server.url, { width: options.width ?? 1280, height: 900 });
		if (options.locale) await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: options.locale, url: env.server.url }]);
		const seen = await stubTiles(page.context(), new URL(env.server.url).origin);
		await page.goto(options.path ?? '/map');
		await page.locator('.map[data-ready="true"]').waitFor();
		return { page, seen, main: page.locator('main') };
	}

	test('shows the projects as markers and clusters, and the same projects in the list', async () => {
		const { page, seen, main } = await openMap();
		const list = await listLinks(page);
		expect(list.length).toBeGreaterThan(20);
		// every demo place has coordinates: the markers' numbers add up to the list's projects
		expect(await mapProjectCount(page)).toBe(list.length);
		expect(await page.locator('.map .map-cluster').count()).toBeGreaterThan(0);
		expect(await main.getByRole('heading', { level: 2 }).first().textContent()).toContain(`Projekte: ${list.length}`);
		expect(await page.locator('.leaflet-control-attribution').getByRole('link', { name: '© OpenStreetMap-Mitwirkende' }).getAttribute('href')).toBe('https://www.openstreetmap.org/copyright');
		expect(await main.getByRole('region', { name: 'Karte der Projekte nach Orten' }).count()).toBe(1);
		expect(seen.tiles).toBeGreaterThan(0);
		expect(seen.foreign).toEqual([]);
		await expectNoAxeViolations(page, '/map');

		// a marker's popup lists its place's projects, the same links as the list
		await page.locator('.map .leaflet-marker-icon:not(:has(.map-cluster))').first().click();
		const popup = page.locator('.leaflet-popup');
		await popup.waitFor();
		const inPopup = await popup.locator('a[href^="/projects/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
		expect(inPopup.length).toBeGreaterThan(0);
		for (const href of inPopup) expect(list).toContain(href);
		await expectNoAxeViolations(page, '/map with a popup');
	});

	test('filters by category like the project list, on the map and in the list', async () => {
		const { page, main } = await openMap();
		await main.getByRole('combobox', { name: 'Kategorie' }).selectOption({ label: 'Mobilität' });
		await main.getByRole('button', { name: 'Anzeigen' }).click();
		await page.waitForURL((url) => url.searchParams.get('category') !== null);
		await page.locator('.map[data-ready="true"]').waitFor();
		const list = await listLinks(page);
		expect(list.length).toBeGreaterThan(0);
		expect(await page.locator('#map-list .meta').allTextContents()).toEqual(list.map(() => expect.stringContaining('Mobilität')));
		expect(await mapProjectCount(page)).toBe(list.length);
		// the same filter on /projects finds the same projects
		const category = new URL(page.url()).searchParams.get('category')!;
		await page.goto(`/projects?category=${category}`);
		const pool = await main.locator('.cards h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!).sort());
		expect(pool).toEqual(list);
		await page.goto(`/map?category=${category}`);
		await expectNoAxeViolations(page, '/map filtered');
	});

	test('works by keyboard alone: past the map, into a marker\'s popup and back', async () => {
		const { page } = await openMap();
		const active = () => page.evaluate(() => ({ id: document.activeElement?.id ?? '', cls: document.activeElement?.className.toString() ?? '', text: document.activeElement?.textContent ?? '' }));
		// the skip link leads past the map to the list
		await page.locator('.skip-map').focus();
		await page.keyboard.press('Enter');
		expect((await active()).id).toBe('map-list');
		// the map itself, then its markers, are in the tab order
		await page.locator('.skip-map').focus();
		await page.keyboard.press('Tab');
		expect((await active()).cls).toContain('leaflet-container');
		let found = false;
		for (let i = 0; i < 40 && !found; i++) {
			await page.keyboard.press('Tab');
			const a = await active();
			found = a.cls.includes('leaflet-marker-icon') && !(await page.evaluate(() => !!document.activeElement?.querySelector('.map-cluster'))) && /Projekte: \d+/.test(a.text);
		}
		expect(found, 'a place marker reachable with Tab').toBe(true);
		const marker = await active();
		await page.keyboard.press('Enter');
		await page.locator('.leaflet-popup').waitFor();
		// the focus moves into the popup, onto its first project
		expect(await page.evaluate(() => !!document.activeElement?.closest('.leaflet-popup') && document.activeElement.tagName === 'A')).toBe(true);
		await page.keyboard.press('Escape');
		await page.locator('.leaflet-popup').waitFor({ state: 'detached' });
		expect((await active()).text).toBe(marker.text);
		// a cluster zooms in on Enter
		const cluster = page.locator('.map .leaflet-marker-icon:has(.map-cluster)').first();
		const zoomBefore = Number(await page.locator('.map').getAttribute('data-zoom'));
		expect(zoomBefore).toBeGreaterThan(0);
		await cluster.focus();
		await page.keyboard.press('Enter');
		// the map's own zoom level (set on Leaflet's zoomend), not a tile's address: old tiles stay until new ones load
		await page.waitForFunction((before) => Number(document.querySelector('.map')?.getAttribute('data-zoom')) > before, zoomBefore, { timeout: 30_000 });
	});

	test('lists places without coordinates with a note, and never shows a hidden project', async () => {
		const village = await db.selectFrom('tenants').select(['id', 'lat', 'lon']).where('slug', '=', 'koerbecke').executeTakeFirstOrThrow();
		const hidden = await db.selectFrom('projects').innerJoin('tenants', 'tenants.id', 'projects.tenantId').select(['projects.id', 'projects.title']).where('tenants.slug', '=', 'altengeseke').orderBy('projects.title').executeTakeFirstOrThrow();
		await db.updateTable('tenants').set({ lat: null, lon: null }).where('id', '=', village.id).execute();
		await db.updateTable('projects').set({ hiddenAt: Date.now(), hiddenReason: 'Test' }).where('id', '=', hidden.id).execute();
		// what the app's writes do with them: the cached pages are old now
		await bumpContentVersion(db, village.id);
		try {
			const { page, main } = await openMap();
			const item = page.locator('#map-list li', { has: page.getByRole('heading', { level: 4, name: 'Körbecke' }) });
			expect(await item.locator('.note').textContent()).toBe('ohne Kartenposition');
			const list = await listLinks(page);
			const koerbecke = await item.locator('a').count();
			expect(koerbecke).toBeGreaterThan(0);
			expect(await mapProjectCount(page)).toBe(list.length - koerbecke);
			expect(await page.locator('.map').getByText('Körbecke').count()).toBe(0);
			expect(await main.getByText(hidden.title).count()).toBe(0);
			expect(list.some((href) => href.includes(hidden.id))).toBe(false);
			await page.goto(`/map?q=${encodeURIComponent(hidden.title)}`);
			expect(await main.getByText(hidden.title).count()).toBe(0);
		} finally {
			await db.updateTable('tenants').set({ lat: village.lat, lon: village.lon }).where('id', '=', village.id).execute();
			await db.updateTable('projects').set({ hiddenAt: null, hiddenReason: '' }).where('id', '=', hidden.id).execute();
			await bumpContentVersion(db, village.id);
		}
	});

	test('in English at 390 px, and without JavaScript', async () => {
		const { page, main } = await openMap({ width: 390, locale: 'en' });
		await main.getByRole('heading', { level: 1, name: 'Project map' }).waitFor();
		expect(await main.getByRole('region', { name: 'Map of the projects by place' }).count()).toBe(1);
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolations(page, '/map in English at 390 px');

		const plain = await openPage(env.browser, env.server.url, { width: 390, javaScript: false });
		await plain.goto('/map');
		const plainMain = plain.locator('main');
		await plainMain.getByText('Die Karte braucht JavaScript. Die Liste unten zeigt dieselben Projekte.').waitFor();
		expect((await listLinks(plain)).length).toBeGreaterThan(20);
		await plainMain.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'In Planung' });
		await plainMain.getByRole('button', { name: 'Anzeigen' }).click();
		await plain.waitForURL((url) => url.searchParams.get('status') === 'planning');
		expect(await plain.locator('#map-list .meta').allTextContents()).toEqual((await listLinks(plain)).map(() => expect.stringContaining('In Planung')));
		await expectNoHorizontalScroll(plain, 390);
		await expectNoAxeViolationsWithoutJavaScript(plain, '/map filtered');
	});

	test('answers 400 in words for a bad filter value', async () => {
		const page = await openPage(env.browser, env.server.url);
		const res = await page.goto('/map?status=__proto__');
		expect(res?.status()).toBe(400);
	});
});

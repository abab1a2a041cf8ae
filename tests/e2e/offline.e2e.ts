// The village app offline (issue 10, point 5): its service worker precaches the shell and keeps the pages as they
// are visited, so that a reload without a connection shows the last-seen pages and an unvisited page the offline
// page; Chromium still finds nothing missing to install the app. A newly published app version or a new worker
// waiting brings a polite banner whose "Aktualisieren" reloads; signing out forgets what the person saw.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openServerDb } from '../helpers/server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, DEMO_PASSWORD, expectNoAxeViolations, logIn, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

/** Waits until the page is controlled by the village app's worker (it claims its pages when it activates). */
async function workerInControl(page: Page): Promise<string> {
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
	return page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
}

/** Every entry of the village app caches of this origin, as "<cache name> <path and query>". */
function cached(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const out: string[] = [];
		for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) out.push(`${name} ${new URL(request.url).pathname}${new URL(request.url).search}`);
		return out;
	});
}

/** Waits until an entry of this bucket for this path is kept. */
async function kept(page: Page, bucket: string, path: string): Promise<void> {
	const deadline = Date.now() + 15_000;
	while (!(await cached(page)).some((entry) => entry.endsWith(`:${bucket} ${path}`))) {
		if (Date.now() > deadline) throw new Error(`${path} was not kept in ${bucket}:\n${(await cached(page)).join('\n')}`);
		await page.waitForTimeout(100);
	}
}

describe('the village app offline', () => {
	const env = useServerAndBrowser();

	test('a reload offline shows the last-seen pages; an unvisited page shows the offline page; still installable', async () => {
		// a profile of its own: Chromium's installability check answers "in-incognito" in a fresh context
		const profile = mkdtempSync(join(tmpdir(), 'allmende-offline-'));
		const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, locale: 'de-DE', viewport: { width: 390, height: 844 } });
		context.setDefaultTimeout(10_000);
		const problems: string[] = [];
		try {
			const page = await context.newPage();
			page.on('pageerror', (error) => problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
			const base = env.server.url;
			await page.goto(`${base}/koerbecke/`);
			expect(await workerInControl(page)).toBe(`${base}/koerbecke/`);

			// the precached shell: home, offline page, manifest, icons and their JS/CSS — not the whole site's assets
			await kept(page, 'shell', '/koerbecke/offline');
			const shell = await page.evaluate(async () => {
				const name = (await caches.keys()).find((n) => n.startsWith('allmende:koerbecke:') && n.endsWith(':shell'))!;
				const cache = await caches.open(name);
				let bytes = 0;
				const keys = await cache.keys();
				for (const key of keys) bytes += (await (await cache.match(key))!.arrayBuffer()).byteLength;
				return { entries: keys.length, bytes, paths: keys.map((k) => new URL(k.url).pathname) };
			});
			console.log(`precache: ${shell.entries} responses, ${(shell.bytes / 1024).toFixed(1)} KiB`);
			expect(shell.paths).toEqual(expect.arrayContaining(['/koerbecke/', '/koerbecke/offline', '/koerbecke/manifest.webmanifest', '/koerbecke/icons/icon-192.png']));
			expect(shell.paths.every((p) => p.startsWith('/koerbecke/') || p.startsWith('/_app/immutable/'))).toBe(true);
			expect(shell.bytes).toBeLessThan(400 * 1024);

			// the news by a link (a navigation inside the app: the worker keeps the page behind its data), the links by address
			await page.getByRole('navigation', { name: 'App-Bereiche' }).getByRole('link', { name: 'Dorf-News' }).click();
			await page.waitForURL('**/koerbecke/news');
			await page.getByRole('heading', { level: 1 }).waitFor();
			await kept(page, 'pages', '/koerbecke/news');
			await page.goto(`${base}/koerbecke/links`);
			await kept(page, 'pages', '/koerbecke/links');
			// nothing of another village, no administration
			expect((await cached(page)).filter((e) => !/^allmende:koerbecke:/.test(e) || /\/(admin|builder)\b/.test(e))).toEqual([]);

			const cdp = await context.newCDPSession(page);
			expect((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors).toEqual([]);

			await context.setOffline(true);
			const started = Date.now();
			await page.reload();
			await page.getByRole('heading', { level: 1, name: 'Wichtige Links' }).waitFor();
			console.log(`first offline reload: ${Date.now() - started} ms`);
			await page.getByRole('link', { name: 'Apotheken-Notdienst' }).first().waitFor();
			// the app says it is a kept copy, and of when
			await page.getByRole('status').filter({ hasText: /^Ohne Verbindung: gespeicherte Fassung, Stand \d\d\.\d\d\.\d\d, \d\d:\d\d\.$/ }).waitFor();

			await page.goto(`${base}/koerbecke/news`);
			await page.getByRole('link', { name: 'Schützenfest 2026: Neuer König in Körbecke' }).first().waitFor();
			await page.goto(`${base}/koerbecke/`);
			await page.getByRole('heading', { level: 1, name: 'Körbecke' }).waitFor();

			// never visited: the offline page in its place, in the village's look, with the pages there are
			await page.goto(`${base}/koerbecke/calendar`);
			expect(page.url()).toBe(`${base}/koerbecke/calendar`);
			await page.getByRole('heading', { level: 1, name: 'Sie sind offline' }).waitFor();
			await page.getByText('Die Seite /koerbecke/calendar ist auf diesem Gerät nicht gespeichert.').waitFor();
			const saved = page.getByRole('region', { name: 'Diese Seiten können Sie auch ohne Verbindung öffnen' });
			await saved.getByRole('link').first().waitFor();
			const titles = await saved.getByRole('link').allInnerTexts();
			expect(titles).toEqual(['Startseite', 'Dorf-News', 'Wichtige Links']);
			await page.locator('header').getByText('Körbecke', { exact: true }).first().waitFor();
			await expectNoAxeViolations(page, 'offline page (390 px)');
			await screenshot(page, 'offline-page-390');
			// from the list to a kept page, still offline
			await saved.getByRole('link', { name: 'Wichtige Links' }).click();
			await page.getByRole('heading', { level: 1, name: 'Wichtige Links' }).waitFor();

			// "Neu laden" once the connection is back: the page itself
			await page.goto(`${base}/koerbecke/calendar`);
			await page.getByRole('button', { name: 'Neu laden' }).waitFor();
			await context.setOffline(false);
			await page.getByRole('button', { name: 'Neu laden' }).click();
			await page.getByRole('heading', { level: 1, name: 'Veranstaltungen' }).waitFor();
			expect(problems).toEqual([]);
		} finally {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		}
	});

	test('a newly published version brings a polite banner; "Aktualisieren" reloads into it', async () => {
		const page = await openPage(env.browser, env.server.url, { serviceWorker: true });
		await page.goto('/koerbecke/');
		await workerInControl(page);
		// the focus where a keyboard user left it: the banner must not take it
		await page.getByRole('link', { name: 'Anmelden' }).focus();
		const { db } = openServerDb(env.server.databaseUrl);
		try {
			// what publishing does: a new version of the app, and the village's content version with it
			await db.updateTable('tenants').set({ appVersion: 5, contentVersion: sql<number>`content_version + 1` }).where('slug', '=', 'koerbecke').execute();
		} finally {
			await db.destroy();
		}
		// the app asks when the tab is shown again (and every five minutes)
		await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
		await page.getByRole('status').filter({ hasText: 'Neue Version verfügbar' }).waitFor();
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Anmelden');
		await expectNoAxeViolations(page, 'village home with the update banner');
		await screenshot(page, 'update-banner-1280');

		// "Später" hides it until something newer comes
		await page.getByRole('button', { name: 'Später' }).click();
		await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
		await page.waitForTimeout(500);
		expect(await page.getByRole('button', { name: 'Aktualisieren' }).count()).toBe(0);
		const { db: db2 } = openServerDb(env.server.databaseUrl);
		try {
			await db2.updateTable('tenants').set({ appVersion: 6, contentVersion: sql<number>`content_version + 1` }).where('slug', '=', 'koerbecke').execute();
		} finally {
			await db2.destroy();
		}
		await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));

		// by keyboard: Tab reaches "Aktualisieren", Enter reloads the page, which then has the new version
		const update = page.getByRole('button', { name: 'Aktualisieren' });
		await update.waitFor();
		for (let i = 0; i < 10 && !(await update.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
		expect(await update.evaluate((el) => el === document.activeElement)).toBe(true);
		const reloaded = page.waitForEvent('load');
		await page.keyboard.press('Enter');
		await reloaded;
		await page.getByRole('heading', { level: 1, name: 'Körbecke' }).waitFor();
		await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
		await page.waitForTimeout(500);
		expect(await page.getByRole('button', { name: 'Aktualisieren' }).count()).toBe(0);
	});

	test('a new worker waiting (a new deploy) brings the banner; "Aktualisieren" lets it take over and reloads', async () => {
		const page = await openPage(env.browser, env.server.url, { serviceWorker: true });
		await page.goto('/koerbecke/');
		const scope = await workerInControl(page);
		// a new deploy means a changed worker script; another address of the same script makes the browser install it too
		await page.evaluate((s) => navigator.serviceWorker.register('/service-worker.js?village=koerbecke&deploy=2', { scope: s }), scope);
		await page.getByRole('status').filter({ hasText: 'Neue Version verfügbar' }).waitFor({ timeout: 20_000 });
		const reloaded = page.waitForEvent('load');
		await page.getByRole('button', { name: 'Aktualisieren' }).click();
		await reloaded;
		expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/deploy=2$/);
	});

	test('signing out forgets the pages the person saw; the worker fetches the shell again as it now looks', async () => {
		const page = await openPage(env.browser, env.server.url, { serviceWorker: true });
		await logIn(page, 'buerger@example.org', DEMO_PASSWORD);
		await page.goto('/koerbecke/');
		await workerInControl(page);
		await page.goto('/koerbecke/news');
		await kept(page, 'pages', '/koerbecke/news');
		await kept(page, 'shell', '/koerbecke/');
		// the shell as the signed-in person saw it
		const before = await page.evaluate(async () => {
			const name = (await caches.keys()).find((n) => n.endsWith(':shell'))!;
			return (await (await caches.open(name)).match('/koerbecke/'))!.text();
		});
		expect(before).toContain('href="/account"');

		await page.goto('/account');
		await page.getByRole('button', { name: 'Abmelden' }).first().click();
		await page.waitForURL((url) => url.pathname === '/');
		await expect.poll(async () => (await cached(page)).filter((e) => e.includes(':pages ')), { timeout: 10_000 }).toEqual([]);
		await kept(page, 'shell', '/koerbecke/');
		const after = await page.evaluate(async () => {
			const name = (await caches.keys()).find((n) => n.endsWith(':shell'))!;
			return (await (await caches.open(name)).match('/koerbecke/'))!.text();
		});
		expect(after).not.toContain('href="/account"');
	});
});

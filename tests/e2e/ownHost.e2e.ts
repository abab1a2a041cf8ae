// A village app on its own host name (issue 10, point 6): Körbecke gets "dorf.example", which Chromium resolves to
// the test server (and treats as secure, as it would be with TLS). At / of that host: the app, a manifest and a
// service worker with scope /, nothing missing to install it; the browser's router finds the app's pages at the
// short addresses too (back to "/", to "/links"), and a reload offline shows the kept page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { rawRequest } from '../helpers/http.ts';
import { openServerDb } from '../helpers/server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, expectNoAxeViolations, useServerAndBrowser } from './helpers.ts';

const HOST = 'dorf.example';

describe('a village app on its own host name', () => {
	const env = useServerAndBrowser();

	test('works at / of dorf.example: manifest and worker scoped to /, installable, navigable, offline', async () => {
		const { db } = openServerDb(env.server.databaseUrl);
		try {
			await db.updateTable('tenants').set({ host: HOST }).where('slug', '=', 'koerbecke').execute();
		} finally {
			await db.destroy();
		}
		// the server reads the host names at most every 30 s (tenancy/hostRouting.ts)
		const deadline = Date.now() + 45_000;
		while (!(await rawRequest(env.server.url, { path: '/', headers: { host: HOST, accept: 'text/html' } })).body.includes('<h1>Körbecke</h1>')) {
			if (Date.now() > deadline) throw new Error(`${HOST} was not served as Körbecke's app after 45 s`);
			await new Promise((r) => setTimeout(r, 500));
		}

		const port = new URL(env.server.url).port;
		const origin = `http://${HOST}:${port}`;
		const profile = mkdtempSync(join(tmpdir(), 'allmende-own-host-'));
		const context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM_PATH,
			args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`, `--unsafely-treat-insecure-origin-as-secure=${origin}`],
			locale: 'de-DE'
		});
		context.setDefaultTimeout(10_000);
		const problems: string[] = [];
		try {
			const page = await context.newPage();
			page.on('pageerror', (error) => problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
			page.on('response', (r) => void (r.status() >= 500 && problems.push(`HTTP ${r.status()} for ${r.url()}`)));
			await page.goto(`${origin}/`);
			await page.getByRole('heading', { level: 1, name: 'Körbecke' }).waitFor();
			expect(await page.evaluate(() => document.documentElement.dataset.appVillage)).toBe('koerbecke');
			await expectNoAxeViolations(page, 'village home on its own host');

			const cdp = await context.newCDPSession(page);
			const manifest = await cdp.send('Page.getAppManifest');
			expect(manifest.errors).toEqual([]);
			expect(manifest.parsed?.scope).toBe(`${origin}/`);
			expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({ id: '/', start_url: '/', scope: '/' });
			await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
			expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(`${origin}/`);
			expect((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors).toEqual([]);

			// the app's links keep /koerbecke/… (decision 011); the browser's router also knows the short addresses
			await page.getByRole('navigation', { name: 'Navigation der Dorf-App' }).getByRole('link', { name: 'Dorf-News' }).click();
			await page.waitForURL(`${origin}/koerbecke/news`);
			await page.goBack();
			await page.waitForURL(`${origin}/`);
			await page.getByRole('heading', { level: 1, name: 'Körbecke' }).waitFor();
			await page.goto(`${origin}/links`);
			await page.getByRole('heading', { level: 1, name: 'Wichtige Links' }).waitFor();
			await page.getByRole('navigation', { name: 'Navigation der Dorf-App' }).getByRole('link', { name: 'Dorf-News' }).click();
			await page.getByRole('heading', { level: 1, name: 'Dorf-News' }).waitFor();
			await page.goBack();
			await page.waitForURL(`${origin}/links`);
			await page.getByRole('heading', { level: 1, name: 'Wichtige Links' }).waitFor();

			// the platform's paths stay the platform's there: the login, and back into the app by its short address
			await page.goto(`${origin}/login?next=/`);
			await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();

			await page.goto(`${origin}/links`);
			await context.setOffline(true);
			await page.reload();
			await page.getByRole('heading', { level: 1, name: 'Wichtige Links' }).waitFor();
			await page.getByRole('status').filter({ hasText: /^Ohne Verbindung: gespeicherte Fassung/ }).waitFor();
			await page.goto(`${origin}/calendar`);
			await page.getByRole('heading', { level: 1, name: 'Sie sind offline' }).waitFor();
			expect(problems).toEqual([]);
		} finally {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		}
	});
});

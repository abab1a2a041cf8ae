// The village app as Chromium sees it: the manifest the page links parses without errors, with the names,
// scope and icons we mean, and Chromium's own installability check finds nothing missing. It needs a browser
// profile of its own: in a fresh context (incognito, as the other tests use) Chromium never offers to install.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './helpers.ts';

describe('the installable village app', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(async () => server?.stop());

	test.each(['koerbecke', 'bad-westernkotten'])('Chromium reads the manifest of /%s/ without errors and could install the app', async (slug) => {
		const profile = mkdtempSync(join(tmpdir(), 'allmende-profile-'));
		const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, locale: 'de-DE' });
		try {
			const page = await context.newPage();
			expect((await page.goto(`${server.url}/${slug}/`))?.status()).toBe(200);
			const cdp = await context.newCDPSession(page);
			const manifest = await cdp.send('Page.getAppManifest');
			expect(manifest.url).toBe(`${server.url}/${slug}/manifest.webmanifest`);
			expect(manifest.errors).toEqual([]);
			expect(manifest.parsed?.scope).toBe(`${server.url}/${slug}/`);
			const data = JSON.parse(manifest.data ?? '{}') as { short_name: string; start_url: string; icons: { src: string }[] };
			expect(data.start_url).toBe(`/${slug}/`);
			expect([...new Intl.Segmenter('de', { granularity: 'grapheme' }).segment(data.short_name)].length).toBeLessThanOrEqual(12);
			for (const icon of data.icons) expect((await page.request.get(new URL(icon.src, manifest.url).href)).status(), icon.src).toBe(200);
			// Chromium 156 no longer asks for a service worker; offline use (the next step of issue 10) is our own aim
			const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
			expect(installabilityErrors).toEqual([]);
			expect(Object.keys(await cdp.send('Page.getManifestIcons'))).toContain('primaryIcon');
		} finally {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		}
	});
});

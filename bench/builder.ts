// Figures of the App-Baukasten, printed (issue 10): the builder's first load (time to "load" and gzipped JavaScript
// as Chromium fetches it) and how long the live preview takes to show an edit — from the click on "Nach unten"
// until the phone frame shows the new order — next to a plain reload of the same preview in the same run
// (the baseline: what any page of the app costs). Goal: a preview update under 200 ms on this machine.
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/helpers/server.ts';

const ROUNDS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function builderFigures(): Promise<{ ok: boolean; lines: string[] }> {
	if (!existsSync('/usr/bin/chromium')) return { ok: false, lines: ['builder: needs /usr/bin/chromium (apt-get install -y chromium)'] };
	const server = await startServer();
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
	try {
		const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 1000 }, locale: 'de-DE' });
		const page = await context.newPage();
		await page.goto('/login');
		await page.locator('main').getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('dorf2@example.org');
		await page.locator('main').getByRole('textbox', { name: 'Passwort', exact: true }).fill('allmende-demo');
		await page.locator('main').getByRole('button', { name: 'Anmelden' }).click();
		await page.waitForURL('**/account');

		// first load, with an empty cache: a new context with the same session cookie
		const fresh = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 1000 }, locale: 'de-DE', storageState: await context.storageState() });
		const first = await fresh.newPage();
		const js = new Map<string, number>();
		first.on('response', async (res) => {
			if (!(res.headers()['content-type'] ?? '').includes('javascript')) return;
			const body = await res.body().catch(() => null);
			if (body) js.set(new URL(res.url()).pathname, gzipSync(body, { level: 9 }).length);
		});
		const t0 = Date.now();
		await first.goto('/koerbecke/builder?tab=modules', { waitUntil: 'load' });
		const loadMs = Date.now() - t0;
		await first.waitForLoadState('networkidle');
		const jsKib = [...js.values()].reduce((a, b) => a + b, 0) / 1024;
		await fresh.close();

		// the preview after an edit: the first switched-on module moves down, the frame's tab bar shows it second
		await page.goto('/koerbecke/builder?tab=modules');
		const frame = page.frameLocator('iframe[name="preview-frame"]');
		const firstTab = () => frame.locator('.tab-bar > ul > li:nth-child(2) a span').textContent({ timeout: 5000 });
		await firstTab();
		const updates: number[] = [];
		const reloads: number[] = [];
		for (let i = 0; i < ROUNDS; i++) {
			const before = await firstTab();
			const id = await page.locator('main li.module:not(.off)').first().locator('button[id^="down-"]').getAttribute('id');
			const start = Date.now();
			await page.locator(`#${id}`).click();
			await page.waitForFunction(
				(name) => {
					const doc = document.querySelector<HTMLIFrameElement>('iframe[name="preview-frame"]')?.contentDocument;
					const tab = doc?.querySelector('.tab-bar > ul > li:nth-child(2) a span')?.textContent;
					return doc?.readyState === 'complete' && tab != null && tab !== name;
				},
				before,
				{ timeout: 10_000, polling: 5 }
			);
			updates.push(Date.now() - start);
			// the baseline: the same preview page loaded again, nothing changed
			const startReload = Date.now();
			await page.evaluate(
				() =>
					new Promise<void>((resolve) => {
						const f = document.querySelector<HTMLIFrameElement>('iframe[name="preview-frame"]')!;
						f.addEventListener('load', () => resolve(), { once: true });
						f.contentWindow!.location.reload();
					})
			);
			reloads.push(Date.now() - startReload);
		}
		const update = median(updates);
		const reload = median(reloads);
		return {
			ok: true,
			lines: [
				`builder first load (/koerbecke/builder, empty cache): ${loadMs} ms to "load", ${js.size} JavaScript files, ${jsKib.toFixed(1)} KiB gzipped`,
				`builder preview update after an edit (median of ${ROUNDS}): ${update} ms (goal < 200 ms → ${update < 200 ? 'met' : 'not met'}); plain reload of the same preview: ${reload} ms (update/reload ${(update / reload).toFixed(2)})`
			]
		};
	} finally {
		await browser.close();
		await server.stop();
	}
}

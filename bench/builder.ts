// Figures of the App-Baukasten, printed (issue 10): the builder's first load (time to "load" and gzipped JavaScript
// as Chromium fetches it) and how long the live preview takes to show an edit — from the click on "Nach unten"
// until the phone frame shows the new order, timed inside the page — next to a plain reload of the same preview
// (until its load event) in the same run
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
		// tsx names the functions it compiles with a helper (__name) that the page does not have
		await page.addInitScript({ content: 'window.__name = (f) => f;' });
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
			const id = await page.locator('main li.module:not(.off)').first().locator('button[id^="down-"]').getAttribute('id');
			// measured inside the page, from the button's click to the frame showing the new order (checked on every
			// animation frame), so that the browser automation's own round trips are not counted
			updates.push(
				await page.evaluate(
					(buttonId) =>
						new Promise<number>((resolve, reject) => {
							const tabOf = () => document.querySelector<HTMLIFrameElement>('iframe[name="preview-frame"]')?.contentDocument?.querySelector('.tab-bar > ul > li:nth-child(2) a span')?.textContent ?? null;
							const before = tabOf();
							const start = performance.now();
							const check = () => {
								const doc = document.querySelector<HTMLIFrameElement>('iframe[name="preview-frame"]')?.contentDocument;
								const tab = tabOf();
								if (doc?.readyState === 'complete' && tab != null && tab !== before) resolve(performance.now() - start);
								else if (performance.now() - start > 10_000) reject(new Error('the preview did not change within 10 s'));
								else requestAnimationFrame(check);
							};
							document.getElementById(buttonId!)!.click();
							requestAnimationFrame(check);
						}),
					id
				)
			);
			await page.locator('iframe[name="preview-frame"][data-ready="true"]').waitFor();
			// the baseline: the same preview page loaded again, nothing changed
			reloads.push(
				await page.evaluate(
					() =>
						new Promise<number>((resolve) => {
							const f = document.querySelector<HTMLIFrameElement>('iframe[name="preview-frame"]')!;
							const start = performance.now();
							f.addEventListener('load', () => resolve(performance.now() - start), { once: true });
							f.contentWindow!.location.reload();
						})
				)
			);
			// the app in the frame says it is ready once it runs; the next edit waits for that
			await page.locator('iframe[name="preview-frame"][data-ready="true"]').waitFor();
		}
		const update = Math.round(median(updates));
		const reload = Math.round(median(reloads));
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

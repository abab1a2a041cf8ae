// Budget: the village app's home page ships at most 60 KiB of gzipped JavaScript.
// Measured as a browser sees it: Chromium loads the page (with a module's widget on it) and every JavaScript
// file it fetches is gzipped here (level 9, as the build's precompressed .gz files are) and added up.
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/helpers/server.ts';

const BUDGET_KIB = 60;

export async function villageHomeJs(): Promise<{ ok: boolean; lines: string[] }> {
	if (!existsSync('/usr/bin/chromium')) return { ok: false, lines: ['village home JS: needs /usr/bin/chromium (apt-get install -y chromium)'] };
	const server = await startServer();
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
	try {
		const page = await browser.newPage();
		const files = new Map<string, number>();
		page.on('response', async (res) => {
			const type = res.headers()['content-type'] ?? '';
			if (!type.includes('javascript')) return;
			const body = await res.body().catch(() => null);
			if (body) files.set(new URL(res.url()).pathname, gzipSync(body, { level: 9 }).length);
		});
		// Körbecke has the links module on (demo data): its widget is part of the home page.
		await page.goto(`${server.url}/koerbecke/`, { waitUntil: 'networkidle' });
		const widgets = await page.locator('.widget').count();
		const total = [...files.values()].reduce((a, b) => a + b, 0);
		const kib = total / 1024;
		const lines = [
			`village home page (/koerbecke/, ${widgets} widget(s)): ${files.size} JavaScript files, ${kib.toFixed(1)} KiB gzipped (budget ${BUDGET_KIB} KiB) → ${kib <= BUDGET_KIB ? 'OK' : 'OVER BUDGET'}`,
			...[...files.entries()].sort((a, b) => b[1] - a[1]).map(([path, size]) => `    ${(size / 1024).toFixed(1).padStart(6)} KiB  ${path}`)
		];
		return { ok: kib <= BUDGET_KIB && widgets > 0, lines };
	} finally {
		await browser.close();
		await server.stop();
	}
}

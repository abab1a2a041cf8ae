// Figure (issue 10): what the village app's service worker stores on a phone when the app is first opened — the
// precached shell (home, offline page, manifest, icons and the JavaScript and CSS they name), in responses and
// KiB as stored, next to the whole of the build's immutable assets (what a naive "precache everything" would take).
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/helpers/server.ts';

function folderBytes(dir: string): { files: number; bytes: number } {
	let files = 0;
	let bytes = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			const inner = folderBytes(path);
			files += inner.files;
			bytes += inner.bytes;
		} else if (!/\.(gz|br)$/.test(entry.name)) {
			files++;
			bytes += statSync(path).size;
		}
	}
	return { files, bytes };
}

export async function precacheFigures(): Promise<{ ok: boolean; lines: string[] }> {
	if (!existsSync('/usr/bin/chromium')) return { ok: false, lines: ['precache: needs /usr/bin/chromium (apt-get install -y chromium)'] };
	const server = await startServer();
	const profile = mkdtempSync(join(tmpdir(), 'allmende-bench-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		locale: 'de-DE'
	});
	try {
		const page = await context.newPage();
		await page.goto(`${server.url}/koerbecke/`);
		const shell = await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			const deadline = Date.now() + 30_000;
			// the worker fills the cache step by step: wait until it has stopped growing for a second
			// (no helper functions in here: the page runs this code as it is)
			let last: { entries: number; bytes: number } | null = null;
			let steady = 0;
			while (Date.now() < deadline && steady < 5) {
				const name = (await caches.keys()).find((n) => n.startsWith('allmende:koerbecke:') && n.endsWith(':shell'));
				const cache = name ? await caches.open(name) : null;
				let now: { entries: number; bytes: number } | null = null;
				if (cache && (await cache.match('/koerbecke/offline'))) {
					const keys = await cache.keys();
					let bytes = 0;
					for (const key of keys) bytes += (await (await cache.match(key))!.arrayBuffer()).byteLength;
					now = { entries: keys.length, bytes };
				}
				steady = now && last && now.entries === last.entries && now.bytes === last.bytes ? steady + 1 : 0;
				last = now;
				await new Promise((r) => setTimeout(r, 200));
			}
			return steady >= 5 ? last : null;
		});
		if (!shell) return { ok: false, lines: ['precache: the service worker did not fill its shell cache within 30 s'] };
		const all = folderBytes('build/client/_app/immutable');
		return {
			ok: true,
			lines: [`service worker precache (/koerbecke/, first visit): ${shell.entries} responses, ${(shell.bytes / 1024).toFixed(1)} KiB as stored; the build's immutable assets: ${all.files} files, ${(all.bytes / 1024).toFixed(1)} KiB`]
		};
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
		await server.stop();
	}
}

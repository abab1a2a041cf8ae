// A village's look outside its ordinary pages, against the real server: error pages inside the app keep the
// village's shell and lead home to it; the login reached from a village app shows that village (and only an
// existing village named by a same-site `next`); the poster's QR code holds the app's address — the village's
// own host name when it has one — and the install help is public.
import { sql } from 'kysely';
import { generate } from 'lean-qr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTER_QR_OPTIONS } from '../../src/lib/server/builder/posterQr.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { Client } from '../helpers/http.ts';
import { modulesOf, qrModules } from '../helpers/qrModules.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let db: Db;
const bump = sql<number>`content_version + 1`;
const anonymous = () => new Client(server.url);
const html = async (res: Response) => res.text();
/** The link that leads home from an error page, and the name in the page's title. */
const homeLink = (page: string) => /<a href="([^"]*)">Zur Startseite<\/a>/.exec(page)?.[1];
const title = (page: string) => /<title>([^<]*)<\/title>/.exec(page)?.[1];

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.databaseUrl).db;
	// colours of its own, so the login page can be seen wearing them (written here directly: the content version
	// grows with it, as with the app's own audited writes, so the server's kept shell is read again)
	await db.updateTable('tenants').set({ colorPrimary: '#8b1e3f', contentVersion: bump }).where('slug', '=', 'altengeseke').execute();
}, 120_000);
afterAll(async () => {
	await db?.destroy();
	await server?.stop();
});

describe('error pages inside a village app', () => {
	it.each([
		['an unknown page', '/altengeseke/does-not-exist'],
		['a deeper unknown page', '/altengeseke/does/not/exist'],
		['an event that does not exist', '/altengeseke/calendar/event-that-does-not-exist'],
		['an unknown page of a module', '/altengeseke/links/no-such-page']
	])('%s: 404 in the village’s shell, home to the village', async (_, path) => {
		const res = await anonymous().get(path);
		expect(res.status).toBe(404);
		const page = await html(res);
		expect(title(page)).toBe('404 – Altengeseke');
		expect(page).toContain('Seite nicht gefunden');
		expect(page).toContain('href="/altengeseke/calendar"');
		expect(page).toContain('--light-color-primary: #8b1e3f');
		expect(homeLink(page)).toBe('/altengeseke/');
	});

	it('403 for a member on the admin page, in the village’s shell', async () => {
		const member = anonymous();
		await member.login('buerger@example.org');
		const res = await member.get('/altengeseke/admin');
		expect(res.status).toBe(403);
		const page = await html(res);
		expect(title(page)).toBe('403 – Altengeseke');
		expect(page).toContain('Kein Zugriff');
		expect(homeLink(page)).toBe('/altengeseke/');
	});

	it('403 for another village’s admin shows the village of the address, not theirs', async () => {
		const admin = anonymous();
		await admin.login('dorf1@example.org');
		const page = await html(await admin.get('/koerbecke/admin'));
		expect(title(page)).toBe('403 – Körbecke');
		expect(homeLink(page)).toBe('/koerbecke/');
		expect(page).not.toContain('href="/altengeseke/');
	});

	it.each([
		['an unknown village', '/no-such-village/does-not-exist'],
		['a municipality', '/anroechte/does-not-exist'],
		['the county', '/kreis-soest/does-not-exist'],
		['an object key', '/__proto__/does-not-exist']
	])('%s stays the platform’s 404, home to the platform', async (_, path) => {
		const res = await anonymous().get(path);
		expect(res.status).toBe(404);
		const page = await html(res);
		expect(title(page)).toBe('404 – Allmende');
		expect(page).not.toContain('--light-color-primary');
		expect(homeLink(page)).toBe('/');
	});
});

describe('the login page reached from a village app', () => {
	it('shows the village’s name, colours and the way back to its app', async () => {
		for (const path of ['/login?next=%2Faltengeseke%2Fcalendar', '/register?next=%2Faltengeseke%2F']) {
			const page = await html(await anonymous().get(path));
			expect(page, path).toContain('Altengeseke');
			expect(page, path).toContain('--light-color-primary: #8b1e3f');
			expect(page, path).toContain('href="/altengeseke/"');
		}
	});

	it.each([
		['no next', '/login'],
		['another site', `/login?next=${encodeURIComponent('https://evil.example/altengeseke/')}`],
		['a scheme-relative address', `/login?next=${encodeURIComponent('//evil.example/altengeseke/')}`],
		['a municipality', `/login?next=${encodeURIComponent('/anroechte/')}`],
		['an unknown village', `/login?next=${encodeURIComponent('/no-such-village/')}`],
		['a platform path', `/login?next=${encodeURIComponent('/projects/altengeseke')}`],
		['garbage', '/login?next=%00%ff%2F%2F%5C'],
		['an oversized next', `/login?next=${encodeURIComponent(`/altengeseke/${'x'.repeat(3000)}`)}`]
	])('looks like the platform for %s', async (_, path) => {
		const res = await anonymous().get(path);
		expect(res.status).toBe(200);
		const page = await html(res);
		expect(page).not.toContain('Altengeseke');
		expect(page).not.toContain('--light-color-primary');
	});

	it('still leads back to the village page after signing in', async () => {
		const member = anonymous();
		const res = await member.post('/login?next=%2Faltengeseke%2Fcalendar', { email: 'buerger@example.org', password: 'allmende-demo' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/altengeseke/calendar');
	});
});

/** The QR code on a poster page, read back into its modules. */
function posterModules(page: string): boolean[][] {
	const svg = /<svg viewBox="(-?\d+) (-?\d+) (\d+) (\d+)"[^>]*>[\s\S]*?<path d="([^"]+)"/.exec(page);
	expect(svg, 'a QR code on the poster').not.toBeNull();
	const [, x, , width, , path] = svg!;
	return modulesOf(path!, Number(width) + 2 * Number(x));
}
const codeOf = (text: string) => qrModules(generate(text, POSTER_QR_OPTIONS));

describe('the poster', () => {
	it('shows the app’s address on the platform when the village has no host name of its own', async () => {
		const res = await anonymous().get('/koerbecke/poster');
		expect(res.status).toBe(200);
		const page = await html(res);
		expect(posterModules(page)).toEqual(codeOf(`${server.url}/koerbecke/`));
		expect(posterModules(page)).not.toEqual(codeOf(`${server.url}/altengeseke/`));
		expect(page).toContain(`${server.url.replace(/^https:\/\//, '')}/koerbecke</strong>`);
		expect(title(page)).toBe('Aushang für Körbecke');
	});

	it('shows the village’s own host name when it has one', async () => {
		await db.updateTable('tenants').set({ host: 'xn--krbecke-90a.example', contentVersion: bump }).where('slug', '=', 'koerbecke').execute();
		try {
			const page = await html(await anonymous().get('/koerbecke/poster'));
			const port = new URL(server.url).port;
			expect(posterModules(page)).toEqual(codeOf(`http://xn--krbecke-90a.example:${port}/`));
			expect(posterModules(page)).not.toEqual(codeOf(`${server.url}/koerbecke/`));
			expect(page).toContain(`körbecke.example:${port}</strong>`);
		} finally {
			await db.updateTable('tenants').set({ host: null, contentVersion: bump }).where('slug', '=', 'koerbecke').execute();
		}
	});

	it.each(['/anroechte/poster', '/kreis-soest/poster', '/no-such-village/poster', '/__proto__/poster', '/anroechte/install'])('is no page for what is no village: %s', async (path) => {
		expect((await anonymous().get(path)).status).toBe(404);
	});
});

describe('the install help', () => {
	const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
	const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
	const order = (page: string) => [...page.matchAll(/<h2 id="install-(android|ios|desktop)"/g)].map((m) => m[1]);

	it('shows every platform’s steps, the visitor’s first, and says that it depends on the browser', async () => {
		const iphone = await anonymous().get('/altengeseke/install', { 'user-agent': IPHONE });
		expect(iphone.status).toBe(200);
		expect(iphone.headers.get('vary')?.toLowerCase()).toContain('user-agent');
		const page = await html(iphone);
		expect(order(page)).toEqual(['ios', 'android', 'desktop']);
		expect(page).toContain('Zum Home-Bildschirm');
		expect(page).toMatch(/src="\/altengeseke\/icons\/icon-192\.png\?v=[\w-]+"/);
		expect(page).toContain('href="/altengeseke/poster"');
		expect(order(await html(await anonymous().get('/altengeseke/install', { 'user-agent': ANDROID })))).toEqual(['android', 'ios', 'desktop']);
		expect(order(await html(await anonymous().get('/altengeseke/install', { 'user-agent': '' })))).toEqual(['desktop', 'android', 'ios']);
	});

	it('is linked from every page of the app', async () => {
		expect(await html(await anonymous().get('/altengeseke/'))).toContain('href="/altengeseke/install"');
	});
});

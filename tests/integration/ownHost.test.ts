// A village's own host name against the real server: Körbecke gets "dorf.example"; requests with that Host header
// get its app at / (home, modules, manifest and service worker scoped to /, the offline page), the shared platform
// paths keep working there, and nothing of another village or of the platform's own pages shows up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, type RawResponse } from '../helpers/http.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const HOST = 'dorf.example';
const on = (host: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> => rawRequest(server.url, { path, headers: { host, accept: 'text/html', ...headers } });
const platformHost = () => new URL(server.url).host;

beforeAll(async () => {
	server = await startServer();
	const { db } = openServerDb(server.databaseUrl);
	await db.updateTable('tenants').set({ host: HOST }).where('slug', '=', 'koerbecke').execute();
	await db.destroy();
	// the server reads the host names at most every 30 s (tenancy/hostRouting.ts): wait until it knows this one
	const deadline = Date.now() + 45_000;
	while (!(await on(HOST, '/')).body.includes('<h1>Körbecke</h1>')) {
		if (Date.now() > deadline) throw new Error(`${HOST} was not served as Körbecke's app after 45 s`);
		await new Promise((r) => setTimeout(r, 500));
	}
}, 120_000);
afterAll(async () => server?.stop());

describe('what the own host name does not do', () => {
	it('changes nothing on the platform’s host: the platform at /, the app at /<village>/ with its manifest there', async () => {
		const home = await on(platformHost(), '/');
		expect(home.status).toBe(200);
		expect(home.body).not.toContain('data-app-village');
		const rootManifest = await on(platformHost(), '/manifest.webmanifest');
		expect(rootManifest.status).not.toBe(200); // a redirect to /manifest.webmanifest/, which is no village either
		expect(rootManifest.headers['content-type'] ?? '').not.toMatch(/manifest/);
		const manifest = JSON.parse((await on(platformHost(), '/koerbecke/manifest.webmanifest')).body) as { scope: string; start_url: string; id: string };
		expect(manifest).toMatchObject({ id: '/koerbecke/', start_url: '/koerbecke/', scope: '/koerbecke/' });
		expect((await on(platformHost(), '/koerbecke/')).body).toMatch(/base:"\/koerbecke\/"/);
	});

	it('counts a forged x-allmende-village-host header for nothing: only the server’s host router sets it', async () => {
		const forged = { 'x-allmende-village-host': 'koerbecke' };
		expect((await on(platformHost(), '/', forged)).body).not.toContain('data-app-village');
		const manifest = JSON.parse((await on(platformHost(), '/koerbecke/manifest.webmanifest', forged)).body) as { scope: string };
		expect(manifest.scope).toBe('/koerbecke/');
		expect((await on(platformHost(), '/koerbecke/', forged)).body).toMatch(/base:"\/koerbecke\/"/);
		// and on the village's host, another village's name in it changes nothing either
		expect((await on(HOST, '/', { 'x-allmende-village-host': 'altengeseke' })).body).toContain('data-app-village="koerbecke"');
	});

	it('makes no other name the village’s: a longer name, a subdomain, a name with a dot at the end, __proto__', async () => {
		for (const host of [`${HOST}.evil`, `www.${HOST}`, `${HOST}.`, '__proto__']) {
			const res = await on(host, '/');
			expect(res.body, host).not.toContain('data-app-village');
		}
	});

	it('serves no other village there: its path is a page of Körbecke’s app, which has no such module', async () => {
		const other = await on(HOST, '/altengeseke/');
		expect(other.status).toBe(308);
		expect(other.headers.location).toBe('/koerbecke/altengeseke');
		expect((await on(HOST, '/altengeseke')).status).toBe(404);
		expect((await on(HOST, '/altengeseke/manifest.webmanifest')).status).toBe(404);
	});

	it('keeps the platform’s pages to the platform: /projects there is a module path of the village, not the project pool', async () => {
		const res = await on(HOST, '/projects');
		// the village app's page (its projects module), never the platform's list with its search and filters
		expect(res.body).toContain('<html data-app-village="koerbecke"');
		expect(res.body).not.toContain('Projekte durchsuchen');
	});
});

describe('the village app at / of its own host name', () => {
	it('serves the home page at / and names the village for the browser’s router', async () => {
		const home = await on(`${HOST}:8080`, '/');
		expect(home.status).toBe(200);
		expect(home.body).toContain('<html data-app-village="koerbecke" lang="de"');
		expect(home.body).toContain('<h1>Körbecke</h1>');
		// the service worker's scope and the published version, for AppWorker.svelte
		expect(home.body).toMatch(/app:\{slug:"koerbecke",base:"\/",version:\d+\}/);
	});

	it('serves its modules at /<module>, and the links the app renders (/<village>/<module>) as they are', async () => {
		for (const path of ['/calendar', '/news', '/links', '/koerbecke/calendar', '/koerbecke/']) {
			const res = await on(HOST, path);
			expect(res.status, path).toBe(200);
			expect(res.body, path).toContain('data-app-village="koerbecke"');
		}
		expect((await on(HOST, '/calendar')).body).toContain('Veranstaltungen');
	});

	it('serves the manifest with id, start_url and scope /, at /manifest.webmanifest and at the address the page links', async () => {
		for (const path of ['/manifest.webmanifest', '/koerbecke/manifest.webmanifest']) {
			const res = await on(HOST, path);
			expect(res.status, path).toBe(200);
			expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/);
			const manifest = JSON.parse(res.body) as { id: string; start_url: string; scope: string; icons: { src: string }[] };
			expect(manifest).toMatchObject({ id: '/', start_url: '/', scope: '/' });
			for (const icon of manifest.icons) expect((await on(HOST, icon.src)).status, icon.src).toBe(200);
		}
	});

	it('serves the service worker script (it registers with scope /) and the offline page', async () => {
		const worker = await on(HOST, '/service-worker.js?village=koerbecke');
		expect(worker.status).toBe(200);
		expect(worker.headers['content-type']).toMatch(/javascript/);
		const offline = await on(HOST, '/offline');
		expect(offline.status).toBe(200);
		expect(offline.body).toContain('Sie sind offline');
	});

	it('keeps the shared platform paths: login, account, API, health', async () => {
		const login = await on(HOST, '/login');
		expect(login.status).toBe(200);
		expect(login.body).toContain('data-app-village="koerbecke"');
		expect((await on(HOST, '/account')).status).toBe(303);
		const app = await on(HOST, '/api/v1/villages/koerbecke/app', { accept: 'application/json' });
		expect(app.status).toBe(200);
		expect((JSON.parse(app.body) as { version: number }).version).toBeTypeOf('number');
		expect((await on(HOST, '/healthz', { accept: 'application/json' })).status).toBe(200);
		expect((await on(HOST, '/files/0190-no-such-file')).status).toBe(404);
	});
});

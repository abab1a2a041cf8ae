// The render cache against the real server: anonymous pages come from the cache until a write in their village
// (or the county) commits; then the next request shows the change. Each kind of write once: each module's API,
// the pool's API, an admin's change in the builder, a scheduled publish by the job worker. Another village's pages
// stay cached; signed-in people and other languages never share a page with anonymous readers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, rawRequest, switchModuleAndPublish } from '../helpers/http.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let adminB: Client;

/** an anonymous GET (no cookie at all): its status, body and what the cache did */
async function read(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; cache: string | null; etag: string | null }> {
	const res = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { accept: 'text/html', ...headers } });
	return { status: res.status, body: await res.text(), cache: res.headers.get('x-allmende-cache'), etag: res.headers.get('etag') };
}

/** reads the page until it is a hit (the first read renders it); returns that hit */
async function cached(path: string) {
	await read(path);
	const hit = await read(path);
	expect(hit.cache, path).toBe('hit');
	return hit;
}

const OTHER_VILLAGE = '/altengeseke/';

beforeAll(async () => {
	server = await startServer();
	adminB = new Client(server.url);
	await adminB.login('dorf2@example.org');
}, 60_000);
afterAll(() => server?.stop());

describe('what the cache keeps and for whom', () => {
	it('serves the second anonymous read of a village page from the cache, with an ETag and 304', async () => {
		const first = await read('/koerbecke/');
		const hit = await cached('/koerbecke/');
		expect(hit.body).toBe(first.body);
		expect(hit.etag).toBeTruthy();
		const res = await fetch(`${server.url}/koerbecke/`, { headers: { accept: 'text/html', 'if-none-match': hit.etag! } });
		expect(res.status).toBe(304);
		expect(await res.text()).toBe('');
	});

	it('never serves a signed-in person from it nor keeps their page; the anonymous page stays as it was', async () => {
		const before = await cached('/koerbecke/');
		for (let i = 0; i < 2; i++) {
			const res = await adminB.get('/koerbecke/');
			expect(res.headers.get('x-allmende-cache')).toBeNull();
			expect(res.headers.get('cache-control')).toBe('private, no-store');
			expect(await res.text()).not.toBe(before.body);
		}
		expect((await read('/koerbecke/')).body).toBe(before.body);
		// a session cookie that is no longer valid goes past the cache too (and is deleted)
		const stale = await read('/koerbecke/', { cookie: 'allmende_session=not-a-session' });
		expect(stale.cache).toBeNull();
	});

	it('keeps German and English apart', async () => {
		const de = await cached('/koerbecke/');
		const en = await read('/koerbecke/', { cookie: 'PARAGLIDE_LOCALE=en' });
		expect(en.cache).toBe('miss');
		expect(en.body).toContain('lang="en"');
		expect(de.body).toContain('lang="de"');
		expect((await read('/koerbecke/', { cookie: 'PARAGLIDE_LOCALE=en' })).cache).toBe('hit');
	});

	it('keeps nothing for a host name that is neither the platform’s nor a village’s', async () => {
		for (let i = 0; i < 2; i++) {
			const res = await rawRequest(server.url, { path: '/', headers: { accept: 'text/html', host: 'attacker.example' } });
			expect(res.status).toBe(200);
			expect(res.headers['x-allmende-cache']).toBeUndefined();
		}
		// the platform's own name is cached, also when asked for by its address with the port
		const own = new URL(server.url).host;
		await rawRequest(server.url, { path: '/', headers: { accept: 'text/html', host: own } });
		expect((await rawRequest(server.url, { path: '/', headers: { accept: 'text/html', host: own } })).headers['x-allmende-cache']).toBe('hit');
	});

	it('keeps no error pages, sign-in pages, health checks or pages that vary by browser', async () => {
		for (const path of ['/koerbecke/no-such-module', '/login', '/healthz', '/register', '/koerbecke/install']) {
			await read(path);
			expect((await read(path)).cache, path).toBeNull();
		}
	});
});

describe('every kind of write shows on the next anonymous request, and only in its village', () => {
	it('a link added over the links API', async () => {
		await cached('/koerbecke/links');
		await cached(OTHER_VILLAGE);
		const groups = (await (await fetch(`${server.url}/api/v1/villages/koerbecke/links/links`)).json()) as { groups: { id: string }[] };
		const res = await adminB.api('POST', '/api/v1/villages/koerbecke/links/links', { groupId: groups.groups[0]!.id, title: 'Cache-Probe Link', url: 'https://probe.example.org' });
		expect(res.status).toBe(201);
		const after = await read('/koerbecke/links');
		expect(after.cache).toBe('miss');
		expect(after.body).toContain('Cache-Probe Link');
		expect((await read(OTHER_VILLAGE)).cache).toBe('hit');
	});

	it('an article published over the news API, in the page and the feed', async () => {
		await cached('/koerbecke/news');
		await cached('/koerbecke/news.xml');
		const res = await adminB.api('POST', '/api/v1/villages/koerbecke/news/articles', { title: 'Cache-Probe Artikel', category: 'Aus dem Dorf', publish: 'now' });
		expect(res.status).toBe(201);
		expect((await read('/koerbecke/news')).body).toContain('Cache-Probe Artikel');
		expect((await read('/koerbecke/news.xml')).body).toContain('Cache-Probe Artikel');
		expect((await read(OTHER_VILLAGE)).cache).toBe('hit');
	});

	it('an event added over the calendar API, in the page, the JSON API and calendar.ics', async () => {
		await cached('/koerbecke/calendar');
		await cached('/koerbecke/calendar.ics');
		await cached('/api/v1/villages/koerbecke/calendar/events');
		const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
		const res = await adminB.api('POST', '/api/v1/villages/koerbecke/calendar/events', { title: 'Cache-Probe Termin', start: `${tomorrow}T18:00` });
		expect(res.status).toBe(201);
		expect((await read('/koerbecke/calendar')).body).toContain('Cache-Probe Termin');
		expect((await read('/koerbecke/calendar.ics')).body).toContain('Cache-Probe Termin');
		expect((await read('/api/v1/villages/koerbecke/calendar/events')).body).toContain('Cache-Probe Termin');
		expect((await read(OTHER_VILLAGE)).cache).toBe('hit');
	});

	it("a project changed over the pool's API, in the village's projects module and on the county's pages", async () => {
		const { db } = openServerDb(server.databaseUrl);
		try {
			const koerbecke = await db.selectFrom('tenants').select('id').where('slug', '=', 'koerbecke').executeTakeFirstOrThrow();
			const found = await db.selectFrom('projects').select(['id', 'slug']).where('tenantId', '=', koerbecke.id).where('hiddenAt', 'is', null).executeTakeFirstOrThrow();
			const project = { id: found.id, ref: `${found.id}-${found.slug}` };
			await cached('/koerbecke/projects');
			await cached('/projects');
			await cached(`/projects/${project.ref}`);
			const res = await adminB.api('PATCH', `/api/v1/projects/${project.id}`, { title: 'Cache-Probe Projekt' });
			expect(res.status).toBe(200);
			expect((await read('/koerbecke/projects')).body).toContain('Cache-Probe Projekt');
			expect((await read('/projects')).body).toContain('Cache-Probe Projekt');
			// a new title is a new address; the old one leads there
			const moved = await read(`/projects/${project.ref}`);
			expect(moved.status).toBeGreaterThanOrEqual(300);
			const now = await db.selectFrom('projects').select('slug').where('id', '=', project.id).executeTakeFirstOrThrow();
			expect((await read(`/projects/${project.id}-${now.slug}`)).body).toContain('Cache-Probe Projekt');
		} finally {
			await db.destroy();
		}
	});

	it("an admin's change in the builder: the links module switched off and published", async () => {
		const home = await cached('/koerbecke/');
		expect(home.body).toContain('href="/koerbecke/links"');
		await cached(OTHER_VILLAGE);
		expect((await switchModuleAndPublish(adminB, 'koerbecke', 'links', false)).status).toBe(303);
		const after = await read('/koerbecke/');
		expect(after.cache).toBe('miss');
		expect(after.body).not.toContain('href="/koerbecke/links"');
		expect((await read('/koerbecke/links')).status).toBe(404);
		expect((await read(OTHER_VILLAGE)).cache).toBe('hit');
		expect((await switchModuleAndPublish(adminB, 'koerbecke', 'links', true)).status).toBe(303);
		expect((await read('/koerbecke/')).body).toContain('href="/koerbecke/links"');
	});

	it('an article the job worker publishes at its time, with no request in between', async () => {
		const publishAt = new Date(Date.now() + 2_000).toISOString();
		const res = await adminB.api('POST', '/api/v1/villages/koerbecke/news/articles', { title: 'Cache-Probe geplant', category: 'Aus dem Dorf', publishAt });
		expect(res.status).toBe(201);
		const before = await cached('/koerbecke/news');
		expect(before.body).not.toContain('Cache-Probe geplant');
		const deadline = Date.now() + 30_000;
		let body = '';
		while (Date.now() < deadline && !body.includes('Cache-Probe geplant')) {
			await new Promise((r) => setTimeout(r, 500));
			body = (await read('/koerbecke/news')).body;
		}
		expect(body).toContain('Cache-Probe geplant');
	}, 40_000);
});

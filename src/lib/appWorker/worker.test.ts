// The worker's behaviour with an in-memory Cache Storage and a scripted network: what it keeps, what it never
// keeps, what it answers offline, and whose caches it deletes.
import { beforeEach, describe, expect, it } from 'vitest';
import { STORED_AT } from './cacheNames.ts';
import { appScope } from './rules.ts';
import { createAppWorker, type WorkerDeps } from './worker.ts';
import { MemoryCaches } from './memoryCaches.ts';

const ORIGIN = 'https://allmende.example';
const HOME = `${ORIGIN}/koerbecke/`;
const html = (body: string, headers: Record<string, string> = {}) => () => new Response(`<!doctype html><html lang="de"><title>${body}</title>${body}`, { headers: { 'content-type': 'text/html', ...headers } });
const jsonBody = (body: unknown, headers: Record<string, string> = {}) => () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', ...headers } });

let caches: MemoryCaches;
let routes: Record<string, () => Response | Promise<Response>>;
let online: boolean;
let fetched: string[];
let pending: Promise<unknown>[];
let clock: number;

function worker(overrides: Partial<WorkerDeps> = {}, scopeUrl = HOME) {
	return createAppWorker({
		scope: appScope(scopeUrl, 'koerbecke')!,
		version: 'v2',
		caches: caches as unknown as CacheStorage,
		now: () => clock,
		fetch: async (input) => {
			const url = typeof input === 'string' ? input : input.url;
			fetched.push(url);
			if (!online) throw new TypeError('Failed to fetch');
			const route = routes[url];
			return route ? route() : new Response('not found', { status: 404, headers: { 'content-type': 'text/html' } });
		},
		...overrides
	});
}
const waitUntil = (p: Promise<unknown>) => void pending.push(p);
async function settle() {
	while (pending.length) await Promise.all(pending.splice(0));
}
// Node's Request has no navigation mode; the worker reads request.mode, so it is set here.
function request(url: string, mode: string, method = 'GET') {
	const r = new Request(url, { method });
	Object.defineProperty(r, 'mode', { value: mode });
	return r;
}
/** The worker's answer to a GET; fails the test if the worker would not have answered at all. */
async function visit(w: ReturnType<typeof worker>, url: string, mode = 'navigate'): Promise<Response> {
	const handled = w.handle(request(url, mode), waitUntil);
	if (!handled) throw new Error(`the worker passed ${url} on`);
	const response = await handled;
	await settle();
	return response;
}

beforeEach(() => {
	caches = new MemoryCaches();
	online = true;
	fetched = [];
	pending = [];
	clock = 1_000_000;
	routes = {
		[HOME]: html('Körbecke', { link: '<../_app/immutable/chunks/a.js>; rel="modulepreload"' }),
		[`${ORIGIN}/koerbecke/offline`]: html('Offline <link href="../_app/immutable/assets/b.css" rel="stylesheet">'),
		[`${ORIGIN}/koerbecke/manifest.webmanifest`]: jsonBody({ icons: [{ src: '/koerbecke/icons/icon-192.png?v=1' }, { src: 'https://evil.example/x.png' }] }),
		[`${ORIGIN}/koerbecke/icons/icon-192.png?v=1`]: () => new Response('png', { headers: { 'content-type': 'image/png' } }),
		[`${ORIGIN}/_app/immutable/chunks/a.js`]: () => new Response('js', { headers: { 'content-type': 'text/javascript' } }),
		[`${ORIGIN}/_app/immutable/assets/b.css`]: () => new Response('css', { headers: { 'content-type': 'text/css' } }),
		[`${ORIGIN}/koerbecke/news`]: html('News'),
		[`${ORIGIN}/koerbecke/links`]: html('Links'),
		[`${ORIGIN}/koerbecke/news/__data.json`]: jsonBody({ type: 'data' }),
		[`${ORIGIN}/altengeseke/`]: html('Altengeseke'),
		[`${ORIGIN}/api/v1/villages/koerbecke/app`]: jsonBody({ version: 3 }, { 'cache-control': 'no-cache' })
	};
});

describe('never', () => {
	it('touches a form post or any other write (the browser sends it as if there were no worker)', () => {
		const w = worker();
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(w.handle(request(`${ORIGIN}/koerbecke/news`, 'navigate', method), waitUntil)).toBeNull();
		expect(w.handle(request(`${ORIGIN}/api/v1/villages/koerbecke/news/articles`, 'cors', 'POST'), waitUntil)).toBeNull();
		expect(fetched).toEqual([]);
	});

	it('touches another village’s pages, the platform, the account or a range request', () => {
		const w = worker();
		expect(w.handle(request(`${ORIGIN}/altengeseke/`, 'navigate'), waitUntil)).toBeNull();
		expect(w.handle(request(`${ORIGIN}/account`, 'navigate'), waitUntil)).toBeNull();
		const ranged = request(`${ORIGIN}/files/abc`, 'no-cors');
		ranged.headers.set('range', 'bytes=0-10');
		expect(w.handle(ranged, waitUntil)).toBeNull();
	});

	it('keeps a page the server marked no-store, nor an error page', async () => {
		routes[`${ORIGIN}/koerbecke/news`] = html('News', { 'cache-control': 'no-store' });
		const w = worker();
		expect((await visit(w, `${ORIGIN}/koerbecke/news`)).status).toBe(200);
		expect(await visit(w, `${ORIGIN}/koerbecke/gibts-nicht`)).toHaveProperty('status', 404);
		expect(caches.list()).toEqual([]);
	});

	it('looks into or deletes another village’s caches, or caches that are not ours', async () => {
		await caches.open('allmende:altengeseke:v1:pages');
		await caches.open('allmende:koerbecke:v1:pages');
		await caches.open('allmende:koerbecke:v1:shell');
		await caches.open('allmende:koerbecke:v2:pages');
		await caches.open('someone-elses-cache');
		await worker().activate();
		expect(await caches.keys()).toEqual(['allmende:altengeseke:v1:pages', 'allmende:koerbecke:v2:pages', 'someone-elses-cache']);
	});
});

describe('offline', () => {
	it('a reload shows the pages as last seen, an unvisited page the offline page, an unvisited read fails', async () => {
		const w = worker();
		await w.install();
		await visit(w, `${ORIGIN}/koerbecke/news`);
		await visit(w, `${ORIGIN}/api/v1/villages/koerbecke/app`, 'cors');
		online = false;
		const news = await visit(w, `${ORIGIN}/koerbecke/news`);
		expect(news.headers.get(STORED_AT)).toBe(String(clock));
		// marked as a copy, with when it was kept, for the app's note (AppWorker.svelte)
		expect(await news.text()).toBe(`<!doctype html><html data-offline-copy="${clock}" lang="de"><title>News</title>News`);
		expect(await (await visit(w, HOME)).text()).toContain('Körbecke');
		// the offline page in place of a page never visited: not marked as a copy of that page
		const offline = await (await visit(w, `${ORIGIN}/koerbecke/calendar`)).text();
		expect(offline).toContain('Offline');
		expect(offline).not.toContain('data-offline-copy');
		expect(await (await visit(w, `${ORIGIN}/api/v1/villages/koerbecke/app`, 'cors')).json()).toEqual({ version: 3 });
		expect((await visit(w, `${ORIGIN}/api/v1/villages/koerbecke/news/articles`, 'cors')).type).toBe('error');
		expect((await visit(w, `${ORIGIN}/koerbecke/news/__data.json`, 'cors').catch((e: Error) => e)) instanceof Error).toBe(true);
	});

	it('without a shell there is no offline page to show: the browser’s own error', async () => {
		const w = worker();
		online = false;
		expect((await visit(w, `${ORIGIN}/koerbecke/news`)).type).toBe('error');
	});

	it('a server error answers with the stored copy where there is one', async () => {
		const w = worker();
		await visit(w, `${ORIGIN}/koerbecke/news`);
		routes[`${ORIGIN}/koerbecke/news`] = routes[`${ORIGIN}/koerbecke/links`] = () => new Response('Bad Gateway', { status: 502 });
		expect(await (await visit(w, `${ORIGIN}/koerbecke/news`)).text()).toContain('News');
		expect((await visit(w, `${ORIGIN}/koerbecke/links`)).status).toBe(502);
	});

	it('a page that takes too long shows the stored copy; the late answer is still kept', async () => {
		const w = worker({ pageTimeoutMs: 20 });
		await visit(w, `${ORIGIN}/koerbecke/news`);
		let release!: () => void;
		routes[`${ORIGIN}/koerbecke/news`] = () => new Promise((resolve) => (release = () => resolve(html('News, neu')())));
		clock += 1;
		const shown = await w.handle(request(`${ORIGIN}/koerbecke/news`, 'navigate'), waitUntil)!;
		expect(await shown.text()).not.toContain('neu');
		release();
		await settle();
		const kept = await (await caches.open('allmende:koerbecke:v2:pages')).match(`${ORIGIN}/koerbecke/news`);
		expect(await kept!.text()).toContain('News, neu');
	});
});

describe('keeps', () => {
	it('the app shell on install: home, offline page, manifest, icons and the JS/CSS the pages name, on our origin only', async () => {
		const { urls, bytes } = await worker().install();
		expect(urls.sort()).toEqual(
			[
				HOME,
				`${ORIGIN}/koerbecke/offline`,
				`${ORIGIN}/koerbecke/manifest.webmanifest`,
				`${ORIGIN}/koerbecke/icons/icon-192.png?v=1`,
				`${ORIGIN}/_app/immutable/chunks/a.js`,
				`${ORIGIN}/_app/immutable/assets/b.css`
			].sort()
		);
		expect(bytes).toBeGreaterThan(0);
		expect(fetched).not.toContain('https://evil.example/x.png');
		expect(caches.list().every((entry) => entry.startsWith('shell '))).toBe(true);
	});

	it('no half shell: if the home page fails, install fails and the old shell stays', async () => {
		const w = worker();
		await w.install();
		routes[HOME] = () => new Response('oops', { status: 500 });
		await expect(w.refreshShell()).rejects.toThrow(/home|koerbecke\/ answered 500/);
		expect(caches.list()).toContain(`shell ${HOME}`);
	});

	it('a refreshed shell drops what the pages no longer name', async () => {
		const w = worker();
		await w.install();
		routes[HOME] = html('Körbecke 2', { link: '<../_app/immutable/chunks/c.js>; rel="modulepreload"' });
		routes[`${ORIGIN}/_app/immutable/chunks/c.js`] = () => new Response('js2', { headers: { 'content-type': 'text/javascript' } });
		await w.refreshShell();
		expect(caches.list()).toContain(`shell ${ORIGIN}/_app/immutable/chunks/c.js`);
		expect(caches.list()).not.toContain(`shell ${ORIGIN}/_app/immutable/chunks/a.js`);
	});

	it('a signed-in person’s own view (private, no-store) for them, as they saw it', async () => {
		routes[`${ORIGIN}/koerbecke/news`] = html('Meine News', { 'cache-control': 'private, no-store' });
		const w = worker();
		await visit(w, `${ORIGIN}/koerbecke/news`);
		expect(caches.list()).toEqual([`pages ${ORIGIN}/koerbecke/news`]);
	});

	it('the page of a navigation inside the app, fetched behind its data, and not again within two minutes', async () => {
		const w = worker();
		await visit(w, `${ORIGIN}/koerbecke/news/__data.json`, 'cors');
		expect(caches.list()).toEqual([`pages ${ORIGIN}/koerbecke/news`]);
		fetched = [];
		clock += 60_000;
		await visit(w, `${ORIGIN}/koerbecke/news/__data.json`, 'cors');
		expect(fetched).toEqual([`${ORIGIN}/koerbecke/news/__data.json`]);
		clock += 61_000;
		await visit(w, `${ORIGIN}/koerbecke/news/__data.json`, 'cors');
		expect(fetched).toContain(`${ORIGIN}/koerbecke/news`);
	});

	it('immutable assets from the cache once kept, without asking the network again', async () => {
		const w = worker();
		await visit(w, `${ORIGIN}/_app/immutable/chunks/a.js`, 'no-cors');
		fetched = [];
		expect(await (await visit(w, `${ORIGIN}/_app/immutable/chunks/a.js`, 'no-cors')).text()).toBe('js');
		expect(fetched).toEqual([]);
	});

	it('the assets a page loaded before the worker controlled it — only immutable ones of our origin', async () => {
		const w = worker();
		await w.keepAssets([`${ORIGIN}/_app/immutable/chunks/a.js`, `${ORIGIN}/koerbecke/admin`, 'https://evil.example/_app/immutable/x.js', 42, '::not a url::']);
		expect(caches.list()).toEqual([`assets ${ORIGIN}/_app/immutable/chunks/a.js`]);
		await w.keepAssets('not a list');
	});

	it('at most the limit per bucket, the oldest going first', async () => {
		const w = worker({ limits: { pages: 2, assets: 2 } });
		for (const path of ['news', 'links', '']) await visit(w, `${ORIGIN}/koerbecke/${path}`);
		expect(caches.list()).toEqual([`pages ${ORIGIN}/koerbecke/`, `pages ${ORIGIN}/koerbecke/links`]);
	});

	it('on the own host, the app at / with its pages under both addresses', async () => {
		routes = {
			'https://dorf.example/': html('Körbecke'),
			'https://dorf.example/offline': html('Offline'),
			'https://dorf.example/manifest.webmanifest': jsonBody({ icons: [] }),
			'https://dorf.example/news': html('News'),
			'https://dorf.example/login': html('Login')
		};
		const w = worker({}, 'https://dorf.example/');
		await w.install();
		await visit(w, 'https://dorf.example/news');
		expect(w.handle(request('https://dorf.example/login', 'navigate'), waitUntil)).toBeNull();
		online = false;
		expect(await (await visit(w, 'https://dorf.example/news')).text()).toContain('News');
		expect(await (await visit(w, 'https://dorf.example/koerbecke/links')).text()).toContain('Offline');
	});
});

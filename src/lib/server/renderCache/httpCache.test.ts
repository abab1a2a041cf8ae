import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CacheScope, ContentVersions } from './contentVersions.ts';
import { CACHE_MARK_HEADER, cacheKeyOf, createHttpCache, type HttpCache } from './httpCache.ts';
import { MAX_AGE_MS } from './renderCache.ts';

// The cache at the door, with a stand-in for SvelteKit that renders like the adapter does (setHeader for each
// header, writeHead(status), write, end) and counts its renders.

const versions = new Map<string, number>();
const reader: ContentVersions = {
	read: (scope: CacheScope) => (scope === 'all' ? [...versions.values()].reduce((a, b) => a + b, 0) : scope.reduce((sum, id) => sum + (versions.get(id) ?? 0), 0)),
	close: () => {}
};
let clock = 1_000_000;
let cache: HttpCache;
let renders = 0;
let server: Server;
let base: string;

/** what the stand-in renders: the village's version in the body, a mark unless told otherwise */
function app(req: IncomingMessage, res: ServerResponse): void {
	renders++;
	const url = new URL(req.url ?? '/', 'http://x');
	const village = url.pathname.split('/')[1] || 'county';
	const scope = village === 'county' ? 'all' : village;
	const version = reader.read(scope === 'all' ? 'all' : [scope]) as number;
	if (url.searchParams.get('status')) res.statusCode = Number(url.searchParams.get('status'));
	res.setHeader('content-type', 'text/html; charset=utf-8');
	res.setHeader('x-request-id', `r${renders}`);
	res.setHeader('link', '</_app/immutable/entry/start.js>; rel="modulepreload"; nopush');
	if (url.searchParams.has('cookie')) res.setHeader('set-cookie', ['a=1']);
	if (!url.searchParams.has('nomark')) res.setHeader(CACHE_MARK_HEADER, `${scope};${version}`);
	res.writeHead(res.statusCode);
	res.write(`<p>${village} at ${version}, `);
	res.end(`render ${renders}, ${req.headers.cookie ?? 'no cookie'}</p>`);
}

beforeAll(async () => {
	server = createServer((req, res) => {
		const key = cacheKeyOf(req);
		if (!key) return app(req, res);
		const served = cache.serve(req, res, key);
		if (served === true) return;
		if (served === false) {
			cache.capture(req, res, key);
			return app(req, res);
		}
		void served.then((done) => {
			if (done) return;
			cache.capture(req, res, key);
			app(req, res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
	versions.clear();
	versions.set('dorf-a', 1).set('dorf-b', 1);
	renders = 0;
	clock = 1_000_000;
	cache = createHttpCache({ maxBytes: 1024 * 1024, versions: reader, now: () => clock });
});

interface Answer {
	status: number;
	body: string;
	headers: IncomingMessage['headers'];
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = request(`${base}${path}`, { method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('which requests the cache may see', () => {
	const req = (method: string, headers: Record<string, string>, url = '/dorf-a/') => ({ method, url, headers }) as unknown as IncomingMessage;

	it('refuses writes, tokens, sessions, any other cookie, odd and overlong URLs', () => {
		expect(cacheKeyOf(req('POST', {}))).toBeNull();
		expect(cacheKeyOf(req('GET', { authorization: 'Bearer x' }))).toBeNull();
		expect(cacheKeyOf(req('GET', { cookie: 'allmende_session=abc' }))).toBeNull();
		expect(cacheKeyOf(req('GET', { cookie: 'PARAGLIDE_LOCALE=en; allmende_session=abc' }))).toBeNull();
		expect(cacheKeyOf(req('GET', { cookie: '__proto__=1' }))).toBeNull();
		expect(cacheKeyOf(req('GET', {}, 'http://evil.example/'))).toBeNull();
		expect(cacheKeyOf(req('GET', {}, `/${'a'.repeat(3000)}`))).toBeNull();
	});

	it('keys by language, host, path with query, and whether HTML was asked for', () => {
		const de = cacheKeyOf(req('GET', { host: 'A.example', accept: 'text/html' }));
		expect(de).toBe(cacheKeyOf(req('GET', { host: 'a.example', accept: 'text/html', cookie: 'PARAGLIDE_LOCALE=de' })));
		expect(de).toBe(cacheKeyOf(req('GET', { host: 'a.example', accept: 'text/html', cookie: 'PARAGLIDE_LOCALE=fr' })));
		expect(de).not.toBe(cacheKeyOf(req('GET', { host: 'a.example', accept: 'text/html', cookie: 'PARAGLIDE_LOCALE=en' })));
		expect(de).not.toBe(cacheKeyOf(req('GET', { host: 'b.example', accept: 'text/html' })));
		expect(de).not.toBe(cacheKeyOf(req('GET', { host: 'a.example', accept: 'application/json' })));
		expect(de).not.toBe(cacheKeyOf(req('GET', { host: 'a.example', accept: 'text/html' }, '/dorf-a/?q=1')));
		expect(cacheKeyOf(req('HEAD', { host: 'a.example', accept: 'text/html' }))).toBe(de);
	});
});

describe('the render cache at the door', () => {
	it('answers the second anonymous GET without rendering, with the same bytes and an ETag', async () => {
		const first = await get('/dorf-a/');
		const second = await get('/dorf-a/');
		expect(renders).toBe(1);
		expect(first.headers['x-allmende-cache']).toBe('miss');
		expect(second.headers['x-allmende-cache']).toBe('hit');
		expect(second.body).toBe(first.body);
		expect(second.headers.etag).toBe(first.headers.etag);
		expect(second.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(first.headers[CACHE_MARK_HEADER]).toBeUndefined();
		expect(second.headers[CACHE_MARK_HEADER]).toBeUndefined();
		expect(second.headers['x-request-id']).toBeUndefined();
		// the Link header repeats the page head's preloads: the rendered answer has it, the kept copy goes without
		expect(first.headers.link).toContain('modulepreload');
		expect(second.headers.link).toBeUndefined();
	});

	it('answers 304 without a body for a matching If-None-Match, on a miss and on a hit', async () => {
		const first = await get('/dorf-a/');
		const hit = await get('/dorf-a/', { 'if-none-match': `W/"other", ${first.headers.etag}` });
		expect(hit.status).toBe(304);
		expect(hit.body).toBe('');
		expect(hit.headers.etag).toBe(first.headers.etag);
		versions.set('dorf-a', 2);
		const changed = await get('/dorf-a/', { 'if-none-match': first.headers.etag! });
		expect(changed.status).toBe(200);
		expect(changed.body).toContain('dorf-a at 2');
		const again = await get('/dorf-a/', { 'if-none-match': changed.headers.etag! });
		expect(again.status).toBe(304);
		expect(renders).toBe(2);
	});

	it("a write in the village (its version grows) shows on the next request; another village's stays cached", async () => {
		await get('/dorf-a/');
		await get('/dorf-b/');
		versions.set('dorf-a', 2);
		expect((await get('/dorf-a/')).body).toContain('dorf-a at 2');
		expect((await get('/dorf-b/')).headers['x-allmende-cache']).toBe('hit');
		expect(renders).toBe(3);
	});

	it('county pages (scope all) change with a write in any village', async () => {
		await get('/');
		expect((await get('/')).headers['x-allmende-cache']).toBe('hit');
		versions.set('dorf-b', 5);
		const after = await get('/');
		expect(after.headers['x-allmende-cache']).toBe('miss');
		expect(renders).toBe(2);
	});

	it('keeps the languages apart and never serves or keeps pages for a session', async () => {
		const de = await get('/dorf-a/');
		const en = await get('/dorf-a/', { cookie: 'PARAGLIDE_LOCALE=en' });
		expect(en.headers['x-allmende-cache']).toBe('miss');
		expect(en.body).toContain('PARAGLIDE_LOCALE=en');
		const signedIn = await get('/dorf-a/', { cookie: 'allmende_session=s1' });
		expect(signedIn.headers['x-allmende-cache']).toBeUndefined();
		expect(signedIn.body).toContain('allmende_session=s1');
		expect((await get('/dorf-a/')).body).toBe(de.body);
		expect(renders).toBe(3);
	});

	it('keeps nothing unmarked, failed, cookie-setting or HEAD', async () => {
		for (const path of ['/dorf-a/?nomark', '/dorf-a/?status=404', '/dorf-a/?status=500', '/dorf-a/?cookie']) {
			await get(path);
			const second = await get(path);
			expect(second.headers['x-allmende-cache'], path).not.toBe('hit');
		}
		const head = await get('/dorf-a/?head', {}, 'HEAD');
		expect(head.body).toBe('');
		expect((await get('/dorf-a/?head')).headers['x-allmende-cache']).toBe('miss');
		expect((await get('/dorf-a/?head', {}, 'HEAD')).headers['x-allmende-cache']).toBe('hit');
		expect(renders).toBe(10);
	});

	it('renders again after a minute (pages that move with the clock: upcoming events)', async () => {
		await get('/dorf-a/');
		clock += MAX_AGE_MS - 1;
		expect((await get('/dorf-a/')).headers['x-allmende-cache']).toBe('hit');
		clock += 2;
		expect((await get('/dorf-a/')).headers['x-allmende-cache']).toBe('miss');
	});

	it('stays within its bytes under 10,000 distinct URLs, the most recent kept', async () => {
		cache = createHttpCache({ maxBytes: 200 * 1024, versions: reader, now: () => clock });
		for (let i = 0; i < 10_000; i++) await get(`/dorf-a/?page=${i}`);
		expect(cache.store.bytes).toBeLessThanOrEqual(200 * 1024);
		expect(cache.store.size).toBeGreaterThan(50);
		expect(cache.store.stats.evicted).toBeGreaterThan(9_000);
		expect((await get('/dorf-a/?page=9999')).headers['x-allmende-cache']).toBe('hit');
		expect((await get('/dorf-a/?page=0')).headers['x-allmende-cache']).toBe('miss');
	});

	it('works with a version reader that answers later (PostgreSQL)', async () => {
		cache = createHttpCache({ maxBytes: 1024 * 1024, versions: { read: async (scope) => reader.read(scope), close: () => {} }, now: () => clock });
		await get('/dorf-a/');
		expect((await get('/dorf-a/')).headers['x-allmende-cache']).toBe('hit');
		versions.set('dorf-a', 9);
		expect((await get('/dorf-a/')).body).toContain('dorf-a at 9');
	});
});

import { describe, expect, it } from 'vitest';
import { cacheName, parseCacheName } from './cacheNames.ts';
import { appScope, isStorable, pageOfData, pathInApp, shellAssetUrls, strategyFor, type AppScope } from './rules.ts';

const platform = appScope('https://allmende.example/koerbecke/', 'koerbecke')!;
const ownHost = appScope('https://dorf.example/', 'koerbecke')!;

const get = (url: string, mode = 'no-cors') => ({ method: 'GET', url, mode });
const kind = (scope: AppScope, request: { method: string; url: string; mode: string }) => strategyFor(scope, request).kind;

describe('the scope a worker accepts', () => {
	it.each([
		['a scope of another village', 'https://allmende.example/altengeseke/', 'koerbecke'],
		['a scope below the app', 'https://allmende.example/koerbecke/news/', 'koerbecke'],
		['a scope without the slash', 'https://allmende.example/koerbecke', 'koerbecke'],
		['no village', 'https://allmende.example/', ''],
		['a village that is no slug', 'https://allmende.example/', '../admin'],
		['a village with a colon (cache names)', 'https://allmende.example/', 'a:b'],
		['no URL at all', 'not a url', 'koerbecke']
	])('refuses %s', (_, scopeUrl, slug) => {
		expect(appScope(scopeUrl, slug)).toBeNull();
	});

	it('takes /<village>/ on the platform and / on the village’s own host', () => {
		expect(platform).toEqual({ origin: 'https://allmende.example', slug: 'koerbecke', base: '/koerbecke/' });
		expect(ownHost).toEqual({ origin: 'https://dorf.example', slug: 'koerbecke', base: '/' });
	});
});

describe('what the worker never touches', () => {
	it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])('%s requests, also inside the app', (method) => {
		expect(kind(platform, { method, url: 'https://allmende.example/koerbecke/news', mode: 'navigate' })).toBe('pass');
		expect(kind(platform, { method, url: 'https://allmende.example/api/v1/villages/koerbecke/news/articles', mode: 'cors' })).toBe('pass');
	});

	it.each([
		['another village’s page', 'https://allmende.example/altengeseke/'],
		['another village’s data', 'https://allmende.example/altengeseke/news/__data.json'],
		['another village’s API', 'https://allmende.example/api/v1/villages/altengeseke/app'],
		['a village whose slug starts like ours', 'https://allmende.example/koerbecke-sued/'],
		['the platform', 'https://allmende.example/'],
		['the platform’s projects', 'https://allmende.example/projects'],
		['the account', 'https://allmende.example/account'],
		['the login', 'https://allmende.example/login?next=/koerbecke/'],
		['the API elsewhere', 'https://allmende.example/api/v1/tenants'],
		['another origin', 'https://tiles.example.org/koerbecke/1/2/3.png'],
		['the village’s administration', 'https://allmende.example/koerbecke/admin'],
		['the builder', 'https://allmende.example/koerbecke/builder'],
		['the builder’s data', 'https://allmende.example/koerbecke/builder/__data.json'],
		['the builder’s preview', 'https://allmende.example/koerbecke/builder/preview'],
		['a page of the draft (the builder’s preview frame)', 'https://allmende.example/koerbecke/?preview=draft&scheme=dark&lang=en'],
		['a module page of the draft', 'https://allmende.example/koerbecke/news?preview=draft']
	])('%s, as a navigation', (_, url) => {
		expect(kind(platform, get(url, 'navigate'))).toBe('pass');
	});

	it.each([
		['/login', '/login'],
		['/logout', '/logout'],
		['/account', '/account/export'],
		['/register', '/register'],
		['/api of the platform', '/api/v1/tenants'],
		['the service worker itself', '/service-worker.js'],
		['the administration', '/admin'],
		['the administration under the slug', '/koerbecke/admin'],
		['the builder', '/builder']
	])('on the own host: %s', (_, path) => {
		expect(kind(ownHost, get(`https://dorf.example${path}`, 'navigate'))).toBe('pass');
	});

	it('the draft’s data, fetched when the preview refreshes, is never kept', () => {
		expect(kind(platform, get('https://allmende.example/koerbecke/__data.json?preview=draft&x-sveltekit-invalidated=01'))).toBe('pass');
		expect(kind(platform, get('https://allmende.example/koerbecke/news/__data.json?preview=draft'))).toBe('pass');
	});

	it('a feed or calendar file fetched by a script, and anything else in the app that is not a page', () => {
		expect(kind(platform, get('https://allmende.example/koerbecke/news.xml'))).toBe('pass');
		expect(kind(platform, get('https://allmende.example/koerbecke/calendar.ics'))).toBe('pass');
	});
});

describe('what the worker handles', () => {
	it('pages of the app opened in the browser', () => {
		expect(kind(platform, get('https://allmende.example/koerbecke/', 'navigate'))).toBe('page');
		expect(kind(platform, get('https://allmende.example/koerbecke/news/some-article?x=1', 'navigate'))).toBe('page');
		expect(kind(platform, get('https://allmende.example/koerbecke/offline', 'navigate'))).toBe('page');
	});

	it('on the own host, with and without the village in the path', () => {
		expect(kind(ownHost, get('https://dorf.example/', 'navigate'))).toBe('page');
		expect(kind(ownHost, get('https://dorf.example/calendar', 'navigate'))).toBe('page');
		expect(kind(ownHost, get('https://dorf.example/koerbecke/calendar', 'navigate'))).toBe('page');
		expect(pathInApp(ownHost, new URL('https://dorf.example/koerbecke/calendar'))).toBe('calendar');
		expect(pathInApp(ownHost, new URL('https://dorf.example/calendar'))).toBe('calendar');
		expect(pathInApp(ownHost, new URL('https://allmende.example/calendar'))).toBeNull();
	});

	it('SvelteKit data of a page in the app, named by its page', () => {
		expect(strategyFor(platform, get('https://allmende.example/koerbecke/news/__data.json?x-sveltekit-invalidated=01'))).toEqual({ kind: 'data', page: 'https://allmende.example/koerbecke/news' });
		expect(strategyFor(platform, get('https://allmende.example/koerbecke/__data.json?x-sveltekit-trailing-slash=1&x-sveltekit-invalidated=11'))).toEqual({
			kind: 'data',
			page: 'https://allmende.example/koerbecke/'
		});
		expect(strategyFor(ownHost, get('https://dorf.example/__data.json?x-sveltekit-trailing-slash=1'))).toEqual({ kind: 'data', page: 'https://dorf.example/' });
		expect(pageOfData(new URL('https://dorf.example/calendar/__data.json?view=month&x-sveltekit-invalidated=1'))).toBe('https://dorf.example/calendar?view=month');
	});

	it('this village’s API reads, the app’s manifest and icons, immutable assets and stored files', () => {
		expect(kind(platform, get('https://allmende.example/api/v1/villages/koerbecke/app'))).toBe('api');
		expect(kind(ownHost, get('https://dorf.example/api/v1/villages/koerbecke/links/links'))).toBe('api');
		expect(kind(platform, get('https://allmende.example/koerbecke/manifest.webmanifest'))).toBe('static');
		expect(kind(platform, get('https://allmende.example/koerbecke/icons/icon-192.png?v=abc'))).toBe('static');
		expect(kind(ownHost, get('https://dorf.example/koerbecke/icons/icon-192.png?v=abc'))).toBe('static');
		expect(kind(platform, get('https://allmende.example/_app/immutable/chunks/x.js'))).toBe('asset');
		expect(kind(ownHost, get('https://dorf.example/files/0190-abc/card'))).toBe('asset');
	});
});

const response = (init: { status?: number; headers?: Record<string, string>; body?: string } = {}) =>
	new Response(init.body ?? '<!doctype html>', { status: init.status ?? 200, headers: { 'content-type': 'text/html', ...init.headers } });

describe('what may be kept', () => {
	it('never a response the server marked no-store', () => {
		expect(isStorable(response({ headers: { 'cache-control': 'no-store' } }), 'page')).toBe(false);
		expect(isStorable(response({ headers: { 'cache-control': 'public, NO-STORE' } }), 'asset')).toBe(false);
		expect(isStorable(response({ headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } }), 'api')).toBe(false);
	});

	it('never an error, a redirect, a partial, an opaque or a Vary: * response', () => {
		expect(isStorable(response({ status: 404 }), 'page')).toBe(false);
		expect(isStorable(response({ status: 500 }), 'page')).toBe(false);
		expect(isStorable(response({ status: 206 }), 'asset')).toBe(false);
		const redirected = response();
		Object.defineProperty(redirected, 'redirected', { value: true });
		expect(isStorable(redirected, 'page')).toBe(false);
		const opaque = response();
		Object.defineProperty(opaque, 'type', { value: 'opaque' });
		expect(isStorable(opaque, 'asset')).toBe(false);
		expect(isStorable(Response.error(), 'asset')).toBe(false);
		expect(isStorable(response({ headers: { vary: '*' } }), 'page')).toBe(false);
	});

	it('a page only as HTML and an API read only as JSON', () => {
		expect(isStorable(response({ headers: { 'content-type': 'application/json' } }), 'page')).toBe(false);
		expect(isStorable(response(), 'api')).toBe(false);
		expect(isStorable(response({ headers: { 'content-type': 'application/json; charset=utf-8' } }), 'api')).toBe(true);
	});

	it('a public page, and a signed-in person’s own view (private, no-store: kept for them until they sign out)', () => {
		expect(isStorable(response(), 'page')).toBe(true);
		expect(isStorable(response({ headers: { 'cache-control': 'public, no-cache' } }), 'static')).toBe(true);
		expect(isStorable(response({ headers: { 'cache-control': 'private, no-store' } }), 'page')).toBe(true);
	});
});

describe('the app shell’s assets named by a page', () => {
	const html = `<!doctype html><html><head>
		<link rel="manifest" href="/koerbecke/manifest.webmanifest"/> <link rel="icon" type="image/png" sizes="192x192" href="/koerbecke/icons/icon-192.png?v=PlO"/>
		<link rel="apple-touch-icon" sizes="180x180" href="/koerbecke/icons/apple-touch-icon.png?v=PlO"/>
		<link rel="icon" href="https://evil.example/icon.png"/>
		<link href="../_app/immutable/assets/0.CjHlWtkD.css" rel="stylesheet">
		</head><body><script>import("../_app/immutable/entry/start.DO1B23xt.js"), import("../_app/immutable/entry/app.Nfhmw67M.js")</script></body></html>`;
	const link = '<../_app/immutable/chunks/B6zf0kYD.js>; rel="modulepreload"; nopush, <../_app/immutable/assets/Icon.DPCKVWR0.css>; rel="preload"; as="style"; nopush';

	it('are its stylesheets, scripts, module preloads and icons, on its own origin only', () => {
		expect(shellAssetUrls(html, link, 'https://allmende.example/koerbecke/').sort()).toEqual(
			[
				'https://allmende.example/_app/immutable/assets/0.CjHlWtkD.css',
				'https://allmende.example/_app/immutable/assets/Icon.DPCKVWR0.css',
				'https://allmende.example/_app/immutable/chunks/B6zf0kYD.js',
				'https://allmende.example/_app/immutable/entry/app.Nfhmw67M.js',
				'https://allmende.example/_app/immutable/entry/start.DO1B23xt.js',
				'https://allmende.example/koerbecke/icons/apple-touch-icon.png?v=PlO',
				'https://allmende.example/koerbecke/icons/icon-192.png?v=PlO'
			].sort()
		);
	});

	it('resolve against the page, also at / of an own host', () => {
		expect(shellAssetUrls('<link href="./_app/immutable/assets/0.css" rel="stylesheet">', null, 'https://dorf.example/')).toEqual(['https://dorf.example/_app/immutable/assets/0.css']);
	});
});

describe('cache names', () => {
	it('carry the village, the version and the bucket, and read back', () => {
		expect(cacheName('koerbecke', '1764', 'pages')).toBe('allmende:koerbecke:1764:pages');
		expect(parseCacheName('allmende:koerbecke:1764:pages')).toEqual({ slug: 'koerbecke', version: '1764', bucket: 'pages' });
	});

	it.each(['workbox-precache', 'allmende:koerbecke:1764', 'allmende:koerbecke:1764:other', 'allmende:Koerbecke:1:pages', 'allmende::1:pages', 'allmende:k:1:pages:x', 'other:koerbecke:1:pages'])(
		'are not ours: %s',
		(name) => {
			expect(parseCacheName(name)).toBeNull();
		}
	);
});

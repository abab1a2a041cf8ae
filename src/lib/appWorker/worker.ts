// The village app's service worker, without the service worker: what it does on install, on activate, for a
// request and for a message from the page, written against the Cache Storage and fetch it is given, so that the
// tests can run it with fakes (worker.test.ts). src/service-worker.ts wires it to the browser's events.
import { cacheName, OFFLINE_COPY_ATTRIBUTE, parseCacheName, STORED_AT, type Bucket } from './cacheNames.ts';
import { isStorable, shellAssetUrls, strategyFor, type AppScope } from './rules.ts';

export interface WorkerDeps {
	scope: AppScope;
	/** the build's version: part of every cache name, so a new deploy starts with fresh caches */
	version: string;
	caches: CacheStorage;
	fetch: (input: string | Request, init?: RequestInit) => Promise<Response>;
	now?: () => number;
	/** how long a page may take before its stored copy is shown instead (the network's answer is still kept) */
	pageTimeoutMs?: number;
	/** most entries kept per bucket; the oldest go first */
	limits?: { pages: number; assets: number };
}

type WaitUntil = (promise: Promise<unknown>) => void;
type Kept = 'page' | 'api' | 'static' | 'asset';

/** A page's copy younger than this is not fetched again after a navigation inside the app. */
const REFRESH_AFTER_MS = 2 * 60_000;

export function createAppWorker(deps: WorkerDeps) {
	const { scope, version, caches } = deps;
	const now = deps.now ?? Date.now;
	const pageTimeoutMs = deps.pageTimeoutMs ?? 8000;
	const limits = deps.limits ?? { pages: 150, assets: 400 };
	const name = (bucket: Bucket) => cacheName(scope.slug, version, bucket);
	const base = new URL(scope.base, scope.origin);
	const offlineUrl = new URL('offline', base).href;

	/** A copy of the response that can be kept: its body read, the time stored, no Vary (we key by URL alone). */
	async function keepable(response: Response): Promise<{ copy: Response; bytes: number }> {
		const body = await response.arrayBuffer();
		const headers = new Headers(response.headers);
		headers.set(STORED_AT, String(now()));
		headers.delete('vary');
		return { copy: new Response(body, { status: response.status, statusText: response.statusText, headers }), bytes: body.byteLength };
	}

	async function store(bucket: Bucket, url: string, response: Response): Promise<void> {
		const { copy } = await keepable(response);
		const cache = await caches.open(name(bucket));
		await cache.put(url, copy);
		const max = bucket === 'assets' ? limits.assets : limits.pages;
		const keys = await cache.keys();
		for (const old of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(old);
	}

	/** The stored copy of a URL in this village's buckets (first match in the order given), if any. */
	async function lookup(url: string, buckets: Bucket[]): Promise<Response | undefined> {
		for (const bucket of buckets) {
			if (!(await caches.has(name(bucket)))) continue;
			const found = await (await caches.open(name(bucket))).match(url, { ignoreVary: true });
			if (found) return found;
		}
		return undefined;
	}

	const bucketOf = (kind: Kept): Bucket => (kind === 'asset' ? 'assets' : 'pages');

	/** A kept page as it is shown instead of the network's: marked, so the app can say whose copy of when it is. */
	async function shownCopy(copy: Response, kind: Kept): Promise<Response> {
		if (kind !== 'page') return copy;
		const html = await copy.text();
		const at = Number(copy.headers.get(STORED_AT)) || 0;
		return new Response(html.replace('<html ', `<html ${OFFLINE_COPY_ATTRIBUTE}="${at}" `), { status: copy.status, statusText: copy.statusText, headers: copy.headers });
	}

	/** Ask the network; keep what may be kept; on failure (or a 5xx, or a page taking too long) the stored copy. */
	async function networkFirst(request: Request, kind: 'page' | 'api' | 'static', waitUntil: WaitUntil): Promise<Response> {
		const fromNetwork = deps.fetch(request).then((response) => {
			if (isStorable(response, kind)) waitUntil(store(bucketOf(kind), request.url, response.clone()).catch(() => undefined));
			return response;
		});
		waitUntil(fromNetwork.catch(() => undefined));
		let timer: ReturnType<typeof setTimeout> | undefined;
		const late = new Promise<'late'>((resolve) => {
			if (kind === 'page') timer = setTimeout(() => resolve('late'), pageTimeoutMs);
		});
		try {
			const first = await Promise.race([fromNetwork, late]);
			if (first !== 'late' && first.status < 500) return first;
			const copy = await lookup(request.url, ['pages', 'shell']);
			if (copy) return shownCopy(copy, kind);
			return first === 'late' ? await fromNetwork : first;
		} catch {
			const copy = await lookup(request.url, ['pages', 'shell']);
			if (copy) return shownCopy(copy, kind);
			const offline = kind === 'page' ? await lookup(offlineUrl, ['shell', 'pages']) : undefined;
			return offline ?? Response.error();
		} finally {
			clearTimeout(timer);
		}
	}

	/**
	 * SvelteKit's data for a navigation inside the app: straight from the network (offline the fetch fails and
	 * SvelteKit loads the page itself, which networkFirst answers). The page's own copy is refreshed behind it, so
	 * that a reload later, offline, finds the page as it was last seen.
	 */
	async function data(request: Request, page: string, waitUntil: WaitUntil): Promise<Response> {
		const response = await deps.fetch(request);
		if (response.ok) waitUntil(refreshPage(page));
		return response;
	}

	async function refreshPage(url: string): Promise<void> {
		const copy = await lookup(url, ['pages']);
		if (copy && now() - Number(copy.headers.get(STORED_AT)) < REFRESH_AFTER_MS) return;
		try {
			const response = await deps.fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
			if (isStorable(response, 'page')) await store('pages', url, response);
		} catch {
			/* offline again: the old copy stays */
		}
	}

	async function cacheFirst(request: Request, waitUntil: WaitUntil): Promise<Response> {
		const copy = await lookup(request.url, ['assets', 'shell']);
		if (copy) return copy;
		const response = await deps.fetch(request);
		if (isStorable(response, 'asset')) waitUntil(store('assets', request.url, response.clone()).catch(() => undefined));
		return response;
	}

	/**
	 * Fetches the app shell — the home page, the offline page, the manifest, the icons and the JS and CSS the two
	 * pages name — and keeps it; entries of an older shell that are no longer named are removed. Fails (and keeps
	 * the old shell) if a page or the manifest cannot be fetched. Returns the bytes kept.
	 */
	async function precache(): Promise<{ urls: string[]; bytes: number }> {
		const pages = [base.href, offlineUrl];
		const manifestUrl = new URL('manifest.webmanifest', base).href;
		const fetched = new Map<string, Response>();
		const assets = new Set<string>();
		for (const url of [...pages, manifestUrl]) {
			const response = await deps.fetch(url, { credentials: 'same-origin', cache: 'no-cache' });
			if (response.status !== 200 || response.redirected) throw new Error(`The app shell could not be fetched: ${url} answered ${response.status}`);
			fetched.set(url, response);
			if (url === manifestUrl) {
				const manifest = (await response.clone().json()) as { icons?: { src?: unknown }[] };
				for (const icon of manifest.icons ?? []) if (typeof icon.src === 'string') assets.add(new URL(icon.src, url).href);
			} else {
				for (const asset of shellAssetUrls(await response.clone().text(), response.headers.get('link'), url)) assets.add(asset);
			}
		}
		const loaded = await Promise.all(
			[...assets].filter((url) => new URL(url).origin === scope.origin).map(async (url) => [url, await deps.fetch(url).catch(() => null)] as const)
		);
		for (const [url, response] of loaded) if (response && isStorable(response, 'asset')) fetched.set(url, response);
		const cache = await caches.open(name('shell'));
		let bytes = 0;
		for (const [url, response] of fetched) {
			const kept = await keepable(response);
			bytes += kept.bytes;
			await cache.put(url, kept.copy);
		}
		for (const old of await cache.keys()) if (!fetched.has(old.url)) await cache.delete(old);
		return { urls: [...fetched.keys()], bytes };
	}

	return {
		/** install: the shell must be there before this worker may take over */
		install: () => precache(),

		/** activate: this village's caches of other versions go; other villages' caches are not ours to touch */
		async activate(): Promise<void> {
			for (const cache of await caches.keys()) {
				const parsed = parseCacheName(cache);
				if (parsed && parsed.slug === scope.slug && parsed.version !== version) await caches.delete(cache);
			}
		},

		/** The response for a request, or null when the browser should do it as if there were no worker. */
		handle(request: Request, waitUntil: WaitUntil): Promise<Response> | null {
			if (request.headers.has('range')) return null;
			const strategy = strategyFor(scope, request);
			switch (strategy.kind) {
				case 'page':
				case 'api':
				case 'static':
					return networkFirst(request, strategy.kind, waitUntil);
				case 'data':
					return data(request, strategy.page, waitUntil);
				case 'asset':
					return cacheFirst(request, waitUntil);
				default:
					return null;
			}
		},

		/** refresh-shell: fetch the shell again (a new app version was published); the page reloads afterwards. */
		refreshShell: () => precache(),

		/** The JS and CSS the page loaded before this worker controlled it, so that a reload offline finds them. */
		async keepAssets(urls: unknown): Promise<void> {
			if (!Array.isArray(urls)) return;
			for (const url of urls.slice(0, 200)) {
				if (typeof url !== 'string') continue;
				let request: Request;
				try {
					request = new Request(new URL(url, base).href);
				} catch {
					continue;
				}
				if (strategyFor(scope, { method: 'GET', url: request.url, mode: 'no-cors' }).kind !== 'asset') continue;
				if (await lookup(request.url, ['assets', 'shell'])) continue;
				const response = await deps.fetch(request).catch(() => null);
				if (response && isStorable(response, 'asset')) await store('assets', request.url, response);
			}
		}
	};
}

export type AppWorker = ReturnType<typeof createAppWorker>;

// What the village app's service worker does with a request, and which responses it may keep. Pure functions:
// the worker (worker.ts) asks them, the tests table them (rules.test.ts).
import { isSharedPath } from '../hostPaths.ts';
import { isSlug } from './cacheNames.ts';

/** Where the worker works: its village and its scope ("/<village>/" on the platform's host, "/" on the village's own). */
export interface AppScope {
	origin: string;
	slug: string;
	base: string;
}

/**
 * page: a page of the app opened in the browser — network first, the stored copy when offline, else the offline page.
 * data: SvelteKit's data of such a page (a navigation inside the app) — network only; the page's copy is refreshed.
 * api: a read of this village's JSON API — network first, the stored copy when offline.
 * static: the app's manifest and icons — network first, the stored copy when offline.
 * asset: immutable JS/CSS and stored files — from the cache if there, else the network (and kept).
 * pass: not the worker's business; the browser does it as if there were no worker.
 */
export type Strategy = { kind: 'page' } | { kind: 'data'; page: string } | { kind: 'api' } | { kind: 'static' } | { kind: 'asset' } | { kind: 'pass' };

/** Parts of the app that are never kept: editing tools, whose stale copies would only mislead. */
const NEVER_KEPT = new Set(['admin', 'builder']);
const DATA_SUFFIX = '__data.json';
const SVELTEKIT_PARAMS = ['x-sveltekit-invalidated', 'x-sveltekit-trailing-slash'];

/** The scope of a worker registered at `scopeUrl` for the village `slug`, or null when the two do not fit together. */
export function appScope(scopeUrl: string, slug: string): AppScope | null {
	if (!isSlug(slug)) return null;
	let url: URL;
	try {
		url = new URL(scopeUrl);
	} catch {
		return null;
	}
	if (url.pathname !== '/' && url.pathname !== `/${slug}/`) return null;
	return { origin: url.origin, slug, base: url.pathname };
}

/**
 * The path of a URL inside the village's app ('' for its home page), or null when the URL is not the app's:
 * another origin, another village, or (on the village's own host) a shared platform path such as /login.
 */
export function pathInApp(scope: AppScope, url: URL): string | null {
	if (url.origin !== scope.origin) return null;
	const path = url.pathname;
	if (scope.base !== '/') return path.startsWith(scope.base) ? path.slice(scope.base.length) : null;
	// own host: "/news" and "/<village>/news" are both the app's (serve.ts rewrites the first to the second)
	if (isSharedPath(path)) return null;
	return path.startsWith(`/${scope.slug}/`) ? path.slice(scope.slug.length + 2) : path.slice(1);
}

/** The page whose SvelteKit data a `…/__data.json` URL asks for (without SvelteKit's own parameters). */
export function pageOfData(url: URL): string {
	const page = new URL(url.href);
	page.pathname = page.pathname.slice(0, -DATA_SUFFIX.length);
	const slash = page.searchParams.get('x-sveltekit-trailing-slash') === '1';
	if (!slash && page.pathname.length > 1) page.pathname = page.pathname.slice(0, -1);
	for (const p of SVELTEKIT_PARAMS) page.searchParams.delete(p);
	return page.href;
}

/** What the worker does with a request (see Strategy). Anything but GET is passed on untouched. */
export function strategyFor(scope: AppScope, request: { method: string; url: string; mode: string }): Strategy {
	if (request.method !== 'GET') return { kind: 'pass' };
	const url = new URL(request.url);
	if (url.origin !== scope.origin) return { kind: 'pass' };
	// the builder's preview shows the draft: never kept, never served from the cache (builder/appPreview.ts)
	if (url.searchParams.get('preview') === 'draft') return { kind: 'pass' };
	if (url.pathname.startsWith('/_app/immutable/') || url.pathname.startsWith('/files/')) return { kind: 'asset' };
	if (url.pathname.startsWith(`/api/v1/villages/${scope.slug}/`)) return { kind: 'api' };
	const rest = pathInApp(scope, url);
	if (rest === null) return { kind: 'pass' };
	const first = rest.split('/')[0]!;
	if (NEVER_KEPT.has(first)) return { kind: 'pass' };
	if (rest === DATA_SUFFIX || rest.endsWith(`/${DATA_SUFFIX}`)) return { kind: 'data', page: pageOfData(url) };
	if (request.mode === 'navigate') return { kind: 'page' };
	if (first === 'icons' || rest === 'manifest.webmanifest') return { kind: 'static' };
	return { kind: 'pass' };
}

/**
 * Whether a response may be kept. Only complete, unredirected 200s of our own origin; never one the server marked
 * `no-store` — except a signed-in person's own views, which the server marks `private, no-store`: those are kept for
 * that person, as they saw them, and deleted when they sign out or someone else signs in (ViewerCacheGuard.svelte;
 * the reasoning is in docs/ARCHITECTURE.md, "The installable app"). Pages must be HTML and API reads JSON.
 */
export function isStorable(response: Response, kind: 'page' | 'api' | 'static' | 'asset'): boolean {
	if (response.status !== 200 || response.redirected) return false;
	if (response.type !== 'basic' && response.type !== 'default') return false;
	if ((response.headers.get('vary') ?? '').includes('*')) return false;
	const cacheControl = (response.headers.get('cache-control') ?? '').toLowerCase();
	if (/\bno-store\b/.test(cacheControl) && !/\bprivate\b/.test(cacheControl)) return false;
	const type = (response.headers.get('content-type') ?? '').toLowerCase();
	if (kind === 'page') return type.startsWith('text/html');
	if (kind === 'api') return type.startsWith('application/json');
	return true;
}

const ASSET_REF = /(?:\.\.\/)*\.?\/?_app\/immutable\/[\w./-]+/g;
const LINK_TAG = /<link\b[^>]*>/gi;

/**
 * The immutable JS and CSS a page's HTML and its Link header name (stylesheets, module preloads, the entry
 * imports), and the icons it links, as absolute URLs of the page's origin: what the app shell needs besides itself.
 */
export function shellAssetUrls(html: string, linkHeader: string | null, pageUrl: string): string[] {
	const origin = new URL(pageUrl).origin;
	const found = new Set<string>();
	for (const ref of [...html.matchAll(ASSET_REF), ...(linkHeader ?? '').matchAll(ASSET_REF)]) found.add(new URL(ref[0], pageUrl).href);
	for (const [tag] of html.matchAll(LINK_TAG)) {
		const rel = /\brel="([^"]*)"/i.exec(tag)?.[1]?.toLowerCase() ?? '';
		const href = /\bhref="([^"]*)"/i.exec(tag)?.[1];
		if (href && /(^|\s)(icon|apple-touch-icon)(\s|$)/.test(rel)) found.add(new URL(href.replace(/&amp;/g, '&'), pageUrl).href);
	}
	return [...found].filter((u) => new URL(u).origin === origin);
}

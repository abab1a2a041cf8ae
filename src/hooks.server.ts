import type { Handle, HandleServerError, RequestEvent } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { authenticateApiToken } from '$lib/server/auth/apiTokens';
import { hitRateLimit } from '$lib/server/auth/rateLimit';
import { SESSION_COOKIE, validateSession } from '$lib/server/auth/sessions';
import { isSameOrigin } from '$lib/server/http/origin';
import { log } from '$lib/server/log';
import { ANONYMOUS, loadActor, type Actor } from '$lib/server/policy';
import { runtime } from '$lib/server/runtime';
import { COUNT_QUERIES, countQueries, QUERY_COUNT_HEADER } from '$lib/server/db/queryCount';
import { isUsableSlug } from '$lib/server/tenancy/slugs';
import { oldSlugRedirect } from '$lib/server/tenancy/slugHistory';
import { getTenantBySlug } from '$lib/server/tenancy/tenants';
import { applyPreview, previewOptions } from '$lib/server/builder/appPreview';
import { VILLAGE_HOST_HEADER } from '$lib/server/tenancy/hostRouting';
import { MAP_ROUTES, withTileSource } from '$lib/server/platform/map/mapCsp';
import { CACHED_ROUTES, scopeOf } from '$lib/server/renderCache/cachedRoutes';
import { scopeToHeader } from '$lib/server/renderCache/contentVersions';
import { CACHE_MARK_HEADER, CACHEABLE_REQUEST_HEADER } from '$lib/server/renderCache/httpCache';
import { paraglideMiddleware } from '$lib/paraglide/server.js';
import * as m from '$lib/paraglide/messages.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A refusal before routing: JSON for API clients, plain text for browsers (a form post without JavaScript). */
function refuse(request: Request, status: number, message: string, headers: Record<string, string> = {}, json = false) {
	const wantsJson = json || !(request.headers.get('accept') ?? '').includes('text/html');
	const body = wantsJson ? JSON.stringify({ error: { status, message } }) : message;
	const type = wantsJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
	return new Response(body, { status, headers: { 'content-type': type, ...headers } });
}

/** Request id and runtime: what every later step needs (and, for the query budget test, the request's query count). */
const context: Handle = async ({ event, resolve }) => {
	event.locals.requestId = event.request.headers.get('x-request-id')?.replace(/[^\w.-]/g, '').slice(0, 64) || randomUUID();
	event.locals.rt = runtime();
	if (!COUNT_QUERIES) return resolve(event);
	const { result, queries } = await countQueries(async () => resolve(event));
	try {
		result.headers.set(QUERY_COUNT_HEADER, String(queries));
	} catch {
		// immutable headers: no count
	}
	return result;
};

/**
 * The secret of an `Authorization: Bearer …` header on /api/v1 ('' when the header names no secret), or
 * undefined: no such header, or not an API path — there the header is ignored and the cookie counts.
 */
function bearerSecret(event: RequestEvent): string | undefined {
	const path = event.url.pathname;
	if (path !== '/api/v1' && !path.startsWith('/api/v1/')) return undefined;
	const match = /^bearer(?:\s+(.*))?$/i.exec(event.request.headers.get('authorization')?.trim() ?? '');
	return match ? (match[1] ?? '').trim() : undefined;
}

/** Origin check and rate limit for writes (after the locale, so refusals are translated). */
const guard: Handle = async ({ event, resolve }) => {
	const { rt } = event.locals;
	// A Bearer request is authenticated by its header alone and its cookie is ignored: nothing a browser adds
	// by itself counts, so there is no cross-site forgery to check for. Its rate limit is per token (identity).
	if (!SAFE_METHODS.has(event.request.method) && bearerSecret(event) === undefined) {
		const origin = event.request.headers.get('origin');
		const host = event.request.headers.get('host');
		// Browsers send Origin on every cross-site write; a request without one comes from a non-browser client.
		const crossSite = event.request.headers.get('sec-fetch-site') === 'cross-site';
		if (crossSite || (origin && !isSameOrigin(origin, host))) return refuse(event.request, 403, m.err_cross_origin());
		const limit = await hitRateLimit(rt.db, { key: `ip:${event.getClientAddress()}`, limit: rt.config.rateLimits.writesPerMinute, windowMs: 60_000 });
		if (!limit.allowed) return refuse(event.request, 429, m.err_rate_limited(), { 'retry-after': String(limit.retryAfter) });
	}
	return resolve(event);
};

/**
 * Locale from the cookie (German by default); sets <html lang>. The builder's preview asks for a language with
 * `lang` (it shows the app in German and English without changing the builder's own language); a preview's
 * `scheme` (light/dark) goes on <html data-scheme> once the preview is granted (see builder/appPreview.ts).
 */
const locale: Handle = ({ event, resolve }) => {
	const asked = previewOptions(event.url);
	const chosen = asked?.lang ? withLocaleCookie(event.request, asked.lang) : event.request;
	return paraglideMiddleware(chosen, ({ request, locale }) => {
		event.request = asked?.lang ? new Request(request, { headers: event.request.headers }) : request;
		event.locals.locale = locale;
		const scheme = () => (event.locals.preview ? (asked?.scheme ?? '') : '');
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale).replace('%scheme%', scheme()) });
	});
};

function withLocaleCookie(request: Request, lang: 'de' | 'en'): Request {
	const headers = new Headers(request.headers);
	const others = (headers.get('cookie') ?? '')
		.split(';')
		.map((c) => c.trim())
		.filter((c) => c && !c.startsWith('PARAGLIDE_LOCALE='));
	headers.set('cookie', [...others, `PARAGLIDE_LOCALE=${lang}`].join('; '));
	return new Request(request, { headers });
}

/**
 * An API token acting on /api/v1: its actor (one membership, see auth/apiTokens.ts), never a browser
 * session — `locals.user` stays null. A missing, unknown, revoked or expired token is a 401; failed attempts
 * count against the client's IP so that guessing is slow.
 */
async function tokenActor(event: RequestEvent, secret: string): Promise<Actor | Response> {
	const { rt } = event.locals;
	const actor = secret ? await authenticateApiToken(rt.db, secret) : null;
	const limit = await hitRateLimit(rt.db, {
		key: actor ? `token:${actor.token!.id}` : `ip:${event.getClientAddress()}`,
		limit: actor ? rt.config.rateLimits.tokenPerMinute : rt.config.rateLimits.writesPerMinute,
		windowMs: 60_000
	});
	if (!limit.allowed) return refuse(event.request, 429, m.err_rate_limited(), { 'retry-after': String(limit.retryAfter) }, true);
	if (!actor) return refuse(event.request, 401, m.err_token_invalid(), { 'www-authenticate': secret ? 'Bearer realm="allmende", error="invalid_token"' : 'Bearer realm="allmende"' }, true);
	return actor;
}

/** The signed-in user or API token (if any), their memberships, and the tenant named by the first path segment. */
const identity: Handle = async ({ event, resolve }) => {
	const { rt } = event.locals;
	const bearer = bearerSecret(event);
	if (bearer !== undefined) {
		const actor = await tokenActor(event, bearer);
		if (actor instanceof Response) return actor;
		event.locals.user = null;
		event.locals.sessionId = null;
		event.locals.actor = actor;
	} else {
		const token = event.cookies.get(SESSION_COOKIE);
		const session = token ? await validateSession(rt.db, token, rt.config.session, event.request.headers.get('host') ?? '') : null;
		if (token && !session) event.cookies.delete(SESSION_COOKIE, { path: '/' });
		event.locals.user = session?.user ?? null;
		event.locals.sessionId = session?.sessionId ?? null;
		event.locals.actor = session ? await loadActor(rt.db, session.user.id) : ANONYMOUS;
	}
	const first = event.url.pathname.split('/')[1] ?? '';
	// a village's (or municipality's) page: its tenant and modules from the shell cache, as of this request
	const shell = first && isUsableSlug(first) && rt.shell ? await rt.shell.snapshot() : undefined;
	event.locals.shell = shell;
	event.locals.tenant = first && isUsableSlug(first) ? ((await (shell ? shell.tenantBySlug(first) : getTenantBySlug(rt.db, first))) ?? null) : null;
	// a village or municipality that was renamed: its old links and QR codes lead to the new address, forever
	const moved = await oldSlugRedirect(rt.db, event.url, event.request.method, !!event.locals.tenant);
	if (moved) return moved;
	await applyPreview(event);
	return resolve(event);
};

/**
 * On a village's own host name, every page tells the browser's router which village it is (<html
 * data-app-village>): serve.ts has rewritten "/news" to "/<village>/news" for the server and named the village in
 * a header of its own; src/hooks.ts does the same rewrite in the browser, so that a navigation inside the app
 * finds the same route.
 */
const ownHost: Handle = ({ event, resolve }) => {
	const slug = event.request.headers.get(VILLAGE_HOST_HEADER) ?? '';
	if (!isUsableSlug(slug)) return resolve(event);
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('<html ', `<html data-app-village="${slug}" `) });
};

/**
 * The render cache (renderCache/, decision 019): an anonymous GET of a page it keeps gets its scope's content
 * version read before the page is rendered, and the finished response a mark with both, which serve.ts reads
 * (and removes) to keep it. A write that commits while the page renders makes the kept copy old at once: it
 * carries the version from before.
 */
const renderCacheMark: Handle = async ({ event, resolve }) => {
	const versions = event.locals.rt.versions;
	const cacheable =
		versions &&
		event.request.headers.get(CACHEABLE_REQUEST_HEADER) === '1' &&
		!event.locals.user &&
		!event.locals.actor.token &&
		!event.locals.preview &&
		CACHED_ROUTES.has(event.route.id ?? '');
	if (!cacheable) return resolve(event);
	const scope = scopeOf({ id: event.route.id, params: event.params }, event.locals.tenant);
	const version = await versions.read(scope);
	const response = await resolve(event);
	// a page that depends on more than the URL and the language (the install help reads the User-Agent) says so
	// with Vary, and is not kept; the feeds' Vary: Accept-Encoding is no such dependency (the cache keeps no
	// compressed copies)
	const vary = (response.headers.get('vary') ?? '').toLowerCase().split(',').map((v) => v.trim()).filter(Boolean);
	if (response.status !== 200 || response.headers.has('set-cookie') || vary.some((v) => v !== 'accept-encoding' && v !== 'cookie')) return response;
	try {
		response.headers.set(CACHE_MARK_HEADER, `${scopeToHeader(scope)};${version}`);
		// the browser asks again every time, with the ETag: a write is visible on the next request
		if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-cache');
		response.headers.set('vary', [...new Set([...vary, 'cookie'])].join(', '));
	} catch {
		// a response with immutable headers (a fetched one) is simply not kept
	}
	return response;
};

/** Security headers on every response (the CSP itself comes from svelte.config.js, with script hashes). */
const headers: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('x-request-id', event.locals.requestId);
	h.set('x-content-type-options', 'nosniff');
	h.set('referrer-policy', 'strict-origin-when-cross-origin');
	if (event.locals.preview) {
		// the builder frames the preview (same origin only); a draft is never cached anywhere
		h.set('x-frame-options', 'SAMEORIGIN');
		const csp = h.get('content-security-policy');
		if (csp) h.set('content-security-policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
		h.set('cache-control', 'private, no-store');
	} else h.set('x-frame-options', 'DENY');
	// a map's tiles come from the configured tile server (MAP_TILE_URL), also when that is plain http
	const policy = h.get('content-security-policy');
	if (policy && MAP_ROUTES.has(event.route.id ?? '')) h.set('content-security-policy', withTileSource(policy, event.locals.rt.config.map.tileSource));
	h.set('cross-origin-opener-policy', 'same-origin');
	h.set('permissions-policy', 'camera=(), microphone=(), geolocation=(self), interest-cohort=()');
	if (event.locals.rt.config.secureCookies) h.set('strict-transport-security', 'max-age=31536000'); // no includeSubDomains: villages may bring their own domains
	if (!h.has('cache-control') && (event.locals.user || event.locals.actor?.token || event.url.pathname.startsWith('/account'))) h.set('cache-control', 'private, no-store');
	return response;
};

// Order matters: headers wraps everything (refusals get them too); the locale comes before the guard so that
// its refusals are translated.
export const handle = sequence(context, headers, locale, guard, identity, ownHost, renderCacheMark);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const requestId = event.locals.requestId;
	if (status >= 500) log.error({ requestId, path: event.url.pathname, err: error instanceof Error ? error.stack : String(error) }, 'request failed');
	return { message: status >= 500 ? m.err_server() : message, requestId };
};

import type { IncomingMessage, ServerResponse } from 'node:http';
import { scopeFromHeader, type ContentVersions } from './contentVersions.ts';
import { etagOf, matchesEtag, MAX_AGE_MS, RenderCache, type CachedResponse } from './renderCache.ts';

// The render cache at the door (serve.ts): an anonymous GET whose page is in the cache, rendered at the
// content version its village has now, is answered here, before SvelteKit — the bytes, or 304 for a matching
// ETag. Everything else goes on to SvelteKit; for an anonymous GET the response is caught on its way out and
// kept when hooks.server.ts marked it as cacheable (route, status, no cookie set) with its scope and version.
//
// Anonymous means: no Authorization header and no cookie but the language's. A session cookie — valid or not —
// or any other cookie sends the request past the cache both ways, so a signed-in person never gets someone
// else's page and never leaves theirs behind.

/** set by serve.ts on a request that may come from or go into the cache (removed from every incoming request) */
export const CACHEABLE_REQUEST_HEADER = 'x-allmende-cacheable';
/** set by hooks.server.ts on a response that may be kept: "<scope>;<version>"; never sent to the client */
export const CACHE_MARK_HEADER = 'x-allmende-cache-mark';
/** on every answer the cache saw: hit, miss (rendered now and kept) */
export const CACHE_STATUS_HEADER = 'x-allmende-cache';

const LOCALE_COOKIE = 'PARAGLIDE_LOCALE';
const MAX_URL_LENGTH = 2048;
/**
 * Per-request or per-hop headers that are not kept with a page; and SvelteKit's Link header, which repeats the
 * preloads that the page's head carries (~2 KB on a village page: a kept copy goes out faster without it).
 */
const NOT_KEPT = new Set([CACHE_MARK_HEADER, 'x-request-id', 'set-cookie', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'etag', CACHE_STATUS_HEADER, 'link']);

/**
 * The cache key of an anonymous GET or HEAD: language, host, path and query, and whether HTML was asked for;
 * null when the request must not come from or go into the cache.
 */
export function cacheKeyOf(req: IncomingMessage): string | null {
	if (req.method !== 'GET' && req.method !== 'HEAD') return null;
	const { headers } = req;
	if (headers.authorization !== undefined) return null;
	const url = req.url ?? '';
	if (url.length > MAX_URL_LENGTH || url[0] !== '/') return null;
	let locale = 'de';
	if (headers.cookie) {
		for (const part of headers.cookie.split(';')) {
			const eq = part.indexOf('=');
			const name = (eq < 0 ? part : part.slice(0, eq)).trim();
			if (!name) continue;
			if (name !== LOCALE_COOKIE) return null;
			// Paraglide's own reading: a language it does not know is the base language
			if (part.slice(eq + 1).trim() === 'en') locale = 'en';
		}
	}
	const html = (headers.accept ?? '').includes('text/html') ? 'h' : '-';
	return `${locale}${html} ${(headers.host ?? '').toLowerCase()} ${url}`;
}

export interface HttpCache {
	readonly store: RenderCache;
	/** Answers from the cache when it can: true (or a promise of true) when the response is sent. */
	serve(req: IncomingMessage, res: ServerResponse, key: string): boolean | Promise<boolean>;
	/** Lets a response rendered by SvelteKit for this key go into the cache when it is marked as cacheable. */
	capture(req: IncomingMessage, res: ServerResponse, key: string): void;
}

export function createHttpCache(args: { maxBytes: number; versions: ContentVersions; now?: () => number }): HttpCache {
	const store = new RenderCache(args.maxBytes);
	const now = args.now ?? Date.now;

	function send(req: IncomingMessage, res: ServerResponse, entry: CachedResponse): void {
		if (matchesEtag(req.headers['if-none-match'], entry.etag)) {
			res.writeHead(304, notModifiedHeaders(entry));
			res.end();
			return;
		}
		res.writeHead(entry.status, entry.headers);
		res.end(req.method === 'HEAD' ? undefined : entry.body);
	}

	function serve(req: IncomingMessage, res: ServerResponse, key: string): boolean | Promise<boolean> {
		const entry = store.get(key);
		if (!entry) return false;
		if (now() - entry.storedAt > MAX_AGE_MS) {
			store.delete(key);
			return false;
		}
		const check = (version: number): boolean => {
			if (version !== entry.version) {
				store.delete(key);
				return false;
			}
			store.stats.hits++;
			send(req, res, entry);
			return true;
		};
		const version = args.versions.read(entry.scope);
		return typeof version === 'number' ? check(version) : version.then(check);
	}

	function capture(req: IncomingMessage, res: ServerResponse, key: string): void {
		const writeHead = res.writeHead;
		// SvelteKit's adapter sets every header with setHeader and then calls writeHead(status) once
		res.writeHead = function (this: ServerResponse, ...params: Parameters<ServerResponse['writeHead']>) {
			res.writeHead = writeHead;
			const mark = res.getHeader(CACHE_MARK_HEADER);
			if (mark === undefined) return writeHead.apply(res, params);
			res.removeHeader(CACHE_MARK_HEADER);
			const [status] = params;
			const parsed = parseMark(String(mark));
			if (!parsed || status !== 200 || req.method !== 'GET' || res.hasHeader('set-cookie') || params.length > 1) return writeHead.apply(res, params);
			store.stats.misses++;
			keepWhenDone(res, (body) => {
				// SvelteKit gives its pages an ETag from their bytes; the JSON API and feeds get one here
				const given = res.getHeader('etag');
				const etag = typeof given === 'string' && given ? given : etagOf(body);
				const headers = keptHeaders(res);
				headers.push('etag', etag, 'content-length', String(body.length));
				const entry: CachedResponse = { status, headers, body, etag, scope: parsed.scope, version: parsed.version, storedAt: now() };
				store.set(key, entry);
				return entry;
			}, (entry) => {
				res.setHeader('etag', entry.etag);
				res.setHeader(CACHE_STATUS_HEADER, 'miss');
				if (matchesEtag(req.headers['if-none-match'], entry.etag)) {
					for (const name of res.getHeaderNames()) if (!NOT_MODIFIED_KEEPS.has(name)) res.removeHeader(name);
					writeHead.call(res, 304);
					return false;
				}
				res.setHeader('content-length', entry.body.length);
				writeHead.call(res, status);
				return true;
			});
			return res;
		} as ServerResponse['writeHead'];
	}

	return { store, serve, capture };
}

/** The headers a 304 repeats (RFC 9110 §15.4.5): the validator and what governs caching. */
const NOT_MODIFIED_KEEPS = new Set(['etag', 'cache-control', 'vary', 'expires', 'content-location', CACHE_STATUS_HEADER]);

function notModifiedHeaders(entry: CachedResponse): string[] {
	const out: string[] = [];
	for (let i = 0; i < entry.headers.length; i += 2) if (NOT_MODIFIED_KEEPS.has(entry.headers[i]!)) out.push(entry.headers[i]!, entry.headers[i + 1]!);
	return out;
}

function parseMark(mark: string): { scope: NonNullable<ReturnType<typeof scopeFromHeader>>; version: number } | null {
	const [scopeText, versionText] = mark.split(';');
	const scope = scopeFromHeader(scopeText ?? '');
	const version = Number(versionText);
	return scope && Number.isFinite(version) ? { scope, version } : null;
}

/** The response's headers as a flat list for writeHead, without the per-request ones, marked as a hit. */
function keptHeaders(res: ServerResponse): string[] {
	const out: string[] = [];
	for (const [name, value] of Object.entries(res.getHeaders())) {
		if (NOT_KEPT.has(name) || value === undefined) continue;
		if (Array.isArray(value)) for (const v of value) out.push(name, v);
		else out.push(name, String(value));
	}
	out.push(CACHE_STATUS_HEADER, 'hit');
	return out;
}

/**
 * Collects what is written to the response, and at its end hands the whole body to `keep`, then lets `head`
 * write the status line (it answers whether the body follows), then sends the body.
 */
function keepWhenDone(res: ServerResponse, keep: (body: Buffer) => CachedResponse, head: (entry: CachedResponse) => boolean): void {
	const chunks: Buffer[] = [];
	const { write, end } = res;
	const collect = (chunk: unknown, encoding?: unknown) => {
		if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
		chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array));
	};
	res.write = function (chunk: unknown, encoding?: unknown, callback?: unknown) {
		collect(chunk, encoding);
		const done = typeof encoding === 'function' ? encoding : callback;
		if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
		return true;
	} as ServerResponse['write'];
	res.end = function (chunk?: unknown, encoding?: unknown, callback?: unknown) {
		collect(chunk, encoding);
		res.write = write;
		res.end = end;
		const entry = keep(Buffer.concat(chunks));
		const done = [chunk, encoding, callback].find((x) => typeof x === 'function') as (() => void) | undefined;
		const finish = end as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
		return head(entry) ? finish.call(res, entry.body, done) : finish.call(res, done);
	} as ServerResponse['end'];
}

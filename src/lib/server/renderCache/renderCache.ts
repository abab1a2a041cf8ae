import { createHash } from 'node:crypto';
import type { CacheScope } from './contentVersions.ts';

// The render cache's store: finished responses of anonymous GETs, by key, least recently used out first once
// the bodies add up to more than the byte budget. An entry is good while its scope's content version is the
// one it was rendered at (and for at most a minute: "upcoming events" and "published at" move with the clock,
// not with a write).

export interface CachedResponse {
	status: number;
	/** the response's headers as [name, value, name, value, …] for writeHead, ETag included */
	headers: string[];
	body: Buffer;
	etag: string;
	scope: CacheScope;
	version: number;
	storedAt: number;
}

export const MAX_AGE_MS = 60_000;
/** what an entry costs beyond its body: headers, key, bookkeeping */
const OVERHEAD_BYTES = 1024;

export class RenderCache {
	#entries = new Map<string, CachedResponse>();
	#bytes = 0;
	readonly maxBytes: number;
	stats = { hits: 0, misses: 0, stored: 0, evicted: 0 };

	constructor(maxBytes: number) {
		this.maxBytes = maxBytes;
	}

	get size(): number {
		return this.#entries.size;
	}

	get bytes(): number {
		return this.#bytes;
	}

	/** The entry under the key, if any (its freshness is the caller's to check), now the most recently used. */
	get(key: string): CachedResponse | undefined {
		const entry = this.#entries.get(key);
		if (!entry) return undefined;
		this.#entries.delete(key);
		this.#entries.set(key, entry);
		return entry;
	}

	set(key: string, entry: CachedResponse): void {
		const cost = costOf(key, entry);
		if (cost > this.maxBytes / 8) return; // one huge export must not push out everything else
		this.delete(key);
		this.#entries.set(key, entry);
		this.#bytes += cost;
		this.stats.stored++;
		while (this.#bytes > this.maxBytes) {
			const oldest = this.#entries.keys().next().value!;
			this.delete(oldest);
			this.stats.evicted++;
		}
	}

	delete(key: string): void {
		const entry = this.#entries.get(key);
		if (!entry) return;
		this.#entries.delete(key);
		this.#bytes -= costOf(key, entry);
	}
}

function costOf(key: string, entry: CachedResponse): number {
	return entry.body.length + key.length * 2 + OVERHEAD_BYTES;
}

/** A strong validator from the body alone: the same bytes give the same ETag on every instance. */
export function etagOf(body: Buffer): string {
	return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether an If-None-Match header names the ETag (a list, weak forms and * included, RFC 9110 §13.1.2). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
	if (!ifNoneMatch) return false;
	if (ifNoneMatch.trim() === '*') return true;
	return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

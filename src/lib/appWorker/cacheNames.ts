// The names of a village app's caches in the browser's Cache Storage: allmende:<village>:<version>:<bucket>.
// Several village apps share one origin (the platform's host), so every name carries its village: a worker
// touches only its own village's caches, and deletes its older versions when a new one takes over.

/** shell: precached at install (home, offline page, manifest, icons, their JS and CSS); pages: pages and API
 * reads as they were visited; assets: the immutable JS/CSS and stored files pages needed. */
export type Bucket = 'shell' | 'pages' | 'assets';

const PREFIX = 'allmende';
const BUCKETS: readonly Bucket[] = ['shell', 'pages', 'assets'];
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The cache of one bucket of one village app in one version of the worker. */
export function cacheName(slug: string, version: string, bucket: Bucket): string {
	return `${PREFIX}:${slug}:${version}:${bucket}`;
}

/** The parts of a cache name of ours, or null for any other cache (another app's, or a malformed name). */
export function parseCacheName(name: string): { slug: string; version: string; bucket: Bucket } | null {
	const parts = name.split(':');
	if (parts.length !== 4 || parts[0] !== PREFIX) return null;
	const [, slug, version, bucket] = parts as [string, string, string, string];
	if (!SLUG.test(slug) || !version || !BUCKETS.includes(bucket as Bucket)) return null;
	return { slug, version, bucket: bucket as Bucket };
}

/** true for a valid village slug (the worker is told its village in its script URL and checks it). */
export function isSlug(value: string): boolean {
	return SLUG.test(value);
}

/** The header a stored response carries: when it was stored (ms). Responses served from a cache have it. */
export const STORED_AT = 'x-allmende-stored-at';

/** The attribute of <html> on a kept page the worker shows instead of the network's answer: when it was kept (ms). */
export const OFFLINE_COPY_ATTRIBUTE = 'data-offline-copy';

import type { Db } from '../db/index.ts';

/**
 * A village with its own host name (dorf.example.de) is served at "/" of that host. The server rewrites
 * such requests to the village's path before SvelteKit sees them, so routes know only one URL shape.
 * The host table is read at most every `ttlMs`: a new host name takes effect within that time on every instance.
 */
export function createHostRouter(db: Db, options: { ttlMs?: number; platformOrigin?: string } = {}) {
	const ttlMs = options.ttlMs ?? 30_000;
	// The platform's own name is never a village's, even if an old row says so (updateTenant refuses it now).
	const platformHost = options.platformOrigin ? new URL(options.platformOrigin).hostname.toLowerCase() : null;
	let hosts = new Map<string, string>();
	let loadedAt = 0;
	let loading: Promise<void> | undefined;

	async function refresh() {
		const rows = await db.selectFrom('tenants').select(['host', 'slug']).where('host', 'is not', null).execute();
		hosts = new Map(rows.filter((r) => r.host !== platformHost).map((r) => [r.host!, r.slug]));
		loadedAt = Date.now();
	}

	return {
		/** The path SvelteKit should see for this request, or the same path when nothing is to rewrite. */
		async rewrite(hostHeader: string | undefined, path: string): Promise<string> {
			if (Date.now() - loadedAt > ttlMs) {
				loading ??= refresh().finally(() => (loading = undefined));
				await loading;
			}
			const host = (hostHeader ?? '').toLowerCase().replace(/:\d+$/, '');
			const slug = hosts.get(host);
			return slug ? rewritePath(slug, path) : path;
		}
	};
}

// Shared platform paths (API, assets, health, accounts) stay as they are on a village host.
const SHARED_PATHS = ['/api', '/_app', '/healthz', '/login', '/logout', '/register', '/verify', '/reset', '/invite', '/account', '/locale', '/dev', '/ws', '/files', '/favicon.svg', '/robots.txt'];

/** "/" on a village host → "/<slug>/"; paths already under the slug or shared platform paths stay. */
export function rewritePath(slug: string, path: string): string {
	if (path === `/${slug}` || path.startsWith(`/${slug}/`) || path.startsWith(`/${slug}?`)) return path;
	if (SHARED_PATHS.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`))) return path;
	return `/${slug}${path.startsWith('/') ? path : `/${path}`}`;
}

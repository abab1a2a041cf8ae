import type { Db } from '../db/index.ts';
import { rewritePath } from '../../hostPaths.ts';

export { rewritePath };

/**
 * The header serve.ts sets on a request that came in on a village's own host name: the village's slug. It is
 * removed from every incoming request first, so only the host router can set it (hooks.server.ts reads it).
 */
export const VILLAGE_HOST_HEADER = 'x-allmende-village-host';

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

	const slugOf = (hostHeader: string | undefined) => hosts.get((hostHeader ?? '').toLowerCase().replace(/:\d+$/, ''));

	return {
		/** The path SvelteKit should see for this request, or the same path when nothing is to rewrite. */
		async rewrite(hostHeader: string | undefined, path: string): Promise<string> {
			if (Date.now() - loadedAt > ttlMs) {
				loading ??= refresh().finally(() => (loading = undefined));
				await loading;
			}
			const slug = slugOf(hostHeader);
			return slug ? rewritePath(slug, path) : path;
		},

		/** The village whose own host name this is, as the last rewrite saw the host names (undefined: none). */
		villageOf: slugOf
	};
}

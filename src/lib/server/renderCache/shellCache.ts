import type { Db } from '../db/index.ts';
import { getTenantBySlug, type Tenant } from '../tenancy/tenants.ts';
import { enabledModules, type VillageModule } from '../builder/villageModules.ts';
import type { ContentVersions } from './contentVersions.ts';

// The app shell's data, which every request of a village needs and which changes only when an admin changes it:
// the tenant its path names and the village's switched-on modules with their settings. Kept in memory while the
// county's content version (the sum over all tenants, contentVersions.ts) is the one they were read at. Every
// write to a tenant or its modules is audited, and the audit bumps the tenant's content version in the write's own
// transaction, so the next request after a commit reads afresh — on every instance, as the version lives in the
// database; a change made past the audit (by hand in SQL) shows after a minute at most. Signed-in requests use it
// too: the shell is the same for everyone. A request takes one snapshot (one version read: on PostgreSQL one query
// instead of the two for tenant and modules, on SQLite none while nothing was committed).
//
// The version is read before the rows: a write that commits in between leaves rows newer than their version,
// which the next request then reads again (never the other way round). Unknown slugs are not kept (a scan of
// random addresses must not fill the memory), and the kept rows are copied out, so a caller cannot change them.

/** Enough for every tenant of a large county; beyond it, the oldest entry goes. */
const MAX_ENTRIES = 5000;
/** a write that bypassed the audit (a hand-made SQL change) shows after at most this long, as in the render cache */
const MAX_AGE_MS = 60_000;

/** The shell as of one moment: a request takes one and reads its tenant and modules from it. */
export interface ShellSnapshot {
	tenantBySlug(slug: string): Promise<Tenant | undefined>;
	/** the village's switched-on modules, in order, with their settings */
	villageModules(villageId: string): Promise<VillageModule[]>;
}

export interface ShellCache {
	/** reads the county's version once (on PostgreSQL one query, on SQLite none while nothing was committed) */
	snapshot(): Promise<ShellSnapshot>;
}

export function createShellCache(db: Db, versions: ContentVersions, clock: () => number = Date.now): ShellCache {
	let version = -1;
	let since = 0;
	const tenants = new Map<string, Tenant>();
	const modules = new Map<string, VillageModule[]>();

	function keep<T>(map: Map<string, T>, key: string, value: T, readAt: number): void {
		// a newer version came in while this was read: what was read may be older than that version
		if (readAt !== version) return;
		if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
		map.set(key, value);
	}

	return {
		async snapshot() {
			const now = await versions.read('all');
			if (now !== version || clock() - since > MAX_AGE_MS) {
				// forget everything when the county's version has moved since the last read, or after a minute
				tenants.clear();
				modules.clear();
				version = now;
				since = clock();
			}
			return {
				async tenantBySlug(slug) {
					let tenant = tenants.get(slug);
					if (!tenant || version !== now) {
						tenant = await getTenantBySlug(db, slug);
						if (!tenant) return undefined;
						keep(tenants, slug, tenant, now);
					}
					return { ...tenant };
				},
				async villageModules(villageId) {
					let list = modules.get(villageId);
					if (!list || version !== now) {
						list = await enabledModules(db, villageId);
						keep(modules, villageId, list, now);
					}
					return list.map((vm) => ({ ...vm, settings: structuredClone(vm.settings) }));
				}
			};
		}
	};
}

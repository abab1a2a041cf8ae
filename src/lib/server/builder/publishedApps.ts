// Which villages have published their app, and which modules each has on: for the administration of the
// municipalities and the county (/admin).
import type { Localized } from '../../modules/types.ts';
import { getModule } from '../../modules/registry.ts';
import type { Db } from '../db/index.ts';

export interface VillageAppStatus {
	/** the published version's number; 0: never published */
	version: number;
	/** when that version was published; null: never */
	publishedAt: number | null;
	/** the switched-on modules' names, in the app's order */
	modules: Localized[];
}

/** The app status of each of these villages (by id); the caller passes only villages the actor administers. */
export async function villageAppStatus(db: Db, villageIds: readonly string[]): Promise<Record<string, VillageAppStatus>> {
	if (villageIds.length === 0) return {};
	const [versions, modules] = await Promise.all([
		db
			.selectFrom('tenants')
			.leftJoin('appVersions', (join) => join.onRef('appVersions.tenantId', '=', 'tenants.id').onRef('appVersions.version', '=', 'tenants.appVersion'))
			.select(['tenants.id', 'tenants.appVersion', 'appVersions.publishedAt'])
			.where('tenants.id', 'in', [...villageIds])
			.where('tenants.kind', '=', 'village')
			.execute(),
		db.selectFrom('villageModules').select(['tenantId', 'moduleId']).where('tenantId', 'in', [...villageIds]).where('enabledAt', 'is not', null).orderBy('position').execute()
	]);
	const out: Record<string, VillageAppStatus> = {};
	for (const v of versions) {
		const published = v.appVersion > 0 && v.publishedAt != null;
		out[v.id] = { version: published ? v.appVersion : 0, publishedAt: published ? Number(v.publishedAt) : null, modules: [] };
	}
	for (const row of modules) {
		const module = getModule(row.moduleId);
		if (module) out[row.tenantId]?.modules.push(module.name);
	}
	return out;
}

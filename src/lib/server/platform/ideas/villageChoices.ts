import type { Db } from '../../db/index.ts';

/** The villages an idea can be for, grouped by municipality (both by name), with their clubs. */
export async function villageChoices(db: Db) {
	const villages = await db
		.selectFrom('tenants as village')
		.leftJoin('tenants as municipality', 'municipality.id', 'village.parentId')
		.select(['village.id', 'village.slug', 'village.name', 'municipality.name as municipalityName'])
		.where('village.kind', '=', 'village')
		.orderBy('municipality.name')
		.orderBy('village.name')
		.execute();
	const clubs = await db.selectFrom('clubs').innerJoin('tenants', 'tenants.id', 'clubs.tenantId').select(['clubs.id', 'clubs.name', 'clubs.tenantId', 'tenants.name as villageName']).where('tenants.kind', '=', 'village').orderBy('tenants.name').orderBy('clubs.name').execute();
	const groups: { municipality: string; villages: { id: string; slug: string; name: string }[] }[] = [];
	for (const v of villages) {
		const label = v.municipalityName ?? '';
		if (groups.at(-1)?.municipality !== label) groups.push({ municipality: label, villages: [] });
		groups.at(-1)!.villages.push({ id: v.id, slug: v.slug, name: v.name });
	}
	return { groups, clubs };
}

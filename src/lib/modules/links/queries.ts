import type { Db } from '../../server/moduleApi.ts';

export interface LinksGroupsTable {
	id: string;
	tenantId: string;
	name: string;
	position: number;
	createdAt: number;
}

export interface LinksItemsTable {
	id: string;
	tenantId: string;
	groupId: string;
	title: string;
	url: string;
	description: string;
	icon: string;
	position: number;
	createdAt: number;
	updatedAt: number;
}

/** The core's database with this module's tables added to its type. */
export function linksDb(db: Db) {
	return db.withTables<{ linksGroups: LinksGroupsTable; linksItems: LinksItemsTable }>();
}
export type LinksDb = ReturnType<typeof linksDb>;

export interface LinkGroup {
	id: string;
	name: string;
	links: { id: string; title: string; url: string; description: string; icon: string }[];
}

/** A village's groups with their links, both in their order. */
export async function listGroups(db: Db, villageId: string): Promise<LinkGroup[]> {
	const ldb = linksDb(db);
	const [groups, items] = await Promise.all([
		ldb.selectFrom('linksGroups').select(['id', 'name']).where('tenantId', '=', villageId).orderBy('position').orderBy('createdAt').execute(),
		ldb.selectFrom('linksItems').select(['id', 'groupId', 'title', 'url', 'description', 'icon']).where('tenantId', '=', villageId).orderBy('position').orderBy('createdAt').execute()
	]);
	return groups.map((g) => ({ ...g, links: items.filter((i) => i.groupId === g.id).map(({ groupId: _g, ...link }) => link) }));
}

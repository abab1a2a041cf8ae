import type { ModuleData } from '../../server/moduleApi.ts';

// The links module's tables as its code sees them. `tenantId` is there in the database; the core fills and
// filters it (ctx.data is bound to the village), so the module never names it.
export interface LinksGroupsTable {
	id: string;
	name: string;
	position: number;
	createdAt: number;
}

export interface LinksItemsTable {
	id: string;
	groupId: string;
	title: string;
	url: string;
	description: string;
	icon: string;
	position: number;
	createdAt: number;
	updatedAt: number;
}

export interface LinksTables {
	linksGroups: LinksGroupsTable;
	linksItems: LinksItemsTable;
}

export type LinksData = ModuleData<LinksTables>;

export interface LinkGroup {
	id: string;
	name: string;
	links: { id: string; title: string; url: string; description: string; icon: string }[];
}

/** The village's groups with their links, both in their order. */
export async function listGroups(data: LinksData): Promise<LinkGroup[]> {
	const [groups, items] = await Promise.all([
		data.selectFrom('linksGroups').select(['id', 'name']).orderBy('position').orderBy('createdAt').execute(),
		data.selectFrom('linksItems').select(['id', 'groupId', 'title', 'url', 'description', 'icon']).orderBy('position').orderBy('createdAt').execute()
	]);
	return groups.map((g) => ({ ...g, links: items.filter((i) => i.groupId === g.id).map(({ groupId: _g, ...link }) => link) }));
}

/** The ids of the village's groups, in order. */
export async function groupIds(data: LinksData): Promise<string[]> {
	return (await data.selectFrom('linksGroups').select('id').orderBy('position').orderBy('createdAt').execute()).map((r) => r.id);
}

/** The ids of one group's links, in order. */
export async function linkIds(data: LinksData, groupId: string): Promise<string[]> {
	return (await data.selectFrom('linksItems').select('id').where('groupId', '=', groupId).orderBy('position').orderBy('createdAt').execute()).map((r) => r.id);
}

export async function findGroup(data: LinksData, groupId: string) {
	return data.selectFrom('linksGroups').selectAll().where('id', '=', groupId).executeTakeFirst();
}

export async function findLink(data: LinksData, linkId: string) {
	return data.selectFrom('linksItems').selectAll().where('id', '=', linkId).executeTakeFirst();
}

/** true when another group of the village has this name, upper or lower case aside ("Notdienste" = "notdienste"). */
export async function groupNameTaken(data: LinksData, name: string, exceptId?: string): Promise<boolean> {
	const key = (s: string) => s.trim().toLocaleLowerCase('de');
	const groups = await data.selectFrom('linksGroups').select(['id', 'name']).execute();
	return groups.some((g) => g.id !== exceptId && key(g.name) === key(name));
}

// Places for the project forms and filters: where a person may keep projects, and the municipalities with
// their villages for the list's filter.
import type { Db } from '../../db/index.ts';
import type { Actor } from '../../policy/index.ts';
import { listTenants } from '../../tenancy/tenants.ts';
import { mayCreateProjectIn } from './memberProjects.ts';

export interface PlaceOption {
	slug: string;
	name: string;
	kind: 'municipality' | 'village';
	/** the optgroup: the municipality's name */
	group: string;
}

type PlaceRow = PlaceOption & { id: string; path: string; membersCreateProjectsAt: number | null };

/** Municipalities and villages, each municipality followed by its villages, in name order. */
async function placesInOrder(db: Db): Promise<PlaceRow[]> {
	const tenants = await listTenants(db);
	const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'de');
	const out: PlaceRow[] = [];
	for (const muni of tenants.filter((t) => t.kind === 'municipality').sort(byName)) {
		out.push({ id: muni.id, path: muni.path, membersCreateProjectsAt: muni.membersCreateProjectsAt, slug: muni.slug, name: muni.name, kind: 'municipality', group: muni.name });
		for (const village of tenants.filter((t) => t.kind === 'village' && t.parentId === muni.id).sort(byName)) {
			out.push({ id: village.id, path: village.path, membersCreateProjectsAt: village.membersCreateProjectsAt, slug: village.slug, name: village.name, kind: 'village', group: muni.name });
		}
	}
	return out;
}

/** Where the actor may create projects or adopt one into (their villages and municipalities; as a member, where allowed). */
export async function listProjectPlaces(db: Db, actor: Actor): Promise<PlaceOption[]> {
	if (!actor.userId || actor.memberships.length === 0) return [];
	return (await placesInOrder(db)).filter((p) => mayCreateProjectIn(actor, p)).map(({ slug, name, kind, group }) => ({ slug, name, kind, group }));
}

/** Every municipality and village, for the list's filters. */
export async function listAllPlaces(db: Db): Promise<PlaceOption[]> {
	return (await placesInOrder(db)).map(({ slug, name, kind, group }) => ({ slug, name, kind, group }));
}

// The projects map's data: the visible projects that match the list's filters, grouped by the place that keeps
// them (a village, or a municipality or the county for their own projects), with the place's coordinates. One
// function over the parsed filter object, so the map and its list alternative show exactly the same projects,
// and so the map can follow the Projektpool's search when that learns more filters.
import type { Db } from '../../db/index.ts';
import type { ProjectStatus, TenantKind } from '../../db/types.ts';
import { projectsWithPlaces } from '../projects/projectCards.ts';
import type { ListProjectsQuery } from '../projects/schemas.ts';
import { whereProjectsMatch } from '../search/projectSearch.ts';

export interface MapProject {
	id: string;
	slug: string;
	title: string;
	status: ProjectStatus;
	categoryKey: string;
}

export interface MapPlace {
	slug: string;
	name: string;
	kind: TenantKind;
	/** the municipality's name: a village's parent, a municipality itself; '' for the county */
	municipality: string;
	/** WGS84 degrees; null when the place has none yet (it is listed, not put on the map) */
	lat: number | null;
	lon: number | null;
	projects: MapProject[];
}

/** Every place with at least one matching visible project, in list order: county, then municipalities by name, each before its villages. */
export async function mapData(db: Db, query: Omit<ListProjectsQuery, 'page'> & { page?: number }): Promise<MapPlace[]> {
	// the same projects as the Projektpool's list and search (whereProjectsMatch), all of them: no pages
	const q = whereProjectsMatch(
		db,
		projectsWithPlaces(db)
			.select(['projects.id', 'projects.slug', 'projects.title', 'projects.status', 'projects.categoryKey'])
			.select(['place.slug as placeSlug', 'place.name as placeName', 'place.kind as placeKind', 'place.lat', 'place.lon', 'parent.name as parentName']),
		query
	);
	const rows = await q.execute();

	const places = new Map<string, MapPlace>();
	for (const row of rows) {
		let place = places.get(row.placeSlug);
		if (!place) {
			const municipality = row.placeKind === 'village' ? (row.parentName ?? '') : row.placeKind === 'municipality' ? row.placeName : '';
			// both or neither (the form refuses one alone); a row written around the form still never shows half a position
			const located = row.lat !== null && row.lon !== null;
			place = { slug: row.placeSlug, name: row.placeName, kind: row.placeKind, municipality, lat: located ? Number(row.lat) : null, lon: located ? Number(row.lon) : null, projects: [] };
			places.set(row.placeSlug, place);
		}
		place.projects.push({ id: row.id, slug: row.slug, title: row.title, status: row.status, categoryKey: row.categoryKey });
	}
	const byName = (a: string, b: string) => a.localeCompare(b, 'de');
	const rank: Record<TenantKind, number> = { county: 0, municipality: 1, village: 2 };
	const out = [...places.values()].sort((a, b) => byName(a.municipality, b.municipality) || rank[a.kind] - rank[b.kind] || byName(a.name, b.name));
	for (const place of out) place.projects.sort((a, b) => byName(a.title, b.title) || (a.id < b.id ? -1 : 1));
	return out;
}

// A project as lists show it (a card): the one query that reads cards, shared by the list, the search, the
// lineage and "Ähnliche Projekte". The adoption count counts visible adoptions only.
import type { Db } from '../../db/index.ts';
import type { ProjectStatus, TenantKind } from '../../db/types.ts';

export interface PlaceRef {
	id: string;
	slug: string;
	name: string;
	kind: TenantKind;
	/** the municipality a village belongs to ('' for a municipality or the county) */
	municipality: string;
}

export interface ProjectCard {
	id: string;
	slug: string;
	title: string;
	summary: string;
	status: ProjectStatus;
	categoryKey: string;
	place: PlaceRef;
	adaptedFromId: string | null;
	adoptionCount: number;
	updatedAt: number;
}

/** Projects with the place that keeps each (`place`) and that place's parent (`parent`): what lists filter on. */
export function projectsWithPlaces(db: Db) {
	return db.selectFrom('projects').innerJoin('tenants as place', 'place.id', 'projects.tenantId').leftJoin('tenants as parent', 'parent.id', 'place.parentId');
}

export function baseQuery(db: Db) {
	return projectsWithPlaces(db).select((eb) => [
			'projects.id',
			'projects.slug',
			'projects.title',
			'projects.summary',
			'projects.status',
			'projects.categoryKey',
			'projects.adaptedFromId',
			'projects.updatedAt',
			'place.id as placeId',
			'place.slug as placeSlug',
			'place.name as placeName',
			'place.kind as placeKind',
			'parent.name as parentName',
			'parent.kind as parentKind',
			eb
				.selectFrom('projects as adoption')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('adoption.adaptedFromId', '=', 'projects.id')
				.where('adoption.hiddenAt', 'is', null)
				.as('adoptionCount')
		]);
}

export type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

export function toCard(row: BaseRow): ProjectCard {
	return {
		id: row.id,
		slug: row.slug,
		title: row.title,
		summary: row.summary,
		status: row.status,
		categoryKey: row.categoryKey,
		place: { id: row.placeId, slug: row.placeSlug, name: row.placeName, kind: row.placeKind, municipality: row.placeKind === 'village' && row.parentKind === 'municipality' ? (row.parentName ?? '') : '' },
		adaptedFromId: row.adaptedFromId,
		adoptionCount: Number(row.adoptionCount ?? 0),
		updatedAt: Number(row.updatedAt)
	};
}


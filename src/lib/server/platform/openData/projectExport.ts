// All visible projects that match the filters of /api/v1/projects, read for the open-data exports (CSV, JSON)
// chunk by chunk: one query for a chunk of projects (ordered and continued by keyset, so a chunk never repeats or
// skips a project when rows share a date), then one query each for the chunk's indicators, fundings and
// adoptions — never a query per project. Only what the public project page shows: no contact, no people.
import type { Db } from '../../db/index.ts';
import type { ProjectStatus, TenantKind } from '../../db/types.ts';
import { categoryName, listCategories } from '../categories.ts';
import { projectsWithPlaces } from '../projects/projectCards.ts';
import type { ListProjectsQuery } from '../projects/schemas.ts';
import { whereProjectsMatch } from '../search/projectSearch.ts';

/** the filters of /api/v1/projects without its page: an export has all matching projects */
export type ExportFilters = Omit<ListProjectsQuery, 'page'>;

export const EXPORT_CHUNK = 500;

export interface ExportedProject {
	id: string;
	slug: string;
	title: string;
	summary: string;
	status: ProjectStatus;
	categoryKey: string;
	/** the category's German name (the key for a category the county has removed) */
	categoryName: string;
	sdgs: number[];
	place: { slug: string; name: string; kind: TenantKind };
	/** the municipality: the village's parent, or the place itself when a municipality owns the project */
	municipality: string;
	club: string | null;
	costOneOff: number | null;
	costRunning: number | null;
	volunteerHours: number | null;
	startedOn: string | null;
	/** the visible project it was adopted from */
	adaptedFrom: { id: string; slug: string; title: string } | null;
	adoptionCount: number;
	fundings: { programme: string; amount: number | null; sharePercent: number | null; state: 'used' | 'applied' }[];
	indicators: { name: string; value: number; unit: string; measuredOn: string | null }[];
	updatedAt: number;
}

/**
 * The visible projects matching the filters, with the joins the export reads. The one place that decides which
 * projects an export holds: the search may replace it, as long as it keeps `projects`, `place` and `parent`.
 */
export function matchingProjects(db: Db, filters: ExportFilters) {
	return whereProjectsMatch(db, projectsWithPlaces(db), filters);
}

const parseSdgs = (text: string): number[] => {
	try {
		const list: unknown = JSON.parse(text);
		return Array.isArray(list) ? list.filter((n): n is number => Number.isInteger(n)) : [];
	} catch {
		return [];
	}
};

/** One chunk of projects after the keyset position `after` (newest change first, then by id). */
async function chunkAfter(db: Db, filters: ExportFilters, after: { updatedAt: number; id: string } | null, size: number) {
	let q = matchingProjects(db, filters)
		.leftJoin('clubs', 'clubs.id', 'projects.clubId')
		// a hidden source is not named (its title would leak what moderation took down)
		.leftJoin('projects as source', (join) => join.onRef('source.id', '=', 'projects.adaptedFromId').on('source.hiddenAt', 'is', null))
		.select(['projects.id', 'projects.slug', 'projects.title', 'projects.summary', 'projects.status', 'projects.categoryKey', 'projects.sdgs', 'projects.costOneOff', 'projects.costRunning', 'projects.volunteerHours', 'projects.startedOn', 'projects.updatedAt'])
		.select(['place.slug as placeSlug', 'place.name as placeName', 'place.kind as placeKind', 'parent.name as parentName', 'parent.kind as parentKind', 'clubs.name as clubName'])
		.select(['source.id as sourceId', 'source.slug as sourceSlug', 'source.title as sourceTitle']);
	if (after) {
		const { updatedAt, id } = after;
		q = q.where((eb) => eb.or([eb('projects.updatedAt', '<', updatedAt), eb.and([eb('projects.updatedAt', '=', updatedAt), eb('projects.id', '<', id)])]));
	}
	return q.orderBy('projects.updatedAt', 'desc').orderBy('projects.id', 'desc').limit(size).execute();
}

/** The matching projects, a chunk at a time, each with its fundings, indicators and visible adoptions. */
export async function* exportProjects(db: Db, filters: ExportFilters, chunkSize = EXPORT_CHUNK): AsyncGenerator<ExportedProject[]> {
	const categories = await listCategories(db);
	let after: { updatedAt: number; id: string } | null = null;
	for (;;) {
		const rows = await chunkAfter(db, filters, after, chunkSize);
		if (rows.length === 0) return;
		const ids = rows.map((r) => r.id);
		const [indicators, fundings, adoptions] = await Promise.all([
			db.selectFrom('projectIndicators').select(['projectId', 'name', 'value', 'unit', 'measuredOn']).where('projectId', 'in', ids).orderBy('projectId').orderBy('position').execute(),
			db.selectFrom('projectFundings').select(['projectId', 'programmeName', 'amount', 'sharePercent', 'state']).where('projectId', 'in', ids).orderBy('projectId').orderBy('position').execute(),
			db
				.selectFrom('projects')
				.select((eb) => ['adaptedFromId', eb.fn.countAll<number>().as('n')])
				.where('adaptedFromId', 'in', ids)
				.where('hiddenAt', 'is', null)
				.groupBy('adaptedFromId')
				.execute()
		]);
		const group = <T extends { projectId: string }>(list: T[]) => {
			const byId = new Map<string, T[]>();
			for (const item of list) {
				const known = byId.get(item.projectId);
				if (known) known.push(item);
				else byId.set(item.projectId, [item]);
			}
			return byId;
		};
		const indicatorsOf = group(indicators);
		const fundingsOf = group(fundings);
		const adoptionsOf = new Map(adoptions.map((a) => [a.adaptedFromId, Number(a.n)]));
		yield rows.map((r) => ({
			id: r.id,
			slug: r.slug,
			title: r.title,
			summary: r.summary,
			status: r.status,
			categoryKey: r.categoryKey,
			categoryName: categoryName(categories, r.categoryKey, 'de'),
			sdgs: parseSdgs(r.sdgs),
			place: { slug: r.placeSlug, name: r.placeName, kind: r.placeKind },
			municipality: r.placeKind === 'municipality' ? r.placeName : r.placeKind === 'village' && r.parentKind === 'municipality' ? (r.parentName ?? '') : '',
			club: r.clubName,
			costOneOff: r.costOneOff === null ? null : Number(r.costOneOff),
			costRunning: r.costRunning === null ? null : Number(r.costRunning),
			volunteerHours: r.volunteerHours === null ? null : Number(r.volunteerHours),
			startedOn: r.startedOn,
			adaptedFrom: r.sourceId && r.sourceSlug && r.sourceTitle !== null ? { id: r.sourceId, slug: r.sourceSlug, title: r.sourceTitle } : null,
			adoptionCount: adoptionsOf.get(r.id) ?? 0,
			fundings: (fundingsOf.get(r.id) ?? []).map((f) => ({ programme: f.programmeName, amount: f.amount === null ? null : Number(f.amount), sharePercent: f.sharePercent === null ? null : Number(f.sharePercent), state: f.state })),
			indicators: (indicatorsOf.get(r.id) ?? []).map((i) => ({ name: i.name, value: Number(i.value), unit: i.unit, measuredOn: i.measuredOn })),
			updatedAt: Number(r.updatedAt)
		}));
		if (rows.length < chunkSize) return;
		const last = rows.at(-1)!;
		after = { updatedAt: Number(last.updatedAt), id: last.id };
	}
}

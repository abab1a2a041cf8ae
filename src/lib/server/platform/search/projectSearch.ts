// Finding projects: the filters of the list (category, status, SDG, place, cost, adopted) and German full
// text, ranked and with highlighted snippets. The list, the API and (later) the map all go through
// findProjects, so they always agree on what matches. Hidden projects are never found: they have no index
// row, and the query also asks for visible rows.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/index.ts';
import { baseQuery, projectsWithPlaces, toCard, type ProjectCard } from '../projects/projectCards.ts';
import type { ListProjectsQuery } from '../projects/schemas.ts';
import { parseQuery, type QueryTerm } from './normalise.ts';
import { matchingDocuments } from './searchDialect.ts';
import { PROJECT_BODY_FIELDS } from './searchIndex.ts';
import { highlight } from './snippet.ts';

export const PAGE_SIZE = 20;

export interface ProjectHit extends ProjectCard {
	/** the title as safe HTML with the matching words in <mark> (only with a query) */
	titleHtml?: string;
	/** a piece of the text around the first match, safe HTML with <mark> (only with a query, when the text matches) */
	snippetHtml?: string;
}

type WithPlaces = ReturnType<typeof projectsWithPlaces>;
type WithPlacesDb = WithPlaces extends SelectQueryBuilder<infer D, infer _T, infer _O> ? D : never;
type WithPlacesTables = WithPlaces extends SelectQueryBuilder<infer _D, infer T, infer _O> ? T : never;

/**
 * The list's filters on a query of projects with their places (projectsWithPlaces, with or without selections):
 * visible projects only, and with words, those whose index entry matches them all. The one definition of "the
 * projects that match" — the list without words, the map and the open-data exports all use it.
 */
export function whereProjectsMatch<O>(db: Db, q: SelectQueryBuilder<WithPlacesDb, WithPlacesTables, O>, query: Omit<ListProjectsQuery, 'page'>): SelectQueryBuilder<WithPlacesDb, WithPlacesTables, O> {
	q = q.where('projects.hiddenAt', 'is', null);
	if (query.q) {
		const terms = parseQuery(query.q);
		// only punctuation or function words: nothing matches (rather than everything)
		if (terms.length === 0) return q.where(sql<boolean>`1 = 0`);
		q = q.where('projects.id', 'in', db.selectFrom(matchingDocuments(db, { kind: 'project', terms }).as('hits')).select('hits.docId'));
	}
	if (query.category) q = q.where('projects.categoryKey', '=', query.category);
	if (query.status) q = q.where('projects.status', '=', query.status);
	if (query.village) q = q.where('place.slug', '=', query.village);
	if (query.municipality) {
		const slug = query.municipality;
		q = q.where((eb) => eb.or([eb.and([eb('parent.slug', '=', slug), eb('parent.kind', '=', 'municipality')]), eb.and([eb('place.slug', '=', slug), eb('place.kind', '=', 'municipality')])]));
	}
	// sdgs is a JSON list of numbers ("[3,11]"); ",3," in ",3,11," is the same test on both databases
	if (query.sdg) q = q.where(sql<string>`',' || replace(replace(projects.sdgs, '[', ''), ']', '') || ','`, 'like', `%,${query.sdg},%`);
	if (query.costMin !== undefined) q = q.where('projects.costOneOff', '>=', query.costMin);
	if (query.costMax !== undefined) q = q.where('projects.costOneOff', '<=', query.costMax);
	if (query.adopted) q = q.where((eb) => eb.exists(eb.selectFrom('projects as adoption').select('adoption.id').whereRef('adoption.adaptedFromId', '=', 'projects.id').where('adoption.hiddenAt', 'is', null)));
	return q;
}

/** The visible projects that meet every filter, without a text query: the list's cards. */
function filtered(db: Db, query: ListProjectsQuery) {
	return whereProjectsMatch(db, baseQuery(db), { ...query, q: undefined });
}

/** The ids of the places a place filter means: the village, or the municipality and its villages (as the list). */
async function placeIds(db: Db, query: ListProjectsQuery): Promise<string[] | null> {
	if (!query.village && !query.municipality) return null;
	let q = db.selectFrom('tenants as place').leftJoin('tenants as parent', 'parent.id', 'place.parentId').select('place.id');
	if (query.village) q = q.where('place.slug', '=', query.village);
	if (query.municipality) {
		const slug = query.municipality;
		q = q.where((eb) => eb.or([eb.and([eb('parent.slug', '=', slug), eb('parent.kind', '=', 'municipality')]), eb.and([eb('place.slug', '=', slug), eb('place.kind', '=', 'municipality')])]));
	}
	return (await q.execute()).map((r) => r.id);
}

/**
 * The index entries that match the words and meet every filter: all of it in the index table (its filter
 * columns), so a broad word's thousands of matches cost no look-up of their projects and places. The places come
 * as ids, read first (a county has a few hundred), so neither database plans a join per match.
 */
function textMatches(db: Db, query: ListProjectsQuery, terms: QueryTerm[], places: string[] | null) {
	let q = db.selectFrom(matchingDocuments(db, { kind: 'project', terms }).as('hits'));
	if (query.category) q = q.where('hits.categoryKey', '=', query.category);
	if (query.status) q = q.where('hits.status', '=', query.status);
	if (places) q = q.where('hits.tenantId', 'in', places);
	if (query.sdg) q = q.where('hits.sdgs', 'like', `%,${query.sdg},%`);
	if (query.costMin !== undefined) q = q.where('hits.costOneOff', '>=', query.costMin);
	if (query.costMax !== undefined) q = q.where('hits.costOneOff', '<=', query.costMax);
	if (query.adopted) q = q.where('hits.adoptions', '>', 0);
	return q;
}

/**
 * One window of the matching projects' ids in the asked order, and how many match — in one pass over the matches
 * (a window count), not a second query; only a window past the end asks for the count alone.
 */
async function findByText(db: Db, query: ListProjectsQuery, terms: QueryTerm[], window: { limit: number; offset: number }): Promise<{ ids: string[]; total: number }> {
	const places = await placeIds(db, query);
	if (places && places.length === 0) return { ids: [], total: 0 };
	const q = textMatches(db, query, terms, places);
	const sort = query.sort ?? 'relevance';
	let ordered;
	if (sort === 'updated') {
		// the last change is the project's own (news and files change it too): read it for the matches
		ordered = q.innerJoin('projects', 'projects.id', 'hits.docId').select('hits.docId').orderBy('projects.updatedAt', 'desc');
	} else {
		ordered = q.select('hits.docId');
		if (sort === 'relevance') ordered = ordered.orderBy('hits.score', 'desc');
		if (sort === 'adopted') ordered = ordered.orderBy('hits.adoptions', 'desc');
		ordered = ordered.orderBy('hits.createdAt', 'desc');
	}
	const rows = await ordered.select(sql<number>`count(*) over ()`.as('total')).orderBy('hits.docId', 'desc').limit(window.limit).offset(window.offset).execute();
	if (rows.length) return { ids: rows.map((r) => r.docId), total: Number(rows[0]!.total) };
	const total = window.offset === 0 ? 0 : Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
	return { ids: [], total };
}

/**
 * The projects that meet the parsed filters, best first (or as `sort` says), one window of them, with the
 * total. With `q`, titles and snippets come highlighted; the best are those with most of the words in their
 * title, then the newest. A query of only punctuation or function words finds nothing (rather than everything).
 */
export async function findProjects(db: Db, query: ListProjectsQuery, window: { limit: number; offset: number }): Promise<{ projects: ProjectHit[]; total: number }> {
	const terms = query.q ? parseQuery(query.q) : [];
	if (query.q && terms.length === 0) return { projects: [], total: 0 };
	if (terms.length) {
		const { ids, total } = await findByText(db, query, terms, window);
		const cards: ProjectHit[] = (await cardsOf(db, ids)).map(toCard);
		await addHighlights(db, cards, terms);
		return { projects: cards, total };
	}
	const q = filtered(db, query);
	const total = Number((await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
	if (total === 0 || window.offset >= total) return { projects: [], total };
	const sort = query.sort && query.sort !== 'relevance' ? query.sort : 'updated';
	let ordered = q;
	if (sort === 'adopted') ordered = ordered.orderBy('adoptionCount', 'desc');
	ordered = sort === 'newest' ? ordered.orderBy('projects.createdAt', 'desc') : ordered.orderBy('projects.updatedAt', 'desc');
	ordered = ordered.orderBy('projects.id', 'desc').limit(window.limit).offset(window.offset);
	// Sorting every project is cheap, counting each one's adoptions is not: unless that is the order, find the
	// page's ids first and read the cards of those only.
	if (sort === 'adopted') return { projects: (await ordered.execute()).map(toCard), total };
	const ids = (await ordered.clearSelect().select('projects.id').execute()).map((r) => r.id);
	return { projects: (await cardsOf(db, ids)).map(toCard), total };
}

/** The cards of these projects, in this order. */
async function cardsOf(db: Db, ids: string[]) {
	if (!ids.length) return [];
	// hidden ones never, also if an index entry were ever left behind by a write around the app
	const byId = new Map((await baseQuery(db).where('projects.id', 'in', ids).where('projects.hiddenAt', 'is', null).execute()).map((r) => [r.id, r]));
	return ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
}

/** Titles and snippets with the matches marked: from the summary, else the first profile text that matches. */
async function addHighlights(db: Db, cards: ProjectHit[], terms: QueryTerm[]): Promise<void> {
	const withoutSummaryMatch: ProjectHit[] = [];
	for (const card of cards) {
		card.titleHtml = highlight(card.title, terms, { whole: true }) ?? undefined;
		const snippet = highlight(card.summary, terms);
		if (snippet) card.snippetHtml = snippet;
		else withoutSummaryMatch.push(card);
	}
	if (!withoutSummaryMatch.length) return;
	const bodies = await db.selectFrom('projects').select(['id', ...PROJECT_BODY_FIELDS]).where('id', 'in', withoutSummaryMatch.map((c) => c.id)).execute();
	for (const card of withoutSummaryMatch) {
		const row = bodies.find((b) => b.id === card.id);
		for (const field of PROJECT_BODY_FIELDS) {
			const snippet = row ? highlight(row[field], terms) : null;
			if (snippet) {
				card.snippetHtml = snippet;
				break;
			}
		}
	}
}

/** One page of visible projects with the total for paging (the list page and `GET /api/v1/projects`). */
export async function listProjects(db: Db, query: ListProjectsQuery): Promise<{ projects: ProjectHit[]; total: number; page: number; pages: number }> {
	const { projects, total } = await findProjects(db, query, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
	return { projects, total, page: query.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

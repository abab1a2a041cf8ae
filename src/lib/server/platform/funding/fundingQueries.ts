// Reading the funding catalogue: the county's programmes with the visible projects that used or applied for
// them, the programmes that may suit a project, and a project's own funding rows.
import type { Db } from '../../db/index.ts';
import { fieldError } from '../../http/errors.ts';
import { listCategories } from '../categories.ts';
import { parseQuery } from '../search/normalise.ts';
import { matchingDocuments } from '../search/searchDialect.ts';

export interface ProgrammeUse {
	projectId: string;
	slug: string;
	title: string;
	state: 'used' | 'applied';
}

export interface Programme {
	id: string;
	key: string;
	name: string;
	fundingBody: string;
	share: string;
	maxAmount: number | null;
	deadlines: string;
	eligibility: string;
	url: string;
	categories: string[];
	usedBy: ProgrammeUse[];
}

function parseKeys(text: string): string[] {
	try {
		const list: unknown = JSON.parse(text);
		return Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : [];
	} catch {
		return [];
	}
}

function programmeRows(db: Db) {
	return db
		.selectFrom('fundingProgrammes')
		.innerJoin('tenants', 'tenants.id', 'fundingProgrammes.tenantId')
		.where('tenants.parentId', 'is', null)
		.select(['fundingProgrammes.id', 'fundingProgrammes.key', 'fundingProgrammes.name', 'fundingProgrammes.fundingBody', 'fundingProgrammes.share', 'fundingProgrammes.maxAmount', 'fundingProgrammes.deadlines', 'fundingProgrammes.eligibility', 'fundingProgrammes.url', 'fundingProgrammes.categories']);
}

/** The programmes that match the query, best first (a query of only punctuation or function words: none). */
async function matchingProgrammeIds(db: Db, q: string): Promise<string[]> {
	const terms = parseQuery(q);
	if (terms.length === 0) return [];
	const hits = await db.selectFrom(matchingDocuments(db, { kind: 'funding', terms }).as('hits')).select(['hits.docId', 'hits.score']).execute();
	return hits.sort((a, b) => Number(b.score) - Number(a.score) || (a.docId < b.docId ? -1 : 1)).map((h) => h.docId);
}

/**
 * The catalogue by name (best match first with `q`), optionally only the programmes of one category (an unknown
 * category is a 400).
 */
export async function listProgrammes(db: Db, query: { category?: string; q?: string } = {}): Promise<Programme[]> {
	if (query.category !== undefined && !(await listCategories(db)).some((c) => c.key === query.category)) throw fieldError('category', 'err_choice');
	const rows = await programmeRows(db).orderBy('fundingProgrammes.name').orderBy('fundingProgrammes.id').execute();
	let programmes = rows.map((r) => ({ ...r, maxAmount: r.maxAmount === null ? null : Number(r.maxAmount), categories: parseKeys(r.categories), usedBy: [] as ProgrammeUse[] }));
	if (query.q) {
		// the catalogue is small (tens of programmes): rank the index's hits, keep the county's programmes among them
		const rank = new Map((await matchingProgrammeIds(db, query.q)).map((id, i) => [id, i]));
		programmes = programmes.filter((p) => rank.has(p.id)).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
	}
	const chosen = query.category ? programmes.filter((p) => p.categories.includes(query.category!)) : programmes;
	if (chosen.length === 0) return [];
	// only visible projects: a hidden one stays out of every public list
	const uses = await db
		.selectFrom('projectFundings')
		.innerJoin('projects', 'projects.id', 'projectFundings.projectId')
		.select(['projectFundings.programmeId', 'projects.id', 'projects.slug', 'projects.title', 'projectFundings.state'])
		.where('projectFundings.programmeId', 'in', chosen.map((p) => p.id))
		.where('projects.hiddenAt', 'is', null)
		.orderBy('projects.title')
		.orderBy('projects.id')
		.execute();
	const byId = new Map(chosen.map((p) => [p.id, p]));
	for (const u of uses) {
		const list = byId.get(u.programmeId!)?.usedBy;
		if (list && !list.some((x) => x.projectId === u.id)) list.push({ projectId: u.id, slug: u.slug, title: u.title, state: u.state });
	}
	return chosen;
}

/** One programme of the county's catalogue, or undefined. */
export async function getProgramme(db: Db, id: string) {
	const row = await programmeRows(db).select('fundingProgrammes.tenantId').where('fundingProgrammes.id', '=', id).executeTakeFirst();
	return row && { ...row, maxAmount: row.maxAmount === null ? null : Number(row.maxAmount), categories: parseKeys(row.categories) };
}

/** Up to `limit` programmes of the project's category that its fundings do not already list. */
export async function suggestProgrammes(db: Db, args: { projectId: string; categoryKey: string; limit?: number }): Promise<{ key: string; name: string }[]> {
	const [rows, listed] = await Promise.all([
		programmeRows(db).orderBy('fundingProgrammes.name').orderBy('fundingProgrammes.id').execute(),
		db.selectFrom('projectFundings').select(['programmeId', 'programmeName']).where('projectId', '=', args.projectId).execute()
	]);
	const ids = new Set(listed.map((f) => f.programmeId).filter(Boolean));
	const names = new Set(listed.map((f) => f.programmeName));
	return rows
		.filter((r) => parseKeys(r.categories).includes(args.categoryKey) && !ids.has(r.id) && !names.has(r.name))
		.slice(0, args.limit ?? 5)
		.map((r) => ({ key: r.key, name: r.name }));
}

/** The programmes for a select: id and name, by name. */
export async function programmeChoices(db: Db): Promise<{ id: string; name: string }[]> {
	return db
		.selectFrom('fundingProgrammes')
		.innerJoin('tenants', 'tenants.id', 'fundingProgrammes.tenantId')
		.where('tenants.parentId', 'is', null)
		.select(['fundingProgrammes.id', 'fundingProgrammes.name'])
		.orderBy('fundingProgrammes.name')
		.execute();
}

/** A project's funding rows with their ids (for the team's remove buttons). */
export async function listProjectFundings(db: Db, projectId: string) {
	return db.selectFrom('projectFundings').select(['id', 'programmeId', 'programmeName', 'amount', 'sharePercent', 'state']).where('projectId', '=', projectId).orderBy('position').orderBy('id').execute();
}

// Reading projects: the list with its filters, one project with its profile, and its lineage (where it was
// adopted from, and where it was adopted to). Hidden projects appear only for those who may moderate them.
import type { Db } from '../../db/index.ts';
import type { ProjectStatus } from '../../db/types.ts';
import { baseQuery, toCard, type PlaceRef, type ProjectCard } from './projectCards.ts';

export type { PlaceRef, ProjectCard };
export { listProjects } from '../search/projectSearch.ts';

/** how far lineage is followed (up and down): deeper chains are cut, never looped */
const MAX_LINEAGE_DEPTH = 10;
const MAX_LINEAGE_NODES = 300;

export interface LineageNode {
	id: string;
	slug: string;
	title: string;
	place: PlaceRef;
	children: LineageNode[];
}

export interface Indicator {
	name: string;
	value: number;
	unit: string;
	measuredOn: string | null;
}

export interface Funding {
	programmeId: string | null;
	programmeName: string;
	amount: number | null;
	sharePercent: number | null;
	state: 'used' | 'applied';
}

export interface ProjectDetail extends ProjectCard {
	tenantId: string;
	tenantPath: string;
	/** the idea it grew out of */
	ideaId: string | null;
	clubName: string | null;
	sdgs: number[];
	goals: string;
	targetGroup: string;
	preconditions: string;
	costOneOff: number | null;
	costRunning: number | null;
	volunteerHours: number | null;
	timeline: string;
	startedOn: string | null;
	steps: string;
	pitfalls: string;
	lessons: string;
	results: string;
	contactName: string;
	contactRole: string;
	links: { title: string; url: string }[];
	indicators: Indicator[];
	fundings: Funding[];
	statusChanges: { fromStatus: ProjectStatus | null; toStatus: ProjectStatus; note: string; createdAt: number }[];
	/** origin first, this project's direct source last; empty when it was not adopted */
	ancestors: LineageNode[];
	/** the adoptions of this project, and theirs */
	adoptions: LineageNode[];
	hidden: { at: number; reason: string } | null;
	createdBy: string | null;
	createdAt: number;
}

const parseJson = <T>(text: string, fallback: T): T => {
	try {
		return JSON.parse(text) as T;
	} catch {
		return fallback;
	}
};

/** One project with its whole profile and lineage; hidden ones only with `includeHidden`. */
export async function getProject(db: Db, id: string, options: { includeHidden?: boolean } = {}): Promise<ProjectDetail | null> {
	const row = await baseQuery(db)
		.leftJoin('clubs', 'clubs.id', 'projects.clubId')
		.select(['clubs.name as clubName', 'place.path as placePath', 'projects.ideaId'])
		.select(['projects.tenantId', 'projects.sdgs', 'projects.goals', 'projects.targetGroup', 'projects.preconditions', 'projects.costOneOff', 'projects.costRunning', 'projects.volunteerHours', 'projects.timeline', 'projects.startedOn'])
		.select(['projects.steps', 'projects.pitfalls', 'projects.lessons', 'projects.results', 'projects.contactName', 'projects.contactRole', 'projects.links', 'projects.hiddenAt', 'projects.hiddenReason', 'projects.createdBy', 'projects.createdAt'])
		.where('projects.id', '=', id)
		.executeTakeFirst();
	if (!row || (row.hiddenAt !== null && !options.includeHidden)) return null;
	const [indicators, fundings, statusChanges, ancestors, adoptions] = await Promise.all([
		db.selectFrom('projectIndicators').select(['name', 'value', 'unit', 'measuredOn']).where('projectId', '=', id).orderBy('position').execute(),
		db.selectFrom('projectFundings').select(['programmeId', 'programmeName', 'amount', 'sharePercent', 'state']).where('projectId', '=', id).orderBy('position').execute(),
		db.selectFrom('projectStatusChanges').select(['fromStatus', 'toStatus', 'note', 'createdAt']).where('projectId', '=', id).orderBy('createdAt').orderBy('id').execute(),
		lineageUp(db, row.adaptedFromId),
		lineageDown(db, id)
	]);
	return {
		...toCard(row),
		tenantId: row.tenantId,
		tenantPath: row.placePath,
		ideaId: row.ideaId,
		clubName: row.clubName,
		sdgs: parseJson<number[]>(row.sdgs, []),
		goals: row.goals,
		targetGroup: row.targetGroup,
		preconditions: row.preconditions,
		costOneOff: row.costOneOff,
		costRunning: row.costRunning,
		volunteerHours: row.volunteerHours,
		timeline: row.timeline,
		startedOn: row.startedOn,
		steps: row.steps,
		pitfalls: row.pitfalls,
		lessons: row.lessons,
		results: row.results,
		contactName: row.contactName,
		contactRole: row.contactRole,
		links: parseJson<{ title: string; url: string }[]>(row.links, []),
		indicators: indicators.map((i) => ({ ...i, value: Number(i.value) })),
		fundings,
		statusChanges: statusChanges.map((s) => ({ ...s, createdAt: Number(s.createdAt) })),
		ancestors,
		adoptions,
		hidden: row.hiddenAt === null ? null : { at: Number(row.hiddenAt), reason: row.hiddenReason },
		createdBy: row.createdBy,
		createdAt: Number(row.createdAt)
	};
}

async function nodesByIds(db: Db, where: { ids?: string[]; adaptedFrom?: string[] }): Promise<(LineageNode & { adaptedFromId: string | null })[]> {
	let q = baseQuery(db).where('projects.hiddenAt', 'is', null);
	if (where.ids) q = q.where('projects.id', 'in', where.ids);
	if (where.adaptedFrom) q = q.where('projects.adaptedFromId', 'in', where.adaptedFrom);
	const rows = await q.orderBy('projects.createdAt').orderBy('projects.id').execute();
	return rows.map((r) => {
		const card = toCard(r);
		return { id: card.id, slug: card.slug, title: card.title, place: card.place, children: [], adaptedFromId: card.adaptedFromId };
	});
}

/** The chain of sources, origin first. A hidden source ends the visible chain. */
async function lineageUp(db: Db, sourceId: string | null): Promise<LineageNode[]> {
	const chain: LineageNode[] = [];
	const seen = new Set<string>();
	let next = sourceId;
	while (next && !seen.has(next) && chain.length < MAX_LINEAGE_DEPTH) {
		seen.add(next);
		const [node] = await nodesByIds(db, { ids: [next] });
		if (!node) break;
		chain.unshift({ id: node.id, slug: node.slug, title: node.title, place: node.place, children: [] });
		next = node.adaptedFromId;
	}
	return chain;
}

/** The adoptions of a project as a tree, level by level. */
async function lineageDown(db: Db, rootId: string): Promise<LineageNode[]> {
	const byParent = new Map<string, LineageNode[]>();
	const seen = new Set<string>([rootId]);
	let level = [rootId];
	let count = 0;
	for (let depth = 0; depth < MAX_LINEAGE_DEPTH && level.length && count < MAX_LINEAGE_NODES; depth++) {
		const found = (await nodesByIds(db, { adaptedFrom: level })).filter((n) => !seen.has(n.id)).slice(0, MAX_LINEAGE_NODES - count);
		for (const n of found) {
			seen.add(n.id);
			const list = byParent.get(n.adaptedFromId!) ?? [];
			list.push({ id: n.id, slug: n.slug, title: n.title, place: n.place, children: [] });
			byParent.set(n.adaptedFromId!, list);
		}
		count += found.length;
		level = found.map((n) => n.id);
	}
	const attach = (id: string): LineageNode[] => (byParent.get(id) ?? []).map((n) => ({ ...n, children: attach(n.id) }));
	return attach(rootId);
}

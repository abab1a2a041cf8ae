// The results dashboard: what the projects of a place (the county, a municipality or a village, with everything
// below it) add up to. Every figure is aggregated in the database (GROUP BY), so the county's page costs the same
// eleven queries at 40 projects as at 10,000; the few hundred groups by owner are folded into the places one level
// down here (placeTree.ts). Only visible projects (hidden_at is null) count, and an adoption or a team counts only
// through visible projects.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { ProjectStatus, TenantKind } from '../../db/types.ts';
import type { Tenant } from '../../tenancy/tenants.ts';
import { loadPlaceTree, type PlaceTree } from './placeTree.ts';
import { countWhen, dialectOf, yearOfMs } from './sqlParts.ts';

export const STATUSES: readonly ProjectStatus[] = ['idea', 'planning', 'implementation', 'completed', 'paused', 'cancelled'];
export const SDG_NUMBERS = Array.from({ length: 17 }, (_, i) => i + 1);
/** how many of the most adopted projects the dashboard lists */
export const TOP_ADOPTED = 10;

/** A place below the dashboard's place, or the place itself for the projects it keeps directly. */
export interface PlaceFigures {
	slug: string;
	name: string;
	kind: TenantKind;
	/** the place's own projects (not those of a place below it) */
	own: boolean;
	projects: number;
	completed: number;
	/** distinct people in the teams of its projects */
	people: number;
	volunteerHours: number;
}

export interface Dashboard {
	/** null: the whole county */
	place: { slug: string; name: string; kind: TenantKind } | null;
	headline: { projects: number; villages: number; volunteerHours: number; people: number; adoptions: number; adoptedHere: number };
	status: { status: ProjectStatus; projects: number }[];
	categories: { category: string; projects: number; costOneOff: number; costRunning: number; withCosts: number }[];
	sdgs: { sdg: number; projects: number }[];
	places: PlaceFigures[];
	funding: { programme: string; usedProjects: number; usedAmount: number; appliedProjects: number; appliedAmount: number }[];
	/** the place's projects adopted most often (direct, visible adoptions anywhere in the county) */
	adoptions: { id: string; slug: string; title: string; placeName: string; adoptions: number }[];
	/** summed per (name, unit): values in different units are never added up */
	indicators: { name: string; unit: string; total: number; projects: number }[];
	trends: { year: number; started: number; completed: number }[];
}

const num = (v: unknown): number => Number(v ?? 0) || 0;

/** Everything the dashboard of `place` (null: the county) shows. */
export async function loadDashboard(db: Db, place: Tenant | null): Promise<Dashboard> {
	const dialect = dialectOf(db);
	const tree = await loadPlaceTree(db, place);
	// the county holds everything: no condition on the owner at all there
	const ids = tree.scopeIds === null ? null : tree.scopeIds.length ? tree.scopeIds : [''];
	/** visible projects of the place and below */
	const scoped = () => db.selectFrom('projects').where('projects.hiddenAt', 'is', null).$if(ids !== null, (q) => q.where('projects.tenantId', 'in', ids!));
	// Rows of a project (team, indicators, status changes) carry the project's tenant (every insert writes it so):
	// they are scoped by their own tenant_id, and the few hidden projects are left out by id — no lookup per row.
	const visibleHere = (tenantColumn: string, projectColumn: string) =>
		sql<SqlBool>`${sql.ref(projectColumn)} not in (select id from projects where hidden_at is not null)${ids ? sql` and ${sql.ref(tenantColumn)} in (${sql.join(ids)})` : sql``}`;
	const startYear = sql<string>`coalesce(substr(${sql.ref('projects.startedOn')}, 1, 4), ${yearOfMs(dialect, 'projects.createdAt')})`;
	const completedYear = yearOfMs(dialect, 'change.createdAt');

	const [groups, sdgRows, peopleRows, peopleTotal, fundingRows, adoptedRows, adoptionPairs, indicators, startedRows, completedRows] = await Promise.all([
		// one pass for status, categories, costs and the places: grouped by owner, folded into the places below
		scoped()
			.select((eb) => [
				'projects.status',
				'projects.categoryKey',
				'projects.tenantId',
				eb.fn.countAll<number>().as('n'),
				eb.fn.sum<number>('projects.volunteerHours').as('hours'),
				eb.fn.sum<number>('projects.costOneOff').as('oneOff'),
				eb.fn.sum<number>('projects.costRunning').as('running'),
				countWhen(sql`${sql.ref('projects.costOneOff')} is not null or ${sql.ref('projects.costRunning')} is not null`).as('withCosts')
			])
			.groupBy(['projects.status', 'projects.categoryKey', 'projects.tenantId'])
			.execute(),
		// the SDG arrays as written (few distinct ones), counted per goal in TypeScript
		scoped().select((eb) => ['projects.sdgs', eb.fn.countAll<number>().as('n')]).groupBy('projects.sdgs').execute(),
		peopleByPlace(db, tree, visibleHere('m.tenantId', 'm.projectId')),
		db.selectFrom('projectMembers as m').where(visibleHere('m.tenantId', 'm.projectId')).select(sql<number>`count(distinct ${sql.ref('m.userId')})`.as('n')).executeTakeFirst(),
		scoped()
			.innerJoin('projectFundings as f', 'f.projectId', 'projects.id')
			.leftJoin('fundingProgrammes as fp', 'fp.id', 'f.programmeId')
			.select([
				sql<string>`coalesce(${sql.ref('fp.name')}, ${sql.ref('f.programmeName')})`.as('programme'),
				sql<number>`count(distinct case when ${sql.ref('f.state')} = 'used' then ${sql.ref('f.projectId')} end)`.as('usedProjects'),
				sql<number>`sum(case when ${sql.ref('f.state')} = 'used' then ${sql.ref('f.amount')} end)`.as('usedAmount'),
				sql<number>`count(distinct case when ${sql.ref('f.state')} = 'applied' then ${sql.ref('f.projectId')} end)`.as('appliedProjects'),
				sql<number>`sum(case when ${sql.ref('f.state')} = 'applied' then ${sql.ref('f.amount')} end)`.as('appliedAmount')
			])
			.groupBy(sql`coalesce(${sql.ref('fp.name')}, ${sql.ref('f.programmeName')})`)
			.execute(),
		scoped()
			.innerJoin('projects as adoption', 'adoption.adaptedFromId', 'projects.id')
			.where('adoption.hiddenAt', 'is', null)
			.select((eb) => ['projects.id', 'projects.slug', 'projects.title', 'projects.tenantId', eb.fn.countAll<number>().as('n')])
			.groupBy(['projects.id', 'projects.slug', 'projects.title', 'projects.tenantId'])
			.orderBy('n', 'desc')
			.orderBy('projects.title')
			.orderBy('projects.id')
			.limit(TOP_ADOPTED)
			.execute(),
		// visible adoptions of visible projects by (adopter's owner, origin's owner): both headline counts in one pass
		db
			.selectFrom('projects as adoption')
			.innerJoin('projects as origin', 'origin.id', 'adoption.adaptedFromId')
			.where('adoption.adaptedFromId', 'is not', null)
			.where('adoption.hiddenAt', 'is', null)
			.where('origin.hiddenAt', 'is', null)
			.select((eb) => ['adoption.tenantId as adopter', 'origin.tenantId as origin', eb.fn.countAll<number>().as('n')])
			.groupBy(['adoption.tenantId', 'origin.tenantId'])
			.execute(),
		indicatorSums(db, visibleHere('i.tenantId', 'i.projectId')),
		scoped().select((eb) => [startYear.as('year'), eb.fn.countAll<number>().as('n')]).groupBy(startYear).execute(),
		db
			.selectFrom('projectStatusChanges as change')
			.where('change.toStatus', '=', 'completed')
			.where(visibleHere('change.tenantId', 'change.projectId'))
			.select([completedYear.as('year'), sql<number>`count(distinct ${sql.ref('change.projectId')})`.as('n')])
			.groupBy(completedYear)
			.execute()
	]);

	// fold the owners' groups into the dashboard's figures and its places one level down
	const status = new Map<string, number>();
	const categories = new Map<string, Dashboard['categories'][number]>();
	const byPlace = new Map<string | null, { n: number; completed: number; hours: number }>();
	const villages = new Set<string>();
	for (const g of groups) {
		const n = num(g.n);
		status.set(g.status, (status.get(g.status) ?? 0) + n);
		const c = categories.get(g.categoryKey) ?? { category: g.categoryKey, projects: 0, costOneOff: 0, costRunning: 0, withCosts: 0 };
		c.projects += n;
		c.costOneOff += num(g.oneOff);
		c.costRunning += num(g.running);
		c.withCosts += num(g.withCosts);
		categories.set(g.categoryKey, c);
		const child = tree.childOf(g.tenantId);
		const p = byPlace.get(child) ?? { n: 0, completed: 0, hours: 0 };
		p.n += n;
		p.completed += g.status === 'completed' ? n : 0;
		p.hours += num(g.hours);
		byPlace.set(child, p);
		if (tree.inPlace.get(g.tenantId)?.kind === 'village') villages.add(g.tenantId);
	}
	const places = placeFigures(tree, byPlace, new Map(peopleRows.map((r) => [r.childId || null, num(r.n)])));
	const inPlace = (tenantId: string) => ids === null || tree.inPlace.has(tenantId);
	return {
		place: place && place.parentId !== null ? { slug: place.slug, name: place.name, kind: place.kind } : null,
		headline: {
			projects: [...status.values()].reduce((sum, n) => sum + n, 0),
			villages: villages.size,
			volunteerHours: places.reduce((sum, p) => sum + p.volunteerHours, 0),
			people: num(peopleTotal?.n),
			adoptions: adoptionPairs.filter((r) => inPlace(r.origin)).reduce((sum, r) => sum + num(r.n), 0),
			adoptedHere: adoptionPairs.filter((r) => inPlace(r.adopter)).reduce((sum, r) => sum + num(r.n), 0)
		},
		status: STATUSES.map((s) => ({ status: s, projects: status.get(s) ?? 0 })),
		categories: [...categories.values()],
		sdgs: sdgCounts(sdgRows),
		places,
		funding: fundingRows
			.map((r) => ({ programme: r.programme, usedProjects: num(r.usedProjects), usedAmount: num(r.usedAmount), appliedProjects: num(r.appliedProjects), appliedAmount: num(r.appliedAmount) }))
			.sort((a, b) => b.usedProjects + b.appliedProjects - (a.usedProjects + a.appliedProjects) || a.programme.localeCompare(b.programme, 'de')),
		adoptions: adoptedRows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, placeName: tree.inPlace.get(r.tenantId)?.name ?? '', adoptions: num(r.n) })),
		indicators,
		trends: yearsOf(startedRows, completedRows)
	};
}

/**
 * Projects per SDG from the distinct arrays: projects.sdgs is a JSON array of numbers as JSON.stringify writes it
 * ("[3,11]"); each goal is found by the same four patterns on any value, so a malformed one never fails the page.
 */
function sdgCounts(rows: { sdgs: string; n: number }[]): Dashboard['sdgs'] {
	return SDG_NUMBERS.map((sdg) => ({
		sdg,
		projects: rows.filter(({ sdgs: s }) => s === `[${sdg}]` || s.startsWith(`[${sdg},`) || s.includes(`,${sdg},`) || s.endsWith(`,${sdg}]`)).reduce((sum, r) => sum + num(r.n), 0)
	}));
}

/**
 * Distinct people in the teams per place one level down ('' for the place itself): the tree's tenant-to-place
 * mapping goes in as a VALUES list, joined by equality.
 */
async function peopleByPlace(db: Db, tree: PlaceTree, visible: RawBuilder<SqlBool>): Promise<{ childId: string; n: number }[]> {
	if (!tree.root || tree.inPlace.size === 0) return [];
	const mapping = sql.join([...tree.inPlace.keys()].map((id) => sql`(${id}, ${tree.childOf(id) ?? ''})`));
	const { rows } = await sql<{ childId: string; n: number }>`with place_of (tenant_id, child_id) as (values ${mapping})
		select place_of.child_id, count(distinct m.user_id) as n from project_members as m inner join place_of on place_of.tenant_id = m.tenant_id
		where ${visible} group by place_of.child_id`.execute(db);
	return rows;
}

function placeFigures(tree: PlaceTree, byPlace: Map<string | null, { n: number; completed: number; hours: number }>, people: Map<string | null, number>): PlaceFigures[] {
	const row = (id: string | null, p: { slug: string; name: string; kind: TenantKind }): PlaceFigures => {
		const f = byPlace.get(id);
		return { slug: p.slug, name: p.name, kind: p.kind, own: id === null, projects: f?.n ?? 0, completed: f?.completed ?? 0, people: people.get(id) ?? 0, volunteerHours: f?.hours ?? 0 };
	};
	const out = [...tree.children].sort((a, b) => a.name.localeCompare(b.name, 'de')).map((c) => row(c.id, c));
	// projects the place keeps itself (the county's own, a municipality's own, or all of a village's)
	if (tree.root && (byPlace.has(null) || out.length === 0)) out.unshift(row(null, tree.root));
	return out;
}

/**
 * Impact indicators summed per (name, unit), each project with its latest measurement of an indicator only (a
 * project that measured "Mitglieder" twice counts once): a measurement counts when none of the same project, name
 * and unit is later (by date, then by position). Rows that differ in unit stay apart: 40 "Personen" and 12
 * "Haushalte" are not 52 of anything.
 */
async function indicatorSums(db: Db, visible: RawBuilder<SqlBool>): Promise<Dashboard['indicators']> {
	const when = (t: string) => sql`coalesce(${sql.ref(`${t}.measuredOn`)}, '')`;
	const rows = await db
		.selectFrom('projectIndicators as i')
		.where(visible)
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('projectIndicators as later')
						.select(sql`1`.as('one'))
						.whereRef('later.projectId', '=', 'i.projectId')
						.whereRef('later.name', '=', 'i.name')
						.whereRef('later.unit', '=', 'i.unit')
						.where(sql<SqlBool>`(${when('later')} > ${when('i')} or (${when('later')} = ${when('i')} and ${sql.ref('later.position')} > ${sql.ref('i.position')}))`)
				)
			)
		)
		.select((eb) => ['i.name', 'i.unit', eb.fn.sum<number>('i.value').as('total'), eb.fn.countAll<number>().as('n')])
		.groupBy(['i.name', 'i.unit'])
		.orderBy('n', 'desc')
		.orderBy('i.name')
		.orderBy('i.unit')
		.execute();
	return rows.map((r) => ({ name: r.name, unit: r.unit, total: Math.round(num(r.total) * 100) / 100, projects: num(r.n) }));
}

/** One row a year from the first to the last with something, gaps filled (but never more than 50 rows). */
function yearsOf(started: { year: string | null; n: number }[], completed: { year: string | null; n: number }[]): Dashboard['trends'] {
	const byYear = new Map<number, { started: number; completed: number }>();
	const add = (rows: { year: string | null; n: number }[], key: 'started' | 'completed') => {
		for (const r of rows) {
			if (!r.year || !/^\d{4}$/.test(r.year)) continue;
			const year = Number(r.year);
			const entry = byYear.get(year) ?? { started: 0, completed: 0 };
			entry[key] += num(r.n);
			byYear.set(year, entry);
		}
	};
	add(started, 'started');
	add(completed, 'completed');
	const years = [...byYear.keys()].sort((a, b) => a - b);
	if (!years.length) return [];
	const first = years[0]!;
	const last = years.at(-1)!;
	const all = last - first < 50 ? Array.from({ length: last - first + 1 }, (_, i) => first + i) : years;
	return all.map((year) => ({ year, ...(byYear.get(year) ?? { started: 0, completed: 0 }) }));
}

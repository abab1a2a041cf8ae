// The dashboard's tables as the page, the CSV and the JSON export show them: one definition per table (its
// columns with German and English headers, its rows, what its chart shows), so the three never disagree.
import * as m from '../../../paraglide/messages.js';
import { categoryName, type Category } from '../categories.ts';
import { SDG_NAMES } from './sdgNames.ts';
import type { Dashboard } from './loadDashboard.ts';

export const TABLE_NAMES = ['status', 'categories', 'sdgs', 'places', 'volunteers', 'costs', 'funding', 'adoptions', 'indicators', 'trends'] as const;
export type TableName = (typeof TABLE_NAMES)[number];
export type Locale = 'de' | 'en';
export type Cell = string | number | null;

/** true for the name of a dashboard table (a plain list lookup: "__proto__" or "constructor" are none). */
export function isTableName(name: string): name is TableName {
	return (TABLE_NAMES as readonly string[]).includes(name);
}

export interface Column {
	key: string;
	header: (locale: Locale) => string;
	numeric?: boolean;
	/** a number written without separators (a year: "2024", not "2.024") */
	plain?: boolean;
	/** in the files only (keys and addresses for machines), not in the page's table */
	fileOnly?: boolean;
}

export interface TableSpec {
	name: TableName;
	title: (locale: Locale, d: Dashboard) => string;
	columns: Column[];
	rows: (d: Dashboard, ctx: { locale: Locale; categories: readonly Category[]; origin: string }) => Record<string, Cell>[];
	/** the bar chart: which column names a bar and which gives its length; null: no chart ('trends' has its own) */
	chart: { label: string; value: string } | null;
}

const col = (key: string, header: (o: { locale: Locale }) => string, extra: Partial<Column> = {}): Column => ({ key, header: (locale) => header({ locale }), ...extra });
const n = { numeric: true };
const key = (k: string) => col(k, (o) => m.dash_col_key({}, o), { fileOnly: true });
const STATUS_NAME = { idea: m.project_status_idea, planning: m.project_status_planning, implementation: m.project_status_implementation, completed: m.project_status_completed, paused: m.project_status_paused, cancelled: m.project_status_cancelled };
const KIND_NAME = { county: m.dash_kind_county, municipality: m.dash_kind_municipality, village: m.dash_kind_village };

export const TABLES: Record<TableName, TableSpec> = {
	status: {
		name: 'status',
		title: (locale) => m.dash_t_status({}, { locale }),
		columns: [key('status'), col('name', (o) => m.dash_col_status({}, o)), col('projects', (o) => m.dash_col_projects({}, o), n)],
		rows: (d, { locale }) => d.status.map((r) => ({ status: r.status, name: STATUS_NAME[r.status]({}, { locale }), projects: r.projects })),
		chart: { label: 'name', value: 'projects' }
	},
	categories: {
		name: 'categories',
		title: (locale) => m.dash_t_categories({}, { locale }),
		columns: [key('category'), col('name', (o) => m.dash_col_category({}, o)), col('projects', (o) => m.dash_col_projects({}, o), n)],
		rows: (d, { locale, categories }) => withAllCategories(d, categories).map((r) => ({ category: r.category, name: categoryName(categories, r.category, locale), projects: r.projects })),
		chart: { label: 'name', value: 'projects' }
	},
	sdgs: {
		name: 'sdgs',
		title: (locale) => m.dash_t_sdgs({}, { locale }),
		columns: [col('sdg', (o) => m.dash_col_sdg({}, o), n), col('name', (o) => m.dash_col_goal({}, o)), col('projects', (o) => m.dash_col_projects({}, o), n)],
		rows: (d, { locale }) => d.sdgs.map((r) => ({ sdg: r.sdg, name: SDG_NAMES[r.sdg - 1]![locale], projects: r.projects })),
		chart: { label: 'label', value: 'projects' }
	},
	places: {
		name: 'places',
		title: (locale, d) => (d.place === null ? m.dash_t_places_county({}, { locale }) : d.place.kind === 'municipality' ? m.dash_t_places_municipality({}, { locale }) : m.dash_t_places_village({}, { locale })),
		columns: [key('slug'), col('name', (o) => m.dash_col_place({}, o)), col('kind', (o) => m.dash_col_kind({}, o)), col('projects', (o) => m.dash_col_projects({}, o), n), col('completed', (o) => m.dash_col_completed({}, o), n)],
		rows: (d, { locale }) => placeRows(d, locale).map((r) => ({ slug: r.slug, name: r.name, kind: r.kind, projects: r.projects, completed: r.completed })),
		chart: { label: 'name', value: 'projects' }
	},
	volunteers: {
		name: 'volunteers',
		title: (locale) => m.dash_t_volunteers({}, { locale }),
		columns: [key('slug'), col('name', (o) => m.dash_col_place({}, o)), col('people', (o) => m.dash_col_people({}, o), n), col('volunteerHours', (o) => m.dash_col_hours({}, o), n)],
		rows: (d, { locale }) => placeRows(d, locale).map((r) => ({ slug: r.slug, name: r.name, people: r.people, volunteerHours: r.volunteerHours })),
		chart: { label: 'name', value: 'volunteerHours' }
	},
	costs: {
		name: 'costs',
		title: (locale) => m.dash_t_costs({}, { locale }),
		columns: [key('category'), col('name', (o) => m.dash_col_category({}, o)), col('withCosts', (o) => m.dash_col_with_costs({}, o), n), col('costOneOff', (o) => m.dash_col_cost_one_off({}, o), n), col('costRunning', (o) => m.dash_col_cost_running({}, o), n)],
		rows: (d, { locale, categories }) => withAllCategories(d, categories).map((r) => ({ category: r.category, name: categoryName(categories, r.category, locale), withCosts: r.withCosts, costOneOff: r.costOneOff, costRunning: r.costRunning })),
		chart: { label: 'name', value: 'costOneOff' }
	},
	funding: {
		name: 'funding',
		title: (locale) => m.dash_t_funding({}, { locale }),
		columns: [col('programme', (o) => m.dash_col_programme({}, o)), col('usedProjects', (o) => m.dash_col_used_projects({}, o), n), col('usedAmount', (o) => m.dash_col_used_amount({}, o), n), col('appliedProjects', (o) => m.dash_col_applied_projects({}, o), n), col('appliedAmount', (o) => m.dash_col_applied_amount({}, o), n)],
		rows: (d) => d.funding.map((r) => ({ ...r })),
		chart: { label: 'programme', value: 'usedProjects' }
	},
	adoptions: {
		name: 'adoptions',
		title: (locale) => m.dash_t_adoptions({}, { locale }),
		columns: [col('title', (o) => m.dash_col_project({}, o)), col('place', (o) => m.dash_col_place({}, o)), col('adoptions', (o) => m.dash_col_adoptions({}, o), n), col('url', (o) => m.dash_col_url({}, o), { fileOnly: true })],
		rows: (d, { origin }) => d.adoptions.map((r) => ({ title: r.title, place: r.placeName, adoptions: r.adoptions, url: `${origin}/projects/${r.id}` })),
		chart: { label: 'title', value: 'adoptions' }
	},
	indicators: {
		name: 'indicators',
		title: (locale) => m.dash_t_indicators({}, { locale }),
		columns: [col('name', (o) => m.dash_col_indicator({}, o)), col('unit', (o) => m.dash_col_unit({}, o)), col('total', (o) => m.dash_col_total({}, o), n), col('projects', (o) => m.dash_col_projects({}, o), n)],
		rows: (d) => d.indicators.map((r) => ({ ...r })),
		// sums in different units cannot share one axis
		chart: null
	},
	trends: {
		name: 'trends',
		title: (locale) => m.dash_t_trends({}, { locale }),
		columns: [col('year', (o) => m.dash_col_year({}, o), { numeric: true, plain: true }), col('started', (o) => m.dash_col_started({}, o), n), col('completed', (o) => m.dash_col_completed({}, o), n)],
		rows: (d) => d.trends.map((r) => ({ ...r })),
		chart: null
	}
};

/** The county's categories in their order (with zeros), then keys no longer in the list. */
function withAllCategories(d: Dashboard, categories: readonly Category[]): Dashboard['categories'] {
	const found = new Map(d.categories.map((c) => [c.category, c]));
	const empty = (category: string) => ({ category, projects: 0, costOneOff: 0, costRunning: 0, withCosts: 0 });
	return [...categories.map((c) => found.get(c.key) ?? empty(c.key)), ...d.categories.filter((c) => !categories.some((k) => k.key === c.category))];
}

function placeRows(d: Dashboard, locale: Locale) {
	const several = d.places.length > 1;
	return d.places.map((p) => ({
		...p,
		// the place's own projects beside its villages (or municipalities) are named as such
		name: several && p.own ? m.dash_own_projects({ place: p.name }, { locale }) : p.name,
		kind: KIND_NAME[p.kind]({}, { locale })
	}));
}

/** A table with its headers and rows in the locale; `forFile` keeps the keys and addresses for machines. */
export function presentTable(d: Dashboard, name: TableName, ctx: { locale: Locale; categories: readonly Category[]; origin: string; forFile: boolean }) {
	const spec = TABLES[name];
	const columns = spec.columns.filter((c) => ctx.forFile || !c.fileOnly);
	const rows = spec.rows(d, ctx).map((r) => (name === 'sdgs' ? { ...r, label: `${r.sdg} ${r.name}` } : r));
	return { name, title: spec.title(ctx.locale, d), columns: columns.map((c) => ({ key: c.key, header: c.header(ctx.locale), numeric: !!c.numeric, plain: !!c.plain })), rows };
}

// What the dashboard pages (/dashboard and /dashboard/<place>) show: the place and the way to it (breadcrumbs), the
// places one level down, the headline figures, and each table with its chart's bars, its rows for the page (the
// files hold all) and its download links.
import { error, redirect } from '@sveltejs/kit';
import * as m from '../../../paraglide/messages.js';
import type { Db } from '../../db/index.ts';
import { getAncestry, getRootTenant, type Tenant } from '../../tenancy/tenants.ts';
import { listCategories } from '../categories.ts';
import { DATA_LICENCE } from '../openData/licence.ts';
import { dataSource, findDashboardPlace } from './dashboardApi.ts';
import { presentTable, TABLE_NAMES, TABLES, type Cell, type Locale, type TableName } from './dashboardTables.ts';
import { loadDashboard } from './loadDashboard.ts';
import { barChartSvg } from '../../../ui/charts/barChart.ts';
import { columnChartSvg } from '../../../ui/charts/columnChart.ts';

/** rows a table shows on the page, bars a chart draws (the files hold every row) */
export const PAGE_ROWS = 30;
export const CHART_BARS = 20;

export interface PageTable {
	name: TableName;
	title: string;
	columns: { key: string; header: string; numeric: boolean; plain: boolean }[];
	rows: Record<string, Cell>[];
	total: number;
	chart: { desc: string; bars: { label: string; value: number; valueText: string }[] } | null;
	files: { csv: string; json: string };
}

const fmt = (locale: Locale) => new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 2 });

/** The page's data for a place's slug (undefined: the county); 404 for an unknown place, the county's slug redirects. */
export async function dashboardPage(args: { db: Db; slug?: string; locale: Locale; origin: string }) {
	const found = await findDashboardPlace(args.db, args.slug ?? null);
	if (!found.ok) error(404, m.err_not_found());
	if (args.slug !== undefined && found.place === null) redirect(301, '/dashboard');
	return dashboardData(args.db, found.place, args.locale, args.origin);
}

/** What the page shows for a place (null: the county): figures, tables with their chart bars, links. */
export async function dashboardData(db: Db, place: Tenant | null, locale: Locale, origin: string) {
	const [d, categories, root] = await Promise.all([loadDashboard(db, place), listCategories(db), getRootTenant(db)]);
	const ancestry: Tenant[] = place ? await getAncestry(db, place) : root ? [root] : [];
	const query = place ? `?place=${encodeURIComponent(place.slug)}` : '';
	const number = fmt(locale);
	const tables: PageTable[] = TABLE_NAMES.map((name) => {
		const t = presentTable(d, name, { locale, categories, origin, forFile: false });
		const spec = TABLES[name].chart;
		const bars = spec ? t.rows.slice(0, CHART_BARS).map((r) => ({ label: String(r[spec.label] ?? ''), value: Number(r[spec.value] ?? 0), valueText: number.format(Number(r[spec.value] ?? 0)) })) : [];
		const top = bars.reduce<(typeof bars)[number] | null>((best, b) => (best === null || b.value > best.value ? b : best), null);
		return {
			name,
			title: t.title,
			columns: t.columns,
			rows: t.rows.slice(0, PAGE_ROWS),
			total: t.rows.length,
			chart: spec ? { desc: top && top.value > 0 ? m.dash_chart_desc({ count: String(bars.length), label: top.label, value: top.valueText }, { locale }) : m.dash_chart_empty({}, { locale }), bars } : null,
			files: { csv: `/api/v1/dashboard/${name}.csv${query}`, json: `/api/v1/dashboard/${name}.json${query}` }
		};
	});
	const trends = d.trends;
	return {
		place: d.place,
		countyName: root?.name ?? '',
		breadcrumbs: ancestry.map((t) => ({ name: t.name, href: t.parentId === null ? '/dashboard' : `/dashboard/${t.slug}` })),
		// one level down: a municipality's or a village's own dashboard
		below: d.places.filter((p) => !p.own).map((p) => ({ slug: p.slug, name: p.name, projects: p.projects })),
		belowKind: d.place === null ? ('municipalities' as const) : d.place.kind === 'municipality' ? ('villages' as const) : null,
		headline: d.headline,
		tables,
		trendDesc: trends.length ? m.dash_trend_desc({ from: String(trends[0]!.year), to: String(trends.at(-1)!.year) }, { locale }) : m.dash_chart_empty({}, { locale }),
		licence: { name: DATA_LICENCE.name[locale], url: DATA_LICENCE.url },
		source: dataSource(root, locale),
		allJson: `/api/v1/dashboard${query}`
	};
}

/**
 * The dashboard page's whole server work for a place: its data and the charts' SVG as the page renders them (the
 * same builders BarChart.svelte and ColumnChart.svelte call). The figure of issue 14 times this.
 */
export async function renderDashboardData(db: Db, place: Tenant | null, locale: Locale, origin = '') {
	const data = await dashboardData(db, place, locale, origin);
	const number = fmt(locale);
	const charts = data.tables.map((t) => {
		if (t.chart) return barChartSvg({ id: `chart-${t.name}`, title: t.title, desc: t.chart.desc, bars: t.chart.bars });
		if (t.name !== 'trends') return '';
		return columnChartSvg({
			id: 'chart-trends',
			title: t.title,
			desc: data.trendDesc,
			categories: t.rows.map((r) => String(r.year)),
			series: [
				{ name: m.dash_col_started({}, { locale }), values: t.rows.map((r) => Number(r.started)) },
				{ name: m.dash_col_completed({}, { locale }), values: t.rows.map((r) => Number(r.completed)) }
			],
			format: (n) => number.format(n)
		});
	});
	return { data, charts };
}

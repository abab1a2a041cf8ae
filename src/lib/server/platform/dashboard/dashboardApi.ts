// The dashboard as open data: every table of a place as JSON (GET /api/v1/dashboard?place=<slug>), and each table
// alone as CSV or JSON (GET /api/v1/dashboard/<table>.csv|json?place=<slug>), with the licence and the source.
// Files are German (headers and names, as the county publishes them); keys stay for machines.
import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import * as m from '../../../paraglide/messages.js';
import { apiError } from '../../builder/apiVillage.ts';
import type { Db } from '../../db/index.ts';
import { parseInput } from '../../http/validate.ts';
import { getRootTenant, getTenantBySlug, type Tenant } from '../../tenancy/tenants.ts';
import { listCategories } from '../categories.ts';
import { toCsv, csvHeaders } from '../openData/csv.ts';
import { DATA_LICENCE } from '../openData/licence.ts';
import { isTableName, presentTable, TABLE_NAMES, type Locale, type TableName } from './dashboardTables.ts';
import { loadDashboard, type Dashboard } from './loadDashboard.ts';

/** ?place=: a municipality's or a village's slug; empty or absent: the county. */
export const dashboardQuerySchema = z.object({ place: z.string().trim().max(63).regex(/^[a-z0-9-]*$/, 'err_format').optional() });

export type PlaceLookup = { ok: true; place: Tenant | null } | { ok: false; status: 400 | 404; message: string; fields?: Record<string, string> };

/** The place a slug names (null: the county, also for the county's own slug); 400 for a malformed slug, 404 for none. */
export async function findDashboardPlace(db: Db, slug: string | null | undefined): Promise<PlaceLookup> {
	const parsed = parseInput(dashboardQuerySchema, { place: slug ?? undefined }, { labels: { place: m.dash_col_place() } });
	if (!parsed.ok) return { ok: false, status: 400, message: parsed.message, fields: parsed.errors };
	if (!parsed.data.place) return { ok: true, place: null };
	const place = await getTenantBySlug(db, parsed.data.place);
	if (!place) return { ok: false, status: 404, message: m.err_not_found() };
	return { ok: true, place: place.parentId === null ? null : place };
}

const cellSchema = z.union([z.string(), z.number(), z.null()]);
export const dashboardTableSchema = z
	.object({
		name: z.enum(TABLE_NAMES),
		title: z.string(),
		columns: z.array(z.object({ key: z.string(), header: z.string().describe('the German column header (as in the CSV)'), numeric: z.boolean(), plain: z.boolean().describe('a number such as a year, written without separators') })),
		rows: z.array(z.record(z.string(), cellSchema))
	})
	.meta({ id: 'DashboardTable' });
const aboutSchema = {
	place: z.object({ slug: z.string(), name: z.string(), kind: z.enum(['municipality', 'village']) }).nullable().describe('null: the whole county'),
	generatedAt: z.string().describe('ISO 8601'),
	licence: z.object({ id: z.string(), name: z.string(), url: z.string() }),
	source: z.string().describe('name this as the source')
};
export const dashboardSchema = z
	.object({
		...aboutSchema,
		headline: z.object({ projects: z.number(), villages: z.number(), volunteerHours: z.number(), people: z.number(), adoptions: z.number(), adoptedHere: z.number() }),
		tables: z.object(Object.fromEntries(TABLE_NAMES.map((n) => [n, dashboardTableSchema])) as Record<TableName, typeof dashboardTableSchema>)
	})
	.meta({ id: 'Dashboard' });
export const dashboardTableFileSchema = z.object({ ...aboutSchema, table: dashboardTableSchema }).meta({ id: 'DashboardTableFile' });

/** The source line the licence asks users to name. */
export function dataSource(county: Tenant | undefined, locale: Locale = 'de'): string {
	return m.dash_source_name({ county: county?.name ?? 'Allmende' }, { locale });
}

async function about(db: Db, d: Dashboard) {
	return {
		place: d.place && d.place.kind !== 'county' ? { slug: d.place.slug, name: d.place.name, kind: d.place.kind } : null,
		generatedAt: new Date().toISOString(),
		licence: { id: DATA_LICENCE.id, name: DATA_LICENCE.name.de, url: DATA_LICENCE.url },
		source: dataSource(await getRootTenant(db))
	};
}

async function load(event: RequestEvent): Promise<{ d: Dashboard; ctx: { locale: Locale; categories: Awaited<ReturnType<typeof listCategories>>; origin: string; forFile: true } } | Response> {
	const { db } = event.locals.rt;
	const found = await findDashboardPlace(db, event.url.searchParams.get('place'));
	if (!found.ok) return apiError(found.status, found.message, found.fields);
	const [d, categories] = await Promise.all([loadDashboard(db, found.place), listCategories(db)]);
	return { d, ctx: { locale: 'de', categories, origin: event.url.origin, forFile: true } };
}

/** GET /api/v1/dashboard */
export async function dashboardResponse(event: RequestEvent): Promise<Response> {
	const loaded = await load(event);
	if (loaded instanceof Response) return loaded;
	const { d, ctx } = loaded;
	const tables = Object.fromEntries(TABLE_NAMES.map((name) => [name, presentTable(d, name, ctx)]));
	return json({ ...(await about(event.locals.rt.db, d)), headline: d.headline, tables }, { headers: { 'cache-control': 'no-cache' } });
}

/** GET /api/v1/dashboard/<table>.csv and …/<table>.json */
export async function dashboardFileResponse(event: RequestEvent, file: string): Promise<Response> {
	const match = /^([a-z]{1,20})\.(csv|json)$/.exec(file);
	if (!match || !isTableName(match[1]!)) return apiError(404, m.err_not_found());
	const loaded = await load(event);
	if (loaded instanceof Response) return loaded;
	const { d, ctx } = loaded;
	const table = presentTable(d, match[1] as TableName, ctx);
	if (match[2] === 'json') return json({ ...(await about(event.locals.rt.db, d)), table }, { headers: { 'cache-control': 'no-cache' } });
	const csv = toCsv(
		table.columns.map((c) => c.header),
		table.rows.map((row) => table.columns.map((c) => row[c.key] ?? null))
	);
	return new Response(csv, { headers: { ...csvHeaders(`ergebnisse-${d.place?.slug ?? 'kreis'}-${table.name}.csv`), 'cache-control': 'no-cache' } });
}

// The county's overview pages (/calendar and /news, and a municipality's page): every village's events or
// articles in one list, so that nobody has to post twice. The core asks each village that has a module with
// `server.overview` of that kind switched on, with an anonymous, read-only context bound to that village (the
// module's tenant scope stays as it is), and merges the answers in one order. Pages go by a cursor.
import { MODULES, type AnyModule } from '../../../modules/registry.ts';
import type { Locale, OverviewItem, OverviewKind } from '../../../modules/types.ts';
import { createModuleContext } from '../../builder/moduleContext.ts';
import { readSettings } from '../../builder/villageModules.ts';
import type { Db } from '../../db/index.ts';
import { log } from '../../log.ts';
import { ANONYMOUS } from '../../policy/index.ts';
import type { Tenant } from '../../tenancy/tenants.ts';

/** Where an item comes from: its village and that village's municipality. */
export interface OverviewPlace {
	slug: string;
	name: string;
	municipality: { slug: string; name: string } | null;
}

export type OverviewEntry = OverviewItem & { place: OverviewPlace };

export interface OverviewFilter {
	/** a municipality's slug: only its villages */
	municipality?: string;
	/** a village's slug */
	village?: string;
	category?: string;
}

export interface OverviewPage {
	entries: OverviewEntry[];
	/** the cursor of the next page, or null on the last */
	next: string | null;
	/** the categories of the villages asked (for the filter), sorted */
	categories: string[];
}

const DAY = 86_400_000;
/** The windows (days after the page's start) in which events are looked for, one after the other; null: the module's own horizon. */
const EVENT_WINDOWS = [14, 62, null];

/** Events soonest first; articles newest first. */
const DESCENDING: Record<OverviewKind, boolean> = { events: false, articles: true };

// A cursor names the last entry shown: its moment, its village and its id ("1767225600000.koerbecke.<id>").
const CURSOR = /^(\d{1,15})\.([a-z0-9-]{1,63})\.([\w:.-]{1,160})$/;

export function parseCursor(value: string): { at: number; slug: string; id: string } | null {
	const m = CURSOR.exec(value);
	return m ? { at: Number(m[1]), slug: m[2]!, id: m[3]! } : null;
}
const cursorOf = (e: OverviewEntry) => `${e.at}.${e.place.slug}.${e.id}`;

/**
 * Where a village's list continues after the cursor. Entries are ordered by (at, village slug, id), ascending for
 * events and descending for articles. At the cursor's moment, the cursor's village goes on after the cursor's
 * entry; a village met before it in the order has shown all its entries of that moment, one met after it none.
 */
function afterFor(slug: string, cursor: { at: number; slug: string; id: string }, descending: boolean): { at: number; id: string | null } {
	if (slug === cursor.slug) return { at: cursor.at, id: cursor.id };
	const metBefore = descending ? slug > cursor.slug : slug < cursor.slug;
	if (metBefore) return { at: cursor.at, id: null };
	// none of that moment shown yet: continue after every entry of the moment just before it (times are whole ms)
	return { at: descending ? cursor.at + 1 : cursor.at - 1, id: null };
}

function compare(a: OverviewEntry, b: OverviewEntry): number {
	if (a.at !== b.at) return a.at - b.at;
	if (a.place.slug !== b.place.slug) return a.place.slug < b.place.slug ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Each village with a module of this kind switched on, with its place and the module's settings. */
async function sources(db: Db, kind: OverviewKind, modules: readonly AnyModule[], filter: OverviewFilter) {
	const wanted = modules.filter((m) => m.server.overview?.kind === kind);
	if (wanted.length === 0) return [];
	let q = db
		.selectFrom('villageModules')
		.innerJoin('tenants as village', 'village.id', 'villageModules.tenantId')
		.leftJoin('tenants as municipality', (j) => j.onRef('municipality.id', '=', 'village.parentId').on('municipality.kind', '=', 'municipality'))
		.selectAll('village')
		.select(['villageModules.moduleId', 'villageModules.settings', 'municipality.slug as municipalitySlug', 'municipality.name as municipalityName'])
		.where('villageModules.moduleId', 'in', wanted.map((m) => m.id))
		.where('villageModules.enabledAt', 'is not', null)
		.where('village.kind', '=', 'village');
	if (filter.village) q = q.where('village.slug', '=', filter.village);
	if (filter.municipality) q = q.where('municipality.slug', '=', filter.municipality);
	const rows = await q.execute();
	return rows.map((row) => {
		const { moduleId, settings, municipalitySlug, municipalityName, ...village } = row;
		const module = wanted.find((m) => m.id === moduleId)!;
		const place: OverviewPlace = { slug: village.slug, name: village.name, municipality: municipalitySlug ? { slug: municipalitySlug, name: municipalityName! } : null };
		return { module, village: village as Tenant, settings: readSettings(module, settings), place };
	});
}

/**
 * One page of the overview of `kind`: `limit` entries after `cursor` (null: the first page), events from those
 * still running at `from`. A village whose module fails is left out (logged): the page must always open.
 */
export async function readOverview(args: {
	db: Db;
	kind: OverviewKind;
	locale: Locale;
	origin: string;
	filter: OverviewFilter;
	cursor: string | null;
	from: number;
	limit: number;
	modules?: readonly AnyModule[];
}): Promise<OverviewPage> {
	const { db, kind, limit } = args;
	const descending = DESCENDING[kind];
	const cursor = args.cursor ? parseCursor(args.cursor) : null;
	const found = await sources(db, kind, args.modules ?? MODULES, args.filter);
	const categories = new Set<string>();
	const failed = new Set<string>();
	/** every village's items (those that begin before `until`, when given) */
	const ask = async (until: number | undefined) => {
		const lists = await Promise.all(
			found.map(async ({ module, village, settings, place }) => {
				if (failed.has(village.id)) return [];
				const overview = module.server.overview!;
				const ctx = createModuleContext({ db, village, module, settings, actor: ANONYMOUS, locale: args.locale, ip: '', origin: args.origin, readOnly: true });
				try {
					for (const c of overview.categories(ctx)) categories.add(c);
					const after = cursor ? afterFor(village.slug, cursor, descending) : undefined;
					// one more than a page: whether there is a next page is known without another round
					const items = await overview.list(ctx, { limit: limit + 1, from: args.from, until, after, category: args.filter.category || undefined });
					return items.map((item): OverviewEntry => ({ ...item, place }));
				} catch (e) {
					failed.add(village.id);
					log.error({ moduleId: module.id, village: village.slug, err: String(e) }, 'overview: a village was left out, its module failed to answer');
					return [];
				}
			})
		);
		return lists.flat();
	};
	let entriesFound: OverviewEntry[] = [];
	if (kind === 'events') {
		// Expanding every series of every village a year ahead costs; a county's page is mostly full within days.
		// Every village answers all it has that begins in the window, so once the window holds more than a page,
		// nothing outside it can come first.
		const start = cursor ? cursor.at : args.from;
		for (const days of EVENT_WINDOWS) {
			entriesFound = await ask(days === null ? undefined : start + days * DAY);
			if (entriesFound.length > limit) break;
		}
	} else {
		entriesFound = await ask(undefined);
	}
	const merged = entriesFound.sort((a, b) => (descending ? compare(b, a) : compare(a, b)));
	const entries = merged.slice(0, limit);
	return {
		entries,
		next: merged.length > limit ? cursorOf(entries.at(-1)!) : null,
		categories: [...categories].sort((a, b) => a.localeCompare(b, 'de'))
	};
}

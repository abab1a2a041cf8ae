// What the overview pages (/calendar, /news, a municipality's page) show: the query string checked (400 naming
// the field), one page of entries with their day and time as people in the county read them, the filters' choices.
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Locale, OverviewKind } from '../../../modules/types.ts';
import type { Db } from '../../db/index.ts';
import { dateFormat } from '../../../ui/format.ts';
import { parseInput } from '../../http/validate.ts';
import { listAllPlaces } from '../projects/projectPlaces.ts';
import { readOverview, type OverviewEntry, type OverviewFilter } from './overview.ts';

const slugFilter = z.string().trim().max(63).regex(/^[a-z0-9-]*$/, 'err_format').optional();

/** The query string of /calendar and /news (a plain GET form); empty fields mean "all". */
export const overviewQuerySchema = z.object({
	municipality: slugFilter,
	village: slugFilter,
	category: z.string().trim().max(40).optional(),
	/** events: from this day on (Berlin), default today */
	from: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'err_format')
		.refine((d) => !Number.isNaN(Date.parse(`${d}T12:00:00Z`)) && new Date(`${d}T12:00:00Z`).toISOString().startsWith(d), 'err_format')
		.optional()
		.or(z.literal('')),
	/** the cursor of the next page */
	after: z.string().max(300).optional()
});
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

const TZ = 'Europe/Berlin';
const tag = (locale: Locale) => (locale === 'en' ? 'en-GB' : 'de-DE');

/** The day in Berlin of an instant ("2026-12-24"). */
export function berlinDay(ms: number): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** The instant a Berlin day begins (midnight is never in a daylight-saving gap: the switches happen at 2 and 3). */
export function startOfBerlinDay(day: string): number {
	const noonUtc = Date.parse(`${day}T12:00:00Z`);
	const offset = new Intl.DateTimeFormat('en-US', { timeZone: TZ, timeZoneName: 'shortOffset' }).formatToParts(noonUtc).find((p) => p.type === 'timeZoneName')!.value; // "GMT+1"
	const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(offset);
	const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
	return Date.parse(`${day}T00:00:00Z`) - minutes * 60_000;
}

const dayLabel = (day: string, locale: Locale) => dateFormat(tag(locale), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
const timeOf = (ms: number, locale: Locale) => dateFormat(tag(locale), { hour: '2-digit', minute: '2-digit', timeZone: TZ }).format(ms);

/** One entry as the page shows it. */
export interface ShownEntry {
	id: string;
	title: string;
	url: string;
	text: string;
	category: string;
	cancelled: boolean;
	important: boolean;
	village: { slug: string; name: string };
	municipality: string | null;
	/** the day it is filed under ("2026-12-24") and how that day reads */
	day: string;
	dayLabel: string;
	/** events: "19:00–21:00" (null all day); articles: null */
	time: string | null;
	/** events lasting several days: their last day ("bis 26. Dezember"), else null */
	until: string | null;
	/** machine-readable start for <time datetime> */
	datetime: string;
}

function show(e: OverviewEntry, kind: OverviewKind, locale: Locale): ShownEntry {
	const day = berlinDay(e.at);
	const lastDay = e.end !== undefined ? berlinDay(e.end - 1) : day;
	return {
		id: e.id,
		title: e.title,
		url: e.url,
		text: e.text ?? '',
		category: e.category,
		cancelled: !!e.cancelled,
		important: !!e.important,
		village: { slug: e.place.slug, name: e.place.name },
		municipality: e.place.municipality?.name ?? null,
		day,
		dayLabel: dayLabel(day, locale),
		time: kind === 'events' && !e.allDay ? `${timeOf(e.at, locale)}–${timeOf(e.end ?? e.at, locale)}` : null,
		until: kind === 'events' && lastDay > day ? new Date(`${lastDay}T12:00:00Z`).toLocaleDateString(tag(locale), { day: 'numeric', month: 'long', timeZone: 'UTC' }) : null,
		datetime: e.allDay ? day : new Date(e.at).toISOString()
	};
}

/** One page of an overview for a request: the query checked, the entries shown, the filters' choices. */
export async function overviewPage(args: { db: Db; kind: OverviewKind; locale: Locale; origin: string; query: URLSearchParams; limit: number; fixed?: OverviewFilter; now?: number }) {
	const parsed = parseInput(overviewQuerySchema, Object.fromEntries(args.query));
	if (!parsed.ok) error(400, parsed.message);
	const q = parsed.data;
	const filter: OverviewFilter = { municipality: q.municipality || undefined, village: q.village || undefined, category: q.category || undefined, ...args.fixed };
	const today = berlinDay(args.now ?? Date.now());
	const fromDay = args.kind === 'events' && q.from ? q.from : today;
	// events: from the start of the chosen day, or from now (what is running or still to come today)
	const from = q.from ? startOfBerlinDay(fromDay) : (args.now ?? Date.now());
	const [page, places] = await Promise.all([readOverview({ db: args.db, kind: args.kind, locale: args.locale, origin: args.origin, filter, cursor: q.after ?? null, from, limit: args.limit }), listAllPlaces(args.db)]);
	return {
		entries: page.entries.map((e) => show(e, args.kind, args.locale)),
		next: page.next,
		categories: page.categories,
		places,
		filters: { municipality: filter.municipality ?? '', village: filter.village ?? '', category: filter.category ?? '', from: q.from || '' },
		today,
		tomorrow: berlinDay(startOfBerlinDay(today) + 36 * 3_600_000),
		paged: !!q.after
	};
}

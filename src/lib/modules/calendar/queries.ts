import type { ModuleData } from '../../server/moduleApi.ts';
import { expand, MAX_MOVE_DAYS, slotOf, type Slot } from './recurrence.ts';
import { DAY } from './time.ts';

// The calendar module's tables as its code sees them (the core fills and filters tenant_id).
export interface CalendarEventsTable {
	id: string;
	uid: string;
	sequence: number;
	/** 'published', or 'suggested' by a member and waiting for an editor */
	status: string;
	title: string;
	description: string;
	allDay: number;
	startLocal: string;
	endLocal: string;
	rrule: string;
	startAt: number;
	seriesEndAt: number | null;
	location: string;
	latitude: string | null;
	longitude: string | null;
	category: string;
	clubId: string | null;
	imageId: string | null;
	imageAlt: string;
	link: string;
	cancelled: number;
	rsvpLimit: number | null;
	createdBy: string | null;
	importId: string | null;
	createdAt: number;
	updatedAt: number;
}

export interface CalendarExceptionsTable {
	id: string;
	eventId: string;
	/** the day the occurrence was planned for ("2026-12-08") */
	occurrence: string;
	/** 'skip' (not shown), 'cancel' (shown as cancelled) or 'change' (other time, title or place) */
	kind: string;
	title: string | null;
	startLocal: string | null;
	endLocal: string | null;
	location: string | null;
	note: string;
	updatedAt: number;
}

export interface CalendarRsvpsTable {
	id: string;
	eventId: string;
	occurrence: string;
	userId: string;
	createdAt: number;
}

export interface CalendarImportsTable {
	id: string;
	name: string;
	url: string;
	category: string;
	lastRunAt: number | null;
	lastOk: number | null;
	lastMessage: string;
	lastAdded: number;
	lastUpdated: number;
	lastRemoved: number;
	createdAt: number;
}

export interface CalendarTables {
	calendarEvents: CalendarEventsTable;
	calendarExceptions: CalendarExceptionsTable;
	calendarRsvps: CalendarRsvpsTable;
	calendarImports: CalendarImportsTable;
}

export type CalendarData = ModuleData<CalendarTables>;
export type EventRow = CalendarEventsTable;
export type ExceptionRow = CalendarExceptionsTable;

/** One occurrence of an event as the pages, the widget and the API show it (exceptions applied). */
export interface Occurrence {
	eventId: string;
	/** the planned day: with eventId, it names this occurrence */
	key: string;
	title: string;
	allDay: boolean;
	startLocal: string;
	endLocal: string;
	start: number;
	end: number;
	location: string;
	category: string;
	clubId: string | null;
	cancelled: boolean;
	/** this occurrence differs from its series (other time, title or place) */
	changed: boolean;
	recurring: boolean;
	note: string;
}

export const findEvent = (data: CalendarData, id: string) => data.selectFrom('calendarEvents').selectAll().where('id', '=', id).executeTakeFirst();

export const exceptionsOf = (data: CalendarData, eventIds: string[]) =>
	eventIds.length === 0 ? Promise.resolve([] as ExceptionRow[]) : data.selectFrom('calendarExceptions').selectAll().where('eventId', 'in', eventIds).execute();

/** The occurrences of one event in [from, to) with its exceptions applied (skipped ones left out). */
export function occurrencesOf(event: EventRow, exceptions: ExceptionRow[], from: number, to: number, limit = 2000): Occurrence[] {
	const series = { startLocal: event.startLocal, endLocal: event.endLocal, allDay: event.allDay === 1, rrule: event.rrule };
	const byKey = new Map(exceptions.filter((x) => x.eventId === event.id).map((x) => [x.occurrence, x]));
	const out: Occurrence[] = [];
	// A changed occurrence may have moved into or out of the range: look a little wider, then keep exact overlaps.
	const widen = byKey.size ? (MAX_MOVE_DAYS + 1) * DAY : 0;
	for (const s of expand(series, from - widen, to + widen, limit + byKey.size)) {
		const x = byKey.get(s.key);
		if (x?.kind === 'skip') continue;
		const o = occurrence(event, s, x);
		if (o.end > from && o.start < to) out.push(o);
		if (out.length >= limit) break;
	}
	return out.sort((a, b) => a.start - b.start);
}

function occurrence(event: EventRow, s: Slot, x: ExceptionRow | undefined): Occurrence {
	const allDay = event.allDay === 1;
	const moved = x?.kind === 'change' && x.startLocal && x.endLocal ? slotOf(s.key, x.startLocal, x.endLocal, allDay) : null;
	const when = moved ?? s;
	return {
		eventId: event.id,
		key: s.key,
		title: (x?.kind === 'change' && x.title) || event.title,
		allDay,
		startLocal: moved ? x!.startLocal! : localOf(s.startWall, allDay),
		endLocal: moved ? x!.endLocal! : localOf(s.endWall, allDay),
		start: when.start,
		end: when.end,
		location: (x?.kind === 'change' && x.location) || event.location,
		category: event.category,
		clubId: event.clubId,
		cancelled: event.cancelled === 1 || x?.kind === 'cancel',
		changed: x?.kind === 'change',
		recurring: event.rrule !== '',
		note: x?.note ?? ''
	};
}

const localOf = (wall: number, allDay: boolean) => new Date(wall).toISOString().slice(0, allDay ? 10 : 16);

/** The filters of the lists (agenda, month, widget, API, feed). */
export interface EventFilter {
	categories?: string[];
	clubId?: string | null;
}

/** The published events that may have an occurrence in [from, to), with their exceptions. */
export async function eventsInRange(data: CalendarData, from: number, to: number, filter: EventFilter = {}) {
	let q = data
		.selectFrom('calendarEvents')
		.selectAll()
		.where('status', '=', 'published')
		.where('startAt', '<', to + (MAX_MOVE_DAYS + 1) * DAY)
		.where((eb) => eb.or([eb('seriesEndAt', 'is', null), eb('seriesEndAt', '>', from - (MAX_MOVE_DAYS + 1) * DAY)]));
	if (filter.categories?.length) q = q.where('category', 'in', filter.categories);
	if (filter.clubId) q = q.where('clubId', '=', filter.clubId);
	const events = await q.orderBy('startAt').limit(5000).execute();
	const exceptions = await exceptionsOf(
		data,
		events.filter((e) => e.rrule !== '').map((e) => e.id)
	);
	return { events, exceptions };
}

/** All occurrences of the village's published events in [from, to), in time order, at most `limit`. */
export async function listOccurrences(data: CalendarData, from: number, to: number, filter: EventFilter = {}, limit = 2000): Promise<Occurrence[]> {
	const { events, exceptions } = await eventsInRange(data, from, to, filter);
	const all = events.flatMap((e) => occurrencesOf(e, exceptions, from, to, limit));
	return all.sort((a, b) => a.start - b.start || a.title.localeCompare(b.title)).slice(0, limit);
}


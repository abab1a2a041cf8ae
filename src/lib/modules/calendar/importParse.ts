// Reading another calendar's iCalendar file (RFC 5545, parsed by ical.js) into the events this module holds.
// Times in any zone become the Berlin wall clock the module stores (time.ts, decision 009): a TZID the IANA
// database knows is converted with Temporal, another one with the file's own VTIMEZONE, UTC as UTC, and a
// floating time is read as Berlin time. A series is kept as a series only when recurrence.ts can hold its rule
// and its zone keeps step with Berlin's (Europe/Paris does, America/New_York and UTC do not: their dates would
// drift by an hour around the switches); EXDATEs become skipped dates, RECURRENCE-ID overrides cancelled or
// changed dates. Whatever cannot be held is left out and counted by reason, never half-imported.
import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { isWebUrl } from './schemas.ts';
import { formatRule, isOccurrence, MAX_MOVE_DAYS, parseRule, seriesEnd, slotOf, type Rule } from './recurrence.ts';
import { addDays, DAY, dayOf, formatLocal, parseLocal, TIME_ZONE, utcToWall, wallToUtc } from './time.ts';

/** Why an event of the file was left out (the key of its message in importMessages.ts). */
export type SkipReason = 'skipNoUid' | 'skipDuplicateUid' | 'skipNoStart' | 'skipZone' | 'skipRrule' | 'skipZoneRrule' | 'skipBadTime' | 'skipTooLong' | 'skipOverride';

/** Why a whole file could not be read. */
export type ParseFailure = 'errNotCalendar' | 'errMalformed' | 'errTooMany';

export class ImportParseError extends Error {
	constructor(
		readonly reason: ParseFailure,
		readonly count = 0
	) {
		super(reason);
	}
}

/** One date of a series that differs: skipped (EXDATE), cancelled or changed (RECURRENCE-ID). */
export interface ImportedException {
	occurrence: string;
	kind: 'skip' | 'cancel' | 'change';
	title: string | null;
	startLocal: string | null;
	endLocal: string | null;
	location: string | null;
}

/** An event of the file as this module stores it (without id, category and the bookkeeping of its import). */
export interface ImportedEvent {
	uid: string;
	title: string;
	description: string;
	allDay: boolean;
	startLocal: string;
	endLocal: string;
	rrule: string;
	startAt: number;
	seriesEndAt: number | null;
	location: string;
	link: string;
	cancelled: boolean;
	exceptions: ImportedException[];
}

export interface ParsedCalendar {
	events: ImportedEvent[];
	skipped: Partial<Record<SkipReason, number>>;
	/** events that ended more than a year ago: not imported (and removed when imported before) */
	old: number;
}

/** The most events one import holds; a file with more is refused as a whole (see imports.ts). */
export const MAX_IMPORT_EVENTS = 2000;
const OLD_AFTER = 365 * DAY;
const LIMITS = { title: 200, description: 20_000, location: 300, link: 2000, uid: 500 };

// eslint-disable-next-line no-control-regex -- control characters (PostgreSQL refuses NUL in text) go
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/** Text without the markup some programs put into SUMMARY, LOCATION or DESCRIPTION (line breaks kept, entities read). */
function withoutMarkup(value: unknown): string {
	const text = String(value ?? '').replace(CONTROL, '').replace(/\r\n?/g, '\n');
	if (!/<\/?[a-z][^>]*>/i.test(text)) return text;
	return text
		.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
		.replace(/<(br|\/p|\/div|\/li|\/h\d)\b[^>]*>/gi, '\n')
		.replace(/<[^>]*>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;|&apos;/g, "'")
		.replace(/&amp;/g, '&');
}

const oneLine = (value: unknown, max: number) => cut(withoutMarkup(value).replace(/\s+/g, ' ').trim(), max);

/**
 * A DESCRIPTION as plain text the module can store as markdown: markup is taken out, then every character markdown
 * would act on is escaped, so the page shows the text as it was written and no HTML or link syntax passes.
 */
export function plainDescription(value: unknown): string {
	const text = withoutMarkup(value)
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
	// markdown: backslash-escape its punctuation; a line break stays one (two spaces before it)
	const escaped = text.replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, '\\$&').replace(/\n(?!\n)/g, '  \n');
	return cut(escaped, LIMITS.description);
}

/** An http(s) address from URL, else ''. */
function webLink(value: unknown): string {
	const text = String(value ?? '').trim();
	return text.length <= LIMITS.link && isWebUrl(text) ? new URL(text).href : '';
}

/** When something happens: a day (all-day), or an instant with the zone it was written in. */
type When = { date: string } | { utc: number; wall: number; zone: Zone };

/** Turns a wall-clock time of the source zone (a "wall" number, see time.ts) into an instant. */
type Zone = { id: string; toUtc: (wall: number) => number };

const BERLIN: Zone = { id: TIME_ZONE, toUtc: wallToUtc };
const UTC: Zone = { id: 'UTC', toUtc: (wall) => wall };

const zoneCache = new Map<string, Zone | null>();

/** A TZID the IANA database knows ("Europe/Paris", also as "/mozilla.org/…/Europe/Paris"), or null. */
function ianaZone(tzid: string): Zone | null {
	if (zoneCache.has(tzid)) return zoneCache.get(tzid)!;
	let zone: Zone | null = null;
	for (const candidate of [tzid, tzid.replace(/^\/.*?\/(?=[A-Za-z]+\/)/, ''), tzid.replace(/^.*?\/(?=[A-Za-z]+\/[A-Za-z_]+$)/, '')]) {
		try {
			const id = Temporal.Now.zonedDateTimeISO(candidate).timeZoneId;
			zone =
				id === TIME_ZONE
					? BERLIN
					: {
							id,
							toUtc: (wall) => {
								const d = new Date(wall);
								return Temporal.PlainDateTime.from({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() }).toZonedDateTime(id, { disambiguation: 'compatible' }).epochMilliseconds;
							}
						};
			break;
		} catch {
			// not a zone name
		}
	}
	zoneCache.set(tzid, zone);
	return zone;
}

const wallOf = (t: ICAL.Time) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
const dateOf = (t: ICAL.Time) => `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;

/** One DATE or DATE-TIME value of a property, or 'zone' when its TZID is one we cannot read. */
function readTime(time: ICAL.Time, prop: ICAL.Property): When | 'zone' | null {
	if (!(time instanceof ICAL.Time)) return null;
	if (time.isDate) return parseLocal(dateOf(time)) === null ? null : { date: dateOf(time) };
	const wall = wallOf(time);
	if (!Number.isFinite(wall)) return null;
	let zone: Zone | null;
	const tzid = prop.getParameter('tzid');
	if (time.zone?.tzid === 'UTC' || time.zone === ICAL.Timezone.utcTimezone) zone = UTC;
	else if (typeof tzid === 'string' && tzid) {
		zone = ianaZone(tzid);
		// not an IANA name ("W. Europe Standard Time"): the file's own VTIMEZONE, when it has one
		const own = time.zone;
		if (!zone && own && own.tzid !== 'floating' && own.component) {
			const z = own;
			zone = {
				id: `file:${tzid}`,
				toUtc: (w) => {
					const d = new Date(w);
					const t = new ICAL.Time({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), isDate: false }, z);
					return t.toUnixTime() * 1000;
				}
			};
		}
		if (!zone) return 'zone';
	} else zone = BERLIN; // floating: the village's own clock
	return { utc: zone.toUtc(wall), wall, zone };
}

/** Whether a zone keeps the same distance to Berlin's clock all the time (then a series in it stays a series there). */
const stepCache = new Map<string, number | null>();
function stepsWithBerlin(zone: Zone, timeOfDay: number, from: number): number | null {
	if (zone === BERLIN) return 0;
	const key = `${zone.id}|${timeOfDay}|${new Date(from).getUTCFullYear()}`;
	if (stepCache.has(key)) return stepCache.get(key)!;
	let distance: number | null = null;
	// every day of two years from the series' start (or from a year ago, for older series)
	const first = Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth(), new Date(from).getUTCDate()) + timeOfDay;
	for (let wall = first; wall < first + 731 * DAY; wall += DAY) {
		const d = utcToWall(zone.toUtc(wall)) - wall;
		if (distance === null) distance = d;
		else if (d !== distance) {
			distance = null;
			break;
		}
	}
	stepCache.set(key, distance);
	return distance;
}

function text(comp: ICAL.Component, name: string): unknown {
	return comp.getFirstPropertyValue(name);
}

interface Master {
	comp: ICAL.Component;
	uid: string;
}

/**
 * Reads an iCalendar text into events (de-duplicated by UID) and counts what it left out. Throws
 * ImportParseError when the text is no calendar, is malformed, or holds more than MAX_IMPORT_EVENTS events.
 */
export function parseCalendar(source: string, now = Date.now()): ParsedCalendar {
	let root: ICAL.Component;
	try {
		const jcal = ICAL.parse(source) as unknown[];
		// several calendars in one file: the first
		root = new ICAL.Component((Array.isArray(jcal[0]) ? jcal[0] : jcal) as ConstructorParameters<typeof ICAL.Component>[0]);
	} catch {
		throw new ImportParseError('errMalformed');
	}
	if (root.name !== 'vcalendar') throw new ImportParseError('errNotCalendar');
	const skipped: Partial<Record<SkipReason, number>> = {};
	const skip = (reason: SkipReason) => void (skipped[reason] = (skipped[reason] ?? 0) + 1);

	const masters: Master[] = [];
	const overrides = new Map<string, ICAL.Component[]>();
	const seen = new Set<string>();
	for (const comp of root.getAllSubcomponents('vevent')) {
		const uid = String(text(comp, 'uid') ?? '').replace(CONTROL, '').trim();
		if (!uid || uid.length > LIMITS.uid) {
			skip('skipNoUid');
			continue;
		}
		if (comp.hasProperty('recurrence-id')) {
			overrides.set(uid, [...(overrides.get(uid) ?? []), comp]);
			continue;
		}
		if (seen.has(uid)) {
			skip('skipDuplicateUid');
			continue;
		}
		seen.add(uid);
		masters.push({ comp, uid });
	}
	for (const [uid, list] of overrides) if (!seen.has(uid)) for (const _ of list) skip('skipOverride');

	const events: ImportedEvent[] = [];
	let old = 0;
	for (const { comp, uid } of masters) {
		const read = readEvent(comp, uid, overrides.get(uid) ?? [], skip);
		if (!read) continue;
		const ends = read.seriesEndAt;
		if (ends !== null && ends < now - OLD_AFTER) {
			old++;
			continue;
		}
		events.push(read);
	}
	if (events.length > MAX_IMPORT_EVENTS) throw new ImportParseError('errTooMany', events.length);
	return { events, skipped, old };
}

function readEvent(comp: ICAL.Component, uid: string, overrides: ICAL.Component[], skip: (r: SkipReason) => void): ImportedEvent | null {
	const startProp = comp.getFirstProperty('dtstart');
	const start = startProp ? readTime(startProp.getFirstValue() as ICAL.Time, startProp) : null;
	if (start === 'zone') return skip('skipZone'), null;
	if (!start) return skip('skipNoStart'), null;
	const allDay = 'date' in start;

	// the end: DTEND (exclusive for days), else DURATION, else the start itself (RFC 5545 3.6.1)
	const endProp = comp.getFirstProperty('dtend');
	const end = endProp ? readTime(endProp.getFirstValue() as ICAL.Time, endProp) : null;
	if (end === 'zone') return skip('skipZone'), null;
	const duration = comp.getFirstPropertyValue('duration') as ICAL.Duration | null;
	let startLocal: string;
	let endLocal: string;
	if ('date' in start) {
		startLocal = start.date;
		if (end && 'date' in end) endLocal = end.date > start.date ? addDays(end.date, -1) : start.date;
		else if (duration instanceof ICAL.Duration) endLocal = addDays(start.date, Math.max(1, Math.round(duration.toSeconds() / 86_400)) - 1);
		else endLocal = start.date;
	} else {
		const endUtc = end && 'utc' in end ? end.utc : duration instanceof ICAL.Duration ? start.utc + duration.toSeconds() * 1000 : start.utc;
		startLocal = formatLocal(utcToWall(start.utc));
		endLocal = formatLocal(utcToWall(endUtc));
		if (endUtc < start.utc) return skip('skipBadTime'), null;
	}
	if (parseLocal(endLocal)! < parseLocal(startLocal)!) return skip('skipBadTime'), null;
	if (parseLocal(endLocal)! - parseLocal(startLocal)! > 31 * DAY) return skip('skipTooLong'), null;

	// the series
	let rrule = '';
	const rules = comp.getAllProperties('rrule');
	if (rules.length > 1 || comp.hasProperty('rdate') || comp.hasProperty('exrule')) return skip('skipRrule'), null;
	if (rules.length === 1) {
		const parsed = readRule(String((rules[0]!.getFirstValue() as ICAL.Recur).toString()));
		if (!parsed) return skip('skipRrule'), null;
		if (!('date' in start)) {
			const distance = stepsWithBerlin(start.zone, start.wall % DAY, start.wall);
			if (distance === null) return skip('skipZoneRrule'), null;
			// a series whose dates move to another day in Berlin keeps its weekdays and month days only without BY… parts
			const moved = dayOf(start.wall) !== startLocal.slice(0, 10);
			if (moved && (parsed.byDay.length || parsed.byMonthDay.length || parsed.byMonth.length)) return skip('skipZoneRrule'), null;
		}
		rrule = formatRule(parsed);
	}
	const series = { startLocal, endLocal, allDay, rrule };

	const exceptions = new Map<string, ImportedException>();
	if (rrule) {
		for (const prop of comp.getAllProperties('exdate')) {
			for (const value of prop.getValues() as ICAL.Time[]) {
				const key = keyOf(readTime(value, prop));
				if (key && isOccurrence(series, key)) exceptions.set(key, { occurrence: key, kind: 'skip', title: null, startLocal: null, endLocal: null, location: null });
			}
		}
	}
	const title = oneLine(text(comp, 'summary'), LIMITS.title);
	const location = oneLine(text(comp, 'location'), LIMITS.location);
	for (const o of overrides) {
		const x = rrule ? readOverride(o, series, { title, location }) : null;
		if (!x) skip('skipOverride');
		else if (x !== 'same') exceptions.set(x.occurrence, x);
	}

	return {
		uid,
		title: title || '–',
		description: plainDescription(text(comp, 'description')),
		allDay,
		startLocal,
		endLocal,
		rrule,
		startAt: slotOf('', startLocal, endLocal, allDay).start,
		seriesEndAt: seriesEnd(series),
		location,
		link: webLink(text(comp, 'url')),
		cancelled: String(text(comp, 'status') ?? '').toUpperCase() === 'CANCELLED',
		exceptions: [...exceptions.values()].sort((a, b) => a.occurrence.localeCompare(b.occurrence))
	};
}

/** A rule recurrence.ts can hold, or null. WKST goes where it cannot change a date (it only matters for weekly rules with an interval and several days). */
function readRule(text: string): Rule | null {
	const parts = text.split(';').filter(Boolean);
	const get = (k: string) => parts.find((p) => p.toUpperCase().startsWith(`${k}=`))?.split('=')[1] ?? '';
	const wkstMatters = get('FREQ').toUpperCase() === 'WEEKLY' && Number(get('INTERVAL') || '1') > 1 && get('BYDAY').split(',').length > 1;
	const kept = parts.filter((p) => !/^WKST=/i.test(p) || wkstMatters);
	const parsed = parseRule(kept.join(';'));
	return typeof parsed === 'string' ? null : parsed;
}

/** The Berlin day a date of a series was planned for (EXDATE, RECURRENCE-ID). */
function keyOf(when: When | 'zone' | null): string | null {
	if (!when || when === 'zone') return null;
	return 'date' in when ? when.date : dayOf(utcToWall(when.utc));
}

/**
 * A RECURRENCE-ID override as a cancelled or changed date of the series; 'same' when it changes nothing the module
 * shows, null when the module cannot hold it (not a date of the series, all day where the series is not, moved too far).
 */
function readOverride(comp: ICAL.Component, series: { startLocal: string; endLocal: string; allDay: boolean; rrule: string }, base: { title: string; location: string }): ImportedException | 'same' | null {
	const ridProp = comp.getFirstProperty('recurrence-id')!;
	const key = keyOf(readTime(ridProp.getFirstValue() as ICAL.Time, ridProp));
	if (!key || !isOccurrence(series, key)) return null;
	const none = { occurrence: key, title: null, startLocal: null, endLocal: null, location: null };
	if (String(text(comp, 'status') ?? '').toUpperCase() === 'CANCELLED') return { ...none, kind: 'cancel' };
	const read = readEvent(comp, 'override', [], () => {});
	if (!read || read.allDay !== series.allDay) return null;
	const title = read.title !== '–' && read.title !== base.title ? read.title : null;
	const location = read.location && read.location !== base.location ? read.location : null;
	// the planned date at the series' time, as long as the series' first date
	const span = parseLocal(series.endLocal)! - parseLocal(series.startLocal)!;
	const plannedStart = series.allDay ? key : `${key}${series.startLocal.slice(10)}`;
	const plannedEnd = formatLocal(parseLocal(plannedStart)! + span, series.allDay);
	const moved = read.startLocal !== plannedStart || read.endLocal !== plannedEnd;
	if (moved && Math.abs(parseLocal(read.startLocal.slice(0, 10))! - parseLocal(key)!) > MAX_MOVE_DAYS * DAY) return null;
	if (read.cancelled) return { ...none, kind: 'cancel' };
	if (!moved && title === null && location === null) return 'same';
	return { occurrence: key, kind: 'change', title, startLocal: moved ? read.startLocal : null, endLocal: moved ? read.endLocal : null, location };
}

// The village calendar as an iCalendar file (RFC 5545) for calendar apps: /<village>/calendar.ics.
// Written with ical-generator; times carry TZID=Europe/Berlin with its VTIMEZONE, so a weekly 19:00 stays at
// 19:00 local time after the daylight-saving switch in every client. A series is one VEVENT with its RRULE;
// skipped dates are EXDATEs; cancelled or changed dates are VEVENTs of the same UID with a RECURRENCE-ID.
// UIDs never change when an event is edited; SEQUENCE counts the edits.
import ical, { ICalEventStatus, type ICalEventData } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { EventRow, ExceptionRow } from './queries.ts';
import { parseRule, ruleForICalendar } from './recurrence.ts';
import { addDays, TIME_ZONE } from './time.ts';

const VTIMEZONE = (() => {
	const block = tzlib_get_ical_block(TIME_ZONE);
	return (Array.isArray(block) ? block[0]! : block).replace(/\r?\n/g, '\r\n').replace(/(\r\n)?$/, '\r\n');
})();

/** A stored local value as the value ical-generator writes: a date, or a Berlin date-time. */
function when(local: string) {
	return local.length === 10 ? Temporal.PlainDate.from(local) : Temporal.PlainDateTime.from(local).toZonedDateTime(TIME_ZONE);
}

/** The occurrence's planned start (RECURRENCE-ID, EXDATE): its day at the series' time of day. */
function plannedStart(event: EventRow, key: string): string {
	return event.allDay === 1 ? key : `${key}${event.startLocal.slice(10)}`;
}

const exdateValue = (local: string) => local.replace(/[-:]/g, '').replace(/(T\d{4})$/, '$100');

export interface CalendarFile {
	name: string;
	/** the event page's address, for URL */
	eventUrl: (eventId: string) => string;
	events: EventRow[];
	exceptions: ExceptionRow[];
}

/** The calendar file of these events (published ones only are passed in). */
export function toICalendar(file: CalendarFile): string {
	const cal = ical({ name: file.name, prodId: { company: 'Allmende', product: 'Dorfkalender', language: 'DE' }, ttl: 60 * 60 });
	cal.x([['X-WR-TIMEZONE', TIME_ZONE]]);
	const exdates = new Map<string, string[]>();
	for (const e of file.events) {
		const allDay = e.allDay === 1;
		const rule = e.rrule ? parseRule(e.rrule) : null;
		const mine = file.exceptions.filter((x) => x.eventId === e.id);
		const base: Omit<ICalEventData, 'start'> = {
			id: e.uid,
			sequence: e.sequence,
			stamp: new Date(e.updatedAt),
			created: new Date(e.createdAt),
			lastModified: new Date(e.updatedAt),
			allDay,
			timezone: allDay ? null : TIME_ZONE,
			summary: e.title,
			description: e.description.trim() || null,
			location: e.location ? { title: e.location, ...(e.latitude && e.longitude ? { geo: { lat: Number(e.latitude), lon: Number(e.longitude) } } : {}) } : null,
			url: file.eventUrl(e.id),
			categories: e.category ? [{ name: e.category }] : [],
			status: e.cancelled === 1 ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
		};
		const start = when(e.startLocal);
		// an all-day event's DTEND is the day after its last day
		const end = allDay ? when(addDays(e.endLocal, 1)) : when(e.endLocal);
		const skipped = rule && typeof rule !== 'string' ? mine.filter((x) => x.kind === 'skip').map((x) => exdateValue(plannedStart(e, x.occurrence))) : [];
		if (skipped.length) exdates.set(e.id, skipped);
		cal.createEvent({
			...base,
			start,
			end,
			repeating: rule && typeof rule !== 'string' ? ruleForICalendar(rule, allDay) : null,
			x: skipped.length ? [['X-ALLMENDE-EXDATE', e.id]] : []
		});
		if (!rule || typeof rule === 'string') continue;
		for (const x of mine) {
			if (x.kind === 'skip') continue;
			const planned = plannedStart(e, x.occurrence);
			const moved = x.kind === 'change' && x.startLocal && x.endLocal;
			const plannedEnd = allDay ? addDays(x.occurrence, daysBetween(e.startLocal, e.endLocal)) : shiftTo(e.endLocal, e.startLocal, planned);
			cal.createEvent({
				...base,
				start: when(moved ? x.startLocal! : planned),
				end: allDay ? when(addDays(moved ? x.endLocal! : plannedEnd, 1)) : when(moved ? x.endLocal! : plannedEnd),
				// ical-generator writes an all-day RECURRENCE-ID as a UTC date-time; it must be a DATE (RFC 5545 3.8.4.4)
				...(allDay ? { x: [['X-ALLMENDE-RECURRENCE-DATE', planned.replaceAll('-', '')]] as [string, string][] } : { recurrenceId: when(planned) }),
				summary: (x.kind === 'change' && x.title) || e.title,
				location: x.kind === 'change' && x.location ? { title: x.location } : base.location,
				description: [x.note, base.description].filter(Boolean).join('\n\n') || null,
				status: x.kind === 'cancel' || e.cancelled === 1 ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
				lastModified: new Date(Math.max(e.updatedAt, x.updatedAt))
			});
		}
	}
	let body = cal.toString().replace(/(\r\n)?$/, '\r\n'); // every line ends with CRLF, the last one too
	// VTIMEZONE before the first event (ical-generator's own would make DTSTAMP local time, which RFC 5545 forbids)
	const first = body.indexOf('BEGIN:VEVENT');
	body = first < 0 ? body.replace('END:VCALENDAR', `${VTIMEZONE}END:VCALENDAR`) : body.slice(0, first) + VTIMEZONE + body.slice(first);
	// EXDATEs in place of their placeholders, one date per line (short lines need no folding)
	return body
		.replace(/X-ALLMENDE-EXDATE:([^\r\n]+)\r\n/g, (_, id: string) =>
			(exdates.get(id) ?? []).map((d) => (d.length === 8 ? `EXDATE;VALUE=DATE:${d}\r\n` : `EXDATE;TZID=${TIME_ZONE}:${d}\r\n`)).join('')
		)
		.replace(/X-ALLMENDE-RECURRENCE-DATE:(\d{8})\r\n/g, 'RECURRENCE-ID;VALUE=DATE:$1\r\n');
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b.slice(0, 10)) - Date.parse(a.slice(0, 10))) / 86_400_000);

/** The end of an occurrence that starts at `plannedStartLocal`, as long as the series' first one. */
function shiftTo(endLocal: string, startLocal: string, plannedStartLocal: string): string {
	const span = Date.parse(`${endLocal}Z`) - Date.parse(`${startLocal}Z`);
	return new Date(Date.parse(`${plannedStartLocal}Z`) + span).toISOString().slice(0, 16);
}

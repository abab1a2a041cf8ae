// The calendar file must read the same in the calendar apps as on our pages: it is parsed here by two
// independent parsers (ical.js, as Thunderbird uses it, and node-ical, built on rrule-temporal), whose expansion
// of every series (DST switches, skipped, cancelled and moved dates, all-day events) must match ours exactly.
import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { describe, expect, it } from 'vitest';
import { toICalendar } from './icalendar.ts';
import { occurrencesOf, type EventRow, type ExceptionRow } from './queries.ts';
import { seriesEnd, slotOf } from './recurrence.ts';

const FROM = Date.parse('2026-01-01T00:00:00Z');
const TO = Date.parse('2027-12-31T00:00:00Z');

function row(id: string, e: { title: string; startLocal: string; endLocal: string; allDay?: boolean; rrule?: string; cancelled?: boolean; location?: string; description?: string }): EventRow {
	const allDay = e.allDay ?? false;
	const rrule = e.rrule ?? '';
	return {
		id,
		uid: `${id}@allmende`,
		sequence: 3,
		status: 'published',
		title: e.title,
		description: e.description ?? '',
		allDay: allDay ? 1 : 0,
		startLocal: e.startLocal,
		endLocal: e.endLocal,
		rrule,
		startAt: slotOf('', e.startLocal, e.endLocal, allDay).start,
		seriesEndAt: seriesEnd({ startLocal: e.startLocal, endLocal: e.endLocal, allDay, rrule }),
		location: e.location ?? '',
		latitude: null,
		longitude: null,
		category: 'Vereine',
		clubId: null,
		imageId: null,
		imageAlt: '',
		link: '',
		cancelled: e.cancelled ? 1 : 0,
		rsvpLimit: null,
		createdBy: null,
		importId: null,
		createdAt: Date.parse('2026-01-01T10:00:00Z'),
		updatedAt: Date.parse('2026-02-01T10:00:00Z')
	};
}
const ex = (eventId: string, occurrence: string, kind: string, over: Partial<ExceptionRow> = {}): ExceptionRow => ({ id: `${eventId}-${occurrence}`, eventId, occurrence, kind, title: null, startLocal: null, endLocal: null, location: null, note: '', updatedAt: Date.parse('2026-02-02T10:00:00Z'), ...over });

const events = [
	// weekly across both switches (29 March, 25 October 2026), with a skipped, a cancelled and a moved date
	row('choir', { title: 'Chorprobe', startLocal: '2026-03-04T19:30', endLocal: '2026-03-04T21:00', rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=WE;UNTIL=20261216', location: 'Pfarrheim; Saal 2, oben', description: 'Neue Stimmen willkommen.\nZeile zwei, mit Komma; und Semikolon' }),
	// every second Tuesday of the month, by count
	row('waste', { title: 'Müllabfuhr', startLocal: '2026-01-13', endLocal: '2026-01-13', allDay: true, rrule: 'FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU;COUNT=12' }),
	// a yearly three-day fête
	row('fest', { title: 'Schützenfest', startLocal: '2026-07-03', endLocal: '2026-07-05', allDay: true, rrule: 'FREQ=YEARLY;INTERVAL=1' }),
	// one evening that ends after midnight, cancelled as a whole
	row('party', { title: 'Tanz in den Mai', startLocal: '2026-04-30T20:00', endLocal: '2026-05-01T01:00', cancelled: true }),
	// a night-time daily series over the autumn switch: on 25 October, 01:30–03:30 lasts three hours. (A time inside
	// the repeated hour itself is left out here: RFC 5545 means the first of the two, which recurrence.test.ts
	// checks; ical.js takes the second.)
	row('night', { title: 'Nachtwache', startLocal: '2026-10-24T01:30', endLocal: '2026-10-24T03:30', rrule: 'FREQ=DAILY;INTERVAL=1;COUNT=3' })
];
const exceptions = [
	ex('choir', '2026-03-25', 'skip'),
	ex('choir', '2026-04-01', 'cancel', { note: 'Osterferien' }),
	ex('choir', '2026-10-28', 'change', { startLocal: '2026-10-29T18:00', endLocal: '2026-10-29T19:30', title: 'Chorprobe (verlegt)', location: 'Kirche' }),
	ex('waste', '2026-05-12', 'change', { startLocal: '2026-05-13', endLocal: '2026-05-13' }),
	ex('fest', '2027-07-03', 'skip')
];
const text = toICalendar({ name: 'Dorf A – Veranstaltungen', events, exceptions, eventUrl: (id) => `https://allmende.example/dorf-a/calendar/event/${id}` });

/** What we show: per event, each date's start and end (instants), title and whether it is cancelled. */
function ours() {
	return events.flatMap((e) => occurrencesOf(e, exceptions, FROM, TO).map((o) => ({ uid: e.uid, start: o.start, end: o.end, title: o.title, cancelled: o.cancelled })).map(dayBased));
}
// An all-day event has days, not instants (a parser reads a DATE in the zone of the machine it runs on): such
// dates are compared as the UTC midnight of their days.
const allDayUids = new Set(events.filter((e) => e.allDay === 1).map((e) => e.uid));
const midnight = (ms: number, berlin: boolean) => Date.parse(new Date(ms + (berlin ? 12 * 3_600_000 : 0)).toISOString().slice(0, 10));
function dayBased<T extends { uid: string; start: number; end: number }>(o: T, _i?: number, _a?: T[], berlin = true): T {
	return allDayUids.has(o.uid) ? { ...o, start: midnight(o.start, berlin), end: midnight(o.end, berlin) } : o;
}
const parsed = <T extends { uid: string; start: number; end: number }>(o: T) => dayBased(o, 0, [], false);
const sortKey = (a: { uid: string; start: number }) => `${a.uid}|${String(a.start).padStart(15, '0')}`;
const sorted = <T extends { uid: string; start: number }>(list: T[]) => [...list].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

describe('the calendar file', () => {
	it('is valid iCalendar: CRLF lines of at most 75 octets, UTC stamps, one VTIMEZONE, stable UIDs', () => {
		const lines = text.split('\r\n');
		expect(text.endsWith('\r\n')).toBe(true);
		expect(lines.every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
		expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
		expect(text).toContain('TZID:Europe/Berlin');
		expect(lines.filter((l) => l.startsWith('DTSTAMP')).every((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l))).toBe(true);
		expect(text).toContain('UID:choir@allmende');
		expect(text).toContain('SEQUENCE:3');
		expect(text).toContain('DTSTART;TZID=Europe/Berlin:20260304T193000');
		expect(text).toContain('EXDATE;TZID=Europe/Berlin:20260325T193000');
		expect(text).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20261028T193000');
		expect(text).toContain('RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU;COUNT=12');
		expect(text).toContain('DTEND;VALUE=DATE:20260706'); // the day after the fête's last day
		expect(text).toContain('RECURRENCE-ID;VALUE=DATE:20260512');
		expect(text).not.toContain('X-ALLMENDE');
	});

	it('reads the same in ical.js, date for date, across both daylight-saving switches', () => {
		const comp = new ICAL.Component(ICAL.parse(text));
		for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
		const vevents = comp.getAllSubcomponents('vevent');
		const got: { uid: string; start: number; end: number; title: string; cancelled: boolean }[] = [];
		for (const master of vevents.filter((v) => !v.hasProperty('recurrence-id'))) {
			const uid = String(master.getFirstPropertyValue('uid'));
			const event = new ICAL.Event(master, { exceptions: vevents.filter((v) => v.hasProperty('recurrence-id') && v.getFirstPropertyValue('uid') === uid) });
			const add = (start: ICAL.Time, end: ICAL.Time, item: ICAL.Event) => {
				const s = start.toJSDate().getTime();
				if (end.toJSDate().getTime() > FROM && s < TO) got.push({ uid, start: s, end: end.toJSDate().getTime(), title: item.summary, cancelled: item.component.getFirstPropertyValue('status') === 'CANCELLED' });
			};
			if (!event.isRecurring()) {
				add(event.startDate, event.endDate, event);
				continue;
			}
			const it = event.iterator();
			for (let next = it.next(), n = 0; next && n < 500; next = it.next(), n++) {
				if (next.toJSDate().getTime() >= TO) break;
				const d = event.getOccurrenceDetails(next);
				add(d.startDate, d.endDate, d.item);
			}
		}
		expect(sorted(got.map(parsed))).toEqual(sorted(ours()));
		expect(got.length).toBeGreaterThan(50);
	});

	it('reads the same in node-ical (rrule-temporal), date for date', () => {
		const calendar = nodeIcal.sync.parseICS(text);
		const got: { uid: string; start: number; end: number; title: string; cancelled: boolean }[] = [];
		for (const e of Object.values(calendar)) {
			if (!e || e.type !== 'VEVENT') continue;
			for (const i of nodeIcal.expandRecurringEvent(e, { from: new Date(FROM), to: new Date(TO), expandOngoing: true })) {
				const s = i.start.getTime();
				if (i.end.getTime() > FROM && s < TO) got.push({ uid: e.uid, start: s, end: i.end.getTime(), title: String(typeof i.summary === 'string' ? i.summary : (i.summary as { val: string }).val), cancelled: (i.event.status ?? e.status) === 'CANCELLED' });
			}
		}
		// One difference, on purpose: the night of the autumn switch, 01:30–03:30 lasts three real hours for us and
		// for ical.js (the wall clock, as people read the time), while node-ical keeps the first date's exact two
		// hours (RFC 5545 3.8.5.3 reads so) and ends it at 02:30. Every other date must match.
		const switchNight = (o: { uid: string; start: number }) => o.uid === 'night@allmende' && new Date(o.start).toISOString().startsWith('2026-10-24T23');
		expect(got.filter(switchNight).map((o) => (o.end - o.start) / 3_600_000)).toEqual([2]);
		expect(ours().filter(switchNight).map((o) => (o.end - o.start) / 3_600_000)).toEqual([3]);
		expect(sorted(got.map(parsed).filter((o) => !switchNight(o)))).toEqual(sorted(ours().filter((o) => !switchNight(o))));
	});

	it('keeps line breaks, commas and semicolons of the text, and the place', () => {
		const comp = new ICAL.Component(ICAL.parse(text));
		const choir = comp.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === 'choir@allmende' && !v.hasProperty('recurrence-id'))!;
		expect(choir.getFirstPropertyValue('description')).toBe('Neue Stimmen willkommen.\nZeile zwei, mit Komma; und Semikolon');
		expect(choir.getFirstPropertyValue('location')).toBe('Pfarrheim; Saal 2, oben');
		expect(choir.getFirstPropertyValue('url')).toBe('https://allmende.example/dorf-a/calendar/event/choir');
	});
});

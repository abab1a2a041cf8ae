// Reading other calendars' files (fixtures/*.ics): what cannot be read first (malformed files, broken events,
// script in every text), then a club's calendar (weekly series with EXDATE and overrides), the municipality's
// waste collection dates, and times in other zones and in UTC around the daylight-saving switches.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../server/richtext/markdown.ts';
import { ImportParseError, MAX_IMPORT_EVENTS, parseCalendar, plainDescription, type ImportedEvent } from './importParse.ts';
import { expand } from './recurrence.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', `${name}.ics`), 'utf8');
const parse = (name: string) => parseCalendar(fixture(name), NOW);
const byUid = (events: ImportedEvent[], uid: string) => events.find((e) => e.uid === uid)!;
const failure = (text: string) => {
	try {
		parseCalendar(text, NOW);
	} catch (e) {
		expect(e).toBeInstanceOf(ImportParseError);
		return (e as ImportParseError).reason;
	}
	throw new Error('read without error');
};

describe('what it does not take', () => {
	it('refuses a malformed file, another kind of file and an empty one as a whole', () => {
		expect(failure('BEGIN:VCALENDAR\r\nDAS IST KEINE ZEILE\r\nEND:VCALENDAR\r\n')).toBe('errMalformed');
		expect(failure('<!doctype html><html><body>Kalender</body></html>')).toBe('errMalformed');
		expect(failure('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n')).toBe('errMalformed');
		expect(failure('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Erika Muster\r\nEND:VCARD\r\n')).toBe('errNotCalendar');
		expect(failure('')).toBe('errNotCalendar');
	});

	it('refuses a file with more than 2,000 events, naming the number', () => {
		const events = Array.from({ length: MAX_IMPORT_EVENTS + 1 }, (_, i) => `BEGIN:VEVENT\r\nUID:e${i}@x\r\nDTSTART;VALUE=DATE:20260601\r\nSUMMARY:T${i}\r\nEND:VEVENT`);
		try {
			parseCalendar(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${events.join('\r\n')}\r\nEND:VCALENDAR\r\n`, NOW);
			throw new Error('read');
		} catch (e) {
			expect(e).toMatchObject({ reason: 'errTooMany', count: 2001 });
		}
	});

	it('leaves out events without UID or start, ending before they begin or lasting over 31 days, and counts them', () => {
		const { events, skipped } = parse('broken');
		expect(events.map((e) => e.uid)).toEqual(['ok@broken.example']);
		expect(skipped).toEqual({ skipNoUid: 1, skipNoStart: 1, skipBadTime: 1, skipTooLong: 1 });
	});

	it('keeps script, markup and javascript: links out of every text', () => {
		const [e] = parse('xss').events;
		expect(e!.title).toBe('Sommerfest');
		expect(e!.location).toBe('Festwiese');
		expect(e!.link).toBe('');
		const html = renderMarkdown(e!.description);
		expect(html).not.toMatch(/<script|<img|<a\b|<iframe|href=|onerror=/i);
		// what was written shows as text: no link is made of it
		expect(html).toBe('<p>Kommt alle!<br />[klick](javascript:alert(2)) hier</p>');
	});

	it('turns a description into plain text that markdown shows as written', () => {
		expect(plainDescription('**nicht fett** und [kein](https://link.example)\nzweite Zeile')).toBe('\\*\\*nicht fett\\*\\* und \\[kein\\]\\(https://link\\.example\\)  \nzweite Zeile');
		expect(renderMarkdown(plainDescription('# Keine Überschrift\n- keine Liste <b>fett</b> &amp; gut'))).toBe('<p># Keine Überschrift<br />- keine Liste fett &amp; gut</p>');
		expect(plainDescription('x'.repeat(30_000))).toHaveLength(20_000);
	});
});

describe('a club’s calendar', () => {
	it('keeps the weekly series with its skipped, moved and cancelled dates', () => {
		const { events, skipped } = parse('club');
		const choir = byUid(events, 'chorprobe-2026@kirchenchor.example');
		expect(choir).toMatchObject({ title: 'Chorprobe', allDay: false, startLocal: '2026-03-04T19:30', endLocal: '2026-03-04T21:00', rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=WE;UNTIL=20261216', location: 'Pfarrheim, Kirchplatz 2' });
		expect(choir.exceptions).toEqual([
			{ occurrence: '2026-04-01', kind: 'skip', title: null, startLocal: null, endLocal: null, location: null },
			{ occurrence: '2026-04-15', kind: 'change', title: 'Chorprobe (verlegt)', startLocal: '2026-04-16T18:00', endLocal: '2026-04-16T19:30', location: null },
			{ occurrence: '2026-05-06', kind: 'cancel', title: null, startLocal: null, endLocal: null, location: null }
		]);
		expect(renderMarkdown(choir.description)).toContain('Neue Stimmen sind willkommen!<br />');
		// a single evening with its link; the rule we cannot hold, the doubled UID and the override of a day that is
		// no date of the series are counted
		expect(byUid(events, 'jhv-2026@kirchenchor.example')).toMatchObject({ title: 'Jahreshauptversammlung', startLocal: '2026-03-20T19:00', endLocal: '2026-03-20T22:00', rrule: '', link: 'https://kirchenchor.example/jhv' });
		expect(events).toHaveLength(2);
		expect(skipped).toEqual({ skipRrule: 1, skipDuplicateUid: 1, skipOverride: 1 });
	});
});

describe('the municipality’s waste collection calendar', () => {
	it('takes every all-day date (DTEND is the day after), a two-day one and one by DURATION; leaves out what ended over a year ago', () => {
		const { events, skipped, old } = parse('waste');
		expect(events).toHaveLength(80);
		expect(old).toBe(1);
		expect(skipped).toEqual({});
		expect(events.every((e) => e.allDay && e.rrule === '')).toBe(true);
		expect(new Set(events.map((e) => e.title))).toEqual(new Set(['Restmüll', 'Biotonne', 'Gelbe Tonne', 'Altpapier', 'Schadstoffmobil', 'Weihnachtsbaumabfuhr']));
		expect(byUid(events, 'restmuell-20260106@abfuhr.moehnesee.example')).toMatchObject({ startLocal: '2026-01-06', endLocal: '2026-01-06', startAt: Date.parse('2026-01-05T23:00:00Z') });
		expect(byUid(events, 'schadstoff-2026-05@abfuhr.moehnesee.example')).toMatchObject({ startLocal: '2026-05-08', endLocal: '2026-05-09', location: 'Parkplatz am Rathaus' });
		expect(byUid(events, 'weihnachtsbaum-2026@abfuhr.moehnesee.example')).toMatchObject({ startLocal: '2026-01-10', endLocal: '2026-01-10' });
		expect(events.filter((e) => e.title === 'Restmüll')).toHaveLength(26);
	});
});

describe('times in other zones', () => {
	const { events, skipped } = parse('zones');
	const at = (uid: string) => byUid(events, `${uid}@zones.example`);

	it('puts New York and UTC times on the Berlin wall clock, on both sides of the switches', () => {
		// 12:00 in New York: 18:00 in Berlin in winter, 17:00 in the weeks when only America has switched
		expect(at('ny-before')).toMatchObject({ startLocal: '2026-03-01T18:00', endLocal: '2026-03-01T19:00' });
		expect(at('ny-between')).toMatchObject({ startLocal: '2026-03-10T17:00', endLocal: '2026-03-10T18:00' });
		// 23:00 UTC: midnight in Berlin before the switch, 01:00 after it
		expect(at('utc-before')).toMatchObject({ startLocal: '2026-03-29T00:00', startAt: Date.parse('2026-03-28T23:00:00Z') });
		expect(at('utc-after')).toMatchObject({ startLocal: '2026-03-30T01:00', startAt: Date.parse('2026-03-29T23:00:00Z') });
		// a zone named the Windows way, read from the file's own VTIMEZONE
		expect(at('windows')).toMatchObject({ startLocal: '2026-07-01T10:00', startAt: Date.parse('2026-07-01T08:00:00Z') });
		// a floating time is the village's own; 02:30 on the switch day does not exist and is 03:30
		expect(at('floating')).toMatchObject({ startLocal: '2026-03-29T03:30' });
	});

	it('keeps a series whose zone switches with Berlin, at its time on both sides of the switch', () => {
		expect(at('paris-weekly')).toMatchObject({ startLocal: '2026-03-17T19:00', rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=5' });
		expect(at('london-weekly')).toMatchObject({ startLocal: '2026-03-17T20:00', rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=5' });
		// our expansion gives the same instants as ical.js reading the source file
		const ours = expand(at('paris-weekly'), Date.parse('2026-01-01'), Date.parse('2027-01-01')).map((s) => s.start);
		const source = new ICAL.Component(ICAL.parse(fixture('zones'))).getAllSubcomponents('vevent').find((c) => c.getFirstPropertyValue('uid') === 'paris-weekly@zones.example')!;
		const it = new ICAL.Event(source).iterator();
		const theirs: number[] = [];
		for (let next = it.next(); next; next = it.next()) {
			const wall = Date.UTC(next.year, next.month - 1, next.day, next.hour, next.minute);
			// Paris and Berlin share the clock: the wall time read in Berlin is the instant
			theirs.push(wall - (next.month > 3 || (next.month === 3 && next.day >= 29) ? 2 : 1) * 3_600_000);
		}
		expect(ours).toEqual(theirs);
		expect(ours.map((s) => new Date(s).toISOString().slice(11, 16))).toEqual(['18:00', '18:00', '17:00', '17:00', '17:00']);
	});

	it('leaves out series that would drift against Berlin (New York, UTC) or change their weekday, and unknown zones', () => {
		for (const uid of ['ny-weekly', 'utc-weekly', 'london-late', 'mars']) expect(events.some((e) => e.uid === `${uid}@zones.example`), uid).toBe(false);
		expect(skipped).toEqual({ skipZoneRrule: 3, skipZone: 1 });
	});
});

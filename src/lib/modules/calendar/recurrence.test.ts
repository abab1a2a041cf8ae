import { describe, expect, it } from 'vitest';
import { expand, formatRule, isOccurrence, parseRule, ruleForICalendar, seriesEnd, type Rule } from './recurrence.ts';
import { addDays, parseLocal, todayInBerlin, utcToWall, wallToUtc } from './time.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const range = (from: string, to: string) => [Date.parse(from), Date.parse(to)] as const;

describe('wall clock in Europe/Berlin', () => {
	it('refuses values that are not real dates or times', () => {
		for (const v of ['2026-02-30', '2026-13-01', '2026-12-08T24:00', '2026-12-08T19:60', '2026-12-8', '08.12.2026', '2026-12-08T19:00:00', '', 'constructor']) {
			expect(parseLocal(v), v).toBeNull();
		}
		expect(parseLocal('2028-02-29')).not.toBeNull();
	});

	it('reads winter and summer times with their offsets', () => {
		expect(iso(wallToUtc(parseLocal('2026-12-08T19:00')!))).toBe('2026-12-08T18:00:00.000Z');
		expect(iso(wallToUtc(parseLocal('2026-07-08T19:00')!))).toBe('2026-07-08T17:00:00.000Z');
	});

	it('reads a time in the skipped spring hour with the offset before the switch (RFC 5545 3.3.5)', () => {
		// 29 March 2026: 02:00 CET becomes 03:00 CEST; 02:30 does not exist and means 03:30 summer time
		expect(iso(wallToUtc(parseLocal('2026-03-29T02:30')!))).toBe('2026-03-29T01:30:00.000Z');
		expect(iso(utcToWall(Date.parse('2026-03-29T01:30:00Z')))).toBe('2026-03-29T03:30:00.000Z');
	});

	it('reads a time in the repeated autumn hour as the first of the two', () => {
		// 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens twice
		expect(iso(wallToUtc(parseLocal('2026-10-25T02:30')!))).toBe('2026-10-25T00:30:00.000Z');
	});

	it('knows today in Berlin, also just after midnight local time', () => {
		expect(todayInBerlin(Date.parse('2026-12-07T23:30:00Z'))).toBe('2026-12-08');
		expect(todayInBerlin(Date.parse('2026-07-07T22:30:00Z'))).toBe('2026-07-08');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
	});
});

describe('rules', () => {
	it('refuses what a village calendar does not need, and nonsense', () => {
		for (const bad of ['', 'FREQ=HOURLY', 'FREQ=MINUTELY', 'FREQ=WEEKLY;BYHOUR=9,10', 'FREQ=WEEKLY;BYDAY=XX', 'FREQ=WEEKLY;BYDAY=2TU', 'FREQ=MONTHLY;BYMONTHDAY=0', 'FREQ=MONTHLY;BYMONTHDAY=32', 'INTERVAL=2', 'FREQ=DAILY;INTERVAL=0', 'FREQ=DAILY;COUNT=1001', 'FREQ=DAILY;UNTIL=20260230', 'FREQ=DAILY;FREQ=WEEKLY', 'FREQ=DAILY;constructor=1', 'FREQ=DAILY;__proto__=1', 'FREQ=YEARLY;BYMONTH=13', 'FREQ=DAILY;WKST=SU', 'FREQ', 'FREQ=DAILY;' + 'X'.repeat(400)]) {
			expect(parseRule(bad), bad).toBe('errRrule');
		}
		expect(parseRule('FREQ=DAILY;COUNT=3;UNTIL=20270101')).toBe('errRruleCountUntil');
	});

	it('reads and writes the canonical form', () => {
		const r = parseRule('RRULE:freq=monthly;byday=+2tu;until=20271231') as Rule;
		expect(r).toMatchObject({ freq: 'MONTHLY', byDay: ['2TU'], until: '2027-12-31' });
		expect(formatRule(r)).toBe('FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU;UNTIL=20271231');
		// a UTC end (as imported calendars write it) is the local day it falls on
		expect((parseRule('FREQ=DAILY;UNTIL=20271231T230000Z') as Rule).until).toBe('2028-01-01');
		expect((parseRule('FREQ=DAILY;UNTIL=20271231T220000Z') as Rule).until).toBe('2027-12-31');
	});

	it('writes UNTIL for iCalendar as the end of the last local day in UTC, or as a date all day', () => {
		const r = parseRule('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270706') as Rule;
		expect(ruleForICalendar(r, false)).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;UNTIL=20270706T215959Z');
		expect(ruleForICalendar(r, true)).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;UNTIL=20270706');
	});
});

describe('expansion', () => {
	const weekly = { startLocal: '2026-03-17T19:00', endLocal: '2026-03-17T21:00', allDay: false, rrule: 'FREQ=WEEKLY;BYDAY=TU' };

	it('keeps a weekly evening at 19:00 local time across the spring switch', () => {
		const [from, to] = range('2026-03-16T00:00:00Z', '2026-04-08T00:00:00Z');
		const got = expand(weekly, from, to).map((s) => iso(s.start));
		expect(got).toEqual(['2026-03-17T18:00:00.000Z', '2026-03-24T18:00:00.000Z', '2026-03-31T17:00:00.000Z', '2026-04-07T17:00:00.000Z']);
	});

	it('gives the first `limit` occurrences inside the range, not the first ones of the series or of the margin', () => {
		const daily = { startLocal: '2026-01-01T08:00', endLocal: '2026-01-01T09:00', allDay: false, rrule: 'FREQ=DAILY' };
		const [from, to] = range('2026-06-10T07:30:00Z', '2027-06-10T00:00:00Z');
		// 10 June 08:00 Berlin is 06:00 UTC, before `from`: the first three start on 11, 12 and 13 June
		expect(expand(daily, from, to, 3).map((s) => s.key)).toEqual(['2026-06-11', '2026-06-12', '2026-06-13']);
		expect(expand(daily, from, to)).toHaveLength(364);
	});

	it('keeps it across the autumn switch, and lasts two hours on the switch day', () => {
		const daily = { startLocal: '2026-10-24T01:30', endLocal: '2026-10-24T03:30', allDay: false, rrule: 'FREQ=DAILY;COUNT=3' };
		const got = expand(daily, ...range('2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'));
		expect(got.map((s) => s.key)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
		// on 25 October the wall clock 01:30–03:30 covers three real hours (02:00–03:00 happens twice)
		expect(got.map((s) => (s.end - s.start) / 3_600_000)).toEqual([2, 3, 2]);
		expect(iso(got[1]!.start)).toBe('2026-10-24T23:30:00.000Z');
	});

	it('expands "every second Tuesday of the month" with an end date', () => {
		const s = { startLocal: '2026-01-13T07:00', endLocal: '2026-01-13T08:00', allDay: false, rrule: 'FREQ=MONTHLY;BYDAY=2TU;UNTIL=20260630' };
		const got = expand(s, ...range('2025-12-01T00:00:00Z', '2027-01-01T00:00:00Z')).map((x) => x.key);
		expect(got).toEqual(['2026-01-13', '2026-02-10', '2026-03-10', '2026-04-14', '2026-05-12', '2026-06-09']);
		expect(iso(seriesEnd(s)!)).toBe('2026-06-09T06:00:00.000Z');
	});

	it('expands monthly by date, yearly, and an interval', () => {
		const monthly = { startLocal: '2026-01-31', endLocal: '2026-01-31', allDay: true, rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3' };
		expect(expand(monthly, ...range('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).map((x) => x.key)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
		const yearly = { startLocal: '2026-06-20', endLocal: '2026-06-22', allDay: true, rrule: 'FREQ=YEARLY' };
		expect(expand(yearly, ...range('2026-01-01T00:00:00Z', '2029-01-01T00:00:00Z')).map((x) => x.key)).toEqual(['2026-06-20', '2027-06-20', '2028-06-20']);
		const fortnightly = { ...weekly, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=4' };
		expect(expand(fortnightly, ...range('2026-03-01T00:00:00Z', '2026-06-01T00:00:00Z')).map((x) => x.key)).toEqual(['2026-03-17', '2026-03-19', '2026-03-31', '2026-04-02']);
	});

	it('gives an all-day event the whole local days, also over a switch', () => {
		const fest = { startLocal: '2026-03-28', endLocal: '2026-03-29', allDay: true, rrule: '' };
		const [only] = expand(fest, ...range('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'));
		expect(iso(only!.start)).toBe('2026-03-27T23:00:00.000Z');
		expect(iso(only!.end)).toBe('2026-03-29T22:00:00.000Z');
	});

	it('finds an occurrence that overlaps the start of the range, and none outside it', () => {
		const late = { startLocal: '2026-12-08T23:00', endLocal: '2026-12-09T02:00', allDay: false, rrule: '' };
		expect(expand(late, ...range('2026-12-09T00:00:00Z', '2026-12-10T00:00:00Z'))).toHaveLength(1);
		expect(expand(late, ...range('2026-12-09T01:00:00Z', '2026-12-10T00:00:00Z'))).toHaveLength(0);
		expect(expand(weekly, ...range('2026-01-01T00:00:00Z', '2026-03-17T18:00:00Z'))).toHaveLength(0);
	});

	it('says whether a day is an occurrence, and when a series ends', () => {
		expect(isOccurrence(weekly, '2026-03-24')).toBe(true);
		expect(isOccurrence(weekly, '2026-03-25')).toBe(false);
		expect(isOccurrence(weekly, '2026-03-10')).toBe(false);
		expect(isOccurrence(weekly, 'constructor')).toBe(false);
		expect(seriesEnd(weekly)).toBeNull();
		expect(iso(seriesEnd({ ...weekly, rrule: 'FREQ=WEEKLY;COUNT=3' })!)).toBe('2026-03-31T19:00:00.000Z');
		expect(iso(seriesEnd({ ...weekly, rrule: '' })!)).toBe('2026-03-17T20:00:00.000Z');
	});

	it('stops at the limit', () => {
		const daily = { ...weekly, rrule: 'FREQ=DAILY' };
		expect(expand(daily, ...range('2026-01-01T00:00:00Z', '2036-01-01T00:00:00Z'), 50)).toHaveLength(50);
	});
});

describe('utcToWall: the Berlin wall clock, remembered per hour', () => {
	const intl = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
	const reference = (utc: number) => {
		const p = Object.fromEntries(intl.formatToParts(new Date(utc)).map((x) => [x.type, Number(x.value)]));
		return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (utc % 1000 + 1000) % 1000;
	};
	it('agrees with Intl at every instant it is asked, across both switches of two years and in odd seconds', () => {
		const from = Date.UTC(2026, 0, 1);
		// every 7 minutes 13.5 seconds for two years, and densely around the switches (01:00 UTC on the last Sundays)
		const instants: number[] = [];
		for (let t = from; t < Date.UTC(2028, 0, 1); t += 433_500) instants.push(t);
		for (const sw of [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2027, 2, 28, 1), Date.UTC(2027, 9, 31, 1)]) {
			for (let t = sw - 7_200_000; t <= sw + 7_200_000; t += 59_999) instants.push(t);
		}
		const wrong = instants.filter((t) => utcToWall(t) !== reference(t));
		expect(wrong.map((t) => new Date(t).toISOString()).slice(0, 5)).toEqual([]);
		// and when asked again (from memory now)
		expect(instants.filter((t) => utcToWall(t) !== reference(t))).toEqual([]);
	});
});

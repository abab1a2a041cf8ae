// Recurring events (RFC 5545 RRULE, expanded with the rrule library). A rule is kept in a small canonical text
// form, e.g. "FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU;UNTIL=20271231": the parts below and nothing else, UNTIL as the
// last local day (inclusive). Expansion happens on the wall clock (see time.ts), so an event keeps its local
// time across the daylight-saving switches; only the result becomes instants.
// An occurrence also keeps its wall-clock end: on the night of a switch, 01:30–03:30 lasts one hour more or less
// (as ical.js and Thunderbird read it; RFC 5545 3.8.5.3 would keep the exact duration, as node-ical does).
import * as rruleModule from 'rrule';
import { DAY, dayOf, formatLocal, parseLocal, utcToWall, wallToUtc } from './time.ts';

// rrule ships CommonJS to Node and ES modules to bundlers: take its classes from whichever form arrived.
const { RRule, Weekday } = ((rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule) as typeof rruleModule;

export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAYS)[number];

export interface Rule {
	freq: Frequency;
	interval: number;
	/** weekdays, with an optional position in the month or year: "TU", "2TU" (second Tuesday), "-1FR" (last Friday) */
	byDay: string[];
	byMonthDay: number[];
	byMonth: number[];
	count: number | null;
	/** the last day of the series (local, inclusive) */
	until: string | null;
}

export const MAX_COUNT = 1000;
/** how far one occurrence of a series may be moved from its planned day */
export const MAX_MOVE_DAYS = 31;
const BYDAY = /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/;

/** Why a rule text was refused: the key of a message in messages.ts */
export type RuleError = 'errRrule' | 'errRruleCountUntil';

/**
 * Reads a rule ("FREQ=WEEKLY;BYDAY=TU", with or without "RRULE:"). Only what a village calendar needs is
 * accepted: a frequency, an interval, weekdays (with a position for monthly and yearly rules), days of the month,
 * months, and an end by count or by date. Rules that multiply occurrences within a day (BYHOUR …) are refused.
 */
export function parseRule(text: string): Rule | RuleError {
	const body = text.trim().replace(/^RRULE:/i, '');
	if (!body || body.length > 300) return 'errRrule';
	const rule: Rule = { freq: 'DAILY', interval: 1, byDay: [], byMonthDay: [], byMonth: [], count: null, until: null };
	const seen = new Set<string>();
	let freq: Frequency | null = null;
	for (const part of body.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 1) return 'errRrule';
		const key = part.slice(0, eq).toUpperCase();
		const value = part.slice(eq + 1).toUpperCase();
		if (seen.has(key) || !value) return 'errRrule';
		seen.add(key);
		const list = value.split(',');
		const ints = list.map((v) => (/^[+-]?\d{1,4}$/.test(v) ? Number(v) : NaN));
		switch (key) {
			case 'FREQ':
				if (!(FREQUENCIES as readonly string[]).includes(value)) return 'errRrule';
				freq = value as Frequency;
				break;
			case 'INTERVAL':
				if (!/^\d{1,2}$/.test(value) || Number(value) < 1) return 'errRrule';
				rule.interval = Number(value);
				break;
			case 'BYDAY':
				if (list.length > 7 || !list.every((d) => BYDAY.test(d)) || new Set(list).size !== list.length) return 'errRrule';
				rule.byDay = list.map((d) => d.replace(/^\+/, ''));
				break;
			case 'BYMONTHDAY':
				if (list.length > 31 || ints.some((n) => !Number.isInteger(n) || n === 0 || n < -31 || n > 31)) return 'errRrule';
				rule.byMonthDay = ints;
				break;
			case 'BYMONTH':
				if (list.length > 12 || ints.some((n) => !Number.isInteger(n) || n < 1 || n > 12)) return 'errRrule';
				rule.byMonth = ints;
				break;
			case 'COUNT':
				if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_COUNT) return 'errRrule';
				rule.count = Number(value);
				break;
			case 'UNTIL': {
				// a date, a floating date-time or a UTC date-time; the series ends on that (local) day
				const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
				const day = m && parseLocal(`${m[1]}-${m[2]}-${m[3]}`);
				if (!m || day === null) return 'errRrule';
				rule.until = m[7] ? dayOf(utcToWall(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!))) : dayOf(day!);
				break;
			}
			case 'WKST':
				if (value !== 'MO') return 'errRrule';
				break;
			default:
				return 'errRrule';
		}
	}
	if (!freq) return 'errRrule';
	rule.freq = freq;
	if (rule.count !== null && rule.until !== null) return 'errRruleCountUntil';
	// A position ("2TU") only makes sense within a month or a year.
	if (rule.byDay.some((d) => /\d/.test(d)) && freq !== 'MONTHLY' && freq !== 'YEARLY') return 'errRrule';
	return rule;
}

/** The canonical text of a rule (what is stored and what the API returns). */
export function formatRule(rule: Rule): string {
	const parts = [`FREQ=${rule.freq}`, `INTERVAL=${rule.interval}`];
	if (rule.byDay.length) parts.push(`BYDAY=${rule.byDay.join(',')}`);
	if (rule.byMonthDay.length) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
	if (rule.byMonth.length) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
	if (rule.count !== null) parts.push(`COUNT=${rule.count}`);
	if (rule.until !== null) parts.push(`UNTIL=${rule.until.replaceAll('-', '')}`);
	return parts.join(';');
}

/** The rule for an iCalendar file: UNTIL as the end of the last day in UTC, or as a date for all-day events. */
export function ruleForICalendar(rule: Rule, allDay: boolean): string {
	const text = formatRule({ ...rule, until: null });
	if (rule.until === null) return text;
	if (allDay) return `${text};UNTIL=${rule.until.replaceAll('-', '')}`;
	const end = wallToUtc(parseLocal(rule.until)! + DAY - 1000);
	return `${text};UNTIL=${new Date(end).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

function toRRule(rule: Rule, startWall: number) {
	const byweekday = rule.byDay.map((d) => {
		const m = BYDAY.exec(d)!;
		const day = WEEKDAYS.indexOf(m[2] as WeekdayCode);
		return m[1] ? new Weekday(day, Number(m[1])) : new Weekday(day);
	});
	return new RRule({
		freq: RRule[rule.freq],
		interval: rule.interval,
		byweekday: byweekday.length ? byweekday : null,
		bymonthday: rule.byMonthDay.length ? rule.byMonthDay : null,
		bymonth: rule.byMonth.length ? rule.byMonth : null,
		count: rule.count,
		until: rule.until === null ? null : new Date(parseLocal(rule.until)! + DAY - 1000),
		dtstart: new Date(startWall),
		wkst: RRule.MO
	});
}

/** What an event needs for expansion. */
export interface Series {
	startLocal: string;
	endLocal: string;
	allDay: boolean;
	rrule: string;
}

/** One occurrence: its key (the local day it was planned for) and its times. */
export interface Slot {
	/** the day this occurrence was planned for ("2026-12-08"): the key of exceptions and RSVPs */
	key: string;
	startWall: number;
	endWall: number;
	start: number;
	end: number;
}

/** The instants of a wall-clock span; an all-day event lasts from the first day's midnight to the day after the last. */
export function slot(key: string, startWall: number, endWall: number, allDay: boolean): Slot {
	if (allDay) return { key, startWall, endWall, start: wallToUtc(startWall), end: wallToUtc(endWall + DAY) };
	return { key, startWall, endWall, start: wallToUtc(startWall), end: wallToUtc(endWall) };
}

/** The slot of stored local values (a moved occurrence). */
export function slotOf(key: string, startLocal: string, endLocal: string, allDay: boolean): Slot {
	return slot(key, parseLocal(startLocal)!, parseLocal(endLocal)!, allDay);
}

/**
 * The occurrences of a series that overlap [from, to) (instants), in order, at most `limit`. A series without
 * a rule has one occurrence. Exceptions are not applied here (see occurrences.ts).
 */
export function expand(series: Series, from: number, to: number, limit = 2000): Slot[] {
	const startWall = parseLocal(series.startLocal)!;
	const endWall = parseLocal(series.endLocal)!;
	const span = endWall - startWall;
	const first = slot(dayOf(startWall), startWall, endWall, series.allDay);
	const parsed = series.rrule ? parseRule(series.rrule) : null;
	if (!parsed || typeof parsed === 'string') return first.end > from && first.start < to ? [first] : [];
	// Search the wall clock with a margin of two days on either side (offsets and the span), then keep exact overlaps.
	const margin = 2 * DAY + span;
	// rrule stops as soon as `limit` occurrences are found (the home screen's next three of a daily series must not
	// compute the whole year that the widget looks ahead)
	const out: Slot[] = [];
	toRRule(parsed, startWall).between(new Date(from - margin), new Date(to + 2 * DAY), true, (d) => {
		const w = d.getTime();
		const s = slot(dayOf(w), w, w + span, series.allDay);
		if (s.end > from && s.start < to) out.push(s);
		return out.length < limit;
	});
	return out;
}

/** When the last occurrence of a series ends (an instant), or null when it never ends. */
export function seriesEnd(series: Series): number | null {
	const startWall = parseLocal(series.startLocal)!;
	const endWall = parseLocal(series.endLocal)!;
	const parsed = series.rrule ? parseRule(series.rrule) : null;
	if (!parsed || typeof parsed === 'string') return slot('', startWall, endWall, series.allDay).end;
	if (parsed.count === null && parsed.until === null) return null;
	const r = toRRule(parsed, startWall);
	const all = parsed.count !== null ? r.all() : [r.before(new Date(parseLocal(parsed.until!)! + DAY), true)].filter((d): d is Date => !!d);
	const last = all.at(-1)?.getTime() ?? startWall;
	return slot('', last, last + (endWall - startWall), series.allDay).end;
}

/** True when `key` (a local day) is a planned occurrence of the series. */
export function isOccurrence(series: Series, key: string): boolean {
	const day = parseLocal(key);
	if (day === null || key.length !== 10) return false;
	return expand(series, wallToUtc(day - DAY), wallToUtc(day + 2 * DAY)).some((s) => s.key === key);
}

export { formatLocal };

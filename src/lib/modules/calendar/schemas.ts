import { z } from 'zod';
import { text } from './messages.ts';
import { formatRule, parseRule, WEEKDAYS } from './recurrence.ts';
import { addDays, dayOf, formatLocal, parseLocal, todayInBerlin, utcToWall } from './time.ts';

const id = z.string().min(1).max(64);

/** A comma list in a setting ("Feste, Sport, Kirche"): trimmed, empty entries dropped, each once. */
export function listSetting(value: string): string[] {
	return [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
}

export const settingsSchema = z.object({
	title: z.string().trim().min(1).max(60).default('Veranstaltungen').meta({ label: text.settingTitle }),
	categories: z
		.string()
		.trim()
		.max(1000)
		.default('Feste, Sport, Kirche, Vereine, Müllabfuhr')
		.refine((v) => listSetting(v).length <= 30 && listSetting(v).every((c) => c.length <= 40), 'errCategories')
		.meta({ label: text.settingCategories }),
	widgetCount: z.coerce.number().int().min(1).max(12).default(4).meta({ label: text.settingWidgetCount }),
	widgetCategories: z.string().trim().max(1000).default('').meta({ label: text.settingWidgetCategories }),
	allowSuggestions: z.boolean().default(true).meta({ label: text.settingAllowSuggestions }),
	rsvp: z.boolean().default(true).meta({ label: text.settingRsvp }),
	importEveryHours: z.coerce.number().int().min(1).max(168).default(6).meta({ label: text.settingImportEveryHours })
});
export type Settings = z.infer<typeof settingsSchema>;

/** A web address (http or https with a host); javascript:, data:, file: and the like are not. */
export function isWebUrl(value: string): boolean {
	try {
		const u = new URL(value);
		return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname;
	} catch {
		return false;
	}
}

// Only web addresses: javascript:, data:, file: and the like are refused.
const httpUrl = z.string().trim().max(2000).refine(isWebUrl, 'errUrl');

/** "on" from a checkbox, or a JSON boolean; a missing checkbox is false. */
const flag = z
	.union([z.boolean(), z.enum(['on', 'true', 'false', '1', '0'])])
	.optional()
	.transform((v) => v === true || v === 'on' || v === 'true' || v === '1');

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => v ?? '');
const optionalId = id.optional().transform((v) => v || null);

/**
 * A point in time as the API and the forms send it: "2026-12-08T19:00" (Berlin wall clock, seconds allowed),
 * or with an offset or Z ("2026-12-08T18:00:00Z", turned into Berlin time), or a date for all-day events.
 */
function toLocal(value: string): string | null {
	const v = value.trim();
	if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return parseLocal(v) === null ? null : v;
	const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.exec(v);
	if (!m) return null;
	if (parseLocal(m[1]!) === null) return null;
	if (!m[3]) return m[1]!;
	const utc = Date.parse(v);
	return Number.isNaN(utc) ? null : formatLocal(utcToWall(utc));
}

const coordinate = (max: number) =>
	z
		.union([z.number(), z.string().trim().max(20)])
		.optional()
		.transform((v, ctx) => {
			if (v === undefined || v === '') return null;
			const n = typeof v === 'number' ? v : Number(v.replace(',', '.'));
			if (!Number.isFinite(n) || Math.abs(n) > max) {
				ctx.addIssue({ code: 'custom', message: 'errCoordinates' });
				return z.NEVER;
			}
			return n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
		});

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const REPEATS = ['none', 'daily', 'weekly', 'monthlyDate', 'monthlyWeekday', 'yearly'] as const;

/**
 * The fields of an event, from the page's form (startDate/startTime …, the repeat fields) or from JSON
 * (start, end, allDay, rrule). Both become one shape: local start and end, and a canonical rule ('' for none).
 */
const eventObject = z.object({
		title: z.string().trim().min(1).max(200),
		description: optionalText(20_000),
		allDay: flag,
		start: z.string().max(40).optional(),
		end: z.string().max(40).optional(),
		startDate: z.string().max(20).optional(),
		startTime: z.string().max(10).optional(),
		endDate: z.string().max(20).optional(),
		endTime: z.string().max(10).optional(),
		rrule: z.string().max(300).optional(),
		repeat: z.enum(REPEATS).optional(),
		interval: z.coerce.number().int().min(1).max(99).optional(),
		...Object.fromEntries(WEEKDAYS.map((d) => [`day${d}`, flag])),
		repeatEnd: z.enum(['never', 'count', 'until']).optional(),
		count: z.coerce.number().int().min(1).max(1000).optional(),
		until: z.string().max(20).optional(),
		location: optionalText(300),
		latitude: coordinate(90),
		longitude: coordinate(180),
		category: optionalText(40),
		clubId: optionalId,
		link: z.union([httpUrl, z.literal('')]).optional().transform((v) => v ?? ''),
		imageId: optionalId,
		imageAlt: optionalText(300),
		rsvpLimit: z.union([z.literal(''), z.coerce.number().int().min(1).max(100_000)]).optional().transform((v) => (v === '' || v === undefined ? null : v))
	});

function normalizeEvent(v: z.output<typeof eventObject>, ctx: z.RefinementCtx) {
		const fail = (path: string, message: string) => {
			ctx.addIssue({ code: 'custom', path: [path], message });
			return z.NEVER;
		};
		// the form: date and time fields; no time means all day
		let start = v.start;
		let end = v.end;
		let allDay = v.allDay;
		if (v.startDate !== undefined) {
			if (parseLocal(v.startDate.trim()) === null || v.startDate.trim().length !== 10) return fail('startDate', 'errDate');
			const time = (v.startTime ?? '').trim();
			if (time && !TIME.test(time)) return fail('startTime', 'errTime');
			allDay = allDay || !time;
			start = allDay ? v.startDate.trim() : `${v.startDate.trim()}T${time}`;
			const endDate = (v.endDate ?? '').trim() || v.startDate.trim();
			if (parseLocal(endDate) === null || endDate.length !== 10) return fail('endDate', 'errDate');
			const endTime = (v.endTime ?? '').trim();
			if (endTime && !TIME.test(endTime)) return fail('endTime', 'errTime');
			end = allDay ? endDate : endTime ? `${endDate}T${endTime}` : undefined;
		}
		if (start === undefined || start.trim() === '') return fail(v.startDate !== undefined ? 'startDate' : 'start', 'err_required');
		let startLocal = toLocal(start);
		if (startLocal === null) return fail(v.startDate !== undefined ? 'startDate' : 'start', allDay ? 'errDate' : 'errDateTime');
		// an all-day event has days; a date alone means all day
		if (startLocal.length === 10) allDay = true;
		if (allDay) startLocal = startLocal.slice(0, 10);
		let endLocal = end?.trim() ? toLocal(end) : null;
		if (end?.trim() && endLocal === null) return fail(v.endDate !== undefined ? 'endDate' : 'end', allDay ? 'errDate' : 'errDateTime');
		if (allDay) endLocal = (endLocal ?? startLocal).slice(0, 10);
		else if (endLocal === null) endLocal = formatLocal(parseLocal(startLocal)! + 3_600_000);
		else if (endLocal.length === 10) return fail(v.endDate !== undefined ? 'endTime' : 'end', 'errDateTime');
		const s = parseLocal(startLocal)!;
		const e = parseLocal(endLocal)!;
		// the form: the field the person set the end with (a later date, or a time on the same day)
		const sameDayEnd = !(v.endDate ?? '').trim() || v.endDate?.trim() === v.startDate?.trim();
		const endField = v.startDate === undefined ? 'end' : sameDayEnd && (v.endTime ?? '').trim() ? 'endTime' : 'endDate';
		if (e < s) return fail(endField, 'errEndBeforeStart');
		if (e - s > 31 * 86_400_000) return fail(endField, 'errTooLong');

		// the recurrence: a rule text (API), or the form's repeat fields
		let rrule = '';
		if (v.rrule?.trim()) {
			const parsed = parseRule(v.rrule);
			if (typeof parsed === 'string') return fail('rrule', parsed);
			rrule = formatRule(parsed);
		} else if (v.repeat && v.repeat !== 'none') {
			const weekday = WEEKDAYS[(new Date(s).getUTCDay() + 6) % 7]!;
			const nth = Math.ceil(new Date(s).getUTCDate() / 7);
			const days = WEEKDAYS.filter((d) => (v as Record<string, unknown>)[`day${d}`] === true);
			const parts: string[] = [];
			if (v.repeat === 'daily') parts.push('FREQ=DAILY');
			if (v.repeat === 'weekly') parts.push('FREQ=WEEKLY', `BYDAY=${(days.length ? days : [weekday]).join(',')}`);
			if (v.repeat === 'monthlyDate') parts.push('FREQ=MONTHLY', `BYMONTHDAY=${new Date(s).getUTCDate()}`);
			if (v.repeat === 'monthlyWeekday') parts.push('FREQ=MONTHLY', `BYDAY=${nth === 5 ? -1 : nth}${weekday}`);
			if (v.repeat === 'yearly') parts.push('FREQ=YEARLY');
			parts.push(`INTERVAL=${v.interval ?? 1}`);
			if (v.repeatEnd === 'count') {
				if (v.count === undefined) return fail('count', 'err_required');
				parts.push(`COUNT=${v.count}`);
			}
			if (v.repeatEnd === 'until') {
				const until = (v.until ?? '').trim();
				if (parseLocal(until) === null || until.length !== 10) return fail('until', 'errDate');
				if (parseLocal(until)! < parseLocal(dayOf(s))!) return fail('until', 'errEndBeforeStart');
				parts.push(`UNTIL=${until.replaceAll('-', '')}`);
			}
			const parsed = parseRule(parts.join(';'));
			if (typeof parsed === 'string') return fail('repeat', parsed);
			rrule = formatRule(parsed);
		}
		if ((v.latitude === null) !== (v.longitude === null)) return fail(v.latitude === null ? 'latitude' : 'longitude', 'errCoordinates');
		return {
			title: v.title,
			description: v.description,
			allDay,
			startLocal,
			endLocal,
			rrule,
			location: v.location,
			latitude: v.latitude,
			longitude: v.longitude,
			category: v.category,
			clubId: v.clubId,
			link: v.link,
			imageId: v.imageId,
			imageAlt: v.imageAlt,
			rsvpLimit: v.rsvpLimit
		};
}

export const eventSchema = eventObject.transform(normalizeEvent);
export type EventInput = Exclude<ReturnType<typeof normalizeEvent>, typeof z.NEVER>;
/** the whole series; without a new image the old one stays unless removeImage is set */
export const updateEventSchema = eventObject.extend({ eventId: id, removeImage: flag }).transform((v, ctx) => {
	const event = normalizeEvent(v, ctx);
	return { ...event, eventId: v.eventId, removeImage: v.removeImage };
});
export const eventIdSchema = z.object({ eventId: id });
export const cancelSchema = z.object({ eventId: id, cancelled: flag });

const day = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'errDate').refine((v) => parseLocal(v) !== null, 'errDate');

/** One date of a series: skip it, cancel it, change it, or make it like the series again. */
export const occurrenceSchema = z.object({
	eventId: id,
	occurrence: day,
	kind: z.enum(['skip', 'cancel', 'change', 'restore']),
	title: z.string().trim().max(200).optional().transform((v) => v || null),
	start: z.string().max(40).optional(),
	end: z.string().max(40).optional(),
	location: z.string().trim().max(300).optional().transform((v) => v || null),
	note: optionalText(300)
});
export { toLocal };

export const rsvpSchema = z.object({ eventId: id, occurrence: day, going: flag });
export const rejectSchema = z.object({ eventId: id, reason: optionalText(500) });

/** The query of the event list (API): a range of at most 400 days, filters. */
export const rangeQuery = z
	.object({
		from: day.optional(),
		to: day.optional(),
		category: z.string().max(40).optional(),
		club: z.string().max(64).optional()
	})
	.transform((v, ctx) => {
		const from = v.from ?? todayInBerlin();
		const to = v.to ?? addDays(from, 60);
		const span = parseLocal(to)! - parseLocal(from)!;
		if (span <= 0 || span > 400 * 86_400_000) {
			ctx.addIssue({ code: 'custom', path: ['to'], message: 'errRange' });
			return z.NEVER;
		}
		return { ...v, from, to };
	});

// What the JSON API answers (documented in OpenAPI).
export const occurrenceOutput = z
	.object({
		eventId: z.string(),
		occurrence: z.string().describe('the day this date was planned for; names it with eventId'),
		title: z.string(),
		allDay: z.boolean(),
		start: z.string().describe('ISO 8601 with offset, or a date when allDay'),
		end: z.string().describe('ISO 8601 with offset, or the last day (inclusive) when allDay'),
		location: z.string(),
		category: z.string(),
		clubId: z.string().nullable(),
		cancelled: z.boolean(),
		changed: z.boolean(),
		recurring: z.boolean(),
		url: z.string()
	})
	.meta({ id: 'CalendarOccurrence' });
export const occurrencesOutput = z.object({ from: z.string(), to: z.string(), occurrences: z.array(occurrenceOutput) }).meta({ id: 'CalendarOccurrences' });
export const eventOutput = z
	.object({
		id: z.string(),
		uid: z.string(),
		title: z.string(),
		description: z.string(),
		allDay: z.boolean(),
		start: z.string(),
		end: z.string(),
		rrule: z.string(),
		location: z.string(),
		latitude: z.string().nullable(),
		longitude: z.string().nullable(),
		category: z.string(),
		clubId: z.string().nullable(),
		link: z.string(),
		cancelled: z.boolean(),
		next: z.array(occurrenceOutput)
	})
	.meta({ id: 'CalendarEvent' });
export const createdOutput = z.object({ id: z.string().describe('UUIDv7 of the new event'), status: z.enum(['published', 'suggested']) });

/** The form's repeat fields for a stored rule; `advanced` when the form cannot show it (then the rule text is shown). */
export function ruleToForm(rrule: string, startLocal: string) {
	const none = { repeat: 'none', interval: 1, days: [] as string[], repeatEnd: 'never', count: '', until: '', advanced: false, rrule: '' };
	if (!rrule) return none;
	const r = parseRule(rrule);
	if (typeof r === 'string') return { ...none, advanced: true, rrule };
	const start = new Date(`${startLocal.slice(0, 10)}T12:00:00Z`);
	const weekday = WEEKDAYS[(start.getUTCDay() + 6) % 7]!;
	const plainDays = r.byDay.length > 0 && r.byDay.every((d) => !/\d/.test(d));
	let repeat: string | null = null;
	if (r.freq === 'DAILY' && !r.byDay.length && !r.byMonthDay.length && !r.byMonth.length) repeat = 'daily';
	else if (r.freq === 'WEEKLY' && (plainDays || !r.byDay.length) && !r.byMonthDay.length && !r.byMonth.length) repeat = 'weekly';
	else if (r.freq === 'MONTHLY' && !r.byDay.length && r.byMonthDay.length === 1 && r.byMonthDay[0] === start.getUTCDate() && !r.byMonth.length) repeat = 'monthlyDate';
	else if (r.freq === 'MONTHLY' && r.byDay.length === 1 && r.byDay[0]!.endsWith(weekday) && /\d/.test(r.byDay[0]!) && !r.byMonthDay.length && !r.byMonth.length) repeat = 'monthlyWeekday';
	else if (r.freq === 'YEARLY' && !r.byDay.length && !r.byMonthDay.length && !r.byMonth.length) repeat = 'yearly';
	if (!repeat) return { ...none, advanced: true, rrule };
	return {
		repeat,
		interval: r.interval,
		days: repeat === 'weekly' ? (r.byDay.length ? r.byDay : [weekday]) : [],
		repeatEnd: r.count !== null ? 'count' : r.until !== null ? 'until' : 'never',
		count: r.count !== null ? String(r.count) : '',
		until: r.until ?? '',
		advanced: false,
		rrule: ''
	};
}

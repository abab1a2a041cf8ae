// Calendar imports: another calendar (an iCal address or an uploaded .ics file) taken into a category of the
// village's calendar, de-duplicated by UID. An address is fetched again on a schedule (setting importEveryHours);
// a file is read once, when it is added. Each run merges in one transaction: new UIDs are added, changed ones
// updated (their SEQUENCE goes up, so subscribers see it), UIDs that left the source removed; a UID that already
// belongs to the village's own events or to another import is left alone and counted. A run that cannot fetch or
// read the source keeps the events and records why as the last result of the import, which the editors see.
//
// Imported events are the source's: the event form refuses to change them (the source would undo it on the
// next run). Deleting one is allowed, and it comes back with the next run while the source still has it.
import { z } from 'zod';
import { actionFor, ExternalFetchError, fetchTargetProblem, invalid, missing, newId, type ModuleActionResult, type ModuleContext, type ModuleSchedule } from '../../server/moduleApi.ts';
import { ImportParseError, parseCalendar, type ImportedEvent, type ParsedCalendar, type SkipReason } from './importParse.ts';
import { t, text, type TextKey } from './messages.ts';
import type { CalendarData, CalendarTables, CalendarImportsTable, EventRow } from './queries.ts';
import { isWebUrl, listSetting, type Settings } from './schemas.ts';
import { DAY } from './time.ts';

type Ctx = ModuleContext<Settings, CalendarTables>;
type ImportRow = CalendarImportsTable;
const action = actionFor<Ctx>();
const EDIT = 'calendar.edit';
const HOUR = 3_600_000;
/** the hourly check runs at the full hour: an import whose time comes a few minutes later waits for the next one otherwise */
const SLACK = 10 * 60_000;

/** The last result of an import as stored (JSON in last_message), so each reader sees it in their language. */
interface StoredResult {
	error?: { key: TextKey; status?: number; n?: number };
	skipped?: Partial<Record<SkipReason | 'skipUidTaken', number>>;
	old?: number;
}

export const findImport = (data: CalendarData, id: string) => data.selectFrom('calendarImports').selectAll().where('id', '=', id).executeTakeFirst();

// ---- the merge ------------------------------------------------------------------------------------------------

const chunks = <T>(list: T[], size = 500) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** The exceptions of an event in a comparable form. */
const exceptionKey = (list: { occurrence: string; kind: string; title: string | null; startLocal: string | null; endLocal: string | null; location: string | null }[]) =>
	JSON.stringify([...list].sort((a, b) => a.occurrence.localeCompare(b.occurrence)).map((x) => [x.occurrence, x.kind, x.title, x.startLocal, x.endLocal, x.location]));

function columnsOf(e: ImportedEvent, category: string) {
	return {
		title: e.title,
		description: e.description,
		allDay: e.allDay ? 1 : 0,
		startLocal: e.startLocal,
		endLocal: e.endLocal,
		rrule: e.rrule,
		startAt: e.startAt,
		seriesEndAt: e.seriesEndAt,
		location: e.location,
		link: e.link,
		category,
		cancelled: e.cancelled ? 1 : 0
	};
}

const COMPARED = ['title', 'description', 'allDay', 'startLocal', 'endLocal', 'rrule', 'location', 'link', 'category', 'cancelled'] as const;

/**
 * Merges a parsed calendar into the events of the import (call it inside one transaction) and records the result.
 * Returns the counts.
 */
export async function mergeImport(data: CalendarData, imp: ImportRow, parsed: ParsedCalendar, now = Date.now()) {
	const mine = await data.selectFrom('calendarEvents').selectAll().where('importId', '=', imp.id).execute();
	const byUid = new Map(mine.map((e) => [e.uid, e]));
	const taken = new Set<string>();
	for (const part of chunks(parsed.events.map((e) => e.uid).filter((uid) => !byUid.has(uid)))) {
		const rows = await data.selectFrom('calendarEvents').select(['uid']).where('uid', 'in', part).execute();
		for (const r of rows) taken.add(r.uid);
	}
	const exceptions = new Map<string, { occurrence: string; kind: string; title: string | null; startLocal: string | null; endLocal: string | null; location: string | null }[]>();
	for (const part of chunks(mine.map((e) => e.id))) {
		const rows = await data.selectFrom('calendarExceptions').selectAll().where('eventId', 'in', part).execute();
		for (const x of rows) exceptions.set(x.eventId, [...(exceptions.get(x.eventId) ?? []), x]);
	}

	const skipped: StoredResult['skipped'] = { ...parsed.skipped };
	let added = 0;
	let updated = 0;
	const seen = new Set<string>();
	for (const e of parsed.events) {
		if (taken.has(e.uid)) {
			skipped.skipUidTaken = (skipped.skipUidTaken ?? 0) + 1;
			continue;
		}
		seen.add(e.uid);
		const columns = columnsOf(e, imp.category);
		const existing = byUid.get(e.uid);
		if (!existing) {
			const id = newId();
			await data
				.insertInto('calendarEvents')
				.values({ id, uid: e.uid, sequence: 0, status: 'published', ...columns, latitude: null, longitude: null, clubId: null, imageId: null, imageAlt: '', rsvpLimit: null, createdBy: null, importId: imp.id, createdAt: now, updatedAt: now })
				.execute();
			await writeExceptions(data, id, e, now);
			added++;
			continue;
		}
		const same = COMPARED.every((k) => existing[k] === columns[k]) && exceptionKey(exceptions.get(existing.id) ?? []) === exceptionKey(e.exceptions);
		if (same) continue;
		await data.updateTable('calendarEvents').set({ ...columns, sequence: existing.sequence + 1, updatedAt: now }).where('id', '=', existing.id).execute();
		await data.deleteFrom('calendarExceptions').where('eventId', '=', existing.id).execute();
		await writeExceptions(data, existing.id, e, now);
		updated++;
	}
	// UIDs that left the source (their exceptions and RSVPs go with them: on delete cascade)
	const gone = mine.filter((e) => !seen.has(e.uid)).map((e) => e.id);
	for (const part of chunks(gone)) await data.deleteFrom('calendarEvents').where('id', 'in', part).execute();
	const result: StoredResult = { skipped, old: parsed.old };
	await data
		.updateTable('calendarImports')
		.set({ lastRunAt: now, lastOk: 1, lastMessage: JSON.stringify(result), lastAdded: added, lastUpdated: updated, lastRemoved: gone.length })
		.where('id', '=', imp.id)
		.execute();
	return { added, updated, removed: gone.length };
}

async function writeExceptions(data: CalendarData, eventId: string, e: ImportedEvent, now: number) {
	if (!e.exceptions.length) return;
	await data
		.insertInto('calendarExceptions')
		.values(e.exceptions.map((x) => ({ id: newId(), eventId, occurrence: x.occurrence, kind: x.kind, title: x.title, startLocal: x.startLocal, endLocal: x.endLocal, location: x.location, note: '', updatedAt: now })))
		.execute();
}

/** A failed run: the events stay; the reason becomes the last result. */
async function recordFailure(data: CalendarData, importId: string, error: NonNullable<StoredResult['error']>, now: number) {
	await data
		.updateTable('calendarImports')
		.set({ lastRunAt: now, lastOk: 0, lastMessage: JSON.stringify({ error } satisfies StoredResult), lastAdded: 0, lastUpdated: 0, lastRemoved: 0 })
		.where('id', '=', importId)
		.execute();
}

/** Why reading or fetching failed, as a stored result; null for errors that are bugs (they are thrown on). */
function failureOf(e: unknown): StoredResult['error'] | null {
	if (e instanceof ExternalFetchError) return { key: `fetch.${e.reason}` as TextKey, ...(e.status ? { status: e.status } : {}) };
	if (e instanceof ImportParseError) return { key: e.reason, ...(e.count ? { n: e.count } : {}) };
	return null;
}

/** Fetches an address import and merges it (fetching outside the transaction, merging inside). */
export async function runUrlImport(ctx: Ctx, importId: string, now = Date.now()): Promise<void> {
	const imp = await findImport(ctx.data, importId);
	if (!imp?.url) return;
	let parsed: ParsedCalendar;
	try {
		const { text } = await ctx.fetchText(imp.url, { accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1' });
		parsed = parseCalendar(text, now);
	} catch (e) {
		const error = failureOf(e);
		if (!error) throw e;
		await ctx.transaction((c) => recordFailure(c.data, imp.id, error, now));
		return;
	}
	await ctx.transaction((c) => mergeImport(c.data, imp, parsed, now));
}

/** Address imports due for a run: never run, or their last run is `everyHours` ago (less the slack). */
export async function dueImports(data: CalendarData, everyHours: number, now = Date.now()): Promise<string[]> {
	const rows = await data
		.selectFrom('calendarImports')
		.select(['id'])
		.where('url', '!=', '')
		.where((eb) => eb.or([eb('lastRunAt', 'is', null), eb('lastRunAt', '<=', now - everyHours * HOUR + SLACK)]))
		.orderBy('lastRunAt')
		.limit(50)
		.execute();
	return rows.map((r) => r.id);
}

// ---- what the page shows ----------------------------------------------------------------------------------------

/** The last result in words: the outcome, and one line per reason something was skipped. */
export function describeResult(locale: 'de' | 'en', imp: ImportRow): { text: string; details: string[] } {
	if (imp.lastRunAt === null) return { text: t(locale, 'neverRun'), details: [] };
	let stored: StoredResult;
	try {
		stored = JSON.parse(imp.lastMessage || '{}') as StoredResult;
	} catch {
		return { text: imp.lastMessage, details: [] };
	}
	if (imp.lastOk !== 1) {
		const key = stored.error?.key && Object.hasOwn(text, stored.error.key) ? stored.error.key : 'fetch.network';
		return { text: t(locale, 'resultFailed', { message: t(locale, key, { status: stored.error?.status ?? '', n: stored.error?.n ?? '' }) }), details: [] };
	}
	const details = Object.entries(stored.skipped ?? {})
		.filter(([key, n]) => n && Object.hasOwn(text, key))
		.map(([key, n]) => t(locale, n === 1 ? 'resultSkippedOne' : 'resultSkipped', { n: n!, reason: t(locale, key as TextKey) }));
	if (stored.old) details.push(t(locale, 'resultOld', { n: stored.old }));
	return { text: t(locale, 'resultOk', { added: imp.lastAdded, updated: imp.lastUpdated, removed: imp.lastRemoved }), details };
}

/** The imports page: every import with its source, category, last result and number of events. */
export async function loadImports(ctx: Ctx, query: URLSearchParams) {
	const rows = await ctx.data.selectFrom('calendarImports').selectAll().orderBy('createdAt').limit(200).execute();
	const counts = await ctx.data
		.selectFrom('calendarEvents')
		.select((eb) => ['importId', eb.fn.countAll<number>().as('n')])
		.where('importId', 'is not', null)
		.groupBy('importId')
		.execute();
	const countOf = new Map(counts.map((c) => [c.importId, Number(c.n)]));
	// the first full hour at which the hourly check finds it due
	const nextRun = (lastRunAt: number) => Math.ceil((lastRunAt + ctx.settings.importEveryHours * HOUR - SLACK) / HOUR) * HOUR;
	const named = (id: string | null) => rows.find((r) => r.id === id)?.name ?? '';
	return {
		imports: rows.map((r) => ({
			id: r.id,
			name: r.name,
			url: r.url,
			category: r.category,
			lastRunAt: r.lastRunAt,
			lastOk: r.lastOk === 1,
			result: describeResult(ctx.locale, r),
			nextRunAt: r.url && r.lastRunAt !== null ? nextRun(r.lastRunAt) : null,
			events: countOf.get(r.id) ?? 0
		})),
		added: named(query.get('added')),
		queued: named(query.get('queued')),
		removed: query.get('removed') === '1'
	};
}

/** The refusal for changing an imported event (the source is the truth), or null for the village's own events. */
export async function refuseImported(ctx: Ctx, event: EventRow): Promise<ModuleActionResult | null> {
	if (!event.importId) return null;
	const name = (await findImport(ctx.data, event.importId))?.name ?? '';
	return { ok: false, status: 409, errors: { _form: t(ctx.locale, 'errImported', { name }) } };
}

/** The name of the import an event came from, or null. */
export async function importNameOf(data: CalendarData, event: EventRow): Promise<string | null> {
	return event.importId ? ((await findImport(data, event.importId))?.name ?? '') : null;
}

// ---- actions, job, schedule -------------------------------------------------------------------------------------

/** An iCal address: http(s), or webcal(s) read as https. */
const sourceUrl = z
	.string()
	.trim()
	.max(2000)
	.optional()
	.transform((v) => (v ?? '').replace(/^webcals?:\/\//i, 'https://'))
	.refine((v) => !v || isWebUrl(v), 'errImportUrl');

export const importSchema = z
	.object({
		name: z.string().trim().min(1).max(80),
		category: z.string().trim().max(40).optional().transform((v) => v ?? ''),
		url: sourceUrl,
		/** the uploaded file's text (the core reads it: uploads accept 'calendar') */
		file: z.string().max(3_000_000).optional().transform((v) => v ?? '')
	})
	.superRefine((v, c) => {
		if (!v.url === !v.file) c.addIssue({ code: 'custom', path: ['url'], message: 'errSource' });
	});
const importIdSchema = z.object({ importId: z.string().min(1).max(64) });

const label = (ctx: Ctx, key: TextKey, message: string) => `${t(ctx.locale, key)}: ${message}`;
/** an import id of another village is not found, like one that never was */
const notFound = (ctx: Ctx) => missing(t(ctx.locale, 'errImportMissing'));

export const importActions = {
	addImport: action({
		permission: EDIT,
		input: importSchema,
		uploads: { file: { accept: 'calendar', maxBytes: 2 * 1024 * 1024 } },
		async run(ctx, input) {
			if (input.category && !listSetting(ctx.settings.categories).includes(input.category)) return invalid({ category: label(ctx, 'category', t(ctx.locale, 'errCategory')) });
			// what the fetch would refuse anyway (another port, an internal address written out) is said at once
			const problem = input.url ? fetchTargetProblem(input.url) : null;
			if (problem) return invalid({ url: label(ctx, 'importUrl', t(ctx.locale, `fetch.${problem}` as TextKey)) }, { name: input.name, category: input.category, url: input.url });
			let parsed: ParsedCalendar | null = null;
			if (input.file) {
				try {
					parsed = parseCalendar(input.file);
				} catch (e) {
					const error = failureOf(e);
					if (!error) throw e;
					return invalid({ file: label(ctx, 'importFile', t(ctx.locale, 'errFileRead', { message: t(ctx.locale, error.key, { n: error.n ?? '' }) })) }, { name: input.name, category: input.category });
				}
			}
			const now = Date.now();
			const imp: ImportRow = { id: newId(), name: input.name, url: input.url, category: input.category, lastRunAt: null, lastOk: null, lastMessage: '', lastAdded: 0, lastUpdated: 0, lastRemoved: 0, createdAt: now };
			await ctx.data.insertInto('calendarImports').values(imp).execute();
			await ctx.audit({ action: 'calendar.import.add', targetType: 'calendar.import', targetId: imp.id, data: { name: imp.name, source: imp.url ? new URL(imp.url).host : 'file' } });
			if (parsed) {
				await mergeImport(ctx.data, imp, parsed, now);
				return { ok: true, data: { id: imp.id }, redirect: `imports?added=${imp.id}` };
			}
			await ctx.schedule({ job: 'runImport', payload: { importId: imp.id }, key: `${imp.id}:first` });
			return { ok: true, data: { id: imp.id }, redirect: `imports?queued=${imp.id}` };
		}
	}),

	runImport: action({
		permission: EDIT,
		input: importIdSchema,
		async run(ctx, input) {
			const imp = await findImport(ctx.data, input.importId);
			if (!imp) return notFound(ctx);
			if (!imp.url) return { ok: false, status: 409, errors: { _form: t(ctx.locale, 'errFileOnce') } };
			// no key: pressed twice, it runs twice, and the second run finds nothing to change
			await ctx.schedule({ job: 'runImport', payload: { importId: imp.id } });
			await ctx.audit({ action: 'calendar.import.run', targetType: 'calendar.import', targetId: imp.id, data: { name: imp.name } });
			return { ok: true, redirect: `imports?queued=${imp.id}` };
		}
	}),

	removeImport: action({
		permission: EDIT,
		input: importIdSchema,
		async run(ctx, input) {
			const imp = await findImport(ctx.data, input.importId);
			if (!imp) return notFound(ctx);
			const events = await ctx.data.deleteFrom('calendarEvents').where('importId', '=', imp.id).executeTakeFirst();
			await ctx.data.deleteFrom('calendarImports').where('id', '=', imp.id).execute();
			await ctx.audit({ action: 'calendar.import.remove', targetType: 'calendar.import', targetId: imp.id, data: { name: imp.name, events: Number(events.numDeletedRows) } });
			return { ok: true, redirect: 'imports?removed=1' };
		}
	})
};

export const importJobs = {
	/** one run of an address import (queued when it is added and by "Jetzt abrufen") */
	async runImport(ctx: Ctx, payload: unknown) {
		const importId = (payload as { importId?: unknown } | null)?.importId;
		if (typeof importId === 'string') await runUrlImport(ctx, importId);
	}
};

/** Every hour: the address imports that are due are fetched again. */
export const importSchedule: ModuleSchedule<Ctx> = {
	id: 'importCalendars',
	everyMinutes: 60,
	async run(ctx) {
		for (const id of await dueImports(ctx.data, ctx.settings.importEveryHours)) await runUrlImport(ctx, id);
	}
};

/** The demo's import: the municipality's waste collection dates, as if read from a file once. */
export async function seedImport(data: CalendarData, today: string, now = Date.now()) {
	const imp: ImportRow = { id: newId(), name: 'Abfuhrkalender der Gemeinde (Beispiel)', url: '', category: 'Müllabfuhr', lastRunAt: null, lastOk: null, lastMessage: '', lastAdded: 0, lastUpdated: 0, lastRemoved: 0, createdAt: now };
	await data.insertInto('calendarImports').values(imp).execute();
	const day = (n: number) => new Date(Date.parse(`${today}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10).replaceAll('-', '');
	const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Gemeinde//Abfuhr//DE']
		.concat(
			[
				['Gelbe Tonne', 3],
				['Altpapier', 10],
				['Biotonne', 17],
				['Schadstoffmobil am Rathaus', 24]
			].flatMap(([title, n]) => ['BEGIN:VEVENT', `UID:abfuhr-${n}@gemeinde.example`, `DTSTART;VALUE=DATE:${day(n as number)}`, `SUMMARY:${title}`, 'END:VEVENT'])
		)
		.concat('END:VCALENDAR')
		.join('\r\n');
	await mergeImport(data, imp, parseCalendar(ics, now), now);
}

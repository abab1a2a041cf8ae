// The calendar module's server code: pages, widget, reads, writes, the iCalendar feed.
// Who writes: editors (calendar.edit) every event; a club's admins the events of their club; members may suggest
// events (calendar.suggest, when the village allows it), which an editor publishes or declines.
import { error } from '@sveltejs/kit';
import type { z } from 'zod';
import { actionFor, invalid, missing, newId, renderMarkdown, type ModuleActionResult, type ModuleContext, type ModuleServer } from '../../server/moduleApi.ts';
import { toICalendar } from './icalendar.ts';
import { importActions, importJobs, importNameOf, importSchedule, loadImports, refuseImported } from './imports.ts';
import { overview } from './overview.ts';
import { reminderSchedule } from './reminders.ts';
import { shortDay, timeRange } from './ui/when.ts';
import { t, type TextKey } from './messages.ts';
import { eventsInRange, exceptionsOf, findEvent, listOccurrences, occurrencesOf, type CalendarTables, type EventRow, type Occurrence } from './queries.ts';
import { isOccurrence, MAX_MOVE_DAYS, seriesEnd, slotOf } from './recurrence.ts';
import {
	cancelSchema,
	createdOutput,
	eventIdSchema,
	eventSchema,
	listSetting,
	occurrenceSchema,
	occurrencesOutput,
	rangeQuery,
	rejectSchema,
	rsvpSchema,
	ruleToForm,
	toLocal,
	updateEventSchema,
	type EventInput,
	type Settings
} from './schemas.ts';
import { addDays, DAY, parseLocal, todayInBerlin, utcToWall, wallToUtc } from './time.ts';

type Ctx = ModuleContext<Settings, CalendarTables>;
const action = actionFor<Ctx>();
const EDIT = 'calendar.edit';
const SUGGEST = 'calendar.suggest';

const err = (ctx: Ctx, field: string, key: TextKey, label: TextKey) => invalid({ [field]: `${t(ctx.locale, label)}: ${t(ctx.locale, key)}` });
const notFound = (ctx: Ctx) => missing(t(ctx.locale, 'errMissing'));

/** Whether the actor may write this club's events: an admin of one of the village's clubs. */
async function managesClub(ctx: Ctx, clubId: string | null): Promise<boolean> {
	return !!clubId && (await ctx.clubsAdministered()).some((c) => c.id === clubId);
}

/** What the actor may do with a new event for this club: publish it, suggest it, or nothing. */
async function writeMode(ctx: Ctx, clubId: string | null): Promise<'publish' | 'suggest' | null> {
	if (ctx.can(EDIT) || (await managesClub(ctx, clubId))) return 'publish';
	if (ctx.settings.allowSuggestions && ctx.can(SUGGEST)) return 'suggest';
	return null;
}

/** May the actor change or delete this (published or suggested) event? */
async function mayChange(ctx: Ctx, event: EventRow): Promise<boolean> {
	return ctx.can(EDIT) || (await managesClub(ctx, event.clubId));
}

/** Deletes an event with its image (its exceptions and answers go with it: on delete cascade). */
async function removeEvent(ctx: Ctx, event: EventRow) {
	await ctx.data.deleteFrom('calendarEvents').where('id', '=', event.id).execute();
	if (event.imageId) await ctx.files.delete(event.imageId);
}

const forbidden = (ctx: Ctx, key: TextKey = 'errNotAllowed'): ModuleActionResult => ({ ok: false, status: 403, errors: { _form: t(ctx.locale, key) } });

/**
 * The event an action changes, or the answer why not: not there (or another village's: 404), not the actor's to
 * change (403), imported from another calendar (409: the source is in charge; only deleting is allowed).
 */
async function eventToChange(ctx: Ctx, eventId: string, opts: { evenImported?: boolean } = {}): Promise<{ event: EventRow } | { refused: ModuleActionResult }> {
	const event = await findEvent(ctx.data, eventId);
	if (!event) return { refused: notFound(ctx) };
	if (!(await mayChange(ctx, event))) return { refused: forbidden(ctx) };
	const imported = opts.evenImported ? null : await refuseImported(ctx, event);
	if (imported) return { refused: imported };
	return { event };
}

/** The village's clubs the actor may name as organiser (editors: all; club admins: theirs). */
async function clubChoices(ctx: Ctx) {
	if (ctx.can(EDIT) || (ctx.settings.allowSuggestions && ctx.can(SUGGEST))) return ctx.clubs();
	return ctx.clubsAdministered();
}

/** Checks what the schema cannot: the category is one of the village's, the club is one of its clubs. */
async function checkRefs(ctx: Ctx, input: { category: string; clubId: string | null }) {
	if (input.category && !listSetting(ctx.settings.categories).includes(input.category)) return err(ctx, 'category', 'errCategory', 'category');
	if (input.clubId && !(await ctx.clubs()).some((c) => c.id === input.clubId)) return err(ctx, 'clubId', 'errClub', 'club');
	return null;
}

function columns(input: EventInput) {
	return {
		title: input.title,
		description: input.description,
		allDay: input.allDay ? 1 : 0,
		startLocal: input.startLocal,
		endLocal: input.endLocal,
		rrule: input.rrule,
		startAt: slotOf('', input.startLocal, input.endLocal, input.allDay).start,
		seriesEndAt: seriesEnd({ startLocal: input.startLocal, endLocal: input.endLocal, allDay: input.allDay, rrule: input.rrule }),
		location: input.location,
		latitude: input.latitude,
		longitude: input.longitude,
		category: input.category,
		clubId: input.clubId,
		link: input.link,
		rsvpLimit: input.rsvpLimit
	};
}

/** An instant as ISO 8601 with Berlin's offset ("2026-12-08T19:00:00+01:00"). */
export function isoBerlin(utc: number): string {
	const offset = Math.round((utcToWall(utc) - utc) / 60_000);
	const sign = offset < 0 ? '-' : '+';
	const abs = Math.abs(offset);
	return `${new Date(utc + offset * 60_000).toISOString().slice(0, 19)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const eventPath = (ctx: Ctx, id: string, key?: string) => `/${ctx.village.slug}/calendar/event/${encodeURIComponent(id)}${key ? `?on=${key}` : ''}`;

function apiOccurrence(ctx: Ctx, o: Occurrence) {
	return {
		eventId: o.eventId,
		occurrence: o.key,
		title: o.title,
		allDay: o.allDay,
		start: o.allDay ? o.startLocal : isoBerlin(o.start),
		end: o.allDay ? o.endLocal : isoBerlin(o.end),
		location: o.location,
		category: o.category,
		clubId: o.clubId,
		cancelled: o.cancelled,
		changed: o.changed,
		recurring: o.recurring,
		url: `${ctx.origin}${eventPath(ctx, o.eventId, o.recurring ? o.key : undefined)}`
	};
}

/** The range of a list: from a day (default today) for `days` days. */
function rangeFrom(day: string | null, days: number) {
	const from = day && parseLocal(day) !== null && day.length === 10 ? day : todayInBerlin();
	return { fromDay: from, from: wallToUtc(parseLocal(from)!), to: wallToUtc(parseLocal(from)! + days * DAY) };
}

const filterOf = (ctx: Ctx, query: URLSearchParams) => {
	const category = query.get('category') ?? '';
	const club = query.get('club') ?? '';
	return {
		category: listSetting(ctx.settings.categories).includes(category) ? category : '',
		club: club.length <= 64 ? club : ''
	};
};

async function rsvpState(ctx: Ctx, eventId: string, key: string) {
	const rows = await ctx.data.selectFrom('calendarRsvps').select(['userId']).where('eventId', '=', eventId).where('occurrence', '=', key).execute();
	return { count: rows.length, mine: !!ctx.actor.userId && rows.some((r) => r.userId === ctx.actor.userId) };
}

async function loadEventPage(ctx: Ctx, eventId: string, query: URLSearchParams) {
	const event = await findEvent(ctx.data, eventId);
	if (!event) return { event: null };
	const mayEdit = await mayChange(ctx, event);
	// a suggestion is seen by editors, the club's admins and the person who suggested it
	if (event.status !== 'published' && !mayEdit && event.createdBy !== ctx.actor.userId) return { event: null };
	const exceptions = await exceptionsOf(ctx.data, [event.id]);
	const recurring = event.rrule !== '';
	const now = Date.now();
	const asked = query.get('on') ?? '';
	let current: Occurrence | null = null;
	if (recurring && /^\d{4}-\d{2}-\d{2}$/.test(asked) && parseLocal(asked) !== null) {
		const day = parseLocal(asked)!;
		current = occurrencesOf(event, exceptions, wallToUtc(day - (MAX_MOVE_DAYS + 1) * DAY), wallToUtc(day + (MAX_MOVE_DAYS + 2) * DAY)).find((o) => o.key === asked) ?? null;
	}
	const upcoming = occurrencesOf(event, exceptions, now, now + 400 * DAY, 8);
	if (!current) current = upcoming[0] ?? occurrencesOf(event, exceptions, event.startAt - DAY, event.startAt + 32 * DAY, 1)[0] ?? null;
	const image = event.imageId ? await ctx.files.get(event.imageId) : undefined;
	const club = event.clubId ? (await ctx.clubs()).find((c) => c.id === event.clubId) : undefined;
	const rsvp = ctx.settings.rsvp && current && event.status === 'published' ? await rsvpState(ctx, event.id, current.key) : null;
	return {
		event: {
			id: event.id,
			title: event.title,
			status: event.status,
			descriptionHtml: renderMarkdown(event.description),
			description: event.description,
			location: event.location,
			latitude: event.latitude,
			longitude: event.longitude,
			category: event.category,
			club: club ? { id: club.id, name: club.name } : null,
			link: event.link,
			cancelled: event.cancelled === 1,
			recurring,
			rrule: event.rrule,
			allDay: event.allDay === 1,
			startLocal: event.startLocal,
			endLocal: event.endLocal,
			rsvpLimit: event.rsvpLimit,
			image: image ? { url: `/files/${image.id}`, alt: event.imageAlt, width: image.width ?? undefined, height: image.height ?? undefined, sources: image.sources } : null
		},
		current,
		upcoming,
		exceptions: exceptions.map((x) => ({ occurrence: x.occurrence, kind: x.kind, note: x.note })),
		mayEdit,
		rsvp,
		rsvpOn: ctx.settings.rsvp,
		signedIn: ctx.actor.userId !== null,
		importedFrom: await importNameOf(ctx.data, event)
	};
}

export const server: ModuleServer<Settings, CalendarTables> = {
	async load(ctx, page, params, query) {
		const categories = listSetting(ctx.settings.categories);
		const clubs = await ctx.clubs();
		const base = { settings: ctx.settings, categories, clubs: clubs.map((c) => ({ id: c.id, name: c.name })), today: todayInBerlin() };
		switch (page.component) {
			case 'Agenda': {
				const filter = filterOf(ctx, query);
				const { fromDay, from, to } = rangeFrom(query.get('from'), 60);
				const occurrences = await listOccurrences(ctx.data, from, to, { categories: filter.category ? [filter.category] : [], clubId: filter.club || null }, 300);
				const mode = ctx.actor.userId ? await writeMode(ctx, null) : null;
				const clubAdmin = (await clubChoices(ctx)).length > 0;
				return { ...base, occurrences, fromDay, nextFrom: addDays(fromDay, 60), prevFrom: addDays(fromDay, -60), filter, mode: mode ?? (clubAdmin ? 'publish' : null), suggested: query.get('suggested') === '1', deleted: query.get('deleted') === '1' };
			}
			case 'Month': {
				const filter = filterOf(ctx, query);
				const asked = query.get('month') ?? '';
				const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) && Number(asked.slice(0, 4)) >= 1900 && Number(asked.slice(0, 4)) <= 2200 ? asked : todayInBerlin().slice(0, 7);
				const first = parseLocal(`${month}-01`)!;
				const next = new Date(first);
				next.setUTCMonth(next.getUTCMonth() + 1);
				const occurrences = await listOccurrences(ctx.data, wallToUtc(first), wallToUtc(next.getTime()), { categories: filter.category ? [filter.category] : [], clubId: filter.club || null }, 1000);
				const prev = new Date(first);
				prev.setUTCMonth(prev.getUTCMonth() - 1);
				return { ...base, month, prevMonth: prev.toISOString().slice(0, 7), nextMonth: next.toISOString().slice(0, 7), occurrences, filter };
			}
			case 'Event': {
				const page = await loadEventPage(ctx, params.eventId ?? '', query);
				if (!page.event) error(404, t(ctx.locale, 'errMissing'));
				return { ...base, ...page };
			}
			case 'EventForm': {
				const mode = await writeMode(ctx, null);
				const clubChoice = await clubChoices(ctx);
				const villageChoice = mode !== null;
				if (!params.eventId) {
					if (!mode && !clubChoice.length) error(403, t(ctx.locale, 'errNotAllowed'));
					return { ...base, mode: mode ?? 'publish', clubChoice, villageChoice, event: null };
				}
				const event = await findEvent(ctx.data, params.eventId);
				if (!event) error(404, t(ctx.locale, 'errMissing'));
				if (!(await mayChange(ctx, event))) error(403, t(ctx.locale, 'errNotAllowed'));
				if (event.importId) error(409, t(ctx.locale, 'errImported', { name: (await importNameOf(ctx.data, event)) ?? '' }));
				return { ...base, mode: 'publish', clubChoice: ctx.can(EDIT) ? clubs : clubChoice, villageChoice: ctx.can(EDIT), event: { ...event, allDay: event.allDay === 1, cancelled: event.cancelled === 1, hasImage: !!event.imageId }, repeatForm: ruleToForm(event.rrule, event.startLocal) };
			}
			case 'Suggestions': {
				const rows = await ctx.data.selectFrom('calendarEvents').selectAll().where('status', '=', 'suggested').orderBy('createdAt').limit(200).execute();
				const names = new Map((await ctx.members()).map((p) => [p.userId, p.displayName]));
				return { ...base, suggestions: rows.map((r) => ({ id: r.id, title: r.title, startLocal: r.startLocal, endLocal: r.endLocal, allDay: r.allDay === 1, rrule: r.rrule, location: r.location, category: r.category, descriptionHtml: renderMarkdown(r.description), by: (r.createdBy && names.get(r.createdBy)) || '' })) };
			}
			case 'Imports':
				return { ...base, ...(await loadImports(ctx, query)) };
			default:
				return base;
		}
	},

	async widget(ctx) {
		const now = Date.now();
		const only = listSetting(ctx.settings.widgetCategories);
		const occurrences = await listOccurrences(ctx.data, now, now + 400 * DAY, { categories: only }, ctx.settings.widgetCount);
		const today = todayInBerlin(now);
		// The widget gets its words here, ready to show: the home page then ships none of the module's texts.
		const day = (d: string) => (d <= today ? t(ctx.locale, 'today') : shortDay(d, ctx.locale));
		return {
			occurrences: occurrences.map((o) => ({ eventId: o.eventId, key: o.key, title: o.title, cancelled: o.cancelled, recurring: o.recurring, when: `${day(o.startLocal.slice(0, 10))}, ${timeRange(o, ctx.locale)}` })),
			texts: { empty: t(ctx.locale, 'emptyWidget'), all: t(ctx.locale, 'all'), cancelled: t(ctx.locale, 'cancelledLabel') }
		};
	},

	api: {
		events: {
			permission: 'public',
			byId: true,
			summary: 'The village’s events as dates in a period (from, to: days, at most 400 days apart; default the next 60 days), with category and club filters; with an id, one event with its next dates',
			output: occurrencesOutput,
			query: rangeQuery,
			async run(ctx, { id, input }) {
				if (id !== null) {
					const event = await findEvent(ctx.data, id);
					if (!event || event.status !== 'published') return null;
					const exceptions = await exceptionsOf(ctx.data, [event.id]);
					const now = Date.now();
					const first = occurrencesOf(event, exceptions, event.startAt - DAY, event.startAt + 32 * DAY, 1)[0];
					return {
						id: event.id,
						uid: event.uid,
						title: event.title,
						description: event.description,
						allDay: event.allDay === 1,
						start: event.allDay === 1 ? event.startLocal : isoBerlin(first?.start ?? event.startAt),
						end: event.allDay === 1 ? event.endLocal : isoBerlin(slotOf('', event.startLocal, event.endLocal, false).end),
						rrule: event.rrule,
						location: event.location,
						latitude: event.latitude,
						longitude: event.longitude,
						category: event.category,
						clubId: event.clubId,
						link: event.link,
						cancelled: event.cancelled === 1,
						next: occurrencesOf(event, exceptions, now, now + 400 * DAY, 10).map((o) => apiOccurrence(ctx, o))
					};
				}
				const q = input as z.output<typeof rangeQuery>;
				const occurrences = await listOccurrences(ctx.data, wallToUtc(parseLocal(q.from)!), wallToUtc(parseLocal(q.to)!), { categories: q.category ? [q.category] : [], clubId: q.club ?? null }, 2000);
				return { from: q.from, to: q.to, occurrences: occurrences.map((o) => apiOccurrence(ctx, o)) };
			}
		},
		suggestions: {
			permission: EDIT,
			summary: 'Events suggested by members, waiting for an editor',
			async run(ctx) {
				const rows = await ctx.data.selectFrom('calendarEvents').select(['id', 'title', 'startLocal', 'endLocal', 'allDay', 'rrule', 'location', 'category', 'createdAt']).where('status', '=', 'suggested').orderBy('createdAt').limit(200).execute();
				return { suggestions: rows.map((r) => ({ ...r, allDay: r.allDay === 1 })) };
			}
		}
	},

	feeds: {
		'calendar.ics': {
			contentType: 'text/calendar; charset=utf-8',
			async render(ctx, query) {
				const only = query.get('event');
				const category = query.get('category');
				let events: EventRow[];
				if (only) {
					const e = await findEvent(ctx.data, only.slice(0, 64));
					events = e && e.status === 'published' ? [e] : [];
				} else {
					// what calendar apps need: the past half year and everything ahead
					const now = Date.now();
					events = (await eventsInRange(ctx.data, now - 183 * DAY, now + 3650 * DAY, { categories: category ? [category.slice(0, 40)] : [] })).events;
				}
				const exceptions = await exceptionsOf(ctx.data, events.filter((e) => e.rrule !== '').map((e) => e.id));
				const title = category && !only ? `${ctx.village.name} – ${ctx.settings.title} (${category.slice(0, 40)})` : `${ctx.village.name} – ${ctx.settings.title}`;
				const body = toICalendar({ name: title, events, exceptions, eventUrl: (id) => `${ctx.origin}${eventPath(ctx, id)}` });
				const lastModified = Math.max(0, ...events.map((e) => e.updatedAt), ...exceptions.map((x) => x.updatedAt));
				return { body, lastModified: lastModified || undefined };
			}
		}
	},

	actions: {
		createEvent: action({
			permission: 'signedIn',
			input: eventSchema,
			uploads: { imageId: { accept: 'image', altField: 'imageAlt' } },
			api: { method: 'POST', path: 'events' },
			summary: 'Add an event or a series (editors; a club’s admins for their club). A member’s event becomes a suggestion for the editors when the village allows suggestions.',
			output: createdOutput,
			async run(ctx, input) {
				const mode = await writeMode(ctx, input.clubId);
				if (!mode) return forbidden(ctx, input.clubId && !ctx.can(SUGGEST) ? 'errClubNotYours' : 'errNotAllowed');
				const bad = await checkRefs(ctx, input);
				if (bad) return bad;
				const id = newId();
				const now = Date.now();
				const status = mode === 'publish' ? 'published' : 'suggested';
				await ctx.data
					.insertInto('calendarEvents')
					.values({ id, uid: `${id}@allmende`, sequence: 0, status, ...columns(input), imageId: input.imageId, imageAlt: input.imageId ? input.imageAlt : '', cancelled: 0, createdBy: ctx.actor.userId, importId: null, createdAt: now, updatedAt: now })
					.execute();
				await ctx.audit({ action: status === 'published' ? 'calendar.create' : 'calendar.suggest', targetType: 'calendar.event', targetId: id, data: { title: input.title } });
				if (status === 'suggested') {
					const editors = (await ctx.members({ role: 'editor' })).map((p) => p.userId).filter((u) => u !== ctx.actor.userId);
					await ctx.notify({ userIds: editors, kind: 'calendar.suggestion', title: t('de', 'suggestionNotice', { title: input.title }), url: `/${ctx.village.slug}/calendar/suggestions` });
					return { ok: true, data: { id, status }, redirect: '?suggested=1' };
				}
				return { ok: true, data: { id, status }, redirect: `event/${id}` };
			}
		}),

		updateEvent: action({
			permission: 'signedIn',
			input: updateEventSchema,
			uploads: { imageId: { accept: 'image', altField: 'imageAlt' } },
			api: { method: 'PATCH', path: 'events', id: 'eventId' },
			summary: 'Change an event or a whole series (all fields). Changed or cancelled single dates stay as they are.',
			async run(ctx, input) {
				const found = await eventToChange(ctx, input.eventId);
				if ('refused' in found) return found.refused;
				const { event } = found;
				if (!ctx.can(EDIT) && input.clubId !== event.clubId && !(await managesClub(ctx, input.clubId))) return { ok: false, status: 403, errors: { clubId: `${t(ctx.locale, 'club')}: ${t(ctx.locale, 'errClubNotYours')}` } };
				const bad = await checkRefs(ctx, input);
				if (bad) return bad;
				let imageId = event.imageId;
				let imageAlt = event.imageAlt;
				if (input.imageId || input.removeImage) {
					if (event.imageId) await ctx.files.delete(event.imageId);
					imageId = input.imageId;
					imageAlt = input.imageId ? input.imageAlt : '';
				} else if (imageId && input.imageAlt) imageAlt = input.imageAlt;
				await ctx.data
					.updateTable('calendarEvents')
					.set({ ...columns(input), imageId, imageAlt, sequence: event.sequence + 1, updatedAt: Date.now() })
					.where('id', '=', event.id)
					.execute();
				await ctx.audit({ action: 'calendar.update', targetType: 'calendar.event', targetId: event.id, data: { title: input.title } });
				return { ok: true, data: { id: event.id }, redirect: `event/${event.id}` };
			}
		}),

		deleteEvent: action({
			permission: 'signedIn',
			input: eventIdSchema,
			api: { method: 'DELETE', path: 'events', id: 'eventId' },
			summary: 'Delete an event or a whole series',
			async run(ctx, input) {
				// an imported event may go: the next run brings it back while its source still has it
				const found = await eventToChange(ctx, input.eventId, { evenImported: true });
				if ('refused' in found) return found.refused;
				const { event } = found;
				await removeEvent(ctx, event);
				await ctx.audit({ action: 'calendar.delete', targetType: 'calendar.event', targetId: event.id, data: { title: event.title } });
				return { ok: true, redirect: '?deleted=1' };
			}
		}),

		cancelEvent: action({
			permission: 'signedIn',
			input: cancelSchema,
			api: { method: 'POST', path: 'cancel', id: 'eventId' },
			summary: 'Cancel an event or a whole series (cancelled: true), or take the cancellation back (false); it stays visible as cancelled',
			async run(ctx, input) {
				const found = await eventToChange(ctx, input.eventId);
				if ('refused' in found) return found.refused;
				const { event } = found;
				await ctx.data.updateTable('calendarEvents').set({ cancelled: input.cancelled ? 1 : 0, sequence: event.sequence + 1, updatedAt: Date.now() }).where('id', '=', event.id).execute();
				await ctx.audit({ action: input.cancelled ? 'calendar.cancel' : 'calendar.uncancel', targetType: 'calendar.event', targetId: event.id, data: { title: event.title } });
				return { ok: true, redirect: `event/${event.id}` };
			}
		}),

		changeOccurrence: action({
			permission: 'signedIn',
			input: occurrenceSchema,
			api: { method: 'POST', path: 'occurrences', id: 'eventId' },
			summary: 'One date of a series: skip it, cancel it, change its time, title or place, or make it like the series again (kind: skip, cancel, change, restore)',
			async run(ctx, input) {
				const found = await eventToChange(ctx, input.eventId);
				if ('refused' in found) return found.refused;
				const { event } = found;
				if (!event.rrule) return err(ctx, 'occurrence', 'errNotRecurring', 'occurrence');
				const series = { startLocal: event.startLocal, endLocal: event.endLocal, allDay: event.allDay === 1, rrule: event.rrule };
				if (!isOccurrence(series, input.occurrence)) return err(ctx, 'occurrence', 'errNotOccurrence', 'occurrence');
				const existing = await ctx.data.selectFrom('calendarExceptions').select(['id']).where('eventId', '=', event.id).where('occurrence', '=', input.occurrence).executeTakeFirst();
				if (existing) await ctx.data.deleteFrom('calendarExceptions').where('id', '=', existing.id).execute();
				if (input.kind !== 'restore') {
					let startLocal: string | null = null;
					let endLocal: string | null = null;
					if (input.kind === 'change' && (input.start || input.end)) {
						const allDay = event.allDay === 1;
						startLocal = input.start ? toLocal(input.start) : null;
						if (!startLocal || (allDay ? startLocal.length !== 10 : startLocal.length === 10)) return err(ctx, 'start', allDay ? 'errDate' : 'errDateTime', 'start');
						const span = parseLocal(event.endLocal)! - parseLocal(event.startLocal)!;
						endLocal = input.end ? toLocal(input.end) : new Date(parseLocal(startLocal)! + span).toISOString().slice(0, allDay ? 10 : 16);
						if (!endLocal || (allDay ? endLocal.length !== 10 : endLocal.length === 10)) return err(ctx, 'end', allDay ? 'errDate' : 'errDateTime', 'end');
						if (parseLocal(endLocal)! < parseLocal(startLocal)!) return err(ctx, 'end', 'errEndBeforeStart', 'end');
						if (parseLocal(endLocal)! - parseLocal(startLocal)! > 31 * DAY) return err(ctx, 'end', 'errTooLong', 'end');
						if (Math.abs(parseLocal(startLocal.slice(0, 10))! - parseLocal(input.occurrence)!) > MAX_MOVE_DAYS * DAY) return err(ctx, 'start', 'errMovedTooFar', 'start');
					}
					await ctx.data
						.insertInto('calendarExceptions')
						.values({ id: newId(), eventId: event.id, occurrence: input.occurrence, kind: input.kind, title: input.kind === 'change' ? input.title : null, startLocal, endLocal, location: input.kind === 'change' ? input.location : null, note: input.note, updatedAt: Date.now() })
						.execute();
				}
				await ctx.data.updateTable('calendarEvents').set({ sequence: event.sequence + 1, updatedAt: Date.now() }).where('id', '=', event.id).execute();
				await ctx.audit({ action: `calendar.occurrence.${input.kind}`, targetType: 'calendar.event', targetId: event.id, data: { title: event.title, occurrence: input.occurrence } });
				return { ok: true, redirect: `event/${event.id}?on=${input.occurrence}` };
			}
		}),

		approveSuggestion: action({
			permission: EDIT,
			input: eventIdSchema,
			api: { method: 'POST', path: 'approve', id: 'eventId' },
			summary: 'Publish a suggested event',
			async run(ctx, input) {
				const event = await findEvent(ctx.data, input.eventId);
				if (!event) return notFound(ctx);
				if (event.status !== 'suggested') return { ok: false, status: 409, errors: { _form: t(ctx.locale, 'errNotSuggested') } };
				await ctx.data.updateTable('calendarEvents').set({ status: 'published', updatedAt: Date.now() }).where('id', '=', event.id).execute();
				await ctx.audit({ action: 'calendar.approve', targetType: 'calendar.event', targetId: event.id, data: { title: event.title } });
				if (event.createdBy) await ctx.notify({ userIds: [event.createdBy], kind: 'calendar.approved', title: t('de', 'approvedNotice', { title: event.title }), url: eventPath(ctx, event.id) });
				return { ok: true, redirect: 'suggestions' };
			}
		}),

		rejectSuggestion: action({
			permission: EDIT,
			input: rejectSchema,
			api: { method: 'POST', path: 'reject', id: 'eventId' },
			summary: 'Decline a suggested event (it is deleted; the person hears about it, with the reason if one is given)',
			async run(ctx, input) {
				const event = await findEvent(ctx.data, input.eventId);
				if (!event) return notFound(ctx);
				if (event.status !== 'suggested') return { ok: false, status: 409, errors: { _form: t(ctx.locale, 'errNotSuggested') } };
				await removeEvent(ctx, event);
				await ctx.audit({ action: 'calendar.reject', targetType: 'calendar.event', targetId: event.id, data: { title: event.title } });
				if (event.createdBy) await ctx.notify({ userIds: [event.createdBy], kind: 'calendar.rejected', title: t('de', 'rejectedNotice', { title: event.title }), body: input.reason || undefined, url: `/${ctx.village.slug}/calendar` });
				return { ok: true, redirect: 'suggestions' };
			}
		}),

		rsvp: action({
			permission: 'signedIn',
			input: rsvpSchema,
			api: { method: 'POST', path: 'rsvp', id: 'eventId' },
			summary: '“I’m coming” to one date of an event (going: true), or not after all (false)',
			async run(ctx, input) {
				if (!ctx.settings.rsvp) return forbidden(ctx, 'errRsvpOff');
				const event = await findEvent(ctx.data, input.eventId);
				if (!event || event.status !== 'published') return notFound(ctx);
				const series = { startLocal: event.startLocal, endLocal: event.endLocal, allDay: event.allDay === 1, rrule: event.rrule };
				const key = event.rrule ? input.occurrence : event.startLocal.slice(0, 10);
				if (event.rrule && !isOccurrence(series, key)) return err(ctx, 'occurrence', 'errNotOccurrence', 'occurrence');
				const userId = ctx.actor.userId!;
				await ctx.data.deleteFrom('calendarRsvps').where('eventId', '=', event.id).where('occurrence', '=', key).where('userId', '=', userId).execute();
				if (input.going) {
					const x = await ctx.data.selectFrom('calendarExceptions').select(['kind']).where('eventId', '=', event.id).where('occurrence', '=', key).executeTakeFirst();
					if (event.cancelled === 1 || x?.kind === 'cancel' || x?.kind === 'skip') return { ok: false, status: 409, errors: { _form: t(ctx.locale, 'errCancelled') } };
					if (event.rsvpLimit !== null) {
						const taken = await ctx.data.selectFrom('calendarRsvps').select((eb) => eb.fn.countAll<number>().as('n')).where('eventId', '=', event.id).where('occurrence', '=', key).executeTakeFirst();
						if (Number(taken?.n ?? 0) >= event.rsvpLimit) return { ok: false, status: 409, errors: { _form: t(ctx.locale, 'errFull') } };
					}
					await ctx.data.insertInto('calendarRsvps').values({ id: newId(), eventId: event.id, occurrence: key, userId, createdAt: Date.now() }).execute();
				}
				const state = await rsvpState(ctx, event.id, key);
				return { ok: true, data: { going: input.going, count: state.count } };
			}
		}),

		...importActions
	},

	jobs: importJobs,
	schedules: [importSchedule, reminderSchedule],
	overview
};

// The calendar module (Dorfkalender): a village's events, also recurring ones, as a list, a month and a
// calendar subscription (/<village>/calendar.ics); members suggest, editors and club admins publish.
import { defineModule, newId } from '../../server/moduleApi.ts';
import * as m001 from './migrations/001_calendar.ts';
import { text } from './messages.ts';
import type { CalendarTables } from './queries.ts';
import { formatRule, parseRule, seriesEnd, slotOf } from './recurrence.ts';
import { settingsSchema } from './schemas.ts';
import { seedImport } from './imports.ts';
import { server } from './server.ts';
import { addDays, todayInBerlin } from './time.ts';

export default defineModule<typeof settingsSchema, CalendarTables>({
	id: 'calendar',
	name: { de: 'Veranstaltungen', en: 'Events' },
	description: { de: 'Der Dorfkalender: Feste, Vereinstermine, Müllabfuhr – als Liste, Monatsansicht und Kalender-Abo.', en: 'The village calendar: fêtes, club dates, waste collection – as a list, a month view and a calendar subscription.' },
	icon: 'calendar',
	settings: settingsSchema,
	publicSettings: ['title', 'categories', 'widgetCount', 'allowSuggestions', 'rsvp'],
	permissions: [
		{ id: 'calendar.edit', role: 'editor', description: { de: 'Veranstaltungen eintragen, ändern, absagen und löschen; Vorschläge veröffentlichen', en: 'Add, change, cancel and delete events; publish suggestions' } },
		{ id: 'calendar.suggest', role: 'member', description: { de: 'Veranstaltungen vorschlagen (wenn das Dorf es erlaubt)', en: 'Suggest events (when the village allows it)' } }
	],
	pages: [
		{ path: '', component: 'Agenda', title: { de: 'Veranstaltungen', en: 'Events' } },
		{ path: 'month', component: 'Month', title: { de: 'Veranstaltungen im Monat', en: 'Events of the month' } },
		{ path: 'event/:eventId', component: 'Event', title: { de: 'Veranstaltung', en: 'Event' } },
		{ path: 'new', component: 'EventForm', title: { de: 'Veranstaltung eintragen', en: 'Add an event' }, permission: 'signedIn' },
		{ path: 'event/:eventId/edit', component: 'EventForm', title: { de: 'Veranstaltung bearbeiten', en: 'Edit event' }, permission: 'signedIn' },
		{ path: 'suggestions', component: 'Suggestions', title: { de: 'Vorschläge für den Kalender', en: 'Calendar suggestions' }, permission: 'calendar.edit' },
		{ path: 'imports', component: 'Imports', title: text.imports, permission: 'calendar.edit' }
	],
	widget: { component: 'Widget' },
	migrations: { '001_calendar': m001 },
	tables: ['calendarEvents', 'calendarExceptions', 'calendarRsvps', 'calendarImports'],
	pushTopics: [{ id: 'reminders', name: { de: 'Erinnerung am Vortag', en: 'Reminder the day before' } }],
	server,
	fieldLabels: {
		title: text.eventTitle,
		description: text.description,
		allDay: text.allDay,
		start: text.start,
		end: text.end,
		startDate: text.startDate,
		startTime: text.startTime,
		endDate: text.endDate,
		endTime: text.endTime,
		rrule: text.rrule,
		repeat: text.repeat,
		interval: text.interval,
		repeatEnd: text.repeatEnd,
		count: text.count,
		until: text.until,
		location: text.location,
		latitude: text.latitude,
		longitude: text.longitude,
		category: text.category,
		clubId: text.club,
		link: text.link,
		imageId: text.image,
		imageAlt: text.imageAlt,
		rsvpLimit: text.rsvpLimit,
		occurrence: text.occurrence,
		kind: text.kind,
		note: text.note,
		reason: text.rejectReason,
		from: { de: 'Von (from)', en: 'From' },
		to: { de: 'Bis (to)', en: 'To' },
		name: text.importName,
		url: text.importUrl,
		file: text.importFile,
		importId: text.imports
	},
	messages: {
		errDate: text.errDate,
		errDateTime: text.errDateTime,
		errTime: text.errTime,
		errEndBeforeStart: text.errEndBeforeStart,
		errTooLong: text.errTooLong,
		errRrule: text.errRrule,
		errRruleCountUntil: text.errRruleCountUntil,
		errCoordinates: text.errCoordinates,
		errUrl: text.errUrl,
		errCategories: text.errCategories,
		errRange: text.errRange,
		errImportUrl: text.errImportUrl,
		errSource: text.errSource
	},
	auditActions: {
		'calendar.create': { label: { de: 'Veranstaltung eingetragen', en: 'event added' }, sentence: { de: '{who} hat die Veranstaltung ‚{title}‘ eingetragen', en: '{who} added the event ‘{title}’' } },
		'calendar.suggest': { label: { de: 'Veranstaltung vorgeschlagen', en: 'event suggested' }, sentence: { de: '{who} hat die Veranstaltung ‚{title}‘ vorgeschlagen', en: '{who} suggested the event ‘{title}’' } },
		'calendar.update': { label: { de: 'Veranstaltung geändert', en: 'event changed' }, sentence: { de: '{who} hat die Veranstaltung ‚{title}‘ geändert', en: '{who} changed the event ‘{title}’' } },
		'calendar.delete': { label: { de: 'Veranstaltung gelöscht', en: 'event deleted' }, sentence: { de: '{who} hat die Veranstaltung ‚{title}‘ gelöscht', en: '{who} deleted the event ‘{title}’' } },
		'calendar.cancel': { label: { de: 'Veranstaltung abgesagt', en: 'event cancelled' }, sentence: { de: '{who} hat die Veranstaltung ‚{title}‘ abgesagt', en: '{who} cancelled the event ‘{title}’' } },
		'calendar.uncancel': { label: { de: 'Absage zurückgenommen', en: 'cancellation taken back' }, sentence: { de: '{who} hat die Absage der Veranstaltung ‚{title}‘ zurückgenommen', en: '{who} took back the cancellation of the event ‘{title}’' } },
		'calendar.occurrence.skip': { label: { de: 'Termin einer Serie ausgelassen', en: 'date of a series skipped' }, sentence: { de: '{who} hat einen Termin der Serie ‚{title}‘ ausgelassen', en: '{who} skipped a date of the series ‘{title}’' } },
		'calendar.occurrence.cancel': { label: { de: 'Termin einer Serie abgesagt', en: 'date of a series cancelled' }, sentence: { de: '{who} hat einen Termin der Serie ‚{title}‘ abgesagt', en: '{who} cancelled a date of the series ‘{title}’' } },
		'calendar.occurrence.change': { label: { de: 'Termin einer Serie geändert', en: 'date of a series changed' }, sentence: { de: '{who} hat einen Termin der Serie ‚{title}‘ geändert', en: '{who} changed a date of the series ‘{title}’' } },
		'calendar.occurrence.restore': { label: { de: 'Termin wieder wie die Serie', en: 'date of a series restored' }, sentence: { de: '{who} hat einen Termin der Serie ‚{title}‘ wieder wie die Serie gestellt', en: '{who} set a date of the series ‘{title}’ back to the series' } },
		'calendar.approve': { label: { de: 'Vorschlag veröffentlicht', en: 'suggestion published' }, sentence: { de: '{who} hat den Vorschlag ‚{title}‘ veröffentlicht', en: '{who} published the suggested event ‘{title}’' } },
		'calendar.reject': { label: { de: 'Vorschlag abgelehnt', en: 'suggestion declined' }, sentence: { de: '{who} hat den Vorschlag ‚{title}‘ abgelehnt', en: '{who} declined the suggested event ‘{title}’' } },
		'calendar.import.add': { label: { de: 'Kalender-Import angelegt', en: 'calendar import added' }, sentence: { de: '{who} hat den Kalender-Import ‚{name}‘ angelegt', en: '{who} added the calendar import ‘{name}’' } },
		'calendar.import.run': { label: { de: 'Kalender-Import von Hand abgerufen', en: 'calendar import fetched by hand' }, sentence: { de: '{who} hat den Kalender-Import ‚{name}‘ von Hand abgerufen', en: '{who} fetched the calendar import ‘{name}’ by hand' } },
		'calendar.import.remove': { label: { de: 'Kalender-Import mit seinen Terminen entfernt', en: 'calendar import removed with its dates' }, sentence: { de: '{who} hat den Kalender-Import ‚{name}‘ mit {events} Terminen entfernt', en: '{who} removed the calendar import ‘{name}’ with {events} events' } }
	},
	async seed({ data }) {
		// A living calendar around today: the waste collection every second Tuesday, the choir every week, the
		// Schützenfest in summer, and a few single dates.
		const now = Date.now();
		const today = todayInBerlin(now);
		const weekday = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay();
		const next = (dow: number, from = today) => {
			let d = from;
			while (weekday(d) !== dow) d = addDays(d, 1);
			return d;
		};
		const year = Number(today.slice(0, 4));
		const fest = `${today.slice(5) > '07-01' ? year + 1 : year}-07-03`;
		const events = [
			{ title: 'Müllabfuhr: Restmüll', category: 'Müllabfuhr', startLocal: `${next(2, addDays(today, -28))}`, endLocal: `${next(2, addDays(today, -28))}`, allDay: true, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', location: '', description: 'Tonnen bitte bis 6 Uhr an die Straße stellen.' },
			{ title: 'Chorprobe des Kirchenchors', category: 'Vereine', startLocal: `${next(3, addDays(today, -21))}T19:30`, endLocal: `${next(3, addDays(today, -21))}T21:00`, allDay: false, rrule: 'FREQ=WEEKLY;BYDAY=WE', location: 'Pfarrheim, Kirchplatz 2', description: 'Neue Stimmen sind herzlich willkommen – besonders Tenöre!' },
			{ title: 'Seniorennachmittag', category: 'Vereine', startLocal: `${next(4, addDays(today, -14))}T15:00`, endLocal: `${next(4, addDays(today, -14))}T17:00`, allDay: false, rrule: 'FREQ=MONTHLY;BYDAY=1TH', location: 'Dorfgemeinschaftshaus', description: 'Kaffee, Kuchen und Gespräche. Wer abgeholt werden möchte, meldet sich bitte vorher.' },
			{ title: 'Schützenfest', category: 'Feste', startLocal: fest, endLocal: addDays(fest, 2), allDay: true, rrule: 'FREQ=YEARLY', location: 'Festplatz an der Schützenhalle', description: 'Drei Tage Festbetrieb mit Umzug, Vogelschießen und Königsball.' },
			{ title: 'Dorfputz', category: 'Feste', startLocal: `${next(6, addDays(today, 9))}T09:00`, endLocal: `${next(6, addDays(today, 9))}T12:00`, allDay: false, rrule: '', location: 'Treffpunkt Feuerwehrhaus', description: 'Handschuhe und Säcke sind da. Danach gibt es Erbsensuppe.' },
			{ title: 'Gottesdienst mit dem Posaunenchor', category: 'Kirche', startLocal: `${next(0, addDays(today, 16))}T10:00`, endLocal: `${next(0, addDays(today, 16))}T11:00`, allDay: false, rrule: '', location: 'St. Pankratius', description: '' }
		];
		for (const e of events) {
			const id = newId();
			const rrule = e.rrule ? formatRule(parseRule(e.rrule) as Exclude<ReturnType<typeof parseRule>, string>) : '';
			const series = { startLocal: e.startLocal, endLocal: e.endLocal, allDay: e.allDay, rrule };
			await data
				.insertInto('calendarEvents')
				.values({
					id,
					uid: `${id}@allmende`,
					sequence: 0,
					status: 'published',
					title: e.title,
					description: e.description,
					allDay: e.allDay ? 1 : 0,
					startLocal: e.startLocal,
					endLocal: e.endLocal,
					rrule,
					startAt: slotOf('', e.startLocal, e.endLocal, e.allDay).start,
					seriesEndAt: seriesEnd(series),
					location: e.location,
					latitude: null,
					longitude: null,
					category: e.category,
					clubId: null,
					imageId: null,
					imageAlt: '',
					link: '',
					cancelled: 0,
					rsvpLimit: null,
					createdBy: null,
					importId: null,
					createdAt: now,
					updatedAt: now
				})
				.execute();
		}
		await seedImport(data, today, now);
	}
});

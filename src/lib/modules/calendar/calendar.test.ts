// The calendar module against a real database, through the same context and action runner the core uses for a
// request. Unhappy paths first: who may not write, bad input named, ids of another village; then the series.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageThrough } from '../../../../tests/helpers/overview.ts';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser } from '../../server/auth/accounts.ts';
import { formAction, runModuleAction } from '../../server/builder/moduleActions.ts';
import { createModuleContext } from '../../server/builder/moduleContext.ts';
import { newId } from '../../server/ids.ts';
import type { Actor } from '../../server/policy/index.ts';
import { createLocalHub } from '../../server/realtime/hub.ts';
import { grantRole } from '../../server/tenancy/memberships.ts';
import { insertTenant, type Tenant } from '../../server/tenancy/tenants.ts';
import type { AnyModule } from '../registry.ts';
import calendar from './module.ts';
import type { Occurrence } from './queries.ts';
import { settingsSchema } from './schemas.ts';
import { addDays, todayInBerlin } from './time.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
const module = calendar as unknown as AnyModule;
const users: Record<string, string> = {};
let clubA = '';
let clubB = '';

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	const muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muni });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muni });
	for (const name of ['editorA', 'memberA', 'moderatorA', 'editorB', 'clubAdminA', 'memberA2']) {
		users[name] = (await createUser(t.db, { email: `${name.toLowerCase()}@example.org`, password: 'allmende-demo-1', displayName: name, verified: true })).id;
	}
	for (const [name, village, role] of [['editorA', A, 'editor'], ['memberA', A, 'member'], ['memberA2', A, 'member'], ['moderatorA', A, 'moderator'], ['clubAdminA', A, 'member'], ['editorB', B, 'editor']] as const) {
		await grantRole(t.db, { tenantId: village.id, userId: users[name]!, role });
	}
	const now = Date.now();
	clubA = newId();
	clubB = newId();
	await t.db.insertInto('clubs').values({ id: clubA, tenantId: A.id, name: 'Chor A', slug: 'chor-a', description: '', createdAt: now, updatedAt: now }).execute();
	await t.db.insertInto('clubs').values({ id: clubB, tenantId: B.id, name: 'Chor B', slug: 'chor-b', description: '', createdAt: now, updatedAt: now }).execute();
});
afterAll(() => t.cleanup());

const person = (name: string, tenant: Tenant | null, role: 'admin' | 'editor' | 'moderator' | 'member', clubRoles: Actor['clubRoles'] = []): Actor => ({ userId: users[name]!, memberships: tenant ? [{ tenantId: tenant.id, role }] : [], clubRoles });
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };
const editorA = () => person('editorA', A, 'editor');
const editorB = () => person('editorB', B, 'editor');
const memberA = () => person('memberA', A, 'member');
const clubAdminA = () => person('clubAdminA', A, 'member', [{ clubId: clubA, role: 'admin' }]);

const settings = (over: Record<string, unknown> = {}) => settingsSchema.parse(over);
const ctx = (village: Tenant, actor: Actor, over: Record<string, unknown> = {}) =>
	createModuleContext({ db: t.db, village, module, settings: settings(over), actor, locale: 'de', ip: '127.0.0.1', origin: 'https://allmende.example', readOnly: true });
const act = (village: Tenant, actor: Actor, name: string, input: Record<string, unknown>, over: Record<string, unknown> = {}) =>
	runModuleAction({
		rt: { db: t.db, hub: createLocalHub(), kickJobs: () => {} },
		village,
		vm: { module, enabled: true, position: 0, settings: settings(over) },
		action: formAction(module, name)!,
		actor,
		locale: 'de',
		ip: '127.0.0.1',
		origin: 'https://allmende.example',
		input
	});
const page = (component: string) => module.pages.find((p) => p.component === component)!;
const load = async (village: Tenant, actor: Actor, component: string, params: Record<string, string> = {}, query = '') => module.server.load(ctx(village, actor), page(component), params, new URLSearchParams(query));
const agenda = async (village: Tenant, query = '') => (await load(village, anonymous, 'Agenda', {}, query)).occurrences as Occurrence[];
const rows = (village: Tenant) => t.db.selectFrom('calendarEvents' as never).selectAll().where('tenantId' as never, '=', village.id as never).execute() as Promise<Record<string, unknown>[]>;

const soon = addDays(todayInBerlin(), 3);
const event = (over: Record<string, unknown> = {}) => ({ title: 'Chorprobe', startDate: soon, startTime: '19:30', endTime: '21:00', ...over });
const created = (res: Awaited<ReturnType<typeof act>>) => {
	expect(res).toMatchObject({ ok: true });
	return (res as unknown as { data: { id: string } }).data.id;
};

describe('who may write', () => {
	it('refuses anonymous visitors and another village’s editor, and writes nothing', async () => {
		expect(await act(A, anonymous, 'createEvent', event())).toMatchObject({ ok: false, status: 401 });
		expect(await act(A, editorB(), 'createEvent', event())).toMatchObject({ ok: false, status: 403 });
		expect(await rows(A)).toEqual([]);
	});

	it('refuses a member when the village does not take suggestions, and a club admin for a club not theirs', async () => {
		expect(await act(A, memberA(), 'createEvent', event(), { allowSuggestions: false })).toMatchObject({ ok: false, status: 403 });
		expect(await act(A, clubAdminA(), 'createEvent', event({ clubId: clubB }), { allowSuggestions: false })).toMatchObject({ ok: false, status: 403 });
		// a club of another village is not a club of this one, even for its admin
		expect(await act(A, person('clubAdminA', A, 'member', [{ clubId: clubB, role: 'admin' }]), 'createEvent', event({ clubId: clubB }), { allowSuggestions: false })).toMatchObject({ ok: false, status: 403 });
		expect(await rows(A)).toEqual([]);
	});

	it('turns a member’s event into a suggestion that nobody else sees, and tells the editors', async () => {
		const id = created(await act(A, memberA(), 'createEvent', event({ title: 'Flohmarkt' })));
		expect((await rows(A)).find((r) => r.id === id)).toMatchObject({ status: 'suggested', createdBy: users.memberA });
		expect((await agenda(A)).map((o) => o.title)).not.toContain('Flohmarkt');
		// the event page: the person who suggested it and editors see it; others do not
		expect((await load(A, memberA(), 'Event', { eventId: id })).event).toMatchObject({ title: 'Flohmarkt', status: 'suggested' });
		await expect(load(A, person('memberA2', A, 'member'), 'Event', { eventId: id })).rejects.toMatchObject({ status: 404 });
		await expect(load(A, anonymous, 'Event', { eventId: id })).rejects.toMatchObject({ status: 404 });
		const notes = await t.db.selectFrom('notifications').select(['userId', 'kind']).where('kind', '=', 'calendar.suggestion').execute();
		// the village's editors hear of it (not B's editor, not the person who suggested it)
		expect(notes.map((n) => n.userId)).toEqual([users.editorA]);
	});

	it('lets a club’s admin publish the club’s events, and only those', async () => {
		const id = created(await act(A, clubAdminA(), 'createEvent', event({ title: 'Konzert', clubId: clubA }), { allowSuggestions: false }));
		expect((await rows(A)).find((r) => r.id === id)).toMatchObject({ status: 'published', clubId: clubA });
		const other = created(await act(A, editorA(), 'createEvent', event({ title: 'Dorffest' })));
		expect(await act(A, clubAdminA(), 'updateEvent', { ...event({ title: 'Mein Dorffest' }), eventId: other }, { allowSuggestions: false })).toMatchObject({ ok: false, status: 403 });
		expect(await act(A, clubAdminA(), 'deleteEvent', { eventId: other })).toMatchObject({ ok: false, status: 403 });
		await expect(load(A, clubAdminA(), 'EventForm', { eventId: other })).rejects.toMatchObject({ status: 403 });
		expect((await load(A, clubAdminA(), 'EventForm', { eventId: id })).event).toMatchObject({ title: 'Konzert' });
		expect(await act(A, clubAdminA(), 'updateEvent', { ...event({ title: 'Konzert im Park', clubId: clubA }), eventId: id })).toMatchObject({ ok: true });
	});
});

describe('input', () => {
	it('names the field of every bad value, in German', async () => {
		const cases: [Record<string, unknown>, string, string][] = [
			[{ title: '' }, 'title', 'Titel: Bitte ausfüllen.'],
			[{ startDate: '2026-02-30' }, 'startDate', 'Beginn (Datum): Bitte ein Datum wie 2026-12-08 angeben.'],
			[{ startTime: '25:00' }, 'startTime', 'Beginn (Uhrzeit)'],
			[{ startTime: '7 Uhr' }, 'startTime', 'Beginn (Uhrzeit): Bitte eine Uhrzeit wie 19:00 angeben.'],
			[{ endTime: '18:00' }, 'endTime', 'Ende (Uhrzeit): Das Ende liegt vor dem Beginn.'],
			[{ endDate: addDays(soon, 40) }, 'endDate', 'höchstens 31 Tage'],
			[{ link: 'javascript:alert(1)' }, 'link', 'Link (optional): Nur Adressen mit http:// oder https:// sind erlaubt.'],
			[{ latitude: '91', longitude: '8' }, 'latitude', 'Breitengrad (optional)'],
			[{ latitude: '51.5' }, 'longitude', 'Längengrad (optional)'],
			[{ category: 'Nicht da' }, 'category', 'Kategorie: Diese Kategorie gibt es in diesem Dorf nicht.'],
			[{ clubId: clubB }, 'clubId', 'Veranstalter: Diesen Verein gibt es in diesem Dorf nicht.'],
			[{ repeat: 'weekly', repeatEnd: 'until', until: addDays(soon, -1) }, 'until', 'Letzter Tag: Das Ende liegt vor dem Beginn.'],
			[{ repeat: 'weekly', repeatEnd: 'count' }, 'count', 'Anzahl der Termine'],
			[{ repeat: 'hourly' }, 'repeat', 'Wiederholung'],
			[{ rrule: 'FREQ=HOURLY' }, 'rrule', 'Wiederholungsregel: Diese Wiederholung verstehen wir nicht.'],
			[{ rrule: 'FREQ=DAILY;COUNT=2;UNTIL=20300101' }, 'rrule', 'entweder nach einer Anzahl'],
			[{ rsvpLimit: '0' }, 'rsvpLimit', 'Höchstzahl'],
			[{ title: 'x'.repeat(201) }, 'title', 'Titel'],
			[{ description: 'x'.repeat(20_001) }, 'description', 'Beschreibung']
		];
		for (const [over, field, text] of cases) {
			const res = await act(A, editorA(), 'createEvent', event(over));
			expect(res, JSON.stringify(over)).toMatchObject({ ok: false, status: 400 });
			if (!res.ok) expect(res.errors[field], JSON.stringify(over)).toContain(text);
		}
	});

	it('takes the API’s shape too: start and end with or without an offset, a date for all day, a rule', async () => {
		const id = created(await act(A, editorA(), 'createEvent', { title: 'Laternenumzug', start: '2026-11-11T17:00:00+01:00', end: '2026-11-11T16:30:00Z' }));
		expect((await rows(A)).find((r) => r.id === id)).toMatchObject({ startLocal: '2026-11-11T17:00', endLocal: '2026-11-11T17:30', allDay: 0, rrule: '' });
		const fest = created(await act(A, editorA(), 'createEvent', { title: 'Schützenfest', start: '2027-07-03', end: '2027-07-05', rrule: 'RRULE:FREQ=YEARLY' }));
		expect((await rows(A)).find((r) => r.id === fest)).toMatchObject({ startLocal: '2027-07-03', endLocal: '2027-07-05', allDay: 1, rrule: 'FREQ=YEARLY;INTERVAL=1', seriesEndAt: null });
		for (const bad of [{ start: 'morgen' }, { start: '2026-13-01T10:00' }, { start: '2026-12-01T10:00', end: '2026-12-01' }, { start: undefined }]) {
			const res = await act(A, editorA(), 'createEvent', { title: 'X', ...bad });
			expect(res, JSON.stringify(bad)).toMatchObject({ ok: false, status: 400 });
			if (!res.ok) expect(Object.keys(res.errors)[0], JSON.stringify(bad)).toMatch(/^(start|end)$/);
		}
	});

	it('keeps names like constructor and __proto__ as plain text', async () => {
		const id = created(await act(A, editorA(), 'createEvent', event({ title: '__proto__', location: 'constructor', description: '{"__proto__": {"x": 1}}' })));
		const shown = (await load(A, anonymous, 'Event', { eventId: id })).event as { title: string; location: string };
		expect(shown).toMatchObject({ title: '__proto__', location: 'constructor' });
		expect(({} as Record<string, unknown>).x).toBeUndefined();
	});

	it('neutralises script in the description and the title on the page', async () => {
		const id = created(await act(A, editorA(), 'createEvent', event({ title: '<img src=x onerror=alert(1)>', description: '<script>alert(1)</script>\n\n[klick](javascript:alert(1)) <a href="javascript:alert(2)">x</a> <img src=x onerror=alert(3)>' })));
		const shown = (await load(A, anonymous, 'Event', { eventId: id })).event as { descriptionHtml: string; title: string };
		expect(shown.descriptionHtml).not.toMatch(/<script|javascript:|onerror/i);
		// the title is text: Svelte escapes it; it is stored as typed
		expect(shown.title).toBe('<img src=x onerror=alert(1)>');
	});
});

describe('another village', () => {
	it('answers 404 for ids of another village and changes nothing there', async () => {
		const inB = created(await act(B, editorB(), 'createEvent', event({ title: 'Nur in B', repeat: 'weekly' })));
		const before = await rows(B);
		for (const [name, input] of [
			['updateEvent', { ...event({ title: 'Übernommen' }), eventId: inB }],
			['deleteEvent', { eventId: inB }],
			['cancelEvent', { eventId: inB, cancelled: 'true' }],
			['changeOccurrence', { eventId: inB, occurrence: soon, kind: 'skip' }],
			['approveSuggestion', { eventId: inB }],
			['rejectSuggestion', { eventId: inB }],
			['rsvp', { eventId: inB, occurrence: soon, going: 'true' }]
		] as const) {
			expect(await act(A, person('editorA', A, 'admin'), name, input), name).toMatchObject({ ok: false, status: 404 });
		}
		expect(await rows(B)).toEqual(before);
		await expect(load(A, anonymous, 'Event', { eventId: inB })).rejects.toMatchObject({ status: 404 });
		await expect(load(A, person('editorA', A, 'admin'), 'EventForm', { eventId: inB })).rejects.toMatchObject({ status: 404 });
		expect((await agenda(A)).map((o) => o.title)).not.toContain('Nur in B');
	});
});

describe('series', () => {
	let series = '';
	const start = addDays(todayInBerlin(), 1);

	it('expands a weekly series into the list, the month and the widget', async () => {
		series = created(await act(A, editorA(), 'createEvent', { title: 'Kirchenchor', startDate: start, startTime: '19:30', endTime: '21:00', repeat: 'weekly', interval: '1', repeatEnd: 'count', count: '5', category: 'Vereine' }));
		const mine = (await agenda(A)).filter((o) => o.eventId === series);
		expect(mine.map((o) => o.key)).toEqual([0, 7, 14, 21, 28].map((n) => addDays(start, n)));
		expect(mine.every((o) => o.startLocal.endsWith('T19:30'))).toBe(true);
		const month = (await load(A, anonymous, 'Month', {}, `month=${start.slice(0, 7)}`)).occurrences as Occurrence[];
		expect(month.some((o) => o.eventId === series && o.key === start)).toBe(true);
		const widget = (await module.server.widget!(ctx(A, anonymous, { widgetCount: 10 }))) as { occurrences: { eventId: string; key: string; when: string }[]; texts: Record<string, string> };
		// the widget's words come with its data (the home page ships none of the module's texts)
		expect(widget.occurrences.find((o) => o.eventId === series && o.key === start)?.when).toMatch(/, 19:30–21:00 Uhr$/);
		expect(widget.texts).toEqual({ empty: 'Demnächst ist nichts eingetragen.', all: 'Alle Veranstaltungen', cancelled: 'Abgesagt' });
		// filters: by category, and by a category the village does not have (ignored, not an error)
		expect((await agenda(A, 'category=Vereine')).every((o) => o.category === 'Vereine')).toBe(true);
		expect((await agenda(A, 'category=Sport')).some((o) => o.eventId === series)).toBe(false);
	});

	it('skips, cancels and changes one date, and refuses a day that is not one of its dates', async () => {
		const second = addDays(start, 7);
		const third = addDays(start, 14);
		const fourth = addDays(start, 21);
		expect(await act(A, editorA(), 'changeOccurrence', { eventId: series, occurrence: addDays(start, 1), kind: 'skip' })).toMatchObject({ ok: false, status: 400 });
		expect(await act(A, memberA(), 'changeOccurrence', { eventId: series, occurrence: second, kind: 'skip' })).toMatchObject({ ok: false, status: 403 });
		expect(await act(A, editorA(), 'changeOccurrence', { eventId: series, occurrence: second, kind: 'skip' })).toMatchObject({ ok: true, redirect: `event/${series}?on=${second}` });
		expect(await act(A, editorA(), 'changeOccurrence', { eventId: series, occurrence: third, kind: 'cancel', note: 'Ferien' })).toMatchObject({ ok: true });
		expect(await act(A, editorA(), 'changeOccurrence', { eventId: series, occurrence: fourth, kind: 'change', start: `${addDays(fourth, 1)}T18:00`, title: 'Kirchenchor (verlegt)' })).toMatchObject({ ok: true });
		expect(await act(A, editorA(), 'changeOccurrence', { eventId: series, occurrence: fourth, kind: 'change', start: `${addDays(fourth, 40)}T18:00` })).toMatchObject({ ok: false, status: 400 });
		const mine = (await agenda(A)).filter((o) => o.eventId === series);
		expect(mine.map((o) => [o.key, o.cancelled, o.changed, o.startLocal])).toEqual([
			[start, false, false, `${start}T19:30`],
			[third, true, false, `${third}T19:30`],
			[fourth, false, true, `${addDays(fourth, 1)}T18:00`],
			[addDays(start, 28), false, false, `${addDays(start, 28)}T19:30`]
		]);
		expect(mine.find((o) => o.key === third)?.note).toBe('Ferien');
		// restore makes it like the series again
		expect(await act(A, editorA(), 'changeOccurrence', { eventId: series, occurrence: second, kind: 'restore' })).toMatchObject({ ok: true });
		expect((await agenda(A)).filter((o) => o.eventId === series)).toHaveLength(5);
	});

	it('cancels the whole series, and takes it back', async () => {
		expect(await act(A, editorA(), 'cancelEvent', { eventId: series, cancelled: 'on' })).toMatchObject({ ok: true });
		expect((await agenda(A)).filter((o) => o.eventId === series).every((o) => o.cancelled)).toBe(true);
		expect(await act(A, editorA(), 'cancelEvent', { eventId: series })).toMatchObject({ ok: true });
		expect((await agenda(A)).filter((o) => o.eventId === series && o.cancelled).map((o) => o.key)).toEqual([addDays(start, 14)]);
		const row = (await rows(A)).find((r) => r.id === series)!;
		expect(row.sequence).toBeGreaterThanOrEqual(6); // every change of the series counts for calendar apps
		expect(row.uid).toBe(`${series}@allmende`);
	});
});

describe('suggestions and RSVP', () => {
	it('lets an editor publish or decline a suggestion, telling the person', async () => {
		const keep = created(await act(A, memberA(), 'createEvent', event({ title: 'Spieleabend' })));
		const drop = created(await act(A, memberA(), 'createEvent', event({ title: 'Werbeveranstaltung' })));
		expect(await act(A, memberA(), 'approveSuggestion', { eventId: keep })).toMatchObject({ ok: false, status: 403 });
		const queue = (await load(A, editorA(), 'Suggestions')).suggestions as { id: string }[];
		expect(queue.map((s) => s.id)).toEqual(expect.arrayContaining([keep, drop]));
		expect(await act(A, editorA(), 'approveSuggestion', { eventId: keep })).toMatchObject({ ok: true });
		expect(await act(A, editorA(), 'approveSuggestion', { eventId: keep })).toMatchObject({ ok: false, status: 409 });
		expect(await act(A, editorA(), 'rejectSuggestion', { eventId: drop, reason: 'Keine Werbung im Dorfkalender' })).toMatchObject({ ok: true });
		expect((await agenda(A)).map((o) => o.title)).toContain('Spieleabend');
		expect((await rows(A)).some((r) => r.id === drop)).toBe(false);
		const notes = await t.db.selectFrom('notifications').select(['kind', 'body']).where('userId', '=', users.memberA!).execute();
		expect(notes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'calendar.approved' }), expect.objectContaining({ kind: 'calendar.rejected', body: 'Keine Werbung im Dorfkalender' })]));
	});

	it('counts “Ich komme” per date, keeps to the limit, and refuses when switched off or cancelled', async () => {
		const id = created(await act(A, editorA(), 'createEvent', event({ title: 'Kochkurs', rsvpLimit: '1' })));
		expect(await act(A, anonymous, 'rsvp', { eventId: id, occurrence: soon, going: 'true' })).toMatchObject({ ok: false, status: 401 });
		expect(await act(A, memberA(), 'rsvp', { eventId: id, occurrence: soon, going: 'true' }, { rsvp: false })).toMatchObject({ ok: false, status: 403 });
		expect(await act(A, memberA(), 'rsvp', { eventId: id, occurrence: soon, going: 'true' })).toMatchObject({ ok: true, data: { going: true, count: 1 } });
		// twice is still one
		expect(await act(A, memberA(), 'rsvp', { eventId: id, occurrence: soon, going: 'true' })).toMatchObject({ ok: true, data: { count: 1 } });
		expect(await act(A, person('memberA2', A, 'member'), 'rsvp', { eventId: id, occurrence: soon, going: 'true' })).toMatchObject({ ok: false, status: 409 });
		expect(await act(A, memberA(), 'rsvp', { eventId: id, occurrence: soon, going: 'false' })).toMatchObject({ ok: true, data: { going: false, count: 0 } });
		expect(await act(A, editorA(), 'cancelEvent', { eventId: id, cancelled: 'true' })).toMatchObject({ ok: true });
		expect(await act(A, memberA(), 'rsvp', { eventId: id, occurrence: soon, going: 'true' })).toMatchObject({ ok: false, status: 409 });
	});
});

describe('deleting', () => {
	it('deletes an event with its exceptions and answers, and sends the form back to the list', async () => {
		const id = created(await act(A, editorA(), 'createEvent', event({ title: 'Einmal', repeat: 'daily', repeatEnd: 'count', count: '3' })));
		await act(A, editorA(), 'changeOccurrence', { eventId: id, occurrence: addDays(soon, 1), kind: 'cancel' });
		await act(A, memberA(), 'rsvp', { eventId: id, occurrence: soon, going: 'true' });
		expect(await act(A, editorA(), 'deleteEvent', { eventId: id })).toMatchObject({ ok: true, redirect: '?deleted=1' });
		expect(await t.db.selectFrom('calendarExceptions' as never).selectAll().where('eventId' as never, '=', id as never).execute()).toEqual([]);
		expect(await t.db.selectFrom('calendarRsvps' as never).selectAll().where('eventId' as never, '=', id as never).execute()).toEqual([]);
		const audit = await t.db.selectFrom('auditLog').select(['action']).where('targetId', '=', id).execute();
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['calendar.create', 'calendar.occurrence.cancel', 'calendar.delete']));
	});
});

describe("the village's events on the county's overview", () => {
	it('lists what anyone may see, each date of a series on its own, soonest first, page after page', async () => {
		const C = await insertTenant(t.db, { kind: 'village', slug: 'dorf-c', name: 'Dorf C', parent: A });
		const editorC = person('editorA', C, 'editor');
		const memberC = person('memberA', C, 'member');
		const weekly = created(await act(C, editorC, 'createEvent', event({ title: 'Boule', repeat: 'weekly', repeatEnd: 'count', count: '3', category: 'Sport' })));
		created(await act(C, editorC, 'createEvent', event({ title: 'Kirmes', startTime: '19:30', category: 'Feste' })));
		// a member's suggestion is nobody's business until an editor publishes it
		await act(C, memberC, 'createEvent', event({ title: 'Vorschlag' }), { allowSuggestions: true });
		const overview = module.server.overview!;
		const list = (args: { limit: number; after?: { at: number; id: string | null }; category?: string }) => overview.list(ctx(C, anonymous), { from: Date.now(), ...args });

		const all = await list({ limit: 50 });
		expect(all.map((i) => i.title)).toEqual(['Boule', 'Kirmes', 'Boule', 'Boule']);
		expect(all[0]).toMatchObject({ id: `${weekly}:${soon}`, url: `/dorf-c/calendar/event/${weekly}?on=${soon}`, category: 'Sport', allDay: false, cancelled: false });
		expect(new Set(all.map((i) => i.id)).size).toBe(4);
		// the same moment: Boule before Kirmes by id, and the next page goes on after the one shown last
		expect(all[0]!.at).toBe(all[1]!.at);
		const sorted = [...all].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
		expect(all).toEqual(sorted);
		expect(await pageThrough(list)).toEqual(all);
		// with id null: nothing of that moment
		expect((await list({ limit: 50, after: { at: all[0]!.at, id: null } })).map((i) => i.id)).toEqual(all.slice(2).map((i) => i.id));
		expect((await list({ limit: 50, category: 'Feste' })).map((i) => i.title)).toEqual(['Kirmes']);
		expect(overview.categories(ctx(C, anonymous))).toContain('Sport');
		// another village's list knows nothing of these
		expect((await overview.list(ctx(B, anonymous), { limit: 50, from: Date.now() })).map((i) => i.title)).not.toContain('Boule');
	});
});

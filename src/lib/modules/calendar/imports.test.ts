// Calendar imports through the real module dispatch: actions as a form runs them (runModuleAction), address
// imports fetched by the job worker and the hourly schedule from a local server that FETCH_ALLOW lets through.
// Unhappy paths first: who may not, bad input, another village; then a file, an address over several runs
// (added, changed, removed, failed), UIDs that belong to others, and what may be done with imported events.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setModule } from '../../../../tests/helpers/jobsModule.ts';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser } from '../../server/auth/accounts.ts';
import { listAudit } from '../../server/audit/audit.ts';
import { formAction, runModuleAction } from '../../server/builder/moduleActions.ts';
import { createModuleContext } from '../../server/builder/moduleContext.ts';
import { moduleJobHandler } from '../../server/builder/moduleJobs.ts';
import { enqueueSchedules } from '../../server/jobs/schedules.ts';
import { runDueJobs } from '../../server/jobs/worker.ts';
import type { Actor } from '../../server/policy/index.ts';
import { createLocalHub } from '../../server/realtime/hub.ts';
import { grantRole } from '../../server/tenancy/memberships.ts';
import { insertTenant, type Tenant } from '../../server/tenancy/tenants.ts';
import type { AnyModule } from '../registry.ts';
import { importSchema } from './imports.ts';
import calendar from './module.ts';
import { settingsSchema } from './schemas.ts';
import { addDays, todayInBerlin } from './time.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
const module = calendar as unknown as AnyModule;
const hub = createLocalHub();
const users: Record<string, string> = {};
let server: Server;
let origin = '';
/** what the local calendar server answers, by path */
const served: Record<string, { status?: number; body: string }> = {};
const fetched: string[] = [];
let allowBefore: string | undefined;

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	const muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muni });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muni });
	for (const [name, village, role] of [['editorA', A, 'editor'], ['memberA', A, 'member'], ['editorB', B, 'editor']] as const) {
		users[name] = (await createUser(t.db, { email: `${name.toLowerCase()}@example.org`, password: 'allmende-demo-1', displayName: name, verified: true })).id;
		await grantRole(t.db, { tenantId: village.id, userId: users[name]!, role });
	}
	for (const v of [A, B]) await setModule(t.db, v, 'calendar', true);
	server = createServer((req, res) => {
		fetched.push(req.url ?? '');
		const answer = served[req.url ?? ''];
		res.statusCode = answer?.status ?? (answer ? 200 : 404);
		res.setHeader('content-type', 'text/calendar; charset=utf-8');
		res.end(answer?.body ?? 'nicht da');
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	allowBefore = process.env.FETCH_ALLOW;
	process.env.FETCH_ALLOW = origin;
});
afterAll(async () => {
	if (allowBefore === undefined) delete process.env.FETCH_ALLOW;
	else process.env.FETCH_ALLOW = allowBefore;
	server.closeAllConnections();
	await new Promise((done) => server.close(done));
	await t.cleanup();
});
beforeEach(() => {
	fetched.length = 0;
});

const person = (name: string, village: Tenant, role: 'admin' | 'editor' | 'member'): Actor => ({ userId: users[name]!, memberships: [{ tenantId: village.id, role }], clubRoles: [] });
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };
const editorA = () => person('editorA', A, 'editor');
const editorB = () => person('editorB', B, 'editor');
const settings = settingsSchema.parse({});
const act = (village: Tenant, actor: Actor, name: string, input: Record<string, unknown>, files?: Record<string, File>) =>
	runModuleAction({ rt: { db: t.db, hub, kickJobs: () => {} }, village, vm: { module, enabled: true, position: 0, settings }, action: formAction(module, name)!, actor, locale: 'de', ip: '127.0.0.1', origin: 'https://allmende.example', input, files });
const page = (component: string) => module.pages.find((p) => p.component === component)!;
const load = (village: Tenant, actor: Actor, component: string, params: Record<string, string> = {}, query = '') =>
	module.server.load(createModuleContext({ db: t.db, village, module, settings, actor, locale: 'de', ip: '', readOnly: true }), page(component), params, new URLSearchParams(query));
/** the job worker, as the server runs it */
const work = (now = Date.now()) => runDueJobs({ db: t.db, dialect: t.dialect, handlers: { module: moduleJobHandler({ db: t.db, hub }) }, now });
const rows = (village: Tenant, table = 'calendarEvents') => t.db.selectFrom(table as never).selectAll().where('tenantId' as never, '=', village.id as never).execute() as Promise<Record<string, unknown>[]>;
const importsOf = async (village: Tenant) => (await load(village, person('editorA', village, 'admin'), 'Imports')).imports as { id: string; name: string; url: string; lastOk: boolean; result: { text: string; details: string[] }; events: number }[];
const ics = (events: string[]) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//DE\r\n${events.join('\r\n')}\r\nEND:VCALENDAR\r\n`;
const day = (n: number) => addDays(todayInBerlin(), n).replaceAll('-', '');
const vevent = (uid: string, summary: string, n: number, extra: string[] = []) => ['BEGIN:VEVENT', `UID:${uid}`, `DTSTART;TZID=Europe/Berlin:${day(n)}T190000`, `DTEND;TZID=Europe/Berlin:${day(n)}T210000`, `SUMMARY:${summary}`, ...extra, 'END:VEVENT'].join('\r\n');
const file = (text: string | Uint8Array<ArrayBuffer>, name = 'kalender.ics') => new File([text], name, { type: 'text/calendar' });
const redirectOf = (res: Awaited<ReturnType<typeof act>>) => (res.ok ? (res.redirect ?? '') : '');
const idOf = (res: Awaited<ReturnType<typeof act>>) => {
	expect(res).toMatchObject({ ok: true });
	return String(res.ok ? res.data.id : '');
};

describe('who may import', () => {
	it('refuses anonymous visitors, members and another village’s editor, and writes nothing', async () => {
		const input = { name: 'Abfuhr', url: `${origin}/abfuhr.ics` };
		expect(await act(A, anonymous, 'addImport', input)).toMatchObject({ ok: false, status: 401 });
		expect(await act(A, person('memberA', A, 'member'), 'addImport', input)).toMatchObject({ ok: false, status: 403 });
		expect(await act(A, editorB(), 'addImport', input)).toMatchObject({ ok: false, status: 403 });
		expect(await rows(A, 'calendarImports')).toEqual([]);
		expect(await t.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
	});

	it('names the field of every bad input', async () => {
		const cases: [Record<string, unknown>, string, string][] = [
			[{ url: `${origin}/x.ics` }, 'name', 'Name: Bitte ausfüllen.'],
			[{ name: 'Beides fehlt' }, 'url', 'Adresse des Kalenders (URL): Bitte eine Adresse oder eine Datei angeben, nicht beides.'],
			[{ name: 'Beides', url: `${origin}/x.ics`, file: 'BEGIN:VCALENDAR' }, 'url', 'nicht beides'],
			[{ name: 'Skript', url: 'javascript:alert(1)' }, 'url', 'Nur Adressen mit https://, http:// oder webcal:// sind möglich.'],
			[{ name: 'FTP', url: 'ftp://gemeinde.example/abfuhr.ics' }, 'url', 'Nur Adressen mit https://'],
			[{ name: 'Kategorie', url: `${origin}/x.ics`, category: 'Gibt es nicht' }, 'category', 'Kategorie: Diese Kategorie gibt es in diesem Dorf nicht.'],
			[{ name: 'x'.repeat(81), url: `${origin}/x.ics` }, 'name', 'Name']
		];
		for (const [input, field, message] of cases) {
			const res = await act(A, editorA(), 'addImport', input);
			expect(res, JSON.stringify(input)).toMatchObject({ ok: false, status: 400 });
			if (!res.ok) expect(res.errors[field], JSON.stringify(input)).toContain(message);
		}
		expect(await rows(A, 'calendarImports')).toEqual([]);
	});

	it('refuses a file that is no calendar, is too large or cannot be read, at its field', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
		const cases: [File, string][] = [
			[file(png, 'bild.ics'), 'Oder eine Kalenderdatei (.ics): Das ist keine Kalenderdatei.'],
			[file(`BEGIN:VCALENDAR\r\n${'X'.repeat(2 * 1024 * 1024)}`), 'Die Datei ist zu groß (höchstens 2 MB).'],
			[file('BEGIN:VCALENDAR\r\nKEINE ZEILE\r\nEND:VCALENDAR\r\n'), 'Die Datei ließ sich nicht einlesen: Der Kalender ist fehlerhaft und lässt sich nicht lesen.']
		];
		for (const [upload, message] of cases) {
			const res = await act(A, editorA(), 'addImport', { name: 'Datei' }, { file: upload });
			expect(res, message).toMatchObject({ ok: false, status: 400, errors: { file: expect.stringContaining(message) } });
		}
		expect(await rows(A, 'calendarImports')).toEqual([]);
	});

	it('reads webcal:// as https://', () => {
		expect(importSchema.parse({ name: 'Abo', url: 'webcal://kalender.example/verein.ics' }).url).toBe('https://kalender.example/verein.ics');
	});
});

describe('a file', () => {
	it('is read once when it is added, into the category, and its result shown', async () => {
		const text = ics([vevent('chor@verein.example', 'Chorprobe', 2, ['RRULE:FREQ=WEEKLY;COUNT=10', `EXDATE;TZID=Europe/Berlin:${day(9)}T190000`]), vevent('fest@verein.example', 'Sommerfest', 20), ['BEGIN:VEVENT', 'UID:kaputt@verein.example', 'SUMMARY:Ohne Beginn', 'END:VEVENT'].join('\r\n')]);
		const res = await act(A, editorA(), 'addImport', { name: 'Kirchenchor', category: 'Vereine' }, { file: file(text) });
		const id = idOf(res);
		expect(redirectOf(res)).toBe(`imports?added=${id}`);
		const events = (await rows(A)).filter((e) => e.importId === id);
		expect(events.map((e) => [e.uid, e.title, e.category, e.status])).toEqual(
			expect.arrayContaining([
				['chor@verein.example', 'Chorprobe', 'Vereine', 'published'],
				['fest@verein.example', 'Sommerfest', 'Vereine', 'published']
			])
		);
		const skipped = (await rows(A, 'calendarExceptions')).filter((x) => x.eventId === events.find((e) => e.uid === 'chor@verein.example')!.id);
		expect(skipped.map((x) => [x.occurrence, x.kind])).toEqual([[addDays(todayInBerlin(), 9), 'skip']]);
		const [shown] = (await importsOf(A)).filter((i) => i.id === id);
		expect(shown).toMatchObject({ name: 'Kirchenchor', url: '', lastOk: true, events: 2, result: { text: 'Erfolgreich: 2 neu, 0 geändert, 0 entfernt.', details: ['1 Termin übersprungen: ohne Beginn'] } });
		expect((await load(A, editorA(), 'Imports', {}, `added=${id}`)).added).toBe('Kirchenchor');
		// a file is not fetched again
		expect(await act(A, editorA(), 'runImport', { importId: id })).toMatchObject({ ok: false, status: 409, errors: { _form: expect.stringContaining('Eine Datei wird nur einmal eingelesen') } });
	});
});

describe('an address', () => {
	let id = '';
	const url = () => `${origin}/verein.ics`;
	const eventsOf = async () => (await rows(A)).filter((e) => e.importId === id);
	const result = async () => (await importsOf(A)).find((i) => i.id === id)!;

	it('is queued when added and fetched by the job worker', async () => {
		served['/verein.ics'] = { body: ics([vevent('probe@club.example', 'Probe', 3), vevent('konzert@club.example', 'Konzert', 10), vevent('ausflug@club.example', 'Ausflug', 15)]) };
		const res = await act(A, editorA(), 'addImport', { name: 'Musikverein', category: 'Vereine', url: url() });
		id = idOf(res);
		expect(redirectOf(res)).toBe(`imports?queued=${id}`);
		expect(await eventsOf()).toEqual([]);
		expect((await result()).result.text).toContain('Noch nicht abgerufen');
		expect(await work()).toBe(1);
		expect(fetched).toEqual(['/verein.ics']);
		expect((await eventsOf()).map((e) => e.title).sort()).toEqual(['Ausflug', 'Konzert', 'Probe']);
		expect((await result()).result.text).toBe('Erfolgreich: 3 neu, 0 geändert, 0 entfernt.');
	});

	it('on the next run adds, updates (SEQUENCE up) and removes by UID, and leaves what did not change', async () => {
		const before = new Map((await eventsOf()).map((e) => [e.uid, e]));
		served['/verein.ics'] = { body: ics([vevent('probe@club.example', 'Probe', 3), vevent('konzert@club.example', 'Konzert im Park', 10), vevent('grillen@club.example', 'Grillfest', 30)]) };
		expect(await act(A, editorA(), 'runImport', { importId: id })).toMatchObject({ ok: true, redirect: `imports?queued=${id}` });
		await work();
		const after = new Map((await eventsOf()).map((e) => [e.uid, e]));
		expect([...after.keys()].sort()).toEqual(['grillen@club.example', 'konzert@club.example', 'probe@club.example']);
		expect(after.get('konzert@club.example')).toMatchObject({ title: 'Konzert im Park', sequence: Number(before.get('konzert@club.example')!.sequence) + 1 });
		expect(after.get('probe@club.example')).toEqual(before.get('probe@club.example'));
		expect((await result()).result.text).toBe('Erfolgreich: 1 neu, 1 geändert, 1 entfernt.');
	});

	it('keeps the events when a run fails, and says why', async () => {
		const count = (await eventsOf()).length;
		served['/verein.ics'] = { status: 404, body: 'weg' };
		await act(A, editorA(), 'runImport', { importId: id });
		await work(Date.now() + 60_000);
		expect(await eventsOf()).toHaveLength(count);
		expect(await result()).toMatchObject({ lastOk: false, result: { text: 'Fehlgeschlagen: Der Server antwortet mit Status 404. Die bisherigen Termine bleiben, bis ein Abruf gelingt.' } });
		served['/verein.ics'] = { body: '<html>Wartungsarbeiten</html>' };
		await act(A, editorA(), 'runImport', { importId: id });
		await work(Date.now() + 120_000);
		expect(await eventsOf()).toHaveLength(count);
		expect((await result()).result.text).toContain('Der Kalender ist fehlerhaft');
	});

	it('leaves UIDs of the village’s own events and of other imports alone, and counts them', async () => {
		const own = idOf(await act(A, editorA(), 'createEvent', { title: 'Eigener Termin', startDate: addDays(todayInBerlin(), 4), startTime: '18:00' }));
		const ownUid = `${own}@allmende`;
		served['/verein.ics'] = { body: ics([vevent('probe@club.example', 'Probe', 3), vevent(ownUid, 'Übernommen!', 4), vevent('chor@verein.example', 'Chorprobe, doppelt', 2)]) };
		await act(A, editorA(), 'runImport', { importId: id });
		await work(Date.now() + 180_000);
		expect((await rows(A)).find((e) => e.id === own)).toMatchObject({ title: 'Eigener Termin', importId: null });
		expect((await rows(A)).filter((e) => e.uid === 'chor@verein.example')).toHaveLength(1);
		expect((await result()).result).toEqual({ text: 'Erfolgreich: 0 neu, 0 geändert, 2 entfernt.', details: ['2 Termine übersprungen: UID gehört schon zu einem anderen Termin dieses Dorfes'] });
	});

	it('is fetched again by the hourly schedule once it is due, and not before', async () => {
		const now = Date.now();
		served['/verein.ics'] = { body: ics([vevent('probe@club.example', 'Probe', 3)]) };
		// just run: not due
		await enqueueSchedules({ db: t.db, now });
		await work(now);
		expect(fetched).toEqual([]);
		// once its last run is six hours ago (the default setting), the next hour's check fetches it
		await t.db.updateTable('calendarImports' as never).set({ lastRunAt: now - 6 * 3_600_000 - 60_000 } as never).where('id' as never, '=', id as never).execute();
		const later = now + 3_600_000;
		await enqueueSchedules({ db: t.db, now: later });
		await work(later);
		expect(fetched).toEqual(['/verein.ics']);
		// the page names the full hour of the check that will find it due next
		const shown = (await load(A, editorA(), 'Imports')).imports as { id: string; lastRunAt: number; nextRunAt: number }[];
		const mine = shown.find((i) => i.id === id)!;
		expect(mine.nextRunAt % 3_600_000).toBe(0);
		expect(mine.nextRunAt - mine.lastRunAt).toBeGreaterThanOrEqual(6 * 3_600_000 - 10 * 60_000);
		expect(mine.nextRunAt - mine.lastRunAt).toBeLessThan(7 * 3_600_000 - 10 * 60_000);
	});

	it('never reaches a local address that FETCH_ALLOW does not name', async () => {
		// written out, an internal address or another port is refused at once, at its field, and nothing is kept
		const before = (await importsOf(A)).length;
		for (const [url, message] of [
			['http://127.0.0.1/kalender.ics', 'Adresse des Kalenders (URL): Diese Adresse zeigt auf ein internes Netz und wird nicht abgerufen.'],
			['http://[::ffff:7f00:1]/kalender.ics', 'Adresse des Kalenders (URL): Diese Adresse zeigt auf ein internes Netz und wird nicht abgerufen.'],
			['http://0x7f.1/kalender.ics', 'Adresse des Kalenders (URL): Diese Adresse zeigt auf ein internes Netz und wird nicht abgerufen.'],
			['webcal://169.254.169.254/latest', 'Adresse des Kalenders (URL): Diese Adresse zeigt auf ein internes Netz und wird nicht abgerufen.'],
			['http://localhost:8080/kalender.ics', 'Adresse des Kalenders (URL): Nur die üblichen Ports 80 und 443 sind möglich.']
		]) {
			const res = await act(A, editorA(), 'addImport', { name: 'Intern', url });
			expect(res, url).toMatchObject({ ok: false, status: 400, errors: { url: message } });
		}
		expect(await importsOf(A)).toHaveLength(before);
		// a name that resolves to one is refused when it is looked up, and the last result says so
		const local = idOf(await act(A, editorA(), 'addImport', { name: 'Intern', url: 'http://localhost/kalender.ics' }));
		await work(Date.now() + 240_000);
		const shown = await importsOf(A);
		expect(shown.find((i) => i.id === local)!.result.text).toContain('Diese Adresse zeigt auf ein internes Netz und wird nicht abgerufen.');
		expect(fetched).toEqual([]);
	});
});

describe('imported events', () => {
	let importId = '';
	let eventId = '';
	beforeAll(async () => {
		const text = ics([vevent('serie@quelle.example', '<b>Treffen</b>', 1, ['RRULE:FREQ=WEEKLY;COUNT=4', 'DESCRIPTION:<script>alert(1)</script>Alle sind [eingeladen](javascript:alert(2))'])]);
		importId = idOf(await act(A, editorA(), 'addImport', { name: 'Quelle', category: 'Feste' }, { file: file(text) }));
		eventId = String((await rows(A)).find((e) => e.uid === 'serie@quelle.example')!.id);
	});

	it('cannot be changed here: the source is in charge', async () => {
		const refused = { ok: false, status: 409, errors: { _form: 'Dieser Termin ist aus „Quelle“ importiert und wird dort geändert, nicht hier.' } };
		expect(await act(A, editorA(), 'updateEvent', { eventId, title: 'Anders', startDate: addDays(todayInBerlin(), 1), startTime: '10:00' })).toEqual({ ...refused, values: expect.any(Object) });
		expect(await act(A, editorA(), 'cancelEvent', { eventId, cancelled: 'true' })).toMatchObject(refused);
		expect(await act(A, editorA(), 'changeOccurrence', { eventId, occurrence: addDays(todayInBerlin(), 1), kind: 'cancel' })).toMatchObject(refused);
		await expect(load(A, editorA(), 'EventForm', { eventId })).rejects.toMatchObject({ status: 409 });
		expect((await rows(A)).find((e) => e.id === eventId)).toMatchObject({ title: 'Treffen', cancelled: 0 });
	});

	it('shows where it came from, with its text made harmless', async () => {
		const shown = await load(A, anonymous, 'Event', { eventId });
		expect(shown.importedFrom).toBe('Quelle');
		const html = (shown.event as { descriptionHtml: string }).descriptionHtml;
		expect(html).not.toMatch(/<script|<a\b|href=/i);
		expect(html).toContain('Alle sind [eingeladen](javascript:alert(2))');
		// the village's own events have no source
		const own = (await rows(A)).find((e) => e.importId === null)!;
		expect((await load(A, anonymous, 'Event', { eventId: String(own.id) })).importedFrom).toBeNull();
	});

	it('may be deleted; the import goes with all its events', async () => {
		expect(await act(A, editorA(), 'deleteEvent', { eventId })).toMatchObject({ ok: true });
		const second = (await rows(A)).filter((e) => e.importId === importId);
		expect(second).toEqual([]);
		expect(await act(A, editorA(), 'removeImport', { importId })).toMatchObject({ ok: true, redirect: 'imports?removed=1' });
		expect((await rows(A, 'calendarImports')).some((i) => i.id === importId)).toBe(false);
		const audit = await t.db.selectFrom('auditLog').select(['action', 'targetId']).where('tenantId', '=', A.id).where('action', 'like', 'calendar.import.%').execute();
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['calendar.import.add', 'calendar.import.run', 'calendar.import.remove']));
		// the history tells it with the import's name and how many events went with it
		const told = (await listAudit(t.db, { tenantIds: [A.id] })).find((e) => e.action === 'calendar.import.remove')!;
		expect(told.sentence).toMatch(/ hat den Kalender-Import ‚.+‘ mit \d+ Terminen entfernt$/);
	});
});

describe('another village', () => {
	it('neither sees nor runs nor removes A’s imports: 404, and A’s rows stay as they are', async () => {
		const [first] = await importsOf(A);
		const before = JSON.stringify([await rows(A, 'calendarImports'), await rows(A)]);
		expect((await importsOf(B)).map((i) => i.id)).not.toContain(first!.id);
		expect(await act(B, editorB(), 'runImport', { importId: first!.id })).toMatchObject({ ok: false, status: 404 });
		expect(await act(B, editorB(), 'removeImport', { importId: first!.id })).toMatchObject({ ok: false, status: 404 });
		expect(await act(A, editorB(), 'runImport', { importId: first!.id })).toMatchObject({ ok: false, status: 403 });
		expect(await act(A, person('memberA', A, 'member'), 'removeImport', { importId: first!.id })).toMatchObject({ ok: false, status: 403 });
		expect(await act(A, anonymous, 'removeImport', { importId: first!.id })).toMatchObject({ ok: false, status: 401 });
		expect(JSON.stringify([await rows(A, 'calendarImports'), await rows(A)])).toBe(before);
	});
});

// The county admin's job page and the notification bell, over HTTP against the built server. Failed jobs and
// notifications cannot be made through the UI (no module of the registry sends any yet), so the test writes
// them into the server's database directly, through the DATABASE_URL the server uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config.ts';
import { openDb, type Db } from '../../src/lib/server/db/index.ts';
import { newId } from '../../src/lib/server/ids.ts';
import { notify } from '../../src/lib/server/notifications/notify.ts';
import { Client } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let db: Db;
let member: Client;
let county: Client;
let adminB: Client;
let anonymous: Client;
const users = {} as Record<string, string>;
const villages = {} as Record<string, string>;

beforeAll(async () => {
	server = await startServer();
	db = openDb(loadConfig({ DATABASE_URL: server.databaseUrl }).database).db;
	member = new Client(server.url);
	await member.login('buerger@example.org');
	county = new Client(server.url);
	await county.login('kreis@example.org');
	adminB = new Client(server.url);
	await adminB.login('dorf2@example.org');
	anonymous = new Client(server.url);
	for (const u of await db.selectFrom('users').select(['id', 'email']).execute()) users[u.email] = u.id;
	for (const v of await db.selectFrom('tenants').select(['id', 'slug']).where('kind', '=', 'village').execute()) villages[v.slug] = v.id;
}, 60_000);

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
});

const html = async (res: Response) => {
	expect(res.status).toBe(200);
	return res.text();
};

describe('the notification bell', () => {
	it('is not there for anonymous visitors', async () => {
		expect(await html(await anonymous.get('/'))).not.toContain('/account/notifications');
		expect(await html(await anonymous.get('/altengeseke/'))).not.toContain('/account/notifications');
	});

	it('has no count while nothing is unread', async () => {
		const page = await html(await member.get('/'));
		expect(page).toContain('href="/account/notifications"');
		expect(page).toContain('>Benachrichtigungen</span>');
		expect(page).not.toContain('ungelesen');
	});

	it('says how many are unread, on the platform and in the village app, counting only own notifications', async () => {
		await notify(db, { userIds: [users['buerger@example.org']!], tenantId: villages.altengeseke!, moduleId: 'links', kind: 'test', title: 'Dorffest am Samstag', body: 'Ab 14 Uhr am Dorfplatz.', url: '/altengeseke/' });
		await notify(db, { userIds: [users['buerger@example.org']!], tenantId: villages.altengeseke!, moduleId: 'links', kind: 'test', title: 'Straßensperrung', body: 'Die Hauptstraße ist gesperrt.' });
		await notify(db, { userIds: [users['redaktion@example.org']!], tenantId: villages.altengeseke!, moduleId: 'links', kind: 'test', title: 'Nur für die Redaktion' });
		for (const path of ['/', '/altengeseke/', '/koerbecke/links']) {
			const page = await html(await member.get(path));
			expect(page, path).toContain('Benachrichtigungen, 2 ungelesen');
			expect(page, path).toMatch(/class="badge[^"]*" aria-hidden="true">2</);
		}
		const english = new Client(server.url);
		await english.login('buerger@example.org');
		expect((await english.post('/locale', { locale: 'en', redirectTo: '/' })).status).toBe(303);
		expect(await html(await english.get('/'))).toContain('Notifications, 2 unread');
	});
});

describe('/account/notifications', () => {
	const idOf = async (title: string) => (await db.selectFrom('notifications').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;

	it('lists own notifications, newest first, unread said in words, with village and Berlin time', async () => {
		const at = Date.UTC(2030, 5, 1, 10, 30); // 12:30 in Berlin (summer time)
		await db.insertInto('notifications').values({ id: newId(at), userId: users['buerger@example.org']!, tenantId: villages.altengeseke!, moduleId: 'links', kind: 'test', title: 'Aus der Zukunft', body: '', url: null, readAt: null, createdAt: at }).execute();
		const page = await html(await member.get('/account/notifications'));
		expect(page).toContain('3 ungelesen');
		expect(page).toContain('Ungelesen');
		expect(page).toContain('Altengeseke');
		expect(page).toContain('01.06.2030, 12:30');
		expect(page).not.toContain('Nur für die Redaktion');
		expect(page.indexOf('Aus der Zukunft')).toBeLessThan(page.indexOf('Straßensperrung'));
		expect(page.indexOf('Straßensperrung')).toBeLessThan(page.indexOf('Dorffest am Samstag'));
	});

	it("refuses to open another person's notification", async () => {
		const res = await member.post('/account/notifications?/open', { id: await idOf('Nur für die Redaktion') });
		expect(res.status).toBe(404);
		expect(await db.selectFrom('notifications').select('readAt').where('title', '=', 'Nur für die Redaktion').executeTakeFirstOrThrow()).toEqual({ readAt: null });
	});

	it('opening one marks it read and follows its link', async () => {
		const res = await member.post('/account/notifications?/open', { id: await idOf('Dorffest am Samstag') });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/altengeseke/');
		expect(await html(await member.get('/'))).toContain('Benachrichtigungen, 2 ungelesen');
		const page = await html(await member.get('/account/notifications'));
		expect(page).toContain('Gelesen');
	});

	it('one without a link is marked read and the list shown again', async () => {
		const res = await member.post('/account/notifications?/open', { id: await idOf('Straßensperrung') });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Als gelesen markiert.');
	});

	it('"mark all as read" clears the count and the badge', async () => {
		const res = await member.post('/account/notifications?/readAll', {});
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Alle Benachrichtigungen sind als gelesen markiert.');
		const page = await html(await member.get('/altengeseke/'));
		expect(page).not.toContain('ungelesen');
		expect(await db.selectFrom('notifications').select('readAt').where('title', '=', 'Nur für die Redaktion').executeTakeFirstOrThrow()).toEqual({ readAt: null });
	});

	it('pages by cursor', async () => {
		const userId = users['buerger@example.org']!;
		for (let i = 0; i < 25; i++) await db.insertInto('notifications').values({ id: newId(), userId, tenantId: null, moduleId: null, kind: 'test', title: `Meldung ${i}`, body: '', url: null, readAt: null, createdAt: Date.UTC(2031, 0, 1) + i }).execute();
		const first = await html(await member.get('/account/notifications'));
		expect(first).toContain('Meldung 24');
		expect(first).not.toContain('Meldung 4<');
		const older = /href="\?before=([^"]+)"/.exec(first)![1]!;
		const second = await html(await member.get(`/account/notifications?before=${older}`));
		expect(second).toContain('Meldung 4<');
		expect(second).not.toContain('Meldung 24');
		expect(second).toContain('Zu den neuesten Benachrichtigungen');
	});
});

describe('/admin/jobs', () => {
	const failedJob = async (args: { kind: string; payload: unknown; tenantId?: string; moduleId?: string; lastError: string }) => {
		const id = newId();
		const now = Date.now();
		await db
			.insertInto('jobs')
			.values({ id, kind: args.kind, payload: JSON.stringify(args.payload), idempotencyKey: id, runAt: now, lockedUntil: null, doneAt: now, lastError: args.lastError, tenantId: args.tenantId ?? null, moduleId: args.moduleId ?? null, failedAt: now, createdAt: now })
			.execute();
		await db.updateTable('jobs').set({ attempts: 8 }).where('id', '=', id).execute();
		return id;
	};
	let mailJob = '';
	let moduleJob = '';

	beforeAll(async () => {
		mailJob = await failedJob({ kind: 'mail', payload: { to: 'geheim@example.org', subject: 'Passwort zurücksetzen' }, lastError: 'Error: 554 mailbox unavailable' });
		moduleJob = await failedJob({ kind: 'module', payload: { job: 'nope', data: { token: 'geheimer-token' } }, tenantId: villages.koerbecke!, moduleId: 'links', lastError: 'Error: feed unreachable' });
	});

	it('is linked from /admin for the county admin only', async () => {
		expect(await html(await county.get('/admin'))).toContain('href="/admin/jobs"');
		expect(await html(await adminB.get('/admin'))).not.toContain('href="/admin/jobs"');
	});

	it('shows counts and the failed jobs in words, never their payload', async () => {
		const page = await html(await county.get('/admin/jobs'));
		expect(page).toContain('Aufträge im Hintergrund');
		expect(page).toContain('Fehlgeschlagen');
		expect(page).toContain('E-Mail');
		expect(page).toContain('Baustein-Auftrag „nope“');
		expect(page).toContain('Körbecke');
		expect(page).toContain('Wichtige Links');
		expect(page).toContain('8 von 8');
		expect(page).toContain('Error: 554 mailbox unavailable');
		expect(page).not.toContain('geheim@example.org');
		expect(page).not.toContain('geheimer-token');
		expect(page).not.toContain('Passwort zurücksetzen');
	});

	it('refuses retry and discard to a village admin', async () => {
		expect((await adminB.post('/admin/jobs?/retry', { jobId: moduleJob })).status).toBe(403);
		expect((await adminB.post('/admin/jobs?/discard', { jobId: mailJob })).status).toBe(403);
		expect((await anonymous.post('/admin/jobs?/retry', { jobId: moduleJob })).status).toBe(303);
		expect(await db.selectFrom('jobs').select('failedAt').where('id', 'in', [mailJob, moduleJob]).execute()).toEqual([{ failedAt: expect.any(Number) }, { failedAt: expect.any(Number) }]);
	});

	it('answers an unknown or not failed job with 404 and says so', async () => {
		const res = await county.post('/admin/jobs?/retry', { jobId: 'no-such-job' });
		expect(res.status).toBe(404);
		expect(await res.text()).toContain('Diesen fehlgeschlagenen Auftrag gibt es nicht');
		expect((await county.post('/admin/jobs?/retry', {})).status).toBe(400);
	});

	it('retries a failed job: the worker runs it again at once; audit-logged', async () => {
		const res = await county.post('/admin/jobs?/retry', { jobId: moduleJob });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Der Auftrag wird jetzt erneut versucht.');
		// links is on in Körbecke but declares no job "nope": the worker tries it once more and schedules the next attempt
		const deadline = Date.now() + 15_000;
		let job = await db.selectFrom('jobs').selectAll().where('id', '=', moduleJob).executeTakeFirstOrThrow();
		// the worker counts the attempt when it claims the job and writes the error after the run: wait for both
		while (Date.now() < deadline && (job.attempts === 0 || job.lockedUntil !== null)) {
			await new Promise((r) => setTimeout(r, 100));
			job = await db.selectFrom('jobs').selectAll().where('id', '=', moduleJob).executeTakeFirstOrThrow();
		}
		expect(job).toMatchObject({ attempts: 1, failedAt: null, doneAt: null });
		expect(job.lastError).toContain('module "links" has no job "nope"');
		expect(await html(await county.get('/admin/audit'))).toMatch(/hat einen fehlgeschlagenen Hintergrund-Auftrag \([^)]*\) neu gestartet/);
	});

	it('discards a failed job: done, not run again; audit-logged', async () => {
		const res = await county.post('/admin/jobs?/discard', { jobId: mailJob });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Der Auftrag wurde verworfen.');
		const job = await db.selectFrom('jobs').selectAll().where('id', '=', mailJob).executeTakeFirstOrThrow();
		expect(job.failedAt).toBeNull();
		expect(job.doneAt).not.toBeNull();
		expect(await db.selectFrom('devMailbox').select('id').where('toAddress', '=', 'geheim@example.org').execute()).toEqual([]);
		expect(await html(await county.get('/admin/audit'))).toMatch(/hat einen fehlgeschlagenen Hintergrund-Auftrag \([^)]*\) verworfen/);
	});
});

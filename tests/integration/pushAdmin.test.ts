// The editors' side of push against the real server with the demo county, unhappy paths first: who may open
// /<village>/admin/push and send from it (editors and admins of the village; not members, not another village's
// editors or admins), bad input named by field, the hourly quota — and then a message that really goes out to a
// local mock push service (PUSH_ENDPOINT_ALLOW), with its figures on the page and in the API. Also: editors in
// the village administration see only their sections, and /account lists and removes a person's devices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/index.ts';
import { newId } from '../../src/lib/server/ids.ts';
import { Client } from '../helpers/http.ts';
import { startMockPushService, type MockPushService } from '../helpers/mockPushService.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let mock: MockPushService;
let db: Db;
const ids = {} as Record<'A' | 'B' | 'editor' | 'member', string>;
let anonymous: Client;
let member: Client; // member in Altengeseke (A)
let editor: Client; // editor in Altengeseke
let adminA: Client;
let adminB: Client; // admin of Körbecke (B)

const PAGE = '/altengeseke/admin/push';
const SEND = `${PAGE}?/send`;
const message = { topic: 'alerts', title: 'Wasserrohrbruch in der Kirchstraße', body: 'Bitte Wasser abkochen.', url: '/altengeseke/', urgency: 'high' };

beforeAll(async () => {
	// the mock answers as a push service would; "kaputt" is refused for good (400: failed), "weg" has unsubscribed (410: gone)
	mock = await startMockPushService({ https: false, respond: (req) => (req.id === 'kaputt' ? { status: 400, body: 'bad request' } : undefined) });
	server = await startServer({ PUSH_ENDPOINT_ALLOW: mock.origin });
	db = openServerDb(server.databaseUrl).db;
	const tenant = async (slug: string) => (await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
	ids.A = await tenant('altengeseke');
	ids.B = await tenant('koerbecke');
	const user = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
	ids.editor = await user('redaktion@example.org');
	ids.member = await user('buerger@example.org');
	anonymous = new Client(server.url);
	[member, editor, adminA, adminB] = [new Client(server.url), new Client(server.url), new Client(server.url), new Client(server.url)];
	await member.login('buerger@example.org');
	await editor.login('redaktion@example.org');
	await adminA.login('dorf1@example.org');
	await adminB.login('dorf2@example.org');
}, 120_000);

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	await mock?.close();
});

const messageCount = async () => Number((await db.selectFrom('pushMessages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
/** The text of the page without tags, for what a reader sees. */
const textOf = (html: string) => html.replace(/<!--[^]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\s+/g, ' ');

describe('who may open the page and send', () => {
	it('sends anonymous visitors to the login, and refuses members and other villages’ editors and admins', async () => {
		const get = await anonymous.get(PAGE);
		expect(get.status).toBe(303);
		expect(get.headers.get('location')).toBe(`/login?next=${encodeURIComponent(PAGE)}`);
		expect((await member.get(PAGE)).status).toBe(403);
		expect((await adminB.get(PAGE)).status).toBe(403);
		expect((await editor.get('/koerbecke/admin/push')).status).toBe(403);
		expect((await editor.get('/anroechte/admin/push')).status).toBe(404);
	});

	it('writes nothing for a refused send', async () => {
		const before = await messageCount();
		expect((await anonymous.post(SEND, message)).status).toBe(303);
		expect((await member.post(SEND, message)).status).toBe(403);
		expect((await adminB.post(SEND, message)).status).toBe(403);
		expect((await editor.post('/koerbecke/admin/push?/send', message)).status).toBe(403);
		expect(await messageCount()).toBe(before);
	});

	it('opens for the village’s editors and admins, with the topics and how many devices chose each', async () => {
		for (const client of [editor, adminA]) {
			const res = await client.get(PAGE);
			expect(res.status).toBe(200);
			const text = textOf(await res.text());
			expect(text).toContain('Eilmeldung senden');
			expect(text).toContain('Eilmeldungen aus dem Dorf (0 Geräte)');
			expect(text).toContain('Hoch – weckt das Gerät (nur für wirklich Dringendes)');
		}
	});
});

describe('bad input', () => {
	it('names the field, keeps what was typed and writes nothing', async () => {
		const before = await messageCount();
		const cases: [Record<string, string>, string][] = [
			[{ ...message, title: '' }, 'Titel: '],
			[{ ...message, title: 'x'.repeat(121) }, 'Titel: '],
			[{ ...message, topic: 'gibt.es.nicht' }, 'Thema: Dieses Thema gibt es in diesem Dorf nicht'],
			[{ ...message, url: 'javascript:alert(1)' }, 'Link (wird beim Antippen geöffnet): Bitte einen Pfad'],
			[{ ...message, url: 'http://example.org/' }, 'Link (wird beim Antippen geöffnet): Bitte einen Pfad'],
			[{ ...message, urgency: 'sofort' }, 'Dringlichkeit: '],
			[{ ...message, body: 'x'.repeat(501) }, 'Text: ']
		];
		for (const [form, named] of cases) {
			const res = await editor.post(SEND, form);
			expect(res.status, JSON.stringify(form).slice(0, 80)).toBe(400);
			const html = await res.text();
			expect(textOf(html), named).toContain(named);
			// what was typed is still there (the title of all but the first two cases)
			if (form.title === message.title) expect(html).toContain(`value="${message.title}"`);
		}
		expect(await messageCount()).toBe(before);
	});

	it('answers 400, not 500, to a body that is no form', async () => {
		const res = await fetch(server.url + SEND, { method: 'POST', redirect: 'manual', headers: { origin: server.url, accept: 'text/html', 'content-type': 'multipart/form-data; boundary=x', cookie: editor.cookieHeader() }, body: 'kaputt' });
		expect(res.status).toBe(400);
	});
});

describe('the hourly quota', () => {
	it('refuses the 21st message of the hour with a message saying so, and writes nothing', async () => {
		const now = Date.now();
		const earlier = Array.from({ length: 20 }, (_, i) => ({ id: newId(now - 1000 - i), tenantId: ids.A, topics: '["alerts"]', title: `Frühere ${i}`, body: '', url: '', urgency: 'normal' as const, ttl: 60, moduleId: null, createdBy: ids.editor, tokenId: null, createdAt: now - 60_000 - i, preparedAt: now, finishedAt: now, total: 0, sent: 0, failed: 0, gone: 0 }));
		await db.insertInto('pushMessages').values(earlier).execute();
		try {
			const before = await messageCount();
			const res = await editor.post(SEND, message);
			expect(res.status).toBe(429);
			expect(textOf(await res.text())).toContain('In der letzten Stunde wurden schon 20 Nachrichten gesendet');
			expect(await messageCount()).toBe(before);
			// another village has its own quota
			expect((await adminB.post('/koerbecke/admin/push?/send', { ...message, title: 'In Körbecke' })).status).toBe(303);
		} finally {
			await db.deleteFrom('pushMessages').where('id', 'in', earlier.map((e) => e.id)).execute();
		}
	});
});

describe('a message that goes out', () => {
	/** Subscribes a mock device to Altengeseke's topics through the API, as the village app does. */
	async function subscribe(id: string, topics: string[]) {
		const { endpoint, keys } = mock.newSubscription(id);
		const res = await anonymous.api('POST', '/api/v1/villages/altengeseke/push/subscriptions', { endpoint, keys, topics });
		expect(res.status).toBe(201);
	}

	it('shows the devices per topic, sends on to the progress page and reaches done with the figures of the deliveries', async () => {
		for (const id of ['eins', 'zwei', 'drei', 'kaputt', 'weg']) await subscribe(id, ['alerts']);
		await subscribe('nur-projekte', ['projects']);
		mock.forget('weg');
		const page = textOf(await (await editor.get(PAGE)).text());
		expect(page).toContain('Eilmeldungen aus dem Dorf (5 Geräte)');
		expect(page).toContain('Neues aus unseren Projekten (1 Gerät)');

		const res = await editor.post(SEND, message);
		expect(res.status).toBe(303);
		const location = res.headers.get('location')!;
		expect(location).toMatch(/^\/altengeseke\/admin\/push\?message=[0-9a-f-]{36}$/);
		const id = location.split('=')[1]!;

		// the page's script asks the API with the session cookie, about every second, until it is done
		let progress: { state: string; total: number; sent: number; failed: number; gone: number; pending: number } | undefined;
		for (let i = 0; i < 100; i++) {
			const api = await editor.api('GET', `/api/v1/villages/altengeseke/push/messages/${id}`);
			expect(api.status).toBe(200);
			progress = await api.json();
			if (progress!.state === 'done') break;
			await new Promise((r) => setTimeout(r, 200));
		}
		expect(progress).toMatchObject({ state: 'done', total: 5, sent: 3, failed: 1, gone: 1, pending: 0 });
		const delivered = mock.stats().delivered;
		for (const device of ['eins', 'zwei', 'drei']) expect(delivered[device]?.[0]?.json).toMatchObject({ id, title: message.title, url: message.url });
		expect(delivered['nur-projekte']).toBeUndefined();

		// the page (as without JavaScript) shows the same figures, and the message in the history with its sender
		const html = await (await editor.get(location)).text();
		const text = textOf(html);
		expect(text).toContain(`Stand: „${message.title}“`);
		expect(text).toContain('Fertig.');
		expect(text).toContain('Gesendet 3 · Fehlgeschlagen 1 · Abgemeldet 1 · Ausstehend 0 von 5');
		expect(text).toContain('an „Eilmeldungen aus dem Dorf“ · von Clara Redaktion');
		expect(html).toMatch(/<progress[^>]*max="5"[^>]*value="5"/);
		// the device that was gone is no longer counted
		expect(text).toContain('Eilmeldungen aus dem Dorf (4 Geräte)');
		// and the village's history tells it
		expect(textOf(await (await adminA.get('/altengeseke/admin/history')).text())).toContain(`Clara Redaktion hat die Push-Nachricht ‚${message.title}‘ an ‚Eilmeldungen aus dem Dorf‘ gesendet`);
	});

	it('shows no progress for another village’s message or an id that is none', async () => {
		const inB = (await db.selectFrom('pushMessages').select('id').where('tenantId', '=', ids.B).executeTakeFirstOrThrow()).id;
		for (const id of [inB, newId(), '<script>', 'x'.repeat(100)]) {
			const res = await editor.get(`${PAGE}?message=${encodeURIComponent(id)}`);
			expect(res.status).toBe(200);
			expect(textOf(await res.text())).not.toContain('Stand: „');
		}
		expect((await editor.get(`${PAGE}?before=gestern`)).status).toBe(400);
	});
});

describe('the history', () => {
	it('pages the village’s messages by time, newest first, and names a module as sender', async () => {
		const base = Date.now() - 3 * 3_600_000;
		const older = Array.from({ length: 25 }, (_, i) => ({ id: newId(base - i * 1000), tenantId: ids.A, topics: '["news.important"]', title: `Alte Nachricht ${String(i).padStart(2, '0')}`, body: '', url: '', urgency: 'normal' as const, ttl: 60, moduleId: 'news', createdBy: null, tokenId: null, createdAt: base - i * 1000, preparedAt: base, finishedAt: base, total: 2, sent: 2, failed: 0, gone: 0 }));
		await db.insertInto('pushMessages').values(older).execute();
		const first = await (await editor.get(PAGE)).text();
		expect(textOf(first)).toContain('an „Wichtige Mitteilungen“ · von Dorf-News');
		const next = /href="\?before=(\d+)" rel="next"/.exec(first)?.[1];
		expect(next).toBeDefined();
		const second = textOf(await (await editor.get(`${PAGE}?before=${next}`)).text());
		expect(second).toContain('Alte Nachricht 24');
		expect(second).toContain('Zu den neuesten Nachrichten');
		// every message once over both pages
		const titles = [...(first + second).matchAll(/Alte Nachricht (\d\d)/g)].map((x) => x[1]);
		expect(new Set(titles).size).toBe(25);
	});
});

describe('the village administration for editors', () => {
	it('shows an editor only the sections they may use, and every other section refuses them', async () => {
		const overview = await editor.get('/altengeseke/admin');
		expect(overview.status).toBe(200);
		const html = await overview.text();
		const nav = /<nav class="sections[^"]*"[^]*?<\/nav>/.exec(html)![0];
		expect([...nav.matchAll(/href="([^"]+)"/g)].map((x) => x[1])).toEqual(['/altengeseke/admin', '/altengeseke/admin/push']);
		expect(html).toContain('href="/altengeseke/admin/push"');
		// what concerns the admins is not on the editor's overview
		expect(textOf(html)).not.toContain('Das Dorf in Zahlen');
		for (const section of ['members', 'clubs', 'history', 'settings', 'settings/impressum']) expect((await editor.get(`/altengeseke/admin/${section}`)).status, section).toBe(403);
		expect((await editor.post('/altengeseke/admin/clubs?/createClub', { name: 'Von der Redaktion' })).status).toBe(403);
	});

	it('shows an admin every section, Push-Nachrichten among them', async () => {
		const html = await (await adminA.get('/altengeseke/admin')).text();
		const nav = /<nav class="sections[^"]*"[^]*?<\/nav>/.exec(html)![0];
		expect([...nav.matchAll(/href="([^"]+)"/g)].map((x) => x[1])).toEqual(['/altengeseke/admin', '/altengeseke/builder', '/altengeseke/admin/push', '/altengeseke/admin/members', '/altengeseke/admin/clubs', '/altengeseke/admin/history', '/altengeseke/admin/settings']);
	});
});

describe('devices on /account', () => {
	const ANDROID = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36';

	it('shows nothing about devices to a person without any', async () => {
		expect(textOf(await (await adminB.get('/account')).text())).not.toContain('Benachrichtigungen auf Ihren Geräten');
	});

	it('lists a device subscribed while signed in; another person’s id removes nothing (404), one’s own is removed', async () => {
		const { endpoint, keys } = mock.newSubscription('handy-dieter');
		expect((await member.api('POST', '/api/v1/villages/altengeseke/push/subscriptions', { endpoint, keys, topics: ['alerts', 'news.important'] }, { 'user-agent': ANDROID })).status).toBe(201);
		const sub = await db.selectFrom('pushSubscriptions').select('id').where('endpoint', '=', endpoint).executeTakeFirstOrThrow();
		const page = textOf(await (await member.get('/account')).text());
		expect(page).toContain('Benachrichtigungen auf Ihren Geräten');
		expect(page).toContain('Altengeseke · Chrome auf Android');
		expect(page).toContain('Themen: Eilmeldungen aus dem Dorf, Wichtige Mitteilungen');
		// not on another person's page, and not theirs to remove
		expect(textOf(await (await editor.get('/account')).text())).not.toContain('Chrome auf Android');
		expect((await editor.post('/account?/removeDevice', { id: sub.id })).status).toBe(404);
		expect((await editor.post('/account?/removeDevice', { id: '' })).status).toBe(400);
		expect((await anonymous.post('/account?/removeDevice', { id: sub.id })).status).toBe(303);
		expect(await db.selectFrom('pushSubscriptions').select('id').where('id', '=', sub.id).execute()).toHaveLength(1);
		const removed = await member.post('/account?/removeDevice', { id: sub.id });
		expect(removed.status).toBe(303);
		expect(removed.headers.get('location')).toBe('/account?saved=device');
		expect(await db.selectFrom('pushSubscriptions').select('id').where('id', '=', sub.id).execute()).toEqual([]);
		const after = textOf(await (await member.get('/account?saved=device')).text());
		expect(after).toContain('Gerät entfernt.');
		expect(after).not.toContain('Benachrichtigungen auf Ihren Geräten');
		// a second time: gone
		expect((await member.post('/account?/removeDevice', { id: sub.id })).status).toBe(404);
	});
});

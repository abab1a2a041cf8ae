// The chat over the core's /ws, in process, with the real module, resolver and action runner: refusals first
// (club rooms, other villages, anonymous, muted), then live delivery, acknowledgement after the commit, the
// idempotent resend, resuming by rev, mentions (bell and push), XSS, large messages, and a deleted account.
// Real server processes (kill -9, two instances on PostgreSQL) are in tests/integration/chat.test.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser } from '../../server/auth/accounts.ts';
import { deleteAccount, exportAccount } from '../../server/auth/gdpr.ts';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { createSubscriptionResolver } from '../../server/builder/moduleChannels.ts';
import { loadConfig } from '../../server/config.ts';
import { storeUpload } from '../../server/files/uploads.ts';
import { newId } from '../../server/ids.ts';
import { createLocalHub } from '../../server/realtime/hub.ts';
import { attachWebSocket } from '../../server/realtime/socket.ts';
import { createSocketActionRunner } from '../../server/realtime/socketActions.ts';
import { connect, settle, type Msg } from '../../server/realtime/testClient.ts';
import { grantRole } from '../../server/tenancy/memberships.ts';
import { insertTenant, type Tenant } from '../../server/tenancy/tenants.ts';
import type { AnyModule } from '../registry.ts';
import chatModule from './module.ts';
import { postResultSchema, roomEventSchema } from './protocol.ts';
import type { ShownMessage } from './reading.ts';

const chat = chatModule as unknown as AnyModule;
const PASSWORD = 'ein langes passwort';

let t: TestDb;
let A: Tenant;
let B: Tenant;
const u = {} as Record<'anna' | 'bernd' | 'carl' | 'mia' | 'bea', string>;
const rooms = {} as Record<'open' | 'club' | 'news' | 'roomB', string>;
let clubA = '';

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: county });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: county });
	const names = { anna: 'Anna Beispiel', bernd: 'Bernd Beispiel', carl: 'Carl Wehr', mia: 'Mia Moderation', bea: 'Bea Anderswo' };
	for (const [key, displayName] of Object.entries(names)) u[key as keyof typeof u] = (await createUser(t.db, { email: `${key}@example.org`, password: PASSWORD, displayName, locale: 'de', verified: true })).id;
	for (const key of ['anna', 'bernd', 'carl'] as const) await grantRole(t.db, { tenantId: A.id, userId: u[key], role: 'member' });
	await grantRole(t.db, { tenantId: A.id, userId: u.mia, role: 'moderator' });
	await grantRole(t.db, { tenantId: B.id, userId: u.bea, role: 'member' });
	const now = Date.now();
	clubA = newId();
	await t.db.insertInto('clubs').values({ id: clubA, tenantId: A.id, name: 'Feuerwehr', slug: 'feuerwehr', description: '', createdAt: now, updatedAt: now }).execute();
	await t.db.insertInto('clubMembers').values({ id: newId(), tenantId: A.id, clubId: clubA, userId: u.carl, role: 'member', createdAt: now }).execute();
	for (const village of [A, B]) await t.db.insertInto('villageModules').values({ id: newId(), tenantId: village.id, moduleId: 'chat', enabledAt: now, position: 0, settings: JSON.stringify({ rateLimitPerMinute: 120 }), updatedAt: now }).execute();
	const room = async (village: Tenant, slug: string, kind: string, clubId: string | null = null) => {
		const id = newId();
		await t.db
			.insertInto('chatRooms' as never)
			.values({ id, tenantId: village.id, name: slug, slug, description: '', rules: '', kind, clubId, archivedAt: null, lockedAt: null, holdNewAccounts: 0, lastSeq: 0, lastRev: 0, createdBy: null, createdAt: now, updatedAt: now } as never)
			.execute();
		return id;
	};
	rooms.open = await room(A, 'allgemein', 'open');
	rooms.club = await room(A, 'feuerwehr', 'club', clubA);
	rooms.news = await room(A, 'ankuendigungen', 'announcements');
	rooms.roomB = await room(B, 'allgemein', 'open');
});
afterAll(() => t?.cleanup());

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup() {
	const hub = createLocalHub();
	const server: Server = createServer((_req, res) => res.end('ok'));
	const endpoint = attachWebSocket(server, {
		db: t.db,
		config: loadConfig({}),
		hub,
		resolveSubscription: createSubscriptionResolver(t.db, [chat]),
		runAction: createSocketActionRunner({ db: t.db, hub, kickJobs: () => {} }, { modules: [chat], writesPerMinute: 10_000 })
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	servers.push({ close: async () => (await endpoint.close(), await new Promise<void>((r) => server.close(() => r()))) });
	return base;
}

async function client(base: string, userId: string | null) {
	const headers: Record<string, string> = {};
	if (userId) {
		const { token } = await createSession(t.db, { userId, policy: { idleMs: 3_600_000, absoluteMs: 86_400_000 }, ip: '127.0.0.1', userAgent: 'test', host: new URL(base).host });
		headers.cookie = `${SESSION_COOKIE}=${token}`;
	}
	const c = connect(base, headers);
	await c.opened;
	let n = 0;
	const call = async (action: string, input: unknown, village = 'dorf-a') => {
		const ref = `r${++n}`;
		c.send({ type: 'action', ref, village, module: 'chat', action, input });
		return c.waitFor({ type: 'result', ref });
	};
	const subscribe = async (id: string, roomId: string, extra: Record<string, unknown> = {}, village = 'dorf-a') => {
		const from = c.messages.length;
		c.send({ type: 'subscribe', id, channel: 'chat:room', village, params: { roomId }, ...extra });
		return c.waitFor({ id }, from);
	};
	/** the room events of subscription `id`, each checked against the schema the room page parses them with */
	const events = (id: string) => c.all({ type: 'event', id }).map((m) => roomEventSchema.parse(m.event) as { kind: string; rev: number; message?: ShownMessage; large?: boolean; id?: string });
	return { ...c, call, subscribe, events };
}

const resultOf = (m: Msg) => postResultSchema.parse(m.result);

describe('who may subscribe and post over /ws', () => {
	it('refuses anonymous, another village’s member, and non-members of a club room; club members and moderators read it', async () => {
		const base = await setup();
		const anonymous = await client(base, null);
		expect(await anonymous.subscribe('s', rooms.open)).toMatchObject({ type: 'error', code: 'forbidden' });
		expect(await anonymous.call('post', { roomId: rooms.open, body: 'Hallo' })).toMatchObject({ ok: false, status: 401 });
		const bea = await client(base, u.bea);
		expect(await bea.subscribe('s', rooms.open)).toMatchObject({ type: 'error', code: 'forbidden' });
		expect(await bea.call('post', { roomId: rooms.open, body: 'Hallo' })).toMatchObject({ ok: false, status: 403 });
		// A's room through B's address: not there
		expect(await bea.subscribe('s2', rooms.open, {}, 'dorf-b')).toMatchObject({ type: 'error' });
		expect(await bea.call('post', { roomId: rooms.open, body: 'Hallo' }, 'dorf-b')).toMatchObject({ ok: false, status: 404 });
		const anna = await client(base, u.anna);
		expect(await anna.subscribe('club', rooms.club)).toMatchObject({ type: 'error', code: 'forbidden' });
		expect(await anna.call('post', { roomId: rooms.club, body: 'Darf ich?' })).toMatchObject({ ok: false, status: 403 });
		expect(await anna.call('post', { roomId: rooms.news, body: 'Ankündigung?' })).toMatchObject({ ok: false, status: 403 });
		const carl = await client(base, u.carl);
		expect(await carl.subscribe('club', rooms.club)).toMatchObject({ type: 'subscribed' });
		const mia = await client(base, u.mia);
		expect(await mia.subscribe('club', rooms.club)).toMatchObject({ type: 'subscribed' });
		// prototype names and malformed ids are just unknown rooms
		for (const roomId of ['__proto__', 'constructor', 'x'.repeat(65)]) expect(await anna.subscribe(`p-${roomId.length}-${roomId[0]}`, roomId)).toMatchObject({ type: 'error' });
	});

	it('refuses a muted person’s post with 403 and the reason, and takes it again after the mute ends', async () => {
		const base = await setup();
		const mia = await client(base, u.mia);
		expect(await mia.call('mute', { roomId: rooms.open, userId: u.bernd, duration: '15m', reason: 'Bitte Pause' })).toMatchObject({ ok: true });
		const bernd = await client(base, u.bernd);
		const refused = await bernd.call('post', { roomId: rooms.open, body: 'Ich will aber' });
		expect(refused).toMatchObject({ ok: false, status: 403 });
		expect(refused.message).toMatch(/stummgeschaltet/);
		await t.db.deleteFrom('chatMutes' as never).execute();
		expect(await bernd.call('post', { roomId: rooms.open, body: 'Wieder da' })).toMatchObject({ ok: true });
	});
});

describe('live messages', () => {
	it('delivers a post to every subscriber of the room, acknowledges it after the commit, and posts a resend once', async () => {
		const base = await setup();
		const anna = await client(base, u.anna);
		const bernd = await client(base, u.bernd);
		await anna.subscribe('room', rooms.open);
		await bernd.subscribe('room', rooms.open);
		const clientId = 'anna-0001-resend';
		const first = await anna.call('post', { roomId: rooms.open, body: 'Moin **zusammen**', clientId });
		expect(first).toMatchObject({ ok: true });
		const { id, seq, rev } = resultOf(first);
		// the result came after the commit: another connection reads it
		expect(await t.db.selectFrom('chatMessages' as never).select('id' as never).where('id' as never, '=', id as never).executeTakeFirst()).toBeTruthy();
		await bernd.waitFor({ type: 'event', id: 'room' });
		const seen = bernd.events('room').find((e) => e.message?.id === id)!;
		expect(seen).toMatchObject({ kind: 'message', rev, message: { id, seq, authorName: 'Anna Beispiel', html: '<p>Moin <strong>zusammen</strong></p>' } });
		// the same clientId again (the connection dropped before the result): the first message, nothing new
		const again = await anna.call('post', { roomId: rooms.open, body: 'Moin **zusammen**', clientId });
		expect(resultOf(again)).toMatchObject({ id, seq, rev });
		await settle(50);
		expect(bernd.events('room').filter((e) => e.message?.id === id)).toHaveLength(1);
		expect(await t.db.selectFrom('chatMessages' as never).select('id' as never).where('clientId' as never, '=', clientId as never).execute()).toHaveLength(1);
		// the same clientId in another room is refused, naming the field
		const elsewhere = await anna.call('post', { roomId: rooms.news, body: 'x', clientId });
		expect(elsewhere).toMatchObject({ ok: false });
	});

	it('neutralises HTML and scripts in a body, in the event and in the history', async () => {
		const base = await setup();
		const anna = await client(base, u.anna);
		const bernd = await client(base, u.bernd);
		await bernd.subscribe('room', rooms.open);
		const payloads = ['<img src=x onerror=alert(1)>', '[klick](javascript:alert(1))', '<script>alert(1)</script>', '"><svg onload=alert(1)>', '<a href="data:text/html,x">d</a>'];
		for (const body of payloads) expect(await anna.call('post', { roomId: rooms.open, body })).toMatchObject({ ok: true });
		await settle(50);
		const htmls = bernd.events('room').map((e) => e.message!.html);
		expect(htmls).toHaveLength(payloads.length);
		for (const html of htmls) expect(html).not.toMatch(/<script|<img|<svg|onerror|onload|javascript:|data:text/i);
	});

	it('sends a message too large for an event as a stub to load over HTTP', async () => {
		const base = await setup();
		const mia = await client(base, u.mia);
		await mia.subscribe('room', rooms.open);
		// 4,000 ampersands become 20,000 bytes of HTML
		const posted = resultOf(await mia.call('post', { roomId: rooms.open, body: '&'.repeat(4000) }));
		await mia.waitFor({ type: 'event', id: 'room' });
		expect(mia.events('room').at(-1)).toEqual({ kind: 'message', rev: posted.rev, id: posted.id, seq: posted.seq, large: true });
	});

	it('tells the people a message mentions: the bell, and push only to their own devices', async () => {
		const base = await setup();
		const bernd = await client(base, u.bernd);
		await bernd.call('join', { roomId: rooms.open });
		const anna = await client(base, u.anna);
		await anna.call('post', { roomId: rooms.open, body: 'Frage an @Bernd Beispiel: kommst du?' });
		const notes = await t.db.selectFrom('notifications').select(['userId', 'title', 'url']).where('userId', '=', u.bernd).execute();
		expect(notes).toEqual([expect.objectContaining({ title: 'Anna Beispiel hat Sie in ‚allgemein‘ erwähnt', url: expect.stringMatching(/^\/dorf-a\/chat\/allgemein#m-/) })]);
		const pushes = await t.db.selectFrom('pushMessages').select(['topics', 'userIds']).where('tenantId', '=', A.id).execute();
		expect(pushes).toEqual([{ topics: JSON.stringify(['chat.mentions']), userIds: JSON.stringify([u.bernd]) }]);
	});
});

describe('pictures, unmuting and resends at the same moment', () => {
	it('posts a picture with its description; refuses another village’s picture and one without description, naming the field', async () => {
		const base = await setup();
		const anna = await client(base, u.anna);
		const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#1f6f43' } }).png().toBuffer();
		const store = (village: Tenant) => storeUpload(t.db, { tenantId: village.id, bytes: png, fileName: 'bild.png', alt: 'Ein grünes Feld', accept: 'image', createdBy: u.anna, field: 'imageId' });
		const [own, foreign] = [await store(A), await store(B)];
		const refusedForeign = await anna.call('post', { roomId: rooms.open, body: '', imageId: foreign.id, imageAlt: 'Feld' });
		expect(refusedForeign).toMatchObject({ ok: false, status: 400, issues: [{ path: 'imageId', message: expect.stringMatching(/^Bild: /) }] });
		const noAlt = await anna.call('post', { roomId: rooms.open, body: '', imageId: own.id });
		expect(noAlt).toMatchObject({ ok: false, status: 400, issues: [{ path: 'imageAlt', message: expect.stringMatching(/^Bildbeschreibung: /) }] });
		const empty = await anna.call('post', { roomId: rooms.open, body: '  ' });
		expect(empty).toMatchObject({ ok: false, status: 400, issues: [{ path: 'body', message: expect.stringMatching(/^Nachricht: Bitte schreiben Sie etwas/) }] });
		const bernd = await client(base, u.bernd);
		await bernd.subscribe('room', rooms.open);
		const posted = resultOf(await anna.call('post', { roomId: rooms.open, body: '', imageId: own.id, imageAlt: 'Der Dorfplatz im Frühling' }));
		await bernd.waitFor({ type: 'event', id: 'room' });
		expect(bernd.events('room').find((e) => e.message?.id === posted.id)?.message?.image).toMatchObject({ url: own.url, alt: 'Der Dorfplatz im Frühling', width: 30, height: 20 });
	});

	it('holds a new person’s first message where the room asks for it, tells the moderators, and sends it once approved', async () => {
		const base = await setup();
		const mia = await client(base, u.mia);
		const created = await mia.call('createRoom', { name: 'Neu hier', slug: 'neu-hier', holdNewAccounts: true });
		const roomId = (created.result as { id: string }).id;
		const carl = await client(base, u.carl);
		await carl.subscribe('room', roomId);
		const held = resultOf(await carl.call('post', { roomId, body: 'Hallo, ich bin neu' }));
		expect(held).toMatchObject({ held: true, seq: null, rev: null });
		await settle(50);
		expect(carl.events('room')).toEqual([]);
		const notes = await t.db.selectFrom('notifications').select(['title', 'url']).where('userId', '=', u.mia).where('kind', '=', 'chat.moderation').execute();
		expect(notes).toEqual([{ title: 'Eine Nachricht in ‚Neu hier‘ wartet auf Freigabe', url: '/dorf-a/chat/moderation' }]);
		expect(await mia.call('approve', { messageId: held.id })).toMatchObject({ ok: true });
		await carl.waitFor({ type: 'event', id: 'room' });
		expect(carl.events('room').map((e) => [e.message!.id, e.message!.seq])).toEqual([[held.id, 1]]);
	});

	it('lets a moderator end a mute early (and nobody else)', async () => {
		const base = await setup();
		const mia = await client(base, u.mia);
		const anna = await client(base, u.anna);
		expect(await mia.call('mute', { roomId: rooms.open, userId: u.bernd, duration: '1h', reason: 'Pause' })).toMatchObject({ ok: true });
		expect(await anna.call('unmute', { roomId: rooms.open, userId: u.bernd })).toMatchObject({ ok: false, status: 403 });
		expect(await mia.call('unmute', { roomId: rooms.open, userId: u.bernd })).toMatchObject({ ok: true });
		expect(await mia.call('unmute', { roomId: rooms.open, userId: u.bernd })).toMatchObject({ ok: false, status: 404 });
		const bernd = await client(base, u.bernd);
		expect(await bernd.call('post', { roomId: rooms.open, body: 'Darf wieder' })).toMatchObject({ ok: true });
	});

	it('stores one message when the same post arrives twice at the same moment', async () => {
		const base = await setup();
		const anna = await client(base, u.anna);
		const other = await client(base, u.anna);
		for (let round = 0; round < 5; round++) {
			const clientId = `same-moment-${round}`;
			const [a, b] = await Promise.all([anna.call('post', { roomId: rooms.open, body: `Runde ${round}`, clientId }), other.call('post', { roomId: rooms.open, body: `Runde ${round}`, clientId })]);
			expect([a.ok, b.ok]).toEqual([true, true]);
			expect(resultOf(a).id).toBe(resultOf(b).id);
		}
	});
});

describe('resuming after a reconnect', () => {
	it('sends exactly the changes after the last rev seen — new, edited, removed, reacted — each once, in rev order', async () => {
		const base = await setup();
		const anna = await client(base, u.anna);
		const first = resultOf(await anna.call('post', { roomId: rooms.open, body: 'Vor der Pause' }));
		// Bernd saw up to here, then his phone lost the network
		const seenRev = first.rev!;
		const mia = await client(base, u.mia);
		const second = resultOf(await anna.call('post', { roomId: rooms.open, body: 'Während der Pause' }));
		expect(await anna.call('edit', { messageId: first.id, body: 'Vor der Pause (geändert)' })).toMatchObject({ ok: true });
		expect(await mia.call('react', { messageId: second.id, emoji: '👍' })).toMatchObject({ ok: true });
		expect(await mia.call('remove', { messageId: second.id, reason: 'Doppelt' })).toMatchObject({ ok: true });
		const third = resultOf(await anna.call('post', { roomId: rooms.open, body: 'Nach der Pause' }));
		const bernd = await client(base, u.bernd);
		expect(await bernd.subscribe('room', rooms.open, { after: seenRev })).toMatchObject({ type: 'subscribed' });
		await settle(80);
		const got = bernd.events('room');
		// one event per changed message, in its latest state, ordered by rev
		expect(got.map((e) => e.message!.id)).toEqual([first.id, second.id, third.id]);
		expect(got.map((e) => e.rev)).toEqual([...got.map((e) => e.rev)].sort((a, b) => a - b));
		expect(got[0]!.message!.html).toContain('geändert');
		expect(got[1]!.message).toMatchObject({ html: '', removedReason: 'Doppelt' });
		// live events go on after the replay, without gaps or repeats
		const fourth = resultOf(await anna.call('post', { roomId: rooms.open, body: 'Live' }));
		await settle(50);
		expect(bernd.events('room').map((e) => e.message!.id)).toEqual([first.id, second.id, third.id, fourth.id]);
	});
});

describe('a deleted account', () => {
	it('is in the person’s export; deleted, its messages stay without the author and what only concerned the person goes', async () => {
		const base = await setup();
		const id = (await createUser(t.db, { email: 'weg@example.org', password: PASSWORD, displayName: 'Wer Geht', locale: 'de', verified: true })).id;
		await grantRole(t.db, { tenantId: A.id, userId: id, role: 'member' });
		const leaving = await client(base, id);
		const posted = resultOf(await leaving.call('post', { roomId: rooms.open, body: 'Tschüss' }));
		await leaving.call('react', { messageId: posted.id, emoji: '👍' });
		const mia = await client(base, u.mia);
		await mia.call('report', { messageId: posted.id, reason: 'Test' });
		await leaving.call('block', { userId: u.mia });
		leaving.ws.close();
		// first the export (GDPR Art. 15) names the chat's rows of the person, not who blocked whom the other way
		const exported = (await exportAccount(t.db, id))!.modules as Record<string, Record<string, { body?: string; village?: string }[]>>;
		expect(exported.chat!['chatMessages.authorId']).toEqual([expect.objectContaining({ body: 'Tschüss', village: 'Dorf A' })]);
		expect(Object.keys(exported.chat!).sort()).toEqual(['chatBlocks.userId', 'chatMembers.userId', 'chatMessages.authorId', 'chatReactions.userId']);
		expect(await deleteAccount(t.db, { userId: id, currentPassword: PASSWORD })).toEqual({ ok: true });
		const rows = async (table: string, column: string) => t.db.selectFrom(table as never).selectAll().where(column as never, '=', id as never).execute();
		for (const [table, column] of [['chatMessages', 'authorId'], ['chatMembers', 'userId'], ['chatReactions', 'userId'], ['chatBlocks', 'userId']]) expect(await rows(table!, column!)).toEqual([]);
		const kept = await t.db.selectFrom('chatMessages' as never).select(['authorId', 'body'] as never).where('id' as never, '=', posted.id as never).executeTakeFirst();
		expect(kept).toEqual({ authorId: null, body: 'Tschüss' });
	});
});

// The village chat against real server processes (issue 13): who may read and write a room over /ws and over the
// JSON API; muted and banned people; what becomes of hostile message bodies; resuming a room after a dropped
// connection; a kill -9 in the middle of a stream of messages; and two processes on one PostgreSQL database.
// Every test that involves a process checks at the end that it still answers /healthz.
//
// Ports: 3330 (the main server), 3331 (kill -9, and its restart), 3332–3335 (two processes on PostgreSQL, with
// and without Redis).
import { connect as netConnect } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createUser } from '../../src/lib/server/auth/accounts.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { newId } from '../../src/lib/server/ids.ts';
import { grantRole } from '../../src/lib/server/tenancy/memberships.ts';
import { Client, switchModuleAndPublish } from '../helpers/http.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';

// ---------------------------------------------------------------------------------------------------------------
// A small WebSocket client for the tests: keeps every message, answers `waitFor` and runs actions by `ref`.

type Msg = Record<string, unknown> & { type: string };
interface Shown {
	id: string;
	seq: number;
	rev: number;
	html: string;
	authorId: string | null;
	deleted: boolean;
	removedReason: string | null;
	reactions: { emoji: string; count: number }[];
}
type RoomEvent = { kind: 'message'; rev: number; message: Shown };

class Socket {
	readonly messages: Msg[] = [];
	private waiters: { test: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
	private refs = 0;
	readonly closed: Promise<number>;

	private constructor(readonly ws: WebSocket) {
		ws.on('message', (data) => {
			const m = JSON.parse(data.toString()) as Msg;
			this.messages.push(m);
			this.waiters = this.waiters.filter((w) => (w.test(m) ? (w.resolve(m), false) : true));
		});
		this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
	}

	/** Opens /ws as a browser of the server's origin would (with the session cookie, if any); waits for `welcome`. */
	static async open(server: TestServer, cookie = ''): Promise<Socket> {
		const ws = new WebSocket(server.url.replace('http', 'ws') + '/ws', { headers: { origin: server.url, ...(cookie ? { cookie } : {}) } });
		const socket = new Socket(ws);
		const welcome = socket.waitFor((m) => m.type === 'welcome', 'welcome');
		await new Promise<void>((resolve, reject) => {
			ws.once('open', () => resolve());
			ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
			ws.once('error', reject);
		});
		await welcome;
		return socket;
	}

	/** The first message (already received or coming) that passes `test`. */
	waitFor(test: (m: Msg) => boolean, what: string, ms = 10_000): Promise<Msg> {
		const seen = this.messages.find(test);
		if (seen) return Promise.resolve(seen);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.slice(-5))}`)), ms);
			this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
		});
	}

	send(m: unknown): void {
		this.ws.send(JSON.stringify(m));
	}

	/** Subscribes to a chat room; answers the server's `subscribed` or `error` for it. */
	async subscribe(id: string, village: string, roomId: string, after?: number): Promise<Msg> {
		this.send({ type: 'subscribe', id, channel: 'chat:room', village, params: { roomId }, ...(after === undefined ? {} : { after }) });
		return this.waitFor((m) => m.id === id && ['subscribed', 'error', 'resync'].includes(m.type), `the answer to subscribe ${id}`);
	}

	/** Sends a module action without waiting; returns its ref. */
	sendAction(action: string, input: Record<string, unknown>, village = 'koerbecke'): string {
		const ref = `r${++this.refs}`;
		this.send({ type: 'action', ref, village, module: 'chat', action, input });
		return ref;
	}

	/** Runs a chat action and waits for its `result` (or an `error` naming its ref). */
	async act(action: string, input: Record<string, unknown>, village = 'koerbecke'): Promise<Msg> {
		const ref = this.sendAction(action, input, village);
		return this.waitFor((m) => m.ref === ref && (m.type === 'result' || m.type === 'error'), `the result of ${action} ${ref}`);
	}

	/** The room events received on a subscription, in arrival order. */
	events(id: string): RoomEvent[] {
		return this.messages.filter((m) => m.type === 'event' && m.id === id).map((m) => m.event as RoomEvent);
	}

	async close(): Promise<void> {
		if (this.ws.readyState === WebSocket.CLOSED) return;
		this.ws.close();
		await this.closed;
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function expectAlive(server: TestServer): Promise<void> {
	const res = await fetch(`${server.url}/healthz`);
	expect(res.status, server.output()).toBe(200);
}

/** A person with a password and, optionally, a role in a tenant; signed in. */
async function person(server: TestServer, db: Db, email: string, name: string, role?: { tenantId: string; role: 'admin' | 'editor' | 'moderator' | 'member' }) {
	const user = await createUser(db, { email, password: 'allmende-demo', displayName: name, verified: true });
	if (role) await grantRole(db, { tenantId: role.tenantId, userId: user.id, role: role.role });
	const client = new Client(server.url);
	await client.login(email);
	return { id: user.id, client, cookie: client.cookieHeader() };
}
type Person = Awaited<ReturnType<typeof person>>;

async function tenantId(db: Db, slug: string): Promise<string> {
	return (await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

async function roomId(db: Db, village: string, slug: string): Promise<string> {
	const rows = await sql<{ id: string }>`select id from chat_rooms where tenant_id = ${village} and slug = ${slug}`.execute(db);
	if (!rows.rows[0]) throw new Error(`no room ${slug}`);
	return rows.rows[0].id;
}

/** The whole history of a room over the JSON API, paged by number (seq). */
async function wholeHistory(client: Client, village: string, room: string): Promise<{ messages: Shown[]; lastSeq: number; lastRev: number }> {
	const messages: Shown[] = [];
	let after = 0;
	for (;;) {
		const res = await client.api('GET', `/api/v1/villages/${village}/chat/messages?roomId=${room}&after=${after}&limit=100`);
		expect(res.status).toBe(200);
		const page = (await res.json()) as { messages: Shown[]; lastSeq: number; lastRev: number };
		messages.push(...page.messages);
		if (page.messages.length < 100) return { messages, lastSeq: page.lastSeq, lastRev: page.lastRev };
		after = page.messages.at(-1)!.seq;
	}
}

const API = '/api/v1/villages/koerbecke/chat';

// ---------------------------------------------------------------------------------------------------------------
// One server for the tests of access, moderation, hostile bodies and resuming (tests 1–4).

describe('the chat on one server', () => {
	let server: TestServer;
	let db: Db;
	const village = {} as Record<'koerbecke' | 'altengeseke', string>;
	const room = {} as Record<'allgemein' | 'bieteSuche' | 'spielplatz' | 'club' | 'altengeseke', string>;
	/** Körbecke's people made for these tests; `outsider` belongs to Altengeseke only (the demo's buerger@) */
	const p = {} as Record<'moderator' | 'member1' | 'member2' | 'muted' | 'xss' | 'clubMember' | 'nonClub', Person>;
	let outsider: Client;
	let adminK: Client;
	let adminA: Client;
	let adminAId = '';
	/** a message in Altengeseke's room, posted by its admin */
	let messageA = '';

	beforeAll(async () => {
		server = await startServer({ PORT: '3330' });
		db = openServerDb(server.databaseUrl).db;
		village.koerbecke = await tenantId(db, 'koerbecke');
		village.altengeseke = await tenantId(db, 'altengeseke');
		room.allgemein = await roomId(db, village.koerbecke, 'allgemein');
		room.bieteSuche = await roomId(db, village.koerbecke, 'biete-suche');
		room.spielplatz = await roomId(db, village.koerbecke, 'spielplatz-eltern');
		const k = { tenantId: village.koerbecke };
		p.moderator = await person(server, db, 'chat-moderation@example.org', 'Mia Moderation', { ...k, role: 'moderator' });
		p.member1 = await person(server, db, 'chat-eins@example.org', 'Emil Eins', { ...k, role: 'member' });
		p.member2 = await person(server, db, 'chat-zwei@example.org', 'Zora Zwei', { ...k, role: 'member' });
		p.muted = await person(server, db, 'chat-stumm@example.org', 'Stefan Stumm', { ...k, role: 'member' });
		p.xss = await person(server, db, 'chat-xss@example.org', 'Xaver Skript', { ...k, role: 'member' });
		p.clubMember = await person(server, db, 'chat-feuerwehr@example.org', 'Frieda Feuerwehr', { ...k, role: 'member' });
		p.nonClub = await person(server, db, 'chat-ohneverein@example.org', 'Otto Ohneverein', { ...k, role: 'member' });
		outsider = new Client(server.url);
		await outsider.login('buerger@example.org');
		adminK = new Client(server.url);
		await adminK.login('dorf2@example.org');
		adminA = new Client(server.url);
		await adminA.login('dorf1@example.org');
		adminAId = (await db.selectFrom('users').select('id').where('email', '=', 'dorf1@example.org').executeTakeFirstOrThrow()).id;

		// a club of Körbecke with one member, and its room (made by Körbecke's admin over the JSON API)
		const now = Date.now();
		const clubId = newId(now);
		await db.insertInto('clubs').values({ id: clubId, tenantId: village.koerbecke, name: 'Löschzug Körbecke', slug: 'loeschzug-koerbecke', description: '', createdAt: now, updatedAt: now }).execute();
		await db.insertInto('clubMembers').values({ id: newId(), tenantId: village.koerbecke, clubId, userId: p.clubMember.id, role: 'member', createdAt: now }).execute();
		const clubRoom = await adminK.api('POST', `${API}/rooms`, { name: 'Löschzug intern', slug: 'loeschzug-intern', kind: 'club', clubId });
		expect(clubRoom.status, await clubRoom.clone().text()).toBe(201);
		room.club = ((await clubRoom.json()) as { id: string }).id;

		// the chat in a second village (Altengeseke), switched on by its admin, with one room and one message
		const switched = await switchModuleAndPublish(adminA, 'altengeseke', 'chat', true);
		expect(switched.status, await switched.clone().text()).toBe(303);
		const roomA = await adminA.api('POST', '/api/v1/villages/altengeseke/chat/rooms', { name: 'Dorfplatz', slug: 'dorfplatz', kind: 'open' });
		expect(roomA.status, await roomA.clone().text()).toBe(201);
		room.altengeseke = ((await roomA.json()) as { id: string }).id;
		const posted = await adminA.api('POST', '/api/v1/villages/altengeseke/chat/messages', { roomId: room.altengeseke, body: 'Moin aus Altengeseke' });
		expect(posted.status).toBe(201);
		messageA = ((await posted.json()) as { id: string }).id;
	}, 180_000);

	afterAll(async () => {
		await db?.destroy();
		await server?.stop();
	});

	describe('1. who may read and write', () => {
		it('anonymous: cannot subscribe, cannot post over /ws (401) or HTTP', async () => {
			const ws = await Socket.open(server);
			expect(await ws.subscribe('a', 'koerbecke', room.allgemein)).toMatchObject({ type: 'error', code: 'forbidden' });
			expect(await ws.act('post', { roomId: room.allgemein, body: 'anonym' })).toMatchObject({ type: 'result', ok: false, status: 401 });
			await ws.close();
			const res = await new Client(server.url).api('POST', `${API}/messages`, { roomId: room.allgemein, body: 'anonym' });
			expect(res.status).toBe(401);
			expect((await new Client(server.url).api('GET', `${API}/messages?roomId=${room.allgemein}`)).status).toBe(401);
			await expectAlive(server);
		});

		it('a signed-in person who is not a member of Körbecke: cannot subscribe, read or post (403)', async () => {
			const ws = await Socket.open(server, outsider.cookieHeader());
			expect(await ws.subscribe('o', 'koerbecke', room.allgemein)).toMatchObject({ type: 'error', code: 'forbidden' });
			expect(await ws.act('post', { roomId: room.allgemein, body: 'von außen' })).toMatchObject({ type: 'result', ok: false, status: 403 });
			await ws.close();
			expect((await outsider.api('POST', `${API}/messages`, { roomId: room.allgemein, body: 'von außen' })).status).toBe(403);
			expect((await outsider.api('GET', `${API}/messages?roomId=${room.allgemein}`)).status).toBe(403);
			const { messages } = await wholeHistory(adminK, 'koerbecke', room.allgemein);
			expect(messages.filter((m) => m.authorId !== null && m.html.includes('von außen'))).toEqual([]);
			await expectAlive(server);
		});

		it('a club room: the village’s other members cannot subscribe or post; the club’s members can', async () => {
			const other = await Socket.open(server, p.nonClub.cookie);
			expect(await other.subscribe('c', 'koerbecke', room.club)).toMatchObject({ type: 'error', code: 'forbidden' });
			expect(await other.act('post', { roomId: room.club, body: 'Darf ich?' })).toMatchObject({ type: 'result', ok: false, status: 403 });
			expect((await p.nonClub.client.api('POST', `${API}/messages`, { roomId: room.club, body: 'Darf ich?' })).status).toBe(403);
			expect((await p.nonClub.client.api('GET', `${API}/messages?roomId=${room.club}`)).status).toBe(403);
			await other.close();

			const member = await Socket.open(server, p.clubMember.cookie);
			expect(await member.subscribe('c', 'koerbecke', room.club)).toMatchObject({ type: 'subscribed' });
			const sent = await member.act('post', { roomId: room.club, body: 'Übung am Donnerstag' });
			expect(sent).toMatchObject({ type: 'result', ok: true, result: { seq: 1, held: false, roomId: room.club } });
			const event = await member.waitFor((m) => m.type === 'event' && m.id === 'c', 'the club room event');
			expect((event.event as RoomEvent).message.id).toBe((sent.result as { id: string }).id);
			expect((await p.clubMember.client.api('POST', `${API}/messages`, { roomId: room.club, body: 'Und Samstag?' })).status).toBe(201);
			await member.waitFor((m) => m.type === 'event' && m.id === 'c' && (m.event as RoomEvent).message.seq === 2, 'the second event');
			await member.close();

			// the village's moderators read club rooms (to act on reports), but do not talk there
			const moderator = await Socket.open(server, p.moderator.cookie);
			expect(await moderator.subscribe('c', 'koerbecke', room.club)).toMatchObject({ type: 'subscribed' });
			expect(await moderator.act('post', { roomId: room.club, body: 'Moderation' })).toMatchObject({ type: 'result', ok: false, status: 403 });
			await moderator.close();
			await expectAlive(server);
		});

		it('a moderator of Körbecke has no power in Altengeseke, neither through its URLs nor with its ids in Körbecke’s', async () => {
			const mod = p.moderator.client;
			const A = '/api/v1/villages/altengeseke/chat';
			// Altengeseke's URLs: not a member there
			expect((await mod.api('POST', `${A}/removals`, { messageId: messageA, reason: 'Test' })).status).toBe(403);
			expect((await mod.api('POST', `${A}/mutes`, { roomId: room.altengeseke, userId: adminAId, duration: '15m', reason: 'Test' })).status).toBe(403);
			expect((await mod.api('POST', `${A}/bans`, { userId: adminAId, duration: '1d', reason: 'Test' })).status).toBe(403);
			expect((await mod.api('POST', `${A}/locked`, { roomId: room.altengeseke, on: true })).status).toBe(403);
			expect((await mod.api('GET', `${A}/messages?roomId=${room.altengeseke}`)).status).toBe(403);
			const ws = await Socket.open(server, p.moderator.cookie);
			expect(await ws.act('remove', { messageId: messageA, reason: 'Test' }, 'altengeseke')).toMatchObject({ ok: false, status: 403 });
			expect(await ws.act('ban', { userId: adminAId, duration: '1d', reason: 'Test' }, 'altengeseke')).toMatchObject({ ok: false, status: 403 });
			expect(await ws.subscribe('a', 'altengeseke', room.altengeseke)).toMatchObject({ type: 'error', code: 'forbidden' });
			// Altengeseke's ids through Körbecke's URLs: not found
			expect((await mod.api('POST', `${API}/removals`, { messageId: messageA, reason: 'Test' })).status).toBe(404);
			expect((await mod.api('POST', `${API}/mutes`, { roomId: room.altengeseke, userId: adminAId, duration: '15m', reason: 'Test' })).status).toBe(404);
			expect((await mod.api('POST', `${API}/locked`, { roomId: room.altengeseke, on: true })).status).toBe(404);
			expect((await mod.api('POST', `${API}/archived`, { roomId: room.altengeseke, on: true })).status).toBe(404);
			expect((await mod.api('GET', `${API}/messages/${messageA}`)).status).toBe(404);
			expect((await mod.api('GET', `${API}/messages?roomId=${room.altengeseke}`)).status).toBe(404);
			expect(await ws.act('remove', { messageId: messageA, reason: 'Test' })).toMatchObject({ ok: false, status: 404 });
			// subscribing answers as for a room that does not exist at all (the channel says neither which)
			const foreign = await ws.subscribe('k', 'koerbecke', room.altengeseke);
			expect(foreign).toMatchObject({ type: 'error', code: expect.stringMatching(/^(forbidden|not_found)$/) });
			expect((await ws.subscribe('u', 'koerbecke', 'no-such-room')).code).toBe(foreign.code);
			// Körbecke's moderator cannot even ban Altengeseke's admin from Körbecke's chat (no part of it: 404), and
			// Altengeseke's admin writes at home as before
			expect((await mod.api('POST', `${API}/bans`, { userId: adminAId, duration: '1d', reason: 'Test' })).status).toBe(404);
			expect((await adminA.api('POST', `${A}/messages`, { roomId: room.altengeseke, body: 'Noch da' })).status).toBe(201);
			await ws.close();
			// Altengeseke's message and room are as they were
			const { messages } = await wholeHistory(adminA, 'altengeseke', room.altengeseke);
			expect(messages.map((m) => [m.id === messageA, m.removedReason, m.html])).toContainEqual([true, null, '<p>Moin aus Altengeseke</p>']);
			const rooms = (await (await adminA.api('GET', `${A}/rooms`)).json()) as { rooms: { id: string; locked: boolean; archived: boolean }[] };
			expect(rooms.rooms.find((r) => r.id === room.altengeseke)).toMatchObject({ locked: false, archived: false });
			await expectAlive(server);
		});
	});

	describe('2. muted and banned people', () => {
		it('a muted person cannot post over HTTP or /ws; after the mute ends they can again', async () => {
			const muted = p.muted;
			const ws = await Socket.open(server, muted.cookie);
			expect(await ws.act('post', { roomId: room.bieteSuche, body: 'vorher' })).toMatchObject({ ok: true });
			expect((await p.moderator.client.api('POST', `${API}/mutes`, { roomId: room.bieteSuche, userId: muted.id, duration: '15m', reason: 'Werbung' })).status).toBe(201);
			const http = await muted.client.api('POST', `${API}/messages`, { roomId: room.bieteSuche, body: 'stumm per HTTP' });
			expect(http.status).toBe(403);
			expect(await ws.act('post', { roomId: room.bieteSuche, body: 'stumm per WS' })).toMatchObject({ type: 'result', ok: false, status: 403, code: 'forbidden' });
			// editing one's message is refused too while muted
			const own = (await wholeHistory(adminK, 'koerbecke', room.bieteSuche)).messages.find((m) => m.authorId === muted.id)!;
			expect((await muted.client.api('PATCH', `${API}/messages/${own.id}`, { body: 'geändert' })).status).toBe(403);
			// the mute only holds in its room
			expect((await muted.client.api('POST', `${API}/messages`, { roomId: room.allgemein, body: 'anderswo darf ich' })).status).toBe(201);
			// The chat has no "unmute" action (only mutes of 15 min and more): the mute runs out — here at once.
			await sql`update chat_mutes set until = ${Date.now() - 1} where user_id = ${muted.id}`.execute(db);
			expect((await muted.client.api('POST', `${API}/messages`, { roomId: room.bieteSuche, body: 'wieder da (HTTP)' })).status).toBe(201);
			expect(await ws.act('post', { roomId: room.bieteSuche, body: 'wieder da (WS)' })).toMatchObject({ ok: true });
			await ws.close();
			const bodies = (await wholeHistory(adminK, 'koerbecke', room.bieteSuche)).messages.filter((m) => m.authorId === muted.id).map((m) => m.html);
			expect(bodies).toEqual(['<p>vorher</p>', '<p>wieder da (HTTP)</p>', '<p>wieder da (WS)</p>']);
			await expectAlive(server);
		});

		it('a banned person cannot post or react anywhere in the village’s chat; after the ban is lifted they can', async () => {
			const banned = p.muted;
			const ws = await Socket.open(server, banned.cookie);
			const before = await ws.act('post', { roomId: room.allgemein, body: 'vor dem Bann' });
			expect(before).toMatchObject({ ok: true });
			expect((await p.moderator.client.api('POST', `${API}/bans`, { userId: banned.id, duration: 'forever', reason: 'Beleidigungen' })).status).toBe(201);
			for (const r of [room.allgemein, room.bieteSuche]) {
				expect((await banned.client.api('POST', `${API}/messages`, { roomId: r, body: 'gebannt (HTTP)' })).status).toBe(403);
				expect(await ws.act('post', { roomId: r, body: 'gebannt (WS)' })).toMatchObject({ type: 'result', ok: false, status: 403 });
			}
			expect(await ws.act('react', { messageId: (before.result as { id: string }).id, emoji: '👍' })).toMatchObject({ ok: false, status: 403 });
			// a ban is not lifted by anyone but a moderator
			expect((await banned.client.api('DELETE', `${API}/bans/${banned.id}`)).status).toBe(403);
			expect((await p.member1.client.api('DELETE', `${API}/bans/${banned.id}`)).status).toBe(403);
			expect((await p.moderator.client.api('DELETE', `${API}/bans/${banned.id}`)).status).toBe(200);
			expect((await banned.client.api('POST', `${API}/messages`, { roomId: room.allgemein, body: 'Bann aufgehoben (HTTP)' })).status).toBe(201);
			expect(await ws.act('post', { roomId: room.allgemein, body: 'Bann aufgehoben (WS)' })).toMatchObject({ ok: true });
			await ws.close();
			const bodies = (await wholeHistory(adminK, 'koerbecke', room.allgemein)).messages.filter((m) => m.authorId === banned.id).map((m) => m.html);
			expect(bodies).toEqual(['<p>anderswo darf ich</p>', '<p>vor dem Bann</p>', '<p>Bann aufgehoben (HTTP)</p>', '<p>Bann aufgehoben (WS)</p>']);
			await expectAlive(server);
		});
	});

	describe('3. hostile bodies', () => {
		const bodies = [
			'<img src=x onerror=alert(1)>',
			'[x](javascript:alert(1))',
			'<script>alert(1)</script>',
			'"><svg onload=alert(1)>',
			'[y](JaVaScRiPt:alert(2)) und ![i](javascript:alert(3))',
			'<a href="javascript:alert(4)">Link</a> <iframe src="https://evil.example"></iframe>',
			'</script><script>alert(5)</script>',
			'[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)'
		];
		/** markup that would run script, in any HTML that reaches a browser */
		const dangerous = /<\s*(script|img|svg|iframe|object|embed)\b|\son\w+\s*=|(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):/i;

		it('arrive neutralised in the /ws event, in the history API and in the room page', async () => {
			const reader = await Socket.open(server, p.member1.cookie);
			expect(await reader.subscribe('x', 'koerbecke', room.allgemein)).toMatchObject({ type: 'subscribed' });
			const writer = await Socket.open(server, p.xss.cookie);
			const ids: string[] = [];
			for (const body of bodies) {
				const res = await writer.act('post', { roomId: room.allgemein, body });
				expect(res, body).toMatchObject({ ok: true });
				ids.push((res.result as { id: string }).id);
			}
			// over /ws
			for (const [i, id] of ids.entries()) {
				const event = (await reader.waitFor((m) => m.type === 'event' && (m.event as RoomEvent).message?.id === id, `the event of ${bodies[i]}`)).event as RoomEvent;
				expect(event.message.html, bodies[i]).not.toMatch(dangerous);
				expect(JSON.stringify(event), bodies[i]).not.toContain('"body"'); // the raw markdown does not travel
			}
			// the history API
			const { messages } = await wholeHistory(p.member1.client, 'koerbecke', room.allgemein);
			for (const [i, id] of ids.entries()) {
				const m = messages.find((x) => x.id === id);
				expect(m, bodies[i]).toBeDefined();
				expect(m!.html, bodies[i]).not.toMatch(dangerous);
			}
			// the visible words of a link stay, its target goes
			expect(messages.find((x) => x.id === ids[1])!.html).toBe('<p>x</p>');
			// one message by id
			for (const id of ids) expect(JSON.stringify(await (await p.member1.client.api('GET', `${API}/messages/${id}`)).json())).not.toMatch(dangerous);
			// the room page: its HTML (the page's markup and the data serialised into it for the browser)
			const page = await p.member1.client.get('/koerbecke/chat/allgemein');
			expect(page.status).toBe(200);
			const html = await page.text();
			// (data for the browser is serialised with < escaped, so no body's markup may appear raw anywhere)
			expect(html).not.toMatch(/<img src=x|<svg onload|<script>alert|<\/script><script>alert|<iframe src="https:\/\/evil|href="javascript:/i);
			// the page carries the messages (so the checks above looked at them)
			for (const id of ids) expect(html, `message ${id} on the page`).toContain(id);
			await reader.close();
			await writer.close();
			await expectAlive(server);
		});
	});

	describe('4. resuming a room', () => {
		it('after a dropped connection, `after` = the last rev gives exactly the missed changes, each once', async () => {
			const author = await Socket.open(server, p.member2.cookie);
			const post = async (body: string) => {
				const r = await author.act('post', { roomId: room.spielplatz, body });
				expect(r, body).toMatchObject({ ok: true });
				return r.result as { id: string; seq: number; rev: number };
			};
			let reader = await Socket.open(server, p.member1.cookie);
			expect(await reader.subscribe('s', 'koerbecke', room.spielplatz, 0)).toMatchObject({ type: 'subscribed' });
			const p1 = await post('Eins');
			const p2 = await post('Zwei');
			await reader.waitFor((m) => m.type === 'event' && (m.event as RoomEvent).rev === p2.rev, 'the second message');
			const seen = reader.events('s');
			expect(seen.map((e) => e.message.id)).toEqual([p1.id, p2.id]);
			const lastRev = seen.at(-1)!.rev;
			reader.ws.terminate(); // the network goes away, no close handshake
			await reader.closed;

			// while the reader is away: new messages, an edit of an old one and of a new one, a removal, a reaction,
			// a deletion
			const p3 = await post('Drei');
			const p4 = await post('Vier');
			const p5 = await post('Fünf');
			expect(await author.act('edit', { messageId: p1.id, body: 'Eins (korrigiert)' })).toMatchObject({ ok: true });
			expect(await author.act('edit', { messageId: p3.id, body: 'Drei (korrigiert)' })).toMatchObject({ ok: true });
			expect(await author.act('edit', { messageId: p3.id, body: 'Drei (nochmal)' })).toMatchObject({ ok: true });
			expect((await p.moderator.client.api('POST', `${API}/removals`, { messageId: p2.id, reason: 'Doppelt' })).status).toBe(201);
			expect(await author.act('react', { messageId: p4.id, emoji: '👍' })).toMatchObject({ ok: true });
			expect(await author.act('delete', { messageId: p5.id })).toMatchObject({ ok: true });
			const now = (await wholeHistory(p.member1.client, 'koerbecke', room.spielplatz)).messages;
			const expected = now.filter((m) => m.rev > lastRev).sort((a, b) => a.rev - b.rev);
			expect(expected.map((m) => m.id).sort()).toEqual([p1.id, p2.id, p3.id, p4.id, p5.id].sort());

			reader = await Socket.open(server, p.member1.cookie);
			expect(await reader.subscribe('s', 'koerbecke', room.spielplatz, lastRev)).toMatchObject({ type: 'subscribed' });
			await reader.waitFor((m) => m.type === 'event' && (m.event as RoomEvent).rev === expected.at(-1)!.rev, 'the last missed change');
			await sleep(300); // anything more would come now
			const replayed = reader.events('s');
			expect(replayed.map((e) => [e.message.id, e.rev])).toEqual(expected.map((m) => [m.id, m.rev]));
			expect(replayed.map((e) => e.message)).toEqual(expected.map((m) => ({ ...m, reactions: m.reactions.map((r) => ({ ...r, mine: false })) })));
			const byId = new Map(replayed.map((e) => [e.message.id, e.message]));
			expect(byId.get(p1.id)!.html).toBe('<p>Eins (korrigiert)</p>');
			expect(byId.get(p2.id)).toMatchObject({ html: '', removedReason: 'Doppelt' });
			expect(byId.get(p3.id)!.html).toBe('<p>Drei (nochmal)</p>');
			expect(byId.get(p4.id)!.reactions).toEqual([{ emoji: '👍', count: 1, mine: false }]);
			expect(byId.get(p5.id)).toMatchObject({ html: '', deleted: true });

			// live events follow, once each
			const p6 = await post('Sechs');
			await reader.waitFor((m) => m.type === 'event' && (m.event as RoomEvent).message?.id === p6.id, 'the live message');
			await sleep(200);
			const all = reader.events('s');
			expect(all.length).toBe(expected.length + 1);
			expect(new Set(all.map((e) => e.rev)).size).toBe(all.length);

			// a resume from the newest rev sends nothing
			const again = await Socket.open(server, p.member1.cookie);
			expect(await again.subscribe('t', 'koerbecke', room.spielplatz, p6.rev)).toMatchObject({ type: 'subscribed' });
			await sleep(300);
			expect(again.events('t')).toEqual([]);
			await Promise.all([again.close(), reader.close(), author.close()]);
			await expectAlive(server);
		});

		it('a post resent with the same clientId after a dropped connection is one message', async () => {
			const clientId = 'resend-0001-abcdef';
			const first = await Socket.open(server, p.member2.cookie);
			first.sendAction('post', { roomId: room.spielplatz, body: 'Nur einmal bitte', clientId });
			first.ws.terminate(); // gone before the result
			await first.closed;
			const second = await Socket.open(server, p.member2.cookie);
			const resent = await second.act('post', { roomId: room.spielplatz, body: 'Nur einmal bitte', clientId });
			expect(resent).toMatchObject({ ok: true, result: { held: false, roomId: room.spielplatz } });
			const again = await second.act('post', { roomId: room.spielplatz, body: 'Nur einmal bitte', clientId });
			expect(again.result).toEqual(resent.result);
			const http = await p.member2.client.api('POST', `${API}/messages`, { roomId: room.spielplatz, body: 'Nur einmal bitte', clientId });
			expect(http.status).toBe(201);
			expect(await http.json()).toEqual(resent.result);
			// the same clientId in another room is refused, not a second message
			expect(await second.act('post', { roomId: room.allgemein, body: 'Nur einmal bitte', clientId })).toMatchObject({ ok: false, status: 409 });
			await second.close();
			const { messages } = await wholeHistory(p.member2.client, 'koerbecke', room.spielplatz);
			expect(messages.filter((m) => m.html === '<p>Nur einmal bitte</p>').map((m) => m.id)).toEqual([(resent.result as { id: string }).id]);
			await expectAlive(server);
		});

		// Both posts may pass the "posted before?" check before either commits; the second must then still answer the
		// first message (not a 500 from the unique index on the clientId).
		it('the same clientId sent twice at once (over /ws and HTTP) is one message, and both answers name it', async () => {
			for (let round = 0; round < 10; round++) {
				const clientId = `race-${round}-abcdefgh`;
				const body = `Gleichzeitig ${round}`;
				const ws = await Socket.open(server, p.member1.cookie);
				const [overWs, overHttp] = await Promise.all([ws.act('post', { roomId: room.spielplatz, body, clientId }), p.member1.client.api('POST', `${API}/messages`, { roomId: room.spielplatz, body, clientId })]);
				await ws.close();
				const httpBody = await overHttp.text();
				// the server's log line about it, if any (a refused INSERT shows as "duplicate key … chat_messages_client_idx")
				const logged = server.output().split('\n').filter((l) => /duplicate key|unique|23505|"level":"?(error|50)/i.test(l)).slice(-1)[0] ?? '';
				expect(overWs, `round ${round}: /ws ${JSON.stringify(overWs)}, HTTP ${overHttp.status} ${httpBody}; log: ${logged.slice(0, 400)}`).toMatchObject({ ok: true });
				expect(overHttp.status, `round ${round}: HTTP ${httpBody}; log: ${logged.slice(0, 400)}`).toBe(201);
				expect(JSON.parse(httpBody)).toEqual(overWs.result);
				const { messages } = await wholeHistory(p.member1.client, 'koerbecke', room.spielplatz);
				expect(messages.filter((m) => m.html === `<p>${body}</p>`)).toHaveLength(1);
			}
			expect(server.output()).not.toMatch(/unique|duplicate key/i);
			await expectAlive(server);
		});
	});
});

// ---------------------------------------------------------------------------------------------------------------
// 5. kill -9 while clients are sending

describe('5. kill -9 in the middle of a stream of messages', () => {
	let first: TestServer;
	let second: TestServer | undefined;

	beforeAll(async () => {
		first = await startServer({ PORT: '3331' });
	}, 120_000);
	afterAll(async () => {
		if (second) await second.stop();
		else await first?.stop();
	});

	it('every message whose result arrived is in the history after the restart; numbers without gaps or duplicates', async () => {
		const { db } = openServerDb(first.databaseUrl);
		const koerbecke = await tenantId(db, 'koerbecke');
		const room = await roomId(db, koerbecke, 'allgemein');
		// four senders; moderators, whom the chat's per-person limit (20 a minute) does not slow down
		const senders: Person[] = [];
		for (let i = 1; i <= 4; i++) senders.push(await person(first, db, `chat-sender-${i}@example.org`, `Sender ${i}`, { tenantId: koerbecke, role: 'moderator' }));
		await db.destroy();

		const acked = new Map<string, string>(); // clientId → message id, for every `result` ok
		const sent = new Map<string, { sender: number; body: string }>(); // every clientId sent
		const refused: Msg[] = [];
		let stopped = false;
		const sockets = await Promise.all(senders.map((s) => Socket.open(first, s.cookie)));
		// each socket keeps up to 4 actions in flight (the server allows 8), at most ~15 a second (WS_MESSAGES_PER_SECOND is 20)
		const streams = sockets.map(async (socket, n) => {
			let i = 0;
			const inFlight = new Set<Promise<void>>();
			while (!stopped) {
				const clientId = `kill-${n}-${String(i).padStart(6, '0')}`;
				const body = `Nachricht ${n}/${i++}`;
				sent.set(clientId, { sender: n, body });
				const ref = socket.sendAction('post', { roomId: room, body, clientId });
				const done = socket
					.waitFor((m) => m.ref === ref && (m.type === 'result' || m.type === 'error'), ref, 60_000)
					.then((m) => {
						if (m.type === 'result' && m.ok === true) acked.set(clientId, (m.result as { id: string }).id);
						else refused.push(m);
					})
					.catch(() => {}) // the server died before answering
					.finally(() => inFlight.delete(done));
				inFlight.add(done);
				await sleep(60);
				while (inFlight.size >= 4 && !stopped) await Promise.race([...inFlight, sleep(50)]);
			}
		});
		// kill -9 once a good part is acknowledged, with actions still on their way
		const deadline = Date.now() + 30_000;
		while (acked.size < 150 && Date.now() < deadline) await sleep(20);
		expect(acked.size).toBeGreaterThanOrEqual(150);
		await first.kill();
		stopped = true;
		await Promise.all(streams);
		await Promise.all(sockets.map((s) => s.closed));
		const ackedAtKill = acked.size;
		expect(refused, JSON.stringify(refused.slice(0, 3))).toEqual([]);

		second = await startServer({ PORT: '3331' }, { databaseUrl: first.databaseUrl, drop: first.dropDatabase });
		const reader = new Client(second.url);
		await reader.login('dorf2@example.org');
		const history = await wholeHistory(reader, 'koerbecke', room);
		const ids = history.messages.map((m) => m.id);
		const missing = [...acked].filter(([, id]) => !ids.includes(id));
		expect(missing, 'acknowledged but lost').toEqual([]);
		// numbers 1…n, no gap, no duplicate; the room's counter agrees; no id twice
		expect(history.messages.map((m) => m.seq)).toEqual(Array.from({ length: history.messages.length }, (_, i) => i + 1));
		expect(history.lastSeq).toBe(history.messages.length);
		expect(new Set(ids).size).toBe(ids.length);
		expect(new Set(history.messages.map((m) => m.rev)).size).toBe(ids.length);
		// every message in the history is one that was sent (with its body)
		const sentBodies = new Set([...sent.values()].map((s) => `<p>${s.body}</p>`));
		expect(history.messages.filter((m) => !sentBodies.has(m.html))).toEqual([]);

		// The senders now resend what had no answer, with the same clientIds: nothing is posted twice.
		const unanswered = [...sent.keys()].filter((c) => !acked.has(c));
		// (their sessions are in the database: the same cookies work with the new process)
		const sockets2 = await Promise.all(senders.map((s) => Socket.open(second!, s.cookie)));
		for (const clientId of unanswered) {
			const { sender, body } = sent.get(clientId)!;
			const r = await sockets2[sender]!.act('post', { roomId: room, body, clientId });
			expect(r, clientId).toMatchObject({ ok: true });
			acked.set(clientId, (r.result as { id: string }).id);
		}
		await Promise.all(sockets2.map((s) => s.close()));
		const after = await wholeHistory(reader, 'koerbecke', room);
		expect(after.messages.length).toBe(sent.size);
		expect(new Set(after.messages.map((m) => m.id))).toEqual(new Set(acked.values()));
		expect(after.messages.map((m) => m.seq)).toEqual(Array.from({ length: sent.size }, (_, i) => i + 1));
		console.log(`chat kill -9 (${second.database}): ${ackedAtKill} acknowledged at the kill, ${history.messages.length} in the history after the restart, ${unanswered.length} sent without an answer and resent (${history.messages.length - ackedAtKill} of them had been written)`);
		await expectAlive(second);
	}, 180_000);
});

// ---------------------------------------------------------------------------------------------------------------
// 6. two server processes on one PostgreSQL database (and with Redis)

/** True when something answers on the TCP port. */
function reachable(host: string, port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const s = netConnect(port, host, () => (s.destroy(), resolve(true)));
		s.on('error', () => resolve(false));
		s.setTimeout(500, () => (s.destroy(), resolve(false)));
	});
}

const pgUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisUp = pgUrl ? await reachable(new URL(redisUrl).hostname, Number(new URL(redisUrl).port || 6379)) : false;
// Without them the tests are skipped with these notes, which `npm test` prints under "Not run:".
const hubs = [
	{ name: 'PostgreSQL LISTEN/NOTIFY', env: {} as Record<string, string>, ports: [3332, 3333], skip: pgUrl ? '' : 'TEST_DATABASE_URL is not set; set it to postgres://… to run them' },
	{
		name: 'Redis',
		env: { REDIS_URL: redisUrl, REALTIME_CHANNEL: `chat_test_${process.pid}` },
		ports: [3334, 3335],
		skip: !pgUrl ? 'TEST_DATABASE_URL is not set; set it to postgres://… to run them' : redisUp ? '' : `no Redis at ${redisUrl}; set TEST_REDIS_URL=redis://… to run them`
	}
];

for (const hub of hubs) {
	describe(`6. two processes on one PostgreSQL database (${hub.name})`, () => {
		let one: TestServer;
		let two: TestServer;

		beforeEach((ctx) => {
			if (hub.skip) ctx.skip(hub.skip);
		});
		beforeAll(async () => {
			if (hub.skip) return;
			one = await startServer({ ...hub.env, PORT: String(hub.ports[0]) });
			// the second process on the first one's database; dropped by the first one's stop(), so it is stopped first
			two = await startServer({ ...hub.env, PORT: String(hub.ports[1]) }, { databaseUrl: one.databaseUrl, drop: async () => {} });
		}, 180_000);
		afterAll(async () => {
			await two?.stop();
			await one?.stop();
		});

		it('a message posted through one process (over /ws and HTTP) reaches a subscriber of the other, and back', async () => {
			const { db } = openServerDb(one.databaseUrl);
			const koerbecke = await tenantId(db, 'koerbecke');
			const room = await roomId(db, koerbecke, 'biete-suche');
			const a = await person(one, db, 'chat-prozess-a@example.org', 'Anton Prozess', { tenantId: koerbecke, role: 'member' });
			const b = await person(two, db, 'chat-prozess-b@example.org', 'Berta Prozess', { tenantId: koerbecke, role: 'member' });
			await db.destroy();
			const onOne = await Socket.open(one, a.cookie);
			const onTwo = await Socket.open(two, b.cookie);
			expect(await onOne.subscribe('r', 'koerbecke', room)).toMatchObject({ type: 'subscribed' });
			expect(await onTwo.subscribe('r', 'koerbecke', room)).toMatchObject({ type: 'subscribed' });
			const arrives = (socket: Socket, id: string, what: string) => socket.waitFor((m) => m.type === 'event' && m.id === 'r' && (m.event as RoomEvent).message?.id === id, what, 5000);

			// process 2 → a subscriber of process 1
			const ws2 = await onTwo.act('post', { roomId: room, body: 'über Prozess 2, /ws' });
			expect(ws2).toMatchObject({ ok: true });
			await arrives(onOne, (ws2.result as { id: string }).id, 'the /ws post of process 2 at process 1');
			const http2 = await b.client.api('POST', `${API}/messages`, { roomId: room, body: 'über Prozess 2, HTTP' });
			expect(http2.status).toBe(201);
			await arrives(onOne, ((await http2.json()) as { id: string }).id, 'the HTTP post of process 2 at process 1');
			// process 1 → a subscriber of process 2
			const ws1 = await onOne.act('post', { roomId: room, body: 'über Prozess 1, /ws' });
			expect(ws1).toMatchObject({ ok: true });
			await arrives(onTwo, (ws1.result as { id: string }).id, 'the /ws post of process 1 at process 2');
			const http1 = await a.client.api('POST', `${API}/messages`, { roomId: room, body: 'über Prozess 1, HTTP' });
			expect(http1.status).toBe(201);
			await arrives(onTwo, ((await http1.json()) as { id: string }).id, 'the HTTP post of process 1 at process 2');
			// an edit through process 2 reaches process 1 too
			expect(await onTwo.act('edit', { messageId: (ws2.result as { id: string }).id, body: 'über Prozess 2, geändert' })).toMatchObject({ ok: true });
			await onOne.waitFor((m) => m.type === 'event' && (m.event as RoomEvent).message?.html === '<p>über Prozess 2, geändert</p>', 'the edit at process 1', 5000);

			await sleep(300);
			// each subscriber got every change exactly once, in rev order
			for (const socket of [onOne, onTwo]) {
				const revs = socket.events('r').map((e) => e.rev);
				expect(revs).toEqual([1, 2, 3, 4, 5]);
			}
			await Promise.all([onOne.close(), onTwo.close()]);
			await expectAlive(one);
			await expectAlive(two);
		});

		it('many posts at once through both processes: numbered without gaps, every one at both subscribers once', async () => {
			const { db } = openServerDb(one.databaseUrl);
			const koerbecke = await tenantId(db, 'koerbecke');
			const room = await roomId(db, koerbecke, 'spielplatz-eltern');
			const m1 = await person(one, db, 'chat-viele-1@example.org', 'Viele Eins', { tenantId: koerbecke, role: 'moderator' });
			const m2 = await person(two, db, 'chat-viele-2@example.org', 'Viele Zwei', { tenantId: koerbecke, role: 'moderator' });
			await db.destroy();
			const onOne = await Socket.open(one, m1.cookie);
			const onTwo = await Socket.open(two, m2.cookie);
			expect(await onOne.subscribe('r', 'koerbecke', room)).toMatchObject({ type: 'subscribed' });
			expect(await onTwo.subscribe('r', 'koerbecke', room)).toMatchObject({ type: 'subscribed' });
			// four sending sockets per process, ten posts each, all at once (each socket stays below 8 actions in flight)
			const senders = await Promise.all([...[0, 1, 2, 3].map(() => Socket.open(one, m1.cookie)), ...[0, 1, 2, 3].map(() => Socket.open(two, m2.cookie))]);
			const PER = 5;
			const N = senders.length * PER;
			const results = (
				await Promise.all(
					senders.flatMap((socket, s) =>
						Array.from({ length: PER }, async (_, i) => {
							const r = await socket.act('post', { roomId: room, body: `Gleichzeitig ${s}/${i}` });
							expect(r, `post ${s}/${i}`).toMatchObject({ ok: true });
							return r.result as { id: string; seq: number };
						})
					)
				)
			).flat();
			await Promise.all(senders.map((s) => s.close()));
			expect(results.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
			for (const socket of [onOne, onTwo]) {
				const deadline = Date.now() + 10_000;
				while (socket.events('r').length < N && Date.now() < deadline) await sleep(20);
				await sleep(300);
				const ids = socket.events('r').map((e) => e.message.id);
				expect(ids.length).toBe(N);
				expect(new Set(ids)).toEqual(new Set(results.map((r) => r.id)));
			}
			await Promise.all([onOne.close(), onTwo.close()]);
			await expectAlive(one);
			await expectAlive(two);
		});
	});
}

// The chat's data layer against a real database (SQLite; PostgreSQL with TEST_DATABASE_URL), through the same
// context the core gives a module, each call in its own transaction as an action would run it (the core runs the
// module's migration with its own). Unhappy paths first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createModuleContext } from '../../server/builder/moduleContext.ts';
import { newId } from '../../server/ids.ts';
import type { Actor } from '../../server/policy/index.ts';
import { insertTenant, type Tenant } from '../../server/tenancy/tenants.ts';
import type { AnyModule } from '../registry.ts';
import { auditActions } from './audit.ts';
import chat from './module.ts';
import { approveMessage, banPerson, blockPerson, heldMessages, liftBan, mutePerson, openReports, removeMessage, reportMessage, resolveReport } from './moderation.ts';
import { deleteMessage, editMessage, MAX_MENTIONS, parseMentions, postMessage, toggleReaction } from './posting.ts';
import { findMessage, findRoom, type ChatCtx } from './queries.ts';
import { history, markRead, searchPattern, searchRoom, unreadCounts } from './reading.ts';
import { archiveRoom, createRoom, joinRoom, leaveRoom, listRooms, lockRoom, updateRoom } from './rooms.ts';
import type { Result } from './rules.ts';
import { settingsSchema } from './schemas.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
let clubA: string;
const module = chat as unknown as AnyModule;

const person = (userId: string, memberships: Actor['memberships'], clubRoles: Actor['clubRoles'] = []): Actor => ({ userId, memberships, clubRoles });
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };
let anna: Actor; // member of A
let bernd: Actor; // member of A
let carl: Actor; // member of A and of the club
let mia: Actor; // moderator of A
let bea: Actor; // member of B
let moritz: Actor; // moderator of B
const stranger = person('u-stranger', []);

/** Runs `fn` with the module's context in one transaction, as the core runs an action (a generous rate limit: the tests write fast). */
const inTx = <T>(village: Tenant, actor: Actor, fn: (ctx: ChatCtx) => Promise<T>, settings: Record<string, unknown> = { rateLimitPerMinute: 120 }) =>
	t.db.transaction().execute((trx) => fn(createModuleContext({ db: trx, village, module, settings: settingsSchema.parse(settings), actor, locale: 'de', ip: '127.0.0.1' }) as unknown as ChatCtx));
/** The read-only context of a page or GET. */
const reader = (village: Tenant, actor: Actor) => createModuleContext({ db: t.db, village, module, settings: settingsSchema.parse({}), actor, locale: 'de', ip: '127.0.0.1', readOnly: true }) as unknown as ChatCtx;

const value = <T>(r: Result<T>): T => {
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return r.value;
};
const room = async (village: Tenant, input: Record<string, unknown>) => value(await inTx(village, village === A ? mia : moritz, (c) => createRoom(c, input))).id;
const post = (village: Tenant, actor: Actor, roomId: string, body: string, extra: Record<string, unknown> = {}) => inTx(village, actor, (c) => postMessage(c, { roomId, body, ...extra }));
const rowsOf = (village: Tenant, table: string) => t.db.selectFrom(table as never).selectAll().where('tenantId' as never, '=', village.id as never).orderBy('id' as never).execute();

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	const muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muni });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muni });
	const now = Date.now();
	clubA = newId();
	await t.db.insertInto('clubs').values({ id: clubA, tenantId: A.id, name: 'Feuerwehr', slug: 'feuerwehr', description: '', createdAt: now, updatedAt: now }).execute();
	const people: [string, string, Tenant, 'member' | 'moderator'][] = [
		['u-anna', 'Anna Beispiel', A, 'member'],
		['u-bernd', 'Bernd Beispiel', A, 'member'],
		['u-carl', 'Carl Wehr', A, 'member'],
		['u-mia', 'Mia Moderation', A, 'moderator'],
		['u-bea', 'Bea Anderswo', B, 'member'],
		['u-moritz', 'Moritz Moderation', B, 'moderator']
	];
	for (const [id, displayName, village, role] of people) {
		await t.db.insertInto('users').values({ id, email: `${id}@example.org`, passwordHash: 'x', displayName, locale: 'de', createdAt: now, updatedAt: now } as never).execute();
		await t.db.insertInto('memberships').values({ id: newId(), userId: id, tenantId: village.id, role, createdAt: now } as never).execute();
	}
	anna = person('u-anna', [{ tenantId: A.id, role: 'member' }]);
	bernd = person('u-bernd', [{ tenantId: A.id, role: 'member' }]);
	carl = person('u-carl', [{ tenantId: A.id, role: 'member' }], [{ clubId: clubA, role: 'member' }]);
	mia = person('u-mia', [{ tenantId: A.id, role: 'moderator' }]);
	bea = person('u-bea', [{ tenantId: B.id, role: 'member' }]);
	moritz = person('u-moritz', [{ tenantId: B.id, role: 'moderator' }]);
});
afterAll(() => t.cleanup());

describe('tenant scoping', () => {
	it('a member of village A can neither read nor post in a room of village B, and B stays unchanged', async () => {
		const roomB = await room(B, { name: 'Allgemein', slug: 'allgemein-b' });
		value(await post(B, bea, roomB, 'Hallo aus B'));
		const before = await rowsOf(B, 'chat_messages');
		// through A's context B's room is simply not there
		expect(await inTx(A, anna, (c) => postMessage(c, { roomId: roomB, body: 'Eindringling' }))).toMatchObject({ ok: false, status: 404 });
		expect(await history(reader(A, anna), { roomId: roomB })).toMatchObject({ ok: false, status: 404 });
		// in B's context A's member is nobody
		expect(await post(B, anna, roomB, 'Eindringling')).toMatchObject({ ok: false, status: 403 });
		expect(await history(reader(B, anna), { roomId: roomB })).toMatchObject({ ok: false, status: 403 });
		expect(await joinRoom(reader(B, anna), roomB)).toMatchObject({ ok: false, status: 403 });
		expect(await listRooms(reader(B, anna))).toEqual([]);
		expect(await rowsOf(B, 'chat_messages')).toEqual(before);
	});

	it('a moderator of village A has no power in village B', async () => {
		const roomB = await room(B, { name: 'Markt', slug: 'markt-b' });
		const msg = value(await post(B, bea, roomB, 'Verkaufe Fahrrad')).id;
		const snapshot = async () => Promise.all(['chat_rooms', 'chat_messages', 'chat_mutes', 'chat_bans', 'audit_log'].map((tb) => (tb === 'audit_log' ? t.db.selectFrom('auditLog').selectAll().execute() : rowsOf(B, tb))));
		const before = await snapshot();
		// B's ids in A's context: not found
		expect(await inTx(A, mia, (c) => removeMessage(c, { messageId: msg, reason: 'Spam' }))).toMatchObject({ ok: false, status: 404 });
		expect(await inTx(A, mia, (c) => lockRoom(c, { roomId: roomB, on: true }))).toMatchObject({ ok: false, status: 404 });
		expect(await inTx(A, mia, (c) => mutePerson(c, { roomId: roomB, userId: 'u-bea', until: Date.now() + 60_000, reason: 'Ruhe' }))).toMatchObject({ ok: false, status: 404 });
		// in B's context A's moderator is nobody
		expect(await inTx(B, mia, (c) => removeMessage(c, { messageId: msg, reason: 'Spam' }))).toMatchObject({ ok: false, status: 403 });
		expect(await inTx(B, mia, (c) => banPerson(c, { userId: 'u-bea', reason: 'Spam' }))).toMatchObject({ ok: false, status: 403 });
		expect(await inTx(B, mia, (c) => lockRoom(c, { roomId: roomB, on: true }))).toMatchObject({ ok: false, status: 403 });
		expect(await inTx(B, mia, (c) => createRoom(c, { name: 'Fremd', slug: 'fremd' }))).toMatchObject({ ok: false, status: 403 });
		expect(await snapshot()).toEqual(before);
	});

	it('answers 404 for every id of village B used in village A, and changes nothing in B', async () => {
		const roomB = await room(B, { name: 'Ids', slug: 'ids-b', holdNewAccounts: true });
		const msg = value(await post(B, moritz, roomB, 'Nachricht in B')).id;
		const heldB = value(await post(B, bea, roomB, 'Neu in B')).id;
		const report = value(await inTx(B, bea, (c) => reportMessage(c, { messageId: msg, reason: 'Test' }))).id;
		const tables = ['chat_rooms', 'chat_messages', 'chat_members', 'chat_reactions', 'chat_reports', 'chat_mutes', 'chat_bans'];
		const before = await Promise.all(tables.map((tb) => rowsOf(B, tb)));
		const tries: Promise<Result<unknown>>[] = [
			inTx(A, anna, (c) => markRead(c, { roomId: roomB, seq: 1 })),
			inTx(A, anna, (c) => joinRoom(c, roomB)),
			inTx(A, anna, (c) => leaveRoom(c, roomB)),
			inTx(A, anna, (c) => toggleReaction(c, { messageId: msg, emoji: '👍' })),
			inTx(A, anna, (c) => reportMessage(c, { messageId: msg, reason: 'x' })),
			inTx(A, anna, (c) => editMessage(c, { messageId: msg, body: 'x' })),
			inTx(A, anna, (c) => deleteMessage(c, msg)),
			inTx(A, mia, (c) => approveMessage(c, heldB)),
			inTx(A, mia, (c) => resolveReport(c, report)),
			inTx(A, mia, (c) => updateRoom(c, { roomId: roomB, name: 'Gekapert' })),
			inTx(A, mia, (c) => archiveRoom(c, { roomId: roomB, on: true })),
			searchRoom(reader(A, anna), { roomId: roomB, query: 'Nachricht' })
		];
		for (const r of await Promise.all(tries)) expect(r).toMatchObject({ ok: false, status: 404 });
		expect(await Promise.all(tables.map((tb) => rowsOf(B, tb)))).toEqual(before);
	});

	it('anonymous visitors and signed-in people of no village read and write nothing', async () => {
		const roomA = await room(A, { name: 'Offen', slug: 'offen' });
		for (const actor of [anonymous, stranger]) {
			expect(await history(reader(A, actor), { roomId: roomA })).toMatchObject({ ok: false, status: 403 });
			expect(await post(A, actor, roomA, 'Hallo')).toMatchObject({ ok: false, status: 403 });
			expect(await unreadCounts(reader(A, actor))).toEqual({});
		}
	});
});

describe('club rooms', () => {
	it('a person outside the club cannot read, join or post; club members and moderators can read', async () => {
		const clubRoom = await room(A, { name: 'Feuerwehr intern', slug: 'feuerwehr', kind: 'club', clubId: clubA });
		expect(await history(reader(A, anna), { roomId: clubRoom })).toMatchObject({ ok: false, status: 403 });
		expect(await inTx(A, anna, (c) => joinRoom(c, clubRoom))).toMatchObject({ ok: false, status: 403, errors: { _form: expect.stringContaining('Mitglieder des Vereins') } });
		expect(await post(A, anna, clubRoom, 'Darf ich?')).toMatchObject({ ok: false, status: 403 });
		expect((await listRooms(reader(A, anna))).map((r) => r.id)).not.toContain(clubRoom);
		value(await inTx(A, carl, (c) => joinRoom(c, clubRoom)));
		value(await post(A, carl, clubRoom, 'Übung am Freitag'));
		expect(value(await history(reader(A, carl), { roomId: clubRoom })).messages.map((m) => m.html.trim())).toEqual(['<p>Übung am Freitag</p>']);
		expect(value(await history(reader(A, mia), { roomId: clubRoom })).messages).toHaveLength(1);
		// the moderator reads (to act on reports) but does not talk in the club's room
		expect(await post(A, mia, clubRoom, 'Hallo Feuerwehr')).toMatchObject({ ok: false, status: 403 });
	});

	it('refuses a club room without a club of this village, naming the field', async () => {
		const clubB = newId();
		await t.db.insertInto('clubs').values({ id: clubB, tenantId: B.id, name: 'Chor B', slug: 'chor-b', description: '', createdAt: 0, updatedAt: 0 }).execute();
		for (const clubId of [undefined, clubB, 'nope']) {
			const r = await inTx(A, mia, (c) => createRoom(c, { name: 'Chor', slug: 'chor', kind: 'club', clubId }));
			expect(r).toMatchObject({ ok: false, status: 400, errors: { clubId: expect.stringMatching(/^Verein: /) } });
		}
	});
});

describe('who may post', () => {
	it('muted people cannot post in that room (but elsewhere), until the mute ends', async () => {
		const r1 = await room(A, { name: 'Laut', slug: 'laut' });
		const r2 = await room(A, { name: 'Leise', slug: 'leise' });
		const now = Date.now();
		expect(await inTx(A, anna, (c) => mutePerson(c, { roomId: r1, userId: 'u-bernd', until: now + 60_000, reason: 'Ton' }))).toMatchObject({ ok: false, status: 403 });
		expect(await inTx(A, mia, (c) => mutePerson(c, { roomId: r1, userId: 'u-bernd', until: now - 1, reason: 'Ton' }))).toMatchObject({ ok: false, status: 400, errors: { until: expect.stringMatching(/^Bis: /) } });
		value(await inTx(A, mia, (c) => mutePerson(c, { roomId: r1, userId: 'u-bernd', until: now + 60_000, reason: 'Ton' })));
		expect(await post(A, bernd, r1, 'Hallo')).toMatchObject({ ok: false, status: 403, errors: { _form: expect.stringContaining('stummgeschaltet') } });
		value(await post(A, bernd, r2, 'Hallo'));
		// an hour later the mute is over
		value(await inTx(A, bernd, (c) => postMessage(c, { roomId: r1, body: 'Wieder da' }, now + 3_600_000)));
		const audit = await t.db.selectFrom('auditLog').select(['action', 'data', 'actorId']).where('action', '=', 'chat.mute').execute();
		expect(audit).toHaveLength(1);
		expect(JSON.parse(audit[0]!.data)).toMatchObject({ room: 'Laut', reason: 'Ton' });
	});

	it('moderators mute and ban only people of their village’s chat, not any account; nobody reports their own message', async () => {
		const r = await room(A, { name: 'Nur hier', slug: 'nur-hier' });
		// Bea is a member of village B only: A's moderator has nothing to mute or ban her for
		expect(await inTx(A, mia, (c) => mutePerson(c, { roomId: r, userId: 'u-bea', until: Date.now() + 60_000, reason: 'Ruhe' }))).toMatchObject({ ok: false, status: 404, errors: { userId: expect.stringContaining('nimmt am Chat dieses Dorfes nicht teil') } });
		expect(await inTx(A, mia, (c) => banPerson(c, { userId: 'u-bea', reason: 'Spam', until: null }))).toMatchObject({ ok: false, status: 404, errors: { userId: expect.stringContaining('nimmt am Chat dieses Dorfes nicht teil') } });
		expect(await rowsOf(A, 'chat_mutes').then((rows) => rows.filter((m) => (m as { user_id?: string }).user_id === 'u-bea'))).toEqual([]);
		const own = value(await post(A, anna, r, 'Meine eigene Nachricht')).id;
		expect(await inTx(A, anna, (c) => reportMessage(c, { messageId: own, reason: 'Versehen' }))).toMatchObject({ ok: false, status: 400, errors: { messageId: expect.stringContaining('eigene Nachricht') } });
		const other = value(await inTx(A, bernd, (c) => reportMessage(c, { messageId: own, reason: 'Stimmt nicht' }))).id;
		value(await inTx(A, mia, (c) => resolveReport(c, other)));
	});

	it('banned people cannot post anywhere in the village, until the ban is lifted', async () => {
		const r = await room(A, { name: 'Bann', slug: 'bann' });
		value(await inTx(A, mia, (c) => banPerson(c, { userId: 'u-bernd', reason: 'Beleidigungen', until: null })));
		expect(await post(A, bernd, r, 'Hallo')).toMatchObject({ ok: false, status: 403, errors: { _form: expect.stringContaining('ausgeschlossen') } });
		expect(await inTx(A, mia, (c) => banPerson(c, { userId: 'u-mia', reason: 'x' }))).toMatchObject({ ok: false, status: 400 });
		value(await inTx(A, mia, (c) => liftBan(c, 'u-bernd')));
		value(await post(A, bernd, r, 'Hallo'));
		expect((await t.db.selectFrom('auditLog').select('action').where('action', 'in', ['chat.ban', 'chat.unban']).execute()).map((a) => a.action).sort()).toEqual(['chat.ban', 'chat.unban']);
	});

	it('nobody posts in locked or archived rooms; in announcements rooms only moderators', async () => {
		const r = await room(A, { name: 'Zu', slug: 'zu' });
		value(await inTx(A, mia, (c) => lockRoom(c, { roomId: r, on: true })));
		expect(await post(A, anna, r, 'Hallo')).toMatchObject({ ok: false, status: 403, errors: { _form: expect.stringContaining('gesperrt') } });
		value(await inTx(A, mia, (c) => lockRoom(c, { roomId: r, on: false })));
		value(await inTx(A, mia, (c) => archiveRoom(c, { roomId: r, on: true })));
		expect(await post(A, anna, r, 'Hallo')).toMatchObject({ ok: false, status: 403, errors: { _form: expect.stringContaining('archiviert') } });
		expect(await history(reader(A, anna), { roomId: r })).toMatchObject({ ok: true });
		const news = await room(A, { name: 'Bekanntmachungen', slug: 'bekanntmachungen', kind: 'announcements' });
		expect(await post(A, anna, news, 'Ich auch')).toMatchObject({ ok: false, status: 403 });
		value(await post(A, mia, news, 'Wasser wird abgestellt'));
		expect(value(await history(reader(A, anna), { roomId: news })).messages).toHaveLength(1);
		const actions = (await t.db.selectFrom('auditLog').select('action').where('targetId', '=', r).execute()).map((a) => a.action);
		expect(actions).toEqual(expect.arrayContaining(['chat.room.create', 'chat.room.lock', 'chat.room.unlock', 'chat.room.archive']));
	});

	it('only moderators create and change rooms', async () => {
		expect(await inTx(A, anna, (c) => createRoom(c, { name: 'Meins', slug: 'meins' }))).toMatchObject({ ok: false, status: 403 });
		const r = await room(A, { name: 'Spielplatz', slug: 'spielplatz' });
		expect(await inTx(A, anna, (c) => updateRoom(c, { roomId: r, name: 'Meins' }))).toMatchObject({ ok: false, status: 403 });
		expect(await inTx(A, mia, (c) => createRoom(c, { name: 'Noch einer', slug: 'spielplatz' }))).toMatchObject({ ok: false, status: 409, errors: { slug: expect.stringMatching(/^Adresse des Raums: /) } });
		value(await inTx(A, mia, (c) => updateRoom(c, { roomId: r, name: 'Spielplatz-Eltern', holdNewAccounts: true })));
		expect(await findRoom(reader(A, mia).data, r)).toMatchObject({ name: 'Spielplatz-Eltern', holdNewAccounts: 1 });
	});
});

describe('bad input', () => {
	let r: string;
	beforeAll(async () => {
		r = await room(A, { name: 'Eingaben', slug: 'eingaben' });
	});

	it('refuses an empty, blank or oversized body, naming the field', async () => {
		for (const body of [undefined, '', '   \n ', 'x'.repeat(4001)]) {
			expect(await post(A, anna, r, body as string)).toMatchObject({ ok: false, status: 400, errors: { body: expect.stringMatching(/^Nachricht: /) } });
		}
		// 4,000 characters after trimming are fine
		const ok = value(await post(A, anna, r, `  ${'x'.repeat(4000)}  `));
		expect((await findMessage(reader(A, anna).data, ok.id))?.body).toHaveLength(4000);
	});

	it('neutralises XSS payloads in the body', async () => {
		const body = '<script>alert(1)</script><img src=x onerror=alert(1)> [klick](javascript:alert(1)) <a href="javascript:alert(2)">a</a> <iframe src="https://evil.example"></iframe>';
		value(await post(A, anna, r, body));
		const [shown] = value(await history(reader(A, anna), { roomId: r, limit: 1 })).messages;
		expect(shown!.html).not.toMatch(/<script|onerror|<iframe|<img|(href|src)\s*=\s*["']?\s*javascript:/i);
		expect(shown!.html).toContain('klick');
	});

	it('handles __proto__ and constructor as room names and addresses', async () => {
		expect(await inTx(A, mia, (c) => createRoom(c, { name: 'x', slug: '__proto__' }))).toMatchObject({ ok: false, status: 400, errors: { slug: expect.stringMatching(/^Adresse des Raums: /) } });
		// a prototype's name is no room address; as a name or description it is just text
		for (const slug of ['constructor', 'tostring', 'valueof', 'hasownproperty', 'prototype']) {
			expect(await inTx(A, mia, (c) => createRoom(c, { name: 'y', slug }))).toMatchObject({ ok: false, status: 400, errors: { slug: expect.stringMatching(/^Adresse des Raums: /) } });
		}
		const proto = await room(A, { name: '__proto__', slug: 'proto-raum', description: 'constructor' });
		expect(await findRoom(reader(A, mia).data, proto)).toMatchObject({ name: '__proto__', description: 'constructor' });
		value(await post(A, anna, proto, '__proto__'));
		expect(Object.getPrototypeOf(await unreadCounts(reader(A, bernd)))).toBe(Object.prototype);
	});

	it('refuses a reply to a message of another room, unknown reactions, and pages over 100', async () => {
		const other = await room(A, { name: 'Anderer', slug: 'anderer' });
		const elsewhere = value(await post(A, anna, other, 'Drüben')).id;
		expect(await post(A, anna, r, 'Antwort', { replyTo: elsewhere })).toMatchObject({ ok: false, status: 400, errors: { replyTo: expect.stringMatching(/^Antwort auf: /) } });
		const here = value(await post(A, anna, r, 'Hier')).id;
		value(await post(A, bernd, r, 'Antwort', { replyTo: here }));
		expect(await inTx(A, anna, (c) => toggleReaction(c, { messageId: here, emoji: '💩' }))).toMatchObject({ ok: false, status: 400, errors: { emoji: expect.stringMatching(/^Reaktion: /) } });
		expect(await history(reader(A, anna), { roomId: r, limit: 101 })).toMatchObject({ ok: false, status: 400 });
	});
});

describe('mass mentions', () => {
	it('tells at most 50 people of one message', async () => {
		const r = await room(A, { name: 'Viele', slug: 'viele' });
		const now = Date.now();
		for (let i = 0; i < 60; i++) {
			const id = `u-viele-${i}`;
			await t.db.insertInto('users').values({ id, email: `${id}@example.org`, passwordHash: 'x', displayName: `Person${i}`, locale: 'de', createdAt: now, updatedAt: now } as never).execute();
			await t.db.insertInto('memberships').values({ id: newId(), userId: id, tenantId: A.id, role: 'member', createdAt: now } as never).execute();
			value(await inTx(A, person(id, [{ tenantId: A.id, role: 'member' }]), (c) => joinRoom(c, r)));
		}
		const body = Array.from({ length: 60 }, (_, i) => `@person${i}`).join(' ');
		expect(value(await post(A, anna, r, body)).mentioned).toHaveLength(MAX_MENTIONS);
	});
});

describe('messages', () => {
	it('edits and deletes only one’s own; a deleted message keeps its row and number, without text', async () => {
		const r = await room(A, { name: 'Eigenes', slug: 'eigenes' });
		const m = value(await post(A, anna, r, 'Erste Fassung'));
		expect(await inTx(A, bernd, (c) => editMessage(c, { messageId: m.id, body: 'Fremd' }))).toMatchObject({ ok: false, status: 403 });
		expect(await inTx(A, bernd, (c) => deleteMessage(c, m.id))).toMatchObject({ ok: false, status: 403 });
		value(await inTx(A, anna, (c) => editMessage(c, { messageId: m.id, body: 'Zweite Fassung' })));
		value(await inTx(A, anna, (c) => deleteMessage(c, m.id)));
		expect(await inTx(A, anna, (c) => editMessage(c, { messageId: m.id, body: 'Dritte' }))).toMatchObject({ ok: false, status: 409 });
		const row = await findMessage(reader(A, anna).data, m.id);
		expect(row).toMatchObject({ body: '', seq: m.seq });
		expect(row!.deletedAt).not.toBeNull();
		expect(value(await history(reader(A, bernd), { roomId: r })).messages[0]).toMatchObject({ deleted: true, html: '' });
	});

	it('toggles reactions from the fixed set', async () => {
		const r = await room(A, { name: 'Reaktionen', slug: 'reaktionen' });
		const m = value(await post(A, anna, r, 'Kuchen!')).id;
		expect(value(await inTx(A, bernd, (c) => toggleReaction(c, { messageId: m, emoji: '👍' })))).toEqual({ on: true });
		value(await inTx(A, carl, (c) => toggleReaction(c, { messageId: m, emoji: '👍' })));
		let [shown] = value(await history(reader(A, bernd), { roomId: r })).messages;
		expect(shown!.reactions).toEqual([{ emoji: '👍', count: 2, mine: true }]);
		expect(value(await inTx(A, bernd, (c) => toggleReaction(c, { messageId: m, emoji: '👍' })))).toEqual({ on: false });
		[shown] = value(await history(reader(A, bernd), { roomId: r })).messages;
		expect(shown!.reactions).toEqual([{ emoji: '👍', count: 1, mine: false }]);
	});

	it('records mentions of the room’s members only, by name or handle', async () => {
		expect(parseMentions('Hallo @Anna Maria und @anna!', [{ userId: 'a', displayName: 'Anna' }, { userId: 'am', displayName: 'Anna Maria' }]).sort()).toEqual(['a', 'am']);
		expect(parseMentions('@Annabell', [{ userId: 'a', displayName: 'Anna' }])).toEqual([]);
		const r = await room(A, { name: 'Erwähnungen', slug: 'erwaehnungen' });
		value(await inTx(A, bernd, (c) => joinRoom(c, r)));
		const m = value(await post(A, anna, r, 'Danke @Bernd Beispiel und @carlwehr, @annabeispiel'));
		// Carl is no member of the room, Anna does not mention herself
		expect(m.mentioned).toEqual(['u-bernd']);
		expect(await t.db.selectFrom('chatMentions' as never).select('userId' as never).where('messageId' as never, '=', m.id as never).execute()).toEqual([{ userId: 'u-bernd' }]);
	});

	it('holds the first messages of people new to the chat where the room says so, and numbers them on approval', async () => {
		const r = await room(A, { name: 'Neu', slug: 'neu', holdNewAccounts: true });
		const newcomer = person('u-neu', [{ tenantId: A.id, role: 'member' }]);
		const held = value(await post(A, newcomer, r, 'Erste Nachricht'));
		expect(held).toMatchObject({ held: true, seq: null });
		const visible = value(await post(A, anna, r, 'Willkommen'));
		expect(visible.seq).toBe(1);
		expect(value(await history(reader(A, bernd), { roomId: r })).messages.map((m) => m.seq)).toEqual([1]);
		expect((await heldMessages(reader(A, mia))).map((m) => m.id)).toContain(held.id);
		expect(await heldMessages(reader(A, anna))).toEqual([]);
		expect(await inTx(A, anna, (c) => approveMessage(c, held.id))).toMatchObject({ ok: false, status: 403 });
		expect(value(await inTx(A, mia, (c) => approveMessage(c, held.id)))).toEqual({ seq: 2, rev: 2 });
		expect(await inTx(A, mia, (c) => approveMessage(c, held.id))).toMatchObject({ ok: false, status: 409 });
		// after three approved messages one is no longer new
		for (const body of ['zwei', 'drei']) {
			const m = value(await post(A, newcomer, r, body));
			value(await inTx(A, mia, (c) => approveMessage(c, m.id)));
		}
		expect(value(await post(A, newcomer, r, 'vier'))).toMatchObject({ held: false, seq: 5 });
	});

	it('limits each person to the village’s messages per minute', async () => {
		const r = await room(A, { name: 'Schnell', slug: 'schnell' });
		const sender = person('u-schnell', [{ tenantId: A.id, role: 'member' }]);
		const send = (body: string, now = Date.now()) => inTx(A, sender, (c) => postMessage(c, { roomId: r, body }, now), {});
		for (let i = 0; i < 20; i++) value(await send(`Nachricht ${i}`));
		expect(await send('eine zu viel')).toMatchObject({ ok: false, status: 409, errors: { _form: expect.stringContaining('eine Minute') } });
		value(await send('später', Date.now() + 61_000));
	});
});

describe('numbers, history and unread counts', () => {
	it('gives 50 concurrent posts the numbers 1..50, without gaps or duplicates', async () => {
		const r = await room(A, { name: 'Gedränge', slug: 'gedraenge' });
		const senders = [anna, bernd, carl, mia, person('u-fuenf', [{ tenantId: A.id, role: 'member' }])];
		const results = await Promise.all(Array.from({ length: 50 }, (_, i) => inTx(A, senders[i % 5]!, (c) => postMessage(c, { roomId: r, body: `Nr. ${i}` }), { rateLimitPerMinute: 120 })));
		const seqs = results.map((res) => value(res).seq!).sort((a, b) => a - b);
		expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
		expect((await findRoom(reader(A, anna).data, r))!.lastSeq).toBe(50);
	});

	it('never shows a later number while an earlier one is uncommitted: a reader polling during 30 slow posts sees no gap', async () => {
		const r = await room(A, { name: 'Lücken', slug: 'luecken' });
		const senders = [anna, bernd, carl, mia, person('u-fuenf', [{ tenantId: A.id, role: 'member' }])];
		const seen: number[][] = [];
		let done = false;
		const poll = (async () => {
			while (!done) {
				const rows = await t.db.selectFrom('chatMessages' as never).select('seq' as never).where('roomId' as never, '=', r as never).where('seq' as never, 'is not', null).execute();
				seen.push(rows.map((x) => Number((x as { seq: unknown }).seq)).sort((a, b) => a - b));
				await new Promise((ok) => setTimeout(ok, 1));
			}
		})();
		// each transaction takes a while after it got its number, as a slow insert of mentions would
		await Promise.all(
			Array.from({ length: 30 }, (_, i) =>
				inTx(A, senders[i % 5]!, async (c) => {
					const res = await postMessage(c, { roomId: r, body: `langsam ${i}` });
					await new Promise((ok) => setTimeout(ok, Math.random() * 5));
					return res;
				})
			)
		);
		done = true;
		await poll;
		expect(seen.length).toBeGreaterThan(1);
		expect(seen.filter((seqs) => seqs.some((s, i) => s !== i + 1))).toEqual([]);
	});

	it('pages through history by number, before and after', async () => {
		const r = await room(A, { name: 'Seiten', slug: 'seiten' });
		for (let i = 1; i <= 12; i++) value(await inTx(A, mia, (c) => postMessage(c, { roomId: r, body: `m${i}` })));
		const seqs = async (q: Record<string, unknown>) => value(await history(reader(A, anna), { roomId: r, ...q })).messages.map((m) => m.seq);
		expect(await seqs({ limit: 5 })).toEqual([8, 9, 10, 11, 12]);
		expect(await seqs({ limit: 5, before: 8 })).toEqual([3, 4, 5, 6, 7]);
		expect(await seqs({ limit: 5, after: 9 })).toEqual([10, 11, 12]);
		expect(await seqs({ after: 12 })).toEqual([]);
	});

	it('counts unread messages per room in one query: not one’s own, not deleted, not by blocked people', async () => {
		const reader1 = person('u-leser', [{ tenantId: A.id, role: 'member' }]);
		const r1 = await room(A, { name: 'Ungelesen 1', slug: 'ungelesen-1' });
		const r2 = await room(A, { name: 'Ungelesen 2', slug: 'ungelesen-2' });
		value(await inTx(A, reader1, (c) => joinRoom(c, r1)));
		value(await inTx(A, reader1, (c) => joinRoom(c, r2)));
		value(await post(A, anna, r1, 'vorher'));
		// who writes has read the room up to their own message
		value(await post(A, reader1, r1, 'meine'));
		expect((await unreadCounts(reader(A, reader1)))[r1]).toBe(0);
		value(await post(A, anna, r1, 'eins'));
		const two = value(await post(A, anna, r1, 'zwei'));
		value(await post(A, bernd, r1, 'drei'));
		value(await inTx(A, anna, (c) => deleteMessage(c, two.id)));
		value(await post(A, carl, r2, 'hallo'));
		let counts = await unreadCounts(reader(A, reader1));
		expect([counts[r1], counts[r2]]).toEqual([2, 1]);
		value(await inTx(A, reader1, (c) => blockPerson(c, 'u-bernd')));
		expect(await inTx(A, reader1, (c) => blockPerson(c, 'u-leser'))).toMatchObject({ ok: false, status: 400 });
		// only people: an id of no account is refused, and nothing is stored
		expect(await inTx(A, reader1, (c) => blockPerson(c, 'u-niemand'))).toMatchObject({ ok: false, status: 404, errors: { userId: expect.stringMatching(/^Person: /) } });
		expect(await inTx(A, mia, (c) => banPerson(c, { userId: 'constructor', reason: 'x' }))).toMatchObject({ ok: false, status: 404 });
		counts = await unreadCounts(reader(A, reader1));
		expect(counts[r1]).toBe(1);
		expect(value(await history(reader(A, reader1), { roomId: r1 })).messages.map((m) => m.html.trim())).not.toContain('<p>drei</p>');
		// read markers move forward only, and not past the newest message
		expect(value(await inTx(A, reader1, (c) => markRead(c, { roomId: r1, seq: 99 })))).toEqual({ lastReadSeq: 5 });
		expect(value(await inTx(A, reader1, (c) => markRead(c, { roomId: r1, seq: 1 })))).toEqual({ lastReadSeq: 5 });
		counts = await unreadCounts(reader(A, reader1));
		expect([counts[r1], counts[r2]]).toEqual([0, 1]);
		value(await inTx(A, reader1, (c) => leaveRoom(c, r2)));
		expect(Object.keys(await unreadCounts(reader(A, reader1)))).toEqual([r1]);
	});
});

describe('search', () => {
	it('finds text literally and case-insensitively: % and _ and \\ are no wildcards', async () => {
		const r = await room(A, { name: 'Suche', slug: 'suche' });
		for (const body of ['100% sicher', '1000 sicher', 'a_b', 'axb', 'C:\\temp', 'Cxtemp', 'Frische Äpfel', 'APFELKUCHEN']) value(await inTx(A, mia, (c) => postMessage(c, { roomId: r, body })));
		const find = async (query: string) => value(await searchRoom(reader(A, anna), { roomId: r, query })).map((m) => m.html.replace(/<\/?p>/g, '').trim());
		expect(await find('%')).toEqual(['100% sicher']);
		expect(await find('0% s')).toEqual(['100% sicher']);
		expect(await find('_')).toEqual(['a_b']);
		expect(await find('\\')).toEqual(['C:\\temp']);
		expect(await find('äPFEL')).toEqual(['Frische Äpfel']);
		expect(await find('apfel')).toEqual(['APFELKUCHEN']);
		expect(searchPattern('50%_\\Ä')).toBe('%50____%');
		expect(await searchRoom(reader(A, anna), { roomId: r, query: '' })).toMatchObject({ ok: false, status: 400, errors: { query: expect.stringMatching(/^Suche: /) } });
	});
});

describe('moderation', () => {
	it('removes a message with a reason (shown as removed), and records it in the audit log', async () => {
		const r = await room(A, { name: 'Moderiert', slug: 'moderiert' });
		const m = value(await post(A, anna, r, 'Beleidigung'));
		expect(await inTx(A, bernd, (c) => removeMessage(c, { messageId: m.id, reason: 'Ton' }))).toMatchObject({ ok: false, status: 403 });
		expect(await inTx(A, mia, (c) => removeMessage(c, { messageId: m.id, reason: '  ' }))).toMatchObject({ ok: false, status: 400, errors: { reason: expect.stringMatching(/^Grund: /) } });
		value(await inTx(A, mia, (c) => removeMessage(c, { messageId: m.id, reason: 'Beleidigung' })));
		const [shown] = value(await history(reader(A, bernd), { roomId: r })).messages;
		expect(shown).toMatchObject({ html: '', removedReason: 'Beleidigung', seq: m.seq });
		const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'chat.message.remove').where('targetId', '=', m.id).execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actorId: 'u-mia', tenantId: A.id });
	});

	it('takes reports from readers and lets moderators resolve them once', async () => {
		const r = await room(A, { name: 'Meldungen', slug: 'meldungen-raum' });
		const m = value(await post(A, anna, r, 'Werbung'));
		expect(await inTx(A, bea, (c) => reportMessage(c, { messageId: m.id, reason: 'Spam' }))).toMatchObject({ ok: false, status: 403 });
		expect(await inTx(A, bernd, (c) => reportMessage(c, { messageId: m.id }))).toMatchObject({ ok: false, status: 400, errors: { reason: expect.stringMatching(/^Grund: /) } });
		const report = value(await inTx(A, bernd, (c) => reportMessage(c, { messageId: m.id, reason: 'Spam' }))).id;
		// a second report of the same person while the first is open is the same report
		expect(value(await inTx(A, bernd, (c) => reportMessage(c, { messageId: m.id, reason: 'Nochmal' }))).id).toBe(report);
		expect(await openReports(reader(A, bernd))).toEqual([]);
		expect((await openReports(reader(A, mia))).map((x) => x.id)).toEqual([report]);
		expect(await inTx(B, moritz, (c) => resolveReport(c, report))).toMatchObject({ ok: false, status: 404 });
		value(await inTx(A, mia, (c) => resolveReport(c, report)));
		expect(await inTx(A, mia, (c) => resolveReport(c, report))).toMatchObject({ ok: false, status: 409 });
		expect(await openReports(reader(A, mia))).toEqual([]);
	});
});

describe('audit log', () => {
	it('has a sentence in German and English, starting with who did it, for every code the chat wrote in these tests', async () => {
		for (const [code, text] of Object.entries(auditActions)) {
			expect(code.startsWith('chat.'), code).toBe(true);
			for (const locale of ['de', 'en'] as const) expect(text.sentence[locale], `${code} ${locale}`).toMatch(/^\{who\} /);
		}
		const written = await t.db.selectFrom('auditLog').select('action').distinct().where('action', 'like', 'chat.%').execute();
		for (const { action } of written) expect(Object.keys(auditActions)).toContain(action);
		expect(written.length).toBeGreaterThanOrEqual(10);
	});
});

// Module actions over /ws, end to end: a real HTTP server and database, the core's action runner and channel
// resolver, and a test-only module (not in the registry) with one table, one resumable channel and actions that
// refuse, crash or wait. The answers must be those of the JSON API (status, translated message, named fields),
// and a result only ever arrives after the commit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import type { AnyModule } from '../../modules/registry.ts';
import { actionFor, type ModuleChannel, type ModuleContext } from '../../modules/types.ts';
import { createUser } from '../auth/accounts.ts';
import { createSession, deleteSessionByToken, SESSION_COOKIE } from '../auth/sessions.ts';
import { createSubscriptionResolver } from '../builder/moduleChannels.ts';
import { loadConfig } from '../config.ts';
import { openDb, type Db } from '../db/index.ts';
import { newId } from '../ids.ts';
import { grantRole } from '../tenancy/memberships.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { createLocalHub } from './hub.ts';
import { attachWebSocket } from './socket.ts';
import { createSocketActionRunner } from './socketActions.ts';
import { connect, settle } from './testClient.ts';

type Tables = { probeNotes: { id: string; seq: number; text: string } };
type Ctx = ModuleContext<Record<string, unknown>, Tables>;
const action = actionFor<Ctx>();

// An action with the text "wait" holds its transaction open until the test calls release().
let release: () => void = () => {};
let held = Promise.resolve();
const hold = () => (held = new Promise<void>((r) => (release = r)));
let running = 0;

const notesChannel: ModuleChannel<Ctx> = {
	params: z.object({}),
	permission: 'public',
	replay: async (ctx, _params, { after, limit }) => {
		const rows = await ctx.data.selectFrom('probeNotes').select(['id', 'seq', 'text']).where('seq', '>', after).orderBy('seq').limit(limit + 1).execute();
		return { events: rows.slice(0, limit).map((r) => ({ id: r.id, seq: Number(r.seq) })), more: rows.length > limit };
	},
	position: (event) => (event as { seq: number }).seq
};

const probe = {
	id: 'probe',
	permissions: [{ id: 'probe.write', role: 'editor', description: { de: 'x', en: 'x' } }],
	settings: z.object({}),
	tables: ['probeNotes'],
	fieldLabels: { text: { de: 'Notiz', en: 'Note' } },
	server: {
		load: async () => ({}),
		channels: { notes: notesChannel },
		actions: {
			add: action({
				permission: 'probe.write',
				input: z.object({ id: z.string().min(1), seq: z.number().int().min(1), text: z.string().trim().min(1).max(20) }),
				async run(ctx, input) {
					running++;
					try {
						await ctx.data.insertInto('probeNotes').values({ id: input.id, seq: input.seq, text: input.text }).execute();
						if (input.text === 'wait') await held;
						// a refusal after a write: the write must not survive
						if (input.text === 'refuse') return { ok: false, status: 409, errors: { _form: 'refused' } };
						if (input.text === 'crash') throw new Error('module bug');
						ctx.publish('notes', {}, { id: input.id, seq: input.seq });
						return { ok: true, data: { id: input.id } };
					} finally {
						running--;
					}
				}
			}),
			open: action({ permission: 'public', input: z.object({}), run: async () => ({ ok: true, data: { hello: 'world' } }) })
		}
	}
} as unknown as AnyModule;

let t: TestDb;
/** a second connection to the database: sees only what was committed (PostgreSQL; SQLite in memory has one) */
let reader: Db;
let A: Tenant;
let editorA = '';
let memberA = '';
let adminB = '';

beforeAll(async () => {
	t = await createTestDb();
	reader = t.dialect === 'postgres' ? openDb({ kind: 'postgres', url: t.url }).db : t.db;
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: county });
	const B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: county });
	const user = async (email: string) => (await createUser(t.db, { email, password: 'ein langes passwort', displayName: email, locale: 'de', verified: true })).id;
	editorA = await user('editor@example.org');
	memberA = await user('member@example.org');
	adminB = await user('admin-b@example.org');
	await grantRole(t.db, { tenantId: A.id, userId: editorA, role: 'editor' });
	await grantRole(t.db, { tenantId: A.id, userId: memberA, role: 'member' });
	await grantRole(t.db, { tenantId: B.id, userId: adminB, role: 'admin' });
	// switched on in A only
	await t.db.insertInto('villageModules').values({ id: newId(), tenantId: A.id, moduleId: 'probe', enabledAt: Date.now(), position: 0, settings: '{}', updatedAt: Date.now() }).execute();
	await t.db.schema
		.createTable('probe_notes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull())
		.addColumn('seq', 'integer', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.execute();
});
afterAll(async () => {
	release();
	if (reader && reader !== t.db) await reader.destroy();
	await t?.cleanup();
});

const open: { close: () => Promise<void> }[] = [];
afterEach(async () => {
	release();
	await Promise.all(open.splice(0).map((o) => o.close()));
});

async function setup(env: Record<string, string> = {}, writesPerMinute = 1000) {
	const hub = createLocalHub();
	const server: Server = createServer((_req, res) => res.end('ok'));
	const endpoint = attachWebSocket(server, {
		db: t.db,
		config: loadConfig(env),
		hub,
		resolveSubscription: createSubscriptionResolver(t.db, [probe]),
		runAction: createSocketActionRunner({ db: t.db, hub, kickJobs: () => {} }, { modules: [probe], writesPerMinute }),
		maxActionsInFlight: 2
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const ctl = {
		base,
		close: async () => {
			await endpoint.close();
			await new Promise((r) => server.close(r));
		}
	};
	open.push(ctl);
	return ctl;
}

/** A session cookie for the user on the test server's host. */
async function cookieOf(base: string, userId: string) {
	const { token } = await createSession(t.db, { userId, policy: { idleMs: 3_600_000, absoluteMs: 86_400_000 }, ip: '127.0.0.1', userAgent: 'test', host: new URL(base).host });
	return { token, cookie: `${SESSION_COOKIE}=${token}` };
}

async function client(base: string, userId: string | null, headers: Record<string, string> = {}) {
	const c = connect(base, userId ? { cookie: (await cookieOf(base, userId)).cookie } : headers);
	await c.opened;
	let n = 0;
	/** sends an action and waits for its result */
	const call = async (name: string, input: unknown, village = 'dorf-a', module = 'probe') => {
		const ref = `r${++n}`;
		c.send({ type: 'action', ref, village, module, action: name, input });
		return c.waitFor({ type: 'result', ref });
	};
	return { ...c, call };
}

const notes = async (db: Db = t.db) =>
	(await db.withTables<{ probeNotes: { id: string; tenantId: string; text: string } }>().selectFrom('probeNotes').select(['id', 'text']).orderBy('id').execute()).map((r) => r.text);

describe('actions over /ws: refusals first', () => {
	it('answers not_found (404) for unknown villages, switched-off modules, undeclared actions and prototype names', async () => {
		const s = await setup();
		const c = await client(s.base, editorA);
		for (const [village, module, name] of [
			['no-such-village', 'probe', 'add'],
			['kreis', 'probe', 'add'], // not a village
			['dorf-b', 'probe', 'add'], // module off there
			['dorf-a', 'links', 'add'],
			['dorf-a', 'probe', 'nope'],
			['dorf-a', 'probe', 'constructor'],
			['dorf-a', 'probe', '__proto__'],
			['dorf-a', 'probe', 'toString'],
			['dorf-a', 'probe', 'hasOwnProperty']
		]) {
			expect(await c.call(name!, { id: 'x', seq: 1, text: 'x' }, village, module), `${village} ${module} ${name}`).toMatchObject({
				ok: false,
				status: 404,
				code: 'not_found',
				message: 'Das gibt es hier nicht (mehr).'
			});
		}
		expect(await notes()).toEqual([]);
	});

	it('answers like the JSON API: 401 to anonymous (in their language), 403 to a member and to another village’s admin', async () => {
		const s = await setup();
		const input = { id: 'n1', seq: 1, text: 'Hallo' };
		const anonymous = await client(s.base, null, { cookie: 'PARAGLIDE_LOCALE=en' });
		expect(await anonymous.call('add', input)).toMatchObject({ ok: false, status: 401, code: 'unauthenticated', message: 'Please log in.' });
		const member = await client(s.base, memberA);
		expect(await member.call('add', input)).toMatchObject({ ok: false, status: 403, code: 'forbidden', message: 'Dafür fehlen Ihnen die Rechte.' });
		const otherAdmin = await client(s.base, adminB);
		expect(await otherAdmin.call('add', input)).toMatchObject({ ok: false, status: 403, code: 'forbidden' });
		expect(await otherAdmin.call('add', input, 'dorf-b')).toMatchObject({ ok: false, status: 404 });
		expect(await notes()).toEqual([]);
		// permission decides: a public action runs for anyone
		expect(await anonymous.call('open', {})).toEqual({ type: 'result', ref: 'r2', ok: true, result: { hello: 'world' } });
	});

	it('answers 400 naming the field with the module’s label, and writes nothing', async () => {
		const s = await setup();
		const c = await client(s.base, editorA);
		const res = await c.call('add', { id: 'n1', seq: 1, text: '' });
		expect(res).toMatchObject({ ok: false, status: 400, code: 'invalid', message: 'Notiz: Bitte ausfüllen.', issues: [{ path: 'text', message: 'Notiz: Bitte ausfüllen.' }] });
		expect(await c.call('add', { id: 'n1', seq: 'eins', text: 'x' })).toMatchObject({ ok: false, status: 400, issues: [{ path: 'seq' }] });
		expect(await notes()).toEqual([]);
	});

	it('refuses malformed action messages as invalid_message, naming the request when its ref is usable', async () => {
		const s = await setup();
		const c = await client(s.base, editorA);
		c.send({ type: 'action', ref: 'bad-input', village: 'dorf-a', module: 'probe', action: 'add', input: ['not', 'an', 'object'] });
		expect(await c.waitFor({ type: 'error', ref: 'bad-input' })).toMatchObject({ code: 'invalid_message', issues: [{ path: 'input' }] });
		c.send({ type: 'action', ref: 'x'.repeat(65), village: 'dorf-a', module: 'probe', action: 'add', input: {} });
		c.send({ type: 'action', ref: 'no-action', village: 'dorf-a', module: 'probe', input: {} });
		c.send({ type: 'action', ref: 'bad-village', village: '../x', module: 'probe', action: 'add', input: {} });
		await c.waitFor({ type: 'error', ref: 'bad-village' });
		expect(c.all({ type: 'error', code: 'invalid_message' })).toHaveLength(4);
		expect(c.all({ type: 'result' })).toEqual([]);
	});

	it('answers internal when the action throws; the write is rolled back and the connection stays usable', async () => {
		const s = await setup();
		const c = await client(s.base, editorA);
		expect(await c.call('add', { id: 'n1', seq: 1, text: 'crash' })).toEqual({ type: 'result', ref: 'r1', ok: false, status: 500, code: 'internal', message: 'The action failed; try again later.' });
		expect(await notes()).toEqual([]);
		expect(await c.call('open', {})).toMatchObject({ ok: true });
	});

	it('rolls back a refusal: ok false with the module’s status and message, nothing written, nothing published', async () => {
		const s = await setup();
		const c = await client(s.base, editorA);
		c.send({ type: 'subscribe', id: 's', channel: 'probe:notes', village: 'dorf-a', params: {} });
		await c.waitFor({ type: 'subscribed', id: 's' });
		expect(await c.call('add', { id: 'n1', seq: 1, text: 'refuse' })).toMatchObject({ ok: false, status: 409, code: 'conflict', message: 'refused' });
		await settle(50);
		expect(await notes()).toEqual([]);
		expect(c.all({ type: 'event' })).toEqual([]);
	});

	it('allows only a few actions in flight per connection (too_many_actions), and frees the slot after the result', async () => {
		const s = await setup();
		const c = await client(s.base, editorA);
		hold();
		for (const [ref, seq] of [['w1', 1], ['w2', 2], ['w3', 3]] as const) c.send({ type: 'action', ref, village: 'dorf-a', module: 'probe', action: 'add', input: { id: ref, seq, text: 'wait' } });
		expect(await c.waitFor({ type: 'error', ref: 'w3' })).toMatchObject({ code: 'too_many_actions' });
		release();
		await c.waitFor({ type: 'result', ref: 'w1' });
		await c.waitFor({ type: 'result', ref: 'w2' });
		expect(await c.call('open', {})).toMatchObject({ ok: true });
		expect(await notes()).toEqual(['wait', 'wait']);
		await t.db.withTables<Tables>().deleteFrom('probeNotes').execute();
	});

	it('counts actions in the connection’s message rate', async () => {
		const s = await setup({ WS_MESSAGES_PER_SECOND: '1', WS_MESSAGE_BURST: '3' });
		const c = await client(s.base, editorA);
		for (let i = 0; i < 5; i++) c.send({ type: 'action', ref: `o${i}`, village: 'dorf-a', module: 'probe', action: 'open', input: {} });
		await c.waitFor({ type: 'error', code: 'rate_limited' });
		expect((await c.closed).code).toBe(1008);
	});

	it('counts actions against the per-address write limit of HTTP (429 rate_limited); the connection stays', async () => {
		await t.db.deleteFrom('rateLimits').execute();
		const s = await setup({}, 3);
		const c = await client(s.base, editorA);
		for (let i = 0; i < 3; i++) expect(await c.call('open', {})).toMatchObject({ ok: true });
		expect(await c.call('open', {})).toMatchObject({ ok: false, status: 429, code: 'rate_limited', message: 'Zu viele Anfragen. Bitte warten Sie kurz.' });
		await t.db.deleteFrom('rateLimits').execute();
		expect(await c.call('open', {})).toMatchObject({ ok: true });
	});

	it('refuses input over the message size by closing the socket (1009), as for any message', async () => {
		const s = await setup({ WS_MAX_MESSAGE_BYTES: '1024' });
		const c = await client(s.base, editorA);
		c.send({ type: 'action', ref: 'big', village: 'dorf-a', module: 'probe', action: 'add', input: { id: 'x', seq: 1, text: 'x'.repeat(2000) } });
		expect((await c.closed).code).toBe(1009);
		expect(await notes()).toEqual([]);
	});

	it('ends the connection when the session has ended (session_ended naming the action), and runs nothing', async () => {
		const s = await setup();
		const { token, cookie } = await cookieOf(s.base, editorA);
		const c = connect(s.base, { cookie });
		await c.opened;
		await deleteSessionByToken(t.db, token);
		c.send({ type: 'action', ref: 'late', village: 'dorf-a', module: 'probe', action: 'add', input: { id: 'n1', seq: 1, text: 'x' } });
		expect(await c.waitFor({ type: 'error', ref: 'late' })).toMatchObject({ code: 'session_ended' });
		expect((await c.closed).code).toBe(4001);
		expect(await notes()).toEqual([]);
	});
});

describe('actions over /ws', () => {
	it('answers only after the commit: no result while the transaction is open, then the row is readable and the event arrives', async () => {
		const s = await setup();
		const c = await client(s.base, editorA);
		const watcher = await client(s.base, null);
		watcher.send({ type: 'subscribe', id: 's', channel: 'probe:notes', village: 'dorf-a', params: {} });
		await watcher.waitFor({ type: 'subscribed', id: 's' });
		hold();
		c.send({ type: 'action', ref: 'w', village: 'dorf-a', module: 'probe', action: 'add', input: { id: 'n1', seq: 1, text: 'wait' } });
		while (running === 0) await settle(5);
		await settle(50);
		expect(c.all({ type: 'result' })).toEqual([]);
		expect(watcher.all({ type: 'event' })).toEqual([]);
		if (reader !== t.db) expect(await notes(reader)).toEqual([]); // not committed yet
		release();
		expect(await c.waitFor({ type: 'result', ref: 'w' })).toEqual({ type: 'result', ref: 'w', ok: true, result: { id: 'n1' } });
		expect(await notes(reader)).toEqual(['wait']);
		expect((await watcher.waitFor({ type: 'event', id: 's' })).event).toEqual({ id: 'n1', seq: 1 });
		await t.db.withTables<Tables>().deleteFrom('probeNotes').execute();
	});

	it('resumes the module’s channel after a reconnect: the notes after the last one seen, then live', async () => {
		const s = await setup();
		const c = await client(s.base, editorA);
		for (const seq of [1, 2, 3]) expect(await c.call('add', { id: `n${seq}`, seq, text: `note ${seq}` })).toMatchObject({ ok: true });
		const back = await client(s.base, null);
		back.send({ type: 'subscribe', id: 's', channel: 'probe:notes', village: 'dorf-a', params: {}, after: 1 });
		await back.waitFor({ type: 'subscribed', id: 's' });
		while (back.all({ type: 'event' }).length < 2) await settle(5);
		expect(await c.call('add', { id: 'n4', seq: 4, text: 'note 4' })).toMatchObject({ ok: true });
		while (back.all({ type: 'event' }).length < 3) await settle(5);
		await settle(30);
		expect(back.all({ type: 'event' }).map((m) => m.event)).toEqual([
			{ id: 'n2', seq: 2 },
			{ id: 'n3', seq: 3 },
			{ id: 'n4', seq: 4 }
		]);
		await t.db.withTables<Tables>().deleteFrom('probeNotes').execute();
	});
});

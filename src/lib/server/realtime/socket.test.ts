// The subscription protocol on /ws, in process: a real HTTP server and database, the in-process hub and a
// stand-in for the module platform's resolveSubscription hook.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser } from '../auth/accounts.ts';
import { createSession, deleteSessionByToken, SESSION_COOKIE } from '../auth/sessions.ts';
import { loadConfig } from '../config.ts';
import { publishAccessChange } from './access.ts';
import { createLocalHub } from './hub.ts';
import { attachWebSocket, type RealtimeEndpoint, type ResolveSubscription, type SubscriberInfo, type SubscriptionRequest } from './socket.ts';

type Msg = { type: string; id?: string; code?: string; reason?: string; event?: unknown; message?: string; authenticated?: boolean };

let t: TestDb;
let userId = '';
beforeAll(async () => {
	t = await createTestDb();
	userId = (await createUser(t.db, { email: 'anna@example.org', password: 'correct horse battery', displayName: 'Anna', locale: 'en', verified: true })).id;
});
afterAll(() => t?.cleanup());

const open: { close: () => Promise<void> }[] = [];
afterEach(async () => {
	await Promise.all(open.splice(0).map((o) => o.close()));
});

async function setup(options: { resolve?: ResolveSubscription | null; env?: Record<string, string> } = {}) {
	const config = loadConfig({ WS_MAX_SUBSCRIPTIONS: '3', ...options.env });
	const hub = createLocalHub();
	const calls: { who: SubscriberInfo; request: SubscriptionRequest }[] = [];
	let decide: ResolveSubscription = async (_who, r) => ({ ok: true, topic: `v1:${r.channel}:${JSON.stringify(r.params)}` });
	const resolve: ResolveSubscription = (who, request) => {
		calls.push({ who, request });
		return decide(who, request);
	};
	const server: Server = createServer((_req, res) => res.end('ok'));
	const endpoint: RealtimeEndpoint = attachWebSocket(server, { db: t.db, config, hub, resolveSubscription: options.resolve === null ? undefined : (options.resolve ?? resolve) });
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const ctl = {
		base,
		hub,
		endpoint,
		calls,
		setDecide: (d: ResolveSubscription) => (decide = d),
		close: async () => {
			await endpoint.close();
			await new Promise((r) => server.close(r));
		}
	};
	open.push(ctl);
	return ctl;
}

function connect(base: string, headers: Record<string, string> = {}) {
	const messages: Msg[] = [];
	const ws = new WebSocket(base.replace('http', 'ws') + '/ws', { headers: { origin: base, ...headers } });
	ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Msg));
	const closed = new Promise<{ code: number }>((r) => ws.once('close', (code) => r({ code })));
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	/** the first message (after `from`) that matches */
	const waitFor = async (match: Partial<Msg>, from = 0) => {
		const deadline = Date.now() + 3000;
		const hit = () => messages.slice(from).find((m) => Object.entries(match).every(([k, v]) => (m as Record<string, unknown>)[k] === v));
		while (!hit() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
		const found = hit();
		if (!found) throw new Error(`no message like ${JSON.stringify(match)}; got ${JSON.stringify(messages)}`);
		return found;
	};
	const send = (m: unknown) => ws.send(JSON.stringify(m));
	const subscribe = (id: string, params: Record<string, unknown> = { roomId: 'r1' }, channel = 'chat:room') => send({ type: 'subscribe', id, channel, village: 'ostoenne', params });
	return { ws, messages, opened: opened.then(() => waitFor({ type: 'welcome' })), closed, waitFor, send, subscribe };
}

const settle = () => new Promise((r) => setTimeout(r, 30));
/** the server sees a close a moment after the client does */
const eventually = async (read: () => number) => {
	const deadline = Date.now() + 2000;
	while (read() !== 0 && Date.now() < deadline) await settle();
	return read();
};

/** A session issued on the test server's host (sessions are valid only on the host that issued them). */
async function signedIn(base: string) {
	const { token } = await createSession(t.db, { userId, policy: { idleMs: 3_600_000, absoluteMs: 86_400_000 }, ip: '127.0.0.1', userAgent: 'test', host: new URL(base).host });
	return { token, cookie: `${SESSION_COOKIE}=${token}; PARAGLIDE_LOCALE=de` };
}

describe('subscribe: refusals first', () => {
	it('without a resolveSubscription hook every subscribe answers not_found', async () => {
		const s = await setup({ resolve: null });
		const c = connect(s.base);
		await c.opened;
		c.subscribe('a');
		expect(await c.waitFor({ id: 'a' })).toMatchObject({ type: 'error', code: 'not_found' });
		expect(s.hub.topicCount()).toBe(1); // the access topic only
	});

	it('without a runAction hook every action answers not_found (404), and the connection stays', async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		c.send({ type: 'action', ref: 'a1', village: 'ostoenne', module: 'chat', action: 'post', input: {} });
		expect(await c.waitFor({ type: 'result' })).toMatchObject({ ref: 'a1', ok: false, status: 404, code: 'not_found' });
		c.send({ type: 'ping', id: 'p' });
		await c.waitFor({ type: 'pong', id: 'p' });
	});

	it('invalid messages never reach the hook: bad channel, bad village, nested or too many params, long id, binary', async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		const bad = [
			{ type: 'subscribe', id: 'a', channel: 'chat', village: 'ostoenne', params: {} },
			{ type: 'subscribe', id: 'a', channel: 'Chat:room', village: 'ostoenne', params: {} },
			{ type: 'subscribe', id: 'a', channel: 'chat:room', village: '../x', params: {} },
			{ type: 'subscribe', id: 'a', channel: 'chat:room', village: 'ostoenne', params: { roomId: { $ne: 1 } } },
			{ type: 'subscribe', id: 'a', channel: 'chat:room', village: 'ostoenne', params: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])) },
			{ type: 'subscribe', id: 'x'.repeat(65), channel: 'chat:room', village: 'ostoenne', params: {} },
			{ type: 'unsubscribe' },
			{ type: 'shout' }
		];
		for (const m of bad) c.send(m);
		c.ws.send(Buffer.from('{}'), { binary: true });
		const deadline = Date.now() + 3000;
		while (c.messages.length < 1 + bad.length + 1 && Date.now() < deadline) await settle();
		expect(c.messages.slice(1).map((m) => m.code)).toEqual(Array(bad.length + 1).fill('invalid_message'));
		expect(s.calls).toHaveLength(0);
	});

	it("passes the hook's refusal on (code and message), with a default message when it has none", async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		s.setDecide(async (_w, r) => (r.params.roomId === 'secret' ? { ok: false, code: 'forbidden' } : { ok: false, code: 'invalid', message: 'roomId: expected a UUID' }));
		c.subscribe('a', { roomId: 'secret' });
		expect(await c.waitFor({ id: 'a' })).toMatchObject({ type: 'error', code: 'forbidden', message: 'Not allowed.' });
		c.subscribe('b', { roomId: 'nope' });
		expect(await c.waitFor({ id: 'b' })).toMatchObject({ type: 'error', code: 'invalid', message: 'roomId: expected a UUID' });
		// a refused id is free again
		s.setDecide(async () => ({ ok: true, topic: 'v1:ok' }));
		c.subscribe('a');
		expect(await c.waitFor({ id: 'a', type: 'subscribed' })).toBeTruthy();
	});

	it('a hook that throws or names an unusable topic gives internal; the socket stays usable', async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		s.setDecide(async () => {
			throw new Error('registry broken');
		});
		c.subscribe('a');
		expect(await c.waitFor({ id: 'a' })).toMatchObject({ type: 'error', code: 'internal' });
		s.setDecide(async () => ({ ok: true, topic: 'x'.repeat(600) }));
		c.subscribe('b');
		expect(await c.waitFor({ id: 'b' })).toMatchObject({ type: 'error', code: 'internal' });
		c.send({ type: 'ping', id: 'p' });
		expect(await c.waitFor({ type: 'pong' })).toEqual({ type: 'pong', id: 'p' });
		expect(s.hub.topicCount()).toBe(1);
	});

	it('refuses a duplicate id and more than WS_MAX_SUBSCRIPTIONS subscriptions', async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		c.subscribe('a', { roomId: '1' });
		await c.waitFor({ id: 'a', type: 'subscribed' });
		c.subscribe('a', { roomId: '2' });
		expect(await c.waitFor({ id: 'a', type: 'error' })).toMatchObject({ code: 'duplicate_id' });
		c.subscribe('b', { roomId: '2' });
		c.subscribe('c', { roomId: '3' });
		await c.waitFor({ id: 'c', type: 'subscribed' });
		c.subscribe('d', { roomId: '4' });
		expect(await c.waitFor({ id: 'd' })).toMatchObject({ type: 'error', code: 'too_many_subscriptions' });
	});
});

describe('subscribe: events and clean-up', () => {
	it('delivers the topic’s events as {type:"event", id, event}, once per subscription, nothing from other topics', async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		s.setDecide(async (_w, r) => ({ ok: true, topic: `v1:chat:room:roomId=${r.params.roomId}` }));
		c.subscribe('a', { roomId: 'r1' });
		c.subscribe('b', { roomId: 'r1' });
		c.subscribe('c', { roomId: 'r2' });
		await c.waitFor({ id: 'c', type: 'subscribed' });
		await c.waitFor({ id: 'a', type: 'subscribed' });
		await c.waitFor({ id: 'b', type: 'subscribed' });
		const from = c.messages.length;
		await s.hub.publish('v1:chat:room:roomId=r1', { kind: 'message', text: 'Moin' });
		await s.hub.publish('v1:chat:room:roomId=other', { kind: 'message', text: 'nicht für uns' });
		await c.waitFor({ id: 'b', type: 'event' }, from);
		await settle();
		const events = c.messages.slice(from);
		expect(events).toHaveLength(2);
		expect(events).toContainEqual({ type: 'event', id: 'a', event: { kind: 'message', text: 'Moin' } });
		expect(events).toContainEqual({ type: 'event', id: 'b', event: { kind: 'message', text: 'Moin' } });
	});

	it('unsubscribe ends the events and releases the hub listener (topicCount back to the baseline); unknown ids get unknown_id', async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		const baseline = s.hub.topicCount();
		c.subscribe('a', { roomId: '1' });
		c.subscribe('b', { roomId: '2' });
		await c.waitFor({ id: 'b', type: 'subscribed' });
		await c.waitFor({ id: 'a', type: 'subscribed' });
		expect(s.hub.topicCount()).toBe(baseline + 2);
		c.send({ type: 'unsubscribe', id: 'a' });
		expect(await c.waitFor({ id: 'a', type: 'unsubscribed' })).toEqual({ type: 'unsubscribed', id: 'a', reason: 'client' });
		c.send({ type: 'unsubscribe', id: 'b' });
		await c.waitFor({ id: 'b', type: 'unsubscribed' });
		expect(s.hub.topicCount()).toBe(baseline);
		const from = c.messages.length;
		await s.hub.publish('v1:chat:room:{"roomId":"1"}', { n: 1 });
		c.send({ type: 'unsubscribe', id: 'a' });
		expect(await c.waitFor({ id: 'a' }, from)).toMatchObject({ type: 'error', code: 'unknown_id' });
		expect(c.messages.slice(from).some((m) => m.type === 'event')).toBe(false);
	});

	it('closing the socket releases every listener, also of a subscribe still being decided: topicCount goes back to 0', async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		c.subscribe('a', { roomId: '1' });
		await c.waitFor({ id: 'a', type: 'subscribed' });
		let release = () => {};
		s.setDecide(async () => {
			await new Promise<void>((r) => (release = r));
			return { ok: true, topic: 'v1:late' };
		});
		c.subscribe('b', { roomId: '2' });
		await settle();
		c.ws.close();
		await c.closed;
		await settle();
		release();
		await settle();
		expect(await eventually(s.hub.topicCount)).toBe(0);
		expect(s.endpoint.connectionCount()).toBe(0);
	});

	it('unsubscribe while the hook is still deciding leaves no listener behind', async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		let release = () => {};
		s.setDecide(async () => {
			await new Promise<void>((r) => (release = r));
			return { ok: true, topic: 'v1:late' };
		});
		c.subscribe('a');
		await settle();
		c.send({ type: 'unsubscribe', id: 'a' });
		expect(await c.waitFor({ id: 'a' })).toMatchObject({ type: 'unsubscribed', reason: 'client' });
		release();
		await settle();
		expect(s.hub.topicCount()).toBe(1);
		expect(c.messages.some((m) => m.type === 'subscribed')).toBe(false);
	});

	it('the hook learns who asks: user, session, address, locale and host; anonymous has no user', async () => {
		const s = await setup();
		const { cookie } = await signedIn(s.base);
		const user = connect(s.base, { cookie });
		expect(await user.opened).toMatchObject({ authenticated: true });
		user.subscribe('a');
		await user.waitFor({ id: 'a', type: 'subscribed' });
		const anon = connect(s.base, { cookie: 'PARAGLIDE_LOCALE=en' });
		expect(await anon.opened).toMatchObject({ authenticated: false });
		anon.subscribe('a');
		await anon.waitFor({ id: 'a', type: 'subscribed' });
		const host = new URL(s.base).host;
		expect(s.calls[0]!.who).toEqual({ userId, sessionId: expect.any(String), ip: '127.0.0.1', locale: 'en', host });
		expect(s.calls[0]!.request).toEqual({ village: 'ostoenne', channel: 'chat:room', params: { roomId: 'r1' } });
		expect(s.calls[1]!.who).toEqual({ userId: null, sessionId: null, ip: '127.0.0.1', locale: 'en', host });
	});

	it('closing the endpoint closes every socket with 1001 and releases every listener', async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		c.subscribe('a');
		await c.waitFor({ id: 'a', type: 'subscribed' });
		await s.endpoint.close();
		expect((await c.closed).code).toBe(1001);
		expect(await eventually(s.hub.topicCount)).toBe(0);
	});
});

describe('access ends with the session or the permission', () => {
	it('after the session is deleted a subscribe is refused, the open subscriptions end (session_ended) and the socket closes with 4001', async () => {
		const s = await setup();
		const { token, cookie } = await signedIn(s.base);
		const c = connect(s.base, { cookie });
		await c.opened;
		c.subscribe('a', { roomId: '1' });
		await c.waitFor({ id: 'a', type: 'subscribed' });
		await deleteSessionByToken(t.db, token);
		c.subscribe('b', { roomId: '2' });
		expect(await c.waitFor({ id: 'b' })).toMatchObject({ type: 'error', code: 'session_ended' });
		expect(await c.waitFor({ id: 'a', type: 'unsubscribed' })).toEqual({ type: 'unsubscribed', id: 'a', reason: 'session_ended' });
		expect((await c.closed).code).toBe(4001);
		expect(s.calls).toHaveLength(1); // the hook was not asked for "b"
		expect(await eventually(s.hub.topicCount)).toBe(0);
	});

	it('the periodic check ends the subscriptions of a deleted session without any client message', async () => {
		const s = await setup({ env: { WS_SESSION_CHECK_MS: '100' } });
		const { token, cookie } = await signedIn(s.base);
		const c = connect(s.base, { cookie });
		await c.opened;
		c.subscribe('a');
		await c.waitFor({ id: 'a', type: 'subscribed' });
		await deleteSessionByToken(t.db, token);
		expect(await c.waitFor({ id: 'a', type: 'unsubscribed' })).toMatchObject({ reason: 'session_ended' });
		expect((await c.closed).code).toBe(4001);
	});

	it('an access change for the user re-asks the hook: subscriptions it now refuses end with its code, the others stay', async () => {
		const s = await setup();
		const { cookie } = await signedIn(s.base);
		const c = connect(s.base, { cookie });
		const other = connect(s.base);
		await Promise.all([c.opened, other.opened]);
		s.setDecide(async (_w, r) => ({ ok: true, topic: `v1:room:${r.params.roomId}` }));
		c.subscribe('public', { roomId: 'public' });
		c.subscribe('board', { roomId: 'board' });
		other.subscribe('board', { roomId: 'board' });
		await c.waitFor({ id: 'public', type: 'subscribed' });
		await c.waitFor({ id: 'board', type: 'subscribed' });
		await other.waitFor({ id: 'board', type: 'subscribed' });
		// the user left the board: the module's authorize now says no
		s.setDecide(async (w, r) => (r.params.roomId === 'board' && w.userId ? { ok: false, code: 'forbidden' } : { ok: true, topic: `v1:room:${r.params.roomId}` }));
		await publishAccessChange(s.hub, { userId });
		expect(await c.waitFor({ id: 'board', type: 'unsubscribed' })).toEqual({ type: 'unsubscribed', id: 'board', reason: 'forbidden' });
		const from = c.messages.length;
		await s.hub.publish('v1:room:public', { n: 1 });
		await s.hub.publish('v1:room:board', { n: 2 });
		expect(await c.waitFor({ type: 'event' }, from)).toEqual({ type: 'event', id: 'public', event: { n: 1 } });
		// another user's connection was not asked again and still gets the board
		expect(await other.waitFor({ type: 'event', id: 'board' })).toMatchObject({ event: { n: 2 } });
		await settle();
		expect(c.messages.slice(from).filter((m) => m.type === 'event')).toHaveLength(1);
	});

	it('an access change for a village re-asks the hook for every connection subscribed there (module switched off)', async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		c.subscribe('a');
		await c.waitFor({ id: 'a', type: 'subscribed' });
		s.setDecide(async () => ({ ok: false, code: 'not_found' }));
		await publishAccessChange(s.hub, { village: 'elsewhere' });
		await settle();
		expect(c.messages.some((m) => m.type === 'unsubscribed')).toBe(false);
		await publishAccessChange(s.hub, { village: 'ostoenne' });
		expect(await c.waitFor({ id: 'a', type: 'unsubscribed' })).toMatchObject({ reason: 'not_found' });
		expect(s.hub.topicCount()).toBe(1);
	});

	it('an access change for an ended session closes its sockets at once', async () => {
		const s = await setup();
		const { token, cookie } = await signedIn(s.base);
		const c = connect(s.base, { cookie });
		await c.opened;
		c.subscribe('a');
		await c.waitFor({ id: 'a', type: 'subscribed' });
		await deleteSessionByToken(t.db, token);
		await publishAccessChange(s.hub, { userId });
		expect((await c.closed).code).toBe(4001);
	});
});

// Resuming a channel on /ws ("after" on subscribe): the replayed events, then the live ones, with no gap and no
// duplicate, also when events are published while the replay is still being read. A stand-in resolveSubscription
// hook plays a resumable channel whose replay the test holds open.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { loadConfig } from '../config.ts';
import { REPLAY_LIMIT } from './connection.ts';
import { createLocalHub } from './hub.ts';
import { attachWebSocket, type ResolveSubscription } from './socket.ts';
import { connect, settle, type Msg } from './testClient.ts';

type Ev = { seq: number | null; text: string };
const TOPIC = 'v1:notes';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t?.cleanup());

const open: { close: () => Promise<void> }[] = [];
afterEach(async () => {
	await Promise.all(open.splice(0).map((o) => o.close()));
});

/** A server whose one channel replays `history` (after `after`, bounded) once the test opens the gate. */
async function setup(options: { resumable?: boolean; history?: Ev[]; more?: boolean; failReplay?: boolean } = {}) {
	const hub = createLocalHub();
	let openGate: () => void = () => {};
	const gate = new Promise<void>((r) => (openGate = r));
	const replays: { after: number; limit: number }[] = [];
	let resolves = 0;
	const resolve: ResolveSubscription = async () => {
		resolves++;
		if (options.resumable === false) return { ok: true, topic: TOPIC };
		return {
			ok: true,
			topic: TOPIC,
			replay: async (after, limit) => {
				replays.push({ after, limit });
				await gate;
				if (options.failReplay) throw new Error('replay broken');
				// on purpose also the event at `after` itself: the connection must drop it
				return { events: (options.history ?? []).filter((e) => e.seq! >= after), more: options.more };
			},
			position: (event) => (event as Ev).seq
		};
	};
	const server: Server = createServer((_req, res) => res.end('ok'));
	const endpoint = attachWebSocket(server, { db: t.db, config: loadConfig({}), hub, resolveSubscription: resolve });
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const ctl = {
		base,
		hub,
		replays,
		resolves: () => resolves,
		openGate: () => openGate(),
		publish: (e: Ev) => hub.publish(TOPIC, e),
		close: async () => {
			openGate();
			await endpoint.close();
			await new Promise((r) => server.close(r));
		}
	};
	open.push(ctl);
	return ctl;
}

const subscribe = (after?: unknown) => ({ type: 'subscribe', id: 's', channel: 'probe:notes', village: 'dorf-a', params: {}, ...(after === undefined ? {} : { after }) });
const texts = (messages: Msg[]) => messages.filter((m) => m.type === 'event').map((m) => (m.event as Ev).text);

describe('resume: refusals first', () => {
	it('refuses a malformed "after" (negative, fraction, text, beyond safe integers, null) naming the field; the hook is never asked', async () => {
		const s = await setup();
		const c = connect(s.base);
		await c.opened;
		const bad = [-1, 1.5, '3', 2 ** 60, null, Number.MAX_SAFE_INTEGER + 2];
		for (const after of bad) c.send(subscribe(after));
		while (c.all({ type: 'error' }).length < bad.length) await settle(10);
		for (const error of c.all({ type: 'error' })) {
			expect(error.code).toBe('invalid_message');
			expect(new Set(error.issues?.map((i) => i.path))).toEqual(new Set(['after']));
		}
		expect(s.resolves()).toBe(0);
	});

	it('answers resync when the channel keeps no history, then sends live events', async () => {
		const s = await setup({ resumable: false });
		const c = connect(s.base);
		await c.opened;
		c.send(subscribe(5));
		await c.waitFor({ type: 'subscribed', id: 's' });
		await c.waitFor({ type: 'resync', id: 's' });
		await s.publish({ seq: 1, text: 'live' });
		await c.waitFor({ type: 'event', id: 's' });
		expect(texts(c.messages)).toEqual(['live']);
	});

	it('answers resync instead of the events when there are more than the bound, and goes live', async () => {
		const s = await setup({ history: [{ seq: 1, text: 'a' }], more: true });
		const c = connect(s.base);
		await c.opened;
		c.send(subscribe(0));
		await c.waitFor({ type: 'subscribed' });
		s.openGate();
		await c.waitFor({ type: 'resync', id: 's' });
		expect(s.replays).toEqual([{ after: 0, limit: REPLAY_LIMIT }]);
		await s.publish({ seq: 2, text: 'live' });
		await c.waitFor({ type: 'event' });
		expect(texts(c.messages)).toEqual(['live']);
	});

	it('answers resync when the replay fails; the connection and the live events go on', async () => {
		const s = await setup({ failReplay: true });
		const c = connect(s.base);
		await c.opened;
		c.send(subscribe(0));
		s.openGate();
		await c.waitFor({ type: 'resync', id: 's' });
		await s.publish({ seq: 1, text: 'live' });
		await c.waitFor({ type: 'event' });
		c.send({ type: 'ping', id: 'p' });
		await c.waitFor({ type: 'pong', id: 'p' });
	});

	it('sends nothing after an unsubscribe that came while the replay was read, and releases the topic', async () => {
		const s = await setup({ history: [{ seq: 1, text: 'a' }] });
		const c = connect(s.base);
		await c.opened;
		c.send(subscribe(0));
		await c.waitFor({ type: 'subscribed' });
		await s.publish({ seq: 2, text: 'held' });
		c.send({ type: 'unsubscribe', id: 's' });
		await c.waitFor({ type: 'unsubscribed', id: 's' });
		expect(s.hub.topicCount()).toBe(1); // the access topic only
		s.openGate();
		await settle(50);
		expect(texts(c.messages)).toEqual([]);
	});
});

describe('resume', () => {
	it('without "after" never replays', async () => {
		const s = await setup({ history: [{ seq: 1, text: 'a' }] });
		const c = connect(s.base);
		await c.opened;
		c.send(subscribe());
		await c.waitFor({ type: 'subscribed' });
		await s.publish({ seq: 2, text: 'live' });
		await c.waitFor({ type: 'event' });
		expect(s.replays).toEqual([]);
		expect(texts(c.messages)).toEqual(['live']);
	});

	it('sends the missed events, then those published during a slow replay, then live: none lost, none twice', async () => {
		const history: Ev[] = [
			{ seq: 1, text: 'seen' },
			{ seq: 2, text: 'two' },
			{ seq: 3, text: 'three' }
		];
		const s = await setup({ history });
		const c = connect(s.base);
		await c.opened;
		c.send(subscribe(1));
		await c.waitFor({ type: 'subscribed', id: 's' });
		// published while the replay is still being read: 3 is also in the replay, 4 and 5 are not
		await s.publish({ seq: 3, text: 'three' });
		history.push({ seq: 4, text: 'four' });
		await s.publish({ seq: 4, text: 'four' });
		await s.publish({ seq: null, text: 'typing' });
		await s.publish({ seq: 5, text: 'five' });
		await settle(30);
		expect(texts(c.messages)).toEqual([]); // held back until the replay is sent
		s.openGate();
		await c.waitFor({ type: 'event', id: 's' });
		await settle(30);
		// live again: an event at or below the last position sent is dropped, newer ones pass
		await s.publish({ seq: 5, text: 'five' });
		await s.publish({ seq: 6, text: 'six' });
		await settle(30);
		expect(texts(c.messages)).toEqual(['two', 'three', 'four', 'typing', 'five', 'six']);
		expect(c.messages.findIndex((m) => m.type === 'subscribed')).toBeLessThan(c.messages.findIndex((m) => m.type === 'event'));
		expect(c.all({ type: 'resync' })).toEqual([]);
	});
});

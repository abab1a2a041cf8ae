// The browser client for /ws against a fake WebSocket: resubscribe with `after` after a reconnect, back-off with
// jitter, results matched to their action by ref, in-flight actions failed as `disconnected`, frames validated.
import { describe, expect, it } from 'vitest';
import { createRealtimeClient, type ActionOutcome, type ConnectionState, type SocketLike } from './client';

class FakeSocket implements SocketLike {
	readyState = 0;
	sent: Record<string, unknown>[] = [];
	onopen: ((ev: unknown) => void) | null = null;
	onmessage: ((ev: { data: unknown }) => void) | null = null;
	onclose: ((ev: { code: number }) => void) | null = null;
	onerror: ((ev: unknown) => void) | null = null;
	closedWith: number | undefined;
	constructor(readonly url: string) {}
	send(data: string) {
		this.sent.push(JSON.parse(data) as Record<string, unknown>);
	}
	close(code?: number) {
		this.closedWith = code;
		this.readyState = 3;
	}
	// the server's side
	open(authenticated = true) {
		this.readyState = 1;
		this.onopen?.({});
		this.receive({ type: 'welcome', authenticated });
	}
	receive(message: unknown) {
		this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
	}
	drop(code = 1006) {
		this.readyState = 3;
		this.onclose?.({ code });
	}
}

function setup(random = () => 0.5) {
	const sockets: FakeSocket[] = [];
	const timers: { fn: () => void; ms: number }[] = [];
	const states: ConnectionState[] = [];
	let clock = 0;
	const client = createRealtimeClient({
		url: 'ws://test/ws',
		createSocket: (url) => {
			const s = new FakeSocket(url);
			sockets.push(s);
			return s;
		},
		onState: (s) => states.push(s),
		random,
		setTimer: (fn, ms) => {
			timers.push({ fn, ms });
			return timers.length;
		},
		clearTimer: () => {},
		now: () => clock
	});
	const last = () => sockets.at(-1)!;
	/** runs the newest reconnect timer and returns its delay */
	const fire = () => {
		const t = timers.shift()!;
		t.fn();
		return t.ms;
	};
	return { client, sockets, timers, states, last, fire, tick: (ms: number) => (clock += ms) };
}

describe('realtime client', () => {
	it('subscribes after welcome, and again after a reconnect with after = the last position seen', () => {
		const { client, last, fire, states } = setup();
		let position = 0;
		const events: unknown[] = [];
		client.subscribe('room-1', { channel: 'chat:room', village: 'koerbecke', params: { roomId: 'r1' }, position: () => position, onEvent: (e) => events.push(e) });
		// nothing is sent before the welcome
		expect(last().sent).toEqual([]);
		last().open();
		expect(last().sent).toEqual([{ type: 'subscribe', id: 'room-1', channel: 'chat:room', village: 'koerbecke', params: { roomId: 'r1' }, after: 0 }]);
		last().receive({ type: 'subscribed', id: 'room-1' });
		last().receive({ type: 'event', id: 'room-1', event: { kind: 'message', rev: 7 } });
		expect(events).toEqual([{ kind: 'message', rev: 7 }]);
		position = 7;

		const first = last();
		first.drop();
		expect(states.at(-1)).toBe('closed');
		fire();
		expect(last()).not.toBe(first);
		last().open();
		expect(last().sent).toEqual([{ type: 'subscribe', id: 'room-1', channel: 'chat:room', village: 'koerbecke', params: { roomId: 'r1' }, after: 7 }]);
		expect(states.at(-1)).toBe('open');
		// a late frame of the old socket is ignored
		first.receive({ type: 'event', id: 'room-1', event: { kind: 'message', rev: 3 } });
		expect(events).toHaveLength(1);
	});

	it('backs off 1 s, 2 s, 4 s … up to 30 s with jitter, and starts again after a connection that lasted', () => {
		const { last, fire, timers, tick } = setup(() => 1); // jitter factor 0.5 + 1/2 = 1: the full delay
		const delays: number[] = [];
		for (let i = 0; i < 7; i++) {
			last().drop();
			delays.push(timers[0]!.ms);
			fire();
		}
		expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
		last().open();
		tick(61_000);
		last().drop();
		expect(timers[0]!.ms).toBe(1000);
	});

	it('jitter keeps the delay between half and the full back-off', () => {
		const { last, timers } = setup(() => 0);
		last().drop();
		expect(timers[0]!.ms).toBe(500);
	});

	it('matches results to their actions by ref, and fails actions in flight when the socket drops', async () => {
		const { client, last, fire } = setup();
		last().open();
		const a = client.action('koerbecke', 'chat', 'post', { roomId: 'r1', body: 'eins', clientId: 'abcdefgh1' });
		const b = client.action('koerbecke', 'chat', 'post', { roomId: 'r1', body: 'zwei', clientId: 'abcdefgh2' });
		const [ma, mb] = last().sent as { ref: string; input: { body: string } }[];
		expect(ma!.ref).not.toBe(mb!.ref);
		expect(ma!.input.body).toBe('eins');
		// answered in the other order
		last().receive({ type: 'result', ref: mb!.ref, ok: false, status: 409, code: 'conflict', message: 'gesperrt' });
		last().receive({ type: 'result', ref: ma!.ref, ok: true, result: { id: 'm1', seq: 1 } });
		expect(await a).toEqual({ ok: true, result: { id: 'm1', seq: 1 } });
		expect(await b).toEqual({ ok: false, status: 409, code: 'conflict', message: 'gesperrt' });

		const c = client.action('koerbecke', 'chat', 'post', { roomId: 'r1', body: 'drei' });
		last().drop();
		expect(await c).toMatchObject({ ok: false, code: 'disconnected' });
		// while closed, an action fails at once instead of waiting
		expect(await client.action('koerbecke', 'chat', 'read', {})).toMatchObject({ ok: false, code: 'disconnected' });
		fire();
		last().open();
		const d = client.action('koerbecke', 'chat', 'post', { roomId: 'r1', body: 'drei' });
		const md = last().sent.at(-1) as { ref: string };
		last().receive({ type: 'error', ref: md.ref, code: 'too_many_actions', message: 'zu viele' });
		expect(await d).toMatchObject({ ok: false, code: 'refused' });
	});

	it('ignores frames that are not messages of the protocol, and passes resync and refusals on', () => {
		const { client, last } = setup();
		const seen: string[] = [];
		client.subscribe('room-1', { channel: 'chat:room', village: 'koerbecke', params: { roomId: 'r1' }, onEvent: () => seen.push('event'), onResync: () => seen.push('resync'), onRefused: (code) => seen.push(`refused:${code}`) });
		last().open();
		// without position(), no `after`
		expect(last().sent[0]).not.toHaveProperty('after');
		last().receive('not json');
		last().receive({ type: 'event', event: {} }); // no id: invalid
		last().receive({ type: 'surprise', id: 'room-1' });
		last().receive({ type: 'resync', id: 'room-1' });
		last().receive({ type: 'unsubscribed', id: 'room-1', reason: 'forbidden' });
		last().receive({ type: 'error', id: 'room-1', code: 'not_found', message: 'weg' });
		expect(seen).toEqual(['resync', 'refused:forbidden', 'refused:not_found']);
	});

	it('unsubscribes, and close() stops reconnecting', async () => {
		const { client, last, timers } = setup();
		const stop = client.subscribe('room-1', { channel: 'chat:room', village: 'koerbecke', params: {}, onEvent: () => {} });
		last().open();
		stop();
		expect(last().sent.at(-1)).toEqual({ type: 'unsubscribe', id: 'room-1' });
		const pending: Promise<ActionOutcome> = client.action('koerbecke', 'chat', 'read', {});
		client.close();
		expect(last().closedWith).toBe(1000);
		expect(await pending).toMatchObject({ ok: false, code: 'disconnected' });
		expect(timers).toHaveLength(0);
	});
});

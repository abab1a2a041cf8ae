// A small browser client for the one WebSocket of a page (/ws, docs/REALTIME.md). It
// - opens the socket and reconnects after every close, with back-off (1 s, 2 s, 4 s … up to 30 s) and jitter;
// - keeps the page's subscriptions and subscribes again after each `welcome`, with `after` = the last position
//   the page has seen (a resumable channel then sends only what was missed);
// - runs module actions: `action()` sends one with a fresh `ref` and returns a Promise of the server's answer.
//   An action that was in flight when the connection broke is answered with `{ ok: false, code: 'disconnected' }`:
//   the caller decides whether to send it again (the chat resends a message with the same clientId).
// Every frame from the server is checked with the protocol's schemas; anything else is ignored.
// It knows no module: the page gives the channel, the params and what to do with events.
import { parseServerMessage, type ActionErrorCode, type ClientMessageInput, type ServerMessage, type SubscriptionParams } from './protocol';

/** The part of the browser's WebSocket this client uses (tests pass a fake). */
export interface SocketLike {
	readonly readyState: number;
	send(data: string): void;
	close(code?: number, reason?: string): void;
	onopen: ((ev: unknown) => void) | null;
	onmessage: ((ev: { data: unknown }) => void) | null;
	onclose: ((ev: { code: number }) => void) | null;
	onerror: ((ev: unknown) => void) | null;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** What an action answers: the result after the commit, or why not (`disconnected`: unknown whether it ran). */
export type ActionOutcome =
	| { ok: true; result: unknown }
	| { ok: false; status: number; code: ActionErrorCode | 'disconnected' | 'refused'; message: string; issues?: { path: string; message: string }[] };

export interface Subscription {
	/** the channel, `<module>:<channel>` */
	channel: string;
	village: string;
	params: SubscriptionParams;
	/**
	 * the position of the last event the page has applied (asked at every (re)subscribe); undefined: the channel
	 * is not resumable, subscribe without `after`
	 */
	position?: () => number | undefined;
	/** one event of the channel, in order */
	onEvent: (event: unknown) => void;
	/** the server could not send everything missed: load the state over HTTP */
	onResync?: () => void;
	/** the subscription is open (again) */
	onSubscribed?: () => void;
	/** the server refused or ended the subscription (forbidden, not_found …); it is not retried on this socket */
	onRefused?: (code: string) => void;
}

export interface RealtimeOptions {
	/** the socket's address; default: /ws on the page's host */
	url?: string;
	/** creates the socket (tests pass a fake) */
	createSocket?: (url: string) => SocketLike;
	/** called whenever the connection opens or closes */
	onState?: (state: ConnectionState) => void;
	/** the first delay before reconnecting, in ms (default 1000); doubled per failed try up to maxDelay */
	baseDelay?: number;
	maxDelay?: number;
	/** a connection that lasted this long resets the back-off (default 60 s) */
	stableAfter?: number;
	/** 0…1, for jitter (tests pass a fixed one) */
	random?: () => number;
	/** timers (tests pass fakes, or use vitest's) */
	setTimer?: (fn: () => void, ms: number) => unknown;
	clearTimer?: (handle: unknown) => void;
	now?: () => number;
}

export interface RealtimeClient {
	/** subscribes (now when open, else after the next welcome); returns a function that ends it */
	subscribe(id: string, sub: Subscription): () => void;
	/** runs a module action; resolves with the server's answer, or `disconnected` when the socket broke first */
	action(village: string, module: string, action: string, input: Record<string, unknown>): Promise<ActionOutcome>;
	readonly state: ConnectionState;
	/** closes for good (page left) */
	close(): void;
}

const OPEN = 1;

function defaultUrl(): string {
	return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export function createRealtimeClient(options: RealtimeOptions = {}): RealtimeClient {
	const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
	const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
	const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
	const now = options.now ?? (() => Date.now());
	const random = options.random ?? Math.random;
	const baseDelay = options.baseDelay ?? 1000;
	const maxDelay = options.maxDelay ?? 30_000;
	const stableAfter = options.stableAfter ?? 60_000;

	const subs = new Map<string, Subscription>();
	/** actions sent on the current socket and not answered yet */
	const pending = new Map<string, (outcome: ActionOutcome) => void>();
	let socket: SocketLike | null = null;
	/** true after `welcome`: subscriptions and actions may go out */
	let ready = false;
	let state: ConnectionState = 'connecting';
	let attempt = 0;
	let openedAt: number | null = null;
	let timer: unknown = null;
	let closed = false;
	let refCounter = 0;
	// a per-page prefix keeps refs apart from another tab's (not needed by the server, handy in logs)
	const refPrefix = Math.floor(random() * 36 ** 4).toString(36);

	function setState(next: ConnectionState) {
		if (state === next) return;
		state = next;
		options.onState?.(next);
	}

	function send(message: ClientMessageInput): boolean {
		if (!socket || socket.readyState !== OPEN || !ready) return false;
		socket.send(JSON.stringify(message));
		return true;
	}

	function subscribeMessage(id: string, sub: Subscription): ClientMessageInput {
		const after = sub.position?.();
		return { type: 'subscribe', id, channel: sub.channel, village: sub.village, params: sub.params, ...(after !== undefined ? { after } : {}) };
	}

	function connect() {
		timer = null;
		if (closed) return;
		setState('connecting');
		const ws = createSocket(options.url ?? defaultUrl());
		socket = ws;
		ready = false;
		ws.onopen = () => {
			openedAt = now();
		};
		ws.onmessage = (ev) => {
			if (socket !== ws || typeof ev.data !== 'string') return;
			const message = parseServerMessage(ev.data);
			if (message) handle(message);
		};
		ws.onerror = () => {
			// a close follows; nothing to do here
		};
		ws.onclose = () => {
			if (socket !== ws) return;
			dropped();
		};
	}

	/** The socket is gone: fail what was in flight, wait, open another. */
	function dropped() {
		const lasted = openedAt !== null ? now() - openedAt : 0;
		socket = null;
		ready = false;
		openedAt = null;
		const waiting = [...pending.values()];
		pending.clear();
		for (const answer of waiting) answer({ ok: false, status: 0, code: 'disconnected', message: 'disconnected' });
		if (closed) return;
		setState('closed');
		if (lasted >= stableAfter) attempt = 0;
		const delay = Math.min(baseDelay * 2 ** attempt, maxDelay);
		attempt++;
		// jitter: between half and the full delay, so that a village's phones do not all come back at once
		timer = setTimer(connect, Math.round(delay * (0.5 + random() / 2)));
	}

	function handle(message: ServerMessage) {
		switch (message.type) {
			case 'welcome':
				ready = true;
				setState('open');
				for (const [id, sub] of subs) send(subscribeMessage(id, sub));
				return;
			case 'subscribed':
				subs.get(message.id)?.onSubscribed?.();
				return;
			case 'event':
				subs.get(message.id)?.onEvent(message.event);
				return;
			case 'resync':
				subs.get(message.id)?.onResync?.();
				return;
			case 'unsubscribed':
				if (message.reason !== 'client') subs.get(message.id)?.onRefused?.(message.reason);
				return;
			case 'result': {
				const answer = pending.get(message.ref);
				if (!answer) return;
				pending.delete(message.ref);
				if (message.ok) answer({ ok: true, result: message.result });
				else answer({ ok: false, status: message.status, code: message.code, message: message.message, ...(message.issues ? { issues: message.issues } : {}) });
				return;
			}
			case 'error': {
				if (message.ref && pending.has(message.ref)) {
					const answer = pending.get(message.ref)!;
					pending.delete(message.ref);
					answer({ ok: false, status: 0, code: 'refused', message: message.message });
				} else if (message.id && message.code !== 'unknown_id') subs.get(message.id)?.onRefused?.(message.code);
				return;
			}
			case 'pong':
				return;
		}
	}

	connect();

	return {
		get state() {
			return state;
		},
		subscribe(id, sub) {
			subs.set(id, sub);
			send(subscribeMessage(id, sub));
			return () => {
				if (subs.get(id) !== sub) return;
				subs.delete(id);
				send({ type: 'unsubscribe', id });
			};
		},
		action(village, module, action, input) {
			const ref = `${refPrefix}-${++refCounter}`;
			return new Promise<ActionOutcome>((resolve) => {
				if (!send({ type: 'action', ref, village, module, action, input })) {
					resolve({ ok: false, status: 0, code: 'disconnected', message: 'disconnected' });
					return;
				}
				pending.set(ref, resolve);
			});
		},
		close() {
			closed = true;
			if (timer !== null) clearTimer(timer);
			const ws = socket;
			socket = null;
			ws?.close(1000);
			const waiting = [...pending.values()];
			pending.clear();
			for (const answer of waiting) answer({ ok: false, status: 0, code: 'disconnected', message: 'closed' });
			setState('closed');
		}
	};
}

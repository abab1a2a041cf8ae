// One /ws connection: its messages, its subscriptions and their hub listeners, its running actions. It knows no
// module: the resolveSubscription hook (see socket.ts) turns a request into a hub topic or a refusal, the runAction
// hook runs a module action the way the JSON API does.
import WebSocket from 'ws';
import { log } from '../log.ts';
import { MAX_TOPIC_BYTES, type RealtimeHub } from './hub.ts';
import { tokenBucket } from './limits.ts';
import { CLOSE, clientMessageSchema, type ClientMessage, type ServerMessage, type UnsubscribeReason } from './protocol.ts';
import type { ChannelReplay, ResolveSubscription, RunAction, SubscriberInfo, SubscriptionRequest } from './socket.ts';

// A client that does not read its events (dead network, stuck tab) must not fill this process's memory.
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** At most this many events are replayed on a resume; beyond it the client loads over HTTP (`resync`). */
export const REPLAY_LIMIT = 500;

interface Subscription {
	request: SubscriptionRequest;
	/** set once the hook agreed and the hub listener is on */
	topic?: string;
	stop?: () => void;
}

export interface ConnectionDeps {
	ws: WebSocket;
	info: SubscriberInfo;
	hub: RealtimeHub;
	resolve: ResolveSubscription;
	runAction: RunAction;
	/** true while the connection's session is still valid (only called for signed-in connections) */
	isSessionValid: () => Promise<boolean>;
	limits: { maxSubscriptions: number; messagesPerSecond: number; messageBurst: number; maxActionsInFlight: number };
}

export type Connection = ReturnType<typeof createConnection>;

// Every subscriber of a topic gets the same event object from the hub: serialise it once, and encode the whole
// message once per subscription id (a page uses the same id for a channel, e.g. "room"), so that a room's hundred
// subscribers share one buffer instead of a hundred UTF-8 copies. Both caches go with the event object.
const eventJsonCache = new WeakMap<object, string>();
function eventJson(event: unknown): string {
	if (event === null || typeof event !== 'object') return JSON.stringify(event) ?? 'null';
	let json = eventJsonCache.get(event);
	if (json === undefined) eventJsonCache.set(event, (json = JSON.stringify(event)));
	return json;
}
const eventBuffers = new WeakMap<object, Map<string, Buffer>>();
function eventMessage(id: string, event: unknown): Buffer {
	const build = () => Buffer.from(`{"type":"event","id":${JSON.stringify(id)},"event":${eventJson(event)}}`);
	if (event === null || typeof event !== 'object') return build();
	let byId = eventBuffers.get(event);
	if (byId === undefined) eventBuffers.set(event, (byId = new Map()));
	let bytes = byId.get(id);
	if (bytes === undefined) byId.set(id, (bytes = build()));
	return bytes;
}

/** Sets up one connection; the caller forwards the socket's messages to `onMessage` and calls `dispose` on close. */
export function createConnection(deps: ConnectionDeps) {
	const { ws, info } = deps;
	const subscriptions = new Map<string, Subscription>();
	const bucket = tokenBucket(deps.limits.messagesPerSecond, deps.limits.messageBurst);
	let ended = false;
	let actionsInFlight = 0;

	function sendText(text: string | Buffer) {
		if (ended || ws.readyState !== WebSocket.OPEN) return;
		if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
			log.warn({ ip: info.ip, buffered: ws.bufferedAmount }, 'websocket client too slow, dropped');
			end();
			ws.terminate();
			return;
		}
		// a Buffer goes out as a text frame too (it holds UTF-8 JSON)
		ws.send(text, { binary: false });
	}
	const send = (msg: ServerMessage) => sendText(JSON.stringify(msg));

	/** Closes the socket after releasing everything it holds. */
	function close(code: number, reason: string) {
		end();
		if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
	}

	/** Releases every hub listener; the connection takes no more messages. Safe to call twice. */
	function end() {
		if (ended) return;
		ended = true;
		for (const sub of subscriptions.values()) sub.stop?.();
		subscriptions.clear();
	}

	const sendEvent = (id: string, event: unknown) => sendText(eventMessage(id, event));

	function listen(id: string, sub: Subscription, topic: string) {
		sub.topic = topic;
		sub.stop = deps.hub.subscribe(topic, (event) => sendEvent(id, event));
	}

	/**
	 * Subscribes with a resume point: the hub listener goes on first and holds live events back while the replay
	 * is read, so that nothing published in between is lost; then the replayed events, then the held ones, then
	 * live. Every event with a position at or below the last one sent is dropped, so none arrives twice.
	 */
	async function listenFrom(id: string, sub: Subscription, topic: string, after: number, resume: ChannelReplay, current: () => boolean) {
		let last = after;
		let held: unknown[] | null = [];
		const pass = (event: unknown) => {
			let pos: number | null;
			try {
				pos = resume.position(event);
			} catch (e) {
				log.error({ err: e instanceof Error ? e.stack : String(e), channel: sub.request.channel }, 'channel position failed');
				pos = null;
			}
			if (pos === null) return sendEvent(id, event);
			if (!Number.isFinite(pos) || pos <= last) return;
			last = pos;
			sendEvent(id, event);
		};
		sub.topic = topic;
		sub.stop = deps.hub.subscribe(topic, (event) => (held ? held.push(event) : pass(event)));
		send({ type: 'subscribed', id });
		let replayed: { events: unknown[]; more?: boolean } | null;
		try {
			replayed = await resume.replay(after, REPLAY_LIMIT);
			if (!replayed || !Array.isArray(replayed.events)) throw new Error('replay returned no events array');
		} catch (e) {
			log.error({ err: e instanceof Error ? e.stack : String(e), channel: sub.request.channel, village: sub.request.village }, 'channel replay failed');
			replayed = null;
		}
		if (!current()) return;
		// Too many (or the replay failed): the client loads the channel's state over HTTP; live events follow.
		if (!replayed || replayed.more || replayed.events.length > REPLAY_LIMIT) send({ type: 'resync', id });
		else for (const event of replayed.events) pass(event);
		const waiting = held;
		held = null;
		for (const event of waiting) pass(event);
	}

	function drop(id: string, reason: UnsubscribeReason) {
		const sub = subscriptions.get(id);
		if (!sub) return;
		subscriptions.delete(id);
		sub.stop?.();
		send({ type: 'unsubscribed', id, reason });
	}

	/** The session is gone: every subscription ends, the socket closes; the client reconnects (signed in or not). */
	function endSession(pending?: { id: string } | { ref: string }) {
		if (ended) return;
		const pendingId = pending && 'id' in pending ? pending.id : undefined;
		if (pending) send({ type: 'error', ...pending, code: 'session_ended', message: 'The session has ended; sign in again and reconnect.' });
		for (const id of [...subscriptions.keys()]) if (id !== pendingId) drop(id, 'session_ended');
		close(CLOSE.sessionEnded, 'session ended');
	}

	async function resolveSafely(request: SubscriptionRequest) {
		try {
			const result = await deps.resolve(info, request);
			if (result.ok && (typeof result.topic !== 'string' || !result.topic || Buffer.byteLength(result.topic) > MAX_TOPIC_BYTES)) {
				throw new Error(`resolveSubscription returned an unusable topic for ${request.channel}`);
			}
			return result;
		} catch (e) {
			log.error({ err: e instanceof Error ? e.stack : String(e), channel: request.channel, village: request.village }, 'resolveSubscription failed');
			return null;
		}
	}

	async function subscribe(msg: Extract<ClientMessage, { type: 'subscribe' }>) {
		const { id } = msg;
		if (subscriptions.has(id)) return send({ type: 'error', id, code: 'duplicate_id', message: `A subscription with id "${id}" is already open.` });
		if (subscriptions.size >= deps.limits.maxSubscriptions) {
			return send({ type: 'error', id, code: 'too_many_subscriptions', message: `At most ${deps.limits.maxSubscriptions} subscriptions per connection.` });
		}
		const sub: Subscription = { request: { village: msg.village, channel: msg.channel, params: msg.params } };
		subscriptions.set(id, sub);
		const current = () => !ended && subscriptions.get(id) === sub;
		// A logout anywhere ends access: the session is checked again on every subscribe.
		if (info.sessionId && !(await deps.isSessionValid())) {
			if (current()) endSession({ id });
			return;
		}
		if (!current()) return;
		const result = await resolveSafely(sub.request);
		// the client unsubscribed or left while we waited: nothing to listen for
		if (!current()) return;
		if (!result || !result.ok) {
			subscriptions.delete(id);
			if (!result) return send({ type: 'error', id, code: 'internal', message: 'The subscription could not be checked; try again later.' });
			return send({ type: 'error', id, code: result.code, message: result.message ?? defaultMessage[result.code] });
		}
		if (msg.after === undefined) {
			listen(id, sub, result.topic);
			return send({ type: 'subscribed', id });
		}
		if (!result.replay || !result.position) {
			// the channel keeps no history: the client must load what it missed over HTTP
			listen(id, sub, result.topic);
			send({ type: 'subscribed', id });
			return send({ type: 'resync', id });
		}
		await listenFrom(id, sub, result.topic, msg.after, { replay: result.replay, position: result.position }, current);
	}

	/**
	 * Runs a module action; the answer (`result`) goes out once the action's transaction has committed. A failing
	 * hook (or session check) answers `internal` and leaves the connection open.
	 */
	async function action(msg: Extract<ClientMessage, { type: 'action' }>) {
		const { ref } = msg;
		if (actionsInFlight >= deps.limits.maxActionsInFlight) {
			return send({ type: 'error', ref, code: 'too_many_actions', message: `At most ${deps.limits.maxActionsInFlight} actions at once per connection; wait for a result.` });
		}
		actionsInFlight++;
		try {
			let answer: ServerMessage;
			try {
				// A logout anywhere ends access: the session is checked again on every action.
				if (info.sessionId && !(await deps.isSessionValid())) return endSession({ ref });
				if (ended) return;
				const outcome = await deps.runAction(info, { village: msg.village, module: msg.module, action: msg.action, input: msg.input });
				answer = { type: 'result', ref, ...outcome } as ServerMessage;
			} catch (e) {
				log.error({ err: e instanceof Error ? e.stack : String(e), module: msg.module, action: msg.action, village: msg.village }, 'websocket action failed');
				answer = { type: 'result', ref, ok: false, status: 500, code: 'internal', message: 'The action failed; try again later.' };
			}
			send(answer);
		} finally {
			actionsInFlight--;
		}
	}

	function unsubscribe(id: string) {
		if (!subscriptions.has(id)) return send({ type: 'error', id, code: 'unknown_id', message: `No subscription with id "${id}".` });
		drop(id, 'client');
	}

	/**
	 * Access may have changed (logout, membership, module switched off): check the session, then ask the hook
	 * again for every open subscription and end those it now refuses.
	 */
	async function recheck() {
		if (ended) return;
		if (info.sessionId && !(await deps.isSessionValid())) return endSession();
		for (const [id, sub] of [...subscriptions]) {
			if (!sub.topic) continue; // still pending: its own check is under way
			const result = await resolveSafely(sub.request);
			if (ended || subscriptions.get(id) !== sub) continue;
			if (!result) drop(id, 'internal');
			else if (!result.ok) drop(id, result.code);
			else if (result.topic !== sub.topic) {
				sub.stop?.();
				listen(id, sub, result.topic);
			}
		}
	}

	function onMessage(raw: WebSocket.RawData, isBinary: boolean) {
		if (ended) return;
		if (!bucket.take()) {
			send({ type: 'error', code: 'rate_limited', message: `More than ${deps.limits.messagesPerSecond} messages per second.` });
			return close(CLOSE.policyViolation, 'rate limit');
		}
		if (isBinary) return send({ type: 'error', code: 'invalid_message', message: 'Send JSON in text frames.' });
		let data: unknown;
		try {
			data = JSON.parse(raw.toString());
		} catch {
			return send({ type: 'error', code: 'invalid_json', message: 'The message is not JSON.' });
		}
		const parsed = clientMessageSchema.safeParse(data);
		if (!parsed.success) {
			// an action's answer names its request when the ref itself is fine, so the client can fail that request
			const ref = (data as { type?: unknown; ref?: unknown } | null)?.ref;
			const named = (data as { type?: unknown } | null)?.type === 'action' && typeof ref === 'string' && ref.length >= 1 && ref.length <= 64;
			return send({
				type: 'error',
				...(named ? { ref } : {}),
				code: 'invalid_message',
				message: 'The message does not match the protocol.',
				issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }))
			});
		}
		const msg = parsed.data;
		if (msg.type === 'ping') return send(msg.id === undefined ? { type: 'pong' } : { type: 'pong', id: msg.id });
		if (msg.type === 'unsubscribe') return unsubscribe(msg.id);
		if (msg.type === 'action') {
			action(msg).catch((e: unknown) => {
				log.error({ err: e instanceof Error ? e.stack : String(e) }, 'websocket action failed');
				close(CLOSE.internalError, 'internal error');
			});
			return;
		}
		subscribe(msg).catch((e: unknown) => {
			log.error({ err: e instanceof Error ? e.stack : String(e) }, 'websocket subscribe failed');
			close(CLOSE.internalError, 'internal error');
		});
	}

	return {
		info,
		onMessage,
		recheck,
		endSession: () => endSession(),
		close,
		/** the socket closed: release the hub listeners */
		dispose: end,
		subscriptionCount: () => subscriptions.size,
		/** the villages this connection has subscriptions in */
		hasVillage: (slug: string) => [...subscriptions.values()].some((s) => s.request.village === slug)
	};
}

const defaultMessage = { not_found: 'No such channel here.', forbidden: 'Not allowed.', invalid: 'Invalid parameters.' } as const;

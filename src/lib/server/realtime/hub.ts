// The realtime hub: topics in, events out. Modules publish through ctx.publish (after their transaction
// commits); WebSocket connections subscribe (see socket.ts and docs/REALTIME.md). This file holds the interface
// and the in-process hub; several app instances share events through an adapter (postgresHub.ts on
// LISTEN/NOTIFY, or redisHub.ts when REDIS_URL is set); createHub.ts picks one.

export type HubListener = (event: unknown) => void;

export interface RealtimeHub {
	/** sends an event to every subscriber of the topic, on every instance */
	publish: (topic: string, event: unknown) => Promise<void>;
	/** listens on a topic on this instance; returns the function that stops listening */
	subscribe: (topic: string, listener: HubListener) => () => void;
	close: () => Promise<void>;
}

/** A hub as this process holds it: the interface plus what operations and tests look at. */
export interface InstanceHub extends RealtimeHub {
	/** which adapter carries events between instances */
	kind: 'local' | 'postgres' | 'redis';
	/** topics with at least one listener on this instance */
	topicCount: () => number;
}

// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. Every adapter applies the same limits, so a
// module that works on SQLite (one process) also works on a cluster: an event carries ids and short text,
// clients fetch anything bigger over HTTP.
export const MAX_TOPIC_BYTES = 512;
export const MAX_EVENT_BYTES = 7000;

/** A topic or event the hub refuses (too large, not JSON); the message says which limit. */
export class HubPayloadError extends Error {
	override name = 'HubPayloadError';
}

/** Checks a topic and an event against the limits all adapters share; returns the event as JSON. */
export function encodeEvent(topic: string, event: unknown): string {
	if (typeof topic !== 'string' || topic.length === 0 || Buffer.byteLength(topic) > MAX_TOPIC_BYTES) {
		throw new HubPayloadError(`A realtime topic must be a string of 1 to ${MAX_TOPIC_BYTES} bytes.`);
	}
	let json: string | undefined;
	try {
		json = JSON.stringify(event);
	} catch (e) {
		throw new HubPayloadError(`The realtime event on "${topic}" is not JSON: ${e instanceof Error ? e.message : String(e)}`);
	}
	if (json === undefined) throw new HubPayloadError(`The realtime event on "${topic}" is not JSON (undefined or a function).`);
	const bytes = Buffer.byteLength(json);
	if (bytes > MAX_EVENT_BYTES) {
		throw new HubPayloadError(
			`The realtime event on "${topic}" has ${bytes} bytes of JSON; at most ${MAX_EVENT_BYTES} are allowed (PostgreSQL NOTIFY). Publish ids and short text; clients fetch the rest.`
		);
	}
	return json;
}

/**
 * Fan-out to the listeners of this process. On its own it is the hub of a single process (SQLite); the
 * adapters use its `deliver` for their local delivery. `publish` applies the shared limits and hands every
 * listener the event as it comes out of JSON, as the other adapters do.
 */
export function createLocalHub(): InstanceHub & { deliver: (topic: string, event: unknown) => void } {
	const topics = new Map<string, Set<HubListener>>();
	const deliver = (topic: string, event: unknown) => {
		const set = topics.get(topic);
		if (!set) return;
		// a copy: a listener that unsubscribes (or subscribes) while we loop does not change this delivery
		for (const listener of [...set]) {
			try {
				listener(event);
			} catch {
				// one broken listener must not stop the others
			}
		}
	};
	return {
		kind: 'local',
		deliver,
		topicCount: () => topics.size,
		publish: async (topic, event) => deliver(topic, JSON.parse(encodeEvent(topic, event))),
		subscribe: (topic, listener) => {
			let set = topics.get(topic);
			if (!set) topics.set(topic, (set = new Set()));
			// a listener function may be subscribed twice; wrap it so that each subscription is its own entry
			const entry: HubListener = (event) => listener(event);
			set.add(entry);
			let active = true;
			return () => {
				if (!active) return;
				active = false;
				set.delete(entry);
				if (set.size === 0 && topics.get(topic) === set) topics.delete(topic);
			};
		},
		close: async () => topics.clear()
	};
}

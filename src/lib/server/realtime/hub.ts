// The realtime hub: topics in, events out. Modules publish through ctx.publish (after their transaction
// commits); WebSocket connections subscribe (see socket.ts and docs/REALTIME.md). This file holds the interface
// and the in-process hub; several app instances share events through an adapter (PostgreSQL LISTEN/NOTIFY,
// or Redis when REDIS_URL is set).

export type HubListener = (event: unknown) => void;

export interface RealtimeHub {
	/** sends an event to every subscriber of the topic, on every instance */
	publish: (topic: string, event: unknown) => Promise<void>;
	/** listens on a topic on this instance; returns the function that stops listening */
	subscribe: (topic: string, listener: HubListener) => () => void;
	close: () => Promise<void>;
}

/** Fan-out to the listeners of this process. The adapters use it for their local delivery. */
export function createLocalHub(): RealtimeHub & { deliver: (topic: string, event: unknown) => void; topicCount: () => number } {
	const topics = new Map<string, Set<HubListener>>();
	const deliver = (topic: string, event: unknown) => {
		for (const listener of topics.get(topic) ?? []) {
			try {
				listener(event);
			} catch {
				// one broken listener must not stop the others
			}
		}
	};
	return {
		deliver,
		topicCount: () => topics.size,
		publish: async (topic, event) => deliver(topic, event),
		subscribe: (topic, listener) => {
			let set = topics.get(topic);
			if (!set) topics.set(topic, (set = new Set()));
			set.add(listener);
			return () => {
				set.delete(listener);
				if (set.size === 0) topics.delete(topic);
			};
		},
		close: async () => topics.clear()
	};
}

// What travels between instances (PostgreSQL NOTIFY payload, Redis message): {topic, origin, event} as JSON.

/** Builds the envelope by hand: the event is JSON already and is not encoded twice. */
export function notifyPayload(topic: string, origin: string, eventJson: string): string {
	return `{"topic":${JSON.stringify(topic)},"origin":${JSON.stringify(origin)},"event":${eventJson}}`;
}

/** Reads an envelope; null for anything that is not one (another program on the channel). */
export function parsePayload(payload: string | undefined): { topic: string; origin: string; event: unknown } | null {
	if (!payload) return null;
	try {
		const data = JSON.parse(payload) as { topic?: unknown; origin?: unknown; event?: unknown };
		if (typeof data.topic !== 'string' || typeof data.origin !== 'string' || !('event' in data)) return null;
		return { topic: data.topic, origin: data.origin, event: data.event };
	} catch {
		return null;
	}
}

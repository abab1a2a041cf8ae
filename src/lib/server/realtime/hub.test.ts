// The in-process hub and the limits every adapter shares.
import { describe, expect, it } from 'vitest';
import { notifyPayload, parsePayload } from './envelope.ts';
import { createLocalHub, encodeEvent, HubPayloadError, MAX_EVENT_BYTES } from './hub.ts';

describe('hub limits (the same for every adapter)', () => {
	it('refuses events over MAX_EVENT_BYTES, non-JSON events and bad topics with a clear error', async () => {
		const hub = createLocalHub();
		await expect(hub.publish('t', { text: 'ä'.repeat(MAX_EVENT_BYTES / 2) })).rejects.toThrow(HubPayloadError);
		await expect(hub.publish('t', { text: 'ä'.repeat(MAX_EVENT_BYTES / 2) })).rejects.toThrow(/bytes of JSON; at most 7000/);
		await expect(hub.publish('t', undefined)).rejects.toThrow(/not JSON/);
		const cyclic: Record<string, unknown> = {};
		cyclic.self = cyclic;
		await expect(hub.publish('t', cyclic)).rejects.toThrow(/not JSON/);
		await expect(hub.publish('', {})).rejects.toThrow(/topic/);
		await expect(hub.publish('x'.repeat(513), {})).rejects.toThrow(/topic/);
		expect(encodeEvent('t', { text: 'a'.repeat(MAX_EVENT_BYTES - 20) })).toHaveLength(MAX_EVENT_BYTES - 9);
	});
});

describe('local hub', () => {
	it('delivers to the listeners of a topic as JSON would (dates become strings), once per subscription', async () => {
		const hub = createLocalHub();
		const got: unknown[] = [];
		const listener = (e: unknown) => got.push(e);
		const stopA = hub.subscribe('a', listener);
		const stopA2 = hub.subscribe('a', listener);
		hub.subscribe('b', () => got.push('wrong topic'));
		await hub.publish('a', { at: new Date(0) });
		expect(got).toEqual([{ at: '1970-01-01T00:00:00.000Z' }, { at: '1970-01-01T00:00:00.000Z' }]);
		stopA();
		stopA(); // twice is harmless
		await hub.publish('a', 1);
		expect(got).toHaveLength(3);
		stopA2();
		expect(hub.topicCount()).toBe(1);
	});

	it('a throwing listener does not stop the others; a listener may unsubscribe while being called', async () => {
		const hub = createLocalHub();
		const got: string[] = [];
		hub.subscribe('a', () => {
			throw new Error('broken');
		});
		const stop = hub.subscribe('a', () => {
			got.push('first');
			stop();
		});
		hub.subscribe('a', () => got.push('second'));
		await hub.publish('a', {});
		await hub.publish('a', {});
		expect(got).toEqual(['first', 'second', 'second']);
	});
});

describe('envelope between instances', () => {
	it('round-trips and refuses what is not an envelope', () => {
		const p = notifyPayload('v:chat:room:roomId=1', 'i1', JSON.stringify({ text: '"quoted" \u2028' }));
		expect(parsePayload(p)).toEqual({ topic: 'v:chat:room:roomId=1', origin: 'i1', event: { text: '"quoted" \u2028' } });
		for (const bad of [undefined, '', 'not json', 'null', '5', '{"topic":1,"origin":"x","event":1}', '{"topic":"t","origin":"x"}']) expect(parsePayload(bad)).toBeNull();
	});
});

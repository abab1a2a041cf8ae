import { describe, expect, it } from 'vitest';
import { channelTopic } from './topics.ts';

describe('channelTopic', () => {
	it('sorts the params, encodes their values and keeps channels apart', () => {
		const villageId = '0190c3a2-7b1e-7000-8000-000000000001';
		expect(channelTopic({ villageId, moduleId: 'chat', channel: 'room', params: { roomId: 'r1', b: 2 } })).toBe(`${villageId}:chat:room:b=2&roomId=r1`);
		expect(channelTopic({ villageId, moduleId: 'chat', channel: 'room', params: { b: 2, roomId: 'r1' } })).toBe(`${villageId}:chat:room:b=2&roomId=r1`);
		expect(channelTopic({ villageId, moduleId: 'chat', channel: 'lobby', params: {} })).toBe(`${villageId}:chat:lobby:`);
		const tricky = channelTopic({ villageId, moduleId: 'chat', channel: 'room', params: { roomId: 'a&b=c' } });
		expect(tricky).toBe(`${villageId}:chat:room:roomId=a%26b%3Dc`);
		expect(tricky).not.toBe(channelTopic({ villageId, moduleId: 'chat', channel: 'room', params: { roomId: 'a', b: 'c' } }));
	});
});

// The Redis pub/sub hub: two hubs on one Redis stand for two app instances. Runs against TEST_REDIS_URL, or a
// Redis on 127.0.0.1:6379 when one answers; each run uses a channel of its own.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createHub } from './createHub.ts';
import { HubPayloadError, MAX_EVENT_BYTES } from './hub.ts';
import { createRedisHub, type RedisHub } from './redisHub.ts';

function answers(host: string, port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const s = connect(port, host, () => {
			s.destroy();
			resolve(true);
		});
		s.on('error', () => resolve(false));
		s.setTimeout(500, () => {
			s.destroy();
			resolve(false);
		});
	});
}

const redisUrl = process.env.TEST_REDIS_URL ?? ((await answers('127.0.0.1', 6379)) ? 'redis://127.0.0.1:6379' : undefined);
// Without a Redis every test is skipped with this note, which `npm test` prints under "Not run:".
const skipNote = 'no Redis on 127.0.0.1:6379; set TEST_REDIS_URL=redis://… to run them';

const until = async (check: () => boolean, ms = 5000) => {
	const deadline = Date.now() + ms;
	while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
	return check();
};

describe('Redis realtime hub', () => {
	const channel = `allmende_test_${randomBytes(4).toString('hex')}`;
	const hubs: RedisHub[] = [];
	const hub = async () => {
		const h = await createRedisHub({ url: redisUrl!, channel });
		hubs.push(h);
		return h;
	};
	beforeEach((ctx) => {
		if (!redisUrl) ctx.skip(skipNote);
	});
	afterAll(() => Promise.all(hubs.map((h) => h.close())));

	it('an event published on one instance reaches the subscribers of the other, and each instance delivers it exactly once', async () => {
		const a = await hub();
		const b = await hub();
		const gotA: unknown[] = [];
		const gotB: unknown[] = [];
		a.subscribe('v1:chat:room:roomId=1', (e) => gotA.push(e));
		b.subscribe('v1:chat:room:roomId=1', (e) => gotB.push(e));
		await a.publish('v1:chat:room:roomId=1', { n: 1 });
		await b.publish('v1:chat:room:roomId=1', { n: 2 });
		expect(await until(() => gotA.length >= 2 && gotB.length >= 2)).toBe(true);
		await new Promise((r) => setTimeout(r, 100));
		expect(gotA).toEqual([{ n: 1 }, { n: 2 }]);
		expect(gotB).toEqual([{ n: 1 }, { n: 2 }]);
	});

	it('applies the same event limit as PostgreSQL', async () => {
		const a = await hub();
		await expect(a.publish('t', { text: 'x'.repeat(MAX_EVENT_BYTES) })).rejects.toThrow(HubPayloadError);
	});

	it('createHub picks Redis when REDIS_URL is set, whatever the database', async () => {
		const h = await createHub(loadConfig({ REDIS_URL: redisUrl, REALTIME_CHANNEL: channel }));
		expect(h.kind).toBe('redis');
		await h.close();
	});
});

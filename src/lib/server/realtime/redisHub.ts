// The hub across instances on Redis pub/sub (when REDIS_URL is set): the same envelope and the same limits as
// the PostgreSQL adapter, so modules cannot tell them apart. ioredis reconnects with back-off and subscribes
// again by itself; events published while a connection is down are missed, as with LISTEN/NOTIFY.
import { randomUUID } from 'node:crypto';
import type { Redis as RedisClient } from 'ioredis';
import { log } from '../log.ts';
import { notifyPayload, parsePayload } from './envelope.ts';
import { createLocalHub, encodeEvent, type InstanceHub } from './hub.ts';

export interface RedisHubOptions {
	url: string;
	channel: string;
	instanceId?: string;
}

export interface RedisHub extends InstanceHub {
	instanceId: string;
	isListening: () => boolean;
}

/** Connects both Redis connections (publish, subscribe); a Redis that is not there fails the start. */
export async function createRedisHub(options: RedisHubOptions): Promise<RedisHub> {
	const { Redis } = await import('ioredis');
	const instanceId = options.instanceId ?? randomUUID();
	const channel = options.channel;
	const local = createLocalHub();
	const retryStrategy = (times: number) => Math.min(30_000, 250 * 2 ** Math.min(times, 7));
	const connect = (name: string): RedisClient => {
		const client = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 3, retryStrategy, connectionName: `allmende-realtime-${name}` });
		let down = false;
		client.on('error', (e: Error) => {
			if (!down) log.warn({ err: e.message, connection: name }, 'realtime Redis connection error');
			down = true;
		});
		client.on('ready', () => {
			if (down) log.info({ connection: name }, 'realtime Redis connection restored');
			down = false;
		});
		return client;
	};
	const pub = connect('publish');
	const sub = connect('subscribe');
	sub.on('message', (ch: string, message: string) => {
		if (ch !== channel) return;
		const envelope = parsePayload(message);
		if (!envelope) return log.warn({ channel }, 'ignored a malformed realtime message');
		if (envelope.origin === instanceId) return; // delivered locally when it was published
		local.deliver(envelope.topic, envelope.event);
	});
	try {
		await Promise.all([pub.connect(), sub.connect()]);
		await sub.subscribe(channel);
	} catch (e) {
		pub.disconnect();
		sub.disconnect();
		throw e;
	}
	let closed = false;

	return {
		kind: 'redis',
		instanceId,
		isListening: () => sub.status === 'ready' && !closed,
		topicCount: local.topicCount,
		subscribe: local.subscribe,
		publish: async (topic, event) => {
			if (closed) throw new Error('The realtime hub is closed.');
			const eventJson = encodeEvent(topic, event);
			await pub.publish(channel, notifyPayload(topic, instanceId, eventJson));
			local.deliver(topic, JSON.parse(eventJson));
		},
		close: async () => {
			if (closed) return;
			closed = true;
			await Promise.all([pub.quit().catch(() => pub.disconnect()), sub.quit().catch(() => sub.disconnect())]);
			await local.close();
		}
	};
}

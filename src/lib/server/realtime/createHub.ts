// Picks the hub for this process: Redis when REDIS_URL is set, PostgreSQL LISTEN/NOTIFY when the database is
// PostgreSQL (several instances may run), else the in-process hub (SQLite: one process).
import type { Config } from '../config.ts';
import { log } from '../log.ts';
import { createLocalHub, type InstanceHub } from './hub.ts';

// The Redis and PostgreSQL hubs are imported only when asked for: a process on SQLite loads neither client.

/** The hub the configuration asks for; connects before it resolves (a broken REDIS_URL fails the start). */
export async function createHub(config: Pick<Config, 'database' | 'redisUrl' | 'realtime'>): Promise<InstanceHub> {
	const channel = config.realtime.channel;
	if (config.redisUrl) {
		const { createRedisHub } = await import('./redisHub.ts');
		const hub = await createRedisHub({ url: config.redisUrl, channel });
		log.info({ channel }, 'realtime hub: Redis pub/sub');
		return hub;
	}
	if (config.database.kind === 'postgres') {
		const { createPostgresHub } = await import('./postgresHub.ts');
		const hub = await createPostgresHub({ url: config.database.url, channel });
		log.info({ channel }, 'realtime hub: PostgreSQL LISTEN/NOTIFY');
		return hub;
	}
	return createLocalHub();
}

// The hub across instances on PostgreSQL: every instance LISTENs on one channel over a dedicated connection
// and publishes with NOTIFY (JSON {topic, origin, event}). An instance delivers its own events to its
// listeners directly and ignores their echo, so each instance delivers every event exactly once.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { log } from '../log.ts';
import { notifyPayload, parsePayload } from './envelope.ts';
import { createLocalHub, encodeEvent, HubPayloadError, type InstanceHub } from './hub.ts';

// PostgreSQL's limit: a NOTIFY payload must be shorter than 8000 bytes.
const MAX_NOTIFY_BYTES = 7999;

export interface PostgresHubOptions {
	url: string;
	/** NOTIFY channel, shared by the instances of one installation */
	channel: string;
	/** default: a random id per process */
	instanceId?: string;
	/** reconnect back-off for the LISTEN connection */
	backoff?: { minMs: number; maxMs: number };
}

export interface PostgresHub extends InstanceHub {
	instanceId: string;
	/** true while the LISTEN connection is up (events from other instances arrive) */
	isListening: () => boolean;
}

/** Starts the hub; resolves once the first LISTEN is in place (a database that is not there fails the start). */
export async function createPostgresHub(options: PostgresHubOptions): Promise<PostgresHub> {
	const { url, channel } = options;
	if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`Invalid realtime channel name "${channel}"`);
	const instanceId = options.instanceId ?? randomUUID();
	const backoff = options.backoff ?? { minMs: 250, maxMs: 30_000 };
	const local = createLocalHub();
	// Publishing uses a small pool of its own: a busy app pool never delays events, and events never take
	// the app's connections.
	const pool = new pg.Pool({ connectionString: url, max: 4, application_name: 'allmende-realtime-publish' });
	pool.on('error', (e) => log.warn({ err: e.message }, 'realtime publish connection closed'));

	let listener: pg.Client | null = null;
	/** LISTEN is in place on `listener` */
	let listening = false;
	let closed = false;
	let retryTimer: NodeJS.Timeout | null = null;
	let attempt = 0;

	const onNotification = (msg: pg.Notification) => {
		if (msg.channel !== channel) return;
		const envelope = parsePayload(msg.payload);
		if (!envelope) return log.warn({ channel }, 'ignored a malformed realtime notification');
		if (envelope.origin === instanceId) return; // delivered locally when it was published
		local.deliver(envelope.topic, envelope.event);
	};

	async function listen(): Promise<void> {
		const client = new pg.Client({ connectionString: url, application_name: `allmende-realtime-${instanceId}`, keepAlive: true });
		listener = client;
		// The connection can drop at any time (restart, failover, network): reconnect, never crash.
		client.on('error', (e) => dropped(client, e));
		client.on('end', () => dropped(client));
		client.on('notification', onNotification);
		try {
			await client.connect();
			await client.query(`LISTEN "${channel}"`);
		} catch (e) {
			if (listener === client) listener = null;
			client.removeListener('notification', onNotification);
			client.end().catch(() => {});
			throw e;
		}
		if (closed) await client.end().catch(() => {});
		else if (listener === client) listening = true;
	}

	function dropped(client: pg.Client, e?: Error) {
		if (listener !== client) return; // an old connection, already replaced
		listener = null;
		listening = false;
		client.removeListener('notification', onNotification);
		client.end().catch(() => {});
		if (closed) return;
		log.warn({ err: e?.message }, 'realtime LISTEN connection lost; events from other instances are missed until it is back');
		scheduleReconnect();
	}

	function scheduleReconnect() {
		if (closed || retryTimer) return;
		const delay = Math.min(backoff.maxMs, backoff.minMs * 2 ** attempt) * (0.5 + Math.random() / 2);
		attempt++;
		retryTimer = setTimeout(() => {
			retryTimer = null;
			listen().then(
				() => {
					attempt = 0;
					log.info('realtime LISTEN connection restored');
				},
				(e: unknown) => {
					log.warn({ err: e instanceof Error ? e.message : String(e), attempt }, 'realtime LISTEN reconnect failed');
					scheduleReconnect();
				}
			);
		}, delay);
		retryTimer.unref();
	}

	await listen();

	return {
		kind: 'postgres',
		instanceId,
		isListening: () => listening && !closed,
		topicCount: local.topicCount,
		subscribe: local.subscribe,
		publish: async (topic, event) => {
			if (closed) throw new Error('The realtime hub is closed.');
			const eventJson = encodeEvent(topic, event);
			const payload = notifyPayload(topic, instanceId, eventJson);
			if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) throw new HubPayloadError(`The realtime event on "${topic}" does not fit into a PostgreSQL NOTIFY (8000 bytes).`);
			await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
			local.deliver(topic, JSON.parse(eventJson));
		},
		close: async () => {
			if (closed) return;
			closed = true;
			if (retryTimer) clearTimeout(retryTimer);
			const client = listener;
			listener = null;
			listening = false;
			if (client) {
				client.removeListener('notification', onNotification);
				await client.end().catch(() => {});
			}
			await pool.end().catch(() => {});
			await local.close();
		}
	};
}

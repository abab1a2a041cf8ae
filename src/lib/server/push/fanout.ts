// The durable fan-out of push messages (decision 015).
//
//   1. queuePushMessage (messages.ts) writes the message and a "push.prepare" job with what caused it.
//   2. preparePushMessage (that job) writes one delivery per subscription of the message's topics — once per
//      (message, subscription), whatever happens: a unique index, and a second run adds nothing.
//   3. The fan-out loop claims due deliveries in rounds, a fair share per village so that a village with many
//      subscribers cannot starve the others, sends them with bounded concurrency over keep-alive connections
//      (sender.ts), and records each outcome: sent; gone (404/410: the subscription is deleted); retry later
//      (429 with Retry-After — the whole push service pauses —, 5xx, network: back-off); failed.
//
// A claimed delivery is "sending" until its lease ends. When the process dies in between (kill -9), the next
// start (SQLite: at once; PostgreSQL: when the lease ends, since another instance may still hold it) sends
// those again — with the same RFC 8030 Topic header, so a push service that still holds the first copy replaces
// it, and the service worker shows one notification per message (tag and the message id). Everything else is
// sent exactly once: an outcome is recorded before the delivery can be claimed again.
import { sql } from 'kysely';
import type { Db, DialectName } from '../db/index.ts';
import type { PushUrgency } from '../db/types.ts';
import { newId } from '../ids.ts';
import { log } from '../log.ts';
import { checkEndpoint } from './endpoint.ts';
import { countDeliveries } from './messages.ts';
import type { PushRequest, PushResult } from './sender.ts';

const OPEN = ['pending', 'sending'] as const;

/** Writes the deliveries of a message (idempotent) and marks it prepared; a message nobody gets is finished at once. */
export async function preparePushMessage(db: Db, messageId: string, now = Date.now()): Promise<number> {
	const message = await db.selectFrom('pushMessages').select(['id', 'tenantId', 'topics', 'userIds', 'preparedAt']).where('id', '=', messageId).executeTakeFirst();
	if (!message) return 0;
	const topics = JSON.parse(message.topics) as string[];
	const people = message.userIds === null ? null : (JSON.parse(message.userIds) as string[]);
	if (topics.length > 0 && (people === null || people.length > 0)) {
		let subscribers = db
			.selectFrom('pushSubscriptionTopics')
			.select('pushSubscriptionTopics.subscriptionId')
			.distinct()
			.where('pushSubscriptionTopics.tenantId', '=', message.tenantId)
			.where('pushSubscriptionTopics.topic', 'in', topics);
		// a message to some people: only the devices they subscribed while signed in
		if (people !== null)
			subscribers = subscribers
				.innerJoin('pushSubscriptions', 'pushSubscriptions.id', 'pushSubscriptionTopics.subscriptionId')
				.where('pushSubscriptions.userId', 'in', people.slice(0, 500));
		const rows = await subscribers.execute();
		// in slices: one statement per few hundred rows keeps SQLite below its limit of bound parameters
		for (let i = 0; i < rows.length; i += 400) {
			await db
				.insertInto('pushDeliveries')
				.values(rows.slice(i, i + 400).map((r) => ({ id: newId(now), messageId: message.id, subscriptionId: r.subscriptionId, tenantId: message.tenantId, state: 'pending' as const, attempts: 0, nextAt: now, lastStatus: null, lastError: null, updatedAt: now })))
				.onConflict((oc) => oc.columns(['messageId', 'subscriptionId']).doNothing())
				.execute();
		}
	}
	const { total } = await countDeliveries(db, message.id);
	await db.updateTable('pushMessages').set({ preparedAt: message.preparedAt ?? now, total }).where('id', '=', message.id).execute();
	if (total === 0) await finishIfSettled(db, message.id, now);
	return total;
}

/** Sets the final figures once no delivery of the message is open. */
async function finishIfSettled(db: Db, messageId: string, now: number): Promise<void> {
	const open = await db.selectFrom('pushDeliveries').select('id').where('messageId', '=', messageId).where('state', 'in', OPEN).limit(1).executeTakeFirst();
	if (open) return;
	const counts = await countDeliveries(db, messageId);
	await db
		.updateTable('pushMessages')
		.set({ finishedAt: now, total: counts.total, sent: counts.sent, failed: counts.failed, gone: counts.gone })
		.where('id', '=', messageId)
		.where('preparedAt', 'is not', null)
		.where('finishedAt', 'is', null)
		.execute();
}

export interface Claimed {
	id: string;
	messageId: string;
	subscriptionId: string;
	tenantId: string;
	attempts: number;
}

/**
 * Claims up to `limit` due deliveries for `leaseMs`: the villages with the longest-waiting deliveries first, each
 * at most an equal share of the round. PostgreSQL skips rows another instance holds (FOR UPDATE SKIP LOCKED).
 */
export async function claimDeliveries(db: Db, dialect: DialectName, args: { now: number; limit: number; leaseMs: number }): Promise<Claimed[]> {
	const { now } = args;
	const villages = await db
		.selectFrom('pushDeliveries')
		.select(['tenantId', (eb) => eb.fn.min('nextAt').as('due')])
		.where('state', 'in', OPEN)
		.where('nextAt', '<=', now)
		.groupBy('tenantId')
		.orderBy('due')
		.limit(100)
		.execute();
	if (villages.length === 0) return [];
	const share = Math.max(8, Math.ceil(args.limit / villages.length));
	const claimed: Claimed[] = [];
	const claim = async (tenantId: string, take: number) => {
		const due = db.selectFrom('pushDeliveries').select('id').where('tenantId', '=', tenantId).where('state', 'in', OPEN).where('nextAt', '<=', now).orderBy('nextAt').limit(take);
		const rows = await db
			.updateTable('pushDeliveries')
			.set({ state: 'sending', nextAt: now + args.leaseMs, attempts: sql<number>`attempts + 1`, updatedAt: now })
			.where('id', 'in', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
			.returning(['id', 'messageId', 'subscriptionId', 'tenantId', 'attempts'])
			.execute();
		claimed.push(...rows);
		return rows.length;
	};
	// first every village its share; then what the small ones left goes to the big ones, in the same order
	const full: string[] = [];
	for (const village of villages) {
		const take = Math.min(share, args.limit - claimed.length);
		if (take <= 0) break;
		if ((await claim(village.tenantId, take)) === take) full.push(village.tenantId);
	}
	for (const tenantId of full) {
		const take = args.limit - claimed.length;
		if (take <= 0) break;
		await claim(tenantId, take);
	}
	return claimed;
}

type Outcome =
	| { id: string; messageId: string; subscriptionId: string; kind: 'sent'; status: number }
	| { id: string; messageId: string; subscriptionId: string; kind: 'gone'; status: number | null }
	| { id: string; messageId: string; subscriptionId: string; kind: 'failed'; status: number | null; error: string }
	| { id: string; messageId: string; subscriptionId: string; kind: 'retry'; at: number; status: number | null; error: string; uncount: boolean };

/** Writes a slice of outcomes in one transaction (the caller finishes the messages that are settled then). */
async function record(db: Db, outcomes: Outcome[], now: number): Promise<void> {
	if (outcomes.length === 0) return;
	await db.transaction().execute(async (trx) => {
		const ids = (kind: Outcome['kind']) => outcomes.filter((o) => o.kind === kind).map((o) => o.id);
		const sent = ids('sent');
		if (sent.length) await trx.updateTable('pushDeliveries').set({ state: 'sent', lastStatus: 201, lastError: null, updatedAt: now }).where('id', 'in', sent).where('state', '=', 'sending').execute();
		const gone = outcomes.filter((o) => o.kind === 'gone');
		if (gone.length) {
			const subs = [...new Set(gone.map((o) => o.subscriptionId))];
			await trx.updateTable('pushDeliveries').set({ state: 'gone', updatedAt: now }).where('id', 'in', gone.map((o) => o.id)).execute();
			// the browser ended it: its other open deliveries will not arrive either
			await trx.updateTable('pushDeliveries').set({ state: 'gone', updatedAt: now }).where('subscriptionId', 'in', subs).where('state', 'in', OPEN).execute();
			await trx.deleteFrom('pushSubscriptions').where('id', 'in', subs).execute();
		}
		for (const o of outcomes) {
			if (o.kind === 'failed') await trx.updateTable('pushDeliveries').set({ state: 'failed', lastStatus: o.status, lastError: o.error.slice(0, 300), updatedAt: now }).where('id', '=', o.id).execute();
			if (o.kind === 'retry')
				await trx
					.updateTable('pushDeliveries')
					.set({ state: 'pending', nextAt: o.at, lastStatus: o.status, lastError: o.error.slice(0, 300), updatedAt: now, ...(o.uncount ? { attempts: sql<number>`attempts - 1` } : {}) })
					.where('id', '=', o.id)
					.where('state', '=', 'sending')
					.execute();
		}
	});
}

export interface FanOutOptions {
	db: Db;
	dialect: DialectName;
	/** sends one request (sender.ts); never throws for a bad answer */
	send: (request: PushRequest) => Promise<PushResult>;
	/** PUSH_ENDPOINT_ALLOW, checked again before each send */
	endpointAllow: readonly string[];
	/** requests in flight at once (default 64) */
	concurrency?: number;
	/** deliveries claimed per round (default 1000) */
	batchSize?: number;
	/** how long a claim holds (default 30 s; a request times out after 10 s) */
	leaseMs?: number;
	/** attempts before a delivery is given up as failed (default 6) */
	maxAttempts?: number;
	/** how often it looks for due deliveries when not kicked (default 2 s) */
	pollMs?: number;
	now?: () => number;
}

/** The wait before the next try after `attempts` failed ones: 10 s, 20 s, 40 s … at most 10 minutes. */
export const retryDelayMs = (attempts: number) => Math.min(600_000, 10_000 * 2 ** Math.max(0, attempts - 1));

interface MessageForSending {
	payload: string;
	ttl: number;
	urgency: PushUrgency;
	topic: string;
}

/** The fan-out loop of this process: `kick()` after a message was prepared; `stop()` on shutdown. */
export function startPushFanOut(opts: FanOutOptions) {
	const { db, dialect } = opts;
	const clock = opts.now ?? Date.now;
	const concurrency = opts.concurrency ?? 64;
	const batchSize = opts.batchSize ?? 1000;
	const leaseMs = opts.leaseMs ?? 30_000;
	const maxAttempts = opts.maxAttempts ?? 6;
	// a push service that answered 429 is left alone until its Retry-After has passed
	const pausedUntil = new Map<string, number>();
	const messages = new Map<string, MessageForSending>();
	let stopped = false;
	let running: Promise<void> | null = null;
	let again = false;
	let timer: NodeJS.Timeout | undefined;

	async function messageFor(id: string): Promise<MessageForSending | undefined> {
		const cached = messages.get(id);
		if (cached) return cached;
		const m = await db
			.selectFrom('pushMessages')
			.innerJoin('tenants', 'tenants.id', 'pushMessages.tenantId')
			.select(['pushMessages.id', 'topics', 'title', 'body', 'url', 'urgency', 'ttl', 'pushMessages.createdAt', 'tenants.slug', 'tenants.name'])
			.where('pushMessages.id', '=', id)
			.executeTakeFirst();
		if (!m) return undefined;
		const topics = JSON.parse(m.topics) as string[];
		// what the service worker gets (push/payload in src/lib/appWorker): small, well under the 3,993 bytes of one record
		const payload = JSON.stringify({ id: m.id, village: { slug: m.slug, name: m.name }, topic: topics[0] ?? '', title: m.title, body: m.body, url: m.url, at: m.createdAt });
		const entry = { payload, ttl: m.ttl, urgency: m.urgency, topic: m.id.replaceAll('-', '').slice(0, 32) };
		if (messages.size > 1000) messages.clear();
		messages.set(id, entry);
		return entry;
	}

	/** One round: claim, send, record. Answers how many deliveries it claimed. */
	async function runRound(): Promise<number> {
		const now = clock();
		const claimed = await claimDeliveries(db, dialect, { now, limit: batchSize, leaseMs });
		if (claimed.length === 0) return 0;
		const subs = new Map<string, { endpoint: string; p256dh: string; auth: string }>();
		const subIds = [...new Set(claimed.map((c) => c.subscriptionId))];
		for (let i = 0; i < subIds.length; i += 500) {
			for (const s of await db.selectFrom('pushSubscriptions').select(['id', 'endpoint', 'p256dh', 'auth']).where('id', 'in', subIds.slice(i, i + 500)).execute()) subs.set(s.id, s);
		}

		let outcomes: Outcome[] = [];
		let flushing = Promise.resolve();
		// a failed write is kept and thrown at the round's end: a rejection nobody awaits yet would end the process
		let failure: unknown = null;
		const flush = () => {
			const slice = outcomes;
			outcomes = [];
			flushing = flushing
				.then(() => record(db, slice, clock()))
				.catch((e: unknown) => {
					failure ??= e;
				});
			return flushing;
		};
		const add = (o: Outcome) => {
			outcomes.push(o);
			if (outcomes.length >= 200) void flush();
		};

		let next = 0;
		const worker = async () => {
			while (!stopped && next < claimed.length) {
				const c = claimed[next++]!;
				const base = { id: c.id, messageId: c.messageId, subscriptionId: c.subscriptionId };
				const sub = subs.get(c.subscriptionId);
				const message = await messageFor(c.messageId);
				if (!sub || !message) {
					add({ ...base, kind: 'gone', status: null });
					continue;
				}
				const endpoint = checkEndpoint(sub.endpoint, opts.endpointAllow);
				if (!endpoint.ok) {
					add({ ...base, kind: 'failed', status: null, error: `endpoint not allowed (${endpoint.reason})` });
					continue;
				}
				const paused = pausedUntil.get(endpoint.origin) ?? 0;
				if (paused > clock()) {
					add({ ...base, kind: 'retry', at: paused, status: 429, error: 'push service asked to wait', uncount: true });
					continue;
				}
				const result = await opts.send({ endpoint: sub.endpoint, p256dh: sub.p256dh, auth: sub.auth, payload: message.payload, ttl: message.ttl, urgency: message.urgency, topic: message.topic });
				if (result.kind === 'sent') add({ ...base, kind: 'sent', status: result.status });
				else if (result.kind === 'gone') add({ ...base, kind: 'gone', status: result.status });
				else if (result.kind === 'failed') add({ ...base, kind: 'failed', status: result.status, error: result.error });
				else {
					if (result.status === 429 && result.retryAfterMs !== null) pausedUntil.set(endpoint.origin, clock() + result.retryAfterMs);
					const giveUp = c.attempts >= maxAttempts;
					if (giveUp) add({ ...base, kind: 'failed', status: result.status, error: result.error });
					else add({ ...base, kind: 'retry', at: clock() + (result.retryAfterMs ?? retryDelayMs(c.attempts)), status: result.status, error: result.error, uncount: false });
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
		await flush();
		// the claims of what could not be recorded run out; those deliveries are sent again then (same Topic)
		if (failure) throw failure;
		for (const messageId of new Set(claimed.map((c) => c.messageId))) await finishIfSettled(db, messageId, clock());
		return claimed.length;
	}

	async function loop() {
		do {
			again = false;
			while (!stopped && (await runRound()) > 0);
		} while (again && !stopped);
	}

	function tick() {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		clearTimeout(timer);
		running = loop()
			.catch((e: unknown) => log.error({ err: String(e) }, 'push fan-out error'))
			.finally(() => {
				running = null;
				if (!stopped) timer = setTimeout(tick, opts.pollMs ?? 2000);
			});
	}

	return {
		/** Starts: after a crash, SQLite's claims are this process's own, so they are taken again at once. */
		async start() {
			if (dialect === 'sqlite') await db.updateTable('pushDeliveries').set({ nextAt: clock() }).where('state', '=', 'sending').execute();
			tick();
		},
		kick: tick,
		runRound,
		/** Resolves when the rounds running now are over (tests). */
		idle: async () => {
			while (running) await running;
		},
		/** Stops after the current round. */
		async stop() {
			stopped = true;
			clearTimeout(timer);
			await running;
		}
	};
}

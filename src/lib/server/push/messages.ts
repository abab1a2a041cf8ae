// Push messages: what a village sends to some of its topics. queuePushMessage writes the message and the job
// that prepares its deliveries in the caller's transaction (the outbox): the message exists exactly when what
// caused it does (an important announcement, an editor's urgent message). The fan-out (fanout.ts) does the rest.
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import type { PushDeliveryState, PushUrgency } from '../db/types.ts';
import { newId } from '../ids.ts';
import { enqueueJob } from '../jobs/queue.ts';

export const URGENCIES = ['very-low', 'low', 'normal', 'high'] as const satisfies readonly PushUrgency[];
/** RFC 8030 TTL: how long a push service keeps a message for a device that is offline; at most four weeks here. */
export const MAX_TTL = 28 * 24 * 3600;
export const DEFAULT_TTL = 24 * 3600;
export const PREPARE_JOB = 'push.prepare';

/** A path on this site ("/koerbecke/news/…") or an https address; nothing else is opened from a notification. */
export function isPushUrl(url: string): boolean {
	if (url === '') return true;
	if (/[\s\u2028\u2029\\]/.test(url)) return false;
	if (url.startsWith('/')) return !url.startsWith('//');
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'https:' && !parsed.username && !parsed.password;
	} catch {
		return false;
	}
}

/** What an editor (form or API) sends. */
export const pushMessageInput = z.object({
	topic: z.string().min(1).max(100),
	title: z.string().trim().min(1).max(120),
	body: z.string().trim().max(500).default(''),
	url: z.string().trim().max(500).default('').refine(isPushUrl, { message: 'push_err_url' }),
	urgency: z.enum(URGENCIES).default('normal'),
	ttl: z.coerce.number().int().min(0).max(MAX_TTL).default(DEFAULT_TTL)
});
export type PushMessageInput = z.infer<typeof pushMessageInput>;

export interface NewPushMessage {
	villageId: string;
	topics: string[];
	title: string;
	body?: string;
	url?: string;
	urgency?: PushUrgency;
	ttl?: number;
	moduleId?: string | null;
	createdBy?: string | null;
	tokenId?: string | null;
	/** once per key and village (a reminder of one day): a second call with it queues nothing and answers null */
	key?: string;
	/** only to these people's devices (that subscribed to one of the topics); not in the village's history */
	userIds?: string[];
}

/**
 * Queues a message in the caller's transaction: the message row and its prepare job. Kick the job worker after
 * the commit. Answers the message's id, or null when `key` was used before.
 */
export async function queuePushMessage(db: Db, m: NewPushMessage, now = Date.now()): Promise<string | null> {
	const id = newId(now);
	const idempotencyKey = m.key ? `push:${m.villageId}:${m.key}` : `push:${id}`;
	if (m.key && (await db.selectFrom('jobs').select('id').where('idempotencyKey', '=', idempotencyKey).executeTakeFirst())) return null;
	await db
		.insertInto('pushMessages')
		.values({
			id,
			tenantId: m.villageId,
			topics: JSON.stringify([...new Set(m.topics)]),
			userIds: m.userIds ? JSON.stringify([...new Set(m.userIds)]) : null,
			title: m.title.slice(0, 120),
			body: (m.body ?? '').slice(0, 500),
			url: isPushUrl(m.url ?? '') ? (m.url ?? '').slice(0, 500) : '',
			urgency: m.urgency ?? 'normal',
			ttl: Math.max(0, Math.min(MAX_TTL, Math.floor(m.ttl ?? DEFAULT_TTL))),
			moduleId: m.moduleId ?? null,
			createdBy: m.createdBy ?? null,
			tokenId: m.tokenId ?? null,
			createdAt: now,
			preparedAt: null,
			finishedAt: null
		})
		.execute();
	await enqueueJob(db, { kind: PREPARE_JOB, payload: { messageId: id }, idempotencyKey, tenantId: m.villageId });
	return id;
}

export interface PushProgress {
	id: string;
	total: number;
	sent: number;
	failed: number;
	gone: number;
	pending: number;
	/** queued: deliveries not written yet; sending: some still open; done: every delivery settled */
	state: 'queued' | 'sending' | 'done';
}

/** The figures of one message of the village (another village's id is not found). */
export async function messageProgress(db: Db, villageId: string, id: string): Promise<PushProgress | undefined> {
	const message = await db.selectFrom('pushMessages').select(['id', 'preparedAt', 'finishedAt', 'total', 'sent', 'failed', 'gone']).where('tenantId', '=', villageId).where('id', '=', id).executeTakeFirst();
	if (!message) return undefined;
	if (message.finishedAt !== null) return { id, total: message.total, sent: message.sent, failed: message.failed, gone: message.gone, pending: 0, state: 'done' };
	const counts = await countDeliveries(db, id);
	return { id, ...counts, state: message.preparedAt === null ? 'queued' : 'sending' };
}

/** How many deliveries of a message are in which state. */
export async function countDeliveries(db: Db, messageId: string): Promise<Omit<PushProgress, 'id' | 'state'>> {
	const rows = await db.selectFrom('pushDeliveries').select(['state', (eb) => eb.fn.countAll<number | string>().as('n')]).where('messageId', '=', messageId).groupBy('state').execute();
	const of = (state: PushDeliveryState) => Number(rows.find((r) => r.state === state)?.n ?? 0);
	const counts = { sent: of('sent'), failed: of('failed'), gone: of('gone'), pending: of('pending') + of('sending') };
	return { total: counts.sent + counts.failed + counts.gone + counts.pending, ...counts };
}

export interface PushHistoryEntry extends PushProgress {
	topics: string[];
	title: string;
	body: string;
	url: string;
	urgency: PushUrgency;
	moduleId: string | null;
	createdBy: string | null;
	createdAt: number;
}

/** The village's messages, newest first, with their figures (open ones counted now). */
export async function listPushMessages(db: Db, villageId: string, args: { limit: number; before?: number }): Promise<PushHistoryEntry[]> {
	let q = db
		.selectFrom('pushMessages')
		.leftJoin('users', 'users.id', 'pushMessages.createdBy')
		.select(['pushMessages.id', 'topics', 'title', 'body', 'url', 'urgency', 'moduleId', 'users.displayName as createdBy', 'pushMessages.createdAt', 'preparedAt', 'finishedAt', 'total', 'sent', 'failed', 'gone'])
		.where('pushMessages.tenantId', '=', villageId)
		// messages to some people (a chat mention) are theirs, not the village's
		.where('pushMessages.userIds', 'is', null)
		.orderBy('pushMessages.createdAt', 'desc')
		.orderBy('pushMessages.id', 'desc')
		.limit(args.limit);
	if (args.before !== undefined) q = q.where('pushMessages.createdAt', '<', args.before);
	const rows = await q.execute();
	const entries: PushHistoryEntry[] = [];
	for (const r of rows) {
		const figures = r.finishedAt !== null ? { total: r.total, sent: r.sent, failed: r.failed, gone: r.gone, pending: 0 } : await countDeliveries(db, r.id);
		entries.push({ id: r.id, topics: JSON.parse(r.topics) as string[], title: r.title, body: r.body, url: r.url, urgency: r.urgency, moduleId: r.moduleId, createdBy: r.createdBy, createdAt: r.createdAt, ...figures, state: r.finishedAt !== null ? 'done' : r.preparedAt === null ? 'queued' : 'sending' });
	}
	return entries;
}

/** How many messages editors (not modules) of the village queued since `since` (the hourly quota). */
export async function countEditorMessages(db: Db, villageId: string, since: number): Promise<number> {
	const row = await db.selectFrom('pushMessages').select((eb) => eb.fn.countAll<number | string>().as('n')).where('tenantId', '=', villageId).where('moduleId', 'is', null).where('createdAt', '>=', since).executeTakeFirst();
	return Number(row?.n ?? 0);
}

// Subscriptions: a browser (its push service endpoint and its keys) that wants a village's topics. Anyone may
// subscribe, without an account; the endpoint is the browser's secret, so whoever holds it may change or end
// the subscription. A signed-in person's subscriptions carry their id and are listed on /account.
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';
import { checkUaKeys } from './crypto.ts';
import { checkEndpoint, MAX_ENDPOINT_LENGTH } from './endpoint.ts';
import type { PushTopic } from './topics.ts';

export const subscriptionInput = z.object({
	endpoint: z.string().min(1).max(MAX_ENDPOINT_LENGTH),
	keys: z.object({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
	topics: z.array(z.string().min(1).max(100)).min(1).max(50),
	/** the endpoint this one takes over (a browser's pushsubscriptionchange) */
	replaces: z.string().min(1).max(MAX_ENDPOINT_LENGTH).optional()
});
export type SubscriptionInput = z.infer<typeof subscriptionInput>;

export const unsubscribeInput = z.object({ endpoint: z.string().min(1).max(MAX_ENDPOINT_LENGTH) });

/** Message keys (src/messages) for what can be wrong with a subscription, by field. */
export type SubscriptionProblem = { field: 'endpoint' | 'keys.p256dh' | 'keys.auth' | 'topics'; message: 'push_err_endpoint_https' | 'push_err_endpoint_service' | 'push_err_endpoint' | 'push_err_p256dh' | 'push_err_auth' | 'push_err_topic'; topic?: string };

/** Checks what zod cannot: the endpoint's push service, the keys' bytes, the topics of this village. */
export function checkSubscription(input: SubscriptionInput, topics: readonly PushTopic[], endpointAllow: readonly string[]): SubscriptionProblem | null {
	const endpoint = checkEndpoint(input.endpoint, endpointAllow);
	if (!endpoint.ok) return { field: 'endpoint', message: endpoint.reason === 'not-https' ? 'push_err_endpoint_https' : endpoint.reason === 'unknown-service' ? 'push_err_endpoint_service' : 'push_err_endpoint' };
	const keys = checkUaKeys(input.keys.p256dh, input.keys.auth);
	if (keys === 'bad-p256dh') return { field: 'keys.p256dh', message: 'push_err_p256dh' };
	if (keys === 'bad-auth') return { field: 'keys.auth', message: 'push_err_auth' };
	const unknown = input.topics.find((t) => !topics.some((k) => k.id === t));
	if (unknown !== undefined) return { field: 'topics', message: 'push_err_topic', topic: unknown.slice(0, 100) };
	return null;
}

/**
 * Makes or updates the subscription of `endpoint` in the village with exactly these topics (a signed-in person's
 * id is kept on it). With `replaces`, the old endpoint's subscription is ended in the same transaction. The input
 * must have passed checkSubscription.
 */
export async function saveSubscription(db: Db, args: { villageId: string; input: SubscriptionInput; userId: string | null; device: string; now?: number }): Promise<{ id: string; created: boolean }> {
	const now = args.now ?? Date.now();
	const { input } = args;
	const topics = [...new Set(input.topics)];
	return db.transaction().execute(async (trx) => {
		if (input.replaces && input.replaces !== input.endpoint) {
			await trx.deleteFrom('pushSubscriptions').where('tenantId', '=', args.villageId).where('endpoint', '=', input.replaces).execute();
		}
		const existing = await trx.selectFrom('pushSubscriptions').select(['id', 'userId']).where('tenantId', '=', args.villageId).where('endpoint', '=', input.endpoint).executeTakeFirst();
		const id = existing?.id ?? newId(now);
		if (existing) {
			await trx
				.updateTable('pushSubscriptions')
				.set({ p256dh: input.keys.p256dh, auth: input.keys.auth, userId: args.userId ?? existing.userId, device: args.device.slice(0, 100), updatedAt: now })
				.where('id', '=', id)
				.execute();
			await trx.deleteFrom('pushSubscriptionTopics').where('subscriptionId', '=', id).execute();
		} else {
			await trx
				.insertInto('pushSubscriptions')
				.values({ id, tenantId: args.villageId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, userId: args.userId, device: args.device.slice(0, 100), createdAt: now, updatedAt: now })
				.execute();
		}
		await trx.insertInto('pushSubscriptionTopics').values(topics.map((topic) => ({ subscriptionId: id, tenantId: args.villageId, topic }))).execute();
		return { id, created: !existing };
	});
}

/** Ends the subscription of `endpoint` in the village; false when there was none. */
export async function removeSubscription(db: Db, villageId: string, endpoint: string): Promise<boolean> {
	const result = await db.deleteFrom('pushSubscriptions').where('tenantId', '=', villageId).where('endpoint', '=', endpoint).executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/** The topics of the subscription of `endpoint` in the village, or null when it is not subscribed. */
export async function subscriptionTopics(db: Db, villageId: string, endpoint: string): Promise<string[] | null> {
	const sub = await db.selectFrom('pushSubscriptions').select('id').where('tenantId', '=', villageId).where('endpoint', '=', endpoint).executeTakeFirst();
	if (!sub) return null;
	const rows = await db.selectFrom('pushSubscriptionTopics').select('topic').where('subscriptionId', '=', sub.id).orderBy('topic').execute();
	return rows.map((r) => r.topic);
}

export interface UserDevice {
	id: string;
	villageName: string;
	villageSlug: string;
	device: string;
	topics: string[];
	createdAt: number;
}

/** A person's subscribed devices, newest first (for /account). */
export async function userSubscriptions(db: Db, userId: string): Promise<UserDevice[]> {
	const subs = await db
		.selectFrom('pushSubscriptions')
		.innerJoin('tenants', 'tenants.id', 'pushSubscriptions.tenantId')
		.select(['pushSubscriptions.id', 'tenants.name as villageName', 'tenants.slug as villageSlug', 'pushSubscriptions.device', 'pushSubscriptions.createdAt'])
		.where('pushSubscriptions.userId', '=', userId)
		.orderBy('pushSubscriptions.createdAt', 'desc')
		.limit(200)
		.execute();
	if (subs.length === 0) return [];
	const topics = await db.selectFrom('pushSubscriptionTopics').select(['subscriptionId', 'topic']).where('subscriptionId', 'in', subs.map((s) => s.id)).orderBy('topic').execute();
	return subs.map((s) => ({ ...s, topics: topics.filter((t) => t.subscriptionId === s.id).map((t) => t.topic) }));
}

/** Ends one of a person's subscriptions; false when it is not theirs (or gone). */
export async function removeUserSubscription(db: Db, userId: string, id: string): Promise<boolean> {
	const result = await db.deleteFrom('pushSubscriptions').where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}


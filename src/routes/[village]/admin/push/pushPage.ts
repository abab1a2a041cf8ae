// The reads of the page "Push-Nachrichten" (/<village>/admin/push), each bound to the village: how many devices
// subscribed to each topic, one sent message for its progress, and the history a page at a time.
import type { Db } from '../../../../lib/server/db/index.ts';
import { listPushMessages, messageProgress, type PushHistoryEntry, type PushProgress } from '../../../../lib/server/push/messages.ts';

/** Messages per page of the history. */
export const HISTORY_PAGE = 20;

/** A message id as the page takes it from ?message= (a UUIDv7; anything else is not looked up). */
export const MESSAGE_ID = /^[0-9a-f-]{1,64}$/;

/** How many devices of the village subscribed to each topic (topic id → count; topics nobody chose are missing). */
export async function subscriberCounts(db: Db, villageId: string): Promise<Record<string, number>> {
	const rows = await db
		.selectFrom('pushSubscriptionTopics')
		.select(['topic', (eb) => eb.fn.countAll<number | string>().as('n')])
		.where('tenantId', '=', villageId)
		.groupBy('topic')
		.execute();
	return Object.fromEntries(rows.map((r) => [r.topic, Number(r.n)]));
}

export interface SentMessage extends PushProgress {
	title: string;
	topics: string[];
	createdAt: number;
}

/** One message of the village with its figures now; undefined for another village's or an unknown id. */
export async function sentMessage(db: Db, villageId: string, id: string): Promise<SentMessage | undefined> {
	if (!MESSAGE_ID.test(id)) return undefined;
	const message = await db.selectFrom('pushMessages').select(['title', 'topics', 'createdAt']).where('tenantId', '=', villageId).where('id', '=', id).executeTakeFirst();
	const progress = message && (await messageProgress(db, villageId, id));
	if (!message || !progress) return undefined;
	return { ...progress, title: message.title, topics: JSON.parse(message.topics) as string[], createdAt: message.createdAt };
}

/**
 * A page of the history, newest first, and the cursor of the next older page (null: none). The cursor is a
 * time: messages older than it. So that a page never ends in the middle of messages queued in the same
 * millisecond (a module may queue several at once), such a last group moves to the next page.
 */
export async function historyPage(db: Db, villageId: string, before?: number, size = HISTORY_PAGE): Promise<{ entries: PushHistoryEntry[]; older: number | null }> {
	const rows = await listPushMessages(db, villageId, { limit: size + 1, before });
	if (rows.length <= size) return { entries: rows, older: null };
	const boundary = rows[size]!.createdAt;
	const entries = rows.slice(0, size).filter((r) => r.createdAt !== boundary);
	// a whole page from one millisecond (never in practice): shown as it is rather than never
	if (entries.length === 0) return { entries: rows.slice(0, size), older: boundary };
	return { entries, older: boundary + 1 };
}

/** How many devices have subscribed to any topic of the village. */
export async function subscribedDevices(db: Db, villageId: string): Promise<number> {
	const row = await db.selectFrom('pushSubscriptions').select((eb) => eb.fn.countAll<number | string>().as('n')).where('tenantId', '=', villageId).executeTakeFirst();
	return Number(row?.n ?? 0);
}

// A person's in-app notifications (the bell in the header, /account/notifications). Every query is bound to
// the person: another person's notification can neither be seen nor marked read, whatever id is sent.
import type { Db } from '../db/index.ts';

export interface NotificationView {
	id: string;
	title: string;
	body: string;
	url: string | null;
	readAt: number | null;
	createdAt: number;
	villageName: string | null;
	villageSlug: string | null;
}

/** Cursor of the page after `n`: "<createdAt>.<id>" (newest first, the id breaks ties within one millisecond). */
function cursorOf(n: { createdAt: number; id: string }): string {
	return `${n.createdAt}.${n.id}`;
}

function parseCursor(cursor: string | undefined): { createdAt: number; id: string } | undefined {
	const match = /^(\d{1,16})\.([\w-]{1,64})$/.exec(cursor ?? '');
	return match ? { createdAt: Number(match[1]), id: match[2]! } : undefined;
}

/** One page of the person's notifications, newest first; `next` is the cursor of the following page, if any. */
export async function listNotifications(db: Db, userId: string, opts: { limit?: number; before?: string } = {}): Promise<{ items: NotificationView[]; next: string | null }> {
	const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
	const before = parseCursor(opts.before);
	let q = db
		.selectFrom('notifications')
		.leftJoin('tenants', 'tenants.id', 'notifications.tenantId')
		.select(['notifications.id', 'notifications.title', 'notifications.body', 'notifications.url', 'notifications.readAt', 'notifications.createdAt', 'tenants.name as villageName', 'tenants.slug as villageSlug'])
		.where('notifications.userId', '=', userId)
		.orderBy('notifications.createdAt', 'desc')
		.orderBy('notifications.id', 'desc')
		.limit(limit + 1);
	if (before) {
		q = q.where((eb) =>
			eb.or([eb('notifications.createdAt', '<', before.createdAt), eb.and([eb('notifications.createdAt', '=', before.createdAt), eb('notifications.id', '<', before.id)])])
		);
	}
	const rows = await q.execute();
	const items = rows.slice(0, limit).map((r) => ({ ...r, readAt: r.readAt === null ? null : Number(r.readAt), createdAt: Number(r.createdAt) }));
	return { items, next: rows.length > limit ? cursorOf(items.at(-1)!) : null };
}

/** How many of the person's notifications are unread (one query on the (user_id, read_at, …) index). */
export async function unreadCount(db: Db, userId: string): Promise<number> {
	const row = await db
		.selectFrom('notifications')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('userId', '=', userId)
		.where('readAt', 'is', null)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/**
 * Marks one of the person's own notifications read (again: no change). Returns where it leads (null: nowhere),
 * or undefined when the person has no such notification.
 */
export async function markRead(db: Db, userId: string, id: string, now = Date.now()): Promise<{ url: string | null } | undefined> {
	const own = await db.selectFrom('notifications').select(['url', 'readAt']).where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
	if (!own) return undefined;
	if (own.readAt === null) await db.updateTable('notifications').set({ readAt: now }).where('id', '=', id).where('userId', '=', userId).where('readAt', 'is', null).execute();
	return { url: own.url };
}

/** Marks all of the person's notifications read; returns how many were unread. */
export async function markAllRead(db: Db, userId: string, now = Date.now()): Promise<number> {
	const result = await db.updateTable('notifications').set({ readAt: now }).where('userId', '=', userId).where('readAt', 'is', null).executeTakeFirst();
	return Number(result.numUpdatedRows);
}

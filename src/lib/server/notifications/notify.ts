import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';

export interface NewNotification {
	userIds: string[];
	tenantId: string | null;
	moduleId: string | null;
	kind: string;
	title: string;
	body?: string;
	url?: string;
}

/**
 * Writes one in-app notification per person (the bell in the header), in the caller's transaction. Ids of
 * accounts that do not exist (any more) are skipped; titles and bodies are cut to a sane length.
 */
export async function notify(db: Db, n: NewNotification): Promise<number> {
	const ids = [...new Set(n.userIds)].slice(0, 10_000);
	if (ids.length === 0) return 0;
	const existing = (await db.selectFrom('users').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
	const now = Date.now();
	for (const userId of existing) {
		await db
			.insertInto('notifications')
			.values({ id: newId(now), userId, tenantId: n.tenantId, moduleId: n.moduleId, kind: n.kind.slice(0, 64), title: n.title.slice(0, 200), body: (n.body ?? '').slice(0, 1000), url: safeUrl(n.url), readAt: null, createdAt: now })
			.execute();
	}
	return existing.length;
}

/** Only paths of this site: a notification never links elsewhere. */
function safeUrl(url: string | undefined): string | null {
	if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\') || /[\s\u2028\u2029]/.test(url)) return null;
	return url.slice(0, 500);
}

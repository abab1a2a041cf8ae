import type { Db } from '../db/index.ts';

const DAY = 86_400_000;

/**
 * Deletes what is no longer needed, so personal data is not kept longer than its purpose (GDPR Art. 5):
 * ended sessions (with their IP and browser), used or expired links, old rate-limit counters, delivered jobs
 * (30 days), failed jobs (90 days: long enough for the county admin to look into them), dev-mailbox mails,
 * expired invitations, and in-app notifications (read: 90 days, unread: a year). Idempotent, so every app
 * instance may run it.
 */
export async function housekeeping(db: Db, now = Date.now()): Promise<Record<string, number>> {
	const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
	return {
		sessions: n(await db.deleteFrom('sessions').where('expiresAt', '<', now).executeTakeFirst()),
		userTokens: n(await db.deleteFrom('userTokens').where('expiresAt', '<', now - DAY).executeTakeFirst()),
		rateLimits: n(await db.deleteFrom('rateLimits').where('windowStart', '<', now - DAY).executeTakeFirst()),
		jobs: n(await db.deleteFrom('jobs').where('doneAt', '<', now - 30 * DAY).where('failedAt', 'is', null).executeTakeFirst()),
		failedJobs: n(await db.deleteFrom('jobs').where('failedAt', '<', now - 90 * DAY).executeTakeFirst()),
		readNotifications: n(await db.deleteFrom('notifications').where('readAt', '<', now - 90 * DAY).executeTakeFirst()),
		unreadNotifications: n(await db.deleteFrom('notifications').where('readAt', 'is', null).where('createdAt', '<', now - 365 * DAY).executeTakeFirst()),
		devMailbox: n(await db.deleteFrom('devMailbox').where('createdAt', '<', now - 7 * DAY).executeTakeFirst()),
		// expired invitations, open or accepted: they hold an e-mail address and are of no use any more
		invitations: n(await db.deleteFrom('invitations').where('expiresAt', '<', now).executeTakeFirst())
	};
}

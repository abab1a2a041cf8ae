import type { Db } from '../db/index.ts';
import { purgeUndo } from '../undo/undo.ts';

const DAY = 86_400_000;

/**
 * Deletes what is no longer needed, so personal data is not kept longer than its purpose (GDPR Art. 5):
 * ended sessions (with their IP and browser), used or expired links, old rate-limit counters, delivered jobs
 * (30 days), failed jobs (90 days: long enough for the county admin to look into them), dev-mailbox mails,
 * expired invitations, declined join requests after their waiting time (30 days) and open ones nobody answered
 * in half a year, barrier reports (a year), undo snapshots past their window (30 minutes), and in-app
 * notifications (read: 90 days, unread: a year). Idempotent, so every app instance may run it.
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
		invitations: n(await db.deleteFrom('invitations').where('expiresAt', '<', now).executeTakeFirst()),
		// join requests hold a person's message to the admins
		joinRequests: n(
			await db
				.deleteFrom('joinRequests')
				.where((eb) => eb.or([eb.and([eb('status', '=', 'declined'), eb('decidedAt', '<', now - 30 * DAY)]), eb.and([eb('status', '=', 'open'), eb('createdAt', '<', now - 180 * DAY)])]))
				.executeTakeFirst()
		),
		// barrier reports (a description and maybe a reply address): answered long before a year is over
		barrierReports: n(await db.deleteFrom('barrierReports').where('createdAt', '<', now - 365 * DAY).executeTakeFirst()),
		// snapshots of deleted things past their undo window (undo/undo.ts): they hold what was deleted
		undoEntries: await purgeUndo(db, now),
		// a push message's deliveries, a month after it was settled (its figures stay on the message) …
		pushDeliveries: n(
			await db
				.deleteFrom('pushDeliveries')
				.where('messageId', 'in', (eb) => eb.selectFrom('pushMessages').select('id').where('finishedAt', '<', now - 30 * DAY))
				.executeTakeFirst()
		),
		// … and the message itself after a year
		pushMessages: n(await db.deleteFrom('pushMessages').where('createdAt', '<', now - 365 * DAY).executeTakeFirst())
	};
}

import type { Db } from '../db/index.ts';

const DAY = 86_400_000;

/**
 * Deletes what is no longer needed, so personal data is not kept longer than its purpose (GDPR Art. 5):
 * ended sessions (with their IP and browser), used or expired links, old rate-limit counters, delivered jobs,
 * dev-mailbox mails and expired invitations. Idempotent, so every app instance may run it.
 */
export async function housekeeping(db: Db, now = Date.now()): Promise<Record<string, number>> {
	const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
	return {
		sessions: n(await db.deleteFrom('sessions').where('expiresAt', '<', now).executeTakeFirst()),
		userTokens: n(await db.deleteFrom('userTokens').where('expiresAt', '<', now - DAY).executeTakeFirst()),
		rateLimits: n(await db.deleteFrom('rateLimits').where('windowStart', '<', now - DAY).executeTakeFirst()),
		jobs: n(await db.deleteFrom('jobs').where('doneAt', '<', now - 30 * DAY).executeTakeFirst()),
		devMailbox: n(await db.deleteFrom('devMailbox').where('createdAt', '<', now - 7 * DAY).executeTakeFirst()),
		// expired invitations, open or accepted: they hold an e-mail address and are of no use any more
		invitations: n(await db.deleteFrom('invitations').where('expiresAt', '<', now).executeTakeFirst())
	};
}

import type { Kysely } from 'kysely';

// Indexes for the county admin's job overview (failed jobs) and for housekeeping, which deletes failed jobs
// after 90 days and notifications by age (read: 90 days, unread: a year) without scanning the whole tables.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('jobs_failed_idx').on('jobs').column('failed_at').execute();
	await db.schema.createIndex('notifications_age_idx').on('notifications').columns(['read_at', 'created_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('notifications_age_idx').execute();
	await db.schema.dropIndex('jobs_failed_idx').execute();
}

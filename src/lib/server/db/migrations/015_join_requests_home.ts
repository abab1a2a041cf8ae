import type { Kysely } from 'kysely';

// "Mitglied werden": a signed-in person asks a village to become a member (with an optional message to its
// admins); an admin approves (the person becomes a member) or declines. One row per person and village: asking
// again is the same request. A declined row is kept for a while (asking again is refused meanwhile) and then
// deleted by housekeeping, like an approved one once it is decided (it holds the person's message).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('join_requests')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('decided_at', 'bigint')
		.addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.execute();
	await db.schema.createIndex('join_requests_tenant_user_idx').on('join_requests').columns(['tenant_id', 'user_id']).unique().execute();
	await db.schema.createIndex('join_requests_user_idx').on('join_requests').columns(['user_id', 'status']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('join_requests').execute();
}

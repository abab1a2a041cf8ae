import type { Kysely } from 'kysely';

// Module platform v2: API tokens, in-app notifications, invitations, the village content version, host-bound
// sessions, module jobs that the county admin can see, and which token acted in the audit log.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	// One number per tenant that every write in it bumps (same transaction): the key of a later render cache.
	await db.schema.alterTable('tenants').addColumn('content_version', 'bigint', (c) => c.notNull().defaultTo(0)).execute();

	// The host a session was issued on: a cookie from a village's own domain does not work on the platform.
	await db.schema.alterTable('sessions').addColumn('host', 'text', (c) => c.notNull().defaultTo('')).execute();

	await db.schema.alterTable('audit_log').addColumn('token_id', 'text').execute();

	// Jobs of modules: whose (tenant, module) and when they failed for good, for the county admin's view.
	await db.schema.alterTable('jobs').addColumn('tenant_id', 'text').execute();
	await db.schema.alterTable('jobs').addColumn('module_id', 'text').execute();
	await db.schema.alterTable('jobs').addColumn('failed_at', 'bigint').execute();

	await db.schema
		.createTable('api_tokens')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		/** sha256 of the secret; the secret itself is shown once */
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('last_used_at', 'bigint')
		.addColumn('revoked_at', 'bigint')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

	await db.schema
		.createTable('notifications')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('cascade'))
		.addColumn('module_id', 'text')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('url', 'text')
		.addColumn('read_at', 'bigint')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'read_at', 'created_at']).execute();

	// Invitations a person accepts (instead of admins attaching any registered account).
	await db.schema
		.createTable('invitations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('club_id', 'text', (c) => c.references('clubs.id').onDelete('cascade'))
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('invited_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('accepted_at', 'bigint')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('invitations_tenant_idx').on('invitations').column('tenant_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['invitations', 'notifications', 'api_tokens']) await db.schema.dropTable(t).execute();
	await db.schema.alterTable('jobs').dropColumn('failed_at').execute();
	await db.schema.alterTable('jobs').dropColumn('module_id').execute();
	await db.schema.alterTable('jobs').dropColumn('tenant_id').execute();
	await db.schema.alterTable('audit_log').dropColumn('token_id').execute();
	await db.schema.alterTable('sessions').dropColumn('host').execute();
	await db.schema.alterTable('tenants').dropColumn('content_version').execute();
}

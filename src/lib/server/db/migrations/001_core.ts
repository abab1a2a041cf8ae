import type { Kysely } from 'kysely';

// One migration set for both dialects: only portable column types (text, bigint, integer).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('tenants')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('parent_id', 'text', (c) => c.references('tenants.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('path', 'text', (c) => c.notNull())
		.addColumn('host', 'text', (c) => c.unique())
		.addColumn('logo_url', 'text')
		.addColumn('color_primary', 'text')
		.addColumn('color_accent', 'text')
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('tenants_parent_idx').on('tenants').column('parent_id').execute();
	await db.schema.createIndex('tenants_path_idx').on('tenants').column('path').execute();

	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('email_verified_at', 'bigint')
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('locale', 'text', (c) => c.notNull().defaultTo('de'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('last_seen_at', 'bigint', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('user_tokens')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('used_at', 'bigint')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('user_tokens_user_idx').on('user_tokens').column('user_id').execute();

	await db.schema
		.createTable('memberships')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('memberships_tenant_user_uq', ['tenant_id', 'user_id'])
		.execute();
	await db.schema.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();

	await db.schema
		.createTable('clubs')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('clubs_tenant_slug_uq', ['tenant_id', 'slug'])
		.execute();

	await db.schema
		.createTable('club_members')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('club_id', 'text', (c) => c.notNull().references('clubs.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('club_members_club_user_uq', ['club_id', 'user_id'])
		.execute();
	await db.schema.createIndex('club_members_user_idx').on('club_members').column('user_id').execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text')
		.addColumn('actor_id', 'text')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('target_type', 'text', (c) => c.notNull())
		.addColumn('target_id', 'text')
		.addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('audit_log_tenant_idx').on('audit_log').columns(['tenant_id', 'created_at']).execute();

	await db.schema
		.createTable('jobs')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('payload', 'text', (c) => c.notNull())
		.addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
		.addColumn('run_at', 'bigint', (c) => c.notNull())
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('locked_until', 'bigint')
		.addColumn('done_at', 'bigint')
		.addColumn('last_error', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['done_at', 'run_at']).execute();

	await db.schema
		.createTable('dev_mailbox')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('to_address', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('body_text', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('rate_limits')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('window_start', 'bigint', (c) => c.notNull())
		.addColumn('count', 'integer', (c) => c.notNull())
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['rate_limits', 'dev_mailbox', 'jobs', 'audit_log', 'club_members', 'clubs', 'memberships', 'user_tokens', 'sessions', 'users', 'tenants']) {
		await db.schema.dropTable(t).execute();
	}
}

import type { Kysely } from 'kysely';

// People follow a project or an idea of the Projektpool and hear of what happens to it (in-app notifications).
// The row belongs to the followed thing's tenant; it goes with the person's account (cascade).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('follows')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		// project | idea
		.addColumn('target_type', 'text', (c) => c.notNull())
		.addColumn('target_id', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('follows_user_target_uq', ['user_id', 'target_type', 'target_id'])
		.execute();
	await db.schema.createIndex('follows_target_idx').on('follows').columns(['target_type', 'target_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('follows').execute();
}

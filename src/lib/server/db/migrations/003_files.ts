import type { Kysely } from 'kysely';

// Small re-encoded images (village logos) kept in the database, so that every app instance can serve them
// without shared disk. Large media will go to S3-compatible storage.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('files')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('cascade'))
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('data_base64', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('files').execute();
}

import type { Kysely } from 'kysely';

// The slugs a tenant had before it was renamed, so that every old link and printed QR code leads to the tenant's
// current address for good (301, see tenancy/slugHistory.ts). A slug is kept by exactly one tenant (unique): no
// other tenant may take it, only the same tenant taking it back (then its row goes).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('tenant_slug_history')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('tenant_slug_history_tenant_idx').on('tenant_slug_history').column('tenant_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('tenant_slug_history').execute();
}

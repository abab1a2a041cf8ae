import type { Kysely } from 'kysely';

// Which modules a village app uses, in which order, with which settings (validated by the module's schema).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('village_modules')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('module_id', 'text', (c) => c.notNull())
		.addColumn('enabled_at', 'bigint')
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('village_modules_tenant_module_uq', ['tenant_id', 'module_id'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('village_modules').execute();
}

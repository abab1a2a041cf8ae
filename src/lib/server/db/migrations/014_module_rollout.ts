import type { Kysely } from 'kysely';

// Staged rollout of the village-app modules: the county decides which modules its municipalities' villages
// may switch on (see docs/decisions/012-staged-rollout.md). Both tables belong to the county (tenant_id).
// - module_rollouts: one row per module the county has decided on. mode: 'all' (every municipality, except
//   those switched off below), 'chosen' (only the municipalities switched on below) or 'none' (nowhere; the
//   choices below are kept as under 'all', for when it is released again);
//   pilot_at: since when the module is marked "Pilot" for the villages (null: not a pilot). No row: the module
//   is available everywhere and no pilot, as before the rollout existed.
// - module_rollout_choices: one municipality's choice that differs from the module's mode: available_at set
//   (available there since then) or null (not available there).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('module_rollouts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('module_id', 'text', (c) => c.notNull())
		.addColumn('mode', 'text', (c) => c.notNull())
		.addColumn('pilot_at', 'bigint')
		.addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('module_rollouts_tenant_module_uq', ['tenant_id', 'module_id'])
		.execute();
	await db.schema
		.createTable('module_rollout_choices')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('module_id', 'text', (c) => c.notNull())
		.addColumn('available_at', 'bigint')
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('module_rollout_choices_uq', ['tenant_id', 'module_id', 'municipality_id'])
		.execute();
	await db.schema.createIndex('module_rollout_choices_municipality_idx').on('module_rollout_choices').columns(['tenant_id', 'municipality_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('module_rollout_choices').execute();
	await db.schema.dropTable('module_rollouts').execute();
}

import type { Kysely } from 'kysely';

// The App-Baukasten: a village builds its app in a draft and publishes it as numbered versions.
// - tenants.app_version: the published version's number (0: never published through the builder; the app then
//   is what the village's modules and colours were before the Baukasten existed);
//   tenants.app_settings: the published app's own settings beyond name, colours and modules (short name, cover
//   photo, home widgets, navigation labels) as JSON; tenants.editors_build_app_at: since when the village's
//   editors may work on its app (null: only its admins).
// - app_drafts: one draft per village, the whole app configuration as JSON, written by every builder change.
// - app_versions: every published configuration, with who published it, when and why; restoring one copies it
//   into the draft.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('tenants').addColumn('app_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	await db.schema.alterTable('tenants').addColumn('app_settings', 'text').execute();
	await db.schema.alterTable('tenants').addColumn('editors_build_app_at', 'bigint').execute();
	await db.schema
		.createTable('app_drafts')
		.addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
		.addColumn('config', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('app_versions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('config', 'text', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('published_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('published_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('app_versions_tenant_version_uq', ['tenant_id', 'version'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('app_versions').execute();
	await db.schema.dropTable('app_drafts').execute();
	await db.schema.alterTable('tenants').dropColumn('editors_build_app_at').execute();
	await db.schema.alterTable('tenants').dropColumn('app_settings').execute();
	await db.schema.alterTable('tenants').dropColumn('app_version').execute();
}

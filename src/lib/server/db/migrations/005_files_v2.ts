import type { Kysely } from 'kysely';

// One upload service for logos and modules: every upload is one group of rows (the file itself, or an image's
// renditions: page and thumbnail sizes as WebP and JPEG/PNG). The first rendition's row id is the group id, so
// "/files/<id>" keeps working for logos stored before, whose rows have no group, variant or kind.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('files').addColumn('group_id', 'text').execute();
	await db.schema.alterTable('files').addColumn('variant', 'text').execute();
	await db.schema.alterTable('files').addColumn('kind', 'text').execute();
	await db.schema.alterTable('files').addColumn('file_name', 'text', (c) => c.notNull().defaultTo('')).execute();
	await db.schema.alterTable('files').addColumn('alt_text', 'text', (c) => c.notNull().defaultTo('')).execute();
	await db.schema.alterTable('files').addColumn('width', 'integer').execute();
	await db.schema.alterTable('files').addColumn('height', 'integer').execute();
	await db.schema.alterTable('files').addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null')).execute();
	await db.schema.createIndex('files_group_idx').on('files').columns(['group_id', 'variant']).execute();
	await db.schema.createIndex('files_tenant_idx').on('files').column('tenant_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('files_tenant_idx').execute();
	await db.schema.dropIndex('files_group_idx').execute();
	for (const column of ['created_by', 'height', 'width', 'alt_text', 'file_name', 'kind', 'variant', 'group_id']) await db.schema.alterTable('files').dropColumn(column).execute();
}

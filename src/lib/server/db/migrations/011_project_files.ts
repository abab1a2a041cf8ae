import type { Kysely } from 'kysely';

// A project's pictures and documents (its profile shows them; the API lists them). The stored bytes live in
// `files` (one upload service, see files/uploads.ts); a row here says which project shows which file, in which
// order, under which title (documents) or description (images: the alt text, also kept with the file). Every row
// belongs to the project's tenant. When a person's account goes, the row stays and loses its author (set null).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('project_files')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('file_id', 'text', (c) => c.notNull().references('files.id').onDelete('cascade'))
		// image | document
		.addColumn('kind', 'text', (c) => c.notNull())
		// documents: their title; images: what the picture shows (alt text)
		.addColumn('title', 'text', (c) => c.notNull())
		// order within its kind, 0 first
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('project_files_project_idx').on('project_files').columns(['project_id', 'kind', 'position']).execute();
	await db.schema.createIndex('project_files_file_idx').on('project_files').column('file_id').execute();
	await db.schema.createIndex('project_files_created_by_idx').on('project_files').column('created_by').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('project_files').execute();
}

import type { Kysely } from 'kysely';

// Undo by snapshot (docs/decisions/014-undo-by-snapshot.md): when something is deleted, what went is kept here,
// written in the same transaction as the delete, so that "Rückgängig" can put exactly those rows back for a while.
// - kind: what was deleted ('club', 'membership', or a module's own kind with module_id set)
// - label: a JSON { de, en } naming it for the notice ("Gruppe „Notdienste“ mit 2 Links")
// - payload: a JSON snapshot of the deleted rows, with their ids, as the kind's restore handler expects it
// - expires_at: the end of the window; housekeeping deletes the entry after it
// - undone_at / undone_by: set once when it was restored (a second restore is refused)
// actor_id and undone_by name users without a foreign key, like the audit log: an entry lives 30 minutes at most.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('undo_entries')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('actor_id', 'text')
		.addColumn('module_id', 'text')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('payload', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('undone_at', 'bigint')
		.addColumn('undone_by', 'text')
		.execute();
	await db.schema.createIndex('undo_entries_tenant_idx').on('undo_entries').columns(['tenant_id', 'created_at']).execute();
	await db.schema.createIndex('undo_entries_expires_idx').on('undo_entries').column('expires_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('undo_entries').execute();
}

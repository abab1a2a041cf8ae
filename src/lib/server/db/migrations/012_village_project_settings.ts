import type { Kysely } from 'kysely';

// A village's Projektpool setting: since when its members (not only its editors and admins) may create
// projects there, each becoming the lead of the project they create. Null: they may not (the default).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('tenants').addColumn('members_create_projects_at', 'bigint').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('tenants').dropColumn('members_create_projects_at').execute();
}

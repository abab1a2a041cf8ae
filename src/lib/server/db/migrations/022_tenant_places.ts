import type { Kysely } from 'kysely';

// Where a municipality or village lies (WGS84 degrees), for the projects map (/map). Both or neither: a place
// without coordinates is listed beside the map with a note, never dropped. Double precision on both databases
// (PostgreSQL's "real" would round 51.5711 to 51.57110...).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('tenants').addColumn('lat', 'double precision').execute();
	await db.schema.alterTable('tenants').addColumn('lon', 'double precision').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('tenants').dropColumn('lon').execute();
	await db.schema.alterTable('tenants').dropColumn('lat').execute();
}

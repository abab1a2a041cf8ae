import type { Kysely } from 'kysely';

// A village's events (one row per event or series), the exceptions of a series (one occurrence skipped,
// cancelled or changed), RSVPs ("Ich komme") per occurrence, and the calendars it imports.
// Times: start_local/end_local as the village sees them ("2026-12-08T19:00", or "2026-12-08" all day);
// start_at/series_end_at are instants (epoch ms) for range queries (series_end_at null: the series never ends).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('calendar_imports')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('url', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('last_run_at', 'bigint')
		.addColumn('last_ok', 'integer')
		.addColumn('last_message', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('last_added', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_updated', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_removed', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('calendar_imports_tenant_idx').on('calendar_imports').columns(['tenant_id', 'created_at']).execute();

	await db.schema
		.createTable('calendar_events')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('uid', 'text', (c) => c.notNull())
		.addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('all_day', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('start_local', 'text', (c) => c.notNull())
		.addColumn('end_local', 'text', (c) => c.notNull())
		.addColumn('rrule', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('start_at', 'bigint', (c) => c.notNull())
		.addColumn('series_end_at', 'bigint')
		.addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('latitude', 'text')
		.addColumn('longitude', 'text')
		.addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('club_id', 'text', (c) => c.references('clubs.id').onDelete('set null'))
		.addColumn('image_id', 'text')
		.addColumn('image_alt', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('link', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('rsvp_limit', 'integer')
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('import_id', 'text', (c) => c.references('calendar_imports.id').onDelete('cascade'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('calendar_events_range_idx').on('calendar_events').columns(['tenant_id', 'status', 'start_at']).execute();
	await db.schema.createIndex('calendar_events_uid_idx').on('calendar_events').columns(['tenant_id', 'uid']).unique().execute();

	await db.schema
		.createTable('calendar_exceptions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('event_id', 'text', (c) => c.notNull().references('calendar_events.id').onDelete('cascade'))
		.addColumn('occurrence', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title', 'text')
		.addColumn('start_local', 'text')
		.addColumn('end_local', 'text')
		.addColumn('location', 'text')
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('calendar_exceptions_event_idx').on('calendar_exceptions').columns(['tenant_id', 'event_id', 'occurrence']).unique().execute();

	await db.schema
		.createTable('calendar_rsvps')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('event_id', 'text', (c) => c.notNull().references('calendar_events.id').onDelete('cascade'))
		.addColumn('occurrence', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('calendar_rsvps_unique_idx').on('calendar_rsvps').columns(['tenant_id', 'event_id', 'occurrence', 'user_id']).unique().execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('calendar_rsvps').execute();
	await db.schema.dropTable('calendar_exceptions').execute();
	await db.schema.dropTable('calendar_events').execute();
	await db.schema.dropTable('calendar_imports').execute();
}

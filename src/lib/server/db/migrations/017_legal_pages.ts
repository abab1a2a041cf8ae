import type { Kysely } from 'kysely';

// Legal pages (Impressum, Datenschutz, Barrierefreiheit) of the platform and of each village app:
// - tenant_contacts: the contact data a tenant's legal pages are generated from (responsible body, the person
//   representing it, postal address, e-mail, phone, data protection contact), and a village's request for an own
//   host name (which the county's admins set, decision 011) with who asked and when.
// - legal_texts: a tenant's own text for one of its legal pages (markdown); none: the page shows the default.
// - barrier_reports: barriers reported on an accessibility statement's feedback form (BITV 2.0 § 7), by anyone.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('tenant_contacts')
		.addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
		.addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('person', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('privacy_contact', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('requested_host', 'text')
		.addColumn('host_requested_at', 'bigint')
		.addColumn('host_requested_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('legal_texts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('page', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('legal_texts_tenant_page_uq', ['tenant_id', 'page'])
		.execute();
	await db.schema
		.createTable('barrier_reports')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('page_url', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('email', 'text')
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('barrier_reports_created_idx').on('barrier_reports').column('created_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('barrier_reports').execute();
	await db.schema.dropTable('legal_texts').execute();
	await db.schema.dropTable('tenant_contacts').execute();
}

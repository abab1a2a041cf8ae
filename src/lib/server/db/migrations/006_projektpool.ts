import type { Kysely } from 'kysely';

// The Projektpool: projects with their profile ("Steckbrief"), adoption lineage (adapted_from_id), the
// county's categories and funding catalogue, and ideas with supports and comments. Every row carries the
// tenant that owns it: a project or idea its village (or municipality, or the county), categories and funding
// programmes the county. A person's id is kept only where the person acts (author, creator); deleting the
// account sets it to null (content stays, anonymised) or deletes what is only theirs (a support).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('project_categories')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('name_de', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('project_categories_tenant_key_uq', ['tenant_id', 'key'])
		.execute();

	await db.schema
		.createTable('funding_programmes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('funding_body', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('share', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('max_amount', 'integer')
		.addColumn('deadlines', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('eligibility', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('url', 'text', (c) => c.notNull().defaultTo(''))
		// JSON array of category keys
		.addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('funding_programmes_tenant_key_uq', ['tenant_id', 'key'])
		.execute();

	await db.schema
		.createTable('projects')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('club_id', 'text', (c) => c.references('clubs.id').onDelete('set null'))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('category_key', 'text', (c) => c.notNull())
		// JSON array of UN SDG numbers (1–17)
		.addColumn('sdgs', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('goals', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('target_group', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('preconditions', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('cost_one_off', 'integer')
		.addColumn('cost_running', 'integer')
		.addColumn('volunteer_hours', 'integer')
		.addColumn('timeline', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('started_on', 'text')
		.addColumn('steps', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('pitfalls', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('lessons', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('results', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('contact_name', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('contact_role', 'text', (c) => c.notNull().defaultTo(''))
		// JSON array of { title, url }
		.addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('idea_id', 'text')
		.addColumn('adapted_from_id', 'text', (c) => c.references('projects.id').onDelete('set null'))
		.addColumn('hidden_at', 'bigint')
		.addColumn('hidden_reason', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('projects_tenant_idx').on('projects').column('tenant_id').execute();
	await db.schema.createIndex('projects_adapted_from_idx').on('projects').column('adapted_from_id').execute();
	await db.schema.createIndex('projects_list_idx').on('projects').columns(['hidden_at', 'updated_at']).execute();

	await db.schema
		.createTable('project_indicators')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('value', 'double precision', (c) => c.notNull())
		.addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('measured_on', 'text')
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('project_indicators_project_idx').on('project_indicators').column('project_id').execute();

	await db.schema
		.createTable('project_fundings')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('programme_id', 'text', (c) => c.references('funding_programmes.id').onDelete('set null'))
		.addColumn('programme_name', 'text', (c) => c.notNull())
		.addColumn('amount', 'integer')
		.addColumn('share_percent', 'integer')
		// used | applied
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('project_fundings_project_idx').on('project_fundings').column('project_id').execute();

	await db.schema
		.createTable('project_status_changes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('from_status', 'text')
		.addColumn('to_status', 'text', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('project_status_changes_project_idx').on('project_status_changes').column('project_id').execute();

	await db.schema
		.createTable('ideas')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('club_id', 'text', (c) => c.references('clubs.id').onDelete('set null'))
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('category_key', 'text', (c) => c.notNull())
		.addColumn('image_file_id', 'text')
		// new | discussion | project | archived
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('status_reason', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('set null'))
		.addColumn('hidden_at', 'bigint')
		.addColumn('hidden_reason', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('ideas_tenant_idx').on('ideas').column('tenant_id').execute();
	await db.schema.createIndex('ideas_author_idx').on('ideas').column('author_id').execute();

	await db.schema
		.createTable('idea_supports')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('idea_id', 'text', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('idea_supports_idea_user_uq', ['idea_id', 'user_id'])
		.execute();
	await db.schema.createIndex('idea_supports_user_idx').on('idea_supports').column('user_id').execute();

	await db.schema
		.createTable('idea_comments')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('idea_id', 'text', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('hidden_at', 'bigint')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('idea_comments_idea_idx').on('idea_comments').column('idea_id').execute();
	await db.schema.createIndex('idea_comments_author_idx').on('idea_comments').column('author_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['idea_comments', 'idea_supports', 'ideas', 'project_status_changes', 'project_fundings', 'project_indicators', 'projects', 'funding_programmes', 'project_categories']) {
		await db.schema.dropTable(table).execute();
	}
}

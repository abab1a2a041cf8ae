import type { Kysely } from 'kysely';

// The work on a project: its team (lead, member, helper), milestones, the task board and the team's private
// notes. Every row belongs to the project's tenant. When a person's account goes, their team places go with it
// (cascade); tasks lose their assignee and author, notes their author (set null) — the work itself stays.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('project_members')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		// lead | member | helper
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('project_members_project_user_uq', ['project_id', 'user_id'])
		.execute();
	await db.schema.createIndex('project_members_user_idx').on('project_members').column('user_id').execute();

	await db.schema
		.createTable('project_milestones')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		// YYYY-MM-DD
		.addColumn('due_on', 'text')
		.addColumn('done_at', 'bigint')
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('project_milestones_project_idx').on('project_milestones').columns(['project_id', 'position']).execute();

	await db.schema
		.createTable('project_tasks')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('milestone_id', 'text', (c) => c.references('project_milestones.id').onDelete('set null'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		// todo | doing | done
		.addColumn('status', 'text', (c) => c.notNull())
		// order within its column, 0 first
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('due_on', 'text')
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('project_tasks_board_idx').on('project_tasks').columns(['project_id', 'status', 'position']).execute();
	await db.schema.createIndex('project_tasks_assignee_idx').on('project_tasks').column('assignee_id').execute();
	await db.schema.createIndex('project_tasks_created_by_idx').on('project_tasks').column('created_by').execute();

	await db.schema
		.createTable('project_notes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		// markdown
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('project_notes_project_idx').on('project_notes').columns(['project_id', 'created_at']).execute();
	await db.schema.createIndex('project_notes_author_idx').on('project_notes').column('author_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['project_notes', 'project_tasks', 'project_milestones', 'project_members']) await db.schema.dropTable(table).execute();
}

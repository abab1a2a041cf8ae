import type { Kysely } from 'kysely';

// Questions and answers on a project page: people from any village ask, the project's team answers. Every row
// belongs to the project's tenant. When a person's account goes, their questions and answers stay without the
// name (author set null); a question's answers go with the question.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('project_questions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		// markdown
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('hidden_at', 'bigint')
		.addColumn('hidden_reason', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema.createIndex('project_questions_project_idx').on('project_questions').columns(['project_id', 'created_at']).execute();
	await db.schema.createIndex('project_questions_author_idx').on('project_questions').column('author_id').execute();

	await db.schema
		.createTable('project_answers')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('question_id', 'text', (c) => c.notNull().references('project_questions.id').onDelete('cascade'))
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		// markdown
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('hidden_at', 'bigint')
		.addColumn('hidden_reason', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema.createIndex('project_answers_question_idx').on('project_answers').columns(['question_id', 'created_at']).execute();
	await db.schema.createIndex('project_answers_project_idx').on('project_answers').column('project_id').execute();
	await db.schema.createIndex('project_answers_author_idx').on('project_answers').column('author_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['project_answers', 'project_questions']) await db.schema.dropTable(table).execute();
}

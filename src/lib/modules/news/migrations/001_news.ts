import type { Kysely } from 'kysely';

// A village's news articles. `state` is draft, scheduled or published; a scheduled article carries the token
// of its queued job (schedule_token), so a job for an older plan finds a different token and does nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('news_articles')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('teaser', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('category', 'text', (c) => c.notNull())
		.addColumn('club_id', 'text')
		.addColumn('image_id', 'text')
		.addColumn('image_alt', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('author_id', 'text')
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('publish_at', 'bigint')
		.addColumn('published_at', 'bigint')
		.addColumn('schedule_token', 'text')
		.addColumn('important_until', 'bigint')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('news_articles_published_idx').on('news_articles').columns(['tenant_id', 'state', 'published_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('news_articles').execute();
}

import type { Kysely } from 'kysely';

// Web Push (docs/decisions/015-web-push.md):
// - push_keys: the installation's VAPID key pair, made on first start and kept here so that every instance signs
//   with the same key (a subscription is bound to the public key it was made with)
// - push_subscriptions: one browser (its push service endpoint and its keys) subscribed to a village's topics;
//   user_id when a signed-in person subscribed (listed on /account); the endpoint is unique per village
// - push_subscription_topics: the topics of a subscription ('alerts', 'news.important' …), one row each
// - push_messages: what was sent to which topics of a village, written in the transaction that caused it (the
//   outbox); prepared_at once its deliveries exist, finished_at and the figures once every delivery is settled
// - push_deliveries: one row per (message, subscription): the unit the fan-out claims, sends and records, so a
//   message reaches a subscription at most once from here however often the worker restarts
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('push_keys')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('public_key', 'text', (c) => c.notNull())
		.addColumn('private_key', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('push_subscriptions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('endpoint', 'text', (c) => c.notNull())
		.addColumn('p256dh', 'text', (c) => c.notNull())
		.addColumn('auth', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
		.addColumn('device', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('push_subscriptions_endpoint_uq').on('push_subscriptions').columns(['tenant_id', 'endpoint']).unique().execute();
	await db.schema.createIndex('push_subscriptions_user_idx').on('push_subscriptions').column('user_id').execute();

	await db.schema
		.createTable('push_subscription_topics')
		.addColumn('subscription_id', 'text', (c) => c.notNull().references('push_subscriptions.id').onDelete('cascade'))
		.addColumn('tenant_id', 'text', (c) => c.notNull())
		.addColumn('topic', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('push_subscription_topics_pk', ['subscription_id', 'topic'])
		.execute();
	await db.schema.createIndex('push_subscription_topics_topic_idx').on('push_subscription_topics').columns(['tenant_id', 'topic']).execute();

	await db.schema
		.createTable('push_messages')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('topics', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('url', 'text', (c) => c.notNull())
		.addColumn('urgency', 'text', (c) => c.notNull())
		.addColumn('ttl', 'integer', (c) => c.notNull())
		.addColumn('module_id', 'text')
		.addColumn('created_by', 'text')
		.addColumn('token_id', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('prepared_at', 'bigint')
		.addColumn('finished_at', 'bigint')
		.addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('gone', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.createIndex('push_messages_tenant_idx').on('push_messages').columns(['tenant_id', 'created_at']).execute();

	await db.schema
		.createTable('push_deliveries')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('message_id', 'text', (c) => c.notNull().references('push_messages.id').onDelete('cascade'))
		.addColumn('subscription_id', 'text', (c) => c.notNull())
		.addColumn('tenant_id', 'text', (c) => c.notNull())
		// pending → sending (claimed; next_at is the lease's end) → sent | failed | gone; back to pending for a retry
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_at', 'bigint', (c) => c.notNull())
		.addColumn('last_status', 'integer')
		.addColumn('last_error', 'text')
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('push_deliveries_pair_uq').on('push_deliveries').columns(['message_id', 'subscription_id']).unique().execute();
	// the figures of a message (count by state) and "is anything of it still open?" read from the index alone
	await db.schema.createIndex('push_deliveries_message_state_idx').on('push_deliveries').columns(['message_id', 'state']).execute();
	await db.schema.createIndex('push_deliveries_due_idx').on('push_deliveries').columns(['state', 'next_at']).execute();
	await db.schema.createIndex('push_deliveries_tenant_idx').on('push_deliveries').columns(['tenant_id', 'state', 'next_at']).execute();
	await db.schema.createIndex('push_deliveries_subscription_idx').on('push_deliveries').column('subscription_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['push_deliveries', 'push_messages', 'push_subscription_topics', 'push_subscriptions', 'push_keys']) await db.schema.dropTable(table).execute();
}

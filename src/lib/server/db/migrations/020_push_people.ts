import type { Kysely } from 'kysely';

// Push to people, not only to topics: a module may address a message to some people (a chat mention). Such a
// message goes to those people's devices that subscribed to one of its topics in the village — nobody else's.
// - user_ids: JSON array of user ids, or null for a message to everyone who subscribed to its topics
// Messages to people are not part of the village's push history (they are personal).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('push_messages').addColumn('user_ids', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('push_messages').dropColumn('user_ids').execute();
}

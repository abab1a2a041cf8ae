import type { Kysely } from 'kysely';

// The village chat: rooms, their messages (numbered per room by `seq`), members with read markers, reactions,
// mentions, reports, mutes, bans and personal blocks. Portable SQL: text ids, epoch ms in bigint, flags as
// integer 0/1. Every index starts with tenant_id, because every query of the module filters by it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('chat_rooms')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('rules', 'text', (c) => c.notNull().defaultTo(''))
		// 'open' | 'club' | 'announcements'
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('club_id', 'text')
		.addColumn('archived_at', 'bigint')
		.addColumn('locked_at', 'bigint')
		.addColumn('hold_new_accounts', 'integer', (c) => c.notNull().defaultTo(0))
		// the seq of the room's newest visible message; raised in the posting transaction (row lock = order)
		.addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
		// the rev of the room's last change (a new message, an edit, a deletion, a removal, a reaction, an approval):
		// raised with last_seq's lock, it orders every change of the room, so a client resumes after its last rev
		.addColumn('last_rev', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('chat_rooms_slug_idx').on('chat_rooms').columns(['tenant_id', 'slug']).unique().execute();

	await db.schema
		.createTable('chat_messages')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('room_id', 'text', (c) => c.notNull().references('chat_rooms.id').onDelete('cascade'))
		// null while held for approval: a held message gets its number when it is approved (and so becomes visible)
		.addColumn('seq', 'integer')
		.addColumn('author_id', 'text')
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('reply_to', 'text')
		.addColumn('image_id', 'text')
		.addColumn('image_alt', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('edited_at', 'bigint')
		.addColumn('deleted_at', 'bigint')
		.addColumn('removed_at', 'bigint')
		.addColumn('removed_by', 'text')
		.addColumn('removed_reason', 'text')
		.addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
		// the room's rev at the message's last change (null while held)
		.addColumn('rev', 'integer')
		// the sender's own id for the message: a resent post (after a dropped connection) finds the first one
		.addColumn('client_id', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('chat_messages_rev_idx').on('chat_messages').columns(['tenant_id', 'room_id', 'rev']).unique().execute();
	await db.schema.createIndex('chat_messages_client_idx').on('chat_messages').columns(['tenant_id', 'author_id', 'client_id']).unique().execute();
	// several NULL seqs (held messages) are allowed by a unique index on both databases
	await db.schema.createIndex('chat_messages_seq_idx').on('chat_messages').columns(['tenant_id', 'room_id', 'seq']).unique().execute();
	// the rate limit and "approved messages so far" count one author's messages in the village
	await db.schema.createIndex('chat_messages_author_idx').on('chat_messages').columns(['tenant_id', 'author_id', 'created_at']).execute();

	await db.schema
		.createTable('chat_members')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('room_id', 'text', (c) => c.notNull().references('chat_rooms.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull())
		.addColumn('joined_at', 'bigint', (c) => c.notNull())
		.addColumn('last_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.createIndex('chat_members_room_user_idx').on('chat_members').columns(['tenant_id', 'room_id', 'user_id']).unique().execute();
	await db.schema.createIndex('chat_members_user_idx').on('chat_members').columns(['tenant_id', 'user_id']).execute();

	await db.schema
		.createTable('chat_mutes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('room_id', 'text', (c) => c.notNull().references('chat_rooms.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull())
		.addColumn('until', 'bigint', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('by', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('chat_mutes_room_user_idx').on('chat_mutes').columns(['tenant_id', 'room_id', 'user_id']).unique().execute();

	await db.schema
		.createTable('chat_reactions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('message_id', 'text', (c) => c.notNull().references('chat_messages.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull())
		.addColumn('emoji', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('chat_reactions_unique_idx').on('chat_reactions').columns(['tenant_id', 'message_id', 'user_id', 'emoji']).unique().execute();

	await db.schema
		.createTable('chat_mentions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('message_id', 'text', (c) => c.notNull().references('chat_messages.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('chat_mentions_unique_idx').on('chat_mentions').columns(['tenant_id', 'message_id', 'user_id']).unique().execute();
	await db.schema.createIndex('chat_mentions_user_idx').on('chat_mentions').columns(['tenant_id', 'user_id']).execute();

	await db.schema
		.createTable('chat_reports')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('message_id', 'text', (c) => c.notNull().references('chat_messages.id').onDelete('cascade'))
		.addColumn('reporter_id', 'text')
		.addColumn('reason', 'text', (c) => c.notNull())
		// 'open' | 'resolved'
		.addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
		.addColumn('resolved_by', 'text')
		.addColumn('resolved_at', 'bigint')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('chat_reports_state_idx').on('chat_reports').columns(['tenant_id', 'state', 'created_at']).execute();

	await db.schema
		.createTable('chat_bans')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull())
		// null: until lifted
		.addColumn('until', 'bigint')
		.addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('by', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('chat_bans_user_idx').on('chat_bans').columns(['tenant_id', 'user_id']).unique().execute();

	await db.schema
		.createTable('chat_blocks')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull())
		.addColumn('blocked_user_id', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('chat_blocks_unique_idx').on('chat_blocks').columns(['tenant_id', 'user_id', 'blocked_user_id']).unique().execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['chat_blocks', 'chat_bans', 'chat_reports', 'chat_mentions', 'chat_reactions', 'chat_mutes', 'chat_members', 'chat_messages', 'chat_rooms']) await db.schema.dropTable(table).execute();
}

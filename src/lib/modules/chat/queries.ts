// The chat module's tables as its code sees them. `tenantId` is in the database; the core fills and filters it
// (ctx.data is bound to the village), so the module never names it. Times are epoch ms; flags 0/1.
import type { ModuleContext, ModuleData } from '../../server/moduleApi.ts';
import type { ChatSettings } from './schemas.ts';

export type RoomKind = 'open' | 'club' | 'announcements';

export interface ChatRoomsTable {
	id: string;
	name: string;
	slug: string;
	description: string;
	rules: string;
	kind: RoomKind;
	clubId: string | null;
	archivedAt: number | null;
	lockedAt: number | null;
	holdNewAccounts: number;
	lastSeq: number;
	/** the rev of the room's last change (see the migration) */
	lastRev: number;
	createdBy: string | null;
	createdAt: number;
	updatedAt: number;
}

export interface ChatMessagesTable {
	id: string;
	roomId: string;
	/** the message's number in its room (1, 2, 3 … in commit order); null while held for approval */
	seq: number | null;
	authorId: string | null;
	/** markdown as typed; emptied when the author deletes it */
	body: string;
	replyTo: string | null;
	imageId: string | null;
	imageAlt: string;
	editedAt: number | null;
	deletedAt: number | null;
	removedAt: number | null;
	removedBy: string | null;
	removedReason: string | null;
	held: number;
	/** the room's rev at this message's last change; null while held */
	rev: number | null;
	/** the sender's id for the message (idempotent resend), if it gave one */
	clientId: string | null;
	createdAt: number;
}

export interface ChatMembersTable {
	id: string;
	roomId: string;
	userId: string;
	joinedAt: number;
	lastReadSeq: number;
}

export interface ChatMutesTable {
	id: string;
	roomId: string;
	userId: string;
	until: number;
	reason: string;
	by: string | null;
	createdAt: number;
}

export interface ChatReactionsTable {
	id: string;
	messageId: string;
	userId: string;
	emoji: string;
	createdAt: number;
}

export interface ChatMentionsTable {
	id: string;
	messageId: string;
	userId: string;
}

export interface ChatReportsTable {
	id: string;
	messageId: string;
	reporterId: string | null;
	reason: string;
	state: 'open' | 'resolved';
	resolvedBy: string | null;
	resolvedAt: number | null;
	createdAt: number;
}

export interface ChatBansTable {
	id: string;
	userId: string;
	/** null: until lifted */
	until: number | null;
	reason: string;
	by: string | null;
	createdAt: number;
}

export interface ChatBlocksTable {
	id: string;
	userId: string;
	blockedUserId: string;
	createdAt: number;
}

export interface ChatTables {
	chatRooms: ChatRoomsTable;
	chatMessages: ChatMessagesTable;
	chatMembers: ChatMembersTable;
	chatMutes: ChatMutesTable;
	chatReactions: ChatReactionsTable;
	chatMentions: ChatMentionsTable;
	chatReports: ChatReportsTable;
	chatBans: ChatBansTable;
	chatBlocks: ChatBlocksTable;
}

export type ChatData = ModuleData<ChatTables>;

/**
 * What the chat's rules need of a module context: the village's tables (inside an action: its transaction), who
 * acts, `can` for the module's permissions, the audit log and the village's people and clubs.
 */
export type ChatCtx = Pick<ModuleContext<ChatSettings, ChatTables>, 'data' | 'actor' | 'can' | 'audit' | 'members' | 'names' | 'clubs' | 'files' | 'locale' | 'settings'>;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A room read back with numbers as numbers (PostgreSQL returns bigint as a string). */
export function normaliseRoom(row: ChatRoomsTable): ChatRoomsTable {
	return { ...row, archivedAt: num(row.archivedAt), lockedAt: num(row.lockedAt), holdNewAccounts: Number(row.holdNewAccounts), lastSeq: Number(row.lastSeq), lastRev: Number(row.lastRev), createdAt: Number(row.createdAt), updatedAt: Number(row.updatedAt) };
}

/** A message read back with numbers as numbers. */
export function normaliseMessage(row: ChatMessagesTable): ChatMessagesTable {
	return { ...row, seq: num(row.seq), editedAt: num(row.editedAt), deletedAt: num(row.deletedAt), removedAt: num(row.removedAt), held: Number(row.held), rev: num(row.rev), createdAt: Number(row.createdAt) };
}

/** One room of the village, archived ones too. */
export async function findRoom(data: ChatData, roomId: string): Promise<ChatRoomsTable | undefined> {
	const row = await data.selectFrom('chatRooms').selectAll().where('id', '=', roomId).executeTakeFirst();
	return row && normaliseRoom(row);
}

/** One message of the village, in any state. */
export async function findMessage(data: ChatData, messageId: string): Promise<ChatMessagesTable | undefined> {
	const row = await data.selectFrom('chatMessages').selectAll().where('id', '=', messageId).executeTakeFirst();
	return row && normaliseMessage(row);
}

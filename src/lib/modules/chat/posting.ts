// Posting, editing and deleting messages; reactions; mentions. Every function here runs inside one transaction
// (an action's): posting raises the room's `lastSeq` and stores the message with that number in it, so the
// numbers follow commit order per room on SQLite and PostgreSQL (the UPDATE holds the room's row until commit).
import { newId, renderChatMarkdown } from '../../server/moduleApi.ts';
import { findMessage, findRoom, type ChatCtx, type ChatMessagesTable, type ChatRoomsTable } from './queries.ts';
import { ensureMember } from './rooms.ts';
import { check, isModerator, mayPost, readableRoom, refuse, type Result } from './rules.ts';
import { editSchema, postSchema, reactionSchema } from './schemas.ts';

/** An account is "new" until it has this many approved messages in the village's chat (see posting rules). */
export const NEW_ACCOUNT_APPROVED = 3;
const MINUTE = 60_000;

/**
 * Gives the room's next rev (every change) and, with `seq`, its next message number. The UPDATE … RETURNING locks
 * the room's row until the transaction ends, so a second writer waits and gets the next numbers: no gaps, no
 * duplicates, numbers in commit order.
 */
export async function nextNumbers(ctx: ChatCtx, roomId: string, options: { seq: boolean }): Promise<{ seq: number | null; rev: number }> {
	const row = await ctx.data
		.updateTable('chatRooms')
		.set((eb) => (options.seq ? { lastSeq: eb('lastSeq', '+', 1), lastRev: eb('lastRev', '+', 1) } : { lastRev: eb('lastRev', '+', 1) }))
		.where('id', '=', roomId)
		.returning(['lastSeq', 'lastRev'])
		.executeTakeFirstOrThrow();
	return { seq: options.seq ? Number(row.lastSeq) : null, rev: Number(row.lastRev) };
}

/**
 * Marks a change of a visible message (edit, deletion, removal, reaction): it gets the room's next rev, so that a
 * client resuming after an older rev receives it again in its new state. Held messages have no rev and keep none.
 */
export async function touch(ctx: ChatCtx, message: Pick<ChatMessagesTable, 'id' | 'roomId' | 'seq'>): Promise<number | null> {
	if (message.seq === null) return null;
	const { rev } = await nextNumbers(ctx, message.roomId, { seq: false });
	await ctx.data.updateTable('chatMessages').set({ rev }).where('id', '=', message.id).execute();
	return rev;
}

/** How many messages the person wrote in the village's chat since `since` (for the rate limit). */
async function recentCount(ctx: ChatCtx, userId: string, since: number): Promise<number> {
	const row = await ctx.data.selectFrom('chatMessages').select((eb) => eb.fn.countAll<number>().as('n')).where('authorId', '=', userId).where('createdAt', '>', since).executeTakeFirst();
	return Number(row?.n ?? 0);
}

/**
 * True when the person's messages are held in rooms that ask for it: fewer than NEW_ACCOUNT_APPROVED approved
 * (not held, not removed) messages in the village's chat. We count messages, not the account's age, because the
 * module cannot see accounts, and because a day-old account that never wrote is as unknown as a new one.
 */
async function isNewInChat(ctx: ChatCtx, userId: string): Promise<boolean> {
	const row = await ctx.data
		.selectFrom('chatMessages')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('authorId', '=', userId)
		.where('held', '=', 0)
		.where('removedAt', 'is', null)
		.executeTakeFirst();
	return Number(row?.n ?? 0) < NEW_ACCOUNT_APPROVED;
}

/** The room's members among the village's people, with the names they are mentioned by. */
async function roomPeople(ctx: ChatCtx, roomId: string): Promise<{ userId: string; displayName: string }[]> {
	const [members, people] = await Promise.all([ctx.data.selectFrom('chatMembers').select('userId').where('roomId', '=', roomId).execute(), ctx.members()]);
	const inRoom = new Set(members.map((m) => m.userId));
	return people.filter((p) => inRoom.has(p.userId));
}

/** The short form of a name for "@handle": lower case, without spaces ("Erika Muster" → "erikamuster"). */
export function handleOf(displayName: string): string {
	return displayName.toLocaleLowerCase('de').replace(/\s+/g, '');
}

/**
 * The people a body mentions, as `@Display Name` or `@handle` (see handleOf), among `people` only. Longer names
 * are matched first, and a match must end at a word boundary, so "@Anna Maria" does not also mention "Anna".
 */
export function parseMentions(body: string, people: { userId: string; displayName: string }[]): string[] {
	let rest = body.toLocaleLowerCase('de');
	const candidates = people.flatMap((p) => [{ userId: p.userId, name: p.displayName.toLocaleLowerCase('de').trim() }, { userId: p.userId, name: handleOf(p.displayName) }]).filter((c) => c.name.length > 0);
	candidates.sort((a, b) => b.name.length - a.name.length);
	const found = new Set<string>();
	for (const c of candidates) {
		const needle = `@${c.name}`;
		let at = rest.indexOf(needle);
		while (at !== -1) {
			const next = rest.slice(at + needle.length, at + needle.length + 2);
			if (!/^[\p{L}\p{N}_]/u.test(next)) {
				found.add(c.userId);
				rest = rest.slice(0, at) + ' '.repeat(needle.length) + rest.slice(at + needle.length);
			}
			at = rest.indexOf(needle, at + 1);
		}
	}
	return [...found];
}

/** The most people one message tells (more is a mass mailing, not a mention). */
export const MAX_MENTIONS = 50;

async function storeMentions(ctx: ChatCtx, messageId: string, roomId: string, body: string, fresh: boolean): Promise<string[]> {
	// the room's people are read only for a body that can mention someone
	const mentioned = body.includes('@') ? parseMentions(body, await roomPeople(ctx, roomId)).filter((id) => id !== ctx.actor.userId).slice(0, MAX_MENTIONS) : [];
	if (!fresh) await ctx.data.deleteFrom('chatMentions').where('messageId', '=', messageId).execute();
	if (mentioned.length) await ctx.data.insertInto('chatMentions').values(mentioned.map((userId) => ({ id: newId(), messageId, userId }))).execute();
	return mentioned;
}

export interface Posted {
	id: string;
	/** the message as stored (for the event), when it was written now */
	row: ChatMessagesTable | null;
	/** the room it was posted in */
	room: ChatRoomsTable;
	/** the room's rev of the new message (null while held) */
	rev: number | null;
	/** true when the sender's `clientId` named a message it had posted before: nothing new was written */
	repeated: boolean;
	/** the message's number in the room; null while it waits for approval */
	seq: number | null;
	held: boolean;
	/** the room's members the message mentions (to notify) */
	mentioned: string[];
}

/**
 * Posts a message. Refused (and nothing written): input that is not valid (the body trimmed, 1–4,000
 * characters), a room the person may not post in (see mayPost), more than the village's per-minute limit, a reply
 * to a message of another room. New people's messages are held in rooms that ask for it. With `clientId`, a
 * second post of the same id by the same person answers the first message and writes nothing (a resend after a
 * dropped connection).
 */
export async function postMessage(ctx: ChatCtx, input: unknown, now = Date.now()): Promise<Result<Posted>> {
	const parsed = check(ctx, postSchema, input);
	if (!parsed.ok) return parsed;
	const { roomId, body, replyTo, clientId, imageId, imageAlt } = parsed.value;
	const userId = ctx.actor.userId;
	if (userId === null) return refuse(ctx, 403, 'errNotAllowed');
	if (clientId !== undefined) {
		// take the room's row lock before looking: a second post with the same id (sent twice at once) waits here
		// and then finds the first one (PostgreSQL; SQLite writes one at a time anyway)
		await ctx.data.updateTable('chatRooms').set((eb) => ({ lastRev: eb.ref('lastRev') })).where('id', '=', roomId).execute();
		const earlier = await ctx.data.selectFrom('chatMessages').select(['id', 'roomId', 'seq', 'rev', 'held']).where('authorId', '=', userId).where('clientId', '=', clientId).executeTakeFirst();
		const room = earlier && earlier.roomId === roomId ? await findRoom(ctx.data, roomId) : undefined;
		if (earlier && room) return { ok: true, value: { id: earlier.id, row: null, room, seq: earlier.seq === null ? null : Number(earlier.seq), rev: earlier.rev === null ? null : Number(earlier.rev), held: Number(earlier.held) === 1, mentioned: [], repeated: true } };
		if (earlier) return refuse(ctx, 409, 'errClientIdUsed', 'clientId');
	}
	const room = await readableRoom(ctx, roomId);
	if (!room.ok) return room;
	const allowed = await mayPost(ctx, room.value, now);
	if (!allowed.ok) return allowed;
	const moderator = isModerator(ctx);
	if (!moderator && (await recentCount(ctx, userId, now - MINUTE)) >= ctx.settings.rateLimitPerMinute) return refuse(ctx, 409, 'errRateLimited');
	if (replyTo !== undefined) {
		const target = await findMessage(ctx.data, replyTo);
		if (!target || target.roomId !== roomId || target.seq === null) return refuse(ctx, 400, 'errReplyElsewhere', 'replyTo');
	}
	if (imageId !== undefined) {
		const file = await ctx.files.get(imageId);
		if (!file || file.kind !== 'image') return refuse(ctx, 400, 'errImage', 'imageId');
		if (!imageAlt) return refuse(ctx, 400, 'errAltMissing', 'imageAlt');
	}
	const held = room.value.holdNewAccounts === 1 && !moderator && (await isNewInChat(ctx, userId));
	await ensureMember(ctx, roomId, userId, now);
	// the number last, just before the insert: the room's row stays locked only for the rest of the transaction
	const { seq, rev } = held ? { seq: null, rev: null } : await nextNumbers(ctx, roomId, { seq: true });
	const id = newId();
	const row: ChatMessagesTable = { id, roomId, seq, authorId: userId, body, replyTo: replyTo ?? null, imageId: imageId ?? null, imageAlt: imageId ? (imageAlt ?? '') : '', editedAt: null, deletedAt: null, removedAt: null, removedBy: null, removedReason: null, held: held ? 1 : 0, rev, clientId: clientId ?? null, createdAt: now };
	await ctx.data.insertInto('chatMessages').values(row).execute();
	const mentioned = held ? [] : await storeMentions(ctx, id, roomId, body, true);
	// who writes has read the room up to here (also without JavaScript, where nothing else moves the marker)
	if (seq !== null) await ctx.data.updateTable('chatMembers').set({ lastReadSeq: seq }).where('roomId', '=', roomId).where('userId', '=', userId).where('lastReadSeq', '<', seq).execute();
	return { ok: true, value: { id, row, room: room.value, seq, rev, held, mentioned, repeated: false } };
}

/** The author's own message that is still there (not deleted, not removed), for editing and deleting. */
async function ownMessage(ctx: ChatCtx, messageId: string): Promise<Result<ChatMessagesTable>> {
	const message = await findMessage(ctx.data, messageId);
	if (!message) return refuse(ctx, 404, 'errMissing');
	const room = await readableRoom(ctx, message.roomId);
	if (!room.ok) return room;
	if (ctx.actor.userId === null || message.authorId !== ctx.actor.userId) return refuse(ctx, 403, 'errNotOwn');
	if (message.deletedAt !== null || message.removedAt !== null) return refuse(ctx, 409, 'errGone');
	return { ok: true, value: message };
}

/** Edits one's own message (same checks of the body; not in archived or locked rooms, not while muted or banned). */
export async function editMessage(ctx: ChatCtx, input: unknown, now = Date.now()): Promise<Result<{ mentioned: string[] }>> {
	const parsed = check(ctx, editSchema, input);
	if (!parsed.ok) return parsed;
	const own = await ownMessage(ctx, parsed.value.messageId);
	if (!own.ok) return own;
	const room = await readableRoom(ctx, own.value.roomId);
	if (!room.ok) return room;
	const allowed = await mayPost(ctx, room.value, now);
	if (!allowed.ok) return allowed;
	await ctx.data.updateTable('chatMessages').set({ body: parsed.value.body, editedAt: now }).where('id', '=', own.value.id).execute();
	await touch(ctx, own.value);
	const mentioned = own.value.held ? [] : await storeMentions(ctx, own.value.id, own.value.roomId, parsed.value.body, false);
	// only people who were not mentioned before are told again
	return { ok: true, value: { mentioned } };
}

/** Deletes one's own message: the row stays (its number keeps the history whole), the text goes. */
export async function deleteMessage(ctx: ChatCtx, messageId: string, now = Date.now()): Promise<Result<null>> {
	const own = await ownMessage(ctx, messageId);
	if (!own.ok) return own;
	await ctx.data.updateTable('chatMessages').set({ body: '', imageId: null, imageAlt: '', deletedAt: now }).where('id', '=', own.value.id).execute();
	await ctx.data.deleteFrom('chatMentions').where('messageId', '=', own.value.id).execute();
	await ctx.data.deleteFrom('chatReactions').where('messageId', '=', own.value.id).execute();
	await touch(ctx, own.value);
	return { ok: true, value: null };
}

/** Adds the reaction, or takes it back when the person gave it already. Answers whether it is on now. */
export async function toggleReaction(ctx: ChatCtx, input: unknown, now = Date.now()): Promise<Result<{ on: boolean }>> {
	const parsed = check(ctx, reactionSchema, input);
	if (!parsed.ok) return parsed;
	const userId = ctx.actor.userId;
	if (userId === null) return refuse(ctx, 403, 'errNotAllowed');
	const message = await findMessage(ctx.data, parsed.value.messageId);
	if (!message || message.seq === null) return refuse(ctx, 404, 'errMissing');
	const room = await readableRoom(ctx, message.roomId);
	if (!room.ok) return room;
	const allowed = await mayPost(ctx, room.value, now);
	if (!allowed.ok) return allowed;
	if (message.deletedAt !== null || message.removedAt !== null) return refuse(ctx, 409, 'errGone');
	const { emoji } = parsed.value;
	const gone = await ctx.data.deleteFrom('chatReactions').where('messageId', '=', message.id).where('userId', '=', userId).where('emoji', '=', emoji).executeTakeFirst();
	if (Number(gone.numDeletedRows) > 0) {
		await touch(ctx, message);
		return { ok: true, value: { on: false } };
	}
	await ctx.data.insertInto('chatReactions').values({ id: newId(), messageId: message.id, userId, emoji, createdAt: now }).onConflict((oc) => oc.doNothing()).execute();
	await touch(ctx, message);
	return { ok: true, value: { on: true } };
}

/** A message's body as safe HTML (the chat's markdown subset, sanitised); '' for deleted and removed ones. */
export function messageHtml(message: Pick<ChatMessagesTable, 'body' | 'deletedAt' | 'removedAt'>): string {
	if (message.deletedAt !== null || message.removedAt !== null) return '';
	return renderChatMarkdown(message.body);
}

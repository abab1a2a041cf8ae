// Reading a room: history pages by number (`seq`), search, read markers and unread counts. Numbers, not ids or
// times, say what is new: a client that saw up to seq 41 asks for `after: 41` and misses nothing.
import type { ExpressionBuilder } from 'kysely';
import { plainText } from '../../server/moduleApi.ts';
import { normaliseMessage, type ChatCtx, type ChatMessagesTable, type ChatTables } from './queries.ts';
import { messageHtml } from './posting.ts';
import { ensureMember } from './rooms.ts';
import { canReadRoom, check, readableRoom, refuse, type Result } from './rules.ts';
import { historySchema, searchSchema } from './schemas.ts';
import { z } from 'zod';

export interface ShownMessage {
	id: string;
	seq: number;
	/** the room's rev at the message's last change: a client keeps the state with the highest rev */
	rev: number;
	authorId: string | null;
	authorName: string;
	/** safe HTML of the body; '' when deleted or removed */
	html: string;
	/** the attached picture (re-encoded by the core) with its description; null when none, deleted or removed */
	image: { url: string; alt: string; width: number | null; height: number | null } | null;
	replyTo: string | null;
	/** the message it answers, in short: who wrote it and its first words ('' when that one is gone) */
	reply: { id: string; seq: number | null; authorName: string; excerpt: string } | null;
	editedAt: number | null;
	deleted: boolean;
	/** the moderators' reason when they removed it */
	removedReason: string | null;
	createdAt: number;
	reactions: { emoji: string; count: number; mine: boolean }[];
}

type MessagesEb = ExpressionBuilder<ChatTables, 'chatMessages'>;

/** Messages by people the actor blocked are left out of every list (a personal block, not moderation). */
function notBlocked(ctx: ChatCtx) {
	const me = ctx.actor.userId ?? '';
	return (eb: MessagesEb) => eb.or([eb('chatMessages.authorId', 'is', null), eb('chatMessages.authorId', 'not in', eb.selectFrom('chatBlocks').select('chatBlocks.blockedUserId').where('chatBlocks.userId', '=', me))]);
}

/** The first words of a body as plain text (markup gone, punctuation kept), for the line above a reply. */
export function excerptOf(body: string, length = 80): string {
	return plainText(body, length);
}

/** Messages as the page shows them: names, safe HTML, reactions, the answered messages (a few queries per page). */
export async function present(ctx: ChatCtx, rows: ChatMessagesTable[], options: { fresh?: boolean } = {}): Promise<ShownMessage[]> {
	if (rows.length === 0) return [];
	const me = ctx.actor.userId;
	const replyIds = [...new Set(rows.map((r) => r.replyTo).filter((id): id is string => id !== null))];
	const [reactions, replied] = await Promise.all([
		// a message written just now has no reactions yet
		options.fresh ? Promise.resolve([]) : ctx.data.selectFrom('chatReactions').select(['messageId', 'emoji', 'userId']).where('messageId', 'in', rows.map((r) => r.id)).orderBy('createdAt').execute(),
		replyIds.length ? ctx.data.selectFrom('chatMessages').select(['id', 'seq', 'authorId', 'body', 'deletedAt', 'removedAt']).where('id', 'in', replyIds).execute() : Promise.resolve([])
	]);
	const authors = [...rows.map((r) => r.authorId), ...replied.map((r) => r.authorId)].filter((id): id is string => id !== null);
	const names = await ctx.names(authors);
	const images = new Map<string, ShownMessage['image']>();
	for (const r of rows) {
		if (!r.imageId || r.deletedAt !== null || r.removedAt !== null) continue;
		const file = await ctx.files.get(r.imageId);
		if (file && file.kind === 'image') images.set(r.id, { url: file.url, alt: r.imageAlt || file.alt, width: file.width ?? null, height: file.height ?? null });
	}
	const repliedById = new Map(replied.map((r) => [r.id, r]));
	return rows.map((r) => {
		const mine = reactions.filter((x) => x.messageId === r.id);
		const emojis = [...new Set(mine.map((x) => x.emoji))];
		const answered = r.replyTo ? repliedById.get(r.replyTo) : undefined;
		return {
			id: r.id,
			seq: r.seq!,
			rev: r.rev!,
			authorId: r.authorId,
			authorName: (r.authorId && names.get(r.authorId)) || '',
			html: messageHtml(r),
			image: images.get(r.id) ?? null,
			replyTo: r.replyTo,
			reply: answered
				? { id: answered.id, seq: answered.seq === null ? null : Number(answered.seq), authorName: (answered.authorId && names.get(answered.authorId)) || '', excerpt: answered.deletedAt === null && answered.removedAt === null ? excerptOf(answered.body) : '' }
				: null,
			editedAt: r.editedAt,
			deleted: r.deletedAt !== null,
			removedReason: r.removedAt !== null ? r.removedReason : null,
			createdAt: r.createdAt,
			reactions: emojis.map((emoji) => ({ emoji, count: mine.filter((x) => x.emoji === emoji).length, mine: mine.some((x) => x.emoji === emoji && x.userId === me) }))
		};
	});
}

/**
 * The room's changes after `after` (a rev), oldest first, as the messages are now: what a client that saw up to
 * that rev has missed (new, edited, deleted, removed messages, changed reactions). `more` when there are more
 * than `limit`. Messages of people the actor blocked are left out, as everywhere.
 */
export async function changesAfter(ctx: ChatCtx, roomId: string, after: number, limit: number): Promise<{ messages: ShownMessage[]; more: boolean }> {
	const rows = (await ctx.data.selectFrom('chatMessages').selectAll().where('roomId', '=', roomId).where('rev', '>', after).where(notBlocked(ctx)).orderBy('rev', 'asc').limit(limit + 1).execute()).map(normaliseMessage);
	return { messages: await present(ctx, rows.slice(0, limit)), more: rows.length > limit };
}

/** One visible message as the page shows it (for an event after a change), or undefined. */
export async function shownMessage(ctx: ChatCtx, messageId: string): Promise<ShownMessage | undefined> {
	const row = await ctx.data.selectFrom('chatMessages').selectAll().where('id', '=', messageId).where('seq', 'is not', null).executeTakeFirst();
	return row ? (await present(ctx, [normaliseMessage(row)]))[0] : undefined;
}

/**
 * One page of a room's history, oldest first: the newest `limit` messages; with `before`, those just before that
 * number; with `after`, those just after it (resuming). Held messages have no number yet and are not listed.
 */
export async function history(ctx: ChatCtx, input: unknown): Promise<Result<{ messages: ShownMessage[]; lastSeq: number; lastRev: number }>> {
	const parsed = check(ctx, historySchema, input);
	if (!parsed.ok) return parsed;
	const { roomId, before, after, limit } = parsed.value;
	const room = await readableRoom(ctx, roomId);
	if (!room.ok) return room;
	let q = ctx.data.selectFrom('chatMessages').selectAll().where('roomId', '=', roomId).where('seq', 'is not', null).where(notBlocked(ctx));
	if (after !== undefined) q = q.where('seq', '>', after).orderBy('seq', 'asc');
	else {
		if (before !== undefined) q = q.where('seq', '<', before);
		q = q.orderBy('seq', 'desc');
	}
	const rows = (await q.limit(limit).execute()).map(normaliseMessage);
	if (after === undefined) rows.reverse();
	return { ok: true, value: { messages: await present(ctx, rows), lastSeq: room.value.lastSeq, lastRev: room.value.lastRev } };
}

// Characters that mean the same in a LIKE pattern on both databases. Everything else — the wildcards % and _,
// the escape character \, and letters beyond ASCII, which SQLite's lower() leaves alone — becomes "_" (any one
// character), and the exact, case-insensitive check is then made here. So "%" finds a literal "%", and "Ä" finds "ä".
const PLAIN = /^[a-z0-9 .,:;!?'"()+\-*#@/=&]$/;

/** The LIKE pattern that finds at least every body containing `query` (see PLAIN). */
export function searchPattern(query: string): string {
	return `%${[...query.toLowerCase()].map((c) => (PLAIN.test(c) ? c : '_')).join('')}%`;
}

/** Messages of a room that contain `query` (case-insensitive, literally: % and _ are no wildcards), newest first. */
export async function searchRoom(ctx: ChatCtx, input: unknown): Promise<Result<ShownMessage[]>> {
	const parsed = check(ctx, searchSchema, input);
	if (!parsed.ok) return parsed;
	const { roomId, query, limit } = parsed.value;
	const room = await readableRoom(ctx, roomId);
	if (!room.ok) return room;
	const needle = query.toLocaleLowerCase('de');
	const pattern = searchPattern(query);
	const found: ChatMessagesTable[] = [];
	let before: number | null = null;
	// the pattern lets a few non-matches through; read in batches until the page is full
	for (;;) {
		let q = ctx.data
			.selectFrom('chatMessages')
			.selectAll()
			.where('roomId', '=', roomId)
			.where('seq', 'is not', null)
			.where('deletedAt', 'is', null)
			.where('removedAt', 'is', null)
			.where(notBlocked(ctx))
			.where((eb) => eb(eb.fn('lower', ['body']), 'like', pattern));
		if (before !== null) q = q.where('seq', '<', before);
		const batch = (await q.orderBy('seq', 'desc').limit(200).execute()).map(normaliseMessage);
		found.push(...batch.filter((m) => m.body.toLocaleLowerCase('de').includes(needle)));
		if (found.length >= limit || batch.length < 200) break;
		before = batch.at(-1)!.seq;
	}
	return { ok: true, value: await present(ctx, found.slice(0, limit)) };
}

const readSchema = z.object({ roomId: z.string().min(1).max(64), seq: z.coerce.number().int().min(0) });

/** Moves the actor's read marker in the room forward to `seq` (never back, never past the newest message). */
export async function markRead(ctx: ChatCtx, input: unknown, now = Date.now()): Promise<Result<{ lastReadSeq: number }>> {
	const parsed = check(ctx, readSchema, input);
	if (!parsed.ok) return parsed;
	const userId = ctx.actor.userId;
	if (userId === null) return refuse(ctx, 403, 'errNotAllowed');
	const room = await readableRoom(ctx, parsed.value.roomId);
	if (!room.ok) return room;
	const seq = Math.min(parsed.value.seq, room.value.lastSeq);
	await ensureMember(ctx, room.value.id, userId, now);
	await ctx.data.updateTable('chatMembers').set({ lastReadSeq: seq }).where('roomId', '=', room.value.id).where('userId', '=', userId).where('lastReadSeq', '<', seq).execute();
	const row = await ctx.data.selectFrom('chatMembers').select('lastReadSeq').where('roomId', '=', room.value.id).where('userId', '=', userId).executeTakeFirstOrThrow();
	return { ok: true, value: { lastReadSeq: Number(row.lastReadSeq) } };
}

/**
 * Unread messages per room the actor is a member of, in one query: messages after their read marker that are
 * visible (numbered, not deleted, not removed), not their own and not by someone they blocked.
 */
export async function unreadCounts(ctx: ChatCtx): Promise<Record<string, number>> {
	const me = ctx.actor.userId;
	if (me === null) return {};
	const rows = await ctx.data
		.selectFrom('chatMembers')
		.innerJoin('chatRooms', 'chatRooms.id', 'chatMembers.roomId')
		.leftJoin('chatMessages', (join) =>
			join
				.onRef('chatMessages.roomId', '=', 'chatMembers.roomId')
				.onRef('chatMessages.seq', '>', 'chatMembers.lastReadSeq')
				.on('chatMessages.deletedAt', 'is', null)
				.on('chatMessages.removedAt', 'is', null)
				.on((eb) => eb.or([eb('chatMessages.authorId', 'is', null), eb('chatMessages.authorId', '!=', me)]))
				.on((eb) => eb.or([eb('chatMessages.authorId', 'is', null), eb('chatMessages.authorId', 'not in', eb.selectFrom('chatBlocks').select('chatBlocks.blockedUserId').where('chatBlocks.userId', '=', me))]))
		)
		.select(['chatMembers.roomId', 'chatRooms.kind', 'chatRooms.clubId', (eb) => eb.fn.count<number>('chatMessages.id').as('n')])
		.where('chatMembers.userId', '=', me)
		.groupBy(['chatMembers.roomId', 'chatRooms.kind', 'chatRooms.clubId'])
		.execute();
	// a club room stays in the list of someone who left the club, but it is no longer theirs to read
	return Object.fromEntries(rows.filter((r) => canReadRoom(ctx, r)).map((r) => [r.roomId, Number(r.n)]));
}

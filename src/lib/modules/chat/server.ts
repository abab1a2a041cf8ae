// The chat's server part: pages, actions (forms, JSON API and /ws alike), reads and the realtime room channel.
// The rules live in rules.ts, rooms.ts, posting.ts, reading.ts and moderation.ts; this file wires them to the
// module contract and says what each page needs.
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { actionFor, type ModuleActionResult, type ModuleContext, type ModuleServer } from '../../server/moduleApi.ts';
import { announceMessage, announceNew, positionOf, roomParams } from './events.ts';
import { t } from './messages.ts';
import { postResultSchema } from './protocol.ts';
import { approveMessage, banPerson, blockPerson, heldMessages, liftBan, mutePerson, openReports, removeMessage, reportMessage, resolveReport, unblockPerson, unmutePerson } from './moderation.ts';
import { deleteMessage, editMessage, postMessage, toggleReaction } from './posting.ts';
import { findMessage, findRoom, normaliseRoom, type ChatRoomsTable, type ChatTables } from './queries.ts';
import { changesAfter, excerptOf, history, markRead, searchRoom, shownMessage, unreadCounts } from './reading.ts';
import { archiveRoom, createRoom, joinRoom, leaveRoom, listRooms, lockRoom, updateRoom } from './rooms.ts';
import { activeBan, activeMute, canReadRoom, isClubMember, isModerator, mayPost, READ, MODERATE, readableRoom, type Result } from './rules.ts';
import { editSchema, historySchema, postSchema, reactionSchema, reasonSchema, REACTIONS, roomSchema, roomUpdateSchema, searchSchema, type ChatSettings } from './schemas.ts';

type Ctx = ModuleContext<ChatSettings, ChatTables>;
const action = actionFor<Ctx>();

const id = z.string().min(1).max(64);
const flag = z.union([z.boolean(), z.enum(['0', '1', 'on', 'true', 'false'])]).transform((v) => v === true || v === '1' || v === 'on' || v === 'true');
/** where a moderator's form goes back to */
const from = z.enum(['room', 'moderation', 'message']).optional();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** the durations a moderator chooses from, in words on the page */
export const MUTE_FOR = { '15m': 15 * MINUTE, '1h': HOUR, '1d': DAY, '7d': 7 * DAY } as const;
export const BAN_FOR = { '1d': DAY, '7d': 7 * DAY, '30d': 30 * DAY, forever: null } as const;
const muteFor = z.enum(Object.keys(MUTE_FOR) as [keyof typeof MUTE_FOR, ...(keyof typeof MUTE_FOR)[]]);
const banFor = z.enum(Object.keys(BAN_FOR) as [keyof typeof BAN_FOR, ...(keyof typeof BAN_FOR)[]]);

/** A data-layer refusal as the action's answer; a success as `ok` with data and where a form goes next. */
function answer<T>(result: Result<T>, ok: (value: T) => { data?: Record<string, unknown>; redirect?: string }): ModuleActionResult {
	if (!result.ok) return result;
	return { ok: true, ...ok(result.value) };
}

/** The room's page below the module ("allgemein"), with an optional simple query. */
const roomPath = (room: Pick<ChatRoomsTable, 'slug'>, query = '') => `${room.slug}${query ? `?${query}` : ''}`;

async function roomOfMessage(ctx: Ctx, messageId: string) {
	const message = await findMessage(ctx.data, messageId);
	return message ? await findRoom(ctx.data, message.roomId) : undefined;
}

/** Where a form goes back to after a moderator's act. */
async function back(ctx: Ctx, where: z.infer<typeof from>, roomId: string | undefined, messageId?: string): Promise<string> {
	if (where === 'moderation') return 'moderation';
	const room = roomId ? await findRoom(ctx.data, roomId) : undefined;
	if (!room) return '';
	if (where === 'message' && messageId) return `${room.slug}/message/${messageId}`;
	return roomPath(room);
}

/** Tells the people a message mentions (the bell in the header, and push), with a link to the message. */
async function notifyMentioned(ctx: Ctx, room: ChatRoomsTable, messageId: string, userIds: string[], body: string): Promise<void> {
	if (userIds.length === 0) return;
	const who = (await ctx.names([ctx.actor.userId ?? ''])).get(ctx.actor.userId ?? '') ?? '';
	const note = { title: t(ctx.locale, 'mentionTitle', { who, room: room.name }), body: excerptOf(body, 140), url: `/${ctx.village.slug}/chat/${room.slug}#m-${messageId}` };
	await ctx.notify({ userIds, kind: 'chat.mention', ...note });
	// and on the phones of those who asked for it (push topic "mentions", subscribed while signed in)
	await ctx.push({ topics: ['mentions'], userIds, ...note });
}

/** Tells the village's moderators (not the one acting) that something waits on the moderation page. */
async function notifyModerators(ctx: Ctx, note: { title: string; body: string }): Promise<void> {
	const moderators = (await ctx.members({ role: 'moderator' })).map((m) => m.userId).filter((u) => u !== ctx.actor.userId);
	if (moderators.length) await ctx.notify({ userIds: moderators, kind: 'chat.moderation', ...note, url: `/${ctx.village.slug}/chat/moderation` });
}

/** Archive or lock a room (on: true) or undo it (on: false); archiving goes back to the settings, locking to the room. */
function roomFlagAction(which: 'archive' | 'lock') {
	return action({
		permission: MODERATE,
		input: z.object({ roomId: id, on: flag }),
		api: { method: 'POST', path: which === 'archive' ? 'archived' : 'locked' },
		summary: which === 'archive' ? 'Archives a room (read-only from then on), or brings it back with on: false.' : 'Locks a room (nobody writes until it is unlocked), or unlocks it with on: false.',
		async run(ctx, input) {
			const room = await findRoom(ctx.data, input.roomId);
			const done = await (which === 'archive' ? archiveRoom : lockRoom)(ctx, input);
			if (!done.ok) return done;
			return { ok: true, data: { roomId: input.roomId, on: input.on }, redirect: which === 'archive' ? `${room!.slug}/settings?saved=1` : roomPath(room!) };
		}
	});
}

export const server: ModuleServer<ChatSettings, ChatTables> = {
	async load(ctx, page, params, query) {
		const moderator = isModerator(ctx);
		if (page.component === 'Page') {
			const [rooms, unread, reports, held] = await Promise.all([listRooms(ctx), unreadCounts(ctx), openReports(ctx), heldMessages(ctx)]);
			const clubs = new Map((await ctx.clubs()).map((c) => [c.id, c.name]));
			return {
				rooms: rooms.map((r) => ({ id: r.id, name: r.name, slug: r.slug, description: r.description, kind: r.kind, club: r.clubId ? (clubs.get(r.clubId) ?? '') : '', archived: r.archivedAt !== null, locked: r.lockedAt !== null, unread: unread[r.id] ?? 0, member: r.id in unread })),
				moderator,
				queue: moderator ? reports.length + held.length : 0,
				signedIn: ctx.actor.userId !== null,
				member: ctx.actor.userId !== null && ctx.can(READ),
				created: query.has('created')
			};
		}
		if (page.component === 'RoomForm') {
			if (!moderator) error(403, t(ctx.locale, 'errNotAllowed'));
			const clubs = (await ctx.clubs()).map((c) => ({ id: c.id, name: c.name }));
			if (!params.room) return { room: null, clubs, values: { name: '', slug: '', description: '', rules: '', kind: 'open', clubId: '', holdNewAccounts: '' } };
			const room = await roomBySlug(ctx, params.room);
			return {
				room: { id: room.id, name: room.name, slug: room.slug, archived: room.archivedAt !== null, locked: room.lockedAt !== null, kind: room.kind },
				clubs,
				saved: query.has('saved'),
				values: { name: room.name, slug: room.slug, description: room.description, rules: room.rules, kind: room.kind, clubId: room.clubId ?? '', holdNewAccounts: room.holdNewAccounts ? 'on' : '' }
			};
		}
		if (page.component === 'Moderation') {
			if (!moderator) error(403, t(ctx.locale, 'errNotAllowed'));
			return moderationData(ctx);
		}
		const room = await roomBySlug(ctx, params.room ?? '');
		if (page.component === 'Message') {
			const message = await shownMessage(ctx, params.messageId ?? '');
			const row = await findMessage(ctx.data, params.messageId ?? '');
			if (!message || !row || row.roomId !== room.id) error(404, t(ctx.locale, 'errMissing'));
			const me = ctx.actor.userId;
			const posting = await mayPost(ctx, room, Date.now());
			const own = me !== null && row.authorId === me;
			const gone = row.deletedAt !== null || row.removedAt !== null;
			const blocked = me !== null && row.authorId !== null ? !!(await ctx.data.selectFrom('chatBlocks').select('id').where('userId', '=', me).where('blockedUserId', '=', row.authorId).executeTakeFirst()) : false;
			return {
				room: roomView(room),
				message,
				may: {
					edit: own && !gone && posting.ok,
					delete: own && !gone,
					react: !gone && posting.ok,
					report: me !== null && !own && !gone,
					block: me !== null && row.authorId !== null && !own,
					moderate: moderator && row.authorId !== me
				},
				blocked,
				reactions: REACTIONS,
				values: { body: own && !gone ? row.body : '' }
			};
		}
		// the room itself
		const me = ctx.actor.userId;
		const q = (query.get('q') ?? '').trim().slice(0, 100);
		const before = Number(query.get('before'));
		const page1 = await history(ctx, { roomId: room.id, limit: 50, ...(Number.isSafeInteger(before) && before > 0 ? { before } : {}) });
		if (!page1.ok) error(page1.status, Object.values(page1.errors)[0] ?? '');
		const found = q ? await searchRoom(ctx, { roomId: room.id, query: q }) : null;
		const now = Date.now();
		const posting = await mayPost(ctx, room, now);
		const [member, blocked, mute, ban] = me
			? await Promise.all([
					ctx.data.selectFrom('chatMembers').select('lastReadSeq').where('roomId', '=', room.id).where('userId', '=', me).executeTakeFirst(),
					ctx.data.selectFrom('chatBlocks').select('blockedUserId').where('userId', '=', me).execute(),
					activeMute(ctx, room.id, me, now),
					activeBan(ctx, me, now)
				])
			: [undefined, [], undefined, undefined];
		const replyId = query.get('reply');
		const reply = replyId ? await shownMessage(ctx, replyId.slice(0, 64)) : undefined;
		const messages = page1.value.messages;
		return {
			room: roomView(room),
			messages,
			// older messages: the page before the first one shown
			older: messages.length && messages[0]!.seq > 1 ? messages[0]!.seq : null,
			paged: Number.isSafeInteger(before) && before > 0,
			lastSeq: room.lastSeq,
			lastRev: room.lastRev,
			me: me ? { userId: me, member: member !== undefined, lastReadSeq: member ? Number(member.lastReadSeq) : 0, muted: !!mute, banned: !!ban } : null,
			mayPost: posting.ok,
			cannotPost: posting.ok ? '' : Object.values(posting.errors)[0],
			mayJoin: me !== null && member === undefined && room.archivedAt === null && canReadRoom(ctx, room) && (room.kind !== 'club' || isClubMember(ctx, room.clubId)),
			moderator,
			blocked: blocked.map((b) => b.blockedUserId),
			reply: reply && reply.seq !== null ? { id: reply.id, authorName: reply.authorName, excerpt: reply.html ? excerptOf(reply.html.replace(/<[^>]*>/g, ' ')) : '' } : null,
			search: found ? { query: q, results: found.ok ? found.value : [] } : null,
			notice: noticeOf(query),
			reactions: REACTIONS,
			rateLimit: ctx.settings.rateLimitPerMinute
		};
	},

	actions: {
		post: action({
			permission: READ,
			input: postSchema,
			// a picture comes through the form or a multipart API call (not over /ws): re-encoded, with its description
			uploads: { imageId: { accept: 'image', altField: 'imageAlt' } },
			api: { method: 'POST', path: 'messages' },
			summary: 'Posts a message in a room (roomId, body in markdown, optional replyTo and clientId — a resend with the same clientId answers the first message). Answers id, seq (null while held for approval), rev, held.',
			output: postResultSchema,
			async run(ctx, input) {
				const posted = await postMessage(ctx, input);
				if (!posted.ok) return posted;
				const { id: messageId, row, room, seq, rev, held, mentioned, repeated } = posted.value;
				if (!held && row) await announceNew(ctx, row);
				// a message waiting for approval: the village's moderators hear of it (once, when it is written)
				if (held && !repeated) await notifyModerators(ctx, { title: t(ctx.locale, 'heldTitle', { room: room.name }), body: excerptOf(input.body, 140) });
				if (!repeated) await notifyMentioned(ctx, room, messageId, mentioned, input.body);
				return { ok: true, data: { id: messageId, seq, rev, held, roomId: room.id }, redirect: roomPath(room, held ? 'held=1' : `sent=${messageId}`) };
			}
		}),
		edit: action({
			permission: READ,
			input: editSchema,
			api: { method: 'PATCH', path: 'messages', id: 'messageId' },
			summary: 'Changes the text of one’s own message.',
			async run(ctx, input) {
				const edited = await editMessage(ctx, input);
				if (!edited.ok) return edited;
				await announceMessage(ctx, input.messageId);
				const room = (await roomOfMessage(ctx, input.messageId))!;
				const row = (await findMessage(ctx.data, input.messageId))!;
				await notifyMentioned(ctx, room, input.messageId, edited.value.mentioned, input.body);
				return { ok: true, data: { id: input.messageId, rev: row.rev }, redirect: roomPath(room, `sent=${input.messageId}`) };
			}
		}),
		delete: action({
			permission: READ,
			input: z.object({ messageId: id }),
			api: { method: 'DELETE', path: 'messages', id: 'messageId' },
			summary: 'Deletes one’s own message (it stays in the history as “deleted”, without its text).',
			async run(ctx, input) {
				const room = await roomOfMessage(ctx, input.messageId);
				const done = await deleteMessage(ctx, input.messageId);
				if (!done.ok) return done;
				await announceMessage(ctx, input.messageId);
				return { ok: true, data: { id: input.messageId }, redirect: roomPath(room!, 'deleted=1') };
			}
		}),
		react: action({
			permission: READ,
			input: reactionSchema,
			api: { method: 'POST', path: 'reactions' },
			summary: 'Adds a reaction to a message, or takes it back when one gave it already. Answers whether it is on.',
			async run(ctx, input) {
				const toggled = await toggleReaction(ctx, input);
				if (!toggled.ok) return toggled;
				await announceMessage(ctx, input.messageId);
				const room = (await roomOfMessage(ctx, input.messageId))!;
				return { ok: true, data: { messageId: input.messageId, emoji: input.emoji, on: toggled.value.on }, redirect: roomPath(room) };
			}
		}),
		report: action({
			permission: READ,
			input: z.object({ messageId: id, reason: reasonSchema }),
			api: { method: 'POST', path: 'reports' },
			summary: 'Reports a message to the village’s moderators, with a reason.',
			async run(ctx, input) {
				const reported = await reportMessage(ctx, input);
				if (!reported.ok) return reported;
				const room = (await roomOfMessage(ctx, input.messageId))!;
				await notifyModerators(ctx, { title: t(ctx.locale, 'reportTitle', { room: room.name }), body: input.reason });
				return { ok: true, data: { id: reported.value.id }, redirect: roomPath(room, 'reported=1') };
			}
		}),
		read: action({
			permission: READ,
			input: z.object({ roomId: id, seq: z.coerce.number().int().min(0) }),
			api: { method: 'POST', path: 'read' },
			summary: 'Moves one’s read marker in a room forward to the message number `seq`.',
			async run(ctx, input) {
				const marked = await markRead(ctx, input);
				const room = await findRoom(ctx.data, input.roomId);
				return answer(marked, (v) => ({ data: v, redirect: room ? roomPath(room) : '' }));
			}
		}),
		join: action({
			permission: READ,
			input: z.object({ roomId: id }),
			api: { method: 'POST', path: 'joined' },
			summary: 'Joins a room (its unread count then shows in the list).',
			async run(ctx, input) {
				const joined = await joinRoom(ctx, input.roomId);
				const room = await findRoom(ctx.data, input.roomId);
				return answer(joined, () => ({ data: { roomId: input.roomId }, redirect: room ? roomPath(room) : '' }));
			}
		}),
		leave: action({
			permission: READ,
			input: z.object({ roomId: id }),
			api: { method: 'DELETE', path: 'joined', id: 'roomId' },
			summary: 'Leaves a room.',
			async run(ctx, input) {
				const left = await leaveRoom(ctx, input.roomId);
				return answer(left, () => ({ data: { roomId: input.roomId }, redirect: '' }));
			}
		}),
		block: action({
			permission: READ,
			input: z.object({ userId: id, roomId: id.optional() }),
			api: { method: 'POST', path: 'blocks' },
			summary: 'Blocks a person for oneself: their messages no longer show in one’s lists.',
			async run(ctx, input) {
				const done = await blockPerson(ctx, input.userId);
				const room = input.roomId ? await findRoom(ctx.data, input.roomId) : undefined;
				return answer(done, () => ({ data: { userId: input.userId }, redirect: room ? roomPath(room) : '' }));
			}
		}),
		unblock: action({
			permission: READ,
			input: z.object({ userId: id, roomId: id.optional() }),
			api: { method: 'DELETE', path: 'blocks', id: 'userId' },
			summary: 'Ends one’s block of a person.',
			async run(ctx, input) {
				const room = input.roomId ? await findRoom(ctx.data, input.roomId) : undefined;
				return answer(await unblockPerson(ctx, input.userId), () => ({ data: { userId: input.userId }, redirect: room ? roomPath(room) : '' }));
			}
		}),

		// the village's moderators
		createRoom: action({
			permission: MODERATE,
			input: roomSchema,
			api: { method: 'POST', path: 'rooms' },
			summary: 'Creates a room: open to the village, a club’s room, or an announcements room.',
			async run(ctx, input) {
				const created = await createRoom(ctx, input);
				if (!created.ok) return created;
				const room = (await findRoom(ctx.data, created.value.id))!;
				return { ok: true, data: { id: room.id, slug: room.slug }, redirect: roomPath(room) };
			}
		}),
		updateRoom: action({
			permission: MODERATE,
			input: roomUpdateSchema,
			api: { method: 'PATCH', path: 'rooms', id: 'roomId' },
			summary: 'Changes a room’s name, address, description, rules or whether new people’s messages wait for approval.',
			async run(ctx, input) {
				const updated = await updateRoom(ctx, input);
				if (!updated.ok) return updated;
				const room = (await findRoom(ctx.data, input.roomId))!;
				return { ok: true, data: { id: room.id, slug: room.slug }, redirect: `${room.slug}/settings?saved=1` };
			}
		}),
		archive: roomFlagAction('archive'),
		lock: roomFlagAction('lock'),
		remove: action({
			permission: MODERATE,
			input: z.object({ messageId: id, reason: reasonSchema, from }),
			api: { method: 'POST', path: 'removals' },
			summary: 'Removes a message (moderators): it stays in the history as “removed”, with the reason. Resolves its reports.',
			async run(ctx, input) {
				const removed = await removeMessage(ctx, input);
				if (!removed.ok) return removed;
				const row = (await findMessage(ctx.data, input.messageId))!;
				await announceMessage(ctx, input.messageId);
				return { ok: true, data: { id: input.messageId }, redirect: await back(ctx, input.from ?? 'room', row.roomId) };
			}
		}),
		approve: action({
			permission: MODERATE,
			input: z.object({ messageId: id }),
			api: { method: 'POST', path: 'approvals' },
			summary: 'Approves a message that waits for approval: it gets the room’s next number and appears for everyone.',
			async run(ctx, input) {
				const approved = await approveMessage(ctx, input.messageId);
				if (!approved.ok) return approved;
				await announceMessage(ctx, input.messageId);
				return { ok: true, data: { id: input.messageId, ...approved.value }, redirect: 'moderation' };
			}
		}),
		resolve: action({
			permission: MODERATE,
			input: z.object({ reportId: id }),
			api: { method: 'POST', path: 'resolved' },
			summary: 'Marks a report as dealt with, leaving the message as it is.',
			async run(ctx, input) {
				const done = await resolveReport(ctx, input.reportId);
				if (!done.ok) return done;
				return { ok: true, data: { id: input.reportId }, redirect: 'moderation' };
			}
		}),
		mute: action({
			permission: MODERATE,
			input: z.object({ roomId: id, userId: id, duration: muteFor, reason: reasonSchema, from, messageId: id.optional() }),
			api: { method: 'POST', path: 'mutes' },
			summary: 'Mutes a person in a room for 15m, 1h, 1d or 7d, with a reason.',
			async run(ctx, input) {
				const until = Date.now() + MUTE_FOR[input.duration];
				const done = await mutePerson(ctx, { roomId: input.roomId, userId: input.userId, until, reason: input.reason });
				if (!done.ok) return done;
				return { ok: true, data: { userId: input.userId, until }, redirect: await back(ctx, input.from ?? 'room', input.roomId, input.messageId) };
			}
		}),
		unmute: action({
			permission: MODERATE,
			input: z.object({ roomId: id, userId: id, from }),
			api: { method: 'POST', path: 'unmuted' },
			summary: 'Ends a person’s mute in a room before its time.',
			async run(ctx, input) {
				const done = await unmutePerson(ctx, input);
				if (!done.ok) return done;
				return { ok: true, data: { userId: input.userId }, redirect: await back(ctx, input.from ?? 'moderation', input.roomId) };
			}
		}),
		ban: action({
			permission: MODERATE,
			input: z.object({ userId: id, duration: banFor, reason: reasonSchema, roomId: id.optional(), from }),
			api: { method: 'POST', path: 'bans' },
			summary: 'Bans a person from the village’s chat for 1d, 7d, 30d or until lifted (forever), with a reason.',
			async run(ctx, input) {
				const span = BAN_FOR[input.duration];
				const until = span === null ? null : Date.now() + span;
				const done = await banPerson(ctx, { userId: input.userId, until, reason: input.reason });
				if (!done.ok) return done;
				return { ok: true, data: { userId: input.userId, until }, redirect: await back(ctx, input.from ?? 'moderation', input.roomId) };
			}
		}),
		unban: action({
			permission: MODERATE,
			input: z.object({ userId: id }),
			api: { method: 'DELETE', path: 'bans', id: 'userId' },
			summary: 'Lifts a person’s ban from the village’s chat.',
			async run(ctx, input) {
				const done = await liftBan(ctx, input.userId);
				if (!done.ok) return done;
				return { ok: true, data: { userId: input.userId }, redirect: 'moderation' };
			}
		})
	},

	api: {
		rooms: {
			permission: READ,
			summary: 'The rooms one may read, with the number of unread messages in those one joined.',
			async run(ctx) {
				const [rooms, unread] = await Promise.all([listRooms(ctx), unreadCounts(ctx)]);
				return { rooms: rooms.map((r) => ({ id: r.id, name: r.name, slug: r.slug, description: r.description, rules: r.rules, kind: r.kind, clubId: r.clubId, archived: r.archivedAt !== null, locked: r.lockedAt !== null, lastSeq: r.lastSeq, lastRev: r.lastRev, unread: unread[r.id] ?? null })) };
			}
		},
		messages: {
			permission: READ,
			byId: true,
			query: historySchema.partial({ roomId: true }),
			summary: 'A page of a room’s history, oldest first (?roomId=, ?before= or ?after= a message number, ?limit= up to 100), with the room’s lastSeq and lastRev; with an id, one message.',
			async run(ctx, { id: messageId, input }) {
				if (messageId) {
					const row = await findMessage(ctx.data, messageId);
					if (!row || row.seq === null) return null;
					const room = await readableRoom(ctx, row.roomId);
					if (!room.ok) return null;
					return { message: await shownMessage(ctx, messageId) };
				}
				const found = await history(ctx, input);
				if (!found.ok) error(found.status, Object.values(found.errors)[0] ?? '');
				return found.value;
			}
		},
		search: {
			permission: READ,
			query: searchSchema,
			summary: 'Messages of a room that contain the words of ?query= (case-insensitive), newest first.',
			async run(ctx, { input }) {
				const found = await searchRoom(ctx, input);
				if (!found.ok) error(found.status, Object.values(found.errors)[0] ?? '');
				return { messages: found.value };
			}
		}
	},

	channels: {
		room: {
			params: roomParams,
			permission: READ,
			async authorize(ctx, params) {
				return (await readableRoom(ctx, params.roomId ?? '')).ok;
			},
			async replay(ctx, params, { after, limit }) {
				const { messages, more } = await changesAfter(ctx, params.roomId ?? '', after, limit);
				return { events: messages.map((m) => ({ kind: 'message', rev: m.rev, message: m })), more };
			},
			position: positionOf
		}
	}
};

/** The room of a page address, when the actor may read it: 404 for an unknown one, 403 for one they may not. */
async function roomBySlug(ctx: Ctx, slug: string): Promise<ChatRoomsTable> {
	const row = await ctx.data.selectFrom('chatRooms').selectAll().where('slug', '=', slug.slice(0, 64)).executeTakeFirst();
	if (!row) error(404, t(ctx.locale, 'errMissing'));
	const room = normaliseRoom(row);
	if (!canReadRoom(ctx, room)) error(403, t(ctx.locale, 'errNoAccess'));
	return room;
}

/** What a room page shows about the room. */
function roomView(room: ChatRoomsTable) {
	return { id: room.id, name: room.name, slug: room.slug, description: room.description, rules: room.rules, kind: room.kind, archived: room.archivedAt !== null, locked: room.lockedAt !== null };
}

/** After a form's redirect: what happened, in words (known codes only). */
function noticeOf(query: URLSearchParams): 'sent' | 'held' | 'deleted' | 'reported' | null {
	if (query.has('held')) return 'held';
	if (query.has('deleted')) return 'deleted';
	if (query.has('reported')) return 'reported';
	if (query.has('sent')) return 'sent';
	return null;
}

/** The moderation page: open reports with their messages, messages waiting for approval, bans and mutes that hold. */
async function moderationData(ctx: Ctx) {
	const now = Date.now();
	const [reports, held, rooms, bans, mutes] = await Promise.all([
		openReports(ctx),
		heldMessages(ctx),
		ctx.data.selectFrom('chatRooms').select(['id', 'name', 'slug']).execute(),
		ctx.data.selectFrom('chatBans').select(['userId', 'until', 'reason', 'createdAt']).where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)])).orderBy('createdAt', 'desc').limit(200).execute(),
		ctx.data.selectFrom('chatMutes').select(['roomId', 'userId', 'until', 'reason']).where('until', '>', now).orderBy('until').limit(200).execute()
	]);
	const roomById = new Map(rooms.map((r) => [r.id, r]));
	const reported = reports.length ? await Promise.all(reports.map((r) => findMessage(ctx.data, r.messageId))) : [];
	const people = [...reports.map((r) => r.reporterId), ...reported.map((m) => m?.authorId ?? ''), ...held.map((h) => h.authorId ?? ''), ...bans.map((b) => b.userId), ...mutes.map((m) => m.userId)].filter((x): x is string => !!x);
	const names = await ctx.names(people.slice(0, 500));
	const name = (userId: string | null) => (userId && names.get(userId)) || '';
	return {
		reports: reports.map((r, i) => {
			const m = reported[i];
			const room = m ? roomById.get(m.roomId) : undefined;
			return {
				id: r.id,
				reason: r.reason,
				reporterName: name(r.reporterId),
				createdAt: r.createdAt,
				message: m && room ? { id: m.id, roomId: room.id, roomName: room.name, roomSlug: room.slug, authorId: m.authorId, authorName: name(m.authorId), excerpt: excerptOf(m.body, 300), removed: m.removedAt !== null, deleted: m.deletedAt !== null } : null
			};
		}),
		held: held.map((h) => {
			const room = roomById.get(h.roomId);
			return { id: h.id, roomName: room?.name ?? '', roomSlug: room?.slug ?? '', roomId: h.roomId, authorId: h.authorId, authorName: name(h.authorId), excerpt: excerptOf(h.body, 300), createdAt: h.createdAt };
		}),
		bans: bans.map((b) => ({ userId: b.userId, name: name(b.userId), until: b.until === null ? null : Number(b.until), reason: b.reason })),
		mutes: mutes.map((m) => ({ userId: m.userId, roomId: m.roomId, name: name(m.userId), roomName: roomById.get(m.roomId)?.name ?? '', until: Number(m.until), reason: m.reason }))
	};
}


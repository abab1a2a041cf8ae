// Rooms: created, changed, archived by the village's moderators; joined and left by the people who may read them.
import { newId } from '../../server/moduleApi.ts';
import { auditChat } from './audit.ts';
import { z } from 'zod';
import { findRoom, normaliseRoom, type ChatCtx, type ChatRoomsTable } from './queries.ts';
import { canReadRoom, check, isModerator, mayJoin, refuse, type Result } from './rules.ts';
import { roomSchema, roomUpdateSchema } from './schemas.ts';

// paths the chat's pages will use below /<village>/chat/ — a room must not hide one of them
const RESERVED_SLUGS = new Set([
	'new', 'search', 'moderation', 'reports', 'settings', 'room', 'message',
	// names of every object's prototype (as a slug can spell them): a room must never be mistaken for one of them
	'constructor', 'prototype', 'tostring', 'tolocalestring', 'valueof', 'hasownproperty', 'isprototypeof', 'propertyisenumerable'
]);

async function slugTaken(ctx: ChatCtx, slug: string, exceptId?: string): Promise<boolean> {
	let q = ctx.data.selectFrom('chatRooms').select('id').where('slug', '=', slug);
	if (exceptId) q = q.where('id', '!=', exceptId);
	return !!(await q.executeTakeFirst());
}

/** Creates a room (moderators): an open room, a club's room (a club of this village) or an announcements room. */
export async function createRoom(ctx: ChatCtx, input: unknown, now = Date.now()): Promise<Result<{ id: string }>> {
	if (!isModerator(ctx)) return refuse(ctx, 403, 'errNotAllowed');
	const parsed = check(ctx, roomSchema, input);
	if (!parsed.ok) return parsed;
	const room = parsed.value;
	if (RESERVED_SLUGS.has(room.slug)) return refuse(ctx, 400, 'errSlugReserved', 'slug');
	let clubId: string | null = null;
	if (room.kind === 'club') {
		const clubs = await ctx.clubs();
		if (!room.clubId || !clubs.some((c) => c.id === room.clubId)) return refuse(ctx, 400, 'errClubMissing', 'clubId');
		clubId = room.clubId;
	}
	if (await slugTaken(ctx, room.slug)) return refuse(ctx, 409, 'errSlugTaken', 'slug');
	const id = newId();
	await ctx.data
		.insertInto('chatRooms')
		.values({ id, name: room.name, slug: room.slug, description: room.description, rules: room.rules, kind: room.kind, clubId, archivedAt: null, lockedAt: null, holdNewAccounts: room.holdNewAccounts ? 1 : 0, lastSeq: 0, lastRev: 0, createdBy: ctx.actor.userId, createdAt: now, updatedAt: now })
		.execute();
	await auditChat(ctx, { action: 'chat.room.create', targetType: 'chat.room', targetId: id, data: { name: room.name, kind: room.kind } });
	return { ok: true, value: { id } };
}

/** Changes a room's name, address, description, rules or the hold of new accounts' messages (moderators). */
export async function updateRoom(ctx: ChatCtx, input: unknown, now = Date.now()): Promise<Result<null>> {
	if (!isModerator(ctx)) return refuse(ctx, 403, 'errNotAllowed');
	const parsed = check(ctx, roomUpdateSchema, input);
	if (!parsed.ok) return parsed;
	const { roomId, holdNewAccounts, ...fields } = parsed.value;
	const room = await findRoom(ctx.data, roomId);
	if (!room) return refuse(ctx, 404, 'errMissing');
	if (fields.slug !== undefined) {
		if (RESERVED_SLUGS.has(fields.slug)) return refuse(ctx, 400, 'errSlugReserved', 'slug');
		if (await slugTaken(ctx, fields.slug, roomId)) return refuse(ctx, 409, 'errSlugTaken', 'slug');
	}
	await ctx.data
		.updateTable('chatRooms')
		.set({ ...fields, ...(holdNewAccounts === undefined ? {} : { holdNewAccounts: holdNewAccounts ? 1 : 0 }), updatedAt: now })
		.where('id', '=', roomId)
		.execute();
	await auditChat(ctx, { action: 'chat.room.update', targetType: 'chat.room', targetId: roomId, data: { name: fields.name ?? room.name } });
	return { ok: true, value: null };
}

const toggleSchema = z.object({ roomId: z.string().min(1).max(64), on: z.boolean() });

/** Archives a room (read-only from then on) or brings it back (moderators). */
export async function archiveRoom(ctx: ChatCtx, input: { roomId: string; on: boolean }, now = Date.now()): Promise<Result<null>> {
	return setRoomFlag(ctx, input, 'archivedAt', now);
}

/** Locks a room (nobody writes until it is unlocked) or unlocks it (moderators). */
export async function lockRoom(ctx: ChatCtx, input: { roomId: string; on: boolean }, now = Date.now()): Promise<Result<null>> {
	return setRoomFlag(ctx, input, 'lockedAt', now);
}

async function setRoomFlag(ctx: ChatCtx, input: unknown, column: 'archivedAt' | 'lockedAt', now: number): Promise<Result<null>> {
	if (!isModerator(ctx)) return refuse(ctx, 403, 'errNotAllowed');
	const parsed = check(ctx, toggleSchema, input);
	if (!parsed.ok) return parsed;
	const room = await findRoom(ctx.data, parsed.value.roomId);
	if (!room) return refuse(ctx, 404, 'errMissing');
	const on = parsed.value.on;
	await ctx.data.updateTable('chatRooms').set({ [column]: on ? now : null, updatedAt: now }).where('id', '=', room.id).execute();
	const action = column === 'archivedAt' ? (on ? 'chat.room.archive' : 'chat.room.unarchive') : on ? 'chat.room.lock' : 'chat.room.unlock';
	await auditChat(ctx, { action, targetType: 'chat.room', targetId: room.id, data: { name: room.name } });
	return { ok: true, value: null };
}

/** Joins a room (idempotent). Club rooms: only the club's members. */
export async function joinRoom(ctx: ChatCtx, roomId: string, now = Date.now()): Promise<Result<null>> {
	const room = await findRoom(ctx.data, roomId);
	if (!room) return refuse(ctx, 404, 'errMissing');
	const why = mayJoin(ctx, room);
	if (why) return refuse(ctx, 403, why);
	await ensureMember(ctx, room.id, ctx.actor.userId!, now);
	return { ok: true, value: null };
}

/** Leaves a room (idempotent). */
export async function leaveRoom(ctx: ChatCtx, roomId: string): Promise<Result<null>> {
	if (ctx.actor.userId === null) return refuse(ctx, 403, 'errNotAllowed');
	const room = await findRoom(ctx.data, roomId);
	if (!room) return refuse(ctx, 404, 'errMissing');
	await ctx.data.deleteFrom('chatMembers').where('roomId', '=', room.id).where('userId', '=', ctx.actor.userId).execute();
	return { ok: true, value: null };
}

/** Makes the person a member of the room, unless they are one already (safe when two requests race). */
export async function ensureMember(ctx: ChatCtx, roomId: string, userId: string, now: number): Promise<void> {
	await ctx.data
		.insertInto('chatMembers')
		.values({ id: newId(), roomId, userId, joinedAt: now, lastReadSeq: 0 })
		.onConflict((oc) => oc.doNothing())
		.execute();
}

/** The rooms the actor may read, by name; archived ones last. */
export async function listRooms(ctx: ChatCtx): Promise<ChatRoomsTable[]> {
	const rows = (await ctx.data.selectFrom('chatRooms').selectAll().orderBy('name').orderBy('id').execute()).map(normaliseRoom);
	return rows.filter((r) => canReadRoom(ctx, r)).sort((a, b) => Number(a.archivedAt !== null) - Number(b.archivedAt !== null));
}

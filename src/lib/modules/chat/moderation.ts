// Moderation by the village's moderators (remove, mute, ban, approve, reports) and the personal block. Every act
// of a moderator writes an audit entry in the same transaction, with what its sentence needs (the room's name,
// the reason), so that the village's history reads "Mia Moderation hat eine Nachricht in ‚Allgemein‘ entfernt".
import { newId } from '../../server/moduleApi.ts';
import { auditChat } from './audit.ts';
import { z } from 'zod';
import { findMessage, findRoom, type ChatCtx } from './queries.ts';
import { nextNumbers, touch } from './posting.ts';
import { check, isModerator, readableRoom, refuse, type Result } from './rules.ts';
import { reasonSchema } from './schemas.ts';

const id = z.string().min(1).max(64);
const removeSchema = z.object({ messageId: id, reason: reasonSchema });
const muteSchema = z.object({ roomId: id, userId: id, until: z.coerce.number().int().min(0), reason: reasonSchema });
const banSchema = z.object({ userId: id, until: z.coerce.number().int().min(0).nullable().default(null), reason: reasonSchema });
const reportSchema = z.object({ messageId: id, reason: reasonSchema });

/** True when the id is a person's account (mutes, bans and blocks name people, not any string). */
/** Someone who takes part in this village's chat: a member of the village, or a member of one of its rooms. */
async function isParticipant(ctx: ChatCtx, userId: string): Promise<boolean> {
	if ((await ctx.members()).some((m) => m.userId === userId)) return true;
	return !!(await ctx.data.selectFrom('chatMembers').select('userId').where('userId', '=', userId).executeTakeFirst());
}

/** Removes a message (moderators): it stays in the history as "removed", with the reason; its text is not shown. */
export async function removeMessage(ctx: ChatCtx, input: unknown, now = Date.now()): Promise<Result<null>> {
	if (!isModerator(ctx)) return refuse(ctx, 403, 'errNotAllowed');
	const parsed = check(ctx, removeSchema, input);
	if (!parsed.ok) return parsed;
	const message = await findMessage(ctx.data, parsed.value.messageId);
	if (!message) return refuse(ctx, 404, 'errMissing');
	const room = await readableRoom(ctx, message.roomId);
	if (!room.ok) return room;
	if (message.removedAt !== null) return refuse(ctx, 409, 'errGone');
	await ctx.data.updateTable('chatMessages').set({ removedAt: now, removedBy: ctx.actor.userId, removedReason: parsed.value.reason }).where('id', '=', message.id).execute();
	await touch(ctx, message);
	// the reports about it are answered by the removal
	await ctx.data.updateTable('chatReports').set({ state: 'resolved', resolvedBy: ctx.actor.userId, resolvedAt: now }).where('messageId', '=', message.id).where('state', '=', 'open').execute();
	await auditChat(ctx, { action: 'chat.message.remove', targetType: 'chat.message', targetId: message.id, data: { room: room.value.name, reason: parsed.value.reason, authorId: message.authorId } });
	return { ok: true, value: null };
}

/** Approves a held message (moderators): it gets the room's next number now and so appears for everyone. */
export async function approveMessage(ctx: ChatCtx, messageId: string): Promise<Result<{ seq: number; rev: number }>> {
	if (!isModerator(ctx)) return refuse(ctx, 403, 'errNotAllowed');
	const message = await findMessage(ctx.data, messageId);
	if (!message) return refuse(ctx, 404, 'errMissing');
	const room = await readableRoom(ctx, message.roomId);
	if (!room.ok) return room;
	if (message.held !== 1 || message.removedAt !== null || message.deletedAt !== null) return refuse(ctx, 409, 'errNotHeld');
	const { seq, rev } = await nextNumbers(ctx, message.roomId, { seq: true });
	await ctx.data.updateTable('chatMessages').set({ held: 0, seq, rev }).where('id', '=', message.id).execute();
	await auditChat(ctx, { action: 'chat.message.approve', targetType: 'chat.message', targetId: message.id, data: { room: room.value.name, authorId: message.authorId } });
	return { ok: true, value: { seq: seq!, rev } };
}

/** Messages waiting for approval in the village's rooms (moderators), oldest first. */
export async function heldMessages(ctx: ChatCtx) {
	if (!isModerator(ctx)) return [];
	const rows = await ctx.data.selectFrom('chatMessages').select(['id', 'roomId', 'authorId', 'body', 'createdAt']).where('held', '=', 1).where('removedAt', 'is', null).where('deletedAt', 'is', null).orderBy('createdAt').limit(200).execute();
	return rows.map((r) => ({ ...r, createdAt: Number(r.createdAt) }));
}

/** Mutes a person in one room until `until` (moderators); a new mute replaces the old one. */
export async function mutePerson(ctx: ChatCtx, input: unknown, now = Date.now()): Promise<Result<null>> {
	if (!isModerator(ctx)) return refuse(ctx, 403, 'errNotAllowed');
	const parsed = check(ctx, muteSchema, input);
	if (!parsed.ok) return parsed;
	const { roomId, userId, until, reason } = parsed.value;
	const room = await findRoom(ctx.data, roomId);
	if (!room) return refuse(ctx, 404, 'errMissing');
	if (!(await isParticipant(ctx, userId))) return refuse(ctx, 404, 'errNoPerson', 'userId');
	if (until <= now) return refuse(ctx, 400, 'errUntilPast', 'until');
	await ctx.data.deleteFrom('chatMutes').where('roomId', '=', roomId).where('userId', '=', userId).execute();
	await ctx.data.insertInto('chatMutes').values({ id: newId(), roomId, userId, until, reason, by: ctx.actor.userId, createdAt: now }).execute();
	await auditChat(ctx, { action: 'chat.mute', targetType: 'chat.user', targetId: userId, data: { room: room.name, until, reason } });
	return { ok: true, value: null };
}

/** Ends a person's mute in a room before its time (moderators). */
export async function unmutePerson(ctx: ChatCtx, input: { roomId: string; userId: string }): Promise<Result<null>> {
	if (!isModerator(ctx)) return refuse(ctx, 403, 'errNotAllowed');
	const room = await findRoom(ctx.data, input.roomId);
	if (!room) return refuse(ctx, 404, 'errMissing');
	const res = await ctx.data.deleteFrom('chatMutes').where('roomId', '=', room.id).where('userId', '=', input.userId).executeTakeFirst();
	if (Number(res.numDeletedRows) === 0) return refuse(ctx, 404, 'errMissing');
	await auditChat(ctx, { action: 'chat.unmute', targetType: 'chat.user', targetId: input.userId, data: { room: room.name } });
	return { ok: true, value: null };
}

/** Bans a person from the village's chat until `until` (null: until lifted); moderators; replaces an older ban. */
export async function banPerson(ctx: ChatCtx, input: unknown, now = Date.now()): Promise<Result<null>> {
	if (!isModerator(ctx)) return refuse(ctx, 403, 'errNotAllowed');
	const parsed = check(ctx, banSchema, input);
	if (!parsed.ok) return parsed;
	const { userId, until, reason } = parsed.value;
	if (userId === ctx.actor.userId) return refuse(ctx, 400, 'errSelf', 'userId');
	if (!(await isParticipant(ctx, userId))) return refuse(ctx, 404, 'errNoPerson', 'userId');
	await ctx.data.deleteFrom('chatBans').where('userId', '=', userId).execute();
	await ctx.data.insertInto('chatBans').values({ id: newId(), userId, until, reason, by: ctx.actor.userId, createdAt: now }).execute();
	await auditChat(ctx, { action: 'chat.ban', targetType: 'chat.user', targetId: userId, data: { until, reason } });
	return { ok: true, value: null };
}

/** Lifts a person's ban (moderators). */
export async function liftBan(ctx: ChatCtx, userId: string): Promise<Result<null>> {
	if (!isModerator(ctx)) return refuse(ctx, 403, 'errNotAllowed');
	const res = await ctx.data.deleteFrom('chatBans').where('userId', '=', userId).executeTakeFirst();
	if (Number(res.numDeletedRows) === 0) return refuse(ctx, 404, 'errMissing');
	await auditChat(ctx, { action: 'chat.unban', targetType: 'chat.user', targetId: userId });
	return { ok: true, value: null };
}

/** Reports a message to the village's moderators (anyone who can read it), with a reason; once per person while open. */
export async function reportMessage(ctx: ChatCtx, input: unknown, now = Date.now()): Promise<Result<{ id: string }>> {
	const parsed = check(ctx, reportSchema, input);
	if (!parsed.ok) return parsed;
	if (ctx.actor.userId === null) return refuse(ctx, 403, 'errNotAllowed');
	const message = await findMessage(ctx.data, parsed.value.messageId);
	if (!message || message.seq === null) return refuse(ctx, 404, 'errMissing');
	// one's own message is deleted, not reported
	if (message.authorId === ctx.actor.userId) return refuse(ctx, 400, 'errReportOwn', 'messageId');
	const room = await readableRoom(ctx, message.roomId);
	if (!room.ok) return room;
	// the same person reporting the same message again (a double tap) adds nothing: the open report stands
	const open = await ctx.data.selectFrom('chatReports').select('id').where('messageId', '=', message.id).where('reporterId', '=', ctx.actor.userId).where('state', '=', 'open').executeTakeFirst();
	if (open) return { ok: true, value: { id: open.id } };
	const reportId = newId();
	await ctx.data.insertInto('chatReports').values({ id: reportId, messageId: message.id, reporterId: ctx.actor.userId, reason: parsed.value.reason, state: 'open', resolvedBy: null, resolvedAt: null, createdAt: now }).execute();
	return { ok: true, value: { id: reportId } };
}

/** The open reports (moderators), oldest first. */
export async function openReports(ctx: ChatCtx) {
	if (!isModerator(ctx)) return [];
	const rows = await ctx.data.selectFrom('chatReports').select(['id', 'messageId', 'reporterId', 'reason', 'createdAt']).where('state', '=', 'open').orderBy('createdAt').limit(200).execute();
	return rows.map((r) => ({ ...r, createdAt: Number(r.createdAt) }));
}

/** Marks a report as dealt with (moderators). */
export async function resolveReport(ctx: ChatCtx, reportId: string, now = Date.now()): Promise<Result<null>> {
	if (!isModerator(ctx)) return refuse(ctx, 403, 'errNotAllowed');
	const report = await ctx.data.selectFrom('chatReports').select(['id', 'state', 'reason']).where('id', '=', reportId).executeTakeFirst();
	if (!report) return refuse(ctx, 404, 'errMissing');
	if (report.state !== 'open') return refuse(ctx, 409, 'errResolved');
	await ctx.data.updateTable('chatReports').set({ state: 'resolved', resolvedBy: ctx.actor.userId, resolvedAt: now }).where('id', '=', report.id).execute();
	await auditChat(ctx, { action: 'chat.report.resolve', targetType: 'chat.report', targetId: report.id, data: { reason: report.reason } });
	return { ok: true, value: null };
}

/** Blocks a person for oneself: their messages no longer show in one's lists (idempotent; not moderation). */
export async function blockPerson(ctx: ChatCtx, userId: string, now = Date.now()): Promise<Result<null>> {
	const me = ctx.actor.userId;
	if (me === null) return refuse(ctx, 403, 'errNotAllowed');
	if (!id.safeParse(userId).success) return refuse(ctx, 404, 'errMissing');
	if (userId === me) return refuse(ctx, 400, 'errSelf', 'userId');
	// any existing person: the author of old messages may have left the village since
	if (!(await ctx.names([userId])).has(userId)) return refuse(ctx, 404, 'errMissing', 'userId');
	await ctx.data.insertInto('chatBlocks').values({ id: newId(), userId: me, blockedUserId: userId, createdAt: now }).onConflict((oc) => oc.doNothing()).execute();
	return { ok: true, value: null };
}

/** Ends one's block of a person (idempotent). */
export async function unblockPerson(ctx: ChatCtx, userId: string): Promise<Result<null>> {
	const me = ctx.actor.userId;
	if (me === null) return refuse(ctx, 403, 'errNotAllowed');
	await ctx.data.deleteFrom('chatBlocks').where('userId', '=', me).where('blockedUserId', '=', userId).execute();
	return { ok: true, value: null };
}

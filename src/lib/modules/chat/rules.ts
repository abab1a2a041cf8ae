// Who may do what in the chat: plain functions over the module's context, so that actions, pages and the
// realtime subscriptions ask the same questions. The tenant check is in ctx.data (another village's room is
// simply not found); these add the chat's own rules on top.
import { parseInput, type ModuleActionResult } from '../../server/moduleApi.ts';
import type { z } from 'zod';
import { t, text, type TextKey } from './messages.ts';
import { findRoom, type ChatCtx, type ChatRoomsTable } from './queries.ts';

/** Permission of the village's members (and everyone above them in the tenant tree): read and write. */
export const READ = 'chat.read';
/** Permission of the village's moderators, editors and admins: create rooms and moderate. */
export const MODERATE = 'chat.moderate';

export type Refusal = Extract<ModuleActionResult, { ok: false }>;
export type Result<T> = { ok: true; value: T } | Refusal;

const LABELS: Record<string, TextKey> = { name: 'fieldName', slug: 'fieldSlug', description: 'fieldDescription', rules: 'fieldRules', kind: 'fieldKind', clubId: 'fieldClubId', body: 'fieldBody', replyTo: 'fieldReplyTo', emoji: 'fieldEmoji', reason: 'fieldReason', until: 'fieldUntil', query: 'fieldQuery', clientId: 'fieldClientId', imageId: 'fieldImage', imageAlt: 'fieldImageAlt', userId: 'fieldUserId' };

/** The field labels in a language, for validation messages that name the field. */
export function labels(locale: 'de' | 'en'): Record<string, string> {
	return Object.fromEntries(Object.entries(LABELS).map(([field, key]) => [field, text[key][locale]]));
}

/** A refusal whose message names the field (or the whole form with `_form`). */
export function refuse(ctx: Pick<ChatCtx, 'locale'>, status: Refusal['status'], key: TextKey, field = '_form', values: Record<string, string | number> = {}): Refusal {
	const message = t(ctx.locale, key, values);
	const label = labels(ctx.locale)[field];
	return { ok: false, status, errors: { [field]: field === '_form' || !label ? message : `${label}: ${message}` } };
}

/** Checks input with a schema; a refusal names each field in the actor's language. */
export function check<S extends z.ZodType>(ctx: Pick<ChatCtx, 'locale'>, schema: S, input: unknown): Result<z.output<S>> {
	const parsed = parseInput(schema, input, { labels: labels(ctx.locale) });
	return parsed.ok ? { ok: true, value: parsed.data as z.output<S> } : { ok: false, status: 400, errors: parsed.errors };
}

/** True for the village's moderators, editors and admins (inherited from the municipality and county too). */
export function isModerator(ctx: Pick<ChatCtx, 'can'>): boolean {
	return ctx.can(MODERATE);
}

/** True for people who belong to the village (any role here or above it). */
export function isVillageMember(ctx: Pick<ChatCtx, 'can' | 'actor'>): boolean {
	return ctx.actor.userId !== null && ctx.can(READ);
}

/** True when the actor belongs to the club (any role). */
export function isClubMember(ctx: Pick<ChatCtx, 'actor'>, clubId: string | null): boolean {
	return clubId !== null && ctx.actor.clubRoles.some((r) => r.clubId === clubId);
}

/**
 * Who may read a room: the village's members read open and announcement rooms; a club room only the club's
 * members — and the village's moderators, who must be able to see what was reported in it. Archived rooms stay
 * readable.
 */
export function canReadRoom(ctx: Pick<ChatCtx, 'can' | 'actor'>, room: Pick<ChatRoomsTable, 'kind' | 'clubId'>): boolean {
	if (!isVillageMember(ctx)) return false;
	if (room.kind === 'club') return isClubMember(ctx, room.clubId) || isModerator(ctx);
	return true;
}

/** The room, when it is in the village and the actor may read it: 404 for unknown (or another village's), 403 else. */
export async function readableRoom(ctx: ChatCtx, roomId: string): Promise<Result<ChatRoomsTable>> {
	const room = await findRoom(ctx.data, roomId);
	if (!room) return refuse(ctx, 404, 'errMissing');
	if (!canReadRoom(ctx, room)) return refuse(ctx, 403, 'errNoAccess');
	return { ok: true, value: room };
}

/** The actor's ban from the village's chat that holds at `now`, if any. */
export async function activeBan(ctx: ChatCtx, userId: string, now: number) {
	return ctx.data
		.selectFrom('chatBans')
		.select(['id', 'until', 'reason'])
		.where('userId', '=', userId)
		.where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
		.executeTakeFirst();
}

/** The actor's mute in the room that holds at `now`, if any. */
export async function activeMute(ctx: ChatCtx, roomId: string, userId: string, now: number) {
	const row = await ctx.data.selectFrom('chatMutes').select(['id', 'until']).where('roomId', '=', roomId).where('userId', '=', userId).where('until', '>', now).executeTakeFirst();
	return row && { ...row, until: Number(row.until) };
}

/**
 * Whether the actor may post in the room now: may read it (club rooms: is in the club); the room is neither
 * archived nor locked; in an
 * announcements room only moderators post; not banned from the village's chat; not muted in the room.
 */
export async function mayPost(ctx: ChatCtx, room: ChatRoomsTable, now: number): Promise<Result<null>> {
	const userId = ctx.actor.userId;
	if (userId === null || !isVillageMember(ctx)) return refuse(ctx, 403, 'errNotAllowed');
	if (!canReadRoom(ctx, room)) return refuse(ctx, 403, 'errNoAccess');
	// moderators read club rooms to act on reports, but only the club's members talk there
	if (room.kind === 'club' && !isClubMember(ctx, room.clubId)) return refuse(ctx, 403, 'errClubOnly');
	if (room.archivedAt !== null) return refuse(ctx, 403, 'errArchived');
	if (room.lockedAt !== null) return refuse(ctx, 403, 'errLocked');
	if (room.kind === 'announcements' && !isModerator(ctx)) return refuse(ctx, 403, 'errAnnouncements');
	if (await activeBan(ctx, userId, now)) return refuse(ctx, 403, 'errBanned');
	const mute = await activeMute(ctx, room.id, userId, now);
	if (mute) return refuse(ctx, 403, 'errMuted', '_form', { until: new Date(mute.until).toLocaleString(ctx.locale === 'de' ? 'de-DE' : 'en-GB', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }) });
	return { ok: true, value: null };
}

/** Who may join a room: readers of it (club rooms: the club's members), not in archived rooms. */
export function mayJoin(ctx: Pick<ChatCtx, 'can' | 'actor'>, room: ChatRoomsTable): TextKey | null {
	if (!isVillageMember(ctx)) return 'errNotAllowed';
	if (room.kind === 'club' && !isClubMember(ctx, room.clubId)) return 'errClubOnly';
	if (room.archivedAt !== null) return 'errArchived';
	return null;
}

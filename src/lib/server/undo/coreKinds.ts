// The core's undo kinds: what a deleted club and a removed member were, and how to put them back. A module's
// kinds live in its manifest (server.undo); restore.ts finds either by the entry's kind.
import { z } from 'zod';
import type { Locale, Localized } from '../../modules/types.ts';
import * as m from '../../paraglide/messages.js';
import type { Db } from '../db/index.ts';
import type { ClubMembersTable, ClubsTable, InvitationsTable, MembershipsTable, Role } from '../db/types.ts';
import { can, type Actor } from '../policy/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';

/** A restore's answer: done, or refused with a message (a clash with what happened since: 409). */
export type RestoreResult = { ok: true } | { ok: false; field?: string; message: string };

export interface CoreUndoKind {
	/** the snapshot's shape: checked again before anything is written */
	payload: z.ZodType;
	/** may this actor restore it at all (besides being its author or an admin of the village)? */
	allowed: (actor: Actor, village: Tenant) => boolean;
	restore: (trx: Db, args: { village: Tenant; payload: never; locale: Locale }) => Promise<RestoreResult>;
}

const both = (f: (o: { locale: Locale }) => string): Localized => ({ de: f({ locale: 'de' }), en: f({ locale: 'en' }) });
const num = z.coerce.number();
const id = z.string().min(1).max(64);

// ---- a deleted club: the club, its members, its invitations, and which projects and ideas named it

const clubRow = z.object({ id, tenantId: id, name: z.string(), slug: z.string(), description: z.string(), createdAt: num, updatedAt: num });
const clubMemberRow = z.object({ id, tenantId: id, clubId: id, userId: id, role: z.enum(['admin', 'member']), createdAt: num });
const invitationRow = z.object({
	id,
	tenantId: id,
	clubId: id.nullable(),
	email: z.string(),
	role: z.string(),
	tokenHash: z.string(),
	invitedBy: id.nullable(),
	expiresAt: num,
	acceptedAt: num.nullable(),
	createdAt: num
});
const clubPayload = z.object({ club: clubRow, members: z.array(clubMemberRow), invitations: z.array(invitationRow), projects: z.array(id), ideas: z.array(id) });
export type ClubSnapshot = { club: ClubsTable; members: ClubMembersTable[]; invitations: InvitationsTable[]; projects: string[]; ideas: string[] };

/** Everything deleting the club takes with it (cascade) or unlinks (set null): read before the delete. */
export async function snapshotClub(trx: Db, tenantId: string, club: ClubsTable): Promise<ClubSnapshot> {
	const [members, invitations, projects, ideas] = await Promise.all([
		trx.selectFrom('clubMembers').selectAll().where('tenantId', '=', tenantId).where('clubId', '=', club.id).orderBy('createdAt').orderBy('id').execute(),
		trx.selectFrom('invitations').selectAll().where('tenantId', '=', tenantId).where('clubId', '=', club.id).orderBy('createdAt').orderBy('id').execute(),
		trx.selectFrom('projects').select('id').where('clubId', '=', club.id).execute(),
		trx.selectFrom('ideas').select('id').where('clubId', '=', club.id).execute()
	]);
	return { club, members, invitations, projects: projects.map((r) => r.id), ideas: ideas.map((r) => r.id) };
}

export const clubLabel = (s: ClubSnapshot): Localized => both((o) => (s.members.length === 0 ? m.undo_label_club_none({ name: s.club.name }, o) : s.members.length === 1 ? m.undo_label_club_one({ name: s.club.name }, o) : m.undo_label_club({ name: s.club.name, count: String(s.members.length) }, o)));

async function restoreClub(trx: Db, { village, payload }: { village: Tenant; payload: z.infer<typeof clubPayload> }): Promise<RestoreResult> {
	const { club } = payload;
	if (club.tenantId !== village.id) return { ok: false, message: m.undo_err_gone() };
	const clash = await trx.selectFrom('clubs').select('id').where('tenantId', '=', village.id).where((eb) => eb.or([eb('id', '=', club.id), eb('slug', '=', club.slug)])).executeTakeFirst();
	if (clash) return { ok: false, field: 'name', message: m.undo_err_club_name({ name: club.name }) };
	await trx.insertInto('clubs').values(club).execute();
	// people whose account is gone meanwhile cannot come back; the others do, with their role in the club
	const users = new Set((await usersThatExist(trx, [...payload.members.map((r) => r.userId), ...payload.invitations.flatMap((r) => (r.invitedBy ? [r.invitedBy] : []))])));
	const members = payload.members.filter((r) => r.tenantId === village.id && r.clubId === club.id && users.has(r.userId));
	if (members.length) await trx.insertInto('clubMembers').values(members).execute();
	const invitations = payload.invitations
		.filter((r) => r.tenantId === village.id && r.clubId === club.id)
		.map((r) => ({ ...r, invitedBy: r.invitedBy && users.has(r.invitedBy) ? r.invitedBy : null }));
	const taken = new Set(invitations.length ? (await trx.selectFrom('invitations').select('id').where('id', 'in', invitations.map((r) => r.id)).execute()).map((r) => r.id) : []);
	const fresh = invitations.filter((r) => !taken.has(r.id));
	if (fresh.length) await trx.insertInto('invitations').values(fresh).execute();
	// projects and ideas of the village that named the club, and have not been given another since
	if (payload.projects.length) await trx.updateTable('projects').set({ clubId: club.id }).where('tenantId', '=', village.id).where('id', 'in', payload.projects).where('clubId', 'is', null).execute();
	if (payload.ideas.length) await trx.updateTable('ideas').set({ clubId: club.id }).where('tenantId', '=', village.id).where('id', 'in', payload.ideas).where('clubId', 'is', null).execute();
	return { ok: true };
}

// ---- a removed member: the membership with its role, and the club memberships the removal dropped

const membershipRow = z.object({ id, tenantId: id, userId: id, role: z.enum(['admin', 'editor', 'moderator', 'member']), createdAt: num });
const memberPayload = z.object({ membership: membershipRow, clubMembers: z.array(clubMemberRow) });
export type MemberSnapshot = { membership: MembershipsTable; clubMembers: ClubMembersTable[] };

/** The membership and the person's club memberships in the tenant: read before the removal. */
export async function snapshotMember(trx: Db, tenantId: string, userId: string): Promise<MemberSnapshot | undefined> {
	const membership = await trx.selectFrom('memberships').selectAll().where('tenantId', '=', tenantId).where('userId', '=', userId).executeTakeFirst();
	if (!membership) return undefined;
	const clubMembers = await trx.selectFrom('clubMembers').selectAll().where('tenantId', '=', tenantId).where('userId', '=', userId).orderBy('createdAt').orderBy('id').execute();
	return { membership, clubMembers };
}

const roleName = (role: Role, o: { locale: Locale }) => ({ admin: m.role_admin, editor: m.role_editor, moderator: m.role_moderator, member: m.role_member })[role](undefined, o);

export async function memberLabel(trx: Db, s: MemberSnapshot): Promise<Localized> {
	const user = await trx.selectFrom('users').select('displayName').where('id', '=', s.membership.userId).executeTakeFirst();
	return both((o) => m.undo_label_member({ name: user?.displayName ?? '?', role: roleName(s.membership.role, o) }, o));
}

async function restoreMember(trx: Db, { village, payload }: { village: Tenant; payload: z.infer<typeof memberPayload> }): Promise<RestoreResult> {
	const { membership } = payload;
	if (membership.tenantId !== village.id) return { ok: false, message: m.undo_err_gone() };
	if ((await usersThatExist(trx, [membership.userId])).length === 0) return { ok: false, message: m.undo_err_account_gone() };
	const clash = await trx.selectFrom('memberships').select('id').where((eb) => eb.or([eb('id', '=', membership.id), eb.and([eb('tenantId', '=', village.id), eb('userId', '=', membership.userId)])])).executeTakeFirst();
	if (clash) return { ok: false, field: 'userId', message: m.undo_err_member_back() };
	await trx.insertInto('memberships').values(membership).execute();
	// club memberships come back where the club is still there and the person has not joined again meanwhile
	const rows = payload.clubMembers.filter((r) => r.tenantId === village.id && r.userId === membership.userId);
	if (rows.length) {
		const clubs = new Set((await trx.selectFrom('clubs').select('id').where('tenantId', '=', village.id).where('id', 'in', rows.map((r) => r.clubId)).execute()).map((r) => r.id));
		const already = new Set((await trx.selectFrom('clubMembers').select('clubId').where('userId', '=', membership.userId).where('clubId', 'in', rows.map((r) => r.clubId)).execute()).map((r) => r.clubId));
		const back = rows.filter((r) => clubs.has(r.clubId) && !already.has(r.clubId));
		if (back.length) await trx.insertInto('clubMembers').values(back).execute();
	}
	return { ok: true };
}

async function usersThatExist(trx: Db, ids: string[]): Promise<string[]> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return [];
	return (await trx.selectFrom('users').select('id').where('id', 'in', unique).execute()).map((r) => r.id);
}

/** The core's kinds, by name (looked up with Object.hasOwn: "__proto__" is no kind). */
export const CORE_UNDO_KINDS: Record<string, CoreUndoKind> = {
	club: { payload: clubPayload, allowed: (actor, village) => can(actor, 'tenant.manageClubs', village), restore: restoreClub as CoreUndoKind['restore'] },
	membership: { payload: memberPayload, allowed: (actor, village) => can(actor, 'tenant.manageMembers', village), restore: restoreMember as CoreUndoKind['restore'] }
};

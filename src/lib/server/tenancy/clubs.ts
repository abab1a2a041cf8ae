import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import type { ClubsTable } from '../db/types.ts';
import { fieldError, forbidden, notFound } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { can, type Actor } from '../policy/index.ts';
import type { clubSchema, removeClubMemberSchema } from './schemas.ts';
import { slugify } from './slugs.ts';
import { clubLabel, snapshotClub } from '../undo/coreKinds.ts';
import { recordUndo } from '../undo/undo.ts';
import type { Tenant } from './tenants.ts';

export type Club = ClubsTable;

/** The clubs of one tenant with their member counts, by name. */
export async function listClubs(db: Db, tenantId: string) {
	return db
		.selectFrom('clubs')
		.leftJoin('clubMembers', 'clubMembers.clubId', 'clubs.id')
		.select(['clubs.id', 'clubs.name', 'clubs.slug', 'clubs.description', (eb) => eb.fn.count<number>('clubMembers.id').as('memberCount')])
		.where('clubs.tenantId', '=', tenantId)
		.groupBy(['clubs.id', 'clubs.name', 'clubs.slug', 'clubs.description'])
		.orderBy('clubs.name')
		.execute();
}

/** One club of this tenant; other tenants' clubs are not found. */
export async function getClub(db: Db, tenantId: string, clubId: string): Promise<Club | undefined> {
	return db.selectFrom('clubs').selectAll().where('tenantId', '=', tenantId).where('id', '=', clubId).executeTakeFirst();
}

export async function listClubMembers(db: Db, tenantId: string, clubId: string) {
	return db
		.selectFrom('clubMembers')
		.innerJoin('users', 'users.id', 'clubMembers.userId')
		.select(['users.id as userId', 'users.displayName', 'users.email', 'clubMembers.role'])
		.where('clubMembers.tenantId', '=', tenantId)
		.where('clubMembers.clubId', '=', clubId)
		.orderBy('users.displayName')
		.execute();
}

const clubRef = (tenant: Tenant, club: Club) => ({ id: club.id, tenantId: tenant.id, tenantPath: tenant.path });

/** Creates a club in a tenant, audit-logged. */
export async function createClub(db: Db, args: { actor: Actor; tenant: Tenant; input: z.infer<typeof clubSchema>; ip: string }): Promise<Club> {
	if (!can(args.actor, 'tenant.manageClubs', args.tenant)) throw forbidden();
	const slug = slugify(args.input.name) || 'verein';
	return db.transaction().execute(async (trx) => {
		const clash = await trx.selectFrom('clubs').select('id').where('tenantId', '=', args.tenant.id).where('slug', '=', slug).executeTakeFirst();
		if (clash) throw fieldError('name', 'err_club_exists');
		const now = Date.now();
		const club: Club = { id: newId(now), tenantId: args.tenant.id, name: args.input.name, slug, description: args.input.description ?? '', createdAt: now, updatedAt: now };
		await trx.insertInto('clubs').values(club).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'club.create', targetType: 'club', targetId: club.id, data: { name: club.name }, ip: args.ip });
		return club;
	});
}

/** Renames or re-describes a club (tenant admins and the club's own admins), audit-logged. */
export async function updateClub(db: Db, args: { actor: Actor; tenant: Tenant; clubId: string; input: z.infer<typeof clubSchema>; ip: string }): Promise<void> {
	const club = await getClub(db, args.tenant.id, args.clubId);
	if (!club) throw notFound();
	if (!can(args.actor, 'club.update', clubRef(args.tenant, club))) throw forbidden();
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('clubs').set({ name: args.input.name, description: args.input.description ?? '', updatedAt: Date.now() }).where('tenantId', '=', args.tenant.id).where('id', '=', club.id).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'club.update', targetType: 'club', targetId: club.id, data: { name: args.input.name }, ip: args.ip });
	});
}

/**
 * Deletes a club with its memberships and invitations (tenant admins only), audit-logged. What went is kept for
 * "Rückgängig" (undo/coreKinds.ts): the answer's `undoId` goes into the redirect (`withUndo`).
 */
export async function deleteClub(db: Db, args: { actor: Actor; tenant: Tenant; clubId: string; ip: string }): Promise<{ undoId: string }> {
	const club = await getClub(db, args.tenant.id, args.clubId);
	if (!club) throw notFound();
	if (!can(args.actor, 'club.delete', clubRef(args.tenant, club))) throw forbidden();
	return db.transaction().execute(async (trx) => {
		const snapshot = await snapshotClub(trx, args.tenant.id, club);
		await trx.deleteFrom('clubs').where('tenantId', '=', args.tenant.id).where('id', '=', club.id).execute();
		const undoId = await recordUndo(trx, { tenantId: args.tenant.id, actorId: args.actor.userId, kind: 'club', label: clubLabel(snapshot), payload: snapshot });
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'club.delete', targetType: 'club', targetId: club.id, data: { name: club.name }, ip: args.ip });
		return { undoId };
	});
}

/** Removes a person from a club, audit-logged. */
export async function removeClubMember(db: Db, args: { actor: Actor; tenant: Tenant; input: z.infer<typeof removeClubMemberSchema>; ip: string }): Promise<void> {
	const club = await getClub(db, args.tenant.id, args.input.clubId);
	if (!club) throw notFound();
	if (!can(args.actor, 'club.manageMembers', clubRef(args.tenant, club))) throw forbidden();
	await db.transaction().execute(async (trx) => {
		const res = await trx.deleteFrom('clubMembers').where('tenantId', '=', args.tenant.id).where('clubId', '=', club.id).where('userId', '=', args.input.userId).executeTakeFirst();
		if (Number(res.numDeletedRows) === 0) throw notFound();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'club.member.remove', targetType: 'club', targetId: club.id, data: { userId: args.input.userId }, ip: args.ip });
	});
}

import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import { getUserByEmail, type User } from '../auth/accounts.ts';
import { hitRateLimit } from '../auth/rateLimit.ts';
import type { Db } from '../db/index.ts';
import type { Role } from '../db/types.ts';
import { fieldError, forbidden, formError, notFound } from '../http/errors.ts';
import { hashSecret, newId, newSecret } from '../ids.ts';
import { queueMail } from '../mail/queueMail.ts';
import { invitationMail } from '../mail/templates.ts';
import { can, type Actor } from '../policy/index.ts';
import { getClub, type Club } from './clubs.ts';
import { grantRole } from './memberships.ts';
import { queueRoleMail } from './roleMail.ts';
import { strongerRole } from './roles.ts';
import type { addClubMemberSchema, addMemberSchema } from './schemas.ts';
import type { Tenant } from './tenants.ts';

// Admins do not attach accounts to their village or club: they invite an e-mail address, and the person
// decides. The admin's answer is the same for every address (registered or not), so inviting reveals nothing
// about who has an account. The link holds a secret (only its hash is stored); accepting needs the account
// with exactly the invited, confirmed address. Invitations end after 7 days and are then deleted
// (housekeeping), also when declined or withdrawn, because they hold an e-mail address.

export const INVITATION_TTL_MS = 7 * 86_400_000;
/** invitation mails per address and hour, and per inviting person and hour (against using us to spam) */
const MAILS_PER_ADDRESS_PER_HOUR = 3;
const INVITATIONS_PER_ADMIN_PER_HOUR = 50;

const clubRef = (tenant: Tenant, club: Club) => ({ id: club.id, tenantId: tenant.id, tenantPath: tenant.path });

interface NewInvitation {
	actor: Actor;
	tenant: Tenant;
	club: Club | null;
	email: string;
	/** a tenant role, or a club role (admin, member) for a club */
	role: string;
	ip: string;
	origin: string;
	/** the inviting person's language, for an address without an account */
	locale: string;
}

async function refuseFlooding(db: Db, args: { actor: Actor; email: string }): Promise<void> {
	const byAdmin = await hitRateLimit(db, { key: `invite-by:${args.actor.userId}`, limit: INVITATIONS_PER_ADMIN_PER_HOUR, windowMs: 3_600_000 });
	if (!byAdmin.allowed) throw formError('err_invite_rate_limited', 429);
	const toAddress = await hitRateLimit(db, { key: `invite-to:${args.email}`, limit: MAILS_PER_ADDRESS_PER_HOUR, windowMs: 3_600_000 });
	if (!toAddress.allowed) throw fieldError('email', 'err_invite_address_limited', { status: 429 });
}

/** Creates (or renews) the invitation and queues its mail in one transaction; audit-logged without the address. */
async function invite(db: Db, args: NewInvitation): Promise<void> {
	await refuseFlooding(db, args);
	const [inviter, invitee] = await Promise.all([args.actor.userId ? db.selectFrom('users').select('displayName').where('id', '=', args.actor.userId).executeTakeFirst() : undefined, getUserByEmail(db, args.email)]);
	const secret = newSecret();
	const now = Date.now();
	await db.transaction().execute(async (trx) => {
		// A new invitation to the same place replaces an open one: only the newest link works.
		let open = trx.deleteFrom('invitations').where('tenantId', '=', args.tenant.id).where('email', '=', args.email).where('acceptedAt', 'is', null);
		open = args.club ? open.where('clubId', '=', args.club.id) : open.where('clubId', 'is', null);
		await open.execute();
		const id = newId(now);
		await trx
			.insertInto('invitations')
			.values({ id, tenantId: args.tenant.id, clubId: args.club?.id ?? null, email: args.email, role: args.role, tokenHash: hashSecret(secret), invitedBy: args.actor.userId, expiresAt: now + INVITATION_TTL_MS, acceptedAt: null, createdAt: now })
			.execute();
		await queueMail(
			trx,
			invitationMail({
				to: args.email,
				link: `${args.origin}/invite/${secret}`,
				place: args.club ? `${args.club.name} (${args.tenant.name})` : args.tenant.name,
				role: args.role,
				club: !!args.club,
				inviter: inviter?.displayName ?? '',
				locale: invitee?.locale ?? args.locale
			})
		);
		const data = args.club ? { role: args.role, club: args.club.name } : { role: args.role };
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'member.invite', targetType: 'invitation', targetId: id, data, ip: args.ip });
	});
}

/** Invites an e-mail address to the tenant with a role (village and county administration). */
export async function inviteMember(db: Db, args: { actor: Actor; tenant: Tenant; input: z.infer<typeof addMemberSchema>; ip: string; origin: string; locale: string }): Promise<void> {
	if (!can(args.actor, 'tenant.manageMembers', args.tenant)) throw forbidden();
	await invite(db, { ...args, club: null, email: args.input.email, role: args.input.role });
}

/** Invites an e-mail address to one of the tenant's clubs (tenant admins and the club's admins). */
export async function inviteClubMember(db: Db, args: { actor: Actor; tenant: Tenant; input: z.infer<typeof addClubMemberSchema>; ip: string; origin: string; locale: string }): Promise<void> {
	const club = await getClub(db, args.tenant.id, args.input.clubId);
	if (!club) throw notFound();
	if (!can(args.actor, 'club.manageMembers', clubRef(args.tenant, club))) throw forbidden();
	await invite(db, { ...args, club, email: args.input.email, role: args.input.role });
}

/** The open invitations of a tenant (clubId undefined: all, null: to the tenant itself), newest first. */
export async function listInvitations(db: Db, args: { tenantId: string; clubId?: string | null; now?: number }) {
	let q = db
		.selectFrom('invitations')
		.leftJoin('users as inviter', 'inviter.id', 'invitations.invitedBy')
		.select(['invitations.id', 'invitations.email', 'invitations.role', 'invitations.clubId', 'invitations.expiresAt', 'invitations.createdAt', 'inviter.displayName as invitedByName'])
		.where('invitations.tenantId', '=', args.tenantId)
		.where('invitations.acceptedAt', 'is', null)
		.where('invitations.expiresAt', '>', args.now ?? Date.now())
		.orderBy('invitations.createdAt', 'desc');
	if (args.clubId === null) q = q.where('invitations.clubId', 'is', null);
	else if (args.clubId !== undefined) q = q.where('invitations.clubId', '=', args.clubId);
	return q.execute();
}

/** Withdraws an open invitation of this tenant (deleted, so its link stops working), audit-logged. */
export async function withdrawInvitation(db: Db, args: { actor: Actor; tenant: Tenant; invitationId: string; ip: string }): Promise<void> {
	const invitation = await db.selectFrom('invitations').selectAll().where('tenantId', '=', args.tenant.id).where('id', '=', args.invitationId).where('acceptedAt', 'is', null).executeTakeFirst();
	if (!invitation) throw notFound();
	const club = invitation.clubId ? await getClub(db, args.tenant.id, invitation.clubId) : null;
	const allowed = club ? can(args.actor, 'club.manageMembers', clubRef(args.tenant, club)) : can(args.actor, 'tenant.manageMembers', args.tenant);
	if (!allowed) throw forbidden();
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('invitations').where('id', '=', invitation.id).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'member.invite.withdraw', targetType: 'invitation', targetId: invitation.id, data: club ? { club: club.name } : {}, ip: args.ip });
	});
}

export interface InvitationView {
	id: string;
	email: string;
	role: string;
	expiresAt: number;
	tenant: { id: string; name: string; slug: string; kind: Tenant['kind'] };
	club: { id: string; name: string } | null;
	invitedByName: string | null;
}

/** The open invitation behind a mailed link, with what the person is invited to; null when unknown, used or expired. */
export async function findInvitation(db: Db, secret: string, now = Date.now()): Promise<InvitationView | null> {
	if (!secret || secret.length > 100) return null;
	const row = await db
		.selectFrom('invitations')
		.innerJoin('tenants', 'tenants.id', 'invitations.tenantId')
		.leftJoin('clubs', 'clubs.id', 'invitations.clubId')
		.leftJoin('users as inviter', 'inviter.id', 'invitations.invitedBy')
		.select([
			'invitations.id',
			'invitations.email',
			'invitations.role',
			'invitations.expiresAt',
			'tenants.id as tenantId',
			'tenants.name as tenantName',
			'tenants.slug as tenantSlug',
			'tenants.kind as tenantKind',
			'clubs.id as clubId',
			'clubs.name as clubName',
			'inviter.displayName as invitedByName'
		])
		.where('invitations.tokenHash', '=', hashSecret(secret))
		.where('invitations.acceptedAt', 'is', null)
		.where('invitations.expiresAt', '>', now)
		.executeTakeFirst();
	if (!row) return null;
	return {
		id: row.id,
		email: row.email,
		role: row.role,
		expiresAt: row.expiresAt,
		tenant: { id: row.tenantId, name: row.tenantName, slug: row.tenantSlug, kind: row.tenantKind },
		club: row.clubId && row.clubName ? { id: row.clubId, name: row.clubName } : null,
		invitedByName: row.invitedByName
	};
}

/** Whether this signed-in person may accept: only with the invited address, confirmed. */
export function mayAccept(invitation: Pick<InvitationView, 'email'>, user: Pick<User, 'email' | 'emailVerifiedAt'>): boolean {
	return user.email.toLowerCase() === invitation.email.toLowerCase() && user.emailVerifiedAt !== null;
}

/**
 * Accepts an invitation: the person becomes a member with the invited role (an invitation never lowers a role
 * they already have), audit-logged; appointed admins, editors and moderators get a mail about their role. 404 when the link is unknown, used or expired; 403 for another account.
 */
export async function acceptInvitation(db: Db, args: { secret: string; user: Pick<User, 'id' | 'email' | 'emailVerifiedAt'>; ip: string; origin: string }): Promise<InvitationView> {
	const invitation = await findInvitation(db, args.secret);
	if (!invitation) throw notFound();
	if (!mayAccept(invitation, args.user)) throw forbidden();
	await db.transaction().execute(async (trx) => {
		const now = Date.now();
		const taken = await trx.updateTable('invitations').set({ acceptedAt: now }).where('id', '=', invitation.id).where('acceptedAt', 'is', null).where('expiresAt', '>', now).executeTakeFirst();
		if (Number(taken.numUpdatedRows) === 0) throw notFound();
		if (invitation.club) {
			const role = invitation.role === 'admin' ? 'admin' : 'member';
			await trx
				.insertInto('clubMembers')
				.values({ id: newId(now), tenantId: invitation.tenant.id, clubId: invitation.club.id, userId: args.user.id, role, createdAt: now })
				.onConflict((oc) => (role === 'admin' ? oc.columns(['clubId', 'userId']).doUpdateSet({ role }) : oc.columns(['clubId', 'userId']).doNothing()))
				.execute();
		} else {
			const current = await trx.selectFrom('memberships').select('role').where('tenantId', '=', invitation.tenant.id).where('userId', '=', args.user.id).executeTakeFirst();
			const role = strongerRole(current?.role ?? null, invitation.role as Role)!;
			await grantRole(trx, { tenantId: invitation.tenant.id, userId: args.user.id, role });
			// appointed admin, editor or moderator: a mail says what that means here and where to start
			if (role !== current?.role) await queueRoleMail(trx, { tenant: invitation.tenant, userId: args.user.id, role, origin: args.origin });
		}
		const data = invitation.club ? { role: invitation.role, club: invitation.club.name } : { role: invitation.role };
		await audit(trx, { actorId: args.user.id, tenantId: invitation.tenant.id, action: 'member.invite.accept', targetType: 'user', targetId: args.user.id, data, ip: args.ip });
	});
	return invitation;
}

/** Declines an invitation: whoever holds the link may (no account needed); it is deleted with its address. */
export async function declineInvitation(db: Db, args: { secret: string; userId: string | null; ip: string }): Promise<void> {
	const invitation = await findInvitation(db, args.secret);
	if (!invitation) throw notFound();
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('invitations').where('id', '=', invitation.id).execute();
		const data = invitation.club ? { club: invitation.club.name } : {};
		await audit(trx, { actorId: args.userId, tenantId: invitation.tenant.id, action: 'member.invite.decline', targetType: 'invitation', targetId: invitation.id, data, ip: args.ip });
	});
}

/** Deletes every invitation to this address (account deletion). */
export async function deleteInvitationsTo(db: Db, email: string): Promise<void> {
	await db.deleteFrom('invitations').where('email', '=', email.toLowerCase()).execute();
}

import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import { bumpContentVersion } from '../db/contentVersion.ts';
import type { Db } from '../db/index.ts';
import type { Role } from '../db/types.ts';
import { fieldError, forbidden, notFound } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { can, type Actor } from '../policy/index.ts';
import { queueRoleMail } from './roleMail.ts';
import type { changeRoleSchema, removeMemberSchema } from './schemas.ts';
import type { Tenant } from './tenants.ts';
import { memberLabel, snapshotMember } from '../undo/coreKinds.ts';
import { recordUndo } from '../undo/undo.ts';

/** The members of one tenant (own memberships only, not inherited), by name. */
export async function listMembers(db: Db, tenantId: string) {
	return db
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.userId')
		.select(['users.id as userId', 'users.displayName', 'users.email', 'memberships.role', 'memberships.createdAt'])
		.where('memberships.tenantId', '=', tenantId)
		.orderBy('users.displayName')
		.execute();
}

/** Gives a role to a user in a tenant without checks (seed, CLI, accepted invitations); an existing membership takes the new role. */
export async function grantRole(db: Db, args: { tenantId: string; userId: string; role: Role }): Promise<void> {
	await db
		.insertInto('memberships')
		.values({ id: newId(), tenantId: args.tenantId, userId: args.userId, role: args.role, createdAt: Date.now() })
		.onConflict((oc) => oc.columns(['tenantId', 'userId']).doUpdateSet({ role: args.role }))
		.execute();
}

/**
 * Refuses (409, naming the field) a change that would take the tenant's last own admin away.
 * The rule: a tenant that has admins of its own keeps at least one. Admins inherited from above (the county's
 * admins in a village) do not count as the village's admins, and they are bound by the rule too: a village run
 * only by the county's admins has no own admin to lose and stays manageable, but once it has one it keeps one
 * (appoint another before stepping down or removing them). For the county, with nothing above it, this means
 * it always keeps an admin. Call it in the change's transaction after lockTenant.
 */
async function refuseLosingLastAdmin(trx: Db, args: { tenantId: string; userId: string; field: 'role' | 'userId' }): Promise<void> {
	const others = await trx
		.selectFrom('memberships')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('tenantId', '=', args.tenantId)
		.where('role', '=', 'admin')
		.where('userId', '!=', args.userId)
		.executeTakeFirstOrThrow();
	if (Number(others.n) === 0) throw fieldError(args.field, 'err_last_admin', { status: 409 });
}

// Bumping the content version first takes the tenant row's write lock (both dialects): two admins demoting
// each other at the same moment are serialised, so they cannot both pass the last-admin check.
const lockTenant = (trx: Db, tenantId: string) => bumpContentVersion(trx, tenantId);

/** The member's current role in this tenant; 404 when they are not a member here. */
async function currentRole(trx: Db, tenantId: string, userId: string): Promise<Role> {
	const row = await trx.selectFrom('memberships').select('role').where('tenantId', '=', tenantId).where('userId', '=', userId).executeTakeFirst();
	if (!row) throw notFound();
	return row.role;
}

/**
 * Changes a member's role in this tenant, audit-logged; the last own admin keeps the role. Someone appointed
 * admin, editor or moderator gets a mail saying what they can now do (roleMail.ts), queued in the same transaction.
 */
export async function changeRole(db: Db, args: { actor: Actor; tenant: Tenant; input: z.infer<typeof changeRoleSchema>; ip: string; origin: string }): Promise<void> {
	if (!can(args.actor, 'tenant.manageMembers', args.tenant)) throw forbidden();
	const { userId, role } = args.input;
	await db.transaction().execute(async (trx) => {
		await lockTenant(trx, args.tenant.id);
		const before = await currentRole(trx, args.tenant.id, userId);
		if (before === 'admin' && role !== 'admin') await refuseLosingLastAdmin(trx, { tenantId: args.tenant.id, userId, field: 'role' });
		await trx.updateTable('memberships').set({ role }).where('tenantId', '=', args.tenant.id).where('userId', '=', userId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'member.role', targetType: 'user', targetId: userId, data: { role }, ip: args.ip });
		if (role !== before) await queueRoleMail(trx, { tenant: args.tenant, userId, role, origin: args.origin });
	});
}

/**
 * Removes a member from this tenant (and from its clubs), audit-logged; the last own admin stays. The membership
 * with its role and the club memberships are kept for "Rückgängig" (undo/coreKinds.ts): `undoId` goes into the
 * redirect (`withUndo`).
 */
export async function removeMember(db: Db, args: { actor: Actor; tenant: Tenant; input: z.infer<typeof removeMemberSchema>; ip: string }): Promise<{ undoId: string }> {
	if (!can(args.actor, 'tenant.manageMembers', args.tenant)) throw forbidden();
	const { userId } = args.input;
	return db.transaction().execute(async (trx) => {
		await lockTenant(trx, args.tenant.id);
		if ((await currentRole(trx, args.tenant.id, userId)) === 'admin') await refuseLosingLastAdmin(trx, { tenantId: args.tenant.id, userId, field: 'userId' });
		const snapshot = (await snapshotMember(trx, args.tenant.id, userId))!;
		await trx.deleteFrom('memberships').where('tenantId', '=', args.tenant.id).where('userId', '=', userId).execute();
		await trx.deleteFrom('clubMembers').where('tenantId', '=', args.tenant.id).where('userId', '=', userId).execute();
		const undoId = await recordUndo(trx, { tenantId: args.tenant.id, actorId: args.actor.userId, kind: 'membership', label: await memberLabel(trx, snapshot), payload: snapshot });
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'member.remove', targetType: 'user', targetId: userId, ip: args.ip });
		return { undoId };
	});
}

/** Tenants where the user holds a membership, with the role (for the account page and the admin entry). */
export async function listUserMemberships(db: Db, userId: string) {
	return db
		.selectFrom('memberships')
		.innerJoin('tenants', 'tenants.id', 'memberships.tenantId')
		.select(['tenants.id', 'tenants.name', 'tenants.slug', 'tenants.kind', 'tenants.path', 'memberships.role'])
		.where('memberships.userId', '=', userId)
		.orderBy('tenants.name')
		.execute();
}

import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import { getUserByEmail } from '../auth/accounts.ts';
import type { Db } from '../db/index.ts';
import type { Role } from '../db/types.ts';
import { fieldError, forbidden, notFound } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { can, type Actor } from '../policy/index.ts';
import type { addMemberSchema, changeRoleSchema, removeMemberSchema } from './schemas.ts';
import type { Tenant } from './tenants.ts';

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

/** Gives a role to a user in a tenant without checks (seed, CLI); an existing membership takes the new role. */
export async function grantRole(db: Db, args: { tenantId: string; userId: string; role: Role }): Promise<void> {
	await db
		.insertInto('memberships')
		.values({ id: newId(), tenantId: args.tenantId, userId: args.userId, role: args.role, createdAt: Date.now() })
		.onConflict((oc) => oc.columns(['tenantId', 'userId']).doUpdateSet({ role: args.role }))
		.execute();
}

/** Adds an existing account to a tenant with a role (or changes its role there), audit-logged. */
export async function addMember(db: Db, args: { actor: Actor; tenant: Tenant; input: z.infer<typeof addMemberSchema>; ip: string }): Promise<void> {
	if (!can(args.actor, 'tenant.manageMembers', args.tenant)) throw forbidden();
	const user = await getUserByEmail(db, args.input.email);
	if (!user) throw fieldError('email', 'err_no_account');
	await db.transaction().execute(async (trx) => {
		await grantRole(trx, { tenantId: args.tenant.id, userId: user.id, role: args.input.role });
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'member.add', targetType: 'user', targetId: user.id, data: { role: args.input.role }, ip: args.ip });
	});
}

/** Changes a member's role in this tenant, audit-logged. */
export async function changeRole(db: Db, args: { actor: Actor; tenant: Tenant; input: z.infer<typeof changeRoleSchema>; ip: string }): Promise<void> {
	if (!can(args.actor, 'tenant.manageMembers', args.tenant)) throw forbidden();
	await db.transaction().execute(async (trx) => {
		const res = await trx
			.updateTable('memberships')
			.set({ role: args.input.role })
			.where('tenantId', '=', args.tenant.id)
			.where('userId', '=', args.input.userId)
			.executeTakeFirst();
		if (Number(res.numUpdatedRows) === 0) throw notFound();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'member.role', targetType: 'user', targetId: args.input.userId, data: { role: args.input.role }, ip: args.ip });
	});
}

/** Removes a member from this tenant (and from its clubs), audit-logged. */
export async function removeMember(db: Db, args: { actor: Actor; tenant: Tenant; input: z.infer<typeof removeMemberSchema>; ip: string }): Promise<void> {
	if (!can(args.actor, 'tenant.manageMembers', args.tenant)) throw forbidden();
	await db.transaction().execute(async (trx) => {
		const res = await trx.deleteFrom('memberships').where('tenantId', '=', args.tenant.id).where('userId', '=', args.input.userId).executeTakeFirst();
		if (Number(res.numDeletedRows) === 0) throw notFound();
		await trx.deleteFrom('clubMembers').where('tenantId', '=', args.tenant.id).where('userId', '=', args.input.userId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'member.remove', targetType: 'user', targetId: args.input.userId, ip: args.ip });
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

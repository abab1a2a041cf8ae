// Who may create a project in a place: its editors and admins (and those above them) always; its members too
// when the village allows it ("Mitglieder dürfen Projekte anlegen", tenants.membersCreateProjectsAt). A member
// who creates one becomes its lead and keeps it through the team (projectAccess.ts) — not the village's other
// projects. The village's own admins (and the admins above it) switch the setting, audit-logged.
import { z } from 'zod';
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { forbidden } from '../../http/errors.ts';
import { can, type Actor, type TenantResource } from '../../policy/index.ts';
import type { Tenant } from '../../tenancy/tenants.ts';

/** The village admin's form: the checkbox sends "on" when ticked and nothing when not. */
export const memberProjectsSchema = z.object({ allowed: z.literal('on').optional() });

export interface ProjectPlace extends TenantResource {
	membersCreateProjectsAt: number | null;
}

/** true when the actor may create a project in (or adopt one into) this village or municipality. */
export function mayCreateProjectIn(actor: Actor, place: ProjectPlace): boolean {
	if (can(actor, 'tenant.editProjects', place)) return true;
	return place.kind === 'village' && place.membersCreateProjectsAt !== null && can(actor, 'tenant.createOwnProjects', place);
}

/** Switches "Mitglieder dürfen Projekte anlegen" for a village: its admins (and the admins above it). */
export async function setMembersCreateProjects(db: Db, args: { actor: Actor; village: Tenant; allowed: boolean; ip: string }): Promise<void> {
	const { actor, village } = args;
	if (village.kind !== 'village' || !can(actor, 'tenant.administer', village)) throw forbidden();
	if ((village.membersCreateProjectsAt !== null) === args.allowed) return;
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('tenants')
			.set({ membersCreateProjectsAt: args.allowed ? Date.now() : null, updatedAt: Date.now() })
			.where('id', '=', village.id)
			.execute();
		await audit(trx, { actorId: actor.userId, tenantId: village.id, action: 'tenant.memberProjects', targetType: 'tenant', targetId: village.id, data: { allowed: args.allowed }, ip: args.ip });
	});
}

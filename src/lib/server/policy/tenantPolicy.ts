import type { Role, TenantKind } from '../db/types.ts';
import { effectiveRole, pathIds, roleAtLeast } from '../tenancy/roles.ts';
import type { Actor } from './actor.ts';

export interface TenantResource {
	id: string;
	path: string;
	kind: TenantKind;
}

export type TenantAction =
	| 'tenant.view'
	| 'tenant.update'
	| 'tenant.createChild'
	| 'tenant.manageMembers'
	| 'tenant.viewMembers'
	| 'tenant.manageClubs'
	| 'tenant.readAudit'
	| 'tenant.administer'
	| 'tenant.setHost'
	| 'tenant.editProjects'
	| 'tenant.createOwnProjects'
	| 'tenant.triageIdeas'
	| 'tenant.moderatePool'
	| 'tenant.buildApp'
	| 'tenant.rolloutModules'
	| 'tenant.sendPush';

// The role an actor needs at the tenant (own membership or inherited from an ancestor). null: everyone.
const NEEDS: Record<TenantAction, Role | null> = {
	'tenant.view': null,
	'tenant.update': 'admin',
	'tenant.createChild': 'admin',
	'tenant.manageMembers': 'admin',
	'tenant.viewMembers': 'editor',
	'tenant.manageClubs': 'admin',
	'tenant.readAudit': 'admin',
	'tenant.administer': 'admin',
	'tenant.setHost': 'admin',
	// the Projektpool: a village's editors keep its projects and move its ideas along; moderation (hiding
	// with a reason) belongs to the admins of the municipality and the county above it
	'tenant.editProjects': 'editor',
	// a member may create a project of their own (and lead it) — only where the village allows its members to
	// (tenants.membersCreateProjectsAt, checked in platform/projects/memberProjects.ts, not here)
	'tenant.createOwnProjects': 'member',
	'tenant.triageIdeas': 'editor',
	'tenant.moderatePool': 'admin',
	// the App-Baukasten: a village's admins always; its editors only where the village allows them
	// (tenants.editorsBuildAppAt, checked in builder/appAccess.ts, not here)
	'tenant.buildApp': 'editor',
	// the staged rollout of modules: which municipalities' villages may switch which modules on is the county's
	// decision, made by its own admins (at the county itself, see below)
	'tenant.rolloutModules': 'admin',
	// push messages to the village's subscribers ("Eilmeldung senden", the push API): its editors and admins
	'tenant.sendPush': 'editor'
};

/** Every tenant action the policy knows, so tests can demand an expectation for each. */
export const TENANT_ACTIONS = Object.keys(NEEDS) as TenantAction[];

export function canTenant(actor: Actor, action: TenantAction, tenant: TenantResource): boolean {
	const needed = NEEDS[action];
	if (needed === null) return true;
	if (!actor.userId) return false;
	// The tenant check comes first: the role counts only where the membership lies on the tenant's path.
	const role = effectiveRole(actor.memberships, tenant.path);
	if (!roleAtLeast(role, needed)) return false;
	if (action === 'tenant.createChild') return tenant.kind !== 'village';
	if (action === 'tenant.rolloutModules') return tenant.kind === 'county';
	// A host name decides which site a browser reaches (and where its cookies go): only the county's own
	// admins, who run the installation and its DNS, may set one; village and municipality admins may not.
	if (action === 'tenant.setHost') return actor.memberships.some((m) => m.tenantId === pathIds(tenant.path)[0] && m.role === 'admin');
	// Moderation is a second pair of eyes: a village's own admins do not moderate its projects and ideas.
	if (action === 'tenant.moderatePool') {
		const above = tenant.kind === 'village' ? pathIds(tenant.path).slice(0, -1) : pathIds(tenant.path);
		return actor.memberships.some((m) => above.includes(m.tenantId) && m.role === 'admin');
	}
	return true;
}

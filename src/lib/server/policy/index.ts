import { canClub, CLUB_ACTIONS, type ClubAction, type ClubResource } from './clubPolicy.ts';
import { canTenant, TENANT_ACTIONS, type TenantAction, type TenantResource } from './tenantPolicy.ts';
import type { Actor } from './actor.ts';

export type { Actor } from './actor.ts';
export { ANONYMOUS, loadActor } from './actor.ts';
export type { TenantAction, TenantResource, ClubAction, ClubResource };
export { TENANT_ACTIONS, CLUB_ACTIONS };

/** The one question every route asks before it reads or writes tenant data. */
export function can(actor: Actor, action: TenantAction, resource: TenantResource): boolean;
export function can(actor: Actor, action: ClubAction, resource: ClubResource): boolean;
export function can(actor: Actor, action: TenantAction | ClubAction, resource: TenantResource | ClubResource): boolean {
	if (action.startsWith('tenant.')) return canTenant(actor, action as TenantAction, resource as TenantResource);
	if (action.startsWith('club.')) return canClub(actor, action as ClubAction, resource as ClubResource);
	return false;
}

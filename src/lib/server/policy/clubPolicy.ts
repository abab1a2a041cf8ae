import { effectiveRole, roleAtLeast } from '../tenancy/roles.ts';
import type { Actor } from './actor.ts';

export interface ClubResource {
	id: string;
	tenantId: string;
	/** the owning tenant's path, for inherited roles */
	tenantPath: string;
}

/** Every club action the policy knows, so tests can demand an expectation for each. */
export const CLUB_ACTIONS = ['club.view', 'club.update', 'club.delete', 'club.manageMembers'] as const;
export type ClubAction = (typeof CLUB_ACTIONS)[number];

export function canClub(actor: Actor, action: ClubAction, club: ClubResource): boolean {
	if (action === 'club.view') return true;
	if (!actor.userId) return false;
	// Tenant first: the tenant's admins (own or inherited) may do everything with its clubs.
	if (roleAtLeast(effectiveRole(actor.memberships, club.tenantPath), 'admin')) return true;
	if (action === 'club.delete') return false;
	// A club's own admins run the club: its description and its members.
	return actor.clubRoles.some((c) => c.clubId === club.id && c.role === 'admin');
}

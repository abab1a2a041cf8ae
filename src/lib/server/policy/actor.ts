import type { Db } from '../db/index.ts';
import type { Role } from '../db/types.ts';
import type { MembershipRef } from '../tenancy/roles.ts';

/** Who is asking: nobody (anonymous) or a user with their memberships, loaded once per request. */
export interface Actor {
	userId: string | null;
	memberships: readonly MembershipRef[];
	clubRoles: readonly { clubId: string; role: 'admin' | 'member' }[];
	/**
	 * Set when an API token acts (Bearer on /api/v1): then `memberships` holds exactly one entry, at the
	 * token's tenant, and `clubRoles` is empty (see auth/apiTokens.ts). Audit entries record its id.
	 */
	token?: { id: string; name: string; tenantId: string };
}

export const ANONYMOUS: Actor = { userId: null, memberships: [], clubRoles: [] };

/** Loads the memberships a policy needs to decide for this user. */
export async function loadActor(db: Db, userId: string | null): Promise<Actor> {
	if (!userId) return ANONYMOUS;
	const [memberships, clubRoles] = await Promise.all([
		db.selectFrom('memberships').select(['tenantId', 'role']).where('userId', '=', userId).execute(),
		db.selectFrom('clubMembers').select(['clubId', 'role']).where('userId', '=', userId).execute()
	]);
	return { userId, memberships: memberships as { tenantId: string; role: Role }[], clubRoles };
}

import type { Role } from '../db/types.ts';

// Roles are ranked: each includes what the ones below it may do. A moderator keeps order in chats,
// an editor publishes content, an admin manages the tenant and its people.
const RANK: Record<Role, number> = { member: 1, moderator: 2, editor: 3, admin: 4 };

/** true when `role` includes everything `needed` may do */
export function roleAtLeast(role: Role | null, needed: Role): boolean {
	return role !== null && RANK[role] >= RANK[needed];
}

/** the stronger of two roles (null = none) */
export function strongerRole(a: Role | null, b: Role | null): Role | null {
	if (a === null) return b;
	if (b === null) return a;
	return RANK[a] >= RANK[b] ? a : b;
}

/** Ids of a tenant and all its ancestors, from its materialised path "/a/b/c/". */
export function pathIds(path: string): string[] {
	return path.split('/').filter(Boolean);
}

export interface MembershipRef {
	tenantId: string;
	role: Role;
}

/** A user's effective role at a tenant: the strongest membership at the tenant or any ancestor. */
export function effectiveRole(memberships: readonly MembershipRef[], tenantPath: string): Role | null {
	const ids = new Set(pathIds(tenantPath));
	let role: Role | null = null;
	for (const m of memberships) if (ids.has(m.tenantId)) role = strongerRole(role, m.role);
	return role;
}

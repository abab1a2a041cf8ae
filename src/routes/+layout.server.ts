import type { LayoutServerLoad } from './$types';
import { roleAtLeast } from '$lib/server/tenancy/roles';

export const load: LayoutServerLoad = async ({ locals }) => {
	const { user, actor, rt } = locals;
	// The platform administration is for admins of the county or of a municipality.
	const kinds = actor.memberships.length
		? await rt.db.selectFrom('tenants').select(['id', 'kind']).where('id', 'in', actor.memberships.map((m) => m.tenantId)).execute()
		: [];
	const isPlatformAdmin = actor.memberships.some((m) => roleAtLeast(m.role, 'admin') && kinds.some((k) => k.id === m.tenantId && k.kind !== 'village'));
	return {
		user: user ? { id: user.id, displayName: user.displayName, email: user.email } : null,
		locale: locals.locale,
		isPlatformAdmin,
		devMailbox: rt.config.devMailbox
	};
};

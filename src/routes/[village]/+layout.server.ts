import type { LayoutServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { can } from '$lib/server/policy';
import * as m from '$lib/paraglide/messages.js';

// hooks.server.ts resolved the tenant from the first path segment; only villages have an app.
export const load: LayoutServerLoad = async ({ locals }) => {
	const tenant = locals.tenant;
	if (!tenant || tenant.kind !== 'village') error(404, m.err_not_found());
	return {
		village: { id: tenant.id, slug: tenant.slug, name: tenant.name, description: tenant.description, colorPrimary: tenant.colorPrimary, colorAccent: tenant.colorAccent },
		canAdminister: can(locals.actor, 'tenant.administer', tenant)
	};
};

import type { LayoutServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { requestModules } from '$lib/server/builder/moduleContext';
import { can } from '$lib/server/policy';
import { themeTokens } from '$lib/ui/theme';
import * as m from '$lib/paraglide/messages.js';

// hooks.server.ts resolved the tenant from the first path segment; only villages have an app.
export const load: LayoutServerLoad = async (event) => {
	const { locals } = event;
	const tenant = locals.tenant;
	if (!tenant || tenant.kind !== 'village') error(404, m.err_not_found());
	const modules = await requestModules(event, tenant);
	return {
		village: { id: tenant.id, slug: tenant.slug, name: tenant.name, description: tenant.description, logoUrl: tenant.logoUrl },
		theme: themeTokens(tenant.colorPrimary, tenant.colorAccent),
		navigation: modules.map(({ module }) => ({ id: module.id, name: module.name[locals.locale], icon: module.icon, href: `/${tenant.slug}/${module.id}` })),
		canAdminister: can(locals.actor, 'tenant.administer', tenant)
	};
};

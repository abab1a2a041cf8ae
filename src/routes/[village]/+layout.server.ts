import type { LayoutServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { requestModules } from '$lib/server/builder/moduleContext';
import { can } from '$lib/server/policy';
import { themeTokens } from '$lib/ui/theme';
import { iconUrl } from '$lib/server/builder/appIcons';
import { themeColours } from '$lib/server/builder/appManifest';
import { shortAppName } from '$lib/server/builder/appNames';
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
		// what the page's head says about the installable app (the manifest says the rest)
		appHead: {
			shortName: shortAppName(tenant.name, tenant.slug),
			themeColour: themeColours(tenant),
			icon: iconUrl(tenant, 'icon-192'),
			appleTouchIcon: iconUrl(tenant, 'apple-touch-icon')
		},
		navigation: modules.map(({ module }) => ({ id: module.id, name: module.name[locals.locale], icon: module.icon, href: `/${tenant.slug}/${module.id}` })),
		canAdminister: can(locals.actor, 'tenant.administer', tenant)
	};
};

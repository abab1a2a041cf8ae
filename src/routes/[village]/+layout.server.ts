import type { LayoutServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { requestModules } from '$lib/server/builder/moduleContext';
import { moduleNavLabel } from '$lib/server/builder/moduleTitle';
import { can } from '$lib/server/policy';
import { themeTokens } from '$lib/ui/theme';
import { iconUrl } from '$lib/server/builder/appIcons';
import { themeColours, villageShortName } from '$lib/server/builder/appManifest';
import { canBuildApp, readAppSettings } from '$lib/server/builder/appDraft';
import { previewQuery } from '$lib/server/builder/appPreview';
import { appInfo } from '$lib/server/builder/appScope';
import * as m from '$lib/paraglide/messages.js';

/** On phones the tab bar shows the home screen, this many modules, and "Mehr" for the rest. */
const TAB_MODULES = 3;

// hooks.server.ts resolved the tenant from the first path segment; only villages have an app. In the builder's
// preview the tenant and modules are the draft's (builder/appPreview.ts), so this load needs no draft logic.
export const load: LayoutServerLoad = async (event) => {
	const { locals } = event;
	const tenant = locals.tenant;
	if (!tenant || tenant.kind !== 'village') error(404, m.err_not_found());
	const modules = await requestModules(event, tenant);
	const settings = readAppSettings(tenant.appSettings);
	// links inside a preview stay in the preview
	const q = previewQuery(event.url);
	const navigation = modules.map((vm) => ({ id: vm.module.id, name: moduleNavLabel(vm, locals.locale, settings.navLabels), icon: vm.module.icon, href: `/${tenant.slug}/${vm.module.id}${q}` }));
	return {
		village: { id: tenant.id, slug: tenant.slug, name: tenant.name, description: tenant.description, logoUrl: tenant.logoUrl, coverUrl: settings.coverUrl ?? null },
		theme: themeTokens(tenant.colorPrimary, tenant.colorAccent),
		// what the page's head says about the installable app (the manifest says the rest)
		appHead: {
			shortName: villageShortName(tenant),
			themeColour: themeColours(tenant),
			icon: iconUrl(tenant, 'icon-192'),
			appleTouchIcon: iconUrl(tenant, 'apple-touch-icon')
		},
		// the service worker's scope and the published version the update check compares with (AppWorker.svelte)
		app: appInfo(tenant, event.request),
		homeHref: `/${tenant.slug}/${q}`,
		navigation,
		tabs: navigation.slice(0, TAB_MODULES),
		more: navigation.slice(TAB_MODULES),
		preview: locals.preview ? { draft: true } : null,
		canAdminister: can(locals.actor, 'tenant.administer', tenant),
		canBuild: canBuildApp(locals.actor, tenant)
	};
};

import type { PageServerLoad } from './$types';
import { homeBanners } from '$lib/server/builder/banners';
import { readAppSettings } from '$lib/server/builder/appDraft';
import { previewQuery } from '$lib/server/builder/appPreview';
import { abilities, moduleContext, requestModules } from '$lib/server/builder/moduleContext';
import { moduleNavLabel } from '$lib/server/builder/moduleTitle';

// The village app lives at /<village>/ (with the slash): it is the PWA's scope and the URL people bookmark.
export const trailingSlash = 'always';

/**
 * The home screen: the banners of the switched-on modules that have something important running (above
 * everything), then their widgets, in the village's order.
 */
export const load: PageServerLoad = async (event) => {
	const village = event.locals.tenant!;
	const modules = await requestModules(event, village);
	const app = readAppSettings(village.appSettings);
	// the builder's choice and order of widgets; before it chose, every widget in the modules' order
	const chosen = app.widgets;
	const withWidget = modules.filter(({ module }) => module.widget && module.server.widget && (!chosen || chosen.includes(module.id)));
	if (chosen) withWidget.sort((a, b) => chosen.indexOf(a.module.id) - chosen.indexOf(b.module.id));
	const q = previewQuery(event.url);
	const [banners, widgets] = await Promise.all([
		homeBanners({ modules, ctxFor: ({ module, settings }) => moduleContext(event, village, module, settings), locale: event.locals.locale, village: village.slug }),
		Promise.all(
			withWidget.map(async ({ module, settings }) => ({
				moduleId: module.id,
				component: module.widget!.component,
				name: moduleNavLabel({ module, settings }, event.locals.locale, app.navLabels),
				icon: module.icon,
				href: `/${village.slug}/${module.id}${q}`,
				data: { ...(await module.server.widget!(moduleContext(event, village, module, settings))), can: abilities(module, event.locals.actor, village) }
			}))
		)
	]);
	return { banners, widgets };
};

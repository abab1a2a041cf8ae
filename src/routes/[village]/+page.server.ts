import type { PageServerLoad } from './$types';
import { homeBanners } from '$lib/server/builder/banners';
import { abilities, moduleContext, requestModules } from '$lib/server/builder/moduleContext';

// The village app lives at /<village>/ (with the slash): it is the PWA's scope and the URL people bookmark.
export const trailingSlash = 'always';

/**
 * The home screen: the banners of the switched-on modules that have something important running (above
 * everything), then their widgets, in the village's order.
 */
export const load: PageServerLoad = async (event) => {
	const village = event.locals.tenant!;
	const modules = await requestModules(event, village);
	const [banners, widgets] = await Promise.all([
		homeBanners({ modules, ctxFor: ({ module, settings }) => moduleContext(event, village, module, settings), locale: event.locals.locale, village: village.slug }),
		Promise.all(
			modules
				.filter(({ module }) => module.widget && module.server.widget)
				.map(async ({ module, settings }) => ({
					moduleId: module.id,
					component: module.widget!.component,
					name: module.name[event.locals.locale],
					icon: module.icon,
					href: `/${village.slug}/${module.id}`,
					data: { ...(await module.server.widget!(moduleContext(event, village, module, settings))), can: abilities(module, event.locals.actor, village) }
				}))
		)
	]);
	return { banners, widgets };
};

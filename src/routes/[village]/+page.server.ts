import type { PageServerLoad } from './$types';
import { abilities, moduleContext, requestModules } from '$lib/server/builder/moduleContext';
import { log } from '$lib/server/log';

// The village app lives at /<village>/ (with the slash): it is the PWA's scope and the URL people bookmark.
export const trailingSlash = 'always';

/** A banner's link must stay on this site: a path, never another host ("//evil", "javascript:"). */
const isSitePath = (url: string) => url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\');

/** The last day a banner runs ("24. Dezember 2026"): `until` is the first moment after it, in Berlin time. */
const lastDay = (until: number, locale: string) => new Date(until - 1).toLocaleDateString(locale === 'en' ? 'en-GB' : 'de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' });

/**
 * The home screen: the banners of the switched-on modules that have something important running (above
 * everything), then their widgets, in the village's order.
 */
export const load: PageServerLoad = async (event) => {
	const village = event.locals.tenant!;
	const modules = await requestModules(event, village);
	const [banners, widgets] = await Promise.all([
		Promise.all(
			modules
				.filter(({ module }) => module.server.banner)
				.map(async ({ module, settings }) => {
					const banner = await module.server.banner!(moduleContext(event, village, module, settings));
					if (!banner) return null;
					if (!isSitePath(banner.url)) {
						log.warn({ moduleId: module.id, village: village.slug }, 'banner dropped: its url is not a path on this site');
						return null;
					}
					return { moduleId: module.id, icon: module.icon, title: banner.title, text: banner.text ?? null, url: banner.url, until: banner.until ? lastDay(banner.until, event.locals.locale) : null };
				})
		),
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
	return { banners: banners.filter((b) => b !== null), widgets };
};

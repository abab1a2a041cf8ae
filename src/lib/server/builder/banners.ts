// The banners of a village's home screen: each switched-on module with `server.banner` may put one notice above
// the widgets while something important runs (docs/MODULES.md, "Banners").
import type { Locale } from '../../modules/types.ts';
import { dateFormat } from '../../ui/format.ts';
import { log } from '../log.ts';
import type { AnyContext } from './moduleContext.ts';
import type { VillageModule } from './villageModules.ts';

export interface HomeBanner {
	moduleId: string;
	icon: string;
	title: string;
	text: string | null;
	url: string;
	/** the last day it runs, as people read it ("24. Dezember 2026"), or null */
	until: string | null;
}

/** A banner's link must stay on this site: a path, never another host ("//evil", "/\\evil") or a scheme. */
export const isSitePath = (url: string) => url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\');

/** The last day a banner runs: `until` is the first moment after it, in Berlin time. */
export const lastDay = (until: number, locale: Locale) => dateFormat(locale === 'en' ? 'en-GB' : 'de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' }).format(until - 1);

/**
 * The banners of the village's switched-on modules, in the village's order. A banner with a link off the site is
 * dropped, and a module whose banner fails is left out (logged): the home screen must always open.
 */
export async function homeBanners(args: { modules: readonly VillageModule[]; ctxFor: (vm: VillageModule) => AnyContext; locale: Locale; village: string }): Promise<HomeBanner[]> {
	const found = await Promise.all(
		args.modules
			.filter((vm) => vm.enabled && vm.module.server.banner)
			.map(async (vm): Promise<HomeBanner | null> => {
				const where = { moduleId: vm.module.id, village: args.village };
				try {
					const banner = await vm.module.server.banner!(args.ctxFor(vm));
					if (!banner) return null;
					if (!isSitePath(banner.url)) {
						log.warn(where, 'banner dropped: its url is not a path on this site');
						return null;
					}
					return { moduleId: vm.module.id, icon: vm.module.icon, title: banner.title, text: banner.text || null, url: banner.url, until: banner.until ? lastDay(banner.until, args.locale) : null };
				} catch (e) {
					log.error({ ...where, err: String(e) }, 'banner left out: the module failed to answer');
					return null;
				}
			})
	);
	return found.filter((b) => b !== null);
}

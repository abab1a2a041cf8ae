// The home screen's banners: only site paths, the village's order, a failing module left out, the last day shown.
import { describe, expect, it } from 'vitest';
import type { AnyModule } from '../../modules/registry.ts';
import type { ModuleBanner } from '../../modules/types.ts';
import { homeBanners, isSitePath } from './banners.ts';
import type { AnyContext } from './moduleContext.ts';
import type { VillageModule } from './villageModules.ts';

const vm = (id: string, banner?: () => Promise<ModuleBanner | null>, enabled = true): VillageModule => ({
	module: { id, icon: 'megaphone', server: { load: async () => ({}), ...(banner ? { banner } : {}) } } as unknown as AnyModule,
	enabled,
	position: 0,
	settings: {}
});
const run = (modules: VillageModule[], locale: 'de' | 'en' = 'de') => homeBanners({ modules, ctxFor: () => ({}) as AnyContext, locale, village: 'dorf' });

describe('home banners', () => {
	it('drops links that leave the site', async () => {
		for (const url of ['//evil.example/x', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', 'dorf/news', '']) expect(isSitePath(url), url).toBe(false);
		for (const url of ['/dorf/news/article/1', '/']) expect(isSitePath(url), url).toBe(true);
		const banners = await run([vm('a', async () => ({ title: 'Weg', url: 'javascript:alert(1)' })), vm('b', async () => ({ title: 'Bleibt', url: '/dorf/b' }))]);
		expect(banners.map((b) => b.title)).toEqual(['Bleibt']);
	});

	it('leaves out a module that fails or has nothing, and switched-off ones; keeps the order', async () => {
		const banners = await run([
			vm('broken', async () => {
				throw new Error('kaputt');
			}),
			vm('none', async () => null),
			vm('without'),
			vm('off', async () => ({ title: 'Aus', url: '/dorf/off' }), false),
			vm('first', async () => ({ title: 'Erst', url: '/dorf/1', text: 'Text' })),
			vm('second', async () => ({ title: 'Dann', url: '/dorf/2' }))
		]);
		expect(banners).toEqual([
			{ moduleId: 'first', icon: 'megaphone', title: 'Erst', text: 'Text', url: '/dorf/1', until: null },
			{ moduleId: 'second', icon: 'megaphone', title: 'Dann', text: null, url: '/dorf/2', until: null }
		]);
	});

	it('shows the last day the banner runs, in Berlin time (until is the first moment after it)', async () => {
		const until = Date.UTC(2026, 11, 24, 23, 0); // 25 December 00:00 in Berlin
		const modules = [vm('n', async () => ({ title: 'T', url: '/dorf/n', until }))];
		expect((await run(modules))[0]!.until).toBe('24. Dezember 2026');
		expect((await run(modules, 'en'))[0]!.until).toBe('24 December 2026');
	});
});

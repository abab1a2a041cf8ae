import { describe, expect, it } from 'vitest';
import { STORED_AT } from '../../appWorker/cacheNames.ts';
import { MemoryCaches } from '../../appWorker/memoryCaches.ts';
import { appScope } from '../../appWorker/rules.ts';
import { pageLabel, savedPages, titleOf } from './savedPages.ts';

describe('the title of a kept page', () => {
	it('is the <title>, with entities decoded', () => {
		expect(titleOf('<html><head><title>Links &amp; Adressen &#8211; K&ouml;rbecke &#x2013; Allmende</title>')).toBe('Links & Adressen – K&ouml;rbecke – Allmende');
		expect(titleOf('<title data-x="1"> Körbecke </title>')).toBe('Körbecke');
		expect(titleOf('<p>no title</p>')).toBe('');
		expect(titleOf('<title>&#0; &#x110000; &bogus;</title>')).toBe('&#0; &#x110000; &bogus;');
	});
});

describe('the pages the offline page lists', () => {
	const scope = appScope('https://allmende.example/koerbecke/', 'koerbecke')!;
	const page = (title: string, storedAt: number, type = 'text/html') => new Response(`<title>${title}</title>`, { headers: { 'content-type': type, [STORED_AT]: String(storedAt) } });

	it('are this village’s kept pages, home first, then by title, the newest copy of each, without offline page, icons or reads', async () => {
		const caches = new MemoryCaches();
		const shell = await caches.open('allmende:koerbecke:v2:shell');
		await shell.put('https://allmende.example/koerbecke/', page('Körbecke', 1));
		await shell.put('https://allmende.example/koerbecke/offline', page('Offline', 1));
		await shell.put('https://allmende.example/koerbecke/icons/icon-192.png?v=1', page('', 1, 'image/png'));
		const pages = await caches.open('allmende:koerbecke:v2:pages');
		await pages.put('https://allmende.example/koerbecke/', page('Körbecke (neu)', 5));
		await pages.put('https://allmende.example/koerbecke/news', page('Dorf-News', 3));
		await pages.put('https://allmende.example/koerbecke/links', page('Adressen &amp; Links', 4));
		await pages.put('https://allmende.example/api/v1/villages/koerbecke/app', page('', 4, 'application/json'));
		await (await caches.open('allmende:altengeseke:v2:pages')).put('https://allmende.example/altengeseke/', page('Altengeseke', 9));
		await (await caches.open('allmende:koerbecke:v2:assets')).put('https://allmende.example/_app/immutable/x.js', page('x', 9, 'text/javascript'));
		expect(await savedPages(caches as unknown as CacheStorage, scope)).toEqual([
			{ url: '/koerbecke/', title: 'Körbecke (neu)', storedAt: 5, home: true },
			{ url: '/koerbecke/links', title: 'Adressen & Links', storedAt: 4, home: false },
			{ url: '/koerbecke/news', title: 'Dorf-News', storedAt: 3, home: false }
		]);
	});

	it('are labelled without what every title repeats', () => {
		expect(pageLabel('Dorf-News – Körbecke – Allmende', 'Körbecke')).toBe('Dorf-News');
		expect(pageLabel('Körbecke – Allmende', 'Körbecke')).toBe('Körbecke');
		expect(pageLabel('Schützenfest – Neuer König – Körbecke – Allmende', 'Körbecke')).toBe('Schützenfest – Neuer König');
		expect(pageLabel(' – Allmende', 'Körbecke')).toBe(' – Allmende');
		expect(pageLabel('Körbecke', 'Körbecke')).toBe('Körbecke');
	});
});

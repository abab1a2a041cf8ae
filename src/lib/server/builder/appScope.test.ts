import { describe, expect, it } from 'vitest';
import { VILLAGE_HOST_HEADER } from '../tenancy/hostRouting.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { appBase, appInfo, isOwnHost } from './appScope.ts';

// serve.ts names the village of an own host name in VILLAGE_HOST_HEADER (and removes the header from everything else)
const on = (village?: string, host = 'dorf.example') => new Request('http://allmende.example/koerbecke/', { headers: village === undefined ? { host } : { host, [VILLAGE_HOST_HEADER]: village } });

describe('where a village’s app lives', () => {
	it('is /<village>/ unless serve.ts served the request as this village’s own host name', () => {
		expect(appBase({ slug: 'koerbecke' }, on())).toBe('/koerbecke/');
		expect(appBase({ slug: 'koerbecke' }, on('altengeseke'))).toBe('/koerbecke/');
		expect(appBase({ slug: 'koerbecke' }, on(''))).toBe('/koerbecke/');
		expect(appBase({ slug: 'koerbecke' }, on('Koerbecke'))).toBe('/koerbecke/');
		expect(isOwnHost({ slug: '__proto__' }, on())).toBe(false);
	});

	it('is / on its own host name', () => {
		expect(appBase({ slug: 'koerbecke' }, on('koerbecke'))).toBe('/');
		expect(isOwnHost({ slug: 'koerbecke' }, on('koerbecke', 'DORF.example:8443'))).toBe(true);
	});
});

describe('what the app shell is told', () => {
	it('is the slug, the base for this request and the published version', () => {
		const village = { slug: 'koerbecke', host: 'dorf.example', appVersion: 7 } as Tenant;
		expect(appInfo(village, on('koerbecke'))).toEqual({ slug: 'koerbecke', base: '/', version: 7 });
		expect(appInfo(village, on())).toEqual({ slug: 'koerbecke', base: '/koerbecke/', version: 7 });
	});
});

import { describe, expect, it } from 'vitest';
import { newId } from '../ids.ts';
import { VILLAGE_HOST_HEADER } from '../tenancy/hostRouting.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { themeTokens } from '../../ui/theme.ts';
import { iconVersion } from './appIcons.ts';
import { appManifest, appManifestResponse, themeColours } from './appManifest.ts';

const village = (over: Partial<Tenant> = {}): Tenant => ({
	id: newId(),
	parentId: null,
	kind: 'village',
	slug: 'koerbecke',
	name: 'Körbecke',
	path: '/',
	host: null,
	logoUrl: null,
	colorPrimary: '#1f6f43',
	colorAccent: '#b35c00',
	description: 'Am Möhnesee.',
	contentVersion: 0,
	membersCreateProjectsAt: null,
	appVersion: 0,
	appSettings: null,
	editorsBuildAppAt: null,
	lat: null,
	lon: null,
	createdAt: 0,
	updatedAt: 0,
	...over
});
const graphemes = (s: string) => [...new Intl.Segmenter('de', { granularity: 'grapheme' }).segment(s)].length;
const get = (headers: Record<string, string> = {}) => new Request('http://x/koerbecke/manifest.webmanifest', { headers });

describe('the manifest of odd villages', () => {
	it('keeps a name like __proto__ as a plain string and makes a sane short name of long or emoji names', () => {
		const proto = appManifest(village({ name: '__proto__' }));
		expect(proto.name).toBe('__proto__');
		expect(proto.short_name).toBe('__proto__');
		expect(Object.getPrototypeOf(JSON.parse(JSON.stringify(proto)))).toBe(Object.prototype);
		for (const name of [`Ober${'unter'.repeat(60)}dorf`, '🌻'.repeat(40), 'Bad Westernkotten an der Ruhr-Lippe']) {
			const manifest = appManifest(village({ name }));
			expect(manifest.name).toBe(name);
			expect(graphemes(manifest.short_name), name).toBeLessThanOrEqual(12);
			expect(manifest.short_name.length).toBeGreaterThan(0);
		}
	});

	it('describes a village without a description in German', () => {
		expect(appManifest(village({ description: '  ' })).description).toBe('Die Dorf-App von Körbecke.');
	});

	it('falls back to the default colours for a village without its own', () => {
		const manifest = appManifest(village({ colorPrimary: null, colorAccent: null }));
		expect(manifest.theme_color).toBe(themeTokens(null, null).light['--color-primary']);
	});
});

describe('the manifest', () => {
	it('has what Chromium needs to install the app, scoped to the village', () => {
		const v = village();
		const manifest = appManifest(v);
		expect(manifest).toMatchObject({
			id: '/koerbecke/',
			start_url: '/koerbecke/',
			scope: '/koerbecke/',
			name: 'Körbecke',
			short_name: 'Körbecke',
			description: 'Am Möhnesee.',
			lang: 'de',
			display: 'standalone',
			background_color: '#ffffff'
		});
		expect(manifest.icons).toEqual([
			{ src: `/koerbecke/icons/icon-192.png?v=${iconVersion(v)}`, sizes: '192x192', type: 'image/png', purpose: 'any' },
			{ src: `/koerbecke/icons/icon-512.png?v=${iconVersion(v)}`, sizes: '512x512', type: 'image/png', purpose: 'any' },
			{ src: `/koerbecke/icons/maskable-512.png?v=${iconVersion(v)}`, sizes: '512x512', type: 'image/png', purpose: 'maskable' }
		]);
	});

	it('takes the theme colour the app shell shows: the primary colour after the contrast guard', () => {
		// too light on white: the shell darkens it, and so does the manifest
		const light = village({ colorPrimary: '#ffff00' });
		const tokens = themeTokens('#ffff00', '#b35c00');
		expect(appManifest(light).theme_color).toBe(tokens.light['--color-primary']);
		expect(appManifest(light).theme_color).not.toBe('#ffff00');
		expect(themeColours(light)).toEqual({ light: tokens.light['--color-primary'], dark: tokens.dark['--color-primary'] });
	});

	it('is served as application/manifest+json with an ETag, 304 for a current copy and a fresh one after a change', async () => {
		const v = village();
		const res = appManifestResponse(v, get());
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
		expect(res.headers.get('cache-control')).toBe('public, no-cache');
		expect(await res.json()).toEqual(appManifest(v));
		const etag = res.headers.get('etag')!;
		expect(etag).toMatch(/^"[\w-]+"$/);
		const again = appManifestResponse(v, get({ 'if-none-match': `"other", W/${etag}` }));
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
		expect(appManifestResponse({ ...v, name: 'Neu-Körbecke' }, get({ 'if-none-match': etag })).status).toBe(200);
		expect(appManifestResponse({ ...v, logoUrl: '/files/neu' }, get({ 'if-none-match': etag })).status).toBe(200);
	});
});

describe('the manifest on the village’s own host name', () => {
	// serve.ts names the village whose own host name a request came in on (tenancy/hostRouting.ts)
	const onHost = (village?: string) => new Request('http://x/koerbecke/manifest.webmanifest', { headers: village ? { host: 'dorf.example', [VILLAGE_HOST_HEADER]: village } : { host: 'dorf.example' } });

	it('stays scoped to /<village>/ on the platform and on another village’s host name', async () => {
		expect(await appManifestResponse(village({ host: 'dorf.example' }), onHost()).json()).toMatchObject({ id: '/koerbecke/', scope: '/koerbecke/' });
		expect(await appManifestResponse(village({ host: 'dorf.example' }), onHost('altengeseke')).json()).toMatchObject({ scope: '/koerbecke/' });
	});

	it('is the app at / there, its icons where they are', async () => {
		const v = village({ host: 'dorf.example' });
		const manifest = (await appManifestResponse(v, onHost('koerbecke')).json()) as ReturnType<typeof appManifest>;
		expect(manifest).toMatchObject({ id: '/', start_url: '/', scope: '/' });
		expect(manifest.icons[0]!.src).toBe(`/koerbecke/icons/icon-192.png?v=${iconVersion(v)}`);
	});
});

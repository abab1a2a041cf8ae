// The installable village app against the real server: for every demo village a manifest with what browsers
// need, icons that load with the sizes it names, revalidation with 304; and 404 for everything that is no village.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let villages: { id: string; slug: string; name: string }[] = [];

beforeAll(async () => {
	server = await startServer();
	const { db } = openServerDb(server.databaseUrl);
	villages = await db.selectFrom('tenants').select(['id', 'slug', 'name']).where('kind', '=', 'village').orderBy('slug').execute();
	await db.destroy();
	// Körbecke gets a logo (a flat red picture: easy to find again in its icons)
	const admin = new Client(server.url);
	await admin.login('dorf2@example.org');
	const form = new FormData();
	const red = await sharp({ create: { width: 200, height: 80, channels: 3, background: '#c0392b' } }).png().toBuffer();
	form.set('logo', new Blob([new Uint8Array(red)], { type: 'image/png' }), 'logo.png');
	const koerbecke = villages.find((v) => v.slug === 'koerbecke')!;
	expect((await admin.postMultipart(`/admin/tenants/${koerbecke.id}?/uploadLogo`, form)).status).toBe(200);
}, 120_000);
afterAll(async () => server?.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

interface Manifest {
	id: string;
	name: string;
	short_name: string;
	description: string;
	lang: string;
	start_url: string;
	scope: string;
	display: string;
	theme_color: string;
	background_color: string;
	icons: { src: string; sizes: string; type: string; purpose: string }[];
}

describe('what is not a village has no app', () => {
	it.each([
		['a municipality', '/anroechte/manifest.webmanifest'],
		['the county', '/kreis-soest/manifest.webmanifest'],
		['an unknown slug', '/no-such-village/manifest.webmanifest'],
		['a reserved path', '/login/manifest.webmanifest'],
		['the platform root', '/manifest.webmanifest'],
		['a municipality’s icons', '/anroechte/icons/icon-192.png'],
		['an unknown icon', '/koerbecke/icons/icon-1024.png'],
		['an icon name that is an object key', '/koerbecke/icons/__proto__.png'],
		['an icon without .png', '/koerbecke/icons/icon-192']
	])('%s: 404 (%s)', async (_, path) => {
		expect((await get(path)).status).toBe(404);
	});
});

describe('every demo village', () => {
	it('has 56 villages to look at', () => expect(villages).toHaveLength(56));

	it('serves a valid manifest with fetchable icons of the sizes it names, and 304s to current copies', async () => {
		const problems: string[] = [];
		for (const village of villages) {
			const res = await get(`/${village.slug}/manifest.webmanifest`);
			expect(res.status, village.slug).toBe(200);
			expect(res.headers.get('content-type'), village.slug).toMatch(/^application\/manifest\+json/);
			const manifest = (await res.json()) as Manifest;
			const base = `/${village.slug}/`;
			expect(manifest, village.slug).toMatchObject({ id: base, start_url: base, scope: base, name: village.name, lang: 'de', display: 'standalone', background_color: '#ffffff' });
			expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
			expect(manifest.description.length).toBeGreaterThan(0);
			expect([...new Intl.Segmenter('de', { granularity: 'grapheme' }).segment(manifest.short_name)].length, manifest.short_name).toBeLessThanOrEqual(12);
			const purposes = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`);
			expect(purposes, village.slug).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
			expect((await get(`/${village.slug}/manifest.webmanifest`, { 'if-none-match': res.headers.get('etag')! })).status).toBe(304);

			for (const icon of manifest.icons) {
				expect(icon.src.startsWith(base), icon.src).toBe(true);
				const png = await get(icon.src);
				if (png.status !== 200 || png.headers.get('content-type') !== 'image/png') {
					problems.push(`${icon.src}: ${png.status} ${png.headers.get('content-type')}`);
					continue;
				}
				const meta = await sharp(Buffer.from(await png.arrayBuffer())).metadata();
				if (`${meta.width}x${meta.height}` !== icon.sizes || meta.format !== 'png') problems.push(`${icon.src}: ${meta.width}x${meta.height} ${meta.format}`);
				// the manifest names the current version: the icon may be kept for good
				if (png.headers.get('cache-control') !== 'public, max-age=31536000, immutable') problems.push(`${icon.src}: ${png.headers.get('cache-control')}`);
				const again = await get(icon.src, { 'if-none-match': png.headers.get('etag')! });
				if (again.status !== 304) problems.push(`${icon.src}: revalidation ${again.status}`);
			}
		}
		expect(problems).toEqual([]);
	}, 300_000);
});

describe('the app page', () => {
	it('links the manifest, the icons and the theme colour; the Apple icon is opaque and 180 px', async () => {
		const html = await (await get('/koerbecke/', { accept: 'text/html' })).text();
		const manifest = (await (await get('/koerbecke/manifest.webmanifest')).json()) as Manifest;
		expect(html).toContain('<link rel="manifest" href="/koerbecke/manifest.webmanifest"');
		expect(html).toContain('<meta name="mobile-web-app-capable" content="yes"');
		expect(html).toContain('<meta name="apple-mobile-web-app-capable" content="yes"');
		expect(html).toContain(`<meta name="apple-mobile-web-app-title" content="${manifest.short_name}"`);
		expect(html).toMatch(new RegExp(`<meta name="theme-color" media="\\(prefers-color-scheme: light\\)" content="${manifest.theme_color}"`));
		expect(html).toMatch(/<meta name="theme-color" media="\(prefers-color-scheme: dark\)" content="#[0-9a-f]{6}"/);
		// one icon per page: the village's, not the platform's
		expect(html).not.toContain('favicon.svg');
		const icon = /<link rel="icon" type="image\/png" sizes="192x192" href="([^"]+)"/.exec(html)?.[1];
		expect(icon).toBe(manifest.icons.find((i) => i.sizes === '192x192')!.src.replace(/&/g, '&amp;'));
		const apple = /<link rel="apple-touch-icon" sizes="180x180" href="([^"]+)"/.exec(html)?.[1];
		expect(apple).toMatch(/^\/koerbecke\/icons\/apple-touch-icon\.png\?v=/);
		const meta = await sharp(Buffer.from(await (await get(apple!)).arrayBuffer())).metadata();
		expect([meta.width, meta.height, meta.hasAlpha]).toEqual([180, 180, false]);
	});

	it('draws the logo where a village has one, the monogram where not', async () => {
		const centre = async (slug: string) => {
			const { data, info } = await sharp(Buffer.from(await (await get(`/${slug}/icons/maskable-512.png`)).arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
			const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
			return { middle: at(256, 256), corner: at(1, 1) };
		};
		const withLogo = await centre('koerbecke');
		expect(withLogo.middle).toEqual([0xc0, 0x39, 0x2b]);
		expect(withLogo.corner).toEqual([255, 255, 255]);
		const monogram = await centre('altengeseke');
		expect(monogram.corner).not.toEqual([255, 255, 255]);
	});

	it('keeps the platform’s icon on platform pages', async () => {
		expect(await (await get('/', { accept: 'text/html' })).text()).toContain('favicon.svg');
	});
});

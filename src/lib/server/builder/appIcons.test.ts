import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { setLogo } from '../files/logo.ts';
import { prepareUpload, savePreparedUpload } from '../files/uploads.ts';
import { newId } from '../ids.ts';
import type { Actor } from '../policy/index.ts';
import { getTenantById, insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { contrast } from '../../ui/theme.ts';
import { renderMonogramIcon, SAFE_ZONE_RADIUS } from './appIconRender.ts';
import { APP_ICONS, appIcon, appIconResponse, clearAppIconCache, iconColours, iconVersion, isAppIconName, type AppIconName } from './appIcons.ts';

let t: TestDb;
let county: Tenant;
let plain: Tenant;
let withLogo: Tenant;
let other: Tenant;
const userId = newId();

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
/** A flat logo of one colour that appears in no monogram: easy to find in an icon. */
const LOGO_RED = '#c0392b';
const flatPng = (w: number, h: number, colour: string) => sharp({ create: { width: w, height: h, channels: 3, background: colour } }).png().toBuffer();
const adminOf = (tenant: Tenant): Actor => ({ userId, memberships: [{ tenantId: tenant.id, role: 'admin' }], clubRoles: [] });
const fresh = async (tenant: Tenant) => (await getTenantById(t.db, tenant.id))!;
const pixels = async (png: Buffer) => {
	const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
	const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4));
	return { at, width: info.width, height: info.height };
};
const near = (a: number[], b: number[], tolerance = 24) => a.slice(0, 3).every((v, i) => Math.abs(v - b[i]!) <= tolerance);

beforeAll(async () => {
	t = await createTestDb();
	const now = Date.now();
	await t.db.insertInto('users').values({ id: userId, email: 'admin@example.org', emailVerifiedAt: now, passwordHash: 'x', displayName: 'Admin', locale: 'de', createdAt: now, updatedAt: now }).execute();
	county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	plain = await insertTenant(t.db, { kind: 'village', slug: 'ohne-logo', name: 'Bad Westernkotten', parent: county, colorPrimary: '#1f6f43' });
	withLogo = await insertTenant(t.db, { kind: 'village', slug: 'mit-logo', name: 'Körbecke', parent: county, colorPrimary: '#1f6f43' });
	other = await insertTenant(t.db, { kind: 'village', slug: 'anderes', name: 'Anderes Dorf', parent: county, colorPrimary: '#1f6f43' });
	await setLogo(t.db, { actor: adminOf(withLogo), tenant: withLogo, bytes: await flatPng(300, 120, LOGO_RED), ip: '' });
	withLogo = await fresh(withLogo);
});
afterAll(() => t.cleanup());
beforeEach(() => clearAppIconCache());

describe('icon names', () => {
	it('knows only its own icons (no inherited object keys)', () => {
		for (const name of ['__proto__', 'constructor', 'toString', 'icon-1024', 'icon-192.png', '', '../icon-192']) expect(isAppIconName(name), name).toBe(false);
		for (const name of Object.keys(APP_ICONS)) expect(isAppIconName(name)).toBe(true);
	});
});

describe('a logo that is not the village’s own is never drawn', () => {
	it('another village’s file named as the logo gives the monogram', async () => {
		const theirs = withLogo.logoUrl!;
		const borrowing = { ...other, logoUrl: theirs };
		const icon = await appIcon(t.db, borrowing, 'maskable-512');
		const { at } = await pixels(icon);
		// the centre shows no red of the other village's logo, the corner is the primary colour (a monogram)
		expect(near(at(256, 256), rgb(LOGO_RED))).toBe(false);
		expect(near(at(2, 2), rgb(iconColours(other).primary))).toBe(true);
		expect(icon.equals(await appIcon(t.db, { ...other, logoUrl: null }, 'maskable-512'))).toBe(true);
	});

	it('an address instead of a stored file is not fetched: monogram', async () => {
		const icon = await appIcon(t.db, { ...plain, logoUrl: 'https://example.org/logo.png' }, 'icon-192');
		expect(icon.equals(await appIcon(t.db, plain, 'icon-192'))).toBe(true);
	});

	it('a stored file that is no image, or cannot be decoded, gives the monogram', async () => {
		const pdf = await prepareUpload({ tenantId: other.id, bytes: new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), fileName: 'x.pdf', accept: 'pdf', createdBy: null, field: 'f' });
		await savePreparedUpload(t.db, pdf);
		const pdfLogo = await appIcon(t.db, { ...other, logoUrl: pdf.file.url }, 'icon-192');
		expect(pdfLogo.equals(await appIcon(t.db, { ...other, logoUrl: null }, 'icon-192'))).toBe(true);
		// a broken row (no decodable image) is drawn as the monogram too, not as a 500
		const id = newId();
		await t.db.insertInto('files').values({ id, tenantId: other.id, groupId: id, variant: 'logo', kind: 'image', contentType: 'image/png', dataBase64: Buffer.from('not a png').toString('base64'), size: 9, createdAt: Date.now(), width: 1, height: 1, createdBy: null }).execute();
		const broken = await appIcon(t.db, { ...other, logoUrl: `/files/${id}` }, 'apple-touch-icon');
		expect((await sharp(broken).metadata()).width).toBe(180);
	});
});

describe('sizes and formats', () => {
	it.each(Object.entries(APP_ICONS) as [AppIconName, (typeof APP_ICONS)[AppIconName]][])('%s is a square PNG of its size, with and without a logo', async (name, spec) => {
		for (const village of [plain, withLogo]) {
			const meta = await sharp(await appIcon(t.db, village, name)).metadata();
			expect([meta.format, meta.width, meta.height]).toEqual(['png', spec.size, spec.size]);
			// iOS shows transparency as black: the Apple icon has no alpha channel
			if (spec.shape === 'apple') expect([meta.channels, meta.hasAlpha]).toEqual([3, false]);
		}
	});
});

describe('the maskable icon keeps everything that matters inside the safe zone', () => {
	/** The largest distance from the centre of a pixel that is not the background. */
	async function reach(png: Buffer, background: number[]) {
		const { at, width } = await pixels(png);
		let max = 0;
		for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) if (!near(at(x, y), background, 8)) max = Math.max(max, Math.hypot(x + 0.5 - width / 2, y + 0.5 - width / 2));
		return max / width;
	}

	it('a logo: on the white background, wholly within 40 % of the size around the centre, and not tiny', async () => {
		const icon = await appIcon(t.db, withLogo, 'maskable-512');
		const { at } = await pixels(icon);
		expect(near(at(0, 0), [255, 255, 255], 0)).toBe(true);
		expect(near(at(256, 256), rgb(LOGO_RED), 4)).toBe(true);
		const r = await reach(icon, [255, 255, 255]);
		expect(r).toBeLessThanOrEqual(SAFE_ZONE_RADIUS);
		expect(r).toBeGreaterThan(SAFE_ZONE_RADIUS - 0.02);
	});

	it('a monogram: full-bleed primary colour, the letters within the safe zone', async () => {
		const icon = await appIcon(t.db, plain, 'maskable-512');
		const r = await reach(icon, rgb(iconColours(plain).primary));
		expect(r).toBeLessThanOrEqual(SAFE_ZONE_RADIUS);
		expect(r).toBeGreaterThan(0.2);
	});

	it('the "any" logo icon is the logo as it is, transparent around it', async () => {
		const { at } = await pixels(await appIcon(t.db, withLogo, 'icon-512'));
		expect(at(0, 0)[3]).toBe(0);
		expect(near(at(256, 256), rgb(LOGO_RED), 4)).toBe(true);
		expect(near(at(2, 256), rgb(LOGO_RED), 4)).toBe(true);
	});
});

describe('the monogram', () => {
	const colours = { primary: '#1f6f43', onPrimary: '#ffffff', background: '#ffffff' };

	it('uses a text colour that passes contrast on the primary colour, also for a light one', () => {
		for (const colorPrimary of ['#1f6f43', '#ffff00', '#f0f0f0', '#000000', null]) {
			const c = iconColours({ ...plain, colorPrimary });
			expect(contrast(rgb(c.primary), rgb(c.onPrimary)), String(colorPrimary)).toBeGreaterThanOrEqual(4.5);
		}
	});

	it('shows real letters: different initials give different pictures, with ink in the middle', async () => {
		const draw = (letters: string) => renderMonogramIcon({ letters, size: 192, shape: 'any', colours });
		const [i, o, k] = await Promise.all([draw('I'), draw('O'), draw('K')]);
		// a missing font would draw the same box for every letter
		expect(i.equals(o)).toBe(false);
		expect(o.equals(k)).toBe(false);
		const { at } = await pixels(i);
		expect(near(at(96, 96), [255, 255, 255])).toBe(true); // the stem of the I
		expect(near(at(40, 96), rgb(colours.primary))).toBe(true);
		// an O is hollow: primary colour in its middle, white on its ring
		const ring = await pixels(o);
		expect(near(ring.at(96, 96), rgb(colours.primary))).toBe(true);
	});

	it('draws the village’s initials for names with emoji, odd words or great length', async () => {
		for (const name of ['__proto__', '🌻🌻🌻', `Ober${'unter'.repeat(60)}dorf`]) {
			const village = { ...plain, name, logoUrl: null };
			const meta = await sharp(await appIcon(t.db, village, 'icon-192')).metadata();
			expect(meta.width, name).toBe(192);
		}
	});
});

describe('caching and revalidation', () => {
	it('changes its version exactly when the drawing would change', () => {
		const v = iconVersion(plain);
		expect(iconVersion({ ...plain, updatedAt: 1, description: 'neu' })).toBe(v);
		expect(iconVersion({ ...plain, colorPrimary: '#aa0000' })).not.toBe(v);
		expect(iconVersion({ ...plain, name: 'Anderer Name' })).not.toBe(v);
		expect(iconVersion({ ...plain, logoUrl: '/files/abc' })).not.toBe(v);
		expect(iconVersion({ ...plain, id: newId() })).not.toBe(v);
	});

	it('draws an icon once and serves it from memory after', async () => {
		const first = await appIcon(t.db, plain, 'icon-512');
		expect(await appIcon(t.db, plain, 'icon-512')).toBe(first);
		// two requests at once share one drawing
		clearAppIconCache();
		const [a, b] = await Promise.all([appIcon(t.db, plain, 'icon-192'), appIcon(t.db, plain, 'icon-192')]);
		expect(a).toBe(b);
	});

	it('answers a current ETag with 304, keeps versioned addresses for good and revalidates the rest', async () => {
		const request = (headers: Record<string, string> = {}) => new Request('http://x/ohne-logo/icons/icon-192.png', { headers });
		const version = iconVersion(plain);
		const res = await appIconResponse({ db: t.db, village: plain, name: 'icon-192', request: request(), version: null });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(res.headers.get('cache-control')).toBe('public, no-cache');
		const etag = res.headers.get('etag')!;
		expect((await appIconResponse({ db: t.db, village: plain, name: 'icon-192', request: request({ 'if-none-match': etag }), version: null })).status).toBe(304);
		expect((await appIconResponse({ db: t.db, village: plain, name: 'icon-512', request: request({ 'if-none-match': etag }), version: null })).status).toBe(200);
		expect((await appIconResponse({ db: t.db, village: { ...plain, colorPrimary: '#aa0000' }, name: 'icon-192', request: request({ 'if-none-match': etag }), version: null })).status).toBe(200);
		const versioned = await appIconResponse({ db: t.db, village: plain, name: 'icon-192', request: request(), version });
		expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		const stale = await appIconResponse({ db: t.db, village: plain, name: 'icon-192', request: request(), version: 'old' });
		expect(stale.headers.get('cache-control')).toBe('public, no-cache');
	});
});

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { AppError } from '../http/errors.ts';
import type { Actor } from '../policy/index.ts';
import { getTenantById, insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { getFile, MAX_LOGO_BYTES, reencodeLogo, removeLogo, setLogo } from './logo.ts';

let t: TestDb;
let village: Tenant;
let other: Tenant;
beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	village = await insertTenant(t.db, { kind: 'village', slug: 'dorf', name: 'Dorf', parent: county });
	other = await insertTenant(t.db, { kind: 'village', slug: 'anderes', name: 'Anderes', parent: county });
});
afterAll(() => t.cleanup());

const png = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#1f6f43' } }).png().toBuffer();
const fieldErrorOf = async (p: Promise<unknown>) => {
	const e = await p.then(() => null, (err: unknown) => err);
	expect(e).toBeInstanceOf(AppError);
	return (e as AppError).fields.logo;
};

describe('logo re-encoding', () => {
	it('refuses empty, oversized and unreadable files, naming the field', async () => {
		expect(await fieldErrorOf(reencodeLogo(new Uint8Array()))).toBe('Logo: Bitte ausfüllen.');
		expect(await fieldErrorOf(reencodeLogo(new Uint8Array(MAX_LOGO_BYTES + 1)))).toMatch(/^Logo: Die Datei ist zu groß/);
		expect(await fieldErrorOf(reencodeLogo(new TextEncoder().encode('<?php echo 1; ?>')))).toMatch(/^Logo: Das Bild konnte nicht gelesen werden/);
	});

	it('turns any accepted image into a PNG of at most 512 px, without scripts or metadata', async () => {
		const big = await reencodeLogo(await png(2000, 1000));
		expect(await sharp(big).metadata()).toMatchObject({ format: 'png', width: 512, height: 256 });
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script><rect width="64" height="64" fill="red"/></svg>');
		const out = await reencodeLogo(svg);
		expect((await sharp(out).metadata()).format).toBe('png');
		expect(out.toString('latin1')).not.toContain('script');
		const withExif = await sharp(await png(100, 100)).withMetadata({ exif: { IFD0: { Artist: 'Geheim' } } }).jpeg().toBuffer();
		expect((await reencodeLogo(withExif)).toString('latin1')).not.toContain('Geheim');
	});
});

describe('setting a logo', () => {
	const adminOf = (tenant: Tenant): Actor => ({ userId: 'a', memberships: [{ tenantId: tenant.id, role: 'admin' }], clubRoles: [] });

	it('is for the tenant’s admins only', async () => {
		const e = await setLogo(t.db, { actor: adminOf(other), tenant: village, bytes: await png(10, 10), ip: '' }).then(() => null, (err: unknown) => err);
		expect((e as AppError).status).toBe(403);
	});

	it('stores the new logo, replaces the old one and removes it on request', async () => {
		const first = await setLogo(t.db, { actor: adminOf(village), tenant: village, bytes: await png(10, 10), ip: '' });
		const firstId = first.split('/').pop()!;
		expect((await getFile(t.db, firstId))?.contentType).toBe('image/png');
		const fresh = (await getTenantById(t.db, village.id))!;
		const second = await setLogo(t.db, { actor: adminOf(village), tenant: fresh, bytes: await png(20, 20), ip: '' });
		expect(second).not.toBe(first);
		expect(await getFile(t.db, firstId)).toBeUndefined();
		await removeLogo(t.db, { actor: adminOf(village), tenant: (await getTenantById(t.db, village.id))!, ip: '' });
		expect((await getTenantById(t.db, village.id))!.logoUrl).toBeNull();
		expect(await getFile(t.db, second.split('/').pop()!)).toBeUndefined();
	});
});

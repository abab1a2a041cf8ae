import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { AppError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import type { Actor } from '../policy/index.ts';
import { getTenantById, insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { removeLogo, setLogo } from './logo.ts';
import { getStoredFile, MAX_UPLOAD_BYTES, readFileForServing } from './uploads.ts';

let t: TestDb;
let village: Tenant;
let other: Tenant;
const userId = newId();
beforeAll(async () => {
	t = await createTestDb();
	const now = Date.now();
	await t.db.insertInto('users').values({ id: userId, email: 'admin@example.org', emailVerifiedAt: now, passwordHash: 'x', displayName: 'Admin', locale: 'de', createdAt: now, updatedAt: now }).execute();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	village = await insertTenant(t.db, { kind: 'village', slug: 'dorf', name: 'Dorf', parent: county });
	other = await insertTenant(t.db, { kind: 'village', slug: 'anderes', name: 'Anderes', parent: county });
});
afterAll(() => t.cleanup());

const adminOf = (tenant: Tenant): Actor => ({ userId, memberships: [{ tenantId: tenant.id, role: 'admin' }], clubRoles: [] });
const png = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#1f6f43' } }).png().toBuffer();
const fresh = async () => (await getTenantById(t.db, village.id))!;
const set = async (bytes: Uint8Array) => setLogo(t.db, { actor: adminOf(village), tenant: await fresh(), bytes, fileName: 'wappen.png', ip: '' });
const stored = async (url: string) => {
	const file = await readFileForServing(t.db, url.split('/').pop()!);
	return file && { ...file, bytes: Buffer.from(file.dataBase64, 'base64') };
};
const fieldErrorOf = async (p: Promise<unknown>) => {
	const e = await p.then(() => null, (err: unknown) => err);
	expect(e).toBeInstanceOf(AppError);
	return (e as AppError).fields.logo;
};

describe('logo upload refusals', () => {
	it('refuses empty, oversized and unreadable files, naming the field', async () => {
		expect(await fieldErrorOf(set(new Uint8Array()))).toBe('Logo: Die Datei ist leer.');
		expect(await fieldErrorOf(set(new Uint8Array(MAX_UPLOAD_BYTES + 1)))).toBe('Logo: Die Datei ist zu groß (höchstens 10 MB).');
		expect(await fieldErrorOf(set(new TextEncoder().encode('<?php echo 1; ?>')))).toMatch(/^Logo: Das ist keine Bilddatei/);
		expect(await fieldErrorOf(set(Buffer.concat([Buffer.from(await png(8, 8)).subarray(0, 40), Buffer.alloc(20)])))).toMatch(/^Logo: Das Bild konnte nicht gelesen werden/);
	});

	it('refuses SVG now (it used to be rasterised): no XML parser sees uploads', async () => {
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script><rect width="64" height="64" fill="red"/></svg>');
		expect(await fieldErrorOf(set(svg))).toMatch(/^Logo: Das ist keine Bilddatei/);
	});

	it('is for the tenant’s admins only', async () => {
		const e = await setLogo(t.db, { actor: adminOf(other), tenant: village, bytes: await png(10, 10), ip: '' }).then(() => null, (err: unknown) => err);
		expect((e as AppError).status).toBe(403);
	});
});

describe('setting a logo', () => {
	it('turns an image into a PNG of at most 512 px without metadata, with the village’s name as alt text', async () => {
		const url = await set(await png(2000, 1000));
		const file = await stored(url);
		expect(file?.contentType).toBe('image/png');
		expect(await sharp(file!.bytes).metadata()).toMatchObject({ format: 'png', width: 512, height: 256 });
		const withExif = await sharp(await png(100, 100)).withExif({ IFD0: { Artist: 'Geheim' } }).jpeg().toBuffer();
		expect((await stored(await set(withExif)))!.bytes.toString('latin1')).not.toContain('Geheim');
		const info = await getStoredFile(t.db, village.id, url.split('/').pop()!);
		expect(info).toBeUndefined(); // replaced by the second logo
		const current = (await fresh()).logoUrl!;
		expect(await getStoredFile(t.db, village.id, current.split('/').pop()!)).toMatchObject({ alt: 'Dorf', fileName: 'wappen.png', sources: [{ variant: 'logo' }, { variant: 'logo.webp' }] });
	});

	it('stores the new logo, replaces the old one and removes it on request', async () => {
		const first = await set(await png(10, 10));
		expect((await stored(first))?.contentType).toBe('image/png');
		const second = await set(await png(20, 20));
		expect(second).not.toBe(first);
		expect(second).toMatch(/^\/files\/[\w-]+$/);
		expect(await stored(first)).toBeUndefined();
		expect(await readFileForServing(t.db, first.split('/').pop()!, 'logo.webp')).toBeUndefined();
		await removeLogo(t.db, { actor: adminOf(village), tenant: await fresh(), ip: '' });
		expect((await fresh()).logoUrl).toBeNull();
		expect(await stored(second)).toBeUndefined();
	});
});

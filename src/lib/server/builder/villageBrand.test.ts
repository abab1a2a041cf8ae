import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { themeTokens } from '../../ui/theme.ts';
import { villageBrandFromNext } from './villageBrand.ts';

const ORIGIN = 'https://allmende.example.org';
let t: TestDb;
let village: Tenant;

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	const municipality = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	village = await insertTenant(t.db, { kind: 'village', slug: 'dorf', name: 'Unser Dorf', parent: municipality, colorPrimary: '#8b1e3f', colorAccent: '#225588' });
	await t.db.updateTable('tenants').set({ logoUrl: '/files/0190-logo' }).where('id', '=', village.id).execute();
});
afterAll(() => t.cleanup());

const brand = (next: string | null) => villageBrandFromNext(t.db, next, ORIGIN);

describe('the village a login comes from', () => {
	it.each([
		['no next', null],
		['an empty next', ''],
		['another site with the village’s path', 'https://evil.example/dorf/'],
		['a scheme-relative address', '//evil.example/dorf/'],
		['a backslash address', '/\\evil.example/dorf/'],
		['a javascript: address', 'javascript:alert(1)//dorf'],
		['the platform’s start page', '/'],
		['a platform path', '/projects/dorf'],
		['a reserved path that looks like a slug', '/login?next=/dorf/'],
		['a municipality', '/gemeinde/'],
		['the county', '/kreis/'],
		['an unknown village', '/no-such-village/'],
		['an object key', '/__proto__/'],
		['an encoded slug', '/%64orf/'],
		['a slug in upper case', '/DORF/'],
		['an oversized next', `/dorf/${'x'.repeat(5000)}`]
	])('is none for %s', async (_, next) => {
		expect(await brand(next)).toBeNull();
	});

	it('is the village for a path in its app, with its name, logo, icon and colours', async () => {
		for (const next of ['/dorf', '/dorf/', '/dorf/calendar/some-event?x=1#top', `${ORIGIN}/dorf/admin`, '/./dorf/links']) {
			const found = await brand(next);
			expect(found, next).toEqual({
				slug: 'dorf',
				name: 'Unser Dorf',
				logoUrl: '/files/0190-logo',
				icon: expect.stringMatching(/^\/dorf\/icons\/icon-192\.png\?v=[\w-]+$/),
				theme: themeTokens('#8b1e3f', '#225588')
			});
		}
	});
});

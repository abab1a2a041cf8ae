import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { childKindOf, getAncestry, getRootTenant, getTenantByHost, getTenantById, getTenantBySlug, insertTenant, isHostFree, isSlugFree, listTenants, toTree, type Tenant } from './tenants.ts';

// Kreis → Gemeinde → Dorf Ä and Dorf B, built with insertTenant itself.
let t: TestDb;
let county: Tenant;
let muni: Tenant;
let dorfA: Tenant;
let dorfB: Tenant;

beforeAll(async () => {
	t = await createTestDb();
	county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county, description: 'Die Gemeinde' });
	dorfB = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muni, host: 'Dorf-B.Example.DE', colorPrimary: '#112233', colorAccent: '#445566' });
	dorfA = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muni, host: '' });
});
afterAll(() => t.cleanup());

describe('childKindOf', () => {
	it('county → municipality → village → nothing', () => {
		expect(childKindOf('county')).toBe('municipality');
		expect(childKindOf('municipality')).toBe('village');
		expect(childKindOf('village')).toBeNull();
	});
});

describe('insertTenant', () => {
	it('stores the row it returns: path below the parent, host in small letters, empty values as null or empty', async () => {
		expect(county.path).toBe(`/${county.id}/`);
		expect(county.parentId).toBeNull();
		expect(dorfB.path).toBe(`/${county.id}/${muni.id}/${dorfB.id}/`);
		expect(dorfB).toMatchObject({ parentId: muni.id, kind: 'village', slug: 'dorf-b', name: 'Dorf B', host: 'dorf-b.example.de', colorPrimary: '#112233', colorAccent: '#445566', description: '', logoUrl: null, contentVersion: 0 });
		expect(dorfA).toMatchObject({ host: null, colorPrimary: null, colorAccent: null, description: '' });
		expect(muni.description).toBe('Die Gemeinde');
		expect(dorfA.createdAt).toBe(dorfA.updatedAt);
		for (const tenant of [county, muni, dorfA, dorfB]) {
			const row = await getTenantById(t.db, tenant.id);
			expect({ ...row, createdAt: Number(row!.createdAt), updatedAt: Number(row!.updatedAt), contentVersion: Number(row!.contentVersion) }).toEqual(tenant);
		}
	});
});

describe('finding tenants', () => {
	it('finds nothing for unknown ids, slugs and hosts', async () => {
		expect(await getTenantById(t.db, 'nope')).toBeUndefined();
		expect(await getTenantBySlug(t.db, 'nope')).toBeUndefined();
		expect(await getTenantByHost(t.db, 'nope.example.de')).toBeUndefined();
	});

	it('finds by id, slug and host (any case), and the root', async () => {
		expect((await getTenantById(t.db, dorfA.id))?.slug).toBe('dorf-a');
		expect((await getTenantBySlug(t.db, 'dorf-b'))?.id).toBe(dorfB.id);
		expect((await getTenantByHost(t.db, 'DORF-B.example.de'))?.id).toBe(dorfB.id);
		expect((await getRootTenant(t.db))?.id).toBe(county.id);
	});

	it('lists the ancestry root first, and all tenants by name', async () => {
		expect((await getAncestry(t.db, dorfA)).map((x) => x.id)).toEqual([county.id, muni.id, dorfA.id]);
		expect((await getAncestry(t.db, county)).map((x) => x.id)).toEqual([county.id]);
		// an id in the path that no longer names a tenant is left out
		expect((await getAncestry(t.db, { ...dorfA, path: `/${county.id}/gone/${dorfA.id}/` })).map((x) => x.id)).toEqual([county.id, dorfA.id]);
		expect((await listTenants(t.db)).map((x) => x.name)).toEqual(['Dorf A', 'Dorf B', 'Gemeinde', 'Kreis']);
	});

	it('tells free slugs and host names from taken ones, except for the tenant itself', async () => {
		expect(await isSlugFree(t.db, 'dorf-a')).toBe(false);
		expect(await isSlugFree(t.db, 'dorf-a', dorfB.id)).toBe(false);
		expect(await isSlugFree(t.db, 'dorf-a', dorfA.id)).toBe(true);
		expect(await isSlugFree(t.db, 'dorf-c')).toBe(true);
		expect(await isHostFree(t.db, 'DORF-B.example.de')).toBe(false);
		expect(await isHostFree(t.db, 'dorf-b.example.de', dorfA.id)).toBe(false);
		expect(await isHostFree(t.db, 'dorf-b.example.de', dorfB.id)).toBe(true);
		expect(await isHostFree(t.db, 'dorf-c.example.de')).toBe(true);
	});
});

describe('toTree', () => {
	it('nests children under their parents in list order, with their coordinates; a tenant whose parent is not listed is a root', async () => {
		await t.db.updateTable('tenants').set({ lat: 51.5858, lon: 8.2603 }).where('id', '=', dorfA.id).execute();
		const all = await listTenants(t.db);
		expect(toTree(all)).toEqual([
			{
				id: county.id,
				slug: 'kreis',
				name: 'Kreis',
				kind: 'county',
				lat: null,
				lon: null,
				children: [
					{
						id: muni.id,
						slug: 'gemeinde',
						name: 'Gemeinde',
						kind: 'municipality',
						lat: null,
						lon: null,
						children: [
							{ id: dorfA.id, slug: 'dorf-a', name: 'Dorf A', kind: 'village', lat: 51.5858, lon: 8.2603, children: [] },
							{ id: dorfB.id, slug: 'dorf-b', name: 'Dorf B', kind: 'village', lat: null, lon: null, children: [] }
						]
					}
				]
			}
		]);
		expect(toTree([dorfB, dorfA]).map((n) => n.slug)).toEqual(['dorf-b', 'dorf-a']);
		expect(toTree([])).toEqual([]);
	});
});

// The village content version: every write in a village bumps it in the write's transaction; refusals and
// writes in other villages leave it alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { setModuleEnabled } from '../builder/villageModules.ts';
import type { Actor } from '../policy/index.ts';
import { createClub } from '../tenancy/clubs.ts';
import { updateTenant } from '../tenancy/manageTenants.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { contentVersion } from './contentVersion.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
const admin = (village: Tenant): Actor => ({ userId: `admin-${village.slug}`, memberships: [{ tenantId: village.id, role: 'admin' }], clubRoles: [] });

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: county });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: county });
});
afterAll(() => t.cleanup());

describe('content version', () => {
	it('is 0 for a new village and for an unknown id', async () => {
		expect(await contentVersion(t.db, A.id)).toBe(0);
		expect(await contentVersion(t.db, 'no-such-tenant')).toBe(0);
	});

	it('is left alone by refused writes and by writes in another village', async () => {
		await expect(createClub(t.db, { actor: admin(B), tenant: A, input: { name: 'Fremd' }, ip: '' })).rejects.toThrow();
		await setModuleEnabled(t.db, { actor: admin(B), village: B, moduleId: 'links', enabled: true, ip: '' });
		expect(await contentVersion(t.db, A.id)).toBe(0);
		expect(await contentVersion(t.db, B.id)).toBe(1);
	});

	it('goes up with every write in the village: modules, clubs, details', async () => {
		await setModuleEnabled(t.db, { actor: admin(A), village: A, moduleId: 'links', enabled: true, ip: '' });
		const afterModule = await contentVersion(t.db, A.id);
		expect(afterModule).toBeGreaterThan(0);
		await createClub(t.db, { actor: admin(A), tenant: A, input: { name: 'Heimatverein' }, ip: '' });
		const afterClub = await contentVersion(t.db, A.id);
		expect(afterClub).toBeGreaterThan(afterModule);
		await updateTenant(t.db, { actor: admin(A), tenant: A, input: { name: 'Dorf A', slug: 'dorf-a', description: 'Neu' }, ip: '', origin: 'http://localhost:3000' });
		expect(await contentVersion(t.db, A.id)).toBeGreaterThan(afterClub);
	});
});

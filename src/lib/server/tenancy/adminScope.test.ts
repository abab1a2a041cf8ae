import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser } from '../auth/accounts.ts';
import { loadActor, type Actor } from '../policy/index.ts';
import { grantRole } from './memberships.ts';
import { listAdministeredTenants } from './adminScope.ts';
import { insertTenant, type Tenant } from './tenants.ts';

// Kreis → Gemeinde Nord (Überdorf, Adorf) and Gemeinde Süd (Südhof).
let t: TestDb;
let county: Tenant;
let nord: Tenant;
let sued: Tenant;
let ueberdorf: Tenant;
let adorf: Tenant;
let suedhof: Tenant;
const actor = (memberships: Actor['memberships']): Actor => ({ userId: 'u1', memberships, clubRoles: [] });
const names = async (a: Actor) => (await listAdministeredTenants(t.db, a)).map((x) => x.name);

beforeAll(async () => {
	t = await createTestDb();
	county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	sued = await insertTenant(t.db, { kind: 'municipality', slug: 'sued', name: 'Gemeinde Süd', parent: county });
	nord = await insertTenant(t.db, { kind: 'municipality', slug: 'nord', name: 'Gemeinde Nord', parent: county });
	ueberdorf = await insertTenant(t.db, { kind: 'village', slug: 'ueberdorf', name: 'Überdorf', parent: nord });
	adorf = await insertTenant(t.db, { kind: 'village', slug: 'adorf', name: 'Adorf', parent: nord });
	suedhof = await insertTenant(t.db, { kind: 'village', slug: 'suedhof', name: 'Südhof', parent: sued });
});
afterAll(() => t.cleanup());

describe('listAdministeredTenants', () => {
	it('is empty without an admin role: anonymous, members, editors, and an admin role at a tenant that does not exist', async () => {
		expect(await names({ userId: null, memberships: [], clubRoles: [] })).toEqual([]);
		expect(await names(actor([{ tenantId: nord.id, role: 'editor' }, { tenantId: adorf.id, role: 'member' }, { tenantId: county.id, role: 'moderator' }]))).toEqual([]);
		expect(await names(actor([{ tenantId: 'gone', role: 'admin' }]))).toEqual([]);
	});

	it("a village admin gets that village only, never its siblings or its municipality", async () => {
		expect(await names(actor([{ tenantId: adorf.id, role: 'admin' }, { tenantId: suedhof.id, role: 'editor' }]))).toEqual(['Adorf']);
	});

	it('a municipality admin gets it and its villages, parents first, then by name (German order)', async () => {
		expect(await names(actor([{ tenantId: nord.id, role: 'admin' }]))).toEqual(['Gemeinde Nord', 'Adorf', 'Überdorf']);
		expect(await names(actor([{ tenantId: nord.id, role: 'admin' }, { tenantId: suedhof.id, role: 'admin' }]))).toEqual(['Gemeinde Nord', 'Adorf', 'Südhof', 'Überdorf']);
	});

	it('a county admin gets the whole tree', async () => {
		const all = await listAdministeredTenants(t.db, actor([{ tenantId: county.id, role: 'admin' }]));
		expect(all.map((x) => x.id)).toEqual([county.id, nord.id, sued.id, adorf.id, suedhof.id, ueberdorf.id]);
		expect(all[0]).toMatchObject({ slug: 'kreis', kind: 'county', path: county.path });
	});
});

describe('listAdministeredTenants follows the roles as granted', () => {
	// No seeded roles in this file: grantRole runs only here, inside the test.
	it('an admin role granted at a municipality is read back; granting a lower role there replaces it', async () => {
		const user = await createUser(t.db, { email: 'gemeinde@example.org', password: 'ein langes passwort', displayName: 'Gemeinde', verified: true });
		await grantRole(t.db, { tenantId: nord.id, userId: user.id, role: 'admin' });
		expect(await names(await loadActor(t.db, user.id))).toEqual(['Gemeinde Nord', 'Adorf', 'Überdorf']);
		await grantRole(t.db, { tenantId: nord.id, userId: user.id, role: 'editor' });
		expect((await loadActor(t.db, user.id)).memberships).toEqual([{ tenantId: nord.id, role: 'editor' }]);
		expect(await names(await loadActor(t.db, user.id))).toEqual([]);
	});
});

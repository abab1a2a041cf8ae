// The administration's view of the villages' apps: published (which version, when) or not, and the modules on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { newId } from '../ids.ts';
import type { Actor } from '../policy/index.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { villageAppStatus } from './publishedApps.ts';
import { setModuleEnabled } from './villageModules.ts';

let t: TestDb;
let muni: Tenant;
let published: Tenant;
let fresh: Tenant;
beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	published = await insertTenant(t.db, { kind: 'village', slug: 'fertig', name: 'Fertigdorf', parent: muni });
	fresh = await insertTenant(t.db, { kind: 'village', slug: 'neu', name: 'Neudorf', parent: muni });
	// two published versions; the app shows version 2
	for (const [version, at] of [[1, 1_700_000_000_000], [2, 1_750_000_000_000]] as const)
		await t.db.insertInto('appVersions').values({ id: newId(), tenantId: published.id, version, config: '{}', note: '', publishedBy: null, publishedAt: at }).execute();
	await t.db.updateTable('tenants').set({ appVersion: 2 }).where('id', '=', published.id).execute();
	const admin: Actor = { userId: 'admin', memberships: [{ tenantId: muni.id, role: 'admin' }], clubRoles: [] };
	for (const moduleId of ['news', 'calendar']) await setModuleEnabled(t.db, { actor: admin, village: published, moduleId, enabled: true, ip: '' });
});
afterAll(() => t.cleanup());

describe('the villages’ app status', () => {
	it('answers nothing for no ids, and nothing for tenants that are not villages or do not exist', async () => {
		expect(await villageAppStatus(t.db, [])).toEqual({});
		expect(await villageAppStatus(t.db, [muni.id, 'no-such-id'])).toEqual({});
	});

	it('a village never published: no version, no date; no modules', async () => {
		expect(await villageAppStatus(t.db, [fresh.id])).toEqual({ [fresh.id]: { version: 0, publishedAt: null, modules: [] } });
	});

	it('a published village: the live version with its date, and its modules in the app’s order', async () => {
		const status = (await villageAppStatus(t.db, [published.id, fresh.id]))[published.id]!;
		expect(status.version).toBe(2);
		expect(status.publishedAt).toBe(1_750_000_000_000);
		expect(status.modules.map((n) => n.de)).toEqual(['Dorf-News', 'Veranstaltungen']);
	});
});

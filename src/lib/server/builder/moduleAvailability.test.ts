// The staged rollout resolved for one village: nothing decided (everything available), the county's rule per
// module, a municipality's own choice, the pilot mark — and that switching on asks it, on the server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { MODULES } from '../../modules/registry.ts';
import { createUser } from '../auth/accounts.ts';
import { AppError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import type { Actor } from '../policy/index.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { assertModuleAvailable, isAvailableIn, moduleAvailability, ModuleUnavailableError, rolloutPlace } from './moduleAvailability.ts';
import { enabledModule, setModuleEnabled } from './villageModules.ts';

let t: TestDb;
let county: Tenant;
let muniA: Tenant;
let muniB: Tenant;
let A: Tenant;
let B: Tenant;
let loose: Tenant;
let otherCounty: Tenant;
let otherVillage: Tenant;
let userId: string;

beforeAll(async () => {
	t = await createTestDb();
	county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	muniA = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde-a', name: 'Gemeinde A', parent: county });
	muniB = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde-b', name: 'Gemeinde B', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muniA });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muniB });
	// a village right below the county (a one-village installation grows this way): no municipality of its own
	loose = await insertTenant(t.db, { kind: 'village', slug: 'dorf-lose', name: 'Dorf ohne Kommune', parent: county });
	otherCounty = await insertTenant(t.db, { kind: 'county', slug: 'anderer-kreis', name: 'Anderer Kreis', parent: null });
	const otherMuni = await insertTenant(t.db, { kind: 'municipality', slug: 'andere-gemeinde', name: 'Andere Gemeinde', parent: otherCounty });
	otherVillage = await insertTenant(t.db, { kind: 'village', slug: 'anderes-dorf', name: 'Anderes Dorf', parent: otherMuni });
	userId = (await createUser(t.db, { email: 'kreis@example.org', password: 'ein langes Passwort', displayName: 'Kreis', verified: true })).id;
});
afterAll(() => t.cleanup());

// Rules written as the county page writes them (moduleRollout.ts has its own tests); cleared before each test.
async function rule(of: Tenant, moduleId: string, mode: 'all' | 'chosen' | 'none', pilot = false) {
	await t.db.insertInto('moduleRollouts').values({ id: newId(), tenantId: of.id, moduleId, mode, pilotAt: pilot ? Date.now() : null, updatedBy: userId, updatedAt: Date.now() }).execute();
}
async function choice(of: Tenant, municipality: Tenant, moduleId: string, available: boolean) {
	await t.db.insertInto('moduleRolloutChoices').values({ id: newId(), tenantId: of.id, municipalityId: municipality.id, moduleId, availableAt: available ? Date.now() : null, updatedAt: Date.now() }).execute();
}
beforeEach(async () => {
	await t.db.deleteFrom('moduleRolloutChoices').execute();
	await t.db.deleteFrom('moduleRollouts').execute();
});

const of = async (village: Tenant, moduleId: string) => (await moduleAvailability(t.db, village)).get(moduleId);
const admin = (tenant: Tenant): Actor => ({ userId, memberships: [{ tenantId: tenant.id, role: 'admin' }], clubRoles: [] });
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe('resolving a module’s availability', () => {
	it('the rule itself: nowhere beats every choice; a choice beats the mode; the mode decides the rest', () => {
		expect(isAvailableIn({ mode: 'none', pilot: false }, true)).toBe(false);
		expect(isAvailableIn({ mode: 'all', pilot: false }, false)).toBe(false);
		expect(isAvailableIn({ mode: 'chosen', pilot: false }, true)).toBe(true);
		expect(isAvailableIn({ mode: 'all', pilot: false }, undefined)).toBe(true);
		expect(isAvailableIn({ mode: 'chosen', pilot: false }, undefined)).toBe(false);
	});

	it('finds county and municipality on the path', () => {
		expect(rolloutPlace(A)).toEqual({ countyId: county.id, municipalityId: muniA.id });
		expect(rolloutPlace(loose)).toEqual({ countyId: county.id, municipalityId: null });
	});

	it('before the county decides anything, every installed module is available everywhere, and no pilot', async () => {
		for (const village of [A, B, loose]) {
			const all = await moduleAvailability(t.db, village);
			expect([...all.keys()]).toEqual(MODULES.map((mod) => mod.id));
			expect([...all.values()].every((a) => a.available && !a.pilot)).toBe(true);
		}
	});

	it('"nowhere" withdraws the module in every municipality, whatever a municipality’s choice says', async () => {
		await rule(county, 'calendar', 'none');
		await choice(county, muniA, 'calendar', true);
		expect(await of(A, 'calendar')).toEqual({ available: false, pilot: false });
		expect(await of(B, 'calendar')).toEqual({ available: false, pilot: false });
		expect(await of(loose, 'calendar')).toEqual({ available: false, pilot: false });
		expect((await of(A, 'news'))?.available).toBe(true);
	});

	it('"only chosen" releases it where a municipality is switched on, and nowhere else', async () => {
		await rule(county, 'calendar', 'chosen');
		await choice(county, muniA, 'calendar', true);
		expect((await of(A, 'calendar'))?.available).toBe(true);
		expect((await of(B, 'calendar'))?.available).toBe(false);
		expect((await of(loose, 'calendar'))?.available).toBe(false);
	});

	it('"everywhere" with a municipality switched off: withdrawn there only', async () => {
		await rule(county, 'calendar', 'all');
		await choice(county, muniB, 'calendar', false);
		expect((await of(A, 'calendar'))?.available).toBe(true);
		expect((await of(B, 'calendar'))?.available).toBe(false);
		expect((await of(loose, 'calendar'))?.available).toBe(true);
	});

	it('a pilot is marked in every village, also where it is not (yet) released', async () => {
		await rule(county, 'news', 'chosen', true);
		await choice(county, muniA, 'news', true);
		expect(await of(A, 'news')).toEqual({ available: true, pilot: true });
		expect(await of(B, 'news')).toEqual({ available: false, pilot: true });
		expect((await of(A, 'calendar'))?.pilot).toBe(false);
	});

	it('only the village’s own county counts: another county’s rules and choices change nothing here', async () => {
		await rule(otherCounty, 'calendar', 'none', true);
		// a row of the other county that names this county's municipality (no form writes such a row; it must not count)
		await rule(otherCounty, 'news', 'all');
		await choice(otherCounty, muniA, 'news', false);
		expect(await of(A, 'calendar')).toEqual({ available: true, pilot: false });
		expect((await of(A, 'news'))?.available).toBe(true);
		expect((await of(otherVillage, 'calendar'))?.available).toBe(false);
	});
});

describe('switching a module on asks the rollout', () => {
	it('refuses an unknown module as not found', async () => {
		expect(((await refusal(assertModuleAvailable(t.db, A, 'no-such-module'))) as AppError).status).toBe(404);
		expect(((await refusal(assertModuleAvailable(t.db, A, '__proto__'))) as AppError).status).toBe(404);
	});

	it('refuses a module not released in the village’s municipality with 409, naming the module, and writes nothing', async () => {
		await rule(county, 'links', 'all');
		await choice(county, muniB, 'links', false);
		const e = await refusal(setModuleEnabled(t.db, { actor: admin(B), village: B, moduleId: 'links', enabled: true, ip: '' }));
		expect(e).toBeInstanceOf(ModuleUnavailableError);
		expect((e as AppError).status).toBe(409);
		expect((e as AppError).fields._form).toBe('Wichtige Links ist in Ihrer Gemeinde noch nicht freigegeben. Der Kreis gibt Bausteine Schritt für Schritt frei.');
		expect(await t.db.selectFrom('villageModules').select('id').where('tenantId', '=', B.id).execute()).toEqual([]);
		expect(await t.db.selectFrom('auditLog').select('id').where('tenantId', '=', B.id).execute()).toEqual([]);
		// the same module in the other municipality is fine
		await setModuleEnabled(t.db, { actor: admin(A), village: A, moduleId: 'links', enabled: true, ip: '' });
		expect(await enabledModule(t.db, A.id, 'links')).toBeDefined();
	});

	it('a module that is on stays on when it is withdrawn, can be switched off, and then not on again', async () => {
		await setModuleEnabled(t.db, { actor: admin(B), village: B, moduleId: 'news', enabled: true, ip: '' });
		await rule(county, 'news', 'none');
		expect(await enabledModule(t.db, B.id, 'news')).toBeDefined();
		// switching on what is already on changes nothing and is no refusal
		await setModuleEnabled(t.db, { actor: admin(B), village: B, moduleId: 'news', enabled: true, ip: '' });
		await setModuleEnabled(t.db, { actor: admin(B), village: B, moduleId: 'news', enabled: false, ip: '' });
		expect(await enabledModule(t.db, B.id, 'news')).toBeUndefined();
		expect(((await refusal(setModuleEnabled(t.db, { actor: admin(B), village: B, moduleId: 'news', enabled: true, ip: '' }))) as AppError).status).toBe(409);
		expect(await enabledModule(t.db, B.id, 'news')).toBeUndefined();
	});

	it('asks the permission first: a foreign admin gets 403, not a hint about the rollout', async () => {
		await rule(county, 'calendar', 'none');
		expect(((await refusal(setModuleEnabled(t.db, { actor: admin(A), village: B, moduleId: 'calendar', enabled: true, ip: '' }))) as AppError).status).toBe(403);
	});
});

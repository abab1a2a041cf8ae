// The county's page of the staged rollout: who may read and change it, what a save refuses, what it stores,
// and what it tells the audit log and the villages' content versions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser } from '../auth/accounts.ts';
import { AppError } from '../http/errors.ts';
import { ANONYMOUS, type Actor } from '../policy/index.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { contentVersion } from '../db/contentVersion.ts';
import { moduleAvailability } from './moduleAvailability.ts';
import { rolloutSchema, rolloutView, saveRollout, type RolloutInput } from './moduleRollout.ts';
import { setModuleEnabled } from './villageModules.ts';

let t: TestDb;
let county: Tenant;
let muniA: Tenant;
let muniB: Tenant;
let A: Tenant;
let B: Tenant;
let foreignMuni: Tenant;
const actors = {} as Record<'county' | 'muniA' | 'villageA' | 'otherCounty', Actor>;

beforeAll(async () => {
	t = await createTestDb();
	county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	muniA = await insertTenant(t.db, { kind: 'municipality', slug: 'anroechte', name: 'Anröchte', parent: county });
	muniB = await insertTenant(t.db, { kind: 'municipality', slug: 'moehnesee', name: 'Möhnesee', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'altengeseke', name: 'Altengeseke', parent: muniA });
	B = await insertTenant(t.db, { kind: 'village', slug: 'koerbecke', name: 'Körbecke', parent: muniB });
	const otherCounty = await insertTenant(t.db, { kind: 'county', slug: 'anderer-kreis', name: 'Anderer Kreis', parent: null });
	foreignMuni = await insertTenant(t.db, { kind: 'municipality', slug: 'fremde-gemeinde', name: 'Fremde Gemeinde', parent: otherCounty });
	for (const [key, tenant] of [['county', county], ['muniA', muniA], ['villageA', A], ['otherCounty', otherCounty]] as const) {
		const user = await createUser(t.db, { email: `${key.toLowerCase()}@example.org`, password: 'ein langes Passwort', displayName: key, verified: true });
		actors[key] = { userId: user.id, memberships: [{ tenantId: tenant.id, role: 'admin' }], clubRoles: [] };
	}
});
afterAll(() => t.cleanup());

const input = (over: Partial<RolloutInput> = {}): RolloutInput => ({ moduleId: 'calendar', mode: 'all', available: [muniA.id, muniB.id], ...over });
const save = (actor: Actor, over: Partial<RolloutInput> = {}, of: Tenant = county) => saveRollout(t.db, { actor, county: of, input: input(over), ip: '1.2.3.4' });
const refusal = async (p: Promise<unknown>) => (await p.then(() => null, (e: unknown) => e)) as AppError;
const rows = async () => ({
	rules: await t.db.selectFrom('moduleRollouts').selectAll().execute(),
	choices: await t.db.selectFrom('moduleRolloutChoices').selectAll().execute(),
	audit: await t.db.selectFrom('auditLog').select('id').execute()
});
const available = async (village: Tenant, moduleId = 'calendar') => (await moduleAvailability(t.db, village)).get(moduleId)!;

describe('changing the rollout: refusals first', () => {
	it('is for the county’s admins only: municipality, village and another county’s admins get 403, and nothing is written', async () => {
		const before = await rows();
		for (const who of ['muniA', 'villageA', 'otherCounty'] as const) expect((await refusal(save(actors[who], { available: [] }))).status).toBe(403);
		expect((await refusal(save(ANONYMOUS, { available: [] }))).status).toBe(403);
		// a municipality passed as if it were the county
		expect((await refusal(save(actors.county, { available: [] }, muniA))).status).toBe(403);
		expect(await rows()).toEqual(before);
	});

	it('refuses an unknown module, naming the field', async () => {
		for (const moduleId of ['no-such-module', '__proto__', 'constructor']) {
			const e = await refusal(save(actors.county, { moduleId }));
			expect(e.status).toBe(400);
			expect(e.fields).toEqual({ moduleId: 'Baustein: Diesen Baustein gibt es nicht.' });
		}
	});

	it('refuses a municipality of another county (or no municipality at all), naming the field, and writes nothing', async () => {
		const before = await rows();
		for (const id of [foreignMuni.id, A.id, county.id, '__proto__']) {
			const e = await refusal(save(actors.county, { available: [muniA.id, id] }));
			expect(e.status).toBe(400);
			expect(e.fields).toEqual({ available: 'Kommunen: Mindestens eine der Kommunen gehört nicht zu diesem Kreis.' });
		}
		expect(await rows()).toEqual(before);
	});

	it('the form’s schema refuses an unknown mode and an oversized list', () => {
		expect(rolloutSchema.safeParse({ moduleId: 'calendar', mode: 'sometimes' }).success).toBe(false);
		expect(rolloutSchema.safeParse({ moduleId: 'calendar', mode: 'all', available: Array.from({ length: 501 }, (_, i) => `m${i}`) }).success).toBe(false);
		expect(rolloutSchema.safeParse({ moduleId: 'x'.repeat(65), mode: 'all' }).success).toBe(false);
		expect(rolloutSchema.parse({ moduleId: 'calendar', mode: 'none' })).toEqual({ moduleId: 'calendar', mode: 'none', available: [] });
	});
});

describe('changing the rollout', () => {
	it('saving what already holds changes nothing and logs nothing', async () => {
		const before = await rows();
		expect(await save(actors.county)).toBe(false);
		expect(await rows()).toEqual(before);
	});

	it('withdraws a module in one municipality: stored, logged in words for the county and the municipality, villages there bumped', async () => {
		const [versionA, versionB] = [await contentVersion(t.db, A.id), await contentVersion(t.db, B.id)];
		expect(await save(actors.county, { available: [muniA.id] })).toBe(true);
		expect(await available(A)).toEqual({ available: true, pilot: false });
		expect(await available(B)).toEqual({ available: false, pilot: false });
		const log = await t.db.selectFrom('auditLog').select(['tenantId', 'action', 'data', 'ip']).orderBy('id').execute();
		expect(log.map((e) => ({ ...e, data: JSON.parse(e.data) as unknown }))).toEqual([
			{ tenantId: county.id, action: 'module.rollout', data: { module: 'Veranstaltungen', rule: 'in allen Kommunen, außer abgewählten', pilot: 'nein', noLongerAvailableIn: 'Möhnesee' }, ip: '1.2.3.4' },
			{ tenantId: muniB.id, action: 'module.rollout.unavailable', data: { module: 'Veranstaltungen' }, ip: '1.2.3.4' }
		]);
		expect(await contentVersion(t.db, A.id)).toBe(versionA);
		expect(await contentVersion(t.db, B.id)).toBeGreaterThan(versionB);
		// only the difference from the mode is stored: Möhnesee switched off
		expect((await t.db.selectFrom('moduleRolloutChoices').select(['municipalityId', 'availableAt']).execute()).map((c) => [c.municipalityId, c.availableAt])).toEqual([[muniB.id, null]]);
	});

	it('marks a pilot: every village of the county is bumped, and it keeps the time it became one', async () => {
		const versionA = await contentVersion(t.db, A.id);
		await save(actors.county, { moduleId: 'news', pilot: 'on' });
		expect((await moduleAvailability(t.db, A)).get('news')).toEqual({ available: true, pilot: true });
		expect(await contentVersion(t.db, A.id)).toBeGreaterThan(versionA);
		const first = await t.db.selectFrom('moduleRollouts').select('pilotAt').where('moduleId', '=', 'news').executeTakeFirstOrThrow();
		await save(actors.county, { moduleId: 'news', pilot: 'on', mode: 'chosen' });
		const second = await t.db.selectFrom('moduleRollouts').select(['pilotAt', 'mode']).where('moduleId', '=', 'news').executeTakeFirstOrThrow();
		expect(second).toEqual({ pilotAt: first.pilotAt, mode: 'chosen' });
		expect(await t.db.selectFrom('moduleRollouts').select('id').where('moduleId', '=', 'news').execute()).toHaveLength(1);
	});

	it('"nowhere" keeps the ticks for later; "only chosen" then releases exactly the ticked ones', async () => {
		await save(actors.county, { moduleId: 'links', mode: 'none', available: [muniA.id] });
		expect((await available(A, 'links')).available).toBe(false);
		const view = (await rolloutView(t.db, actors.county))!;
		const links = view.modules.find((mod) => mod.id === 'links')!;
		expect(links.mode).toBe('none');
		expect(links.available).toEqual({ [muniA.id]: false, [muniB.id]: false });
		expect(links.ticked).toEqual({ [muniA.id]: true, [muniB.id]: false });
		await save(actors.county, { moduleId: 'links', mode: 'chosen', available: [muniA.id] });
		expect((await available(A, 'links')).available).toBe(true);
		expect((await available(B, 'links')).available).toBe(false);
	});
});

describe('reading the rollout', () => {
	it('nobody but the county’s and the municipalities’ admins reads it', async () => {
		expect(await rolloutView(t.db, ANONYMOUS)).toBeUndefined();
		expect(await rolloutView(t.db, actors.villageA)).toBeUndefined();
		expect(await rolloutView(t.db, actors.otherCounty)).toBeUndefined();
	});

	it('the county’s admins see every municipality and may change it; a municipality admin sees their own, read-only', async () => {
		const full = (await rolloutView(t.db, actors.county))!;
		expect(full.canEdit).toBe(true);
		expect(full.municipalities.map((mu) => mu.name)).toEqual(['Anröchte', 'Möhnesee']);
		const own = (await rolloutView(t.db, actors.muniA))!;
		expect(own.canEdit).toBe(false);
		expect(own.municipalities.map((mu) => mu.name)).toEqual(['Anröchte']);
		expect(own.modules.find((mod) => mod.id === 'calendar')!.available).toEqual({ [muniA.id]: true });
	});

	it('counts the villages that have a module on, per municipality', async () => {
		await setModuleEnabled(t.db, { actor: actors.villageA, village: A, moduleId: 'calendar', enabled: true, ip: '' });
		const calendar = (await rolloutView(t.db, actors.county))!.modules.find((mod) => mod.id === 'calendar')!;
		expect(calendar.inUse).toEqual({ [muniA.id]: 1, [muniB.id]: 0 });
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { createUser, getUserByEmail } from '../../auth/accounts.ts';
import { AppError } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { ANONYMOUS, loadActor, type Actor } from '../../policy/index.ts';
import { seedDemo } from '../../seed/demo.ts';
import { grantRole } from '../../tenancy/memberships.ts';
import { getTenantBySlug } from '../../tenancy/tenants.ts';
import { fundingListSchema, presentProgramme } from './fundingApi.ts';
import { getProgramme, listProgrammes, listProjectFundings, suggestProgrammes } from './fundingQueries.ts';
import { addProjectFunding, removeProjectFunding } from './projectFunding.ts';
import { createProgramme, deleteProgramme, mayKeepCatalogue, updateProgramme } from './saveProgramme.ts';
import { addFundingSchema, listFundingQuerySchema, programmeSchema, type ProgrammeInput } from './schemas.ts';

// The demo seed: dorf1 administers Altengeseke (A), dorf2 Körbecke (B), redaktion edits A, buerger is a member
// of A, kreis administers the county. "Dorfladen in Bürgerhand" (A, soziales) lists Dorferneuerung and LEADER.
let t: TestDb;
const actor = {} as Record<'citizen' | 'editorA' | 'adminA' | 'editorB' | 'county', Actor>;
let shopId: string;
let shopCategory: string;

async function as(email: string) {
	return loadActor(t.db, (await getUserByEmail(t.db, email))!.id);
}
async function status(run: () => Promise<unknown>): Promise<number> {
	try {
		await run();
		return 200;
	} catch (e) {
		if (e instanceof AppError) return e.status;
		throw e;
	}
}
async function fieldOf(run: () => Promise<unknown>): Promise<Record<string, string>> {
	try {
		await run();
	} catch (e) {
		if (e instanceof AppError) return e.fields;
		throw e;
	}
	return {};
}
const programme = (input: Record<string, unknown> = {}): ProgrammeInput => programmeSchema.parse({ name: 'Dorfwerkstatt-Förderung', fundingBody: 'Kreis Soest', share: 'bis zu 80 %', maxAmount: '5000', url: 'https://www.kreis-soest.de/foerderung', 'category-soziales': 'on', ...input });
const create = (who: Actor, input: Record<string, unknown> = {}) => createProgramme(t.db, { actor: who, ip: '127.0.0.1', input: programme(input) });
const add = (who: Actor, programmeId: string, projectId = shopId) => addProjectFunding(t.db, { actor: who, ip: '127.0.0.1', projectId, input: { programmeId, amount: 1200, sharePercent: 60, state: 'applied' } });
const programmeIdByKey = async (key: string) => (await t.db.selectFrom('fundingProgrammes').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	actor.citizen = await as('buerger@example.org');
	actor.editorA = await as('redaktion@example.org');
	actor.adminA = await as('dorf1@example.org');
	actor.county = await as('kreis@example.org');
	const b = (await getTenantBySlug(t.db, 'koerbecke'))!;
	const editorB = await createUser(t.db, { email: 'redaktion-b@example.org', password: 'egal egal egal', displayName: 'Redaktion Körbecke', verified: true });
	await grantRole(t.db, { tenantId: b.id, userId: editorB.id, role: 'editor' });
	actor.editorB = await as('redaktion-b@example.org');
	const shop = await t.db.selectFrom('projects').select(['id', 'categoryKey']).where('title', '=', 'Dorfladen in Bürgerhand').executeTakeFirstOrThrow();
	shopId = shop.id;
	shopCategory = shop.categoryKey;
});
afterAll(() => t.cleanup());

describe('refusals first', () => {
	it('anonymous visitors may neither keep the catalogue nor add funding (401)', async () => {
		const leader = await programmeIdByKey('leader');
		expect(await status(() => create(ANONYMOUS))).toBe(401);
		expect(await status(() => updateProgramme(t.db, { actor: ANONYMOUS, ip: '', programmeId: leader, input: programme() }))).toBe(401);
		expect(await status(() => deleteProgramme(t.db, { actor: ANONYMOUS, ip: '', programmeId: leader }))).toBe(401);
		expect(await status(() => add(ANONYMOUS, leader))).toBe(401);
		expect(await mayKeepCatalogue(t.db, ANONYMOUS)).toBe(false);
	});

	it("a village's admin, editor or citizen may not create, edit or delete programmes (403)", async () => {
		const leader = await programmeIdByKey('leader');
		for (const who of [actor.adminA, actor.editorA, actor.citizen]) {
			expect(await mayKeepCatalogue(t.db, who)).toBe(false);
			expect(await status(() => create(who))).toBe(403);
			expect(await status(() => updateProgramme(t.db, { actor: who, ip: '', programmeId: leader, input: programme({ name: 'Gekapert' }) }))).toBe(403);
			expect(await status(() => deleteProgramme(t.db, { actor: who, ip: '', programmeId: leader }))).toBe(403);
		}
		expect((await getProgramme(t.db, leader))!.name).toBe('LEADER');
	});

	it("another village's editor and a citizen may not add or remove a project's funding (403)", async () => {
		const dsee = await programmeIdByKey('dsee');
		expect(await status(() => add(actor.editorB, dsee))).toBe(403);
		expect(await status(() => add(actor.citizen, dsee))).toBe(403);
		const row = (await listProjectFundings(t.db, shopId))[0]!;
		expect(await status(() => removeProjectFunding(t.db, { actor: actor.editorB, ip: '', projectId: shopId, fundingId: row.id }))).toBe(403);
		expect(await listProjectFundings(t.db, shopId)).toHaveLength(2);
	});

	it('refuses a javascript: or data: address, naming the field', () => {
		for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://example.org/x', 'nur text']) {
			const parsed = parseInput(programmeSchema, { name: 'Programm', url });
			expect(parsed.ok).toBe(false);
			if (!parsed.ok) expect(Object.keys(parsed.errors)).toEqual(['url']);
			if (!parsed.ok) expect(parsed.errors.url).toMatch(/^Link zum Programm: /);
		}
	});

	it('refuses a too short name, a negative or broken maximum and an unknown category, naming the field', async () => {
		const parsed = parseInput(programmeSchema, { name: 'X', maxAmount: '-5' });
		expect(parsed.ok || Object.keys(parsed.errors).sort()).toEqual(['maxAmount', 'name']);
		const broken = parseInput(programmeSchema, { name: 'Programm', maxAmount: '12,5' });
		expect(broken.ok || Object.keys(broken.errors)).toEqual(['maxAmount']);
		expect(await fieldOf(() => create(actor.county, { 'category-soziales': undefined, 'category-nicht-da': 'on' }))).toHaveProperty('categories');
		const share = parseInput(addFundingSchema, { programmeId: 'x', sharePercent: '120', state: 'used' });
		expect(share.ok || Object.keys(share.errors)).toEqual(['sharePercent']);
		const state = parseInput(addFundingSchema, { programmeId: 'x', state: 'granted' });
		expect(state.ok || Object.keys(state.errors)).toEqual(['state']);
	});

	it('refuses a name whose key is taken (400 on the name)', async () => {
		expect(await fieldOf(() => create(actor.county, { name: 'Leader' }))).toHaveProperty('name');
		expect(await fieldOf(() => create(actor.county, { name: '!!!' }))).toHaveProperty('name');
	});

	it('answers 404 for unknown ids, __proto__ and constructor included', async () => {
		for (const id of ['no-such-id', '__proto__', 'constructor', 'toString']) {
			expect(await status(() => updateProgramme(t.db, { actor: actor.county, ip: '', programmeId: id, input: programme() }))).toBe(404);
			expect(await status(() => deleteProgramme(t.db, { actor: actor.county, ip: '', programmeId: id }))).toBe(404);
			expect(await status(() => add(actor.editorA, id))).toBe(404);
			expect(await status(() => removeProjectFunding(t.db, { actor: actor.editorA, ip: '', projectId: shopId, fundingId: id }))).toBe(404);
			const dsee = await programmeIdByKey('dsee');
			expect(await status(() => add(actor.editorA, dsee, id))).toBe(404);
			expect(await getProgramme(t.db, id)).toBeUndefined();
		}
		expect(await status(() => listProgrammes(t.db, { category: '__proto__' }))).toBe(400);
		expect(await status(() => listProgrammes(t.db, { category: 'constructor' }))).toBe(400);
	});

	it("does not remove another project's funding row through this project (404)", async () => {
		const other = await t.db.selectFrom('projects').select('id').where('title', '=', 'Defi-Netz mit Ersthelfer-Alarmierung').executeTakeFirstOrThrow();
		const foreign = (await listProjectFundings(t.db, other.id))[0]!;
		expect(await status(() => removeProjectFunding(t.db, { actor: actor.editorA, ip: '', projectId: shopId, fundingId: foreign.id }))).toBe(404);
		expect(await listProjectFundings(t.db, other.id)).toHaveLength(1);
	});

	it('refuses a programme the project already lists', async () => {
		const leader = await programmeIdByKey('leader');
		expect(await fieldOf(() => add(actor.editorA, leader))).toHaveProperty('programmeId');
	});
});

describe('the catalogue', () => {
	it('lists every programme by name with its categories and the visible projects that used it', async () => {
		const all = await listProgrammes(t.db, listFundingQuerySchema.parse({}));
		expect(all.length).toBeGreaterThanOrEqual(8);
		const leader = all.find((p) => p.key === 'leader')!;
		expect(leader.categories).toContain('soziales');
		expect(leader.usedBy.map((u) => u.title)).toContain('Dorfladen in Bürgerhand');
		// a hidden project is left out
		await t.db.updateTable('projects').set({ hiddenAt: Date.now(), hiddenReason: 'Test' }).where('id', '=', shopId).execute();
		expect((await listProgrammes(t.db)).find((p) => p.key === 'leader')!.usedBy.map((u) => u.title)).not.toContain('Dorfladen in Bürgerhand');
		await t.db.updateTable('projects').set({ hiddenAt: null, hiddenReason: '' }).where('id', '=', shopId).execute();
	});

	it('answers the API in its documented shape, with links to the projects', async () => {
		const body = { programmes: (await listProgrammes(t.db, { category: 'soziales' })).map(presentProgramme) };
		expect(fundingListSchema.safeParse(body).success).toBe(true);
		const leader = body.programmes.find((p) => p.key === 'leader')!;
		expect(leader.usedBy.find((u) => u.title === 'Dorfladen in Bürgerhand')!.url).toBe(`/projects/${shopId}-dorfladen-in-buergerhand`);
	});

	it('filters by category', async () => {
		const mobility = await listProgrammes(t.db, { category: 'mobilitaet' });
		expect(mobility.length).toBeGreaterThan(0);
		expect(mobility.every((p) => p.categories.includes('mobilitaet'))).toBe(true);
		expect(mobility.map((p) => p.key)).toContain('buergerbus-nrw');
		expect(mobility.map((p) => p.key)).not.toContain('kfw-gebaeude');
	});

	it('suggests up to five programmes of the project’s category that it does not list yet', async () => {
		const suggested = await suggestProgrammes(t.db, { projectId: shopId, categoryKey: shopCategory });
		expect(suggested.length).toBeGreaterThan(0);
		expect(suggested.length).toBeLessThanOrEqual(5);
		expect(suggested.map((s) => s.key)).not.toContain('leader');
		expect(suggested.map((s) => s.key)).not.toContain('dorferneuerung');
		expect(suggested.map((s) => s.key)).toContain('heimat-nrw');
	});
});

describe('keeping the catalogue (county admins)', () => {
	it('creates, edits and deletes a programme, each audit-logged; projects keep their funding by name', async () => {
		const { id, key } = await create(actor.county);
		expect(key).toBe('dorfwerkstatt-foerderung');
		const created = (await getProgramme(t.db, id))!;
		expect(created).toMatchObject({ name: 'Dorfwerkstatt-Förderung', maxAmount: 5000, categories: ['soziales'], url: 'https://www.kreis-soest.de/foerderung' });

		await updateProgramme(t.db, { actor: actor.county, ip: '', programmeId: id, input: programme({ name: 'Dorfwerkstatt NRW', maxAmount: '', 'category-kultur': 'on' }) });
		const updated = (await getProgramme(t.db, id))!;
		expect(updated).toMatchObject({ name: 'Dorfwerkstatt NRW', key: 'dorfwerkstatt-foerderung', maxAmount: null });
		expect(updated.categories.sort()).toEqual(['kultur', 'soziales']);

		const { id: fundingId } = await add(actor.editorA, id);
		expect((await listProjectFundings(t.db, shopId)).find((f) => f.id === fundingId)).toMatchObject({ programmeName: 'Dorfwerkstatt NRW', amount: 1200, sharePercent: 60, state: 'applied' });

		await deleteProgramme(t.db, { actor: actor.county, ip: '', programmeId: id });
		expect(await getProgramme(t.db, id)).toBeUndefined();
		expect((await listProjectFundings(t.db, shopId)).find((f) => f.id === fundingId)).toMatchObject({ programmeId: null, programmeName: 'Dorfwerkstatt NRW' });

		const log = await t.db.selectFrom('auditLog').select(['action', 'targetId', 'data']).where('action', 'like', 'funding.%').orderBy('createdAt').orderBy('id').execute();
		expect(log.map((l) => l.action)).toEqual(['funding.create', 'funding.update', 'funding.add', 'funding.delete']);
		expect(log.filter((l) => l.action !== 'funding.add').every((l) => l.targetId === id)).toBe(true);
		// ids only
		expect(log.map((l) => l.data).join()).not.toMatch(/Dorfwerkstatt/);
	});
});

describe("a project's funding (its team)", () => {
	it("adds a programme in the project's tenant and removes it again, both audit-logged", async () => {
		const dsee = await programmeIdByKey('dsee');
		const { id } = await add(actor.editorA, dsee);
		const row = await t.db.selectFrom('projectFundings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		const project = await t.db.selectFrom('projects').select('tenantId').where('id', '=', shopId).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ tenantId: project.tenantId, programmeId: dsee, state: 'applied' });
		expect((await suggestProgrammes(t.db, { projectId: shopId, categoryKey: shopCategory })).map((s) => s.key)).not.toContain('dsee');
		await removeProjectFunding(t.db, { actor: actor.adminA, ip: '', projectId: shopId, fundingId: id });
		expect((await listProjectFundings(t.db, shopId)).map((f) => f.id)).not.toContain(id);
		const log = await t.db.selectFrom('auditLog').select(['action', 'tenantId']).where('targetId', '=', shopId).where('action', 'in', ['funding.add', 'funding.remove']).execute();
		expect(log.every((l) => l.tenantId === project.tenantId)).toBe(true);
		expect(log.map((l) => l.action)).toContain('funding.remove');
	});

	it('the county admin may add funding to a village project too', async () => {
		const bus = await programmeIdByKey('buergerbus-nrw');
		expect(await status(() => add(actor.county, bus))).toBe(200);
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser, getUserByEmail } from '../auth/accounts.ts';
import { AppError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { loadActor, type Actor } from '../policy/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { changeRole, grantRole, listMembers, listUserMemberships, removeMember } from './memberships.ts';
import { getRootTenant, getTenantBySlug, type Tenant } from './tenants.ts';

let t: TestDb;
let countyAdmin: Actor;
let county: Tenant;
const actorOf = async (email: string) => loadActor(t.db, (await getUserByEmail(t.db, email))!.id);
const idOf = async (email: string) => (await getUserByEmail(t.db, email))!.id;
const tenant = async (slug: string) => (await getTenantBySlug(t.db, slug))!;

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	countyAdmin = await actorOf('kreis@example.org');
	county = (await getRootTenant(t.db))!;
	for (const name of ['x1', 'x2', 'x3']) await createUser(t.db, { email: `${name}@example.org`, password: 'egal egal egal', displayName: name, verified: true });
});
afterAll(() => t.cleanup());

/** The status and field messages of a refused change, or 200. */
async function outcome(run: () => Promise<unknown>): Promise<{ status: number; fields?: Record<string, string> }> {
	try {
		await run();
		return { status: 200 };
	} catch (e) {
		if (e instanceof AppError) return { status: e.status, fields: e.fields };
		throw e;
	}
}
const demote = (actor: Actor, where: Tenant, userId: string, role: 'member' | 'admin' | 'editor' = 'member') => outcome(() => changeRole(t.db, { actor, tenant: where, input: { userId, role }, ip: '', origin: 'http://localhost:3000' }));
const remove = (actor: Actor, where: Tenant, userId: string) => outcome(() => removeMember(t.db, { actor, tenant: where, input: { userId }, ip: '' }));
const adminsOf = async (where: Tenant) => (await t.db.selectFrom('memberships').select('userId').where('tenantId', '=', where.id).where('role', '=', 'admin').execute()).map((r) => r.userId);

describe('the last admin (security review finding 4a)', () => {
	it('the county keeps its last admin: neither demoted nor removed, by themselves', async () => {
		const me = await idOf('kreis@example.org');
		const demoted = await demote(countyAdmin, county, me);
		expect(demoted.status).toBe(409);
		expect(demoted.fields).toEqual({ role: expect.stringMatching(/^Rolle: Das ist die letzte Admin-Person hier\./) });
		const removed = await remove(countyAdmin, county, me);
		expect(removed.status).toBe(409);
		expect(removed.fields).toEqual({ userId: expect.stringMatching(/^Person: Das ist die letzte Admin-Person hier\./) });
		expect(await adminsOf(county)).toEqual([me]);
	});

	it("a village keeps its last own admin, even against the county's admins", async () => {
		const village = await tenant('altengeseke');
		const dorf1 = await idOf('dorf1@example.org');
		expect((await demote(countyAdmin, village, dorf1)).status).toBe(409);
		expect((await remove(countyAdmin, village, dorf1)).status).toBe(409);
		expect((await demote(await actorOf('dorf1@example.org'), village, dorf1, 'editor')).status).toBe(409);
		expect(await adminsOf(village)).toEqual([dorf1]);
	});

	it('a village run only by the county stays manageable: members come and go, roles change', async () => {
		const village = await tenant('berge');
		expect(await adminsOf(village)).toEqual([]);
		const x1 = await idOf('x1@example.org');
		await grantRole(t.db, { tenantId: village.id, userId: x1, role: 'member' });
		expect((await demote(countyAdmin, village, x1, 'editor')).status).toBe(200);
		expect((await remove(countyAdmin, village, x1)).status).toBe(200);
	});

	it('with two own admins one may step down, then the other stays', async () => {
		const village = await tenant('effeln');
		const [x2, x3] = [await idOf('x2@example.org'), await idOf('x3@example.org')];
		await grantRole(t.db, { tenantId: village.id, userId: x2, role: 'admin' });
		await grantRole(t.db, { tenantId: village.id, userId: x3, role: 'admin' });
		expect((await demote(await actorOf('x2@example.org'), village, x2)).status).toBe(200);
		expect((await remove(await actorOf('x3@example.org'), village, x3)).status).toBe(409);
		// changing the last admin's role to admin again is no loss
		expect((await demote(countyAdmin, village, x3, 'admin')).status).toBe(200);
		expect((await remove(countyAdmin, village, x2)).status).toBe(200);
		expect(await adminsOf(village)).toEqual([x3]);
	});

	it('two admins demoting each other at the same moment leave one admin', async () => {
		const village = await tenant('heppen');
		const [x1, x2] = [await idOf('x1@example.org'), await idOf('x2@example.org')];
		await grantRole(t.db, { tenantId: village.id, userId: x1, role: 'admin' });
		await grantRole(t.db, { tenantId: village.id, userId: x2, role: 'admin' });
		const results = await Promise.all([demote(countyAdmin, village, x1), demote(countyAdmin, village, x2)]);
		expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
		expect(await adminsOf(village)).toHaveLength(1);
	});

	it('a second county admin lets the first one step down', async () => {
		const x3 = await idOf('x3@example.org');
		await grantRole(t.db, { tenantId: county.id, userId: x3, role: 'admin' });
		expect((await demote(countyAdmin, county, await idOf('kreis@example.org'))).status).toBe(200);
		expect(await adminsOf(county)).toEqual([x3]);
	});

	it('answers 404 for people who are not members here', async () => {
		expect((await demote(countyAdmin, await tenant('lohne'), 'no-such-user')).status).toBe(404);
		expect((await remove(countyAdmin, await tenant('lohne'), 'no-such-user')).status).toBe(404);
	});
});

describe('a person in two villages (defect 2: tenant filter of changeRole/removeMember)', () => {
	// dorf1 administers Altengeseke (A), dorf2 Körbecke (B); "both" is an editor in both villages and a member
	// of a club in each. Editors, not admins: the last-admin rule never gets in the way.
	let a: Tenant;
	let b: Tenant;
	let both: string;
	let clubA: string;
	let clubB: string;
	const membershipsOf = async (userId: string) =>
		(await t.db.selectFrom('memberships').select(['tenantId', 'role']).where('userId', '=', userId).orderBy('tenantId').execute()).map((r) => ({ ...r }));
	const clubMembershipsOf = async (userId: string) =>
		(await t.db.selectFrom('clubMembers').select(['tenantId', 'clubId', 'role']).where('userId', '=', userId).orderBy('tenantId').execute()).map((r) => ({ ...r }));

	beforeAll(async () => {
		[a, b] = [await tenant('altengeseke'), await tenant('koerbecke')];
		await createUser(t.db, { email: 'both@example.org', password: 'egal egal egal', displayName: 'In beiden Dörfern', verified: true });
		both = await idOf('both@example.org');
		clubA = (await t.db.selectFrom('clubs').select('id').where('tenantId', '=', a.id).executeTakeFirstOrThrow()).id;
		clubB = newId();
		await t.db.insertInto('clubs').values({ id: clubB, tenantId: b.id, name: 'Heimatverein Körbecke', slug: 'heimatverein-koerbecke', description: '', createdAt: Date.now(), updatedAt: Date.now() }).execute();
	});

	async function joinBoth() {
		for (const [where, club] of [[a, clubA], [b, clubB]] as const) {
			await grantRole(t.db, { tenantId: where.id, userId: both, role: 'editor' });
			await t.db.deleteFrom('clubMembers').where('clubId', '=', club).where('userId', '=', both).execute();
			await t.db.insertInto('clubMembers').values({ id: newId(), tenantId: where.id, clubId: club, userId: both, role: 'admin', createdAt: Date.now() }).execute();
		}
		return { memberships: await membershipsOf(both), clubs: await clubMembershipsOf(both) };
	}
	const inB = <T extends { tenantId: string }>(rows: T[]) => rows.filter((r) => r.tenantId === b.id);

	it("A's admin changing the role in A leaves the role in B unchanged", async () => {
		const before = await joinBoth();
		expect(before.memberships).toHaveLength(2);
		expect((await demote(await actorOf('dorf1@example.org'), a, both, 'member')).status).toBe(200);
		const after = await membershipsOf(both);
		expect(after.find((r) => r.tenantId === a.id)?.role).toBe('member');
		expect(inB(after)).toEqual([{ tenantId: b.id, role: 'editor' }]);
		expect(await clubMembershipsOf(both)).toEqual(before.clubs);
	});

	it("A's admin removing the person from A leaves their membership and club membership in B", async () => {
		const before = await joinBoth();
		expect(inB(before.clubs)).toEqual([{ tenantId: b.id, clubId: clubB, role: 'admin' }]);
		expect((await remove(await actorOf('dorf1@example.org'), a, both)).status).toBe(200);
		expect(await membershipsOf(both)).toEqual([{ tenantId: b.id, role: 'editor' }]);
		expect(await clubMembershipsOf(both)).toEqual([{ tenantId: b.id, clubId: clubB, role: 'admin' }]);
	});

	it("A's admin cannot act in B: 403 and nothing changes there", async () => {
		const before = await joinBoth();
		const dorf1 = await actorOf('dorf1@example.org');
		expect((await demote(dorf1, b, both, 'member')).status).toBe(403);
		expect((await remove(dorf1, b, both)).status).toBe(403);
		expect(await membershipsOf(both)).toEqual(before.memberships);
		expect(await clubMembershipsOf(both)).toEqual(before.clubs);
	});
});

describe('listMembers, grantRole and listUserMemberships', () => {
	it("lists a village's own members by name with their role, nobody from another village or inherited", async () => {
		const uelde = await tenant('uelde');
		const mellrich = await tenant('mellrich');
		expect(await listMembers(t.db, uelde.id)).toEqual([]);
		const [x1, x2, x3] = [await idOf('x1@example.org'), await idOf('x2@example.org'), await idOf('x3@example.org')];
		await grantRole(t.db, { tenantId: uelde.id, userId: x2, role: 'editor' });
		await grantRole(t.db, { tenantId: uelde.id, userId: x1, role: 'member' });
		await grantRole(t.db, { tenantId: mellrich.id, userId: x3, role: 'member' });
		const rows = await listMembers(t.db, uelde.id);
		expect(rows.map((r) => ({ ...r, createdAt: typeof r.createdAt }))).toEqual([
			{ userId: x1, displayName: 'x1', email: 'x1@example.org', role: 'member', createdAt: 'number' },
			{ userId: x2, displayName: 'x2', email: 'x2@example.org', role: 'editor', createdAt: 'number' }
		]);
		expect((await listMembers(t.db, mellrich.id)).map((r) => r.userId)).toEqual([x3]);
	});

	it('grantRole on an existing membership changes its role and keeps one row', async () => {
		const uelde = await tenant('uelde');
		const x1 = await idOf('x1@example.org');
		await grantRole(t.db, { tenantId: uelde.id, userId: x1, role: 'moderator' });
		expect((await t.db.selectFrom('memberships').select('role').where('tenantId', '=', uelde.id).where('userId', '=', x1).execute()).map((r) => r.role)).toEqual(['moderator']);
	});

	it("lists a person's memberships by the tenant's name, with the role", async () => {
		const x3 = await idOf('x3@example.org');
		const rows = (await listUserMemberships(t.db, x3)).filter((r) => ['mellrich', 'kreis-soest', 'effeln', 'heppen'].includes(r.slug));
		const mellrich = await tenant('mellrich');
		expect(rows.map((r) => ({ ...r }))).toContainEqual({ id: mellrich.id, name: 'Mellrich', slug: 'mellrich', kind: 'village', path: mellrich.path, role: 'member' });
		const names = (await listUserMemberships(t.db, x3)).map((r) => r.name);
		expect(names).toEqual([...names].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0)));
		expect(names.length).toBeGreaterThan(1);
		expect(await listUserMemberships(t.db, 'no-such-user')).toEqual([]);
	});
});

describe('changeRole and removeMember: who may, and the audit', () => {
	const auditOf = async (action: string, where: Tenant, userId: string) =>
		(await t.db.selectFrom('auditLog').select(['actorId', 'targetType', 'data', 'ip']).where('action', '=', action).where('tenantId', '=', where.id).where('targetId', '=', userId).execute()).map((r) => ({ ...r, data: JSON.parse(r.data) }));

	it("refuses editors and another village's admins with 403 and changes nothing", async () => {
		const uelde = await tenant('uelde');
		const x1 = await idOf('x1@example.org');
		const editor = await actorOf('x2@example.org'); // editor in Uelde
		const otherAdmin = await actorOf('dorf2@example.org');
		for (const actor of [editor, otherAdmin]) {
			expect((await demote(actor, uelde, x1, 'admin')).status).toBe(403);
			expect((await remove(actor, uelde, x1)).status).toBe(403);
		}
		expect((await listMembers(t.db, uelde.id)).find((r) => r.userId === x1)?.role).toBe('moderator');
		expect(await auditOf('member.role', uelde, x1)).toEqual([]);
	});

	it('writes the new role and an audit entry naming it', async () => {
		const uelde = await tenant('uelde');
		const x1 = await idOf('x1@example.org');
		await changeRole(t.db, { actor: countyAdmin, tenant: uelde, input: { userId: x1, role: 'editor' }, ip: '10.0.0.9', origin: 'http://localhost:3000' });
		expect((await listMembers(t.db, uelde.id)).find((r) => r.userId === x1)?.role).toBe('editor');
		expect(await auditOf('member.role', uelde, x1)).toEqual([{ actorId: countyAdmin.userId, targetType: 'user', data: { role: 'editor' }, ip: '10.0.0.9' }]);
	});

	it("removes the membership and the person's clubs of this village only, audited", async () => {
		const uelde = await tenant('uelde');
		const mellrich = await tenant('mellrich');
		const x3 = await idOf('x3@example.org');
		await grantRole(t.db, { tenantId: uelde.id, userId: x3, role: 'member' });
		const now = Date.now();
		const clubs: string[] = [];
		for (const where of [uelde, mellrich]) {
			const id = newId();
			clubs.push(id);
			await t.db.insertInto('clubs').values({ id, tenantId: where.id, name: `Verein ${where.slug}`, slug: `verein-${where.slug}`, description: '', createdAt: now, updatedAt: now }).execute();
			await t.db.insertInto('clubMembers').values({ id: newId(), tenantId: where.id, clubId: id, userId: x3, role: 'member', createdAt: now }).execute();
		}
		await removeMember(t.db, { actor: countyAdmin, tenant: uelde, input: { userId: x3 }, ip: '10.0.0.8' });
		expect((await listMembers(t.db, uelde.id)).map((r) => r.userId)).not.toContain(x3);
		expect((await listMembers(t.db, mellrich.id)).map((r) => r.userId)).toContain(x3);
		expect((await t.db.selectFrom('clubMembers').select('clubId').where('userId', '=', x3).execute()).map((r) => r.clubId)).toEqual([clubs[1]]);
		expect(await auditOf('member.remove', uelde, x3)).toEqual([{ actorId: countyAdmin.userId, targetType: 'user', data: {}, ip: '10.0.0.8' }]);
	});
});

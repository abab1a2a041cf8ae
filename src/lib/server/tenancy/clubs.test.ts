import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser, getUserByEmail } from '../auth/accounts.ts';
import { AppError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { loadActor, type Actor } from '../policy/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { removeClubMember } from './clubs.ts';
import { grantRole } from './memberships.ts';
import { getTenantBySlug, type Tenant } from './tenants.ts';

// dorf1 administers Altengeseke (A), dorf2 Körbecke (B); "both" is a member of both villages and of a club in each.
let t: TestDb;
let a: Tenant;
let b: Tenant;
let adminA: Actor;
let both: string;
let clubA: string;
let clubB: string;

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	a = (await getTenantBySlug(t.db, 'altengeseke'))!;
	b = (await getTenantBySlug(t.db, 'koerbecke'))!;
	adminA = await loadActor(t.db, (await getUserByEmail(t.db, 'dorf1@example.org'))!.id);
	await createUser(t.db, { email: 'both@example.org', password: 'egal egal egal', displayName: 'In beiden Dörfern', verified: true });
	both = (await getUserByEmail(t.db, 'both@example.org'))!.id;
	clubA = (await t.db.selectFrom('clubs').select('id').where('tenantId', '=', a.id).executeTakeFirstOrThrow()).id;
	clubB = newId();
	await t.db.insertInto('clubs').values({ id: clubB, tenantId: b.id, name: 'Heimatverein Körbecke', slug: 'heimatverein-koerbecke', description: '', createdAt: Date.now(), updatedAt: Date.now() }).execute();
});
afterAll(() => t.cleanup());

async function joinBoth() {
	for (const [where, club] of [[a, clubA], [b, clubB]] as const) {
		await grantRole(t.db, { tenantId: where.id, userId: both, role: 'member' });
		await t.db.deleteFrom('clubMembers').where('clubId', '=', club).where('userId', '=', both).execute();
		await t.db.insertInto('clubMembers').values({ id: newId(), tenantId: where.id, clubId: club, userId: both, role: 'member', createdAt: Date.now() }).execute();
	}
}
const clubsOf = async (userId: string) => (await t.db.selectFrom('clubMembers').select(['tenantId', 'clubId']).where('userId', '=', userId).orderBy('tenantId').execute()).map((r) => ({ ...r }));
const membershipsOf = async (userId: string) => (await t.db.selectFrom('memberships').select(['tenantId', 'role']).where('userId', '=', userId).orderBy('tenantId').execute()).map((r) => ({ ...r }));
async function removeFromClub(actor: Actor, where: Tenant, clubId: string, userId: string): Promise<number> {
	try {
		await removeClubMember(t.db, { actor, tenant: where, input: { clubId, userId }, ip: '' });
		return 200;
	} catch (e) {
		if (e instanceof AppError) return e.status;
		throw e;
	}
}

describe('removeClubMember with a person in two villages (defect 2: tenant filter of removeClubMember)', () => {
	it("A's admin naming B's club id in A: 404, and the club membership in B stays", async () => {
		await joinBoth();
		const before = await clubsOf(both);
		expect(before).toEqual(expect.arrayContaining([{ tenantId: b.id, clubId: clubB }]));
		expect(await removeFromClub(adminA, a, clubB, both)).toBe(404);
		expect(await clubsOf(both)).toEqual(before);
		expect(await membershipsOf(both)).toHaveLength(2);
	});

	it("A's admin acting in B: 403, and the club membership in B stays", async () => {
		await joinBoth();
		const before = await clubsOf(both);
		expect(await removeFromClub(adminA, b, clubB, both)).toBe(403);
		expect(await clubsOf(both)).toEqual(before);
	});

	it("A's admin removing the person from A's club leaves B's club and both village memberships", async () => {
		await joinBoth();
		const memberships = await membershipsOf(both);
		expect(await removeFromClub(adminA, a, clubA, both)).toBe(200);
		expect(await clubsOf(both)).toEqual([{ tenantId: b.id, clubId: clubB }]);
		expect(await membershipsOf(both)).toEqual(memberships);
		// a second time there is nothing left to remove
		expect(await removeFromClub(adminA, a, clubA, both)).toBe(404);
	});
});

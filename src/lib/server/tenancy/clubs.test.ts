import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser, getUserByEmail } from '../auth/accounts.ts';
import { AppError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { loadActor, type Actor } from '../policy/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { createClub, deleteClub, getClub, listClubMembers, listClubs, removeClubMember, updateClub } from './clubs.ts';
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

/** The status and field messages of a refused command, or 200. */
async function outcome(run: () => Promise<unknown>): Promise<{ status: number; fields?: Record<string, string> }> {
	try {
		await run();
		return { status: 200 };
	} catch (e) {
		if (e instanceof AppError) return { status: e.status, fields: e.fields };
		throw e;
	}
}
const actorOf = async (email: string) => loadActor(t.db, (await getUserByEmail(t.db, email))!.id);
const clubRow = async (id: string) => t.db.selectFrom('clubs').select(['tenantId', 'name', 'slug', 'description']).where('id', '=', id).executeTakeFirst();
const auditOf = async (action: string, targetId: string) =>
	(await t.db.selectFrom('auditLog').select(['tenantId', 'actorId', 'targetType', 'data', 'ip']).where('action', '=', action).where('targetId', '=', targetId).execute()).map((r) => ({
		...r,
		data: JSON.parse(r.data)
	}));
async function newClub(where: Tenant, name: string): Promise<string> {
	const id = newId();
	await t.db.insertInto('clubs').values({ id, tenantId: where.id, name, slug: newId(), description: 'alt', createdAt: Date.now(), updatedAt: Date.now() }).execute();
	return id;
}
async function joinClub(where: Tenant, clubId: string, email: string, role: 'admin' | 'member'): Promise<string> {
	let user = await getUserByEmail(t.db, email);
	if (!user) {
		await createUser(t.db, { email, password: 'egal egal egal', displayName: email.split('@')[0]!, verified: true });
		user = (await getUserByEmail(t.db, email))!;
	}
	await grantRole(t.db, { tenantId: where.id, userId: user.id, role: 'member' });
	await t.db.insertInto('clubMembers').values({ id: newId(), tenantId: where.id, clubId, userId: user.id, role, createdAt: Date.now() }).execute();
	return user.id;
}

describe('listClubs, getClub and listClubMembers read one village only', () => {
	it("getClub does not find another village's club, but finds its own", async () => {
		expect(await getClub(t.db, a.id, clubB)).toBeUndefined();
		expect(await getClub(t.db, b.id, clubA)).toBeUndefined();
		expect(await getClub(t.db, a.id, 'no-such-club')).toBeUndefined();
		expect(await getClub(t.db, b.id, clubB)).toMatchObject({ id: clubB, tenantId: b.id, name: 'Heimatverein Körbecke', slug: 'heimatverein-koerbecke' });
	});

	it("lists a village's clubs by name with their member counts, none of another village's", async () => {
		const v = (await getTenantBySlug(t.db, 'berge'))!;
		const w = (await getTenantBySlug(t.db, 'effeln'))!;
		expect(await listClubs(t.db, v.id)).toEqual([]);
		const zebra = await newClub(v, 'Zebraverein');
		const alpha = await newClub(v, 'Angelverein');
		const other = await newClub(w, 'Billardverein');
		await joinClub(v, zebra, 'z1@example.org', 'member');
		await joinClub(v, zebra, 'z2@example.org', 'admin');
		await joinClub(w, other, 'z3@example.org', 'member');
		const rows = (await listClubs(t.db, v.id)).map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
		expect(rows).toEqual([
			{ id: alpha, name: 'Angelverein', slug: expect.any(String), description: 'alt', memberCount: 0 },
			{ id: zebra, name: 'Zebraverein', slug: expect.any(String), description: 'alt', memberCount: 2 }
		]);
		expect((await listClubs(t.db, w.id)).map((r) => [r.id, Number(r.memberCount)])).toEqual([[other, 1]]);
	});

	it("lists a club's members by name, and nobody when asked in another village", async () => {
		const v = (await getTenantBySlug(t.db, 'berge'))!;
		const club = (await listClubs(t.db, v.id)).find((c) => c.name === 'Zebraverein')!.id;
		expect(await listClubMembers(t.db, a.id, club)).toEqual([]);
		const members = await listClubMembers(t.db, v.id, club);
		expect(members.map((m) => ({ ...m }))).toEqual([
			{ userId: (await getUserByEmail(t.db, 'z1@example.org'))!.id, displayName: 'z1', email: 'z1@example.org', role: 'member' },
			{ userId: (await getUserByEmail(t.db, 'z2@example.org'))!.id, displayName: 'z2', email: 'z2@example.org', role: 'admin' }
		]);
	});
});

describe('createClub', () => {
	it('refuses members, editors and admins of another village with 403 and writes nothing', async () => {
		for (const actor of [await actorOf('buerger@example.org'), await actorOf('redaktion@example.org'), await actorOf('dorf2@example.org')]) {
			expect((await outcome(() => createClub(t.db, { actor, tenant: a, input: { name: 'Kegelclub' }, ip: '' }))).status).toBe(403);
		}
		expect(await t.db.selectFrom('clubs').select('id').where('slug', '=', 'kegelclub').execute()).toEqual([]);
	});

	it('refuses a second club whose name gives the same slug in the same village (400, field name)', async () => {
		const res = await outcome(() => createClub(t.db, { actor: adminA, tenant: a, input: { name: 'SCHÜTZENVEREIN altengeseke!' }, ip: '' }));
		expect(res).toEqual({ status: 400, fields: { name: expect.stringContaining('Einen Verein mit diesem Namen gibt es hier schon.') } });
		expect((await listClubs(t.db, a.id)).filter((c) => c.slug === 'schuetzenverein-altengeseke')).toHaveLength(1);
	});

	it('creates the club with a slug from its name, returns it exactly and audits it', async () => {
		const before = Date.now();
		const club = await createClub(t.db, { actor: adminA, tenant: a, input: { name: 'Musikverein Ölbach', description: 'Blasmusik' }, ip: '10.0.0.1' });
		expect(club).toEqual({ id: expect.any(String), tenantId: a.id, name: 'Musikverein Ölbach', slug: 'musikverein-oelbach', description: 'Blasmusik', createdAt: club.updatedAt, updatedAt: club.createdAt });
		expect(club.createdAt).toBeGreaterThanOrEqual(before);
		expect(await clubRow(club.id)).toEqual({ tenantId: a.id, name: 'Musikverein Ölbach', slug: 'musikverein-oelbach', description: 'Blasmusik' });
		expect(await auditOf('club.create', club.id)).toEqual([{ tenantId: a.id, actorId: adminA.userId, targetType: 'club', data: { name: 'Musikverein Ölbach' }, ip: '10.0.0.1' }]);
	});

	it("allows the same name in another village; a name without letters gets the slug 'verein', and no description is empty", async () => {
		const adminB = await actorOf('dorf2@example.org');
		const same = await createClub(t.db, { actor: adminB, tenant: b, input: { name: 'Musikverein Ölbach' }, ip: '' });
		expect(same).toMatchObject({ tenantId: b.id, slug: 'musikverein-oelbach', description: '' });
		const odd = await createClub(t.db, { actor: adminB, tenant: b, input: { name: '!!' }, ip: '' });
		expect(odd.slug).toBe('verein');
		expect(await clubRow(odd.id)).toMatchObject({ slug: 'verein', description: '' });
	});
});

describe('updateClub', () => {
	it("refuses another village's club id with 404 and leaves it unchanged", async () => {
		const res = await outcome(() => updateClub(t.db, { actor: adminA, tenant: a, clubId: clubB, input: { name: 'Gekapert', description: 'x' }, ip: '' }));
		expect(res.status).toBe(404);
		expect(await clubRow(clubB)).toMatchObject({ name: 'Heimatverein Körbecke', description: '' });
		expect(await auditOf('club.update', clubB)).toEqual([]);
	});

	it('refuses plain club members and village editors with 403', async () => {
		const club = await newClub(a, 'Kegelclub Altengeseke');
		await joinClub(a, club, 'kegler@example.org', 'member');
		for (const actor of [await actorOf('kegler@example.org'), await actorOf('redaktion@example.org')]) {
			expect((await outcome(() => updateClub(t.db, { actor, tenant: a, clubId: club, input: { name: 'Gekapert' }, ip: '' }))).status).toBe(403);
		}
		expect(await clubRow(club)).toMatchObject({ name: 'Kegelclub Altengeseke', description: 'alt' });
	});

	it("lets the club's own admin rename it, audited; a missing description becomes empty", async () => {
		const club = await newClub(a, 'Landfrauen Altengeseke');
		await joinClub(a, club, 'landfrau@example.org', 'admin');
		const actor = await actorOf('landfrau@example.org');
		await updateClub(t.db, { actor, tenant: a, clubId: club, input: { name: 'Landfrauen e. V.', description: 'Neu' }, ip: '10.0.0.2' });
		expect(await clubRow(club)).toMatchObject({ name: 'Landfrauen e. V.', description: 'Neu' });
		expect(await auditOf('club.update', club)).toEqual([{ tenantId: a.id, actorId: actor.userId, targetType: 'club', data: { name: 'Landfrauen e. V.' }, ip: '10.0.0.2' }]);
		await updateClub(t.db, { actor: adminA, tenant: a, clubId: club, input: { name: 'Landfrauen' }, ip: '' });
		expect(await clubRow(club)).toMatchObject({ name: 'Landfrauen', description: '' });
		expect(await clubRow(clubB)).toMatchObject({ name: 'Heimatverein Körbecke' });
	});
});

describe('deleteClub', () => {
	it("refuses another village's club id with 404 and the club stays", async () => {
		expect((await outcome(() => deleteClub(t.db, { actor: adminA, tenant: a, clubId: clubB, ip: '' }))).status).toBe(404);
		expect(await clubRow(clubB)).toBeDefined();
	});

	it("refuses the club's own admin (only village admins delete clubs) with 403", async () => {
		const club = await newClub(a, 'Theatergruppe');
		await joinClub(a, club, 'theater@example.org', 'admin');
		const actor = await actorOf('theater@example.org');
		expect((await outcome(() => deleteClub(t.db, { actor, tenant: a, clubId: club, ip: '' }))).status).toBe(403);
		expect(await clubRow(club)).toBeDefined();
	});

	it('lets the village admin delete the club, audited with its name; other clubs stay', async () => {
		const club = await newClub(a, 'Skatrunde');
		const others = (await listClubs(t.db, a.id)).length - 1;
		await deleteClub(t.db, { actor: adminA, tenant: a, clubId: club, ip: '10.0.0.3' });
		expect(await clubRow(club)).toBeUndefined();
		expect(await listClubs(t.db, a.id)).toHaveLength(others);
		expect(await clubRow(clubB)).toBeDefined();
		expect(await auditOf('club.delete', club)).toEqual([{ tenantId: a.id, actorId: adminA.userId, targetType: 'club', data: { name: 'Skatrunde' }, ip: '10.0.0.3' }]);
	});
});

describe('removeClubMember', () => {
	it('refuses a plain club member with 403; the club admin removes a member, audited with the user id', async () => {
		const club = await newClub(a, 'Chor Altengeseke');
		const singer = await joinClub(a, club, 'saenger@example.org', 'member');
		await joinClub(a, club, 'chorleiter@example.org', 'admin');
		const other = await actorOf('saenger@example.org');
		expect(await removeFromClub(other, a, club, singer)).toBe(403);
		const leader = await actorOf('chorleiter@example.org');
		expect(await removeFromClub(leader, a, club, singer)).toBe(200);
		expect((await listClubMembers(t.db, a.id, club)).map((m) => m.email)).toEqual(['chorleiter@example.org']);
		expect(await auditOf('club.member.remove', club)).toEqual([{ tenantId: a.id, actorId: leader.userId, targetType: 'club', data: { userId: singer }, ip: '' }]);
	});
});

// "Mitglieder dürfen Projekte anlegen": a village's members create projects there (and lead them) only while
// the village allows it; only that village's admins (and those above) switch it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { outcome } from '../../../../../tests/helpers/outcome.ts';
import { createUser } from '../../auth/accounts.ts';
import type { Actor } from '../../policy/index.ts';
import { getTenantById, insertTenant, type Tenant } from '../../tenancy/tenants.ts';
import { adoptProject } from './adoptProject.ts';
import { setMembersCreateProjects } from './memberProjects.ts';
import { listProjectPlaces } from './projectPlaces.ts';
import { changeProjectStatus, createProject, loadProjectForWrite, updateProject } from './saveProject.ts';
import { createProjectSchema, updateProjectSchema } from './schemas.ts';

let t: TestDb;
const v = {} as Record<'county' | 'muniA' | 'A' | 'A2' | 'B', Tenant>;
const ip = '127.0.0.1';
const who = {} as Record<'memberA' | 'memberB' | 'editorA' | 'adminA' | 'adminB' | 'adminMuniA' | 'nobody', Actor>;
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };

const input = (village: string, title = 'Bücherschrank an der Bushaltestelle') => createProjectSchema.parse({ village, title, categoryKey: 'kultur', status: 'planning' });
const code = outcome;
// the translated field error, naming the field (German is the default locale)
const REFUSED = '403 village:Dorf: Hier dürfen Sie keine Projekte anlegen.';
const fresh = async (tenant: Tenant) => (await getTenantById(t.db, tenant.id))!;
const allow = async (actor: Actor, village: Tenant, allowed: boolean) => setMembersCreateProjects(t.db, { actor, village: await fresh(village), allowed, ip });
const projectCount = async () => Number((await t.db.selectFrom('projects').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
	t = await createTestDb();
	v.county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	v.muniA = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde-a', name: 'Gemeinde A', parent: v.county });
	const muniB = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde-b', name: 'Gemeinde B', parent: v.county });
	v.A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: v.muniA });
	v.A2 = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a2', name: 'Dorf A2', parent: v.muniA });
	v.B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muniB });
	const roles: Record<keyof typeof who, Actor['memberships']> = {
		memberA: [{ tenantId: v.A.id, role: 'member' }],
		memberB: [{ tenantId: v.B.id, role: 'member' }],
		editorA: [{ tenantId: v.A.id, role: 'editor' }],
		adminA: [{ tenantId: v.A.id, role: 'admin' }],
		adminB: [{ tenantId: v.B.id, role: 'admin' }],
		adminMuniA: [{ tenantId: v.muniA.id, role: 'admin' }],
		nobody: []
	};
	for (const [key, memberships] of Object.entries(roles)) {
		const user = await createUser(t.db, { email: `${key.toLowerCase()}@example.org`, password: 'ein langes passwort', displayName: key, verified: true });
		who[key as keyof typeof who] = { userId: user.id, memberships, clubRoles: [] };
	}
});
afterAll(() => t.cleanup());

describe('while the village does not allow it', () => {
	it('refuses its members with 403 naming the place field, and offers them no place', async () => {
		expect(await code(createProject(t.db, { actor: who.memberA, ip, input: input('dorf-a') }))).toBe(REFUSED);
		expect(await listProjectPlaces(t.db, who.memberA)).toEqual([]);
		expect(await projectCount()).toBe(0);
	});
});

describe('the setting', () => {
	it("can be changed only by that village's admins (and the admins above it), not its editors, members, foreign admins or anonymous", async () => {
		for (const actor of [who.editorA, who.memberA, who.adminB, who.nobody, anonymous]) expect(await code(allow(actor, v.A, true))).toBe('403');
		expect((await fresh(v.A)).membersCreateProjectsAt).toBeNull();
		// a municipality is not a village: the setting is a village's
		expect(await code(setMembersCreateProjects(t.db, { actor: who.adminMuniA, village: await fresh(v.muniA), allowed: true, ip }))).toBe('403');
		expect(await t.db.selectFrom('auditLog').select('id').where('action', '=', 'tenant.memberProjects').execute()).toEqual([]);
	});

	it('is switched on by the village admin, audited with ids only; the same value again writes nothing', async () => {
		await allow(who.adminA, v.A, true);
		await allow(who.adminA, v.A, true);
		expect((await fresh(v.A)).membersCreateProjectsAt).toEqual(expect.any(Number));
		const log = await t.db.selectFrom('auditLog').select(['actorId', 'tenantId', 'targetId', 'data']).where('action', '=', 'tenant.memberProjects').execute();
		expect(log).toEqual([{ actorId: who.adminA.userId, tenantId: v.A.id, targetId: v.A.id, data: '{"allowed":true}' }]);
	});
});

describe('once the village allows it', () => {
	let own = '';
	let editors = '';
	beforeAll(async () => {
		editors = (await createProject(t.db, { actor: who.editorA, ip, input: input('dorf-a', 'Dorfladen') })).id;
	});

	it('still refuses members of other villages, people without membership and anonymous visitors; and other villages stay closed', async () => {
		expect(await code(createProject(t.db, { actor: who.memberB, ip, input: input('dorf-a') }))).toBe(REFUSED);
		expect(await code(createProject(t.db, { actor: who.nobody, ip, input: input('dorf-a') }))).toBe(REFUSED);
		expect(await code(createProject(t.db, { actor: anonymous, ip, input: input('dorf-a') }))).toBe('403');
		// the member's own village only — not its neighbour in the same municipality, nor the municipality
		expect(await code(createProject(t.db, { actor: who.memberA, ip, input: input('dorf-a2') }))).toBe(REFUSED);
		expect(await code(createProject(t.db, { actor: who.memberA, ip, input: input('gemeinde-a') }))).toBe(REFUSED);
		expect(await listProjectPlaces(t.db, who.memberB)).toEqual([]);
		expect(await projectCount()).toBe(1);
	});

	it('lets a member create one there, as its lead; /projects/new offers that village only', async () => {
		expect((await listProjectPlaces(t.db, who.memberA)).map((p) => p.slug)).toEqual(['dorf-a']);
		own = (await createProject(t.db, { actor: who.memberA, ip, input: input('dorf-a') })).id;
		const project = await loadProjectForWrite(t.db, own, who.memberA);
		expect(project).toMatchObject({ tenantId: v.A.id, createdBy: who.memberA.userId, rights: { teamRole: 'lead', edit: true, manageTeam: true } });
		expect(await t.db.selectFrom('auditLog').select(['action', 'tenantId']).where('targetId', '=', own).execute()).toEqual([{ action: 'project.create', tenantId: v.A.id }]);
	});

	it("lets the member edit their own project as its lead, not the village's other projects", async () => {
		const change = updateProjectSchema.parse({ title: 'Offener Bücherschrank', categoryKey: 'kultur' });
		expect(await code(updateProject(t.db, { actor: who.memberA, ip, projectId: editors, input: change }))).toBe('403');
		expect(await code(changeProjectStatus(t.db, { actor: who.memberA, ip, projectId: editors, status: 'cancelled', note: '' }))).toBe('403');
		expect(await code(updateProject(t.db, { actor: who.memberA, ip, projectId: own, input: change }))).toBe('ok');
		expect((await loadProjectForWrite(t.db, editors, who.memberA)).rights).toMatchObject({ edit: false, manageTeam: false, teamRole: null });
	});

	it('lets a member adopt a project into the village (adopting is creating), as the lead of the copy; not into another village', async () => {
		expect(await code(adoptProject(t.db, { actor: who.memberA, ip, projectId: editors, village: 'dorf-b' }))).toBe(REFUSED);
		expect(await code(adoptProject(t.db, { actor: who.memberB, ip, projectId: editors, village: 'dorf-a' }))).toBe(REFUSED);
		const { id } = await adoptProject(t.db, { actor: who.memberA, ip, projectId: editors, village: 'dorf-a' });
		expect((await loadProjectForWrite(t.db, id, who.memberA)).rights.teamRole).toBe('lead');
	});

	it('is over when the village switches it off again; the member keeps leading the project they made', async () => {
		await allow(who.adminMuniA, v.A, false);
		expect((await fresh(v.A)).membersCreateProjectsAt).toBeNull();
		expect(await code(createProject(t.db, { actor: who.memberA, ip, input: input('dorf-a') }))).toBe(REFUSED);
		expect(await listProjectPlaces(t.db, who.memberA)).toEqual([]);
		expect((await loadProjectForWrite(t.db, own, who.memberA)).rights.edit).toBe(true);
		const log = await t.db.selectFrom('auditLog').select(['actorId', 'data']).where('action', '=', 'tenant.memberProjects').orderBy('createdAt').execute();
		expect(log.map((l) => l.data)).toEqual(['{"allowed":true}', '{"allowed":false}']);
	});
});

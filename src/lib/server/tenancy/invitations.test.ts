import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser, getUserByEmail, type User } from '../auth/accounts.ts';
import { AppError } from '../http/errors.ts';
import { housekeeping } from '../jobs/housekeeping.ts';
import { loadActor, type Actor } from '../policy/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { createClub } from './clubs.ts';
import { acceptInvitation, declineInvitation, findInvitation, INVITATION_TTL_MS, inviteClubMember, inviteMember, listInvitations, withdrawInvitation } from './invitations.ts';
import { getTenantBySlug, type Tenant } from './tenants.ts';

const origin = 'http://localhost:3000';
let t: TestDb;
let A: Tenant;
let B: Tenant;
const actors = {} as Record<'adminA' | 'adminB' | 'editorA' | 'memberA' | 'county', Actor>;
let citizen: User;

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	A = (await getTenantBySlug(t.db, 'altengeseke'))!;
	B = (await getTenantBySlug(t.db, 'koerbecke'))!;
	const of = async (email: string) => loadActor(t.db, (await getUserByEmail(t.db, email))!.id);
	Object.assign(actors, { adminA: await of('dorf1@example.org'), adminB: await of('dorf2@example.org'), editorA: await of('redaktion@example.org'), memberA: await of('buerger@example.org'), county: await of('kreis@example.org') });
	citizen = (await getUserByEmail(t.db, 'buerger@example.org'))!;
});
afterAll(() => t.cleanup());

async function status(run: () => Promise<unknown>): Promise<number> {
	try {
		await run();
		return 200;
	} catch (e) {
		if (e instanceof AppError) return e.status;
		throw e;
	}
}
const invite = (actor: Actor, tenant: Tenant, email: string, role: 'admin' | 'editor' | 'moderator' | 'member' = 'member') =>
	inviteMember(t.db, { actor, tenant, input: { email, role }, ip: '127.0.0.1', origin, locale: 'de' });

/** The secret of the newest invitation mail to this address. */
async function secretFor(to: string): Promise<string> {
	const jobs = await t.db.selectFrom('jobs').select(['payload', 'id']).where('kind', '=', 'mail').orderBy('id', 'desc').execute();
	for (const j of jobs) {
		const mail = JSON.parse(j.payload) as { to: string; text: string };
		const match = mail.to === to ? /\/invite\/([\w-]+)/.exec(mail.text) : null;
		if (match) return match[1]!;
	}
	throw new Error(`no invitation to ${to}`);
}
const membership = async (tenant: Tenant, userId: string) => (await t.db.selectFrom('memberships').select('role').where('tenantId', '=', tenant.id).where('userId', '=', userId).executeTakeFirst())?.role ?? null;
const auditActions = async (tenant: Tenant) => (await t.db.selectFrom('auditLog').select('action').where('tenantId', '=', tenant.id).execute()).map((r) => r.action);

describe('invitations instead of attaching accounts (security review finding 4c)', () => {
	it('refuses people who may not manage the members (403)', async () => {
		expect(await status(() => invite(actors.memberA, A, 'x@example.org'))).toBe(403);
		expect(await status(() => invite(actors.editorA, A, 'x@example.org'))).toBe(403);
		expect(await status(() => invite(actors.adminB, A, 'x@example.org'))).toBe(403);
		expect(await status(() => invite({ userId: null, memberships: [], clubRoles: [] }, A, 'x@example.org'))).toBe(403);
	});

	it('answers the same for a registered and an unknown address, and attaches nobody without consent', async () => {
		expect(await status(() => invite(actors.adminA, A, 'buerger@example.org', 'editor'))).toBe(200);
		expect(await status(() => invite(actors.adminA, A, 'unbekannt@example.org', 'editor'))).toBe(200);
		// the registered citizen is still a plain member: nothing changes until they accept
		expect(await membership(A, citizen.id)).toBe('member');
		const mail = JSON.parse((await t.db.selectFrom('jobs').select('payload').orderBy('id', 'desc').executeTakeFirstOrThrow()).payload) as { to: string; subject: string; text: string };
		expect(mail).toMatchObject({ to: 'unbekannt@example.org', subject: 'Einladung zu Altengeseke' });
		expect(mail.text).toContain('Anna Altengeseke lädt Sie ein, bei Allmende in Altengeseke mitzumachen (als Redaktion).');
		expect(mail.text).toMatch(/http:\/\/localhost:3000\/invite\/[\w-]{43}/);
		const open = await listInvitations(t.db, { tenantId: A.id, clubId: null });
		expect(open.map((i) => [i.email, i.role, i.invitedByName])).toEqual(
			expect.arrayContaining([
				['buerger@example.org', 'editor', 'Anna Altengeseke'],
				['unbekannt@example.org', 'editor', 'Anna Altengeseke']
			])
		);
		// the audit log keeps the invitation's id, not the address
		const entry = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'member.invite').orderBy('id', 'desc').executeTakeFirstOrThrow();
		expect(entry.targetType).toBe('invitation');
		expect(JSON.stringify(entry)).not.toContain('unbekannt@example.org');
	});

	it('is accepted only by the invited, confirmed address; then the role is given once', async () => {
		const secret = await secretFor('buerger@example.org');
		const other = (await getUserByEmail(t.db, 'redaktion@example.org'))!;
		expect(await status(() => acceptInvitation(t.db, { secret, user: other, ip: '', origin }))).toBe(403);
		expect(await status(() => acceptInvitation(t.db, { secret, user: { ...citizen, emailVerifiedAt: null }, ip: '', origin }))).toBe(403);
		expect(await status(() => acceptInvitation(t.db, { secret: 'not-a-link', user: citizen, ip: '', origin }))).toBe(404);
		expect(await membership(A, citizen.id)).toBe('member');
		const accepted = await acceptInvitation(t.db, { secret, user: citizen, ip: '', origin });
		expect(accepted.tenant.name).toBe('Altengeseke');
		expect(await membership(A, citizen.id)).toBe('editor');
		expect(await status(() => acceptInvitation(t.db, { secret, user: citizen, ip: '', origin }))).toBe(404);
		expect(await findInvitation(t.db, secret)).toBeNull();
		expect(await auditActions(A)).toEqual(expect.arrayContaining(['member.invite', 'member.invite.accept']));
	});

	it('never lowers a role someone already has', async () => {
		const dorf1 = (await getUserByEmail(t.db, 'dorf1@example.org'))!;
		await invite(actors.county, A, 'dorf1@example.org', 'member');
		await acceptInvitation(t.db, { secret: await secretFor('dorf1@example.org'), user: dorf1, ip: '', origin });
		expect(await membership(A, dorf1.id)).toBe('admin');
	});

	it('replaces an open invitation to the same place: only the newest link works', async () => {
		await invite(actors.adminA, A, 'zweimal@example.org');
		const first = await secretFor('zweimal@example.org');
		await invite(actors.adminA, A, 'zweimal@example.org', 'moderator');
		const second = await secretFor('zweimal@example.org');
		expect(await findInvitation(t.db, first)).toBeNull();
		expect((await findInvitation(t.db, second))?.role).toBe('moderator');
	});

	it('can be declined by whoever holds the link, without an account; it is deleted', async () => {
		await invite(actors.adminA, A, 'nein-danke@example.org');
		const secret = await secretFor('nein-danke@example.org');
		await declineInvitation(t.db, { secret, userId: null, ip: '' });
		expect(await t.db.selectFrom('invitations').select('id').where('email', '=', 'nein-danke@example.org').execute()).toEqual([]);
		expect(await status(() => declineInvitation(t.db, { secret, userId: null, ip: '' }))).toBe(404);
		expect(await auditActions(A)).toContain('member.invite.decline');
	});

	it("is withdrawn by the village's admins only; the link then stops working", async () => {
		await invite(actors.adminA, A, 'zurueck@example.org');
		const secret = await secretFor('zurueck@example.org');
		const [open] = (await listInvitations(t.db, { tenantId: A.id })).filter((i) => i.email === 'zurueck@example.org');
		expect(await status(() => withdrawInvitation(t.db, { actor: actors.adminB, tenant: A, invitationId: open!.id, ip: '' }))).toBe(403);
		// A's invitation id on B's page is not found there
		expect(await status(() => withdrawInvitation(t.db, { actor: actors.adminB, tenant: B, invitationId: open!.id, ip: '' }))).toBe(404);
		expect(await status(() => withdrawInvitation(t.db, { actor: actors.adminA, tenant: A, invitationId: open!.id, ip: '' }))).toBe(200);
		expect(await findInvitation(t.db, secret)).toBeNull();
		expect(await auditActions(A)).toContain('member.invite.withdraw');
	});

	it('ends after 7 days, and housekeeping deletes it with its address', async () => {
		await invite(actors.adminB, B, 'spaet@example.org');
		const secret = await secretFor('spaet@example.org');
		const later = Date.now() + INVITATION_TTL_MS + 1000;
		expect(await findInvitation(t.db, secret, later)).toBeNull();
		expect(await findInvitation(t.db, secret)).not.toBeNull();
		await housekeeping(t.db, later);
		expect(await t.db.selectFrom('invitations').select('id').where('email', '=', 'spaet@example.org').execute()).toEqual([]);
	});

	it('sends at most 3 invitations an hour to one address (429 naming the field)', async () => {
		for (let i = 0; i < 3; i++) await invite(actors.adminB, B, 'viel-post@example.org');
		const res = await invite(actors.adminB, B, 'viel-post@example.org').catch((e: unknown) => e);
		expect(res).toBeInstanceOf(AppError);
		expect((res as AppError).status).toBe(429);
		expect((res as AppError).fields.email).toMatch(/^E-Mail-Adresse: An diese Adresse gingen/);
	});

	it('invites to a club: club and village admins may, others not; accepting makes a club member', async () => {
		const club = await createClub(t.db, { actor: actors.adminA, tenant: A, input: { name: 'Heimatverein Altengeseke' }, ip: '' });
		const clubInvite = (actor: Actor, tenant: Tenant, email: string) => inviteClubMember(t.db, { actor, tenant, input: { clubId: club.id, email, role: 'member' }, ip: '', origin, locale: 'de' });
		expect(await status(() => clubInvite(actors.memberA, A, 'verein@example.org'))).toBe(403);
		expect(await status(() => clubInvite(actors.adminB, B, 'verein@example.org'))).toBe(404);
		const person = await createUser(t.db, { email: 'verein@example.org', password: 'egal egal egal', displayName: 'Vera Verein', verified: true });
		expect(await status(() => clubInvite(actors.adminA, A, 'verein@example.org'))).toBe(200);
		expect((await listInvitations(t.db, { tenantId: A.id, clubId: club.id })).map((i) => i.email)).toEqual(['verein@example.org']);
		expect((await listInvitations(t.db, { tenantId: A.id, clubId: null })).map((i) => i.email)).not.toContain('verein@example.org');
		const secret = await secretFor('verein@example.org');
		expect((await findInvitation(t.db, secret))?.club?.name).toBe('Heimatverein Altengeseke');
		await acceptInvitation(t.db, { secret, user: person, ip: '', origin });
		expect(await t.db.selectFrom('clubMembers').select('role').where('clubId', '=', club.id).where('userId', '=', person.id).execute()).toEqual([{ role: 'member' }]);
		// a club invitation gives no role in the village itself
		expect(await membership(A, person.id)).toBeNull();
	});
});

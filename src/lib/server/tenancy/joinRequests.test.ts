import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser, getUserByEmail, type User } from '../auth/accounts.ts';
import { AppError } from '../http/errors.ts';
import { housekeeping } from '../jobs/housekeeping.ts';
import { loadActor, type Actor } from '../policy/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { approveJoinRequest, DECLINE_COOLDOWN_MS, declineJoinRequest, joinStatus, listJoinRequests, MAX_OPEN_REQUESTS_PER_PERSON, requestToJoin } from './joinRequests.ts';
import { getTenantBySlug, type Tenant } from './tenants.ts';

const origin = 'http://localhost:3000';
let t: TestDb;
let A: Tenant;
let B: Tenant;
let anroechte: Tenant;
const actors = {} as Record<'adminA' | 'adminB' | 'editorA' | 'memberA' | 'county', Actor>;

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	A = (await getTenantBySlug(t.db, 'altengeseke'))!;
	B = (await getTenantBySlug(t.db, 'koerbecke'))!;
	anroechte = (await getTenantBySlug(t.db, 'anroechte'))!;
	const of = async (email: string) => loadActor(t.db, (await getUserByEmail(t.db, email))!.id);
	Object.assign(actors, { adminA: await of('dorf1@example.org'), adminB: await of('dorf2@example.org'), editorA: await of('redaktion@example.org'), memberA: await of('buerger@example.org'), county: await of('kreis@example.org') });
});
afterAll(() => t.cleanup());

let counter = 0;
/** A fresh, confirmed account of nobody's village, and its actor. */
async function neighbour(locale = 'de'): Promise<{ user: User; actor: Actor }> {
	const user = await createUser(t.db, { email: `mitglied-werden-${++counter}@example.org`, password: 'egal egal egal', displayName: `Nachbarin ${counter}`, locale, verified: true });
	return { user, actor: await loadActor(t.db, user.id) };
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
const ask = (actor: Actor, tenant: Tenant, message?: string, now?: number) => requestToJoin(t.db, { actor, tenant, message, ip: '127.0.0.1', now });
const approve = (actor: Actor, tenant: Tenant, requestId: string) => approveJoinRequest(t.db, { actor, tenant, requestId, ip: '127.0.0.1', origin });
const decline = (actor: Actor, tenant: Tenant, requestId: string, now?: number) => declineJoinRequest(t.db, { actor, tenant, requestId, ip: '127.0.0.1', origin, now });
const requestOf = async (tenant: Tenant, userId: string) => (await listJoinRequests(t.db, tenant.id)).find((r) => r.userId === userId);
const role = async (tenant: Tenant, userId: string) => (await t.db.selectFrom('memberships').select('role').where('tenantId', '=', tenant.id).where('userId', '=', userId).executeTakeFirst())?.role ?? null;
const mailsTo = async (to: string) =>
	(await t.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail').orderBy('id').execute()).map((j) => JSON.parse(j.payload) as { to: string; subject: string; text: string }).filter((mail) => mail.to === to);
const noticesOf = async (userId: string) => t.db.selectFrom('notifications').select(['kind', 'title', 'url', 'tenantId']).where('userId', '=', userId).orderBy('id').execute();
const auditOf = async (tenant: Tenant, action: string) => t.db.selectFrom('auditLog').select(['actorId', 'targetId', 'data']).where('tenantId', '=', tenant.id).where('action', '=', action).execute();

describe('asking to become a member ("Mitglied werden")', () => {
	it('refuses anonymous visitors (403) and anything but a village (404), writing nothing', async () => {
		expect(await status(() => ask({ userId: null, memberships: [], clubRoles: [] }, A))).toBe(403);
		const { actor } = await neighbour();
		expect(await status(() => ask(actor, anroechte))).toBe(404);
		expect(await t.db.selectFrom('joinRequests').select('id').where('userId', '=', actor.userId!).execute()).toEqual([]);
	});

	it('finds no village behind "__proto__" or "constructor"', async () => {
		expect(await getTenantBySlug(t.db, '__proto__')).toBeUndefined();
		expect(await getTenantBySlug(t.db, 'constructor')).toBeUndefined();
	});

	it('tells a member they are one already, and files nothing', async () => {
		expect(await ask(actors.memberA, A)).toBe('member');
		expect(await ask(actors.adminA, A)).toBe('member');
		expect(await requestOf(A, actors.memberA.userId!)).toBeUndefined();
	});

	it('is idempotent: asking twice is one request, one notice to the admins, one audit entry', async () => {
		const { user, actor } = await neighbour();
		expect(await joinStatus(t.db, { tenant: A, userId: user.id })).toBeNull();
		expect(await ask(actor, A, '  Ich wohne am Kirchweg 3.  ')).toBe('requested');
		expect(await ask(actor, A, 'noch einmal')).toBe('pending');
		expect(await joinStatus(t.db, { tenant: A, userId: user.id })).toBe('pending');
		const open = (await listJoinRequests(t.db, A.id)).filter((r) => r.userId === user.id);
		expect(open.map((r) => [r.displayName, r.email, r.message])).toEqual([[user.displayName, user.email, 'Ich wohne am Kirchweg 3.']]);
		const adminNotices = (await noticesOf(actors.adminA.userId!)).filter((n) => n.kind === 'join.request');
		expect(adminNotices).toEqual([{ kind: 'join.request', title: 'Neue Anfrage „Mitglied werden“ für Altengeseke.', url: '/altengeseke/admin/members#requests', tenantId: A.id }]);
		expect((await auditOf(A, 'member.join.request')).filter((e) => e.targetId === user.id)).toHaveLength(1);
		// asking is not being a member: nobody is added without an admin's decision
		expect(await role(A, user.id)).toBeNull();
	});

	it("keeps villages apart: a request to one village is not listed in another, nor decided there", async () => {
		const { user, actor } = await neighbour();
		await ask(actor, B);
		const request = await requestOf(B, user.id);
		expect(request).toBeDefined();
		expect(await requestOf(A, user.id)).toBeUndefined();
		// A's admin with B's request id on A's page: not found; on B's page: not allowed
		expect(await status(() => approve(actors.adminA, A, request!.id))).toBe(404);
		expect(await status(() => decline(actors.adminA, A, request!.id))).toBe(404);
		expect(await status(() => approve(actors.adminA, B, request!.id))).toBe(403);
		expect(await role(B, user.id)).toBeNull();
		expect(await role(A, user.id)).toBeNull();
	});

	it('lets only the village\'s admins decide (403), and unknown ids are not found (404)', async () => {
		const { user, actor } = await neighbour();
		await ask(actor, A);
		const request = (await requestOf(A, user.id))!;
		expect(await status(() => approve(actors.editorA, A, request.id))).toBe(403);
		expect(await status(() => approve(actors.memberA, A, request.id))).toBe(403);
		expect(await status(() => approve(actor, A, request.id))).toBe(403);
		for (const id of ['__proto__', 'constructor', 'no-such-request', 'x'.repeat(64)]) expect(await status(() => approve(actors.adminA, A, id)), id).toBe(404);
		expect(await role(A, user.id)).toBeNull();
	});

	it('is approved by an admin: the person becomes a member and is told in their inbox and by mail', async () => {
		const { user, actor } = await neighbour();
		await ask(actor, A);
		const request = (await requestOf(A, user.id))!;
		await approve(actors.adminA, A, request.id);
		expect(await role(A, user.id)).toBe('member');
		expect(await requestOf(A, user.id)).toBeUndefined();
		expect(await joinStatus(t.db, { tenant: A, userId: user.id })).toBe('member');
		// deciding twice: the request is gone
		expect(await status(() => approve(actors.adminA, A, request.id))).toBe(404);
		expect(await status(() => decline(actors.adminA, A, request.id))).toBe(404);
		expect(await noticesOf(user.id)).toEqual([{ kind: 'join.approved', title: 'Sie sind jetzt Mitglied in Altengeseke.', url: '/altengeseke/', tenantId: A.id }]);
		const [mail] = await mailsTo(user.email);
		expect(mail?.subject).toBe('Willkommen in Altengeseke');
		expect(mail?.text).toContain('Sie sind jetzt Mitglied in Altengeseke.');
		expect(mail?.text).toContain('http://localhost:3000/altengeseke/');
		expect((await auditOf(A, 'member.join.approve')).filter((e) => e.targetId === user.id)).toEqual([{ actorId: actors.adminA.userId, targetId: user.id, data: '{}' }]);
	});

	it('keeps a stronger role the person got meanwhile (an invitation accepted in between)', async () => {
		const { user, actor } = await neighbour();
		await ask(actor, A);
		const request = (await requestOf(A, user.id))!;
		await t.db.insertInto('memberships').values({ id: `m-${user.id}`, tenantId: A.id, userId: user.id, role: 'editor', createdAt: Date.now() }).execute();
		await approve(actors.adminA, A, request.id);
		expect(await role(A, user.id)).toBe('editor');
	});

	it('is declined by an admin: the person is told, asking again waits, and a declined request cannot be approved', async () => {
		const { user, actor } = await neighbour('en');
		await ask(actor, A, 'Hallo');
		const request = (await requestOf(A, user.id))!;
		const now = Date.now();
		await decline(actors.adminA, A, request.id, now);
		expect(await role(A, user.id)).toBeNull();
		expect(await requestOf(A, user.id)).toBeUndefined();
		expect(await status(() => approve(actors.adminA, A, request.id))).toBe(404);
		// told in their language (English), in the inbox and by mail
		expect((await noticesOf(user.id)).map((n) => n.title)).toEqual(['Your request to Altengeseke was declined.']);
		const [mail] = await mailsTo(user.email);
		expect(mail?.subject).toBe('Your request to Altengeseke');
		expect(mail?.text).toContain('declined your request');
		// the message is not kept once decided
		expect((await t.db.selectFrom('joinRequests').select('message').where('id', '=', request.id).executeTakeFirstOrThrow()).message).toBe('');
		// asking again at once: refused (the admins are not asked over and over), nothing new to decide
		expect(await ask(actor, A, 'bitte', now + 1000)).toBe('declined');
		expect(await requestOf(A, user.id)).toBeUndefined();
		// after the waiting time it is a new request
		expect(await ask(actor, A, 'jetzt?', now + DECLINE_COOLDOWN_MS + 1000)).toBe('requested');
		expect((await requestOf(A, user.id))?.message).toBe('jetzt?');
	});

	it('caps the open requests of one person (429), across villages', async () => {
		const { actor } = await neighbour();
		const villages = await t.db.selectFrom('tenants').selectAll().where('kind', '=', 'village').orderBy('slug').limit(MAX_OPEN_REQUESTS_PER_PERSON + 1).execute();
		for (const v of villages.slice(0, MAX_OPEN_REQUESTS_PER_PERSON)) expect(await ask(actor, v as Tenant)).toBe('requested');
		const refused = await ask(actor, villages[MAX_OPEN_REQUESTS_PER_PERSON] as Tenant).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(AppError);
		expect((refused as AppError).status).toBe(429);
	});

	it('limits a message to 500 characters and deletes old declined and forgotten requests (housekeeping)', async () => {
		const { user, actor } = await neighbour();
		await ask(actor, B, 'x'.repeat(2000));
		expect((await requestOf(B, user.id))?.message).toHaveLength(500);
		const request = (await requestOf(B, user.id))!;
		const now = Date.now();
		await decline(actors.adminB, B, request.id, now);
		await housekeeping(t.db, now + DECLINE_COOLDOWN_MS - 1000);
		expect(await t.db.selectFrom('joinRequests').select('id').where('id', '=', request.id).execute()).toHaveLength(1);
		await housekeeping(t.db, now + DECLINE_COOLDOWN_MS + 1000);
		expect(await t.db.selectFrom('joinRequests').select('id').where('id', '=', request.id).execute()).toHaveLength(0);
	});

	it('is deleted with the account that asked', async () => {
		const { user, actor } = await neighbour();
		await ask(actor, A);
		await t.db.deleteFrom('users').where('id', '=', user.id).execute();
		expect(await t.db.selectFrom('joinRequests').select('id').where('userId', '=', user.id).execute()).toEqual([]);
	});
});

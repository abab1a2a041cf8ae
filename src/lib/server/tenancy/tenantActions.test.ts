// The member actions as a route runs them: the guard first (nothing is read or written when it refuses),
// then the form, then the command; refusals come back as form failures naming the field.
import { error, isActionFailure, isHttpError, type RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser, getUserByEmail } from '../auth/accounts.ts';
import { loadActor, type Actor } from '../policy/index.ts';
import { ACCESS_TOPIC } from '../realtime/access.ts';
import { createLocalHub } from '../realtime/hub.ts';
import { seedDemo } from '../seed/demo.ts';
import { grantRole } from './memberships.ts';
import { memberActions, tenantAction } from './tenantActions.ts';
import { getTenantBySlug, type Tenant } from './tenants.ts';
import { removeMemberSchema } from './schemas.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
let adminA: Actor;
let member: string;
const hub = createLocalHub();
const access: unknown[] = [];
let kicked = 0;

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	A = (await getTenantBySlug(t.db, 'altengeseke'))!;
	B = (await getTenantBySlug(t.db, 'koerbecke'))!;
	adminA = await loadActor(t.db, (await getUserByEmail(t.db, 'dorf1@example.org'))!.id);
	member = (await createUser(t.db, { email: 'mitglied@example.org', password: 'egal egal egal', displayName: 'Mitglied', verified: true })).id;
	await grantRole(t.db, { tenantId: A.id, userId: member, role: 'member' });
	hub.subscribe(ACCESS_TOPIC, (e) => access.push(e));
});
afterAll(() => t.cleanup());

const event = (actor: Actor, fields: Record<string, string>) => {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.set(k, v);
	return {
		request: new Request('https://allmende.example/admin', { method: 'POST', body }),
		locals: { actor, user: { id: actor.userId }, locale: 'de', rt: { db: t.db, hub, config: { origin: 'https://allmende.example' }, kickJobs: () => kicked++ } },
		getClientAddress: () => '192.0.2.1'
	} as unknown as RequestEvent;
};
const tenantOf = (tenant: Tenant) => async () => tenant;
const roleOf = async (where: Tenant, userId: string) => (await t.db.selectFrom('memberships').select('role').where('tenantId', '=', where.id).where('userId', '=', userId).executeTakeFirst())?.role;
/** The status and errors of a form failure or thrown HTTP error, or the action's result. */
async function outcome(run: () => Promise<unknown>) {
	try {
		const res = await run();
		if (isActionFailure(res)) return { status: res.status, errors: (res.data as unknown as { errors: Record<string, string> }).errors };
		return { status: 200, result: res };
	} catch (e) {
		if (isHttpError(e)) return { status: e.status };
		throw e;
	}
}

describe('tenantAction', () => {
	it('runs the guard before reading the form: a refusal reads and runs nothing', async () => {
		let ran = false;
		const action = tenantAction(async () => error(403, 'nein'), removeMemberSchema, async () => (ran = true));
		const ev = event(adminA, { userId: member });
		expect(await outcome(() => action(ev))).toEqual({ status: 403 });
		expect(ran).toBe(false);
		expect(ev.request.bodyUsed).toBe(false);
	});

	it('validates the form, then passes the event, tenant and input to run', async () => {
		const seen: unknown[] = [];
		const action = tenantAction(tenantOf(A), removeMemberSchema, async ({ tenant, input, event: ev }) => {
			seen.push([tenant.id, input, ev.getClientAddress()]);
			return { ok: 1 };
		});
		expect(await outcome(() => action(event(adminA, {})))).toMatchObject({ status: 400, errors: { userId: expect.any(String) } });
		expect(await outcome(() => action(event(adminA, { userId: 'u-1' })))).toEqual({ status: 200, result: { ok: 1 } });
		expect(seen).toEqual([[A.id, { userId: 'u-1' }, '192.0.2.1']]);
	});
});

describe('memberActions', () => {
	it("refuses an admin of village A acting on village B (403) and leaves B's member alone", async () => {
		const actions = memberActions(tenantOf(B));
		const dorf2 = (await getUserByEmail(t.db, 'dorf2@example.org'))!.id;
		expect(await outcome(() => actions.changeRole(event(adminA, { userId: dorf2, role: 'member' })))).toMatchObject({ status: 403, errors: { _form: expect.any(String) } });
		expect(await outcome(() => actions.removeMember(event(adminA, { userId: dorf2 })))).toMatchObject({ status: 403 });
		expect(await outcome(() => actions.addMember(event(adminA, { email: 'neu@example.org', role: 'member' })))).toMatchObject({ status: 403 });
		expect(await roleOf(B, dorf2)).toBe('admin');
		expect(await t.db.selectFrom('invitations').select('id').where('tenantId', '=', B.id).execute()).toEqual([]);
	});

	it('invites an address with a role, wakes the job worker and says so', async () => {
		const actions = memberActions(tenantOf(A));
		expect(await outcome(() => actions.addMember(event(adminA, { email: 'nope', role: 'member' })))).toMatchObject({ status: 400, errors: { email: expect.any(String) } });
		const before = kicked;
		expect(await outcome(() => actions.addMember(event(adminA, { email: ' Neu@Example.org ', role: 'editor' })))).toEqual({ status: 200, result: { saved: 'invited', email: 'neu@example.org' } });
		expect(kicked).toBe(before + 1);
		const rows = await t.db.selectFrom('invitations').select(['tenantId', 'email', 'role', 'invitedBy']).where('email', '=', 'neu@example.org').execute();
		expect(rows.map((r) => ({ ...r }))).toEqual([{ tenantId: A.id, email: 'neu@example.org', role: 'editor', invitedBy: adminA.userId }]);
	});

	it("withdraws an invitation of this village; another village's or an unknown id is not found", async () => {
		const id = (await t.db.selectFrom('invitations').select('id').where('email', '=', 'neu@example.org').executeTakeFirstOrThrow()).id;
		const adminB = await loadActor(t.db, (await getUserByEmail(t.db, 'dorf2@example.org'))!.id);
		expect(await outcome(() => memberActions(tenantOf(B)).withdrawInvitation(event(adminB, { invitationId: id })))).toEqual({ status: 404 });
		expect(await outcome(() => memberActions(tenantOf(A)).withdrawInvitation(event(adminA, { invitationId: id })))).toEqual({ status: 200, result: { saved: 'withdrawn' } });
		expect(await t.db.selectFrom('invitations').select('id').where('id', '=', id).execute()).toEqual([]);
	});

	it('changes a role and removes a member, each time asking realtime to re-check that person', async () => {
		const actions = memberActions(tenantOf(A));
		access.length = 0;
		expect(await outcome(() => actions.changeRole(event(adminA, { userId: member, role: 'moderator' })))).toEqual({ status: 200, result: { saved: 'role' } });
		expect(await roleOf(A, member)).toBe('moderator');
		expect(await outcome(() => actions.removeMember(event(adminA, { userId: member })))).toEqual({ status: 200, result: { saved: 'removed', undo: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
		expect(await roleOf(A, member)).toBeUndefined();
		expect(access).toEqual([{ userId: member }, { userId: member }]);
	});
});

import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import type { Actor } from '../policy/index.ts';
import { guardTenantById, guardVillage } from './guards.ts';
import { insertTenant, type Tenant } from './tenants.ts';

let t: TestDb;
let county: Tenant;
let muni: Tenant;
let A: Tenant;
let B: Tenant;
const actor = (memberships: Actor['memberships']): Actor => ({ userId: 'u1', memberships, clubRoles: [] });
const event = (args: { actor?: Actor; tenant?: Tenant | null; signedIn?: boolean }) =>
	({
		url: new URL('https://allmende.example/dorf-a/admin?tab=clubs'),
		locals: { user: args.signedIn === false ? null : { id: 'u1' }, actor: args.actor ?? actor([]), tenant: args.tenant ?? null, rt: { db: t.db } }
	}) as unknown as RequestEvent;

/** The status (and where a redirect goes) of what a guard threw, or 200 with the tenant's slug. */
async function outcome(run: () => Promise<Tenant>): Promise<{ status: number; location?: string; slug?: string }> {
	try {
		return { status: 200, slug: (await run()).slug };
	} catch (e) {
		if (isRedirect(e)) return { status: e.status, location: e.location };
		if (isHttpError(e)) return { status: e.status };
		throw e;
	}
}

beforeAll(async () => {
	t = await createTestDb();
	county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muni });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muni });
});
afterAll(() => t.cleanup());

describe('guardVillage', () => {
	it('sends anonymous visitors to the login and back here, before anything else', async () => {
		expect(await outcome(() => guardVillage(event({ signedIn: false, tenant: null })))).toEqual({ status: 303, location: '/login?next=%2Fdorf-a%2Fadmin%3Ftab%3Dclubs' });
	});

	it('answers 404 without a village or for a municipality, 403 to those who may not act there', async () => {
		const admin = actor([{ tenantId: county.id, role: 'admin' }]);
		expect(await outcome(() => guardVillage(event({ actor: admin, tenant: null })))).toEqual({ status: 404 });
		expect(await outcome(() => guardVillage(event({ actor: admin, tenant: muni })))).toEqual({ status: 404 });
		expect(await outcome(() => guardVillage(event({ actor: actor([{ tenantId: B.id, role: 'admin' }]), tenant: A })))).toEqual({ status: 403 });
		expect(await outcome(() => guardVillage(event({ actor: actor([{ tenantId: A.id, role: 'editor' }]), tenant: A })))).toEqual({ status: 403 });
		expect(await outcome(() => guardVillage(event({ actor: actor([{ tenantId: A.id, role: 'moderator' }]), tenant: A }), 'tenant.editProjects'))).toEqual({ status: 403 });
	});

	it("returns the village to its admins (own or inherited), and to editors for an editor's action", async () => {
		expect(await outcome(() => guardVillage(event({ actor: actor([{ tenantId: A.id, role: 'admin' }]), tenant: A })))).toEqual({ status: 200, slug: 'dorf-a' });
		expect(await outcome(() => guardVillage(event({ actor: actor([{ tenantId: muni.id, role: 'admin' }]), tenant: A })))).toEqual({ status: 200, slug: 'dorf-a' });
		expect(await outcome(() => guardVillage(event({ actor: actor([{ tenantId: A.id, role: 'editor' }]), tenant: A }), 'tenant.editProjects'))).toEqual({ status: 200, slug: 'dorf-a' });
	});
});

describe('guardTenantById', () => {
	it('sends anonymous visitors to the login', async () => {
		expect(await outcome(() => guardTenantById(event({ signedIn: false }), A.id))).toMatchObject({ status: 303, location: expect.stringMatching(/^\/login\?next=/) });
	});

	it("answers 404 for an unknown id and 403 for another village's id or a role below the action's", async () => {
		const adminA = actor([{ tenantId: A.id, role: 'admin' }]);
		expect(await outcome(() => guardTenantById(event({ actor: adminA }), 'no-such-id'))).toEqual({ status: 404 });
		expect(await outcome(() => guardTenantById(event({ actor: adminA }), B.id))).toEqual({ status: 403 });
		expect(await outcome(() => guardTenantById(event({ actor: adminA }), muni.id))).toEqual({ status: 403 });
		expect(await outcome(() => guardTenantById(event({ actor: actor([{ tenantId: A.id, role: 'editor' }]) }), A.id))).toEqual({ status: 403 });
		expect(await outcome(() => guardTenantById(event({ actor: adminA }), A.id, 'tenant.createChild'))).toEqual({ status: 403 });
	});

	it('returns the tenant to those who may act there', async () => {
		expect(await outcome(() => guardTenantById(event({ actor: actor([{ tenantId: A.id, role: 'admin' }]) }), A.id))).toEqual({ status: 200, slug: 'dorf-a' });
		expect(await outcome(() => guardTenantById(event({ actor: actor([{ tenantId: A.id, role: 'editor' }]) }), A.id, 'tenant.viewMembers'))).toEqual({ status: 200, slug: 'dorf-a' });
		expect(await outcome(() => guardTenantById(event({ actor: actor([{ tenantId: county.id, role: 'admin' }]) }), muni.id, 'tenant.createChild'))).toEqual({ status: 200, slug: 'gemeinde' });
	});
});

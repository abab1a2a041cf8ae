import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { MODULES } from '../../modules/registry.ts';
import { listAudit } from '../audit/audit.ts';
import { createModuleContext } from '../builder/moduleContext.ts';
import { AppError } from '../http/errors.ts';
import { hashSecret } from '../ids.ts';
import { can } from '../policy/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { grantRole } from '../tenancy/memberships.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { getUserByEmail } from './accounts.ts';
import { authenticateApiToken, createApiToken, createTokenSchema, listApiTokens, listTokenPlaces, revokeApiToken, TOKEN_PREFIX, type CreateTokenInput } from './apiTokens.ts';

let t: TestDb;
let A: Tenant; // Altengeseke: dorf1 admin, redaktion editor, buerger member
let B: Tenant; // Körbecke: dorf2 admin
let county: Tenant;
const users = {} as Record<'county' | 'dorf1' | 'dorf2' | 'editor' | 'member', string>;

beforeAll(async () => {
	t = await createTestDb();
	const { villages } = await seedDemo(t.db);
	A = villages['altengeseke']!;
	B = villages['koerbecke']!;
	county = (await t.db.selectFrom('tenants').selectAll().where('kind', '=', 'county').executeTakeFirst())!;
	const emails = { county: 'kreis@example.org', dorf1: 'dorf1@example.org', dorf2: 'dorf2@example.org', editor: 'redaktion@example.org', member: 'buerger@example.org' } as const;
	for (const [k, email] of Object.entries(emails)) users[k as keyof typeof users] = (await getUserByEmail(t.db, email))!.id;
});
afterAll(() => t.cleanup());

const input = (tenantId: string, role: CreateTokenInput['role'], days = 90): CreateTokenInput => ({ tokenName: 'Test', tenantId, role, days });

/** The AppError a promise rejects with (its status and the fields it names). */
async function refusal(p: Promise<unknown>) {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(AppError);
	return e as AppError;
}

describe('creating a token: refusals', () => {
	it('refuses a role above the own role there, naming the role field', async () => {
		const e = await refusal(createApiToken(t.db, { userId: users.editor, input: input(A.id, 'admin'), ip: '' }));
		expect(e.status).toBe(400);
		expect(Object.keys(e.fields)).toEqual(['role']);
		const m = await refusal(createApiToken(t.db, { userId: users.member, input: input(A.id, 'moderator'), ip: '' }));
		expect(Object.keys(m.fields)).toEqual(['role']);
	});

	it('refuses a tenant where the person holds no role, and an unknown tenant, alike', async () => {
		const foreign = await refusal(createApiToken(t.db, { userId: users.dorf1, input: input(B.id, 'member'), ip: '' }));
		expect(Object.keys(foreign.fields)).toEqual(['tenantId']);
		// a village admin has no role at the municipality or county above
		const above = await refusal(createApiToken(t.db, { userId: users.dorf1, input: input(A.parentId!, 'member'), ip: '' }));
		expect(above.fields).toEqual(foreign.fields);
		const unknown = await refusal(createApiToken(t.db, { userId: users.dorf1, input: input('no-such-tenant', 'member'), ip: '' }));
		expect(unknown.fields).toEqual(foreign.fields);
		expect(await t.db.selectFrom('apiTokens').select('id').execute()).toEqual([]);
	});

	it('validates name, role and an expiry of 1 to 365 days', () => {
		expect(createTokenSchema.safeParse({ tokenName: '', tenantId: A.id, role: 'member', days: '90' }).success).toBe(false);
		expect(createTokenSchema.safeParse({ tokenName: 'x', tenantId: A.id, role: 'owner', days: '90' }).success).toBe(false);
		expect(createTokenSchema.safeParse({ tokenName: 'x', tenantId: A.id, role: 'member', days: '0' }).success).toBe(false);
		expect(createTokenSchema.safeParse({ tokenName: 'x', tenantId: A.id, role: 'member', days: '366' }).success).toBe(false);
		expect(createTokenSchema.safeParse({ tokenName: 'x', tenantId: A.id, role: 'member', days: '1.5' }).success).toBe(false);
		expect(createTokenSchema.parse({ tokenName: ' x ', tenantId: A.id, role: 'member' })).toEqual({ tokenName: 'x', tenantId: A.id, role: 'member', days: 90 });
	});
});

describe('authenticating a token: refusals', () => {
	it('knows no garbage, no secret without the prefix, and no overlong input', async () => {
		expect(await authenticateApiToken(t.db, '')).toBeNull();
		expect(await authenticateApiToken(t.db, 'garbage')).toBeNull();
		expect(await authenticateApiToken(t.db, `${TOKEN_PREFIX}nope`)).toBeNull();
		expect(await authenticateApiToken(t.db, `${TOKEN_PREFIX}${'x'.repeat(5000)}`)).toBeNull();
		const { secret } = await createApiToken(t.db, { userId: users.dorf1, input: input(A.id, 'member'), ip: '' });
		// the stored hash is of the whole secret, prefix included
		expect(await authenticateApiToken(t.db, secret.slice(TOKEN_PREFIX.length))).toBeNull();
		expect(await authenticateApiToken(t.db, `${secret}x`)).toBeNull();
	});

	it('refuses an expired token', async () => {
		const now = Date.now();
		const { secret } = await createApiToken(t.db, { userId: users.dorf1, input: input(A.id, 'editor', 1), ip: '', now });
		expect(await authenticateApiToken(t.db, secret, now + 86_400_000 - 1)).not.toBeNull();
		expect(await authenticateApiToken(t.db, secret, now + 86_400_000)).toBeNull();
	});

	it('refuses a revoked token', async () => {
		const { id, secret } = await createApiToken(t.db, { userId: users.dorf1, input: input(A.id, 'editor'), ip: '' });
		expect(await authenticateApiToken(t.db, secret)).not.toBeNull();
		await revokeApiToken(t.db, { userId: users.dorf1, tokenId: id, ip: '' });
		expect(await authenticateApiToken(t.db, secret)).toBeNull();
	});

	it('narrows a demoted person’s token to the new role, and ends it when the person is removed', async () => {
		const person = (await t.db.insertInto('users').values({ id: 'u-demoted', email: 'demoted@example.org', emailVerifiedAt: Date.now(), passwordHash: 'x', displayName: 'D', locale: 'de', createdAt: 0, updatedAt: 0 }).returning('id').executeTakeFirstOrThrow()).id;
		await grantRole(t.db, { tenantId: A.id, userId: person, role: 'admin' });
		const { secret } = await createApiToken(t.db, { userId: person, input: input(A.id, 'editor'), ip: '' });
		expect((await authenticateApiToken(t.db, secret))?.memberships).toEqual([{ tenantId: A.id, role: 'editor' }]);
		await grantRole(t.db, { tenantId: A.id, userId: person, role: 'member' });
		expect((await authenticateApiToken(t.db, secret))?.memberships).toEqual([{ tenantId: A.id, role: 'member' }]);
		await t.db.deleteFrom('memberships').where('userId', '=', person).execute();
		expect(await authenticateApiToken(t.db, secret)).toBeNull();
		// a role again: the token works again, never above its own role
		await grantRole(t.db, { tenantId: A.id, userId: person, role: 'admin' });
		expect((await authenticateApiToken(t.db, secret))?.memberships).toEqual([{ tenantId: A.id, role: 'editor' }]);
	});
});

describe('revoking', () => {
	it('refuses someone else’s token and unknown ids with 404', async () => {
		const { id, secret } = await createApiToken(t.db, { userId: users.dorf2, input: input(B.id, 'admin'), ip: '' });
		expect((await refusal(revokeApiToken(t.db, { userId: users.dorf1, tokenId: id, ip: '' }))).status).toBe(404);
		expect((await refusal(revokeApiToken(t.db, { userId: users.county, tokenId: id, ip: '' }))).status).toBe(404);
		expect((await refusal(revokeApiToken(t.db, { userId: users.dorf2, tokenId: 'nope', ip: '' }))).status).toBe(404);
		expect(await authenticateApiToken(t.db, secret)).not.toBeNull();
	});

	it('is audit-logged once at the token’s tenant; revoking again changes nothing', async () => {
		const { id } = await createApiToken(t.db, { userId: users.dorf2, input: { ...input(B.id, 'editor'), tokenName: 'Website' }, ip: '10.0.0.1' });
		await revokeApiToken(t.db, { userId: users.dorf2, tokenId: id, ip: '10.0.0.2' });
		await revokeApiToken(t.db, { userId: users.dorf2, tokenId: id, ip: '10.0.0.3' });
		const entries = await t.db.selectFrom('auditLog').select(['action', 'tenantId', 'actorId', 'ip', 'data', 'tokenId']).where('targetId', '=', id).orderBy('action').execute();
		expect(entries).toEqual([
			{ action: 'token.create', tenantId: B.id, actorId: users.dorf2, ip: '10.0.0.1', data: JSON.stringify({ name: 'Website', role: 'editor', days: 90 }), tokenId: null },
			{ action: 'token.revoke', tenantId: B.id, actorId: users.dorf2, ip: '10.0.0.2', data: JSON.stringify({ name: 'Website' }), tokenId: null }
		]);
	});
});

describe('the happy path', () => {
	it('stores only the hash and shows the secret once', async () => {
		const res = await createApiToken(t.db, { userId: users.dorf1, input: { ...input(A.id, 'editor'), tokenName: 'Vereinsheim-Bildschirm' }, ip: '' });
		expect(res.secret).toMatch(/^alm_[\w-]{43}$/);
		const row = (await t.db.selectFrom('apiTokens').selectAll().where('id', '=', res.id).executeTakeFirst())!;
		expect(row.tokenHash).toBe(hashSecret(res.secret));
		expect(JSON.stringify(row)).not.toContain(res.secret.slice(TOKEN_PREFIX.length));
		const listed = (await listApiTokens(t.db, users.dorf1)).find((l) => l.id === res.id)!;
		expect(listed).toMatchObject({ name: 'Vereinsheim-Bildschirm', role: 'editor', tenantName: 'Altengeseke', lastUsedAt: null, revokedAt: null });
		expect(JSON.stringify(listed)).not.toContain(row.tokenHash);
	});

	it('acts as exactly one membership at the token’s tenant, with no club roles', async () => {
		// the county admin's token for one village: admin there (inherited role), nothing elsewhere
		const { id, secret } = await createApiToken(t.db, { userId: users.county, input: { ...input(A.id, 'admin'), tokenName: 'Import' }, ip: '' });
		const actor = (await authenticateApiToken(t.db, secret))!;
		expect(actor).toEqual({ userId: users.county, memberships: [{ tenantId: A.id, role: 'admin' }], clubRoles: [], token: { id, name: 'Import', tenantId: A.id } });
		expect(can(actor, 'tenant.update', A)).toBe(true);
		expect(can(actor, 'tenant.update', B)).toBe(false);
		expect(can(actor, 'tenant.update', county)).toBe(false);
		// the member's token has no club roles, although the person is in a club
		const member = await createApiToken(t.db, { userId: users.member, input: input(A.id, 'member'), ip: '' });
		expect((await authenticateApiToken(t.db, member.secret))!.clubRoles).toEqual([]);
	});

	it('lists only the own tokens', async () => {
		const ids = (await listApiTokens(t.db, users.dorf2)).map((l) => l.tenantName);
		expect(new Set(ids)).toEqual(new Set(['Körbecke']));
		expect(await listApiTokens(t.db, 'nobody')).toEqual([]);
	});

	it('writes "last used" at most once a minute', async () => {
		const now = Date.now();
		const { id, secret } = await createApiToken(t.db, { userId: users.dorf1, input: input(A.id, 'member'), ip: '', now });
		const lastUsed = async () => (await t.db.selectFrom('apiTokens').select('lastUsedAt').where('id', '=', id).executeTakeFirstOrThrow()).lastUsedAt;
		await authenticateApiToken(t.db, secret, now + 1000);
		expect(await lastUsed()).toBe(now + 1000);
		await authenticateApiToken(t.db, secret, now + 30_000);
		expect(await lastUsed()).toBe(now + 1000);
		await authenticateApiToken(t.db, secret, now + 61_000);
		expect(await lastUsed()).toBe(now + 61_000);
	});

	it('offers the places where the person holds a role, with that role', async () => {
		expect(await listTokenPlaces(t.db, 'nobody')).toEqual([]);
		expect(await listTokenPlaces(t.db, users.dorf1)).toEqual([{ id: A.id, name: 'Altengeseke', kind: 'village', role: 'admin', group: 'Anröchte' }]);
		const all = await listTokenPlaces(t.db, users.county);
		expect(all).toHaveLength(await t.db.selectFrom('tenants').select('id').execute().then((r) => r.length));
		expect(all[0]).toMatchObject({ kind: 'county', role: 'admin' });
		expect(all.every((p) => p.role === 'admin')).toBe(true);
		// each municipality comes right before its villages
		const anroechte = all.findIndex((p) => p.name === 'Anröchte');
		expect(all[anroechte + 1]).toMatchObject({ kind: 'village', group: 'Anröchte' });
	});

	it('leaves its name on the audit entries it makes, until the token is gone', async () => {
		const { id, secret } = await createApiToken(t.db, { userId: users.dorf2, input: { ...input(B.id, 'editor'), tokenName: 'Redaktionssystem' }, ip: '' });
		const actor = (await authenticateApiToken(t.db, secret))!;
		const ctx = createModuleContext({ db: t.db, village: B, module: MODULES[0]!, settings: {}, actor, locale: 'de', ip: '' });
		await ctx.audit({ action: 'test.by-token', targetType: 'test' });
		const latest = async () => (await listAudit(t.db, { tenantIds: [B.id] })).find((e) => e.action === 'test.by-token')!;
		expect(await latest()).toMatchObject({ tokenId: id, tokenName: 'Redaktionssystem', actorName: 'Bernd Körbecke' });
		await t.db.deleteFrom('apiTokens').where('id', '=', id).execute();
		expect(await latest()).toMatchObject({ tokenId: id, tokenName: null });
	});
});

describe('exact values: what a token returns, records and how long it lasts', () => {
	const T = Date.UTC(2031, 0, 1, 9, 0, 0);
	const auditOf = async (id: string) =>
		(await t.db.selectFrom('auditLog').select(['tenantId', 'actorId', 'data', 'ip']).where('action', '=', 'token.create').where('targetId', '=', id).execute()).map((r) => ({ ...r, data: JSON.parse(r.data) }));

	it('returns the token with its expiry in days and its tenant; the audit entry names the CLI only when it made it', async () => {
		const res = await createApiToken(t.db, { userId: users.dorf1, input: { tokenName: 'Kommandozeile', tenantId: A.id, role: 'member', days: 2 }, ip: '10.0.0.4', via: 'cli', now: T });
		expect(res).toEqual({ id: res.id, secret: expect.stringMatching(/^alm_/), name: 'Kommandozeile', role: 'member', expiresAt: T + 2 * 86_400_000, tenant: { id: A.id, name: 'Altengeseke', slug: 'altengeseke' } });
		expect(await auditOf(res.id)).toEqual([{ tenantId: A.id, actorId: users.dorf1, data: { name: 'Kommandozeile', role: 'member', days: 2, via: 'cli' }, ip: '10.0.0.4' }]);
		const web = await createApiToken(t.db, { userId: users.dorf1, input: input(A.id, 'member', 1), ip: '', now: T });
		expect((await auditOf(web.id))[0]!.data).toEqual({ name: 'Test', role: 'member', days: 1 });
	});

	it('names the field it refuses: the tenant (no role there, or unknown) or the role (above the own)', async () => {
		expect((await refusal(createApiToken(t.db, { userId: users.dorf1, input: input(B.id, 'member'), ip: '' }))).fields).toEqual({ tenantId: expect.any(String) });
		expect((await refusal(createApiToken(t.db, { userId: users.dorf1, input: input('no-such-tenant', 'member'), ip: '' }))).fields).toEqual({ tenantId: expect.any(String) });
		expect((await refusal(createApiToken(t.db, { userId: users.editor, input: input(A.id, 'admin'), ip: '' }))).fields).toEqual({ role: expect.any(String) });
	});

	it('records a revocation as token.revoke at the token\'s tenant, with its name', async () => {
		const { id } = await createApiToken(t.db, { userId: users.dorf2, input: { ...input(B.id, 'member'), tokenName: 'Alt' }, ip: '', now: T });
		await revokeApiToken(t.db, { userId: users.dorf2, tokenId: id, ip: '10.0.0.6', now: T + 5 });
		const rows = await t.db.selectFrom('auditLog').select(['tenantId', 'actorId', 'data', 'ip']).where('action', '=', 'token.revoke').where('targetId', '=', id).execute();
		expect(rows.map((r) => ({ ...r, data: JSON.parse(r.data) }))).toEqual([{ tenantId: B.id, actorId: users.dorf2, data: { name: 'Alt' }, ip: '10.0.0.6' }]);
		expect(Number((await t.db.selectFrom('apiTokens').select('revokedAt').where('id', '=', id).executeTakeFirstOrThrow()).revokedAt)).toBe(T + 5);
	});

	it('works until the moment it expires, not at that moment', async () => {
		const { secret, expiresAt } = await createApiToken(t.db, { userId: users.dorf1, input: input(A.id, 'member', 1), ip: '', now: T });
		expect(await authenticateApiToken(t.db, secret, expiresAt - 1)).not.toBeNull();
		expect(await authenticateApiToken(t.db, secret, expiresAt)).toBeNull();
	});

	it('touches "last used" again exactly one minute later', async () => {
		const { id, secret } = await createApiToken(t.db, { userId: users.dorf1, input: input(A.id, 'member'), ip: '', now: T });
		const lastUsed = async () => Number((await t.db.selectFrom('apiTokens').select('lastUsedAt').where('id', '=', id).executeTakeFirstOrThrow()).lastUsedAt);
		await authenticateApiToken(t.db, secret, T);
		await authenticateApiToken(t.db, secret, T + 59_999);
		expect(await lastUsed()).toBe(T);
		await authenticateApiToken(t.db, secret, T + 60_000);
		expect(await lastUsed()).toBe(T + 60_000);
	});

	it("acts with the token's role when the person's role is higher", async () => {
		const { secret } = await createApiToken(t.db, { userId: users.dorf1, input: input(A.id, 'moderator'), ip: '', now: T });
		expect((await authenticateApiToken(t.db, secret, T))!.memberships).toEqual([{ tenantId: A.id, role: 'moderator' }]);
	});

	it('lists the own tokens newest first', async () => {
		const first = await createApiToken(t.db, { userId: users.editor, input: { ...input(A.id, 'member'), tokenName: 'Erstes' }, ip: '', now: T });
		const second = await createApiToken(t.db, { userId: users.editor, input: { ...input(A.id, 'member'), tokenName: 'Zweites' }, ip: '', now: T + 1 });
		expect((await listApiTokens(t.db, users.editor)).map((l) => l.id).slice(0, 2)).toEqual([second.id, first.id]);
		expect((await listApiTokens(t.db, users.editor)).find((l) => l.id === first.id)).toMatchObject({ tenantSlug: 'altengeseke', tenantKind: 'village', expiresAt: first.expiresAt });
	});

	it('offers places grouped by municipality in German order, the municipality before its villages', async () => {
		const person = (await t.db.selectFrom('users').select('id').where('email', '=', 'buerger@example.org').executeTakeFirstOrThrow()).id;
		await grantRole(t.db, { tenantId: B.id, userId: person, role: 'editor' });
		const anroechte = (await t.db.selectFrom('tenants').selectAll().where('slug', '=', 'anroechte').executeTakeFirstOrThrow());
		await grantRole(t.db, { tenantId: anroechte.id, userId: person, role: 'moderator' });
		const places = await listTokenPlaces(t.db, person);
		expect(places.slice(0, 2)).toEqual([
			{ id: anroechte.id, name: 'Anröchte', kind: 'municipality', role: 'moderator', group: 'Anröchte' },
			{ id: A.id, name: 'Altengeseke', kind: 'village', role: 'moderator', group: 'Anröchte' }
		]);
		expect(places.map((p) => p.group)).toEqual([...places.map((p) => p.group)].sort((x, y) => x.localeCompare(y, 'de')));
		expect(places.at(-1)).toEqual({ id: B.id, name: 'Körbecke', kind: 'village', role: 'editor', group: 'Möhnesee' });
		const villagesOfAnroechte = places.filter((p) => p.group === 'Anröchte' && p.kind === 'village').map((p) => p.name);
		expect(villagesOfAnroechte).toEqual([...villagesOfAnroechte].sort((x, y) => x.localeCompare(y, 'de')));
	});
});

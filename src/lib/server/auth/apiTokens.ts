import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import type { Role, TenantKind } from '../db/types.ts';
import { fieldError, notFound } from '../http/errors.ts';
import { hashSecret, newId, newSecret } from '../ids.ts';
import type { Actor } from '../policy/actor.ts';
import { effectiveRole, roleAtLeast, type MembershipRef } from '../tenancy/roles.ts';
import { roleSchema } from '../tenancy/schemas.ts';
import { getTenantById } from '../tenancy/tenants.ts';

// API tokens let a program act on /api/v1 for a person, in ONE tenant, with at most the person's role there.
// They only narrow: every request re-reads the person's current role, so a demoted person's tokens shrink
// and a removed person's tokens stop working. The secret is shown once; only its sha256 is stored.

/** Every secret starts with this, so that leaked tokens are easy to find (secret scanners, logs). */
export const TOKEN_PREFIX = 'alm_';
const DAY_MS = 86_400_000;
const TOUCH_INTERVAL_MS = 60_000;
const MAX_SECRET_LENGTH = 200;

/** The form and the CLI: what a person chooses when creating a token. */
export const createTokenSchema = z.object({
	tokenName: z.string().trim().min(1).max(80),
	tenantId: z.string().trim().min(1).max(64),
	role: roleSchema,
	days: z.coerce.number().int().min(1).max(365).default(90)
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const revokeTokenSchema = z.object({ tokenId: z.string().trim().min(1).max(64) });

/** The weaker of two roles. */
function weakerRole(a: Role, b: Role): Role {
	return roleAtLeast(a, b) ? b : a;
}

async function membershipsOf(db: Db, userId: string): Promise<MembershipRef[]> {
	return (await db.selectFrom('memberships').select(['tenantId', 'role']).where('userId', '=', userId).execute()) as MembershipRef[];
}

/**
 * Creates a token for the person at one tenant where they hold a role (own or inherited), with a role no
 * higher than theirs there. Returns the secret, which is never shown again. Refusals name the field.
 */
export async function createApiToken(db: Db, args: { userId: string; input: CreateTokenInput; ip: string; via?: 'cli'; now?: number }) {
	const now = args.now ?? Date.now();
	const { input } = args;
	const tenant = await getTenantById(db, input.tenantId);
	// An unknown tenant and one where the person has no role get the same answer: no probing for ids.
	const own = tenant ? effectiveRole(await membershipsOf(db, args.userId), tenant.path) : null;
	if (!tenant || !own) throw fieldError('tenantId', 'err_token_no_role');
	if (!roleAtLeast(own, input.role)) throw fieldError('role', 'err_token_role_above_own');
	const secret = `${TOKEN_PREFIX}${newSecret()}`;
	const id = newId(now);
	const expiresAt = now + input.days * DAY_MS;
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('apiTokens')
			.values({ id, userId: args.userId, tenantId: tenant.id, name: input.tokenName, tokenHash: hashSecret(secret), role: input.role, expiresAt, lastUsedAt: null, revokedAt: null, createdAt: now })
			.execute();
		const data = { name: input.tokenName, role: input.role, days: input.days, ...(args.via ? { via: args.via } : {}) };
		await audit(trx, { actorId: args.userId, tenantId: tenant.id, action: 'token.create', targetType: 'apiToken', targetId: id, data, ip: args.ip });
	});
	return { id, secret, name: input.tokenName, role: input.role, expiresAt, tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug } };
}

/** The person's own tokens, newest first, without hashes. */
export async function listApiTokens(db: Db, userId: string) {
	return db
		.selectFrom('apiTokens')
		.innerJoin('tenants', 'tenants.id', 'apiTokens.tenantId')
		.select([
			'apiTokens.id',
			'apiTokens.name',
			'apiTokens.role',
			'apiTokens.createdAt',
			'apiTokens.expiresAt',
			'apiTokens.lastUsedAt',
			'apiTokens.revokedAt',
			'tenants.name as tenantName',
			'tenants.slug as tenantSlug',
			'tenants.kind as tenantKind'
		])
		.where('apiTokens.userId', '=', userId)
		.orderBy('apiTokens.createdAt', 'desc')
		.orderBy('apiTokens.id', 'desc')
		.execute();
}

/**
 * Revokes one of the person's own tokens (audit-logged at the token's tenant). Someone else's token or an
 * unknown id is "not found"; revoking a revoked token again changes nothing.
 */
export async function revokeApiToken(db: Db, args: { userId: string; tokenId: string; ip: string; now?: number }): Promise<void> {
	const now = args.now ?? Date.now();
	await db.transaction().execute(async (trx) => {
		const token = await trx.selectFrom('apiTokens').select(['id', 'name', 'tenantId', 'revokedAt']).where('id', '=', args.tokenId).where('userId', '=', args.userId).executeTakeFirst();
		if (!token) throw notFound();
		if (token.revokedAt !== null) return;
		await trx.updateTable('apiTokens').set({ revokedAt: now }).where('id', '=', token.id).execute();
		await audit(trx, { actorId: args.userId, tenantId: token.tenantId, action: 'token.revoke', targetType: 'apiToken', targetId: token.id, data: { name: token.name }, ip: args.ip });
	});
}

/**
 * The actor behind a Bearer secret, or null (unknown, revoked, expired, or the person no longer holds any
 * role at the token's tenant). The actor has exactly one membership: at the token's tenant, with the weaker
 * of the token's role and the person's current role there. Like any membership it reaches the tenant's
 * children (a municipality's token acts in its villages). No club roles: clubs are not the API's business.
 */
export async function authenticateApiToken(db: Db, secret: string, now = Date.now()): Promise<Actor | null> {
	if (!secret.startsWith(TOKEN_PREFIX) || secret.length > MAX_SECRET_LENGTH) return null;
	const row = await db
		.selectFrom('apiTokens')
		.innerJoin('tenants', 'tenants.id', 'apiTokens.tenantId')
		.select(['apiTokens.id', 'apiTokens.userId', 'apiTokens.tenantId', 'apiTokens.name', 'apiTokens.role', 'apiTokens.expiresAt', 'apiTokens.lastUsedAt', 'apiTokens.revokedAt', 'tenants.path'])
		.where('apiTokens.tokenHash', '=', hashSecret(secret))
		.executeTakeFirst();
	if (!row || row.revokedAt !== null || row.expiresAt <= now) return null;
	const current = effectiveRole(await membershipsOf(db, row.userId), row.path);
	if (!current) return null;
	// Touch at most once a minute: "last used" needs no finer grain, and API reads stay (mostly) reads.
	if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_INTERVAL_MS) {
		await db.updateTable('apiTokens').set({ lastUsedAt: now }).where('id', '=', row.id).execute();
	}
	return {
		userId: row.userId,
		memberships: [{ tenantId: row.tenantId, role: weakerRole(row.role, current) }],
		clubRoles: [],
		token: { id: row.id, name: row.name, tenantId: row.tenantId }
	};
}

export interface TokenPlace {
	id: string;
	name: string;
	kind: TenantKind;
	/** the person's effective role there: the highest role a token there may get */
	role: Role;
	/** the municipality (or county) the place belongs to, for grouping a long list */
	group: string;
}

/**
 * The places where the person holds a role, own or inherited (a county admin: every tenant), for the
 * tenant choice on /account/tokens: the county first, then each municipality with its villages.
 */
export async function listTokenPlaces(db: Db, userId: string): Promise<TokenPlace[]> {
	const own = await db
		.selectFrom('memberships')
		.innerJoin('tenants', 'tenants.id', 'memberships.tenantId')
		.select(['memberships.tenantId', 'memberships.role', 'tenants.path'])
		.where('memberships.userId', '=', userId)
		.execute();
	if (own.length === 0) return [];
	// Paths are "/<id>/<id>/" of UUIDs: no LIKE wildcards can occur in them.
	const rows = await db
		.selectFrom('tenants')
		.leftJoin('tenants as parent', 'parent.id', 'tenants.parentId')
		.select(['tenants.id', 'tenants.name', 'tenants.kind', 'tenants.path', 'parent.name as parentName'])
		.where((eb) => eb.or(own.map((m) => eb('tenants.path', 'like', `${m.path}%`))))
		.execute();
	const memberships = own as MembershipRef[];
	const places = rows.map((r) => ({
		id: r.id,
		name: r.name,
		kind: r.kind,
		role: effectiveRole(memberships, r.path)!,
		group: r.kind === 'village' ? (r.parentName ?? r.name) : r.name
	}));
	const collator = new Intl.Collator('de');
	const rank = (p: TokenPlace) => (p.kind === 'county' ? 0 : 1);
	return places.sort((a, b) => rank(a) - rank(b) || collator.compare(a.group, b.group) || Number(a.kind === 'village') - Number(b.kind === 'village') || collator.compare(a.name, b.name));
}

import { getUserByEmail, createUser } from '../auth/accounts.ts';
import type { Db } from '../db/index.ts';
import { hashSecret, newSecret } from '../ids.ts';
import { grantRole } from '../tenancy/memberships.ts';
import { slugify } from '../tenancy/slugs.ts';
import { getRootTenant, insertTenant } from '../tenancy/tenants.ts';

/**
 * Makes an account county admin for a real installation: creates the county if there is none yet, creates
 * the account if needed (verified, with an unguessable password) and returns a one-time link to set the password.
 */
export async function createCountyAdmin(db: Db, args: { email: string; name?: string; countyName?: string; origin: string }): Promise<{ link: string; created: boolean; county: string }> {
	return db.transaction().execute(async (trx) => {
		let county = await getRootTenant(trx);
		if (!county) {
			const name = args.countyName ?? 'Landkreis';
			county = await insertTenant(trx, { kind: 'county', slug: slugify(name) || 'kreis', name, parent: null });
		}
		let user = await getUserByEmail(trx, args.email);
		const created = !user;
		user ??= await createUser(trx, { email: args.email, password: newSecret(), displayName: args.name ?? args.email.split('@')[0]!, verified: true });
		await grantRole(trx, { tenantId: county.id, userId: user.id, role: 'admin' });
		const secret = newSecret();
		const now = Date.now();
		await trx.insertInto('userTokens').values({ id: hashSecret(secret), userId: user.id, purpose: 'reset-password', expiresAt: now + 7 * 86_400_000, usedAt: null, createdAt: now }).execute();
		return { link: `${args.origin}/reset/${secret}`, created, county: county.name };
	});
}

import type { Db } from '../db/index.ts';
import type { Actor } from '../policy/index.ts';
import { roleAtLeast } from './roles.ts';
import type { Tenant } from './tenants.ts';

/**
 * The tenants an actor administers: those where they are admin and everything below them, ordered by
 * path so that parents come before children.
 */
export async function listAdministeredTenants(db: Db, actor: Actor): Promise<Tenant[]> {
	const adminAt = actor.memberships.filter((m) => roleAtLeast(m.role, 'admin')).map((m) => m.tenantId);
	if (adminAt.length === 0) return [];
	const roots = await db.selectFrom('tenants').selectAll().where('id', 'in', adminAt).execute();
	if (roots.length === 0) return [];
	const rows = await db
		.selectFrom('tenants')
		.selectAll()
		.where((eb) => eb.or(roots.map((r) => eb('path', 'like', `${r.path}%`))))
		.execute();
	return rows.sort((a, b) => (a.path.length - b.path.length) || a.name.localeCompare(b.name, 'de'));
}

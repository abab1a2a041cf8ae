import { can, type Actor } from '../policy/index.ts';
import type { Db } from '../db/index.ts';
import { pathIds } from '../tenancy/roles.ts';
import type { Tenant } from '../tenancy/tenants.ts';

/** The platform's legal pages belong to the county (the root of the tree); a village's to the village. */
export function hasLegalPages(tenant: Tenant): boolean {
	return tenant.kind === 'village' || (tenant.kind === 'county' && tenant.parentId === null);
}

/** May the actor edit this tenant's legal pages and contact data? Its admins and the admins above it. */
export function canEditLegal(actor: Actor, tenant: Tenant): boolean {
	return hasLegalPages(tenant) && can(actor, 'tenant.administer', tenant);
}

/** The county's own admins above a tenant (who set host names and hear of barrier reports), with their language. */
export async function countyAdmins(db: Db, tenant: Tenant): Promise<{ id: string; email: string; locale: 'de' | 'en' }[]> {
	const countyId = pathIds(tenant.path)[0] ?? tenant.id;
	const rows = await db
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.userId')
		.select(['users.id', 'users.email', 'users.locale'])
		.where('memberships.tenantId', '=', countyId)
		.where('memberships.role', '=', 'admin')
		.orderBy('users.id')
		.execute();
	return rows.map((r) => ({ id: r.id, email: r.email, locale: r.locale === 'en' ? 'en' : 'de' }));
}

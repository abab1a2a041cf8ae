import type { PageServerLoad } from './$types';
import { listAudit } from '$lib/server/audit/audit';
import { can } from '$lib/server/policy';
import { listAdministeredTenants } from '$lib/server/tenancy/adminScope';

export const load: PageServerLoad = async ({ locals, url }) => {
	// the log of every administered tenant whose audit the actor may read
	const tenants = (await listAdministeredTenants(locals.rt.db, locals.actor)).filter((t) => can(locals.actor, 'tenant.readAudit', t));
	const before = Number(url.searchParams.get('before')) || undefined;
	const entries = await listAudit(locals.rt.db, { tenantIds: tenants.map((t) => t.id), limit: 100, before, locale: locals.locale });
	return { entries, next: entries.length === 100 ? entries.at(-1)!.createdAt : null };
};

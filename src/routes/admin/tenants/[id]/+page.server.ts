import type { Actions, PageServerLoad } from './$types';
import { error, type RequestEvent } from '@sveltejs/kit';
import { listAudit } from '$lib/server/audit/audit';
import { notFound } from '$lib/server/http/errors';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { can } from '$lib/server/policy';
import { updateTenant } from '$lib/server/tenancy/manageTenants';
import { memberActions } from '$lib/server/tenancy/memberActions';
import { listMembers } from '$lib/server/tenancy/memberships';
import { updateTenantSchema } from '$lib/server/tenancy/schemas';
import { getAncestry, getTenantById } from '$lib/server/tenancy/tenants';
import * as m from '$lib/paraglide/messages.js';

async function tenantOf(event: RequestEvent) {
	const tenant = await getTenantById(event.locals.rt.db, (event.params as { id: string }).id);
	if (!tenant) throw notFound();
	return tenant;
}

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const { db } = event.locals.rt;
	const tenant = await getTenantById(db, event.params.id);
	if (!tenant) error(404, m.err_not_found());
	if (!can(event.locals.actor, 'tenant.update', tenant)) error(403, m.err_forbidden());
	const [members, audit, ancestry] = await Promise.all([listMembers(db, tenant.id), listAudit(db, { tenantIds: [tenant.id], limit: 50 }), getAncestry(db, tenant)]);
	return { tenant, members, audit, ancestry: ancestry.map((t) => ({ id: t.id, name: t.name })) };
};

export const actions: Actions = {
	update: (event) =>
		handleForm(event, updateTenantSchema, async (input) => {
			requireUser(event);
			await updateTenant(event.locals.rt.db, { actor: event.locals.actor, tenant: await tenantOf(event), input, ip: event.getClientAddress() });
			return { saved: 'tenant' };
		}),
	...memberActions(tenantOf)
};

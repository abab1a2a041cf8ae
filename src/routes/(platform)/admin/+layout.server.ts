import type { LayoutServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/http/forms';
import { listAdministeredTenants } from '$lib/server/tenancy/adminScope';
import * as m from '$lib/paraglide/messages.js';

// The administration lists every tenant the actor administers: the county or municipality admins' whole
// subtrees, a village admin's own village. What they may do on each page is checked again per tenant.
export const load: LayoutServerLoad = async (event) => {
	requireUser(event);
	const tenants = await listAdministeredTenants(event.locals.rt.db, event.locals.actor);
	if (tenants.length === 0) error(403, m.err_forbidden());
	return { administered: tenants.map((t) => ({ id: t.id, name: t.name, slug: t.slug, kind: t.kind, parentId: t.parentId })) };
};

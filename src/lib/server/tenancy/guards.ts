import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '../../paraglide/messages.js';
import { requireUser } from '../http/forms.ts';
import { can, type TenantAction } from '../policy/index.ts';
import { getTenantById, type Tenant } from './tenants.ts';

/**
 * The village named by the URL, if the signed-in actor may do `action` there. Anonymous visitors are sent
 * to the login; others get 404 (no such village) or 403 — before any input is read.
 */
export async function guardVillage(event: RequestEvent, action: TenantAction = 'tenant.administer'): Promise<Tenant> {
	requireUser(event);
	const tenant = event.locals.tenant;
	if (!tenant || tenant.kind !== 'village') error(404, m.err_not_found());
	if (!can(event.locals.actor, action, tenant)) error(403, m.err_forbidden());
	return tenant;
}

/** The tenant with the id in the URL (/admin/tenants/<id>), if the actor may do `action` there. */
export async function guardTenantById(event: RequestEvent, id: string, action: TenantAction = 'tenant.update'): Promise<Tenant> {
	requireUser(event);
	const tenant = await getTenantById(event.locals.rt.db, id);
	if (!tenant) error(404, m.err_not_found());
	if (!can(event.locals.actor, action, tenant)) error(403, m.err_forbidden());
	return tenant;
}

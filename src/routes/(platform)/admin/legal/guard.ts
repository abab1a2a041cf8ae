import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/http/forms';
import { canEditLegal } from '$lib/server/legal/access';
import { platformTenant } from '$lib/server/legal/routes';
import type { Tenant } from '$lib/server/tenancy/tenants';

/** The county, if the signed-in actor is one of its admins (who keep the platform's legal pages); else 403. */
export async function guardPlatformLegal(event: RequestEvent): Promise<Tenant> {
	requireUser(event);
	const county = await platformTenant(event);
	if (!canEditLegal(event.locals.actor, county)) error(403, m.err_forbidden());
	return county;
}

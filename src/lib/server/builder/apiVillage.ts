import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '../../paraglide/messages.js';
import { getTenantBySlug, type Tenant } from '../tenancy/tenants.ts';

/** The village named in an API path (/api/v1/villages/<slug>/…), or a 404 JSON error. */
export async function apiVillage(event: RequestEvent, slug: string): Promise<Tenant> {
	const village = slug.length <= 63 ? await getTenantBySlug(event.locals.rt.db, slug) : undefined;
	if (!village || village.kind !== 'village') error(404, m.err_not_found());
	return village;
}

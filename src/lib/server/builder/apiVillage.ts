import { json } from '@sveltejs/kit';
import type { Db } from '../db/index.ts';
import type { FieldErrors } from '../http/validate.ts';
import { getTenantBySlug, type Tenant } from '../tenancy/tenants.ts';

/** The village named in an API path (/api/v1/villages/<slug>/…), or undefined. */
export async function findApiVillage(db: Db, slug: string): Promise<Tenant | undefined> {
	const village = slug.length <= 63 ? await getTenantBySlug(db, slug) : undefined;
	return village?.kind === 'village' ? village : undefined;
}

/** The JSON API's error answer: `{ error: { status, message, fields } }` (see apiSchemas.ts errorSchema). */
export function apiError(status: number, message: string, fields?: FieldErrors, headers: Record<string, string> = {}): Response {
	const only = fields && Object.keys(fields).some((k) => k !== '_form') ? Object.fromEntries(Object.entries(fields).filter(([k]) => k !== '_form')) : undefined;
	return json({ error: { status, message, ...(only ? { fields: only } : {}) } }, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

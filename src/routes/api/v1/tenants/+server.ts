import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import type { tenantTreeSchema } from '$lib/server/http/apiSchemas';
import { listTenants, toTree } from '$lib/server/tenancy/tenants';

/** The public tenant tree (see openapi.ts). */
export const GET: RequestHandler = async ({ locals }) => {
	const body: z.infer<typeof tenantTreeSchema> = { tenants: toTree(await listTenants(locals.rt.db)) };
	return json(body, { headers: { 'cache-control': 'public, max-age=60' } });
};

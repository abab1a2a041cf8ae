import type { PageServerLoad } from './$types';
import { listTenants, toTree } from '$lib/server/tenancy/tenants';

export const load: PageServerLoad = async ({ locals }) => {
	const tree = toTree(await listTenants(locals.rt.db));
	return { tree };
};
